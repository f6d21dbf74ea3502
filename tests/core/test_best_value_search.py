"""The best-value search below the solver: fixing bids by the relaxation's bound, and the
enumeration of what is left, against every subset tried one by one; and best value with the
enumeration turned off, so the solver's proof of the open bids is checked too."""

from __future__ import annotations

import itertools
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.funding import enumeration
from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.enumeration import best_by_enumeration
from etprio.core.funding.fixed_by_bound import Programme, fixed_by_bound
from etprio.core.funding.limits import FundingLimits
from tests.core.test_funding import (
    access_only,
    assert_feasible,
    bid,
    brute_force_best,
    funding_cases,
)


@st.composite
def programmes(draw: st.DrawFn) -> Programme:
    """Up to 10 bids, one to three limits in whole pence, acyclic dependencies, some bids
    that can never be funded, and any non-negative prices: the fixing must hold for all."""
    n = draw(st.integers(1, 10))
    k = draw(st.integers(1, 3))
    rows = np.array(
        draw(st.lists(st.lists(st.integers(0, 1_000), min_size=n, max_size=n), min_size=k))[:k],
        dtype=np.int64,
    ).reshape(k, n)
    limit = np.array([draw(st.integers(0, max(0, int(r.sum())))) for r in rows], dtype=np.int64)
    score = np.array(draw(st.lists(st.integers(0, 60), min_size=n, max_size=n)), float) / 7
    links = [
        (i, j)
        for i in range(n)
        for j in draw(st.lists(st.integers(0, max(0, i - 1)), max_size=2, unique=True))
        if j < i
    ]
    upper_bound = np.array(
        draw(st.lists(st.sampled_from([1.0, 1.0, 1.0, 0.0]), min_size=n, max_size=n))
    )
    prices = np.array(draw(st.lists(st.floats(0, 0.2), min_size=k, max_size=k)))
    return Programme(score, rows, limit, prices, upper_bound, links)


def feasible_sets(programme: Programme) -> list[tuple[float, frozenset[int]]]:
    n = len(programme.score)
    found = []
    for chosen in itertools.product([False, True], repeat=n):
        x = np.array(chosen)
        if np.any(x & (programme.upper_bound <= 0)):
            continue
        if any(x[k] and not x[j] for k, j in programme.links):
            continue
        if np.any(programme.rows @ x.astype(np.int64) > programme.limit):
            continue
        found.append((float(programme.score[x].sum()), frozenset(np.flatnonzero(x).tolist())))
    return found


@settings(max_examples=300, deadline=None)
@given(programmes(), st.floats(0, 1))
def test_fixing_keeps_a_best_selection_and_enumeration_finds_it(programme, share):
    """Whatever the prices and however poor the selection in hand, some best selection
    agrees with every bid the bound fixes, and the enumeration returns one (or nothing when
    the selection in hand is already best)."""
    sets = feasible_sets(programme)
    optimum = max(value for value, _ in sets)
    achieved = sorted(value for value, _ in sets)[int(share * (len(sets) - 1))]
    fixed = fixed_by_bound(programme, achieved)
    funded, excluded = set(fixed.funded.tolist()), set(fixed.excluded.tolist())
    assert fixed.bound >= optimum - 1e-9
    if optimum > achieved + 1e-9:
        assert any(
            value >= optimum - 1e-9 and funded <= chosen and not excluded & chosen
            for value, chosen in sets
        )
    columns = best_by_enumeration(programme, fixed, achieved, deadline=None)
    assert columns is not None
    if optimum > achieved + 1e-9:
        chosen = frozenset(columns)
        assert chosen in {feasible for _, feasible in sets}
        assert float(programme.score[list(chosen)].sum()) >= optimum - 1e-9
    else:
        assert columns == []


@settings(max_examples=150, deadline=None)
@given(funding_cases())
def test_the_solver_proves_what_the_enumeration_leaves(case):
    """With the enumeration giving up at once, the solver decides the open bids: still the
    optimum found by trying every set, proven."""
    scores, limits = case
    with mock.patch.object(enumeration, "STATE_LIMIT", -1):
        selection = best_value_selection(scores, limits)
    assert_feasible(scores, limits, selection)
    assert selection.mip_gap == 0.0
    assert abs(selection.total_score - brute_force_best(scores, limits)) < 1e-6


def test_a_deadline_already_past_leaves_the_proof_to_the_solver():
    programme = Programme(
        score=np.array([3.0, 2.0, 2.0]),
        rows=np.array([[2, 1, 1]], dtype=np.int64),
        limit=np.array([2], dtype=np.int64),
        prices=np.array([1.0]),
        upper_bound=np.ones(3),
        links=[],
    )
    fixed = fixed_by_bound(programme, 0.0)
    assert best_by_enumeration(programme, fixed, 0.0, deadline=0.0) is None
    assert sorted(best_by_enumeration(programme, fixed, 0.0, deadline=None) or []) == [1, 2]


def test_a_group_too_large_to_enumerate_goes_to_the_solver_whole():
    """Thirteen bids that all need one: the enumeration gives up on the group, and best
    value still proves the optimum found by trying every set."""
    bids = [bid("A00", 0.5, 500)] + [
        bid(f"A{i:02d}", 1.0 + i / 10, 100 + 7 * i, depends_on=("A00",)) for i in range(1, 13)
    ]
    scores = access_only(bids)
    limits = FundingLimits(capital_envelope=1_234.0, recurrent_headroom=1.0)
    n = len(bids)
    programme = Programme(
        score=np.asarray(scores.score, dtype=float),
        rows=np.array([[round(b.grant_gbp * 100) for b in bids]], dtype=np.int64),
        limit=np.array([123_400], dtype=np.int64),
        prices=np.zeros(1),
        upper_bound=np.ones(n),
        links=[(i, 0) for i in range(1, n)],
    )
    assert best_by_enumeration(programme, fixed_by_bound(programme, 0.0), 0.0, None) is None
    selection = best_value_selection(scores, limits)
    assert selection.mip_gap == 0.0
    assert abs(selection.total_score - brute_force_best(scores, limits)) < 1e-6
