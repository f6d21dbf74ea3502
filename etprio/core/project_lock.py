"""One editor per project file (DESIGN "Project file": a second instance opening the same
file is told who holds it, never silently overwrites it).

The lock is a small file beside the project, ``NAME.etprio.lock``, created exclusively and
naming the holder (user@host, process id, since when), so a colleague on the shared drive
sees who to ask. A lock left by a process that died on this machine is taken over; one
from another machine is only broken on request, because we cannot see whether that
process still runs.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from etprio.core.decision_log import utc_now
from etprio.core.errors import EtprioError, FileAccessError
from etprio.core.identity import host_name, login_name


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str

    def __str__(self) -> str:
        return f"{self.user}@{self.host} (process {self.pid}, since {self.since})"

    @classmethod
    def me(cls) -> LockHolder:
        return cls(login_name(), host_name(), os.getpid(), utc_now())


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
            ProjectLocked: another live process holds it (``steal`` breaks the lock: for
                a lock left behind on another machine, after asking the user).
            FileAccessError: the folder does not let us create the lock file.
        """
        path = Path(path).resolve()
        if not path.parent.is_dir():
            raise FileAccessError(f"{path}: the folder {path.parent} does not exist")
        holder = LockHolder.me()
        for _ in range(3):
            try:
                _create(lock_file_of(path), holder)
                return cls(path, holder)
            except FileExistsError:
                current = holder_of(path)
                if current is not None and not steal and _alive(current):
                    raise ProjectLocked(path, current) from None
                if current is None and not steal:
                    raise ProjectLocked(path, None) from None
                lock_file_of(path).unlink(missing_ok=True)
            except OSError as exc:
                raise FileAccessError(
                    f"{path}: cannot lock the project for editing ({exc.strerror or exc}); "
                    "the folder may be read-only — open the project read-only instead"
                ) from exc
        raise ProjectLocked(path, holder_of(path))

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
    try:
        data = json.loads(lock_file_of(Path(path)).read_text(encoding="utf-8"))
        return LockHolder(
            str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _create(lock_file: Path, holder: LockHolder) -> None:
    fd = os.open(lock_file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        json.dump(holder.__dict__, stream)


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
        return kernel32.GetLastError() == 5  # access denied: it exists
    try:
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)
