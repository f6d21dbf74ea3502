"""``etprio region`` at a region's scale (DESIGN performance targets): 200 CCG projects of 50
bids each (10,000 bids), allocations over four financial years as NHS England (London)
reported them for 2016/17–2019/20. Each command runs as a user runs it, in its own process,
timed with its peak resident memory; ``etprio rank`` on one project of the same 10,000 bids
is the baseline printed beside it.

Run with ``uv run pytest tests/benchmarks/test_region_speed.py -m slow -s``."""

from __future__ import annotations

from pathlib import Path

import pytest

from etprio.core.region.demo import write_region
from tests.reliability.processes import posix_only, run_etprio

ALLOCATIONS = "2016/17=£17.3m,2017/18=£26.1m,2018/19=£26.2m,2019/20=£28.0m"
CCGS, BIDS = 200, 50


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_region(tmp_path_factory.mktemp("region200"), CCGS, BIDS, seed=1)


@pytest.fixture(scope="module")
def one_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("one10000")
    done = run_etprio("demo", "--bids", str(CCGS * BIDS), "--seed", "1", "-o", folder)
    assert done.code == 0, done.text
    project = folder / "all.etprio"
    done = run_etprio(
        "new", project, "--bids", folder / "bids.csv", "--survey", folder / "survey.csv",
        timeout=600,
    )  # fmt: skip
    assert done.code == 0, done.text
    return project


@posix_only
@pytest.mark.slow
def test_region_of_200_ccgs_against_rank_on_one_project(region, one_project, tmp_path):
    baseline = run_etprio("rank", "--project", one_project, "--format", "json", timeout=600)
    assert baseline.code == 0, baseline.text
    runs = {
        "region, local order, both selections (JSON)": (
            "--format", "json",
        ),
        "region, score order, both selections (JSON)": (
            "--order", "score", "--format", "json",
        ),
        "region, local order, with carry-forward (JSON)": (
            "--carry-forward", "--format", "json",
        ),
        "region, local order, the regional paper (PDF)": ("-o", tmp_path / "paper.pdf"),
    }  # fmt: skip
    print(f"\n{CCGS} CCG projects × {BIDS} bids, allocations {ALLOCATIONS}")
    print(f"{'command':<50}{'seconds':>9}{'peak MB':>9}{'× rank time':>13}")
    print(
        f"{'rank --project (one project, same 10,000 bids)':<50}"
        f"{baseline.seconds:>9.2f}{baseline.peak_bytes / 1024**2:>9.0f}{1.0:>13.1f}"
    )
    for label, flags in runs.items():
        done = run_etprio("region", *region, "--capital-by-year", ALLOCATIONS, *flags, timeout=900)
        assert done.code == 0, done.text[-2000:]
        print(
            f"{label:<50}{done.seconds:>9.2f}{done.peak_bytes / 1024**2:>9.0f}"
            f"{done.seconds / baseline.seconds:>13.1f}"
        )
    assert (tmp_path / "paper.pdf").stat().st_size > 0
