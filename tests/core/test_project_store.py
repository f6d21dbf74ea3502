"""The project file (DESIGN "Project file"): round trips, migrations, atomic saves, damaged
files, locks and crash recovery."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.project import committee_rows
from etprio.core.project import file as project_file
from etprio.core.project import schema as project_schema
from etprio.core.project.lock import LockHolder, ProjectLock, holder_of, lock_file_of
from etprio.core.project.store import (
    NewerProjectFormat,
    ProjectLocked,
    accept_current_contents,
    discard_recovery,
    new_project,
    open_project,
    open_recovery,
    pending_recoveries,
    recovery_path,
    save_project,
    save_weights,
    unaccepted_problem,
    write_recovery,
)
from tests.project_builders import SCALES, projects, sample_dataset, sample_project

PROJECTS_DATA = Path(__file__).parent.parent / "data" / "projects"


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


# -- round trip ------------------------------------------------------------------------------


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(project=projects())
def test_any_project_saved_and_reopened_is_equal(tmp_path: Path, project) -> None:
    path = tmp_path / "any.etprio"
    save_project(project, path)
    project.close()
    with open_project(path) as reopened:
        assert reopened == project
        assert reopened.dataset == project.dataset
        assert reopened.unsaved_changes() == frozenset()
    path.unlink()


def test_sample_round_trip_keeps_order_and_types(saved: Path) -> None:
    expected = sample_project()
    with open_project(saved, read_only=True) as project:
        assert project.imported == expected.imported
        assert [b.bid_id for b in project.imported.bids] == ["B01", "B02", "B03", "B04"]
        assert list(project.imported.bids[0].scores) == list(expected.imported.bids[0].scores)
        assert project.criteria == expected.criteria
        assert project.criteria.criterion("training").weight == 20.0
        assert list(project.scales.grades("physical_condition")) == list(
            SCALES.grades("physical_condition")
        )
        assert project.settings.report.confidential == ("notes", "title")
        assert project.committee == expected.committee
        assert project.log == expected.log
        assert project.metadata.saved_by and project.metadata.saved_with


def test_a_new_project_logs_its_import_with_file_hashes(tmp_path: Path) -> None:
    source = tmp_path / "bids.csv"
    source.write_text("bid_id\nB01\n", encoding="utf-8")
    project = new_project(sample_dataset(), sample_project().criteria, SCALES, sources=[source])
    (entry,) = project.log.entries
    assert entry.action == "import"
    assert entry.details["files"][0]["name"] == "bids.csv"
    assert len(entry.details["files"][0]["sha256"]) == 64
    assert project.unsaved_changes()


# -- migrations ----------------------------------------------------------------------------


def fixture_versions() -> list[int]:
    return sorted(int(p.stem.removeprefix("schema-v")) for p in PROJECTS_DATA.glob("schema-v*.sql"))


def test_there_is_a_fixture_file_for_every_format_version() -> None:
    assert fixture_versions() == list(range(1, project_schema.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", fixture_versions())
def test_a_file_of_every_format_version_opens_as_the_same_project(
    tmp_path: Path, version: int
) -> None:
    """A file saved by any earlier etprio opens (migrated in memory) and the file itself
    is left exactly as it was until the user saves."""
    path = tmp_path / f"v{version}.etprio"
    with sqlite3.connect(path) as conn:
        conn.executescript((PROJECTS_DATA / f"schema-v{version}.sql").read_text("utf-8"))
    conn.close()
    before = path.read_bytes()
    with open_project(path) as project:
        expected = sample_project()
        assert project.imported == expected.imported
        assert project.criteria == expected.criteria
        assert project.committee == expected.committee
        assert project.log == expected.log
        assert project.settings == expected.settings
        assert project.scenarios == expected.scenarios
        assert "no seal" in unaccepted_problem(project)  # older files predate the seal
        accept_current_contents(project, "saved by an earlier etprio")
        save_project(project, tmp_path / "resaved.etprio")
    assert path.read_bytes() == before
    with sqlite3.connect(tmp_path / "resaved.etprio") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == project_schema.SCHEMA_VERSION
    conn.close()


def test_a_future_migration_runs_in_memory_and_then_needs_a_full_save(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_email(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE members ADD COLUMN email TEXT NOT NULL DEFAULT ''")

    before = saved.read_bytes()
    monkeypatch.setattr(project_schema, "SCHEMA_VERSION", project_schema.SCHEMA_VERSION + 1)
    monkeypatch.setattr(
        project_schema, "MIGRATIONS", {project_schema.SCHEMA_VERSION - 1: add_email}
    )
    with open_project(saved) as project:
        assert project.committee == sample_project().committee
        assert saved.read_bytes() == before
        assert project.saved is not None and project.saved.path is None
        project.criteria = project.criteria.with_weights({"access": 1.0})
        save_weights(project, saved)  # falls back to a full save in the new format
    with sqlite3.connect(saved) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == project_schema.SCHEMA_VERSION
    conn.close()


def test_a_missing_migration_is_reported_as_a_damaged_file(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(project_schema, "SCHEMA_VERSION", project_schema.SCHEMA_VERSION + 1)
    with pytest.raises(InvalidDataError, match="no migration"):
        open_project(saved, read_only=True)


# -- damaged and foreign files ---------------------------------------------------------------


def assert_refused(path: Path, pattern: str, error: type[Exception] = InvalidDataError) -> None:
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(error, match=pattern) as info:
        open_project(path)
    assert str(path) in str(info.value)
    if before is not None:
        assert path.read_bytes() == before, "a refused file must not be touched"
    assert not lock_file_of(path).exists()


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.etprio"
    path.touch()
    assert_refused(path, "empty")


def test_truncated_file(saved: Path) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: len(data) // 2])
    assert_refused(saved, "incomplete")


def test_file_cut_inside_the_header(saved: Path) -> None:
    saved.write_bytes(saved.read_bytes()[:50])
    assert_refused(saved, "incomplete")


def test_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "bids.etprio"
    path.write_text("bid_id,title\nB01,x\n", encoding="utf-8")
    assert_refused(path, "not an etprio project")


def test_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.etprio"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert_refused(path, "another program")


def test_corrupt_pages(saved: Path) -> None:
    data = bytearray(saved.read_bytes())
    for offset in range(4096, len(data), 97):
        data[offset] ^= 0x5A
    saved.write_bytes(bytes(data))
    assert_refused(saved, "damaged")


def test_a_missing_table_is_a_damaged_file(saved: Path) -> None:
    with sqlite3.connect(saved) as conn:
        conn.execute("DROP TABLE overrides")
    conn.close()
    assert_refused(saved, "damaged")


def test_newer_format_is_refused_with_a_clear_message(saved: Path) -> None:
    with sqlite3.connect(saved) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    assert_refused(saved, "format 99.*Update etprio", NewerProjectFormat)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="no such file"):
        open_project(tmp_path / "nope.etprio")
    with pytest.raises(FileAccessError, match="folder"):
        open_project(tmp_path)


# -- atomic saves ----------------------------------------------------------------------------


def test_a_save_failing_midway_leaves_the_previous_file_intact(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    project = open_project(saved)
    project.committee = project.committee.without_member("M06")

    def pulled_cable(*args: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(committee_rows, "write_committee", pulled_cable)
    with pytest.raises(FileAccessError, match="Input/output error"):
        save_project(project, saved)
    assert saved.read_bytes() == before
    assert files_in(saved.parent) == {saved.name, saved.name + ".lock"}
    assert project.unsaved_changes() == {"committee"}
    monkeypatch.undo()
    save_project(project, saved)
    project.close()
    with open_project(saved, read_only=True) as reopened:
        assert "M06" not in {m.member_id for m in reopened.committee.members}


def test_a_failed_rename_leaves_the_previous_file_intact(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved.read_bytes()
    with open_project(saved) as project:
        monkeypatch.setattr(
            Path,
            "replace",
            lambda self, target: (_ for _ in ()).throw(PermissionError(13, "Access is denied")),
        )
        with pytest.raises(FileAccessError, match="Access is denied"):
            save_project(project, saved)
    assert saved.read_bytes() == before
    assert files_in(saved.parent) == {saved.name}


def test_disk_full_while_writing(saved: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    before = saved.read_bytes()
    monkeypatch.setattr(project_file, "write_contents", full)
    with open_project(saved) as project, pytest.raises(FileAccessError, match="disk is full"):
        save_project(project, saved)
    assert saved.read_bytes() == before


def test_a_read_only_folder_gives_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(path: Path) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_file, "create_empty", denied)
    with pytest.raises(FileAccessError, match="no permission to write in the folder") as info:
        save_project(sample_project(), tmp_path / "x.etprio")
    assert "somewhere else" in str(info.value)
    assert files_in(tmp_path) == set()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_a_really_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(FileAccessError, match=r"read-only|permission"):
            save_project(sample_project(), folder / "x.etprio")
    finally:
        folder.chmod(0o755)


def test_save_into_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="does not exist"):
        save_project(sample_project(), tmp_path / "no" / "x.etprio")


def test_saving_keeps_the_files_permissions(saved: Path) -> None:
    saved.chmod(0o640)
    with open_project(saved) as project:
        save_project(project, saved)
    assert saved.stat().st_mode & 0o777 == 0o640


# -- weights-only saves ----------------------------------------------------------------------


def test_weights_only_save_writes_in_place_and_round_trips(saved: Path) -> None:
    with open_project(saved) as project:
        project.criteria = project.criteria.with_weights({"access": 35.0})
        project.log.append("weight_change", {"summary": "access 20 → 35"})
        assert project.unsaved_changes() == {"weights", "log"}
        inode = saved.stat().st_ino
        save_weights(project, saved)
        assert saved.stat().st_ino == inode, "the fast path updates the file in place"
        assert not project.is_dirty
    with open_project(saved, read_only=True) as reopened:
        assert reopened == project


def test_weights_save_with_other_changes_is_a_full_save(saved: Path) -> None:
    with open_project(saved) as project:
        project.criteria = project.criteria.with_weights({"access": 35.0})
        project.scenarios = ()
        save_weights(project, saved)
    with open_project(saved, read_only=True) as reopened:
        assert reopened == project and reopened.scenarios == ()


# -- locks -----------------------------------------------------------------------------------


def test_a_second_opener_is_told_who_holds_the_file(saved: Path) -> None:
    with open_project(saved):
        with pytest.raises(ProjectLocked) as info:
            open_project(saved)
        message = str(info.value)
        me = LockHolder.me()
        assert f"{me.user}@{me.host}" in message and str(os.getpid()) in message
        assert "read-only" in message
        with open_project(saved, read_only=True) as reader:
            assert reader.read_only and reader.lock is None
            with pytest.raises(ProjectLocked):
                save_project(reader, saved)
            save_project(reader, saved.with_name("copy.etprio"))
            assert holder_of(saved.with_name("copy.etprio")) is not None
    assert not lock_file_of(saved).exists()
    open_project(saved).close()


def test_a_lock_left_by_a_dead_process_is_taken_over(saved: Path) -> None:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = LockHolder("someone", LockHolder.me().host, int(child.stdout), "2016-06-30T10:00:00Z")
    lock_file_of(saved).write_text(
        json.dumps({"user": "someone", "host": dead.host, "pid": dead.pid, "since": "x"})
    )
    with open_project(saved) as project:
        assert project.lock is not None and holder_of(saved) == project.lock.holder


def test_a_lock_from_another_machine_is_kept_unless_broken(saved: Path) -> None:
    lock_file_of(saved).write_text('{"user": "ann", "host": "PC42", "pid": 1, "since": "10:32"}')
    with pytest.raises(ProjectLocked, match="ann@PC42 \\(process 1, since 10:32\\)"):
        open_project(saved)
    with ProjectLock.acquire(saved, steal=True) as lock:
        assert holder_of(saved) == lock.holder


def test_an_unreadable_lock_file_is_stale(saved: Path) -> None:
    """Locks appear complete or not at all, so garbage is what a crash or full disk left."""
    lock_file_of(saved).write_bytes(b"\x00garbage")
    with open_project(saved) as project:
        assert holder_of(saved) == project.lock.holder


def test_a_lock_that_cannot_be_created_says_open_read_only(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etprio.core.project import lock as project_lock

    def denied(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_lock, "_create", denied)
    with pytest.raises(FileAccessError, match="read-only"):
        open_project(saved)
    open_project(saved, read_only=True)


# -- crash recovery --------------------------------------------------------------------------


def test_autosave_and_recovery_after_a_crash(saved: Path, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    project = open_project(saved)
    project.scenarios = ()
    written = write_recovery(project, folder=folder)
    assert written == recovery_path(saved, folder=folder)
    assert project.unsaved_changes() == {"scenarios"}, "an autosave is not a save"
    assert pending_recoveries(folder=folder) == [], "our own live autosave is not offered"
    project.lock = None  # the app crashed: its lock file stays, its process is gone
    with sqlite3.connect(written) as conn:
        conn.execute("UPDATE meta SET value = '999999999' WHERE key = 'recovery_pid'")
    conn.close()
    lock_file_of(saved).unlink()
    (recovery,) = pending_recoveries(folder=folder)
    assert recovery.original == saved.resolve()
    assert "autosaved" in recovery.describe()
    with open_recovery(recovery) as recovered:
        assert recovered.scenarios == () and recovered.committee == project.committee
        assert recovered.is_dirty
        save_project(recovered, saved)
        recovery.discard()
    assert pending_recoveries(folder=folder) == []


def test_recovery_of_a_never_saved_project(tmp_path: Path) -> None:
    project = sample_project()
    path = write_recovery(project, folder=tmp_path)
    assert path.name.startswith("untitled-")
    discard_recovery(None, folder=tmp_path)
    assert not path.exists()


def test_recovery_names_differ_for_same_named_projects(tmp_path: Path) -> None:
    a = recovery_path(tmp_path / "a" / "2016.etprio", folder=tmp_path)
    b = recovery_path(tmp_path / "b" / "2016.etprio", folder=tmp_path)
    assert a != b and a.name.startswith("2016-")


def test_unreadable_recovery_files_are_skipped_not_deleted(tmp_path: Path) -> None:
    junk = tmp_path / "junk.etprio"
    junk.write_bytes(b"not a project")
    assert pending_recoveries(folder=tmp_path) == []
    assert junk.exists()
