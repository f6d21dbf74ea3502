"""TOPSIS through scikit-criteria against the textbook procedure (Hwang & Yoon 1981):
vector-normalise, weight, distances to the ideal and anti-ideal, closeness d⁻/(d⁺+d⁻)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.topsis import topsis_closeness, topsis_scores
from etprio.core.scoring.values import compute_values
from tests.strategies import SCALES, datasets


def textbook_topsis(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    weighted = values / np.linalg.norm(values, axis=0) * (weights / weights.sum())
    ideal, anti = weighted.max(axis=0), weighted.min(axis=0)
    d_plus = np.linalg.norm(weighted - ideal, axis=1)
    d_minus = np.linalg.norm(weighted - anti, axis=1)
    return d_minus / (d_plus + d_minus)


def test_hand_worked_example():
    """Three bids, two criteria: B dominates, A and C trade off."""
    values = np.array([[0.2, 0.9], [0.8, 1.0], [0.6, 0.3]])
    weights = np.array([0.5, 0.5])
    closeness = topsis_closeness(values, weights)
    np.testing.assert_allclose(closeness, textbook_topsis(values, weights), atol=1e-12)
    assert int(np.argmax(closeness)) == 1


@settings(max_examples=40, deadline=None)
@given(
    arrays(float, st.tuples(st.integers(2, 8), st.just(3)), elements=st.floats(0.05, 1.0)),
    arrays(float, 3, elements=st.floats(0.1, 10)),
)
def test_agrees_with_the_textbook(values, weights):
    assume(np.ptp(values, axis=0).max() > 1e-6)
    np.testing.assert_allclose(
        topsis_closeness(values, weights), textbook_topsis(values, weights), atol=1e-9
    )


@settings(max_examples=15, deadline=None)
@given(datasets(min_bids=2))
def test_topsis_ranking_keeps_ineligible_bids_last(dataset):
    criteria = load_criteria()
    matrix = compute_values(dataset, criteria, SCALES)
    scores = topsis_scores(matrix, criteria.weights)
    eligible = matrix.eligible[scores.order]
    assert eligible.tolist() == sorted(eligible.tolist(), reverse=True)
    assert np.all((scores.score >= 0) & (scores.score <= 100 + 1e-9))


def test_constant_criteria_are_left_out():
    values = np.array([[0.5, 0.2], [0.5, 0.8]])
    assert topsis_closeness(values, np.array([1.0, 1.0])) == pytest.approx([0.0, 1.0])
