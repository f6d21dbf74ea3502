"""CONTRACT §2.3: the weighted sum, eligibility and the rank order."""

from __future__ import annotations

import dataclasses
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.model import Bid, Dataset, PlanningStatus, Premises, SchemeType
from etprio.core.project.commands import SetWeights
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import (
    AllWeightsZero,
    normalised_weights,
    score_bids,
    weights_acceptable,
)
from tests.strategies import SCALES, datasets, weights

CRITERIA = load_criteria()


def _matrix(dataset: Dataset):
    return compute_values(dataset, CRITERIA, SCALES)


def _reference_order(matrix, score) -> list[int]:
    """The contract's rule written out literally, to check the packed-key sort against."""
    return sorted(
        range(len(matrix.bids)),
        key=lambda i: (
            not matrix.eligible[i],
            -round(float(score[i]), 9),
            -matrix.deliverability[i],
            matrix.bids[i].capital_cost_gbp,
            matrix.bids[i].bid_id,
        ),
    )


@settings(max_examples=60, deadline=None)
@given(datasets(), weights)
def test_scores_lie_in_0_100_and_contributions_add_up(dataset, raw_weights):
    scores = score_bids(_matrix(dataset), raw_weights)
    assert np.all(scores.score >= -1e-9)
    assert np.all(scores.score <= 100 + 1e-9)
    np.testing.assert_allclose(scores.contributions.sum(axis=1), scores.score, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(datasets(), weights)
def test_order_follows_the_contract_rule(dataset, raw_weights):
    matrix = _matrix(dataset)
    scores = score_bids(matrix, raw_weights)
    assert scores.order.tolist() == _reference_order(matrix, scores.score)
    assert sorted(scores.rank.tolist()) == list(range(1, len(dataset.bids) + 1))
    assert all(scores.rank[i] == pos + 1 for pos, i in enumerate(scores.order))


@settings(max_examples=60, deadline=None)
@given(datasets(), weights, weights)
def test_previous_order_only_speeds_up(dataset, first, second):
    matrix = _matrix(dataset)
    before = score_bids(matrix, first)
    assert score_bids(matrix, second, before).order.tolist() == (
        score_bids(matrix, second).order.tolist()
    )


@settings(max_examples=60, deadline=None)
@given(datasets(min_bids=2), weights, st.data())
def test_adding_or_removing_a_bid_never_changes_another_bids_score(dataset, raw_weights, data):
    full = score_bids(_matrix(dataset), raw_weights)
    drop = data.draw(st.integers(0, len(dataset.bids) - 1))
    kept = tuple(b for i, b in enumerate(dataset.bids) if i != drop)
    reduced = score_bids(_matrix(dataclasses.replace(dataset, bids=kept)), raw_weights)
    expected = np.delete(full.score, drop)
    np.testing.assert_allclose(reduced.score, expected, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(datasets(), weights, st.floats(0.001, 1000))
def test_scaling_all_weights_changes_nothing(dataset, raw_weights, factor):
    matrix = _matrix(dataset)
    base = score_bids(matrix, raw_weights)
    scaled = score_bids(matrix, np.asarray(raw_weights) * factor)
    np.testing.assert_allclose(scaled.score, base.score, atol=1e-9)
    assert scaled.order.tolist() == _reference_order(matrix, scaled.score)


@settings(max_examples=60, deadline=None)
@given(datasets(min_bids=2), weights, st.data())
def test_a_bid_that_improves_on_one_criterion_never_drops(dataset, raw_weights, data):
    matrix = _matrix(dataset)
    before = score_bids(matrix, raw_weights)
    row = data.draw(st.integers(0, len(dataset.bids) - 1))
    col = data.draw(st.integers(0, matrix.values.shape[1] - 1))
    better = matrix.values.copy()
    better[row, col] = data.draw(st.floats(better[row, col], 1.0))
    after = score_bids(dataclasses.replace(matrix, values=better), raw_weights)
    assert after.rank[row] <= before.rank[row]


@settings(max_examples=30, deadline=None)
@given(datasets(min_bids=2), weights)
def test_weighted_sum_agrees_with_scikit_criteria(dataset, raw_weights):
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    matrix = _matrix(dataset)
    ours = score_bids(matrix, raw_weights)
    decision = skc.mkdm(matrix.values, [max] * matrix.values.shape[1], weights=raw_weights)
    theirs = WeightedSumModel().evaluate(decision).e_.score
    weights_sum = float(np.sum(raw_weights))
    np.testing.assert_allclose(ours.score, 100 * np.asarray(theirs) / weights_sum, atol=1e-9)


def test_all_weights_zero_is_an_error_not_nan():
    with pytest.raises(AllWeightsZero):
        normalised_weights([0.0, 0.0])


@given(st.lists(st.sampled_from([0.0, 0.0, 5.0, 20.0]), min_size=1, max_size=6))
def test_one_rule_decides_which_weights_rank(raw: list[float]):
    """The app's check, the weight command and the engine agree (CONTRACT §2.3)."""
    from tests.project_builders import sample_project

    project = sample_project()
    raw = raw[: len(project.criteria.keys)]
    keys = project.criteria.keys[: len(raw)]
    zeros = dict.fromkeys(project.criteria.keys, 0.0)
    change = SetWeights(zeros | dict(zip(keys, raw, strict=True)))
    if weights_acceptable(raw):
        assert change.apply(project).weights[: len(raw)] == tuple(raw)
        assert normalised_weights(raw).sum() == pytest.approx(1.0)
    else:
        with pytest.raises(AllWeightsZero):
            change.apply(project)
        with pytest.raises(AllWeightsZero):
            normalised_weights(raw)


def _bid(bid_id: str, **changes) -> Bid:
    fields = {
        "bid_id": bid_id,
        "title": bid_id,
        "practice_code": "A81001",
        "scheme_type": SchemeType.ESTATES,
        "capital_cost_gbp": 100_000.0,
        "expected_completion": date(2017, 1, 31),
        "premises_id": "P1",
        "land_secured": True,
        "planning_status": PlanningStatus.GRANTED,
        "scores": {
            "access_score": 3,
            "capacity_score": 3,
            "training_score": 3,
            "wider_services_score": 3,
        },
    }
    return Bid(**(fields | changes))


SITE = Premises(
    "P1", "A81001", grades={"physical_condition": "C", "space_utilisation": "O"}, list_size=8000
)


def test_worked_example_from_the_contract():
    """Values by hand: access 3/5 = 0.6 …; premises need (0.25·0.67 + 0.2·1)/0.45;
    deliverability cohort 1 with land and planning = 0.7 + 0.3 = 1; no recurrent cost = 1."""
    matrix = _matrix(Dataset((_bid("B1"),), (SITE,)))
    need = (0.25 * 0.67 + 0.2 * 1.0) / 0.45
    expected = {
        "access": 0.6,
        "capacity": 0.6,
        "training": 0.6,
        "wider_services": 0.6,
        "premises_need": need,
        "deliverability": 1.0,
        "recurrent_liability": 1.0,
        "population": 0.4,
    }
    row = dict(zip(CRITERIA.keys, matrix.values[0], strict=True))
    for key, value in expected.items():
        assert row[key] == pytest.approx(value)
    score = score_bids(matrix, CRITERIA.weights).score[0]
    assert score == pytest.approx((20 * 0.6 * 2 + 10 * 0.6 * 2 + 15 * need + 15 + 10) / 100 * 100)


def test_neutral_for_criteria_that_do_not_apply_or_are_missing():
    tech = _bid("T1", scheme_type=SchemeType.TECHNOLOGY, premises_id=None)
    matrix = _matrix(Dataset((tech,), (SITE,)))
    assert "premises_need" in matrix.neutral_keys(0)
    assert "engagement" in matrix.neutral_keys(0)
    assert "ig" in matrix.neutral_keys(0)
    assert matrix.values[0, CRITERIA.keys.index("premises_need")] == CRITERIA.neutral


def test_deliverability_cohorts_and_readiness():
    bids = (
        _bid("B1", expected_completion=date(2017, 3, 31)),
        _bid(
            "B2",
            expected_completion=date(2017, 4, 1),
            land_secured=False,
            planning_status=PlanningStatus.APPLIED,
        ),
        _bid("B3", expected_completion=date(2019, 4, 1), land_secured=None, planning_status=None),
        _bid("T4", scheme_type=SchemeType.TECHNOLOGY, expected_completion=date(2019, 3, 31)),
    )
    matrix = _matrix(Dataset(bids, (SITE,)))
    assert matrix.cohort.tolist() == [1, 2, 3, 2]
    assert matrix.deliverability.tolist() == pytest.approx(
        [1.0, 0.7 * 0.5 + 0.3 * 0.25, 0.0, 0.7 * 0.5 + 0.3 * 1.0]
    )


def test_gates_spread_along_dependencies():
    bids = (
        _bid("LATE", expected_completion=date(2020, 1, 1)),
        _bid("IT1", scheme_type=SchemeType.TECHNOLOGY, depends_on=("LATE",)),
        _bid("IT2", scheme_type=SchemeType.TECHNOLOGY, depends_on=("IT1",)),
        _bid("IG0", scheme_type=SchemeType.TECHNOLOGY, scores=_bid("x").scores | {"ig_score": 0}),
        _bid("OK"),
    )
    matrix = _matrix(Dataset(bids, (SITE,)))
    assert matrix.eligible.tolist() == [False, False, False, False, True]
    assert "depends on ineligible LATE" in matrix.ineligible_reason[1]
    scores = score_bids(matrix, CRITERIA.weights)
    assert matrix.bids[scores.order[0]].bid_id == "OK"


def test_ties_break_on_deliverability_then_capital_then_id():
    bids = (
        _bid("C", capital_cost_gbp=200_000.0),
        _bid("B", capital_cost_gbp=100_000.0),
        _bid("A", capital_cost_gbp=100_000.0),
        _bid("D", land_secured=False),
    )
    only_access = [1.0] + [0.0] * (len(CRITERIA.keys) - 1)
    scores = score_bids(_matrix(Dataset(bids, (SITE,))), only_access)
    assert [bids[i].bid_id for i in scores.order] == ["A", "B", "C", "D"]
