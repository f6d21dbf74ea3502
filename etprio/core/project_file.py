"""Reading and writing one ``.etprio`` file, safely (DESIGN "Project file").

Reading copies the whole file into memory first and checks it before anything is
decoded, so a damaged file is reported, never half-read, and an older file is migrated
in the copy, never in place. Writing builds a complete new file beside the old one,
flushes it to disk and renames it over the old one: a crash, a full disk or a pulled
network cable leaves either the old file or the new one, never a mixture.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

from etprio.core import committee_rows, project_rows
from etprio.core import project_schema as schema
from etprio.core.decision_log import DecisionLog
from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.project import Project, ProjectMetadata

SQLITE_MAGIC = b"SQLite format 3\x00"
_DAMAGE = (sqlite3.Error, KeyError, ValueError, TypeError, IndexError, LookupError)


class NewerProjectFormat(InvalidDataError):
    """The file was saved by a newer etprio; reading it could lose what that one added."""


def damaged(path: Path, detail: object) -> InvalidDataError:
    return InvalidDataError(
        f"{path}: the project file is damaged and cannot be opened ({detail}); "
        "nothing was read from it — open a backup copy"
    )


# -- reading ----------------------------------------------------------------------------


def load_checked(path: Path) -> tuple[sqlite3.Connection, int]:
    """An in-memory copy of the file brought to the current format, after every check,
    and the format version the file itself is in.

    Raises:
        FileAccessError: missing, a folder, or unreadable (exit 4).
        InvalidDataError: empty, truncated, not SQLite, not an etprio project, damaged
            (exit 3); NewerProjectFormat when a newer etprio wrote it.
    """
    memory = copy_to_memory(path)
    try:
        check_identity(path, memory)
        if memory.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise damaged(path, "SQLite's integrity check failed")
        version = schema.migrate(memory)
    except _DAMAGE as exc:
        memory.close()
        raise damaged(path, exc) from exc
    except InvalidDataError:
        memory.close()
        raise
    return memory, version


def copy_to_memory(path: Path) -> sqlite3.Connection:
    check_header(path)
    memory = sqlite3.connect(":memory:")
    try:
        # Plain path, not a URI: SQLite's URIs cannot name Windows UNC shares. The header
        # check above has just seen the file, so connect() does not create a new one.
        with contextlib.closing(sqlite3.connect(path)) as source:
            source.backup(memory)
    except sqlite3.Error as exc:
        memory.close()
        raise damaged(path, exc) from exc
    return memory


def check_header(path: Path) -> None:
    """Refuse, before anything else touches it, a file that cannot be an intact project."""
    try:
        if path.is_dir():
            raise FileAccessError(f"{path}: is a folder, not a project file")
        size = path.stat().st_size
        with path.open("rb") as stream:
            header = stream.read(100)
    except FileNotFoundError:
        raise FileAccessError(f"{path}: no such file") from None
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if size == 0:
        raise InvalidDataError(f"{path}: the file is empty (0 bytes); it is not an etprio project")
    if not header.startswith(SQLITE_MAGIC):
        raise InvalidDataError(f"{path}: not an etprio project file (not an SQLite database)")
    if len(header) < 100:
        raise InvalidDataError(f"{path}: the file is incomplete ({size} bytes); it was cut short")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the header's page count is valid
    if counted and pages and size < page_size * pages:
        raise InvalidDataError(
            f"{path}: the file is incomplete: {size:,} of {page_size * pages:,} bytes; it was "
            "cut short, perhaps while copying — open the last good copy"
        )


def check_identity(path: Path, conn: sqlite3.Connection) -> int:
    """The file's format version, once we know it is an etprio project we can read."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID or version < 1:
        raise InvalidDataError(
            f"{path}: not an etprio project (an SQLite database made by another program)"
        )
    if version > schema.SCHEMA_VERSION:
        saved_with = read_meta(conn).get("saved_with", "a newer version")
        raise NewerProjectFormat(
            f"{path}: saved by etprio {saved_with} in project format {version}; this etprio "
            f"reads formats up to {schema.SCHEMA_VERSION}. Update etprio to open it; the file was "
            "not changed"
        )
    return version


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        return {}


def read_project_file(path: Path) -> tuple[Project, bool]:
    """The project in ``path`` and whether the file is in the current format (a migrated
    file must be written in full before it can take a weights-only save)."""
    conn, version = load_checked(path)
    with contextlib.closing(conn):
        try:
            return decode(conn), version == schema.SCHEMA_VERSION
        except _DAMAGE as exc:
            raise damaged(path, exc) from exc


def decode(conn: sqlite3.Connection) -> Project:
    meta = read_meta(conn)
    return Project(
        imported=project_rows.read_dataset(conn),
        criteria=project_rows.read_criteria(conn),
        scales=project_rows.read_scales(conn),
        scenarios=project_rows.read_scenarios(conn),
        settings=project_rows.read_settings(conn),
        committee=committee_rows.read_committee(conn),
        log=DecisionLog(committee_rows.read_log(conn)),
        metadata=ProjectMetadata(
            meta["created_at"],
            meta["created_with"],
            meta.get("saved_at", ""),
            meta.get("saved_by", ""),
            meta.get("saved_with", ""),
        ),
    )


# -- writing ----------------------------------------------------------------------------


def meta_rows(
    metadata: ProjectMetadata, log: DecisionLog, extra: Mapping[str, str]
) -> list[tuple[str, str]]:
    values = {
        "application": "etprio",
        "created_at": metadata.created_at,
        "created_with": metadata.created_with,
        "saved_at": metadata.saved_at,
        "saved_by": metadata.saved_by,
        "saved_with": metadata.saved_with,
        "log_head": log.head,
        "log_length": str(len(log)),
        **extra,
    }
    return list(values.items())


def write_contents(
    conn: sqlite3.Connection,
    project: Project,
    metadata: ProjectMetadata,
    extra_meta: Mapping[str, str],
) -> None:
    """Every part of the project into an empty file laid out by :func:`create`."""
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        meta_rows(metadata, project.log, extra_meta),
    )
    project_rows.write_dataset(conn, project.imported)
    project_rows.write_criteria(conn, project.criteria)
    project_rows.write_scales(conn, project.scales)
    project_rows.write_scenarios(conn, project.scenarios)
    project_rows.write_settings(conn, project.settings)
    committee_rows.write_committee(conn, project.committee)
    committee_rows.write_log(conn, project.log)
    schema.write_seals(conn)


def write_project_file(
    project: Project,
    path: Path,
    metadata: ProjectMetadata,
    extra_meta: Mapping[str, str] | None = None,
) -> None:
    """Write ``project`` to ``path`` atomically (temporary file, fsync, os.replace).

    Raises:
        FileAccessError: the folder is missing or read-only, or the disk is full; the
            previous file, if any, is untouched.
    """
    with _temporary_beside(path) as temp:
        try:
            with contextlib.closing(sqlite3.connect(temp, isolation_level=None)) as conn:
                # The temporary file is thrown away on any failure, so it needs no journal.
                conn.execute("PRAGMA journal_mode = OFF")
                conn.execute("PRAGMA synchronous = OFF")
                schema.create(conn)
                conn.execute("BEGIN")
                write_contents(conn, project, metadata, extra_meta or {})
                conn.execute("COMMIT")
            _flush(temp)
            _keep_permissions(path, temp)
            temp.replace(path)
        except (OSError, sqlite3.OperationalError) as exc:
            raise FileAccessError(f"{path}: cannot save the project ({_reason(exc)})") from exc
    _flush_folder(path.parent)


@contextlib.contextmanager
def _temporary_beside(path: Path) -> Iterator[Path]:
    """A new empty file in the target's folder (same disk, so the rename is atomic),
    removed again unless it was renamed into place."""
    folder = path.parent
    if not folder.is_dir():
        raise FileAccessError(f"{path}: cannot save: the folder {folder} does not exist")
    # A shortened name: the full one plus this decoration could pass the 255-byte limit
    # on a file name that the user's own name is within.
    temp = folder / f".{path.name[:40]}.{uuid.uuid4().hex[:8]}.saving"
    try:
        create_empty(temp)
    except OSError as exc:
        denied = exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}
        cause = "no permission to write in" if denied else "cannot create a file in"
        raise FileAccessError(
            f"{path}: cannot save: {cause} the folder {folder} "
            f"({exc.strerror or exc}); save the project somewhere else"
        ) from exc
    try:
        yield temp
    finally:
        temp.unlink(missing_ok=True)


def create_empty(path: Path) -> None:
    """A new file with the user's usual permissions (``mkstemp`` would make it private)."""
    os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _flush(path: Path) -> None:
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def _keep_permissions(path: Path, temp: Path) -> None:
    """A colleague who could read the old file can read the new one."""
    with contextlib.suppress(FileNotFoundError):
        temp.chmod(stat.S_IMODE(path.stat().st_mode))


def _flush_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
