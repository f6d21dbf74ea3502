"""DESIGN performance target: the whole ``etprio sensitivity --capital --recurrent --format
json`` at 10,000 bids × 10,000 samples under 8 s net of ``etprio rank`` on the same data, and
under 2 GiB. Each command runs in its own process as a user runs it, measured from a small
parent so that the peak resident memory (ru_maxrss) is the command's own. The code before
the stability walk changed runs in the same session beside it when a baseline checkout is
given (``ETPRIO_BASELINE=/path/to/checkout``, with its own ``.venv``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from etprio.core.tables.demo import write_demo

TARGET_SECONDS, TARGET_BYTES = 8.0, 2 * 2**30
MEASURED_BEFORE = {10_000: "378 s net, 1.96 GiB"}

_MEASURER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write("\\n@peak=%d\\n" % usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def _measured(python: str, cwd: Path, args: list[str], timeout: float) -> tuple[float, int]:
    """Wall seconds and peak bytes of ``python -m etprio ARGS`` (inf when it ran out of
    time)."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", _MEASURER, python, "-m", "etprio", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            cwd=cwd,
        )
    except subprocess.TimeoutExpired:
        return float("inf"), 0
    assert done.returncode == 0, done.stderr
    peak = done.stderr.rpartition("\n@peak=")[2]
    return time.perf_counter() - started, int(peak.strip()) * 1024


def _checkouts() -> list[tuple[str, str, Path]]:
    here = Path(__file__).resolve().parents[2]
    found = [("new", sys.executable, here)]
    baseline = os.environ.get("ETPRIO_BASELINE")
    if baseline and (Path(baseline) / ".venv/bin/python").exists():
        found.append(("before", str(Path(baseline) / ".venv/bin/python"), Path(baseline)))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("n_bids", [1_000, 10_000])
def test_sensitivity_command_with_budgets(tmp_path, n_bids):
    bids, survey = write_demo(tmp_path, n_bids, seed=n_bids)
    data = ["--bids", str(bids), "--survey", str(survey)]
    budgets = ["--capital", str(70_000 * n_bids), "--recurrent", str(2_800 * n_bids)]
    lines = [f"\n`etprio sensitivity` with budgets, {n_bids:,} bids × 10,000 samples:"]
    new_net = new_peak = float("inf")
    for name, python, cwd in _checkouts():
        rank, _ = _measured(python, cwd, ["rank", *data, "--format", "json"], 600)
        whole, peak = _measured(
            python, cwd, ["sensitivity", *data, *budgets, "--format", "json"], 900
        )
        net = whole - rank
        lines.append(
            f"  {name:6} {net:7.1f} s net of `rank` ({rank:.1f} s), peak {peak / 2**30:.2f} GiB"
        )
        if name == "new":
            new_net, new_peak = net, peak
    if n_bids in MEASURED_BEFORE:
        lines.append(f"  measured before on this machine: {MEASURED_BEFORE[n_bids]}")
    lines.append(f"  target {TARGET_SECONDS:g} s net, {TARGET_BYTES / 2**30:g} GiB")
    print("\n".join(lines))
    assert new_peak < TARGET_BYTES
    assert new_net < 900
