"""Locks under attack and accident (issue "Reliability and security, round two"): many
processes taking over one stale lock, a second name for the same file, a zero-byte lock
left by a full disk, and a full disk while locking."""

from __future__ import annotations

import errno
import json
import multiprocessing
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from etprio.core.errors import FileAccessError
from etprio.core.project import lock as project_lock
from etprio.core.project.lock import LockHolder, ProjectLock, ProjectLocked, holder_of, lock_file_of
from etprio.core.project.store import open_project, save_project

DEAD_PID = 2**22 + 12345
"""A process id no live process has here (above Linux's default pid_max)."""


def stale_lock(path: Path) -> None:
    holder = LockHolder.me(path)
    lock_file_of(path).write_text(
        json.dumps({**holder.__dict__, "pid": DEAD_PID}), encoding="utf-8"
    )


def _race(
    path: str,
    start: multiprocessing.synchronize.Event,
    release: multiprocessing.synchronize.Event,
    won: multiprocessing.Queue,
) -> None:
    start.wait()
    try:
        ProjectLock.acquire(Path(path))
    except ProjectLocked:
        won.put(False)
        return
    won.put(True)
    release.wait()  # hold the lock until every contender has tried


@pytest.mark.skipif(os.name != "posix", reason="forks contenders")
def test_exactly_one_of_many_takes_over_a_stale_lock(saved: Path) -> None:
    """Before: two processes both held it in 21 of 150 trials."""
    # Contenders come from a fork server, not from this process: forking a process that
    # runs threads (the test session's) can deadlock a child.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    for _ in range(10):
        stale_lock(saved)
        start, release, won = context.Event(), context.Event(), context.Queue()
        contenders = [
            context.Process(target=_race, args=(str(saved), start, release, won)) for _ in range(6)
        ]
        for contender in contenders:
            contender.start()
        start.set()
        results = [won.get(timeout=30) for _ in contenders]
        release.set()
        for contender in contenders:
            contender.join(timeout=30)
        assert results.count(True) == 1, results
        lock_file_of(saved).unlink()


def test_a_hard_link_to_a_locked_file_is_locked_too(saved: Path) -> None:
    """Before: the same file under a second name got a second editor."""
    other = saved.with_name("same-file.etprio")
    os.link(saved, other)
    lock_file_of(saved).write_text(
        json.dumps({**LockHolder.me(saved).__dict__, "pid": os.getppid()}), encoding="utf-8"
    )
    with pytest.raises(ProjectLocked, match="open for editing by"):
        open_project(other)


def test_the_lock_follows_the_file_after_a_save(saved: Path) -> None:
    """A save replaces the file (new inode); the lock records the new identity."""
    with open_project(saved) as project:
        save_project(project, saved)
        holder = holder_of(saved)
        assert holder is not None
        assert (holder.device, holder.inode) == project_lock.file_identity(saved)


def test_a_zero_byte_lock_is_stale(saved: Path) -> None:
    """Before: a full disk during open left a 0-byte lock that blocked the project for good."""
    lock_file_of(saved).write_bytes(b"")
    with open_project(saved) as project:
        assert project.lock is not None and holder_of(saved) == project.lock.holder


def test_a_full_disk_while_locking_says_so_and_leaves_no_lock(
    saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a 0-byte lock stayed behind, with a message blaming a read-only folder."""
    real_write = project_lock._write

    def full(path: Path, holder: LockHolder, flags: int) -> None:
        real_write(path, holder, flags)
        path.unlink()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(project_lock, "_write", full)
    with pytest.raises(FileAccessError, match="the disk is full"):
        open_project(saved)
    assert not lock_file_of(saved).exists()
    assert [p.name for p in saved.parent.iterdir()] == [saved.name]


def test_taking_over_a_live_lock_needs_the_users_word(saved: Path) -> None:
    lock_file_of(saved).write_text(
        json.dumps({**LockHolder.me(saved).__dict__, "host": "another-pc"}), encoding="utf-8"
    )
    with pytest.raises(ProjectLocked, match="another-pc"):
        open_project(saved)
    with open_project(saved, take_over=True) as project:
        assert holder_of(saved) == project.lock.holder


def test_a_lock_says_how_long_it_has_been_held() -> None:
    holder = LockHolder("sam", "pc", 1, "2016-06-30T10:00:00Z")
    assert holder.age(datetime(2016, 6, 30, 13, 5, tzinfo=UTC)) == "3 hours"
    assert holder.age(datetime(2016, 6, 30, 10, 0, 30, tzinfo=UTC)) == "less than a minute"
