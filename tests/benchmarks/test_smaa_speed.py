"""DESIGN performance targets: SMAA, 10,000 weight samples × 1,000 bids, under 1 s; the whole
sensitivity analysis with budgets at 10,000 bids × 10,000 samples under 8 s and 2 GiB. Prints
SMAA ranks, SMAA with funding acceptability (CONTRACT §3 rank-order walk in every sample) and
the whole analysis (stability intervals, SMAA, findings, the JSON document) with its peak
traced memory, beside the figures measured before the walk ran across samples in blocks."""

from __future__ import annotations

import json
import time
import tracemalloc

import numpy as np
import pytest

from etprio.core.funding.limits import FundingLimits
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.sensitivity.analysis import SensitivityOptions, run
from etprio.core.sensitivity.smaa import smaa
from tests.benchmarks.conftest import best_time

SAMPLES = 10_000
BEFORE = {
    1_000: "whole `sensitivity` with budgets 12 s",
    10_000: "SMAA ranks 2.6 s, with funding 22 s; whole `sensitivity` 78 s and 12.5 GB "
    "without budgets, > 150 s with",
}


def _limits(scores) -> FundingLimits:
    """Budgets that fund roughly the top fifth, so the walk has a real line to find."""
    grants = np.array([b.grant_gbp for b in scores.matrix.bids])
    recurrent = np.array([b.recurrent_revenue_gbp for b in scores.matrix.bids])
    top = scores.order[: max(1, len(grants) // 5)]
    return FundingLimits(
        capital_envelope=float(grants[top].sum()),
        recurrent_headroom=float(max(recurrent[top].sum(), 1.0)),
    )


@pytest.mark.slow
@pytest.mark.parametrize("n_bids", [1_000, 10_000])
def test_smaa_speed(synthetic_matrix, n_bids):
    matrix = synthetic_matrix(n_bids)
    scores = score_bids(matrix, matrix.criteria.weights)
    limits = _limits(scores)
    t_ranks = best_time(lambda: smaa(scores, samples=SAMPLES, seed=1), repeat=2, number=1)
    t_funding = best_time(
        lambda: smaa(scores, samples=SAMPLES, seed=1, limits=limits), repeat=1, number=1
    )
    tracemalloc.start()
    start = time.perf_counter()
    report = run(scores, limits, SensitivityOptions(samples=SAMPLES, seed=1))
    text = json.dumps(report.to_json())
    t_whole = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"\n{n_bids:>6} bids × {SAMPLES:,} samples: SMAA ranks {t_ranks:6.2f} s | with funding "
        f"acceptability {t_funding:6.2f} s | whole analysis with budgets and JSON "
        f"{t_whole:6.2f} s, peak {peak / 2**30:.2f} GiB, JSON {len(text) / 2**20:.1f} MiB"
        f"\n        before: {BEFORE[n_bids]}"
    )
    assert peak < 2 * 2**30
