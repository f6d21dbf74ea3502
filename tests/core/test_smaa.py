"""CONTRACT §4 ``sensitivity``: SMAA-2, the ranks and funding of many sampled weightings.

Every sample is checked against a call of score_bids and rank_order_selection, the one
place that ranks and the one place that funds.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.progress import Cancelled
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.sensitivity import smaa as smaa_module
from etprio.core.sensitivity.smaa import sample_weights, smaa
from tests.core.sensitivity_builders import DEMO_LIMITS, rankings, small_matrix


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
    monkeypatch.setattr(smaa_module, "_COUNT_CELLS", 25 * 3)
    banded = smaa(demo, samples=2000, seed=11, limits=DEMO_LIMITS)
    for other in (again, chunked, sparse, banded):
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
