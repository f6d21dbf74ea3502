"""The decision log's hash chain (DESIGN "Governance": editing the file behind the app's
back is detected by ``etprio verify``)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etprio.core.project.decision_log import (
    GENESIS,
    Action,
    DecisionLog,
    LogEntry,
    log_rows,
    verify_chain,
)
from etprio.core.project.store import open_project, verify_project


def tamper(path: Path, sql: str, *params: object) -> None:
    """Edit the file as someone with a SQLite browser would, triggers and all removed."""
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER IF EXISTS decision_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS decision_log_no_delete")
        conn.execute(sql, params)
    conn.close()


def test_entries_chain_to_the_previous_one() -> None:
    log = DecisionLog()
    first = log.append(Action.IMPORT, {"summary": "import"}, actor="a", at="t")
    second = log.append(Action.OVERRIDE, {"n": 1.5}, actor="b", at="t", rationale="why")
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.hash == first.computed_hash()
    assert [e.seq for e in log] == [1, 2]
    assert verify_chain(log.entries) == verify_chain(log.entries, log.head)
    assert verify_chain(log.entries).ok and verify_chain(log.entries).entries == 2


def test_the_canonical_form_does_not_depend_on_key_order() -> None:
    a, b = DecisionLog(), DecisionLog()
    a.append("x", {"one": 1, "two": [1, 2]}, actor="u", at="t")
    b.append("x", {"two": [1, 2], "one": 1}, actor="u", at="t")
    assert a.head == b.head


@given(
    st.lists(st.text(max_size=10), min_size=1, max_size=6),
    st.data(),
)
def test_changing_any_field_of_any_entry_is_caught_at_that_entry(texts, data) -> None:
    log = DecisionLog()
    for text in texts:
        log.append(Action.SCORE_CHANGE, {"summary": text}, actor="u", at="t", rationale=text)
    entries = list(log.entries)
    index = data.draw(st.integers(0, len(entries) - 1))
    field = data.draw(st.sampled_from(["at", "actor", "action", "details_json", "rationale"]))
    entries[index] = replace(entries[index], **{field: getattr(entries[index], field) + "!"})
    result = verify_chain(entries)
    assert not result.ok and result.first_broken == index + 1
    assert f"entry {index + 1}" in result.problem


def test_removing_or_reordering_entries_is_caught() -> None:
    log = DecisionLog()
    for n in range(4):
        log.append("x", {"n": n}, actor="u", at="t")
    entries = list(log.entries)
    assert verify_chain([entries[0], entries[2], entries[3]]).first_broken == 3
    assert verify_chain([entries[1], entries[0]]).first_broken == 2
    shortened = verify_chain(entries[:3], expected_head=log.head)
    assert shortened.first_broken == 4 and "removed" in shortened.problem


def test_a_tampered_entry_in_the_file_is_named_by_verify(saved: Path) -> None:
    assert verify_project(saved).ok
    tamper(saved, "UPDATE decision_log SET rationale = ? WHERE seq = 2", "nobody objected")
    check = verify_project(saved)
    assert not check.ok
    assert check.chain.first_broken == 2
    assert "entry 2" in check.chain.problem and "weight_change" in check.chain.problem


def test_a_recomputed_hash_still_breaks_the_next_link(saved: Path) -> None:
    with open_project(saved, read_only=True) as project:
        entry: LogEntry = project.log[0]
    forged = replace(entry, rationale="forged")
    tamper(
        saved,
        "UPDATE decision_log SET rationale = ?, hash = ? WHERE seq = 1",
        forged.rationale,
        forged.computed_hash(),
    )
    assert verify_project(saved).chain.first_broken == 2


def test_deleting_the_last_entry_is_caught(saved: Path) -> None:
    tamper(saved, "DELETE FROM decision_log WHERE seq = 3")
    chain = verify_project(saved).chain
    assert chain.first_broken == 3 and "removed" in chain.problem


def test_the_file_refuses_casual_edits_to_the_log(saved: Path) -> None:
    with sqlite3.connect(saved) as conn, pytest.raises(sqlite3.IntegrityError, match="append"):
        conn.execute("UPDATE decision_log SET rationale = 'x' WHERE seq = 1")
    conn.close()


def test_data_edited_outside_etprio_is_named_by_table(saved: Path) -> None:
    tamper(saved, "UPDATE bid_scores SET score = 5 WHERE bid_id = 'B03'")
    check = verify_project(saved)
    assert check.chain.ok and check.changed_tables == ("bid_scores",)
    assert not check.ok


def test_log_rows_for_export() -> None:
    log = DecisionLog()
    log.append("override", {"summary": "B01 access 3 → 4"}, actor="chair", at="t", rationale="r")
    assert log_rows(log) == [[1, "t", "chair", "override", "B01 access 3 → 4", "r"]]
