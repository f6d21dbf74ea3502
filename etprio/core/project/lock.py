"""One editor per project file (DESIGN "Project file": a second instance opening the same
file is told who holds it, never silently overwrites it).

The lock is a small file beside the project, ``NAME.etprio.lock``, naming the holder
(user@host, process id, since when) and the project file's identity (device and inode),
so a colleague on the shared drive sees who to ask and a second name for the same file (a
hard link) finds the lock too. It appears complete or not at all (written aside, then
linked into place), so an empty or unreadable lock can only be the remains of a crash or
a full disk, and is stale. A lock left by a process that died on this machine is taken
over; one from another machine only on request, because we cannot see whether that
process still runs. Taking over is one winner's act: whoever creates the ``.break`` file
beside the lock replaces it, and checks first that it is still the stale one it saw.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import sys
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from etprio.core.errors import EtprioError, FileAccessError
from etprio.core.identity import host_name, login_name
from etprio.core.project.decision_log import utc_now

_NO_HARD_LINKS = {
    errno.EPERM,
    errno.EXDEV,
    getattr(errno, "ENOTSUP", errno.EPERM),
    getattr(errno, "EOPNOTSUPP", errno.EPERM),
}

BREAK_SECONDS = 30.0
"""A ``.break`` file older than this was left by a takeover that crashed midway."""


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str
    device: int = 0
    inode: int = 0

    def __str__(self) -> str:
        return f"{self.user}@{self.host} (process {self.pid}, since {self.since})"

    @classmethod
    def me(cls, path: Path | None = None) -> LockHolder:
        device, inode = file_identity(path) if path is not None else (0, 0)
        return cls(login_name(), host_name(), os.getpid(), utc_now(), device, inode)

    def age(self, now: datetime | None = None) -> str:
        """How long the lock has been held, as a person says it ("3 hours")."""
        try:
            since = datetime.strptime(self.since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return "an unknown time"
        minutes = int(((now or datetime.now(UTC)) - since).total_seconds() // 60)
        for size, unit in ((1440, "day"), (60, "hour"), (1, "minute")):
            if minutes >= size:
                count = minutes // size
                return f"{count} {unit}{'s' if count != 1 else ''}"
        return "less than a minute"


def file_identity(path: Path) -> tuple[int, int]:
    """(device, inode) of the file ``path`` names, or (0, 0) when there is none yet."""
    try:
        found = Path(path).stat()
    except OSError:
        return 0, 0
    return found.st_dev, found.st_ino


class ProjectLocked(EtprioError):
    """Someone else has the project open for editing; it may still be opened read-only."""

    exit_code = 4

    def __init__(self, path: Path, holder: LockHolder | None) -> None:
        self.path = path
        self.holder = holder
        who = str(holder) if holder else "another user (the lock file cannot be read)"
        super().__init__(
            f"{path} is open for editing by {who}. Open it read-only, or ask them to close it."
        )


def lock_file_of(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


class ProjectLock:
    """A held lock; :meth:`release` removes the lock file if it is still ours."""

    def __init__(self, path: Path, holder: LockHolder) -> None:
        self.path = path
        self.holder = holder

    @property
    def lock_file(self) -> Path:
        return lock_file_of(self.path)

    @classmethod
    def acquire(cls, path: Path, *, steal: bool = False) -> ProjectLock:
        """Lock ``path`` for this process.

        Raises:
            ProjectLocked: another live process holds it, under this name or another
                name of the same file (``steal`` breaks the lock: for a lock left behind
                on another machine, after asking the user).
            FileAccessError: the folder does not let us create the lock file.
        """
        path = Path(path).resolve()
        if not path.parent.is_dir():
            raise FileAccessError(f"{path}: the folder {path.parent} does not exist")
        holder = LockHolder.me(path)
        other = _other_name_locked(path, holder)
        if other is not None and not steal:
            raise ProjectLocked(path, other)
        lock_file = lock_file_of(path)
        for _ in range(20):
            try:
                _create(lock_file, holder)
                return cls(path, holder)
            except FileExistsError:
                seen = _raw(lock_file)
                current = _parse(seen)
                if current is not None and not steal and _alive(current):
                    raise ProjectLocked(path, current) from None
                if _take_over(lock_file, seen, holder):
                    return cls(path, holder)
                time.sleep(0.05)
            except OSError as exc:
                raise _cannot_lock(path, exc) from exc
        raise ProjectLocked(path, holder_of(path))

    def refresh_identity(self) -> None:
        """After a save replaced the file (a new inode), record the new identity."""
        device, inode = file_identity(self.path)
        holder = replace(self.holder, device=device, inode=inode)
        if holder_of(self.path) == self.holder:
            _rewrite(self.lock_file, holder)
            self.holder = holder

    def release(self) -> None:
        if holder_of(self.path) == self.holder:
            self.lock_file.unlink(missing_ok=True)

    def __enter__(self) -> ProjectLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        return f"ProjectLock({self.path}, {self.holder})"


def holder_of(path: Path) -> LockHolder | None:
    """Who holds ``path``'s lock, or None when nobody does or the lock file is unreadable."""
    return _parse(_raw(lock_file_of(Path(path))))


def _raw(lock_file: Path) -> bytes | None:
    try:
        return lock_file.read_bytes()[:65536]
    except OSError:
        return None


def _parse(raw: bytes | None) -> LockHolder | None:
    if not raw:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
        return LockHolder(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            str(data["since"]),
            int(data.get("device", 0)),
            int(data.get("inode", 0)),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def _create(lock_file: Path, holder: LockHolder) -> None:
    """Put a complete lock file in place, or raise FileExistsError: written aside and
    hard-linked into place, so nobody ever reads a half-written lock. Where the file
    system has no hard links, an exclusive create is the next best."""
    aside = _beside(lock_file, uuid.uuid4().hex[:8] + ".new")
    try:
        _write(aside, holder, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        try:
            os.link(aside, lock_file)
            return
        except FileExistsError:
            raise
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
    finally:
        aside.unlink(missing_ok=True)
    _write(lock_file, holder, os.O_CREAT | os.O_EXCL | os.O_WRONLY)


def _write(path: Path, holder: LockHolder, flags: int) -> None:
    fd = os.open(path, flags, 0o644)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            json.dump(holder.__dict__, stream)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _rewrite(lock_file: Path, holder: LockHolder) -> None:
    aside = _beside(lock_file, uuid.uuid4().hex[:8] + ".new")
    try:
        _write(aside, holder, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        aside.replace(lock_file)
    except OSError:
        aside.unlink(missing_ok=True)


def _beside(lock_file: Path, ending: str) -> Path:
    """A helper file next to the lock, its name short enough for any project's name."""
    return lock_file.with_name(f".{lock_file.name[:40]}.{ending}")


def _take_over(lock_file: Path, seen: bytes | None, holder: LockHolder) -> bool:
    """Replace the stale lock whose bytes were ``seen``; True when this process won.

    Only the creator of the ``.break`` file may act, and only if the lock still holds
    exactly what was judged stale: two processes that both saw the stale lock cannot
    both replace it, and a lock someone took meanwhile is never removed.
    """
    breaker = _beside(lock_file, hashlib.sha256(lock_file.name.encode()).hexdigest()[:8] + ".break")
    try:
        os.close(os.open(breaker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        with contextlib.suppress(OSError):
            if time.time() - breaker.stat().st_mtime > BREAK_SECONDS:
                breaker.unlink()
        return False
    try:
        if _raw(lock_file) != seen:
            return False
        lock_file.unlink(missing_ok=True)
        try:
            _create(lock_file, holder)
        except FileExistsError:
            return False
        return True
    finally:
        breaker.unlink(missing_ok=True)


def _other_name_locked(path: Path, holder: LockHolder) -> LockHolder | None:
    """A live lock held on the same file under another name in its folder (a hard link)."""
    if not holder.inode:
        return None
    own = lock_file_of(path)
    with contextlib.suppress(OSError):
        for lock_file in path.parent.glob("*.lock"):
            if lock_file == own:
                continue
            other = _parse(_raw(lock_file))
            if (
                other is not None
                and (other.device, other.inode) == (holder.device, holder.inode)
                and other.pid != holder.pid
                and _alive(other)
            ):
                return other
    return None


def _cannot_lock(path: Path, exc: OSError) -> FileAccessError:
    if exc.errno in {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}:
        cause = "the disk is full"
    elif exc.errno in {errno.EACCES, errno.EPERM, errno.EROFS}:
        cause = "the folder is read-only for you — open the project read-only instead"
    else:
        cause = exc.strerror or str(exc)
    return FileAccessError(f"{path}: cannot lock the project for editing ({cause})")


def _alive(holder: LockHolder) -> bool:
    """Whether the holding process may still run: always yes for another machine's."""
    if holder.host != host_name():
        return True
    if holder.pid == os.getpid():
        return True
    return process_running(holder.pid)


def process_running(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    if sys.platform == "win32":
        return _windows_process_running(pid)
    try:
        os.kill(pid, 0)  # signal 0 only checks; on Windows os.kill would terminate
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_process_running(pid: int) -> bool:
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        error: int = kernel32.GetLastError()
        return error == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
