"""Writing an output file so that a reader only ever finds the old file or the new one.

Re-exporting onto a full disk used to truncate the previous good CSV and leave the
previous PDF unreadable: writing in place destroys the old content before the new is
safe. Here the new content goes to a temporary file beside the target (same folder, so
same disk, so the rename is atomic), is flushed to disk, and only then replaces the
target; on any failure the temporary is removed and the target is untouched. A target
that is a symbolic link keeps the link: the file it points at is replaced.
"""

from __future__ import annotations

import contextlib
import os
import stat
import uuid
from pathlib import Path

PARTIAL_SUFFIX = ".partial"


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` all at once.

    Raises:
        OSError: the folder is missing or read-only, or the disk is full; ``path`` is
            then exactly as it was.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    temp = path.with_name(f".{path.name[:40]}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}")
    try:
        with temp.open("xb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(OSError):
            temp.chmod(stat.S_IMODE(path.stat().st_mode))
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
