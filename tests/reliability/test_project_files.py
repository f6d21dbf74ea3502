"""Project files under stress (issue "Reliability and security hardening"): damaged bytes
are refused, SQL-looking text is data, awkward paths work, and a failed save leaves the
previous file intact with a message that says what happened (DESIGN "Project file")."""

from __future__ import annotations

import errno
import os
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.core.committee.members import Member, Role
from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.project import file as project_file
from etprio.core.project import rows as project_rows
from etprio.core.project.store import open_project, save_project, verify_project, write_recovery
from tests.project_builders import sample_project

INJECTION = "'); DROP TABLE bids;--"
NO_SPACE = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture(scope="module")
def saved_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("saved") / "pccc.etprio"
    with sample_project() as project:
        save_project(project, path)
    return path.read_bytes()


def leftovers(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.name.endswith(".saving")}


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    cut=st.one_of(st.none(), st.floats(0, 1)),
    flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=20),
)
def test_damaged_project_bytes_are_refused_or_open_never_crash(
    tmp_path: Path, saved_bytes: bytes, cut: float | None, flips: list[tuple[float, int]]
) -> None:
    """Truncations and flipped bytes anywhere: a clear InvalidDataError, or (when only free
    space was hit) a project that opens."""
    data = bytearray(saved_bytes if cut is None else saved_bytes[: int(len(saved_bytes) * cut)])
    for where, value in flips:
        if data:
            data[int(where * (len(data) - 1))] = value
    path = tmp_path / "fuzzed.etprio"
    path.write_bytes(bytes(data))
    for attempt in (lambda: open_project(path, read_only=True), lambda: verify_project(path)):
        try:
            attempt()
        except InvalidDataError as exc:
            assert str(exc).startswith(f"{path}: ")


def test_a_database_with_other_tables_is_not_a_project(tmp_path: Path) -> None:
    path = tmp_path / "other.etprio"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER, name TEXT)")
    with pytest.raises(InvalidDataError, match="made by another program"):
        open_project(path)


def test_a_database_posing_as_a_project_is_damaged(tmp_path: Path) -> None:
    """The right identity but the wrong tables: reported as damaged, nothing half-read."""
    path = tmp_path / "posing.etprio"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA application_id = {project_file.schema.APPLICATION_ID}")
        conn.execute("PRAGMA user_version = 1")
        conn.execute("CREATE TABLE bids (x)")
    with pytest.raises(InvalidDataError, match="damaged"):
        open_project(path, read_only=True)
    with pytest.raises(InvalidDataError, match="damaged"):
        verify_project(path)


def test_sql_looking_text_in_every_text_field_round_trips(tmp_path: Path) -> None:
    project = sample_project()
    data = project.imported
    bids = tuple(
        replace(
            bid,
            bid_id=f"{INJECTION}{n}",
            title=INJECTION,
            practice_code=INJECTION,
            notes=f'{INJECTION} "quoted" \\ %_',
            depends_on=(),
            premises_id=None,
        )
        for n, bid in enumerate(data.bids)
    )
    premises = tuple(
        replace(p, premises_id=f"{INJECTION}{n}", practice_code=INJECTION, premises_name=INJECTION)
        for n, p in enumerate(data.premises)
    )
    project.imported = replace(data, bids=bids, premises=premises)
    committee = project.committee
    project.committee = replace(
        committee, members=(*committee.members, Member("M99", INJECTION, Role.GP))
    )
    path = tmp_path / "injected.etprio"
    save_project(project, path)
    project.close()
    with open_project(path) as reopened:
        assert reopened.imported == project.imported
        assert INJECTION in {m.name for m in reopened.committee.members}
    check = verify_project(path)
    assert check.ok and check.counts["bids"] == len(bids)


@pytest.mark.parametrize(
    "name",
    [
        "with spaces in it.etprio",
        "Ysbyty Gŵyr — 2016 (draft) £.etprio",
        "a" * 240 + ".etprio",
        "é" * 120 + ".etprio",
    ],
)
def test_awkward_file_names_save_open_and_autosave(tmp_path: Path, name: str) -> None:
    """A name the file system accepts also works for the temporary file beside it."""
    folder = tmp_path / "Shared drive — ETTF 2016"
    folder.mkdir()
    path = folder / name
    with sample_project() as project:
        save_project(project, path)
        write_recovery(project, folder=tmp_path / "recovery")
    with open_project(path) as reopened:
        expected = sample_project()
        assert (reopened.imported, reopened.committee) == (expected.imported, expected.committee)
    assert verify_project(path).ok
    assert leftovers(folder) == set()


def test_a_read_only_folder_leaves_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(path: Path) -> None:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    monkeypatch.setattr(project_file, "create_empty", read_only)
    with pytest.raises(FileAccessError, match="no permission to write in the folder") as info:
        save_project(sample_project(), tmp_path / "x.etprio")
    assert os.strerror(errno.EROFS) in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("where", ["write_scenarios", "write_dataset", "fsync"])
def test_a_full_disk_midway_keeps_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    path = tmp_path / "pccc.etprio"
    with sample_project() as project:
        save_project(project, path)
    before = path.read_bytes()
    if where == "fsync":
        monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(NO_SPACE))
    else:
        monkeypatch.setattr(project_rows, where, lambda *a: (_ for _ in ()).throw(NO_SPACE))
    with open_project(path) as project:
        project.imported = replace(project.imported, bids=project.imported.bids[:1])
        with pytest.raises(FileAccessError) as info:
            save_project(project, path)
    assert str(info.value) == f"{path}: cannot save the project (No space left on device)"
    assert path.read_bytes() == before
    assert leftovers(tmp_path) == set()


def test_a_full_disk_during_autosave_keeps_the_last_recovery_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    recovery = tmp_path / "recovery"
    with sample_project() as project:
        written = write_recovery(project, folder=recovery)
        before = written.read_bytes()
        monkeypatch.setattr(
            project_rows, "write_settings", lambda *a: (_ for _ in ()).throw(NO_SPACE)
        )
        with pytest.raises(FileAccessError, match="No space left on device"):
            write_recovery(project, folder=recovery)
    assert written.read_bytes() == before
    assert leftovers(recovery) == set()
