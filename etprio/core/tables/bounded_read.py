"""Reading a file the user named, in bounded memory and time, whatever the path points at.

A size taken from ``stat`` says nothing about ``/dev/zero`` (size 0, endless bytes) or a
named pipe (size 0, and a read that waits for a writer forever), so the limit is applied
to the bytes actually read, and anything but a regular file is refused before a single
byte is read: the open itself does not wait (``O_NONBLOCK``) and ``fstat`` on the open
descriptor tells what it is, so the path cannot be swapped between check and read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from etprio.core.errors import FileAccessError

_CHUNK = 1 << 20


class FileTooLarge(Exception):
    """More than the limit; ``size`` is what was found (at least the limit plus one)."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """All of ``path``'s bytes, at most ``limit`` of them.

    Raises:
        FileAccessError: missing, unreadable, or not a regular file (exit 4).
        FileTooLarge: the file holds more than ``limit`` bytes.
    """
    with open_regular_file(path) as stream:
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise FileTooLarge(size)
        parts: list[bytes] = []
        read = 0
        while chunk := stream.read(min(_CHUNK, limit + 1 - read)):
            parts.append(chunk)
            read += len(chunk)
            if read > limit:
                raise FileTooLarge(max(read, size))
        return b"".join(parts)


def open_regular_file(path: Path) -> BinaryIO:
    """``path`` opened for binary reading, once it is known to be a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileAccessError(f"{path}: cannot read the file (no such file)") from None
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise FileAccessError(f"{path}: cannot read the file ({_kind(mode)}, not a file)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "it is a folder"
    if stat.S_ISFIFO(mode):
        return "it is a pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "it is a device"
    if stat.S_ISSOCK(mode):
        return "it is a socket"
    return "it is not a regular file"
