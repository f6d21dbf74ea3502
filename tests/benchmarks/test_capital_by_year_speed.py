"""Allocations by financial year (CONTRACT §7) add constraint rows to every selection: what
does a committee wait for? The whole ``etprio funding`` command on 1,000 and 10,000 synthetic
bids, with one capital envelope (the baseline, same run) against four years' allocations with
and without carry-forward, and the rank-order walk that a slider move redraws. Ratios are
printed; only correctness is asserted."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_funded
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.tables.demo import write_demo
from tests.benchmarks.conftest import best_time

ALLOCATION_SHARES = {"2016/17": 0.05, "2017/18": 0.1, "2018/19": 0.1, "2019/20": 0.1}


def _command(bids: Path, survey: Path, *budgets: str) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "etprio", "funding", "--bids", str(bids), "--survey", str(survey),
         *budgets, "--format", "json"],
        check=True, capture_output=True,
    )  # fmt: skip
    return time.perf_counter() - start


@pytest.mark.slow
@pytest.mark.parametrize("n_bids", [1_000, 10_000])
def test_funding_command_with_allocations_by_year(tmp_path: Path, synthetic_matrix, n_bids):
    bids, survey = write_demo(tmp_path, n_bids, seed=n_bids)
    matrix = synthetic_matrix(n_bids)
    grant = sum(b.grant_gbp for b, ok in zip(matrix.bids, matrix.eligible, strict=True) if ok)
    total = ("--capital", f"{0.35 * grant:.0f}", "--recurrent", "1000000000")
    years = ",".join(f"{y}={share * grant:.0f}" for y, share in ALLOCATION_SHARES.items())
    runs = {
        "capital envelope (baseline)": total,
        "four years": ("--capital-by-year", years),
        "four years, carry-forward": ("--capital-by-year", years, "--carry-forward"),
    }
    timings = {
        name: min(_command(bids, survey, *flags) for _ in range(2)) for name, flags in runs.items()
    }
    baseline = timings["capital envelope (baseline)"]
    print(f"\n`etprio funding`, {n_bids:,} bids")
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds:6.2f} s  ×{seconds / baseline:.2f}")

    scores = score_bids(matrix, matrix.criteria.weights)
    allocations = {y: share * grant for y, share in ALLOCATION_SHARES.items()}
    limits = {
        "capital envelope (baseline)": FundingLimits(0.35 * grant, 1e9),
        "four years": FundingLimits(None, None, capital_by_year=allocations),
        "four years, carry-forward": FundingLimits(
            None, None, capital_by_year=allocations, carry_forward=True
        ),
    }
    walks = {
        name: best_time(lambda lim=lim: rank_order_funded(scores, lim))
        for name, lim in limits.items()
    }
    print(f"rank-order walk (a slider move), {n_bids:,} bids")
    for name, seconds in walks.items():
        ratio = seconds / walks["capital envelope (baseline)"]
        print(f"  {name:<30} {seconds * 1000:6.1f} ms ×{ratio:.2f}")
    assert rank_order_funded(scores, limits["four years"])
