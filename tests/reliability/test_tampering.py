"""The tamper suite (issue "Reliability and security, round two"): each way a dishonest
insider defeated ``etprio verify`` without recomputing a hash, and the laundering of an
outside edit by opening the file and pressing Save. Every one is now detected; the one
that recomputes every hash is out of reach of any check inside the file, and the seal
kept from the copy that was sent is shown to catch it (docs/reliability.md)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.errors import InvalidDataError
from etprio.core.project import schema as project_schema
from etprio.core.project import seal as file_seal
from etprio.core.project.decision_log import GENESIS
from etprio.core.project.store import (
    accept_current_contents,
    open_project,
    save_project,
    save_weights,
    unaccepted_problem,
    verify_project,
)


def edit(path: Path, *statements: str | tuple[str, tuple[object, ...]]) -> None:
    """What a database browser does: the triggers that stop casual edits dropped first."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP TRIGGER IF EXISTS decision_log_no_update")
        conn.execute("DROP TRIGGER IF EXISTS decision_log_no_delete")
        for statement in statements:
            sql, args = (statement, ()) if isinstance(statement, str) else statement
            conn.execute(sql, args)
    conn.close()


def last_hashes(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        hashes = [h for (h,) in conn.execute("SELECT hash FROM decision_log ORDER BY seq")]
    conn.close()
    return hashes


def verify_output(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["verify", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def test_an_untouched_file_verifies_and_prints_its_seal(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = verify_output(saved, capsys)
    assert code == 0
    assert "as recorded in the file" in text
    assert f"seal {verify_project(saved).seals.seal}" in text


def test_cutting_entries_off_and_moving_the_head_is_caught(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: delete the last entries, copy the new last hash into the head: exit 0."""
    hashes = last_hashes(saved)
    edit(
        saved,
        f"DELETE FROM decision_log WHERE seq > {len(hashes) - 1}",
        ("UPDATE meta SET value = ? WHERE key = 'log_head'", (hashes[-2],)),
        ("UPDATE meta SET value = ? WHERE key = 'log_length'", (str(len(hashes) - 1),)),
    )
    code, text = verify_output(saved, capsys)
    assert code == 3
    assert "seal does not match" in text


def test_wiping_the_log_and_resetting_the_head_is_caught(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        saved,
        "DELETE FROM decision_log",
        ("UPDATE meta SET value = ? WHERE key = 'log_head'", (GENESIS,)),
        "UPDATE meta SET value = '0' WHERE key = 'log_length'",
    )
    code, text = verify_output(saved, capsys)
    assert code == 3 and "seal does not match" in text


def test_deleting_the_head_row_is_caught(saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(saved, "DELETE FROM meta WHERE key = 'log_head'")
    code, text = verify_output(saved, capsys)
    assert code == 3 and "seal does not match" in text


def test_deleting_the_seal_itself_is_caught(
    saved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(saved, "DELETE FROM meta WHERE key = 'seal'")
    code, text = verify_output(saved, capsys)
    assert code == 3 and "carries no seal" in text


@pytest.mark.parametrize("key", ["saved_by", "saved_at", "saved_with", "created_at"])
def test_forged_save_details_are_caught(
    saved: Path, capsys: pytest.CaptureFixture[str], key: str
) -> None:
    """Before: ``saved_by`` could be forged and was printed as fact."""
    edit(saved, (f"UPDATE meta SET value = 'chair@pccc' WHERE key = '{key}'", ()))
    code, text = verify_output(saved, capsys)
    assert code == 3 and "seal does not match" in text
    assert "chair@pccc" not in text


def test_an_edited_table_is_named(saved: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(saved, "UPDATE weights SET weight = weight * 3 WHERE position = 0")
    code, text = verify_output(saved, capsys)
    assert code == 3 and "changed outside etprio since it was last saved: weights" in text


def test_opening_and_saving_does_not_launder_an_outside_edit(saved: Path) -> None:
    """Before: open in the app, press Save, and ``verify`` passed again."""
    edit(saved, "UPDATE weights SET weight = weight * 3 WHERE position = 0")
    before = saved.read_bytes()
    with open_project(saved) as project:
        assert "weights" in unaccepted_problem(project)
        with pytest.raises(file_seal.SealNotAccepted, match="accept the current contents"):
            save_project(project, saved)
        with pytest.raises(file_seal.SealNotAccepted):
            save_weights(project, saved)
        assert saved.read_bytes() == before
        with pytest.raises(InvalidDataError, match="say why"):
            accept_current_contents(project, "  ")
        accept_current_contents(project, "weights agreed by email on 1 July", actor="chair@pccc")
        save_project(project, saved)
        entry = project.log[-1]
    assert entry.action == "accept_contents" and entry.actor == "chair@pccc"
    assert "weights" in entry.details["problem"]
    assert verify_project(saved).ok


def test_recomputing_every_hash_passes_verify_but_not_the_kept_seal(saved: Path) -> None:
    """Out of reach of any check inside the file (the hashes are not secret): someone who
    recomputes every table seal and the file seal makes a file ``verify`` accepts. The
    seal kept from the copy that was sent (printed by ``verify`` and on the submission)
    is what tells them apart."""
    sent = verify_project(saved).seals.seal
    edit(saved, "UPDATE weights SET weight = weight * 3 WHERE position = 0")
    conn = sqlite3.connect(saved)
    with conn:
        project_schema.write_seals(conn)
        file_seal.write_file_seal(conn)
    conn.close()
    forged = verify_project(saved)
    assert forged.ok
    assert forged.seals.seal != sent
