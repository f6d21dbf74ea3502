"""Bids released together by the same dependency are tried best-ranked first (CONTRACT §3
*In rank order*), so when a funded one and an unfunded one trade places the funded set can
change: the funded set's stability interval must end there."""

from __future__ import annotations

import numpy as np

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.sensitivity.stability import stability_intervals, weights_at
from tests.core.test_sensitivity import small_matrix


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
