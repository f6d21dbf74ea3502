"""The best-value selection (CONTRACT §3) on 1,000 synthetic bids with dependencies: a proven
optimum (relative gap 0), targeted at under a second, since the Funding panel re-solves
whenever a committee stops moving a slider. The rank-order walk is timed alongside for scale.

CPU time is what the assertion guards: on a shared machine wall time also measures the
neighbours. The guard is twice the target, so a regression fails while noise does not."""

from __future__ import annotations

import time

import pytest

from etprio.core.funding import FundingLimits, best_value_selection, rank_order_selection
from etprio.core.scoring import score_bids
from tests.benchmarks.conftest import best_time

TARGET_SECONDS = 1.0


@pytest.mark.slow
@pytest.mark.parametrize("share", [0.1, 0.25, 0.5])
def test_best_value_on_1000_bids(synthetic_matrix, share):
    import scipy.optimize  # noqa: F401  (import time is not solve time)

    matrix = synthetic_matrix(1_000)
    scores = score_bids(matrix, matrix.criteria.weights)
    eligible = [b for b, ok in zip(matrix.bids, matrix.eligible, strict=True) if ok]
    limits = FundingLimits(
        capital_envelope=share * sum(b.grant_gbp for b in eligible),
        recurrent_headroom=share * sum(b.recurrent_revenue_gbp for b in eligible),
    )
    linked = sum(bool(b.depends_on) for b in matrix.bids)
    cpu, wall = [], []
    for _ in range(3):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        best = best_value_selection(scores, limits)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    walk = best_time(lambda: rank_order_selection(scores, limits), repeat=3)
    rank_order = rank_order_selection(scores, limits)
    print(
        f"\n1,000 bids ({len(eligible)} eligible, {linked} with dependencies), budgets at "
        f"{share:.0%} of the pipeline: best value {min(cpu):.3f} s CPU, {min(wall):.3f} s wall "
        f"(best of 3), gap {best.mip_gap:.1e}, "
        f"{len(best.funded)} funded, {best.total_score:,.1f} points | rank order "
        f"{walk * 1e3:.1f} ms, {len(rank_order.funded)} funded, {rank_order.total_score:,.1f} "
        f"points | target {TARGET_SECONDS:.0f} s"
    )
    assert best.mip_gap == 0.0
    assert best.total_score >= rank_order.total_score
    assert min(cpu) < 2 * TARGET_SECONDS
