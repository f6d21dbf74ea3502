"""Project files crafted to run their own SQL (issue "Reliability and security, round
two"): a view in place of a table that recurses forever or returns endless rows, triggers
that rewrite what the app saves, and paths that are no file. Each is refused as "not a
project made by etprio" (exit 3) or unreadable (exit 4) in seconds and little memory, and
the file itself is left as it was."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.project import guard as project_guard
from etprio.core.project.store import open_project, save_project, save_weights, verify_project
from tests.reliability.processes import posix_only, run_etprio

NOT_OURS = "not a project made by etprio"


def plant(path: Path, *statements: str) -> bytes:
    conn = sqlite3.connect(path)
    with conn:
        for statement in statements:
            conn.execute(statement)
    conn.close()
    return path.read_bytes()


RECURSIVE_META = (
    "DROP TABLE meta",
    "CREATE VIEW meta(key, value) AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL "
    "SELECT i + 1 FROM n) SELECT 'k' || i, 'v' FROM n WHERE i > 0 AND i < 0",
)
ENDLESS_LOG = (
    "ALTER TABLE decision_log RENAME TO old_log",
    "CREATE VIEW decision_log AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
    "FROM n) SELECT i AS seq, 't' AS at, 'a' AS actor, 'x' AS action, '{}' AS details, "
    "'' AS rationale, '' AS prev_hash, '' AS hash FROM n",
)
PLANTED_TRIGGER = (
    "CREATE TRIGGER rewrite AFTER INSERT ON weights BEGIN "
    "UPDATE weights SET weight = 100 WHERE key = NEW.key; END",
)


@posix_only
@pytest.mark.parametrize(
    ("statements", "what"),
    [
        (RECURSIVE_META, "view 'meta'"),
        (ENDLESS_LOG, "table 'old_log'"),
        (PLANTED_TRIGGER, "trigger 'rewrite'"),
        (("CREATE TABLE extra (x)",), "table 'extra'"),
        (("CREATE INDEX sneaky ON bids (title)",), "index 'sneaky'"),
    ],
)
def test_verify_refuses_sql_planted_in_the_file(
    saved: Path, statements: tuple[str, ...], what: str
) -> None:
    """Before: the recursive view hung ``verify`` (Ctrl+C did nothing) and the endless
    one took 5.7 GB."""
    before = plant(saved, *statements)
    run = run_etprio("verify", saved, timeout=60)
    run.assert_clean_refusal(3, NOT_OURS)
    assert what in run.text
    assert run.seconds < 20
    assert saved.read_bytes() == before


@pytest.mark.parametrize("statements", [RECURSIVE_META, PLANTED_TRIGGER])
def test_the_app_refuses_to_open_such_a_file(saved: Path, statements: tuple[str, ...]) -> None:
    before = plant(saved, *statements)
    started = time.perf_counter()
    with pytest.raises(InvalidDataError, match=NOT_OURS):
        open_project(saved)
    assert time.perf_counter() - started < 5
    assert saved.read_bytes() == before
    assert not saved.with_name(saved.name + ".lock").exists()


def test_a_changed_table_definition_is_refused(saved: Path) -> None:
    plant(
        saved,
        "ALTER TABLE weights RENAME TO w",
        "CREATE TABLE weights (position INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, weight REAL "
        "CHECK (weight < 1000))",
        "INSERT INTO weights SELECT * FROM w",
        "DROP TABLE w",
    )
    with pytest.raises(InvalidDataError, match="its table 'weights' is not defined as etprio"):
        verify_project(saved)


def test_a_trigger_planted_while_the_project_is_open_never_fires(saved: Path) -> None:
    """Before: a trigger planted in the file fired inside ``save_weights`` and the app
    then sealed the weights it had rewritten."""
    with open_project(saved) as project:
        plant(saved, *PLANTED_TRIGGER)
        key = project.criteria.criteria[0].key
        project.criteria = project.criteria.with_weights({key: 7})
        save_weights(project, saved)
    check = verify_project(saved)
    assert check.ok
    with open_project(saved, read_only=True) as reopened:
        assert reopened.criteria.criterion(key).weight == 7


def test_a_runaway_query_is_stopped() -> None:
    """The last line of defence, if a statement ever ran away: stopped at the deadline."""
    conn = project_guard.harden(sqlite3.connect(":memory:"), seconds=0.2)
    started = time.perf_counter()
    with pytest.raises(sqlite3.OperationalError) as raised:
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
        ).fetchone()
    assert project_guard.interrupted(raised.value)
    assert time.perf_counter() - started < 2
    assert conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_a_project(device: str) -> None:
    run_etprio("verify", device).assert_clean_refusal(4, "it is a device, not a file")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_not_a_project(tmp_path: Path) -> None:
    fifo = tmp_path / "pccc.etprio"
    os.mkfifo(fifo)
    with pytest.raises(FileAccessError, match="it is a pipe"):
        open_project(fifo)
    with pytest.raises(FileAccessError, match="it is a pipe"):
        verify_project(fifo)


def test_verify_never_creates_the_file_it_checks(tmp_path: Path) -> None:
    """Before: ``verify`` racing a vanishing file left a 0-byte file in its place."""
    missing = tmp_path / "gone.etprio"
    with pytest.raises(FileAccessError, match="no such file"):
        verify_project(missing)
    assert not missing.exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_saving_through_a_symbolic_link_keeps_the_link(saved: Path, tmp_path: Path) -> None:
    link = tmp_path / "shortcut.etprio"
    link.symlink_to(saved)
    with open_project(link) as project:
        project.settings = project.settings
        save_project(project, link)
    assert link.is_symlink() and link.resolve() == saved.resolve()
    assert verify_project(saved).ok


def test_temporaries_of_crashed_saves_are_removed_on_the_next_open(saved: Path) -> None:
    """Before: 40 kills left 27 full copies of the confidential project beside it."""
    crashed = [saved.parent / f".{saved.name}.{n:08x}.saving" for n in range(3)]
    for temp in crashed:
        temp.write_bytes(saved.read_bytes())
    unrelated = saved.parent / f".{saved.name}.notmine.saving"
    unrelated.write_bytes(b"x")
    with open_project(saved, read_only=True):
        assert all(temp.exists() for temp in crashed)  # read-only: not ours to tidy
    with open_project(saved):
        pass
    assert not any(temp.exists() for temp in crashed)
    assert unrelated.exists()
