"""The best-value selection (CONTRACT §3) against the rank-order walk and the contract's rule
read literally, on 1,000 synthetic bids with dependencies at budgets of 10–50% of the
pipeline; and the adversarial case — grants strongly correlated with scores, where proving an
optimum takes HiGHS minutes — bounded by the time limits of the command line (10 s) and the
app's live view (2 s), with the gap reached. The figures measured before the time limit
existed are printed beside the new ones.

CPU time is what the 1,000-bid figure reports: on a shared machine wall time also measures the
neighbours. The assertions guard correctness (a proven optimum; a time limit kept, with a gap
that the rank-order funding line cannot beat) and only a loose regression bound on time."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from etprio.core.funding.best_value import (
    DEFAULT_TIME_LIMIT,
    LIVE_TIME_LIMIT,
    best_value_selection,
)
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores, score_bids
from tests.benchmarks.conftest import best_time
from tests.core.test_funding import literal_rank_order

TARGET_SECONDS = 0.5
# Measured on this machine before the time limit: best value alone, and whole commands.
BEFORE_1000 = {0.1: "0.97–1.09 s", 0.25: "0.97–1.09 s", 0.5: "0.47 s"}
BEFORE_CORRELATED_200 = "`etprio funding` > 120 s, `report` > 90 s (killed; no limit)"


def _limits(matrix: ValueMatrix, share: float) -> FundingLimits:
    eligible = [b for b, ok in zip(matrix.bids, matrix.eligible, strict=True) if ok]
    return FundingLimits(
        capital_envelope=share * sum(b.grant_gbp for b in eligible),
        recurrent_headroom=max(1.0, share * sum(b.recurrent_revenue_gbp for b in eligible)),
    )


@pytest.mark.slow
@pytest.mark.parametrize("share", [0.1, 0.25, 0.5])
def test_best_value_on_1000_bids(synthetic_matrix, share):
    import scipy.optimize  # noqa: F401  (import time is not solve time)

    matrix = synthetic_matrix(1_000)
    scores = score_bids(matrix, matrix.criteria.weights)
    limits = _limits(matrix, share)
    linked = sum(bool(b.depends_on) for b in matrix.bids)
    cpu, wall = [], []
    for _ in range(3):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        best = best_value_selection(scores, limits)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    walk = best_time(lambda: rank_order_selection(scores, limits), repeat=3)
    literal = best_time(lambda: literal_rank_order(scores, limits), repeat=1, number=1)
    rank_order = rank_order_selection(scores, limits)
    assert list(rank_order.funded) == literal_rank_order(scores, limits)
    print(
        f"\n1,000 bids ({int(matrix.eligible.sum())} eligible, {linked} with dependencies), "
        f"budgets {share:.0%} of the pipeline\n"
        f"  best value  {min(cpu):6.3f} s CPU, {min(wall):6.3f} s wall (best of 3), "
        f"{best.optimality}, {len(best.funded)} funded, {best.total_score:,.1f} points"
        f" | before: {BEFORE_1000[share]} | target {TARGET_SECONDS} s\n"
        f"  rank order  {walk * 1e3:6.1f} ms, {len(rank_order.funded)} funded, "
        f"{rank_order.total_score:,.1f} points"
        f" | contract rule read literally {literal * 1e3:,.0f} ms, same set"
    )
    assert best.mip_gap == 0.0
    assert best.total_score >= rank_order.total_score
    assert min(cpu) < 10 * TARGET_SECONDS


def correlated_grants(matrix: ValueMatrix) -> Scores:
    """The same bids with each grant £10,000 × (score + 10): a strongly correlated knapsack,
    the classic hard case, where every bid is about as good value as every other and an
    optimum is only proven by ruling out nearly every combination. No criterion reads the
    capital cost, so the values and scores stay those of the original bids."""
    scores = score_bids(matrix, matrix.criteria.weights)
    bids = tuple(
        replace(
            bid,
            capital_cost_gbp=(float(scores.score[i]) + 10.0) * 10_000 / (bid.grant_pct / 100),
        )
        for i, bid in enumerate(matrix.bids)
    )
    hard = replace(matrix, bids=bids)
    return score_bids(hard, hard.criteria.weights)


@pytest.mark.slow
@pytest.mark.parametrize("time_limit", [LIVE_TIME_LIMIT, DEFAULT_TIME_LIMIT])
def test_correlated_grants_are_bounded_by_the_time_limit(synthetic_matrix, time_limit):
    import scipy.optimize  # noqa: F401  (import time is not solve time)

    scores = correlated_grants(synthetic_matrix(200))
    limits = _limits(scores.matrix, 0.5)
    start = time.perf_counter()
    best = best_value_selection(scores, limits, time_limit=time_limit)
    wall = time.perf_counter() - start
    rank_order = rank_order_selection(scores, limits)
    print(
        f"\n200 bids, grants strongly correlated with scores, time limit {time_limit:g} s: "
        f"{wall:.2f} s wall, {best.optimality} ({best.total_score:,.2f} points; rank order "
        f"{rank_order.total_score:,.2f}) | before: {BEFORE_CORRELATED_200}"
    )
    assert wall < time_limit + 1.0
    assert best.total_score >= rank_order.total_score
    assert best.mip_gap is not None and best.mip_gap < 0.01
