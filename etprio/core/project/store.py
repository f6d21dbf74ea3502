"""Projects on disk: create, open, save, save weights fast, verify (DESIGN "Project file",
CONTRACT §4 ``etprio new`` / ``etprio verify`` / ``--project``).

Opening for editing takes the project's lock (:mod:`etprio.core.project.lock`), so a
second instance is told who holds the file and may open it read-only; saving always
needs the lock of the file it writes. Crash recovery lives in :mod:`etprio.core.project.recovery`
and is re-exported here, so the app needs one import for everything about files.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from etprio import __version__
from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.identity import current_user
from etprio.core.model import Dataset
from etprio.core.project import schema
from etprio.core.project.committee_rows import read_log, write_log
from etprio.core.project.decision_log import GENESIS, Action, VerifyResult, utc_now
from etprio.core.project.file import (
    NewerProjectFormat,
    check_header,
    check_identity,
    copy_to_memory,
    damaged,
    meta_rows,
    read_meta,
    read_project_file,
    remove_crashed_saves,
    write_project_file,
)
from etprio.core.project.guard import check_schema, harden, interrupted, runaway
from etprio.core.project.lock import ProjectLock, ProjectLocked, holder_of
from etprio.core.project.recovery import (
    Recovery,
    discard_recovery,
    open_recovery,
    pending_recoveries,
    recovery_path,
    write_recovery,
)
from etprio.core.project.rows import write_weights
from etprio.core.project.seal import (
    SEAL_KEY,
    SealCheck,
    accept_current_contents,
    check_sealed_contents,
    file_seal,
    refuse_unaccepted,
    remember_failed_check,
    unaccepted_problem,
    write_file_seal,
)
from etprio.core.project.state import Project, ProjectMetadata
from etprio.core.scoring.criteria import CriteriaSet
from etprio.core.tables.scales import GradeScales
from etprio.core.wording import join_words

__all__ = [
    "NewerProjectFormat",
    "Project",
    "ProjectCheck",
    "ProjectLock",
    "ProjectLocked",
    "Recovery",
    "accept_current_contents",
    "discard_recovery",
    "holder_of",
    "import_details",
    "new_project",
    "open_project",
    "open_recovery",
    "pending_recoveries",
    "recovery_path",
    "save_project",
    "save_weights",
    "unaccepted_problem",
    "verify_project",
    "write_recovery",
]


def import_details(
    dataset: Dataset, criteria: CriteriaSet, sources: Sequence[Path] = ()
) -> dict[str, Any]:
    """What an import entry in the decision log records: counts, the criteria set, and
    each source file with its SHA-256, so the exact spreadsheets can be identified later."""
    files = []
    for source in sources:
        with contextlib.suppress(OSError):
            files.append(
                {
                    "name": Path(source).name,
                    "sha256": hashlib.sha256(Path(source).read_bytes()).hexdigest(),
                }
            )
    names = [Path(source).name for source in sources]
    named = f" from {join_words(names, shown=len(names))}" if names else ""
    return {
        "summary": f"Imported {len(dataset.bids)} bids and {len(dataset.premises)} premises{named}",
        "bids": len(dataset.bids),
        "premises": len(dataset.premises),
        "criteria_set": criteria.name,
        "files": files,
    }


def new_project(
    dataset: Dataset,
    criteria: CriteriaSet,
    scales: GradeScales,
    *,
    sources: Sequence[Path] = (),
    actor: str | None = None,
) -> Project:
    """A project that is not yet on disk; its log starts with the import."""
    project = Project(dataset, criteria, scales)
    project.log.append(Action.IMPORT, import_details(dataset, criteria, sources), actor=actor)
    return project


def open_project(path: Path, *, read_only: bool = False, take_over: bool = False) -> Project:
    """Read a project; unless ``read_only``, hold its lock until :meth:`Project.close`.
    ``take_over`` breaks another's lock: only after the user chose to, seeing whose it is.

    Raises:
        ProjectLocked: someone else is editing it (exit 4); open read-only instead.
        FileAccessError: missing or unreadable (exit 4).
        InvalidDataError: not a project, damaged, truncated or empty (exit 3);
            NewerProjectFormat when a newer etprio saved it.
    """
    path = Path(path)
    check_header(path)  # a file that is no project never gets a lock file beside it
    lock = None if read_only else ProjectLock.acquire(path, steal=take_over)
    try:
        project, current, seals = read_project_file(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        remove_crashed_saves(lock.path)
    project.path, project.read_only, project.lock = path, read_only, lock
    project.mark_saved(path if current else None)
    remember_failed_check(project, seals)
    return project


def save_project(project: Project, path: Path) -> None:
    """Write the whole project to ``path`` atomically and make ``path`` its file.

    Takes ``path``'s lock first when the project does not hold it (Save As, a read-only
    or new project), so a file someone else is editing is never overwritten.
    """
    path = Path(path)
    refuse_unaccepted(project)
    held = project.lock if project.lock and project.lock.path == path.resolve() else None
    lock = held or ProjectLock.acquire(path)
    metadata = _saved_now(project.metadata)
    try:
        write_project_file(project, path, metadata)
    except BaseException:
        if held is None:
            lock.release()
        raise
    if held is None:
        project.close()
        project.lock = lock
    lock.refresh_identity()
    project.metadata, project.path, project.read_only = metadata, path, False
    project.mark_saved(path)


def save_weights(project: Project, path: Path) -> None:
    """Save after a weights-only change: a few rows in place, inside one SQLite
    transaction (SQLite's journal makes it all-or-nothing).

    Anything else unsaved, a file that is not the one last saved, or a lock not held
    turns this into :func:`save_project`, so it is always safe to call.
    """
    path = Path(path)
    refuse_unaccepted(project)
    saved = project.saved
    simple = (
        saved is not None
        and saved.path is not None
        and saved.path.resolve() == path.resolve()
        and project.lock is not None
        and project.lock.path == path.resolve()
        and not project.unsaved_changes() - {"weights", "log"}
    )
    if not simple or not _write_weights_in_place(project, path):
        save_project(project, path)
        return
    project.mark_saved(path)


def _write_weights_in_place(project: Project, path: Path) -> bool:
    """False, with nothing written, when the file is not as we last saved it."""
    assert project.saved is not None
    saved_length = project.saved.log_length
    expected_head = project.log[saved_length - 1].hash if saved_length else GENESIS
    metadata = _saved_now(project.metadata)
    try:
        with contextlib.closing(harden(sqlite3.connect(path, isolation_level=None))) as conn:
            conn.execute("BEGIN IMMEDIATE")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version != schema.SCHEMA_VERSION or not _as_etprio_wrote_it(path, conn, version):
                conn.execute("ROLLBACK")
                return False
            meta = read_meta(conn)
            if meta.get("log_head") != expected_head or meta.get(SEAL_KEY) != file_seal(conn):
                conn.execute("ROLLBACK")
                return False
            write_weights(conn, project.criteria)
            write_log(conn, project.log.entries[saved_length:])
            conn.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                meta_rows(metadata, project.log, {}),
            )
            schema.write_seals(conn, ["weights"])
            write_file_seal(conn)
            conn.execute("COMMIT")
    except sqlite3.Error as exc:
        raise FileAccessError(f"{path}: cannot save the weights ({exc})") from exc
    project.metadata = metadata
    return True


def _as_etprio_wrote_it(path: Path, conn: sqlite3.Connection, version: int) -> bool:
    """Whether the file still holds only etprio's layout: a trigger planted since it was
    opened must not fire inside this save (a full save then rewrites the file)."""
    try:
        check_schema(path, conn, version)
    except InvalidDataError:
        return False
    return True


def _saved_now(metadata: ProjectMetadata) -> ProjectMetadata:
    return replace(metadata, saved_at=utc_now(), saved_by=current_user(), saved_with=__version__)


@dataclass(frozen=True)
class ProjectCheck:
    """What ``etprio verify`` reports: the log chain, tables changed outside etprio since
    the last save, the file seal, and what the file holds."""

    path: Path
    seals: SealCheck
    counts: Mapping[str, int]
    meta: Mapping[str, str]

    @property
    def chain(self) -> VerifyResult:
        return self.seals.chain

    @property
    def changed_tables(self) -> tuple[str, ...]:
        return self.seals.changed_tables

    @property
    def ok(self) -> bool:
        return self.seals.ok


def verify_project(path: Path) -> ProjectCheck:
    """Check a project file without opening it for editing (no lock, nothing written):
    the same check every open makes (:func:`file_seal.check_sealed_contents`).

    Raises the same errors as :func:`open_project` for a file that is not a project.
    """
    path = Path(path)
    conn = copy_to_memory(path)
    with contextlib.closing(conn):
        try:
            check_identity(path, conn)
            seals = check_sealed_contents(conn, read_log(conn))
            meta = read_meta(conn)
            counts = {
                table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in ("bids", "premises", "members", "declarations", "scenarios")
            }
        except sqlite3.Error as exc:
            raise (runaway(path) if interrupted(exc) else damaged(path, exc)) from exc
        except (KeyError, ValueError, TypeError, LookupError) as exc:
            raise damaged(path, exc) from exc
    return ProjectCheck(path, seals, counts, meta)
