"""CONTRACT §4 ``sensitivity``: what it would take, the least change of weights that lifts
a bid to a rank or above the funding line, verified by scoring the weights it proposes and
checked for two criteria against an exact reference.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.scoring.weighted_sum import Scores, score_bids
from tests.core.sensitivity_builders import DEMO_LIMITS, rankings, small_matrix


@settings(max_examples=60, deadline=None)
@given(rankings(), st.data())
def test_what_it_takes_to_reach_a_rank_is_verified_and_minimal(scores, data):
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    n = len(scores.order)
    b = data.draw(st.integers(0, n - 1))
    target = data.draw(st.integers(1, n))
    answer = what_it_takes(scores, scores.matrix.bid_ids[b], rank=target)
    if answer.already:
        assert scores.rank[b] <= target and answer.points_moved == 0
        return
    if answer.possible:
        moved = score_bids(scores.matrix, answer.weights)
        assert moved.rank[b] <= target and answer.verified
        assert answer.points_moved == pytest.approx(
            50 * np.abs(answer.weights - scores.weights).sum()
        )
    if len(scores.weights) == 2:
        best = _least_move_with_two_criteria(scores, b, target)
        assert answer.possible == (best is not None)
        if best is not None:
            assert answer.points_moved == pytest.approx(best, abs=1e-3)


def _least_move_with_two_criteria(scores: Scores, b: int, target: int) -> float | None:
    """Exact reference for weights (t, 1 − t): b's rank is constant between the points
    where its line crosses a rival's, so probing the middle of every such segment finds
    every t that works (away from crossings, ties are only between identical bids, which
    the tie-break settles); the least move is to the nearest of them."""
    values = scores.matrix.values
    t0 = float(scores.weights[0])
    slope = (values[:, 0] - values[:, 1]) - (values[b, 0] - values[b, 1])
    gap = values[b, 1] - values[:, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        roots = np.where(np.abs(slope) > 1e-12, gap / slope, np.nan)
    # Crossings are rationals with small denominators; rounding drops the sliver segments
    # that floating-point error opens beside them (a crossing at 1 computed as 1 − 3e-16
    # would otherwise be probed as a tie the tie-break wins, which no margin can keep).
    roots = np.round(roots, 12)
    points = np.unique(np.concatenate([[0.0, 1.0, t0], roots[(roots > 0) & (roots < 1)]]))
    best = None
    for start, stop in itertools.pairwise(points):
        middle = (start + stop) / 2
        if score_bids(scores.matrix, [middle, 1 - middle]).rank[b] <= target:
            distance = 0.0 if start <= t0 <= stop else min(abs(start - t0), abs(stop - t0))
            best = distance * 100 if best is None else min(best, distance * 100)
    return best


def test_what_it_takes_above_the_funding_line_is_verified(demo):
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    funded = set(rank_order_selection(demo, DEMO_LIMITS).funded)
    answers = [
        what_it_takes(demo, bid, limits=DEMO_LIMITS)
        for bid in demo.matrix.bid_ids
        if bid not in funded
    ]
    assert answers
    for answer in answers:
        if answer.possible:
            moved = score_bids(demo.matrix, answer.weights)
            assert answer.bid_id in rank_order_selection(moved, DEMO_LIMITS).funded
            assert answer.verified and answer.points_moved > 0
            assert f"{answer.points_moved:.1f} points" in answer.sentence
        else:
            assert answer.reason


def test_no_weighting_lifts_a_dominated_or_ineligible_bid():
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    values = np.array([[0.8, 0.6], [0.5, 0.5], [0.9, 0.9]])
    scores = score_bids(small_matrix(values, [True, True, False]), [1, 1])
    dominated = what_it_takes(scores, "B01", rank=1)
    assert not dominated.possible and "B00" in dominated.reason
    assert what_it_takes(scores, "B01", rank=2).already
    ineligible = what_it_takes(scores, "B02", rank=1)
    assert not ineligible.possible and "ineligible" in ineligible.reason
    limits = FundingLimits(capital_envelope=150_000, recurrent_headroom=10_000)
    assert not what_it_takes(scores, "B02", limits=limits).possible


def test_criteria_outside_vary_keep_their_share():
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    values = np.array([[0.9, 0.1, 0.5], [0.2, 0.8, 0.5]])
    scores = score_bids(small_matrix(values, [True, True]), [2, 1, 1])
    answer = what_it_takes(scores, "B01", rank=1, vary=["access", "capacity"])
    assert answer.possible and answer.verified
    assert answer.weights[2] == pytest.approx(scores.weights[2])
    assert set(answer.changes()) == {"access", "capacity"}
    with pytest.raises(UsageError):
        what_it_takes(scores, "B01", rank=1, vary=["nonsense"])
    with pytest.raises(UsageError):
        what_it_takes(scores, "B09", rank=1)
