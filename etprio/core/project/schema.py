"""The layout of an ``.etprio`` file and how older layouts are brought forward (DESIGN
"Project file": schema version in ``PRAGMA user_version``, forward migrations).

Rules for changing the layout:

* Never edit :data:`SCHEMA` in a way an older file would not match: add a function to
  :data:`MIGRATIONS` under the version it upgrades *from*, bump :data:`SCHEMA_VERSION`, and
  update :data:`SCHEMA` to the result. Add ``tests/data/projects/schema-vN.sql`` for the
  old version (the store's tests open every such file).
* Keep the old layout in :data:`DDL_BY_VERSION`: files are checked against it, statement
  by statement, before anything is read from them.
* Migrations run on an in-memory copy, so opening an old file never changes it; the file
  is rewritten in the new layout only when the user saves.

Every table except ``meta``, ``seals`` and ``decision_log`` is sealed: its SHA-256 over
all rows is stored at save time, so a row edited outside etprio shows up in ``etprio
verify`` by table name.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Mapping

SCHEMA_VERSION = 3
APPLICATION_ID = 0x45545052  # "ETPR": tells an etprio project from any other SQLite file

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE seals (table_name TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE premises (
    position INTEGER PRIMARY KEY,
    premises_id TEXT NOT NULL UNIQUE,
    practice_code TEXT NOT NULL,
    premises_name TEXT NOT NULL,
    survey_date TEXT,
    gia_m2 REAL,
    backlog_cost_gbp REAL,
    current_rent_gbp REAL,
    list_size REAL,
    grades TEXT NOT NULL
);
CREATE TABLE bids (
    position INTEGER PRIMARY KEY,
    bid_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    practice_code TEXT NOT NULL,
    scheme_type TEXT NOT NULL,
    premises_id TEXT,
    capital_cost_gbp REAL NOT NULL,
    grant_pct REAL NOT NULL,
    recurrent_revenue_gbp REAL NOT NULL,
    expected_completion TEXT NOT NULL,
    land_secured INTEGER,
    planning_status TEXT,
    population_benefit REAL,
    depends_on TEXT NOT NULL,
    notes TEXT NOT NULL
);
CREATE TABLE bid_scores (
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    position INTEGER NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (bid_id, column_name)
) WITHOUT ROWID;
CREATE TABLE bid_grant_years (
    bid_id TEXT NOT NULL,
    year TEXT NOT NULL,
    amount REAL NOT NULL,
    PRIMARY KEY (bid_id, year)
) WITHOUT ROWID;
CREATE TABLE criteria_set (id INTEGER PRIMARY KEY CHECK (id = 1), definition TEXT NOT NULL);
CREATE TABLE weights (
    position INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    weight REAL NOT NULL
);
CREATE TABLE grade_scales (id INTEGER PRIMARY KEY CHECK (id = 1), definition TEXT NOT NULL);
CREATE TABLE scenarios (
    position INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    weights TEXT NOT NULL,
    note TEXT NOT NULL,
    saved_at TEXT NOT NULL
);
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE members (
    position INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    voting INTEGER NOT NULL,
    practice_codes TEXT NOT NULL
);
CREATE TABLE declarations (
    declaration_id INTEGER PRIMARY KEY,
    member_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    declared_on TEXT NOT NULL,
    practice_code TEXT,
    bid_id TEXT,
    withheld INTEGER NOT NULL
);
CREATE TABLE member_scores (
    member_id TEXT NOT NULL,
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (member_id, bid_id, column_name)
) WITHOUT ROWID;
CREATE TABLE overrides (
    bid_id TEXT NOT NULL,
    column_name TEXT NOT NULL,
    score REAL NOT NULL,
    rationale TEXT NOT NULL,
    member_id TEXT,
    at TEXT NOT NULL,
    PRIMARY KEY (bid_id, column_name)
) WITHOUT ROWID;
CREATE TABLE absences (member_id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE stepped_out (
    member_id TEXT NOT NULL,
    bid_id TEXT NOT NULL,
    PRIMARY KEY (member_id, bid_id)
) WITHOUT ROWID;
CREATE TABLE committee_rules (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    quorum_min_voting INTEGER NOT NULL,
    quorum_lay_member INTEGER NOT NULL,
    quorum_lay_majority INTEGER NOT NULL,
    aggregate TEXT NOT NULL,
    chair_id TEXT
);
CREATE TABLE weight_answers (
    member_id TEXT PRIMARY KEY,
    method TEXT NOT NULL,
    answers TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    source TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE decision_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL,
    rationale TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TRIGGER decision_log_no_update BEFORE UPDATE ON decision_log
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
CREATE TRIGGER decision_log_no_delete BEFORE DELETE ON decision_log
BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END;
"""

_WEIGHT_ANSWERS_DDL = SCHEMA[
    SCHEMA.index("CREATE TABLE weight_answers") : SCHEMA.index("CREATE TABLE decision_log")
]
"""Format 2's one addition, as :data:`SCHEMA` writes it: the migration creates it with the
very same statement, and format 1 is format 2 without it."""

_GRANT_YEARS_DDL = SCHEMA[
    SCHEMA.index("CREATE TABLE bid_grant_years") : SCHEMA.index("CREATE TABLE criteria_set")
]
"""Format 3's one addition: each bid's grant by financial year, as its year columns gave it
(CONTRACT §7); format 2 is :data:`SCHEMA` without it."""

_FORMAT_2 = SCHEMA.replace(_GRANT_YEARS_DDL, "")

DDL_BY_VERSION: Mapping[int, str] = {
    1: _FORMAT_2.replace(_WEIGHT_ANSWERS_DDL, ""),
    2: _FORMAT_2,
    3: SCHEMA,
}
"""The exact layout of each format version: a file is checked against it before any of
its tables is read (:mod:`etprio.core.project.guard`). Keep every old version's DDL here
when :data:`SCHEMA` moves on. Its triggers only stop casual edits in a database browser;
whoever can edit the file can drop them, so a file may lack them and the log's protection
is its hash chain and the file seal alone."""

UNSEALED = frozenset({"meta", "seals", "decision_log"})

Migration = Callable[[sqlite3.Connection], None]


def _add_weight_answers(conn: sqlite3.Connection) -> None:
    """Format 2: members' answers to the weighting questions, one row per member."""
    conn.execute(_WEIGHT_ANSWERS_DDL.strip().rstrip(";"))


def _add_grant_years(conn: sqlite3.Connection) -> None:
    """Format 3: grant phased by financial year; older files phase nothing, so every bid's
    grant stays in its completion year."""
    conn.execute(_GRANT_YEARS_DDL.strip().rstrip(";"))


MIGRATIONS: Mapping[int, Migration] = {1: _add_weight_answers, 2: _add_grant_years}
"""Version N → the function that turns a version-N file into version N+1."""


def create(conn: sqlite3.Connection) -> None:
    """Lay out an empty file at the current version."""
    conn.executescript(SCHEMA)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def migrate(conn: sqlite3.Connection) -> int:
    """Bring a file forward to :data:`SCHEMA_VERSION`, one version at a time, in one
    transaction; returns the version it started from."""
    start: int = conn.execute("PRAGMA user_version").fetchone()[0]
    version = start
    with conn:
        while version < SCHEMA_VERSION:
            if version not in MIGRATIONS:
                raise LookupError(f"no migration from project format {version}")
            MIGRATIONS[version](conn)
            version += 1
            conn.execute(f"PRAGMA user_version = {version}")
    return start


def sealed_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [name for (name,) in rows if name not in UNSEALED]


def table_digest(conn: sqlite3.Connection, table: str) -> str:
    """SHA-256 over a table's column names and rows in a fixed order, as SQLite holds them."""
    columns = [name for (name,) in conn.execute("SELECT name FROM pragma_table_info(?)", (table,))]
    digest = hashlib.sha256(json.dumps(columns).encode("utf-8"))
    quoted = '"' + table.replace('"', '""') + '"'
    order = ", ".join(str(i) for i in range(1, len(columns) + 1))
    rows = conn.execute(f"SELECT * FROM {quoted} ORDER BY {order}").fetchall()
    digest.update(json.dumps(rows, default=_blob, ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def _blob(value: object) -> str:
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(type(value))


def write_seals(conn: sqlite3.Connection, tables: list[str] | None = None) -> None:
    for table in sealed_tables(conn) if tables is None else tables:
        conn.execute(
            "INSERT OR REPLACE INTO seals (table_name, digest) VALUES (?, ?)",
            (table, table_digest(conn, table)),
        )


def broken_seals(conn: sqlite3.Connection) -> list[str]:
    """Tables whose rows no longer match the digest saved with them (or that appeared or
    vanished since), named for the verify report."""
    stored = dict(conn.execute("SELECT table_name, digest FROM seals"))
    present = sealed_tables(conn)
    broken = [t for t in present if stored.get(t) != table_digest(conn, t)]
    broken += [f"{t} (removed)" for t in sorted(set(stored) - set(present))]
    return broken
