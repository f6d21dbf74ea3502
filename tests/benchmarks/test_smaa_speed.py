"""DESIGN performance target: SMAA, 10,000 weight samples × 1,000 bids, under 1 s. Also
prints 10,000 bids, the cost of funding acceptability (CONTRACT §3 rank-order walk per
sample) and of the stability intervals that follow every weight change."""

from __future__ import annotations

import numpy as np
import pytest

from etprio.core.funding import FundingLimits
from etprio.core.scoring import score_bids
from etprio.core.smaa import smaa
from etprio.core.stability import stability_intervals
from tests.benchmarks.conftest import best_time

SAMPLES = 10_000


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
    t_ranks = best_time(lambda: smaa(scores, samples=SAMPLES, seed=1), repeat=3, number=1)
    t_funding = best_time(
        lambda: smaa(scores, samples=SAMPLES, seed=1, limits=limits),
        repeat=2 if n_bids <= 1_000 else 1,
        number=1,
    )
    t_top = best_time(lambda: stability_intervals(scores, top=5), repeat=3, number=1)
    print(
        f"\n{n_bids:>6} bids × {SAMPLES:,} samples: SMAA ranks {t_ranks:6.2f} s | "
        f"with funding acceptability {t_funding:6.2f} s | top-5 intervals {t_top * 1e3:7.1f} ms"
    )
    if n_bids <= 1_000:
        assert t_ranks < 1.0
