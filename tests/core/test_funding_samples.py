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

from etprio.core.funding.samples import RankOrderWalk
from etprio.core.funding.selection import rank_order_selection
from tests.core.test_funding import funding_cases


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
