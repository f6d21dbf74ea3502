"""The rank-order walk run across many samples at once (CONTRACT §3 *In rank order*, for
CONTRACT §4 ``funding_acceptability``) funds, in every sample, exactly the set that
rank_order_selection funds for that sample's ranking: dependencies waiting and released
best-ranked first, cohort capital limits, ineligible bids and bids waiting for a bid that is
not in the data."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.samples import RankOrderWalk
from etprio.core.funding.selection import rank_order_selection
from tests.core.test_funding import access_only, bid, funding_cases


@st.composite
def walks(draw: st.DrawFn):
    """A funding case and up to 12 rankings of its bids, eligible bids first (as every
    ranking puts them, CONTRACT §2.3), in any order among themselves."""
    scores, limits = draw(funding_cases())
    eligible = np.flatnonzero(scores.matrix.eligible)
    ineligible = np.flatnonzero(~scores.matrix.eligible)
    orders = [
        np.concatenate(
            [
                draw(st.permutations(eligible.tolist())),
                draw(st.permutations(ineligible.tolist())),
            ]
        ).astype(np.int64)
        for _ in range(draw(st.integers(1, 12)))
    ]
    return scores, limits, np.array(orders).reshape(len(orders), len(scores.order))


@settings(max_examples=200, deadline=None)
@given(walks())
def test_every_sample_funds_what_the_funding_line_funds_for_its_ranking(case):
    scores, limits, orders = case
    walk = RankOrderWalk.of(scores, limits)
    funded = walk.fund(orders)
    ids = scores.matrix.bid_ids
    for row, order in zip(funded, orders, strict=True):
        ranking = dataclasses.replace(scores, order=order)
        expected = set(rank_order_selection(ranking, limits).funded)
        assert {ids[i] for i in np.flatnonzero(row)} == expected
    tally = walk.tally(orders)
    np.testing.assert_array_equal(tally.counts, funded.sum(axis=0))
    assert tally.same == int((funded == walk.current).all(axis=1).sum())


def _funded_ids(scores, limits, orders: np.ndarray) -> list[set[str]]:
    ids = scores.matrix.bid_ids
    return [
        {ids[i] for i in np.flatnonzero(row)}
        for row in RankOrderWalk.of(scores, limits).fund(orders)
    ]


def _reference(scores, limits, orders: np.ndarray) -> list[set[str]]:
    return [
        set(rank_order_selection(dataclasses.replace(scores, order=order), limits).funded)
        for order in orders
    ]


def test_a_chain_released_at_once_is_funded_parent_first_even_when_the_child_ranks_higher():
    """D waits for P, which waits for G; both are released when G is funded. D ranks above
    P, but P must be funded first, and only the budget for one of D and Q is left: Q, ranked
    between them and released by G too, is funded before P's release makes D ready."""
    scores = access_only(
        [
            bid("D", 5.0, 30, depends_on=["P"]),
            bid("Q", 4.5, 30, depends_on=["G"]),
            bid("P", 4.0, 10, depends_on=["G"]),
            bid("G", 3.0, 10),
        ]
    )
    limits = FundingLimits(capital_envelope=50.0, recurrent_headroom=100.0)
    orders = np.array([[0, 1, 2, 3], [3, 2, 1, 0], [0, 2, 1, 3]])
    expected = _reference(scores, limits, orders)
    assert expected[0] == {"G", "Q", "P"}
    assert _funded_ids(scores, limits, orders) == expected
    # Every sample of a block walked one by one: no dependent bid is left to try in step.
    assert _funded_ids(scores, limits, orders[[0, 2]]) == [expected[0], expected[2]]
