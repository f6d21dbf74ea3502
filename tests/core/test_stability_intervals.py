"""CONTRACT §4 ``sensitivity``: stability intervals, how far one weight can move before the
top n or the funded set changes.

Analytic answers are checked against brute force: sweeps along a weight's path, and calls
to score_bids and rank_order_selection, the one place that ranks and the one place that
funds, between every crossing of two bids.
"""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.sensitivity.stability import (
    FUNDED_SET,
    TOP_N,
    SetChange,
    rank_intervals,
    stability_intervals,
    weights_at,
)
from tests.core.sensitivity_builders import DEMO_LIMITS, rankings, small_matrix

SWEEP = np.linspace(0.0, 1.0, 241)[1:]  # t = 0 has no weight at all when m = 1
EDGE = 1e-6  # how far past a boundary the set must already differ (score ties are 1e-9)


def _top(scores: Scores, n: int) -> frozenset[int]:
    return frozenset(scores.order[:n].tolist())


def _at(scores: Scores, k: int, t: float) -> Scores:
    return score_bids(scores.matrix, weights_at(scores.weights, k, t))


def _check_interval(low, high, t0, same_at, *, convex: bool) -> None:
    """``same_at(t)``: is the set at t the current one? Inside the interval it must be;
    just past each end it must not; with ``convex``, nowhere outside either."""
    assert low - 1e-9 <= t0 <= high + 1e-9
    for t in SWEEP:
        if low + EDGE < t < high - EDGE:
            assert same_at(t), (t, low, high)
        elif convex and (t < low - EDGE or t > high + EDGE):
            assert not same_at(t), (t, low, high)
    if low > EDGE:
        assert not same_at(low - EDGE)
    if high < 1 - EDGE:
        assert not same_at(high + EDGE)


@settings(max_examples=60, deadline=None)
@given(rankings(), st.integers(1, 6))
def test_top_n_intervals_agree_with_a_sweep(scores, top):
    n = min(top, len(scores.order))
    current = _top(scores, n)
    for k, interval in enumerate(stability_intervals(scores, top=top)):
        assert (interval.scope, interval.n) == (TOP_N, n)
        assert interval.current == pytest.approx(scores.weights[k])
        if len(scores.weights) == 1:
            assert (interval.low, interval.high) == (0.0, 1.0)
            continue
        _check_interval(
            interval.low,
            interval.high,
            interval.current,
            lambda t, k=k: _top(_at(scores, k, t), n) == current,
            convex=True,
        )


@settings(max_examples=50, deadline=None)
@given(rankings(), st.sampled_from([2e5, 4e5, 7e5, 1.1e6]), st.sampled_from([1e4, 4e4, 1e5]))
def test_funded_set_intervals_agree_with_a_sweep(scores, capital, headroom):
    assume(len(scores.weights) > 1)
    limits = FundingLimits(capital_envelope=capital, recurrent_headroom=headroom)
    funded = set(rank_order_selection(scores, limits).funded)
    for k, interval in enumerate(stability_intervals(scores, limits=limits)):
        assert (interval.scope, interval.n) == (FUNDED_SET, len(funded))
        _check_interval(
            interval.low,
            interval.high,
            interval.current,
            lambda t, k=k: set(rank_order_selection(_at(scores, k, t), limits).funded) == funded,
            convex=False,
        )


def _first_change_over_every_crossing(scores: Scores, k: int, limits, direction: int) -> float:
    """The literal reference: the funded set at the middle of every segment between the
    crossings of every pair of bids, walked outward from the current weight."""
    values = scores.matrix.values
    rest = weights_at(scores.weights, k, 0.0)
    a = values @ rest
    b = values[:, k] - a
    t0 = float(scores.weights[k])
    roots = {
        float(-(a[i] - a[j]) / (b[i] - b[j]))
        for i, j in itertools.combinations(range(len(a)), 2)
        if abs(b[i] - b[j]) > 1e-12
    }
    ahead = sorted(
        (
            min(1.0, max(0.0, r))
            for r in roots
            if (r - t0) * direction >= -1e-12 and -1e-12 <= r <= 1.0 + 1e-12
        ),
        key=lambda r: r * direction,
    )
    end = 1.0 if direction > 0 else 0.0
    funded = set(rank_order_selection(scores, limits).funded)
    for t, t_next in itertools.pairwise([*ahead, end]):
        if t == end:
            break
        if set(rank_order_selection(_at(scores, k, (t + t_next) / 2), limits).funded) != funded:
            return max(0.0, min(1.0, t))
    return end


def test_the_funded_set_interval_ends_where_two_bids_released_together_trade_places():
    """B01 and B02 both wait for B00, which ranks below them. B01 (£200k) is ranked above
    B02 (£500k) while the weight of B02's criterion is under half, and after B00 only one
    of them fits: past half, B02 is tried first and funded instead."""
    values = np.array([[0.0, 0.0], [0.0, 0.1], [0.1, 0.0]])
    matrix = small_matrix(
        values, [True] * 3, grants=[100_000, 200_000, 500_000], depends=[(), (0,), (0,)]
    )
    scores = score_bids(matrix, [0, 1])
    limits = FundingLimits(capital_envelope=700_000, recurrent_headroom=10_000)
    assert set(rank_order_selection(scores, limits).funded) == {"B00", "B01"}
    moved = score_bids(matrix, weights_at(scores.weights, 0, 0.51))
    assert set(rank_order_selection(moved, limits).funded) == {"B00", "B02"}

    first = stability_intervals(scores, limits=limits)[0]
    assert first.high == 0.5
    assert first.above is not None
    assert (first.above.leaving, first.above.entering) == (("B01",), ("B02",))


@settings(max_examples=60, deadline=None)
@given(
    rankings(max_bids=9),
    st.sampled_from([2e5, 4e5, 7e5, 1.1e6]),
    st.sampled_from([1e4, 4e4, 1e5]),
)
def test_funded_set_intervals_end_at_the_first_crossing_that_changes_the_set(
    scores, capital, headroom
):
    assume(len(scores.weights) > 1)
    limits = FundingLimits(capital_envelope=capital, recurrent_headroom=headroom)
    for k, interval in enumerate(stability_intervals(scores, limits=limits)):
        low = _first_change_over_every_crossing(scores, k, limits, -1)
        high = _first_change_over_every_crossing(scores, k, limits, +1)
        assert interval.low == pytest.approx(low, abs=1e-9)
        assert interval.high == pytest.approx(high, abs=1e-9)


def test_a_tie_at_the_current_weight_that_splits_at_once_ends_the_interval_there():
    """B01 and B05 tie at 62.5 and cross exactly at t = 0, where rounding puts the crossing
    a hair below 0; just above it B05 leads and is funded instead of B01."""
    values = np.array([[0.7, 0.0, 0.4], [0.5, 0.1, 1.0]])
    scores = score_bids(small_matrix(values, [True, True], grants=[3e5, 5e5]), [0.75, 0, 0.25])
    limits = FundingLimits(capital_envelope=7e5, recurrent_headroom=1e4)
    interval = stability_intervals(scores, limits=limits)[1]
    assert (interval.low, interval.high) == (0.0, 0.0)
    assert interval.above == SetChange(leaving=("B00",), entering=("B01",))


@settings(max_examples=40, deadline=None)
@given(rankings())
def test_rank_intervals_agree_with_a_sweep(scores):
    assume(len(scores.weights) > 1)
    k = len(scores.weights) - 1
    low, high = rank_intervals(scores, k)

    def above(s: Scores, i: int) -> frozenset[int]:
        return frozenset(s.order[: s.rank[i] - 1].tolist())

    at = functools.cache(lambda t: _at(scores, k, t))
    for i in range(len(scores.order)):
        now = above(scores, i)
        _check_interval(
            low[i],
            high[i],
            scores.weights[k],
            lambda t, i=i, now=now: above(at(t), i) == now,
            convex=True,
        )


def test_a_criterion_at_zero_can_only_rise_and_a_sole_criterion_can_only_fall():
    values = np.array([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]])
    scores = score_bids(small_matrix(values, [True] * 3), [1, 0])
    first, second = stability_intervals(scores, top=1)
    assert (first.current, first.high) == (1.0, 1.0)
    assert first.low == pytest.approx(0.5)  # B00 and B01 swap when the two weigh the same
    assert first.below is not None and first.below.leaving == ("B00",)
    assert (second.current, second.low) == (0.0, 0.0)
    assert second.high == pytest.approx(0.5)
    assert second.above is not None and second.above.entering == ("B01",)


def test_funded_set_scope_on_the_demo(demo):
    intervals = stability_intervals(demo, limits=DEMO_LIMITS)
    funded = rank_order_selection(demo, DEMO_LIMITS).funded
    assert {i.scope for i in intervals} == {FUNDED_SET}
    assert {i.n for i in intervals} == {len(funded)}
    assert all(0.0 <= i.low <= i.current <= i.high <= 1.0 for i in intervals)
