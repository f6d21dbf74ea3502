"""A project file is data, never code.

An SQLite file can carry its own SQL: a view posing as the ``meta`` table can recurse
forever or return endless rows, and a trigger fires inside the app's own writes (one
planted in the file rewrote the weights during a save, and the app then sealed them). So
before any query reads a table, the file's schema is compared with the layout etprio
writes, statement by statement, and any trigger, view, index or table it does not define
is refused. Every connection to a project also runs with ``trusted_schema`` off (SQL in
the schema may not call functions with side effects) and with a progress handler that
stops any statement running past a deadline, so no file can hang the app or ``verify``.
"""

from __future__ import annotations

import functools
import sqlite3
import time
from pathlib import Path

from etprio.core.errors import InvalidDataError
from etprio.core.project import schema

QUERY_SECONDS = 60.0
"""How long one connection's statements may run in all: reading a 10,000-bid project
takes well under a second."""

_PROGRESS_STEPS = 10_000


class RunawayQuery(InvalidDataError):
    """The file kept SQLite busy past :data:`QUERY_SECONDS`."""


def harden(conn: sqlite3.Connection, *, seconds: float = QUERY_SECONDS) -> sqlite3.Connection:
    """Make ``conn`` safe to point at a file someone else wrote, before it runs any query."""
    conn.execute("PRAGMA trusted_schema = OFF")
    deadline = time.monotonic() + seconds
    conn.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
    return conn


def not_made_by_etprio(path: Path, detail: str) -> InvalidDataError:
    return InvalidDataError(
        f"{path}: not a project made by etprio ({detail}); it was not opened — a project "
        "file holds only the tables etprio defines"
    )


def check_schema(path: Path, conn: sqlite3.Connection, version: int) -> None:
    """Refuse a file whose schema is not, exactly, the one etprio writes for ``version``.

    Reads ``sqlite_master`` only, which no file can redefine.

    Raises:
        InvalidDataError: any trigger, view, index or table beyond the known layout, or a
            known one with a different definition (exit 3).
    """
    expected = expected_schema(version)
    if expected is None:
        return
    found = {
        (kind, name): sql
        for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master")
    }
    for kind, name in sorted(set(found) - set(expected)):
        raise not_made_by_etprio(path, f"it holds a {kind} {name!r} that etprio does not define")
    missing = sorted(key for key in set(expected) - set(found) if key[0] != "trigger")
    if missing:
        kind, name = missing[0]
        raise InvalidDataError(
            f"{path}: the project file is damaged and cannot be opened (the {kind} {name!r} "
            "is missing); nothing was read from it — open a backup copy"
        )
    for key, sql in sorted(found.items()):
        if expected[key] != sql:
            raise not_made_by_etprio(path, f"its {key[0]} {key[1]!r} is not defined as etprio does")


@functools.cache
def expected_schema(version: int) -> dict[tuple[str, str], str | None] | None:
    """The ``sqlite_master`` rows of an empty file of ``version``, or None for a version
    whose layout is not known here (a newer file, refused elsewhere)."""
    ddl = schema.DDL_BY_VERSION.get(version)
    if ddl is None:
        return None
    reference = sqlite3.connect(":memory:")
    try:
        reference.executescript(ddl)
        rows = reference.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    finally:
        reference.close()
    return {(kind, name): sql for kind, name, sql in rows}


def interrupted(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and "interrupted" in str(exc)


def runaway(path: Path) -> RunawayQuery:
    return RunawayQuery(
        f"{path}: reading the project took longer than {QUERY_SECONDS:.0f} s and was "
        "stopped; a project file is never this slow to read — it is damaged or was made "
        "to hang the app"
    )
