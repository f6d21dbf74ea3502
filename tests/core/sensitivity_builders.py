"""Rankings and value matrices built straight from numbers, shared by the sensitivity tests
(stability intervals, SMAA-2, what it would take, the analysis): small enough for brute
force to check every analytic answer."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
from hypothesis import strategies as st

from etprio.core.funding.limits import FundingLimits
from etprio.core.model import Bid, SchemeType
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores, score_bids

CRITERIA = load_criteria()

DEMO_LIMITS = FundingLimits(capital_envelope=4_000_000, recurrent_headroom=250_000)


def small_matrix(
    values: np.ndarray,
    eligible: list[bool],
    *,
    grants: list[float] | None = None,
    recurrent: list[float] | None = None,
    depends: list[tuple[int, ...]] | None = None,
    deliverability: list[float] | None = None,
) -> ValueMatrix:
    """A value matrix straight from numbers, with the first m criteria of the default set."""
    n, m = values.shape
    grants = grants or [100_000.0] * n
    recurrent = recurrent or [0.0] * n
    depends = depends or [()] * n
    bids = tuple(
        Bid(
            bid_id=f"B{i:02d}",
            title=f"Bid {i}",
            practice_code="A81001",
            scheme_type=SchemeType.TECHNOLOGY,
            capital_cost_gbp=grants[i],
            grant_pct=100.0,
            recurrent_revenue_gbp=recurrent[i],
            expected_completion=date(2017, 1, 31),
            depends_on=tuple(f"B{d:02d}" for d in depends[i]),
        )
        for i in range(n)
    )
    return ValueMatrix(
        bids=bids,
        criteria=dataclasses.replace(CRITERIA, criteria=CRITERIA.criteria[:m]),
        values=values,
        neutral=np.zeros((n, m), dtype=bool),
        cohort=np.ones(n, dtype=int),
        deliverability=np.array(deliverability or [0.5] * n, dtype=float),
        eligible=np.array(eligible, dtype=bool),
        ineligible_reason=tuple("" if e else "test gate" for e in eligible),
        population=np.full(n, np.nan),
    )


@st.composite
def rankings(draw: st.DrawFn, min_bids: int = 2, max_bids: int = 7) -> Scores:
    """Small rankings on a 0.1 grid with whole-number weights: crossings are then rationals
    with small denominators, far apart compared with the 1e-9 score tolerance."""
    n = draw(st.integers(min_bids, max_bids))
    m = draw(st.integers(1, 4))
    grid = st.integers(0, 10).map(lambda k: k / 10)
    values = np.array(
        draw(st.lists(st.lists(grid, min_size=m, max_size=m), min_size=n, max_size=n))
    )
    eligible = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    weights = draw(st.lists(st.integers(0, 5), min_size=m, max_size=m).filter(any))
    grants = draw(st.lists(st.sampled_from([1e5, 2e5, 3e5, 5e5]), min_size=n, max_size=n))
    recurrent = draw(st.lists(st.sampled_from([0.0, 1e4, 3e4]), min_size=n, max_size=n))
    depends = [
        tuple(draw(st.sets(st.integers(0, i - 1), max_size=1))) if i else () for i in range(n)
    ]
    delivery = draw(st.lists(st.sampled_from([0.2, 0.5, 0.9]), min_size=n, max_size=n))
    matrix = small_matrix(
        values,
        eligible,
        grants=grants,
        recurrent=recurrent,
        depends=depends,
        deliverability=delivery,
    )
    return score_bids(matrix, weights)
