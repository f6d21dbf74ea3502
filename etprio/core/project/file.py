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

from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.model import Dataset
from etprio.core.project import committee_rows, schema
from etprio.core.project import rows as project_rows
from etprio.core.project.decision_log import DecisionLog
from etprio.core.project.guard import check_schema, harden, interrupted, runaway
from etprio.core.project.seal import SealCheck, check_sealed_contents, write_file_seal
from etprio.core.project.state import Project, ProjectMetadata
from etprio.core.tables.bounded_read import FileTooLarge, open_regular_file, read_regular_file
from etprio.core.tables.cells import MAX_TITLE_CHARS

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


def load_checked(path: Path) -> tuple[sqlite3.Connection, int, SealCheck]:
    """An in-memory copy of the file brought to the current format, after every check,
    the format version the file itself is in, and how its seals held as saved.

    Raises:
        FileAccessError: missing, a folder, or unreadable (exit 4).
        InvalidDataError: empty, truncated, not SQLite, not an etprio project (any
            trigger, view or table etprio does not define), damaged (exit 3);
            NewerProjectFormat when a newer etprio wrote it.
    """
    memory = copy_to_memory(path)
    try:
        check_identity(path, memory)
        if memory.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise damaged(path, "SQLite's integrity check failed")
        seals = check_sealed_contents(memory, committee_rows.read_log(memory))
        version = schema.migrate(memory)
    except sqlite3.Error as exc:
        memory.close()
        raise (runaway(path) if interrupted(exc) else damaged(path, exc)) from exc
    except _DAMAGE as exc:
        memory.close()
        raise damaged(path, exc) from exc
    except InvalidDataError:
        memory.close()
        raise
    return memory, version, seals


def copy_to_memory(path: Path) -> sqlite3.Connection:
    """The file's pages in a private in-memory database, ready for :func:`check_identity`.

    The bytes are read once, from a regular file only, and handed to SQLite whole, so a
    file that vanishes meanwhile is never re-created empty. Only when a save was cut
    short in the middle (its rollback journal is still beside the file) does SQLite open
    the file itself, to roll the interrupted save back.
    """
    check_header(path)
    memory = harden(sqlite3.connect(":memory:"))
    try:
        if _journal_beside(path):
            # Plain path, not a URI: SQLite's URIs cannot name Windows UNC shares.
            with contextlib.closing(harden(sqlite3.connect(path))) as source:
                source.backup(memory)
        else:
            memory.deserialize(_file_bytes(path))
    except sqlite3.Error as exc:
        memory.close()
        raise damaged(path, exc) from exc
    except BaseException:
        memory.close()
        raise
    return memory


MAX_PROJECT_BYTES = 2 * 1024**3
"""Far beyond any real project (a 10,000-bid one is a few megabytes)."""


def _file_bytes(path: Path) -> bytes:
    try:
        return read_regular_file(path, MAX_PROJECT_BYTES)
    except FileTooLarge as exc:
        raise InvalidDataError(
            f"{path}: the file is {exc.size / 1024**3:,.1f} GB; it is not an etprio project"
        ) from None


def _journal_beside(path: Path) -> bool:
    return any(path.with_name(path.name + end).exists() for end in ("-journal", "-wal"))


def check_header(path: Path) -> None:
    """Refuse, before anything else touches it, a file that cannot be an intact project."""
    with open_regular_file(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        header = stream.read(100)
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
    """The file's format version, once we know it is an etprio project we can read and
    that it holds nothing but etprio's own layout (:mod:`project_guard`)."""
    version: int = conn.execute("PRAGMA user_version").fetchone()[0]
    if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID or version < 1:
        raise InvalidDataError(
            f"{path}: not an etprio project (an SQLite database made by another program)"
        )
    if version > schema.SCHEMA_VERSION:
        saved_with = _plain_meta(conn).get("saved_with", "a newer version")
        raise NewerProjectFormat(
            f"{path}: saved by etprio {saved_with} in project format {version}; this etprio "
            f"reads formats up to {schema.SCHEMA_VERSION}. Update etprio to open it; the file was "
            "not changed"
        )
    check_schema(path, conn, version)
    return version


def _plain_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """``meta`` of a file whose layout is not known here, read only if it is a table."""
    kind = conn.execute("SELECT type FROM sqlite_master WHERE name = 'meta'").fetchone()
    return read_meta(conn) if kind == ("table",) else {}


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:
        return {}


def read_project_file(path: Path) -> tuple[Project, bool, SealCheck]:
    """The project in ``path``, whether the file is in the current format (a migrated
    file must be written in full before it can take a weights-only save), and how its
    seals held."""
    conn, version, seals = load_checked(path)
    with contextlib.closing(conn):
        try:
            return decode(conn), version == schema.SCHEMA_VERSION, seals
        except sqlite3.Error as exc:
            raise (runaway(path) if interrupted(exc) else damaged(path, exc)) from exc
        except _DAMAGE as exc:
            raise damaged(path, exc) from exc


def decode(conn: sqlite3.Connection) -> Project:
    meta = read_meta(conn)
    imported = project_rows.read_dataset(conn)
    _check_bid_text(imported)
    return Project(
        imported=imported,
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


MAX_STORED_TITLE_LINES = 32
"""Lines of a title in a project file that the submission PDF is known to lay out;
imports allow far fewer (:data:`cells.MAX_TITLE_LINES`)."""


def _check_bid_text(dataset: Dataset) -> None:
    """A title too long for the submission PDF, in a file no import wrote, is refused
    rather than breaking the report later (50 lines raised, 32,767 characters hung)."""
    for bid in dataset.bids:
        lines = bid.title.count("\n") + 1
        if len(bid.title) > MAX_TITLE_CHARS or lines > MAX_STORED_TITLE_LINES:
            raise ValueError(
                f"bid {bid.bid_id[:40]!r} has a title of {len(bid.title):,} characters on "
                f"{lines} lines, more than any import accepts"
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
    write_file_seal(conn)


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
    if path.is_symlink():
        path = path.resolve()  # replace the file the link points at, not the link
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
    temp = folder / f"{_temporary_prefix(path)}{uuid.uuid4().hex[:8]}{_SAVING}"
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


_SAVING = ".saving"


def _temporary_prefix(path: Path) -> str:
    """A shortened name: the full one plus the decoration could pass the 255-byte limit
    on a file name that the user's own name is within."""
    return f".{path.name[:40]}."


def remove_crashed_saves(path: Path) -> list[Path]:
    """Delete the temporaries that saves of ``path`` killed midway left beside it.

    Each is a full copy of a confidential project. Call only while holding ``path``'s
    lock: nobody else may then be saving it, so every such temporary is an orphan.
    """
    prefix = _temporary_prefix(path)
    removed = []
    with contextlib.suppress(OSError):
        for candidate in path.parent.iterdir():
            name = candidate.name
            middle = name[len(prefix) : -len(_SAVING)]
            if name.startswith(prefix) and name.endswith(_SAVING) and _is_token(middle):
                with contextlib.suppress(OSError):
                    candidate.unlink()
                    removed.append(candidate)
    return removed


def _is_token(text: str) -> bool:
    return len(text) == 8 and all(ch in "0123456789abcdef" for ch in text)


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
