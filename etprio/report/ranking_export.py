"""The ranking export of a workspace (CONTRACT §5): the table, its headings and the "About"
sheet saying what produced it. ``etprio export`` and the app's File → Export ranking both
call :func:`write_ranking`, so the same project gives the same file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.project.decision_log import Action
from etprio.report.tables import about_rows, ranking_headings, ranking_table, write_table

if TYPE_CHECKING:
    from etprio.core.project.workspace import Workspace


def data_files(workspace: Workspace) -> list[tuple[str, str]]:
    """The files the ranking's data came from, with their SHA-256, as the decision log
    recorded them at the latest import (the files themselves may have moved since)."""
    imports = [e for e in workspace.project.log.entries if e.action == Action.IMPORT]
    files = imports[-1].details.get("files", []) if imports else []
    return [(str(f.get("name", "")), str(f.get("sha256", ""))) for f in files]


def write_ranking(path: Path, workspace: Workspace) -> None:
    """Write the ranking shown by ``workspace`` as ``.csv`` or ``.xlsx``."""
    scores = workspace.scores
    header, rows = ranking_table(scores, workspace.funded)
    about = about_rows(scores, limits=workspace.limits, files=data_files(workspace))
    headings = ranking_headings(scores, header)
    write_table(path, header, rows, headings=headings, about=about)
