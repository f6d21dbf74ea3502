"""CONTRACT §4 ``sensitivity``: stability intervals, SMAA-2, what it would take, findings.

Analytic answers are checked against brute force: sweeps along a weight's path, and
per-sample calls to score_bids and rank_order_selection, the one place that ranks and the
one place that funds.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
from datetime import date

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.model import Bid, SchemeType
from etprio.core.progress import Cancelled
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.sensitivity import smaa as smaa_module
from etprio.core.sensitivity.analysis import SensitivityOptions, run
from etprio.core.sensitivity.findings import percent, weight_share
from etprio.core.sensitivity.smaa import sample_weights, smaa
from etprio.core.sensitivity.stability import (
    FUNDED_SET,
    TOP_N,
    SetChange,
    rank_intervals,
    stability_intervals,
    weights_at,
)
from etprio.core.tables.importing import load_dataset
from tests.gui.helpers import AWKWARD
from tests.strategies import SCALES

CRITERIA = load_criteria()
SWEEP = np.linspace(0.0, 1.0, 241)[1:]  # t = 0 has no weight at all when m = 1
EDGE = 1e-6  # how far past a boundary the set must already differ (score ties are 1e-9)


@pytest.fixture(scope="module")
def demo() -> Scores:
    dataset, _ = load_dataset(
        demo_bids_path(), demo_survey_path(), SCALES, assessment_date=CRITERIA.assessment_date
    )
    return score_bids(compute_values(dataset, CRITERIA, SCALES), CRITERIA.weights)


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


# --- stability intervals ------------------------------------------------------------


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


# --- SMAA-2 ----------------------------------------------------------------------------


def _brute_force_counts(scores: Scores, samples: int, seed: int, spread: float | None, limits):
    weights = sample_weights(scores.weights, samples, np.random.default_rng(seed), spread)
    n = len(scores.order)
    ranks = np.zeros((n, n))
    funded = np.zeros(n)
    ids = scores.matrix.bid_ids
    for w in weights:
        sampled = score_bids(scores.matrix, w)
        ranks[np.arange(n), sampled.rank - 1] += 1
        if limits is not None:
            chosen = set(rank_order_selection(sampled, limits).funded)
            funded += [bid in chosen for bid in ids]
    return ranks / samples, funded / samples


@pytest.mark.parametrize("spread", [None, 25.0])
def test_smaa_ranks_and_funds_every_sample_as_score_bids_and_the_funding_line_do(demo, spread):
    result = smaa(demo, samples=300, seed=7, spread_pct=spread, limits=DEMO_LIMITS)
    ranks, funded = _brute_force_counts(demo, 300, 7, spread, DEMO_LIMITS)
    np.testing.assert_array_equal(result.rank_acceptability(), ranks)
    np.testing.assert_array_equal(result.funding_acceptability(), funded)


@settings(max_examples=30, deadline=None)
@given(
    rankings(max_bids=8),
    st.sampled_from([3e5, 6e5, 1e6]),
    st.sampled_from([2e4, 1e5]),
    st.sampled_from([None, {1: 4e5}]),
)
def test_vectorised_funding_matches_rank_order_selection(scores, capital, headroom, cohorts):
    limits = FundingLimits(capital, headroom, cohort_capital_limits=cohorts)
    result = smaa(scores, samples=40, seed=3, limits=limits)
    ranks, funded = _brute_force_counts(scores, 40, 3, None, limits)
    np.testing.assert_array_equal(result.rank_acceptability(), ranks)
    np.testing.assert_array_equal(result.funding_acceptability(), funded)


@settings(max_examples=30, deadline=None)
@given(rankings())
def test_rank_acceptability_rows_and_columns_sum_to_one(scores):
    table = smaa(scores, samples=200, seed=1).rank_acceptability()
    np.testing.assert_allclose(table.sum(axis=1), 1.0)
    np.testing.assert_allclose(table.sum(axis=0), 1.0)


def test_with_no_spread_every_sample_is_the_current_ranking(demo):
    result = smaa(demo, samples=50, seed=0, spread_pct=0.0)
    n = len(demo.order)
    np.testing.assert_array_equal(result.rank_acceptability(), np.eye(n)[demo.rank - 1])


@settings(max_examples=30, deadline=None)
@given(rankings(max_bids=6), st.data())
def test_a_dominated_bid_is_never_ranked_first(scores, data):
    matrix = scores.matrix
    best = data.draw(st.integers(0, len(matrix.bids) - 1))
    values = matrix.values.copy()
    values[best] = np.maximum(values[best], 0.1)
    dominated = np.vstack([values, values[best] - 0.1])
    eligible = [*matrix.eligible.tolist(), bool(matrix.eligible[best])]
    scores = score_bids(small_matrix(dominated, eligible), scores.weights)
    assert smaa(scores, samples=300, seed=2).first_rank()[-1] == 0.0


def test_seeded_runs_are_reproducible_whatever_the_chunking(demo, monkeypatch):
    first = smaa(demo, samples=2000, seed=11, limits=DEMO_LIMITS)
    again = smaa(demo, samples=2000, seed=11, limits=DEMO_LIMITS, workers=1)
    monkeypatch.setattr(smaa_module, "_SCORE_CELLS", 25 * 37)
    chunked = smaa(demo, samples=2000, seed=11, limits=DEMO_LIMITS)
    monkeypatch.setattr(smaa_module, "_BLOCK_CELLS", 25 * 301)
    sparse = smaa(demo, samples=2000, seed=11, limits=DEMO_LIMITS)
    for other in (again, chunked, sparse):
        np.testing.assert_array_equal(other.rank_acceptability(), first.rank_acceptability())
        np.testing.assert_array_equal(other.funded_counts, first.funded_counts)
        np.testing.assert_array_equal(other.central_weights, first.central_weights)
        assert (other.top_same, other.funded_same) == (first.top_same, first.funded_same)
    different = smaa(demo, samples=2000, seed=12)
    assert not np.array_equal(different.rank_acceptability(), first.rank_acceptability())


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=2, max_size=8).filter(any),
    st.floats(0, 100),
    st.integers(0, 2**32),
)
def test_spread_sampling_stays_within_the_spread(raw, spread, seed):
    w = np.array(raw, dtype=float) / sum(raw)
    samples = sample_weights(w, 500, np.random.default_rng(seed), spread)
    assert np.all(samples >= w * (1 - spread / 100) - 1e-15)
    assert np.all(samples <= w * (1 + spread / 100) + 1e-15)
    simplex = sample_weights(w, 500, np.random.default_rng(seed))
    np.testing.assert_allclose(simplex.sum(axis=1), 1.0)
    assert np.all(simplex[:, w == 0] == 0) and np.all(simplex[:, w > 0] > 0)


def test_central_weights_are_the_mean_weights_that_rank_a_bid_first(demo):
    result = smaa(demo, samples=400, seed=5)
    weights = sample_weights(demo.weights, 400, np.random.default_rng(5))
    firsts = np.array([score_bids(demo.matrix, w).order[0] for w in weights])
    for i in range(len(demo.order)):
        if np.any(firsts == i):
            np.testing.assert_allclose(result.central_weights[i], weights[firsts == i].mean(0))
        else:
            assert np.all(np.isnan(result.central_weights[i]))


def test_rank_range_brackets_the_central_ranks():
    values = np.array([[0.9, 0.1], [0.1, 0.9], [0.5, 0.5], [0.0, 0.0]])
    scores = score_bids(small_matrix(values, [True] * 4), [1, 1])
    low, high = smaa(scores, samples=1000, seed=0).rank_range()
    assert (low[3], high[3]) == (4, 4)
    assert low[0] == 1 and high[0] == 3


def test_cancelling_stops_the_work_and_progress_reaches_100(demo):
    class State:
        def __init__(self, stop: bool) -> None:
            self.stop, self.progress = stop, []

        def set_progress_value(self, percent: float) -> None:
            self.progress.append(percent)

        def is_interruption_requested(self) -> bool:
            return self.stop

    with pytest.raises(Cancelled):
        smaa(demo, samples=100, state=State(stop=True))
    state = State(stop=False)
    smaa(demo, samples=100, state=state)
    assert state.progress[-1] == 100.0


@pytest.mark.parametrize(("samples", "spread"), [(0, None), (2_000_000, None), (10, 101.0)])
def test_out_of_range_options_are_usage_errors(demo, samples, spread):
    with pytest.raises(UsageError):
        smaa(demo, samples=samples, spread_pct=spread)


# --- what would it take ------------------------------------------------------------------


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


# --- findings and the JSON document --------------------------------------------------------


def test_findings_quote_the_numbers(demo):
    report = run(demo, DEMO_LIMITS, SensitivityOptions(samples=2000, seed=1))
    text = "\n".join(report.findings)
    result = report.smaa
    assert f"the same in {percent(result.top_same / 2000)} of weightings" in text
    assert f"funded set is the same in {percent(result.funded_same / 2000)}" in text
    first = result.first_rank()
    leader = int(np.argmax(first))
    assert f"{demo.matrix.bid_ids[leader]} is ranked first in {percent(first[leader])}" in text
    weighted = [i for i in report.stability if i.current > 0 and (i.low > 0 or i.high < 1)]
    assert weighted
    for interval in weighted:
        bounds = [weight_share(b, interval.current) for b in (interval.low, interval.high)]
        assert any(
            f"weight of {interval.label}" in s and any(b in s for b in bounds)
            for s in report.findings
        )


def test_json_has_exactly_the_contract_shape(demo):
    options = SensitivityOptions(samples=500, seed=3, top=3)
    plain = run(demo, None, options).to_json()
    assert list(plain) == ["rank_acceptability", "rank_quantiles", "stability", "findings"]
    ids = [demo.matrix.bid_ids[i] for i in demo.order]
    assert list(plain["rank_acceptability"]) == ids
    for row in plain["rank_acceptability"].values():
        assert len(row) == len(ids) and sum(row) == pytest.approx(1.0)
    assert list(plain["rank_quantiles"]) == ids
    for quantiles in plain["rank_quantiles"].values():
        assert list(quantiles) == ["p5", "p50", "p95"]
        assert 1 <= quantiles["p5"] <= quantiles["p50"] <= quantiles["p95"] <= len(ids)
    assert [s["criterion"] for s in plain["stability"]] == list(CRITERIA.keys)
    for entry in plain["stability"]:
        assert set(entry) == {"criterion", "current", "low", "high", "scope", "n"}
        assert (entry["scope"], entry["n"]) == ("top_n", 3)
    assert sum(s["current"] for s in plain["stability"]) == pytest.approx(1.0)
    assert all(isinstance(s, str) for s in plain["findings"])
    funded = run(demo, DEMO_LIMITS, options).to_json()
    assert list(funded) == [
        "rank_acceptability",
        "rank_quantiles",
        "funding_acceptability",
        "stability",
        "findings",
    ]
    assert all(0.0 <= p <= 1.0 for p in funded["funding_acceptability"].values())
    assert {s["scope"] for s in funded["stability"]} == {"funded_set"}


@pytest.mark.parametrize("name", list(AWKWARD))
@pytest.mark.parametrize("limits", [None, FundingLimits(150_000, 10_000)])
def test_awkward_tables(name, limits):
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    scores = score_bids(compute_values(AWKWARD[name], CRITERIA, SCALES), CRITERIA.weights)
    report = run(scores, limits, SensitivityOptions(samples=200))
    document = report.to_json()
    assert report.findings and len(document["rank_acceptability"]) == len(scores.order)
    for row in document["rank_acceptability"].values():
        assert sum(row) == pytest.approx(1.0)
    for bid_id in scores.matrix.bid_ids:
        answer = what_it_takes(scores, bid_id, rank=1, limits=limits)
        assert answer.sentence and (answer.verified or not answer.possible)


@pytest.mark.parametrize(("bids", "ranks", "width"), [(200, 3, 200), (201, 3, 3), (201, 20, 20)])
def test_beyond_200_bids_the_json_lists_the_first_k_ranks(bids, ranks, width):
    rng = np.random.default_rng(bids)
    scores = score_bids(small_matrix(rng.random((bids, 3)), [True] * bids), [1.0, 2.0, 3.0])
    report = run(scores, None, SensitivityOptions(samples=50, seed=1, top=3, ranks=ranks))
    table = report.to_json()["rank_acceptability"]
    assert {len(row) for row in table.values()} == {width}
    full = report.smaa.rank_acceptability()
    for i, bid_id in enumerate(scores.matrix.bid_ids):
        np.testing.assert_array_equal(table[bid_id], full[i, :width])


@settings(max_examples=30, deadline=None)
@given(rankings(), st.integers(1, 60))
def test_rank_quantiles_match_the_ranks_sample_by_sample(scores, samples):
    """p5, p50, p95: the lowest rank reached by at least 5%, 50%, 95% of samples, checked
    against every sample's own ranking."""
    result = smaa(scores, samples=samples, seed=5)
    weights = sample_weights(scores.weights, samples, np.random.default_rng(5))
    ranks = np.array([score_bids(scores.matrix, w, scores).rank for w in weights])
    for quantile, found in zip((5, 50, 95), result.rank_quantiles(), strict=True):
        for i in range(len(scores.order)):
            share = (ranks[:, i][:, None] <= np.arange(1, len(scores.order) + 1)).mean(axis=0)
            assert found[i] == 1 + int(np.argmax(share >= quantile / 100 - 1e-12))


def test_ranks_below_one_is_a_usage_error():
    with pytest.raises(UsageError, match="--ranks"):
        SensitivityOptions(ranks=0)
