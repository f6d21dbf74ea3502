"""Running ``etprio`` as a user does, in its own process, and measuring it: the exit code,
what it printed, how long it took and its peak resident memory — the figures a hostile file
must stay within (≤ 500 MB, seconds not minutes)."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

MEMORY_LIMIT = 500 * 1024**2
"""Peak resident memory any hostile input may cost the process."""

GUARD = 3 * 1024**3
"""The address space the child may reserve: a reader that runs away fails fast instead of
taking the machine down."""

_RUNNER = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, ({guard}, {guard}))
from etprio.cli import main
sys.exit(main(sys.argv[1:]))
"""

_MEASURER = """
import os, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], *sys.argv[2:]])
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write("\\n@peak=%d\\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""A small interpreter between the test and ``etprio``: the peak a child reports counts
the memory of the process that forked it, so the fork must come from a small one."""

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="measures with resource")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float
    peak_bytes: int

    @property
    def text(self) -> str:
        return self.out + self.err

    def assert_clean_refusal(self, code: int, message: str) -> None:
        """Refused with ``code`` and ``message``, no traceback, in bounded memory."""
        assert self.code == code, self.text
        assert message in self.text, self.text
        assert "Traceback" not in self.text
        assert self.peak_bytes <= MEMORY_LIMIT, f"peak {self.peak_bytes / 1024**2:.0f} MB"


def run_etprio(*args: str | Path, timeout: float = 60) -> Run:
    """``etprio ARGS`` in a fresh interpreter, with its peak memory (POSIX only)."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURER, _RUNNER.format(guard=GUARD), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - started
    err, _, peak = done.stderr.rpartition("\n@peak=")
    return Run(done.returncode, done.stdout, err, seconds, int(peak.strip() or 0) * 1024)
