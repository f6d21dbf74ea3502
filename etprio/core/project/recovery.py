"""Autosave and crash recovery (DESIGN "Project file": autosaves go to a recovery file that
the app offers back after a crash).

While a project has unsaved changes the app writes it, every minute, to a recovery file
in the user's own data folder — not beside the project, which may sit on a read-only or
shared drive. A clean save or close deletes it, so a recovery file found at start-up
whose process is gone means that process crashed. Each recovery file records the project
it stands for and the process that wrote it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from etprio.core.errors import EtprioError
from etprio.core.identity import host_name
from etprio.core.project.decision_log import utc_now
from etprio.core.project.file import (
    check_identity,
    copy_to_memory,
    read_meta,
    read_project_file,
    write_project_file,
)
from etprio.core.project.lock import ProjectLock, process_running
from etprio.core.project.seal import remember_failed_check, unaccepted_problem
from etprio.core.project.state import Project

RECOVERY_SUFFIX = ".etprio"


def recovery_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path("etprio", appauthor=False) / "recovery"


def recovery_path(path: Path | None, *, folder: Path | None = None) -> Path:
    """Where the autosave of the project saved at ``path`` goes (None: never saved, one
    file per running app). The name carries a hash of the full path, so two projects
    called ``2016.etprio`` in different folders do not share a recovery file."""
    folder = folder or recovery_folder()
    if path is None:
        return folder / f"untitled-{host_name()}-{os.getpid()}{RECOVERY_SUFFIX}"
    full = str(Path(path).resolve())
    digest = hashlib.sha256(full.encode("utf-8")).hexdigest()[:12]
    return folder / f"{Path(path).stem[:40]}-{digest}{RECOVERY_SUFFIX}"


def write_recovery(project: Project, *, folder: Path | None = None) -> Path:
    """Autosave ``project`` to its recovery file (atomically, like any save). The project
    stays unsaved: this is a safety copy, not a save."""
    target = recovery_path(project.path, folder=folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    extra = {
        "recovers": str(project.path.resolve()) if project.path else "",
        "recovery_host": host_name(),
        "recovery_pid": str(os.getpid()),
        "recovery_written_at": utc_now(),
        "unaccepted_problem": unaccepted_problem(project),
    }
    write_project_file(project, target, project.metadata, extra)
    return target


def discard_recovery(path: Path | None, *, folder: Path | None = None) -> None:
    """After a save or a clean close: the recovery file is no longer needed."""
    recovery_path(path, folder=folder).unlink(missing_ok=True)


@dataclass(frozen=True)
class Recovery:
    """A recovery file left by an app that is no longer running."""

    file: Path
    original: Path | None
    written_at: str
    unaccepted: str = ""
    """Why the project's file failed its seal check, when the user had not accepted it."""

    def describe(self) -> str:
        name = str(self.original) if self.original else "an unsaved project"
        return f"Unsaved changes to {name}, autosaved at {self.written_at}"

    def discard(self) -> None:
        """Delete the file once the project is saved, or when the user declines it."""
        self.file.unlink(missing_ok=True)


def pending_recoveries(*, folder: Path | None = None) -> list[Recovery]:
    """Recovery files whose app has gone, newest first: what to offer at start-up.

    Files another running instance is still writing are left alone, and so are files
    that cannot be read (they are not offered, and not deleted either).
    """
    folder = folder or recovery_folder()
    found = []
    for file in sorted(folder.glob(f"*{RECOVERY_SUFFIX}")):
        try:
            with contextlib.closing(copy_to_memory(file)) as conn:
                check_identity(file, conn)
                meta = read_meta(conn)
        except (EtprioError, sqlite3.Error):
            continue
        pid = int(meta.get("recovery_pid", "0") or 0)
        if meta.get("recovery_host") == host_name() and pid and process_running(pid):
            continue
        original = meta.get("recovers", "")
        found.append(
            Recovery(
                file,
                Path(original) if original else None,
                meta.get("recovery_written_at", ""),
                meta.get("unaccepted_problem", ""),
            )
        )
    return sorted(found, key=lambda r: r.written_at, reverse=True)


def open_recovery(recovery: Recovery) -> Project:
    """The recovered project, with every part unsaved and, when it has a file, that file's
    lock held (ProjectLocked if someone else opened it meanwhile). Save it to keep it,
    then :func:`discard_recovery`."""
    project, _, _ = read_project_file(recovery.file)
    remember_failed_check(project, recovery.unaccepted)
    if recovery.original is not None:
        project.lock = ProjectLock.acquire(recovery.original)
        project.path = recovery.original
    return project
