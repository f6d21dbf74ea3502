"""The committee's weights from members' answers, and what every member's weights fund;
the answers kept in the project file and minuted."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.cli import main
from etprio.core.committee.member_weights import (
    committee_weights,
    members_weights,
    what_members_fund,
)
from etprio.core.committee.members import Aggregate, Committee, Member, Role
from etprio.core.committee.pairwise_weights import Comparison
from etprio.core.committee.swing_weights import WeightAnswerError
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.project.committee_commands import RecordWeightAnswers, WithdrawWeightAnswers
from etprio.core.project.decision_log import Action
from etprio.core.project.store import open_project, save_project, verify_project
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from tests.project_builders import sample_project
from tests.strategies import SCALES, datasets

CRITERIA = load_criteria()
KEYS = CRITERIA.keys


def swing(member_id: str, **points: float) -> WeightAnswers:
    return WeightAnswers(member_id, WeightMethod.SWING, points)


def committee_of(*answers: WeightAnswers) -> Committee:
    ids = sorted({a.member_id for a in answers})
    members = tuple(Member(m, f"Member {m}", Role.LAY_MEMBER) for m in ids)
    return Committee(members=members, weight_answers=answers)


# -- the committee's weights ------------------------------------------------------------


def test_the_committee_takes_the_median_with_min_max_and_quartiles() -> None:
    committee = committee_of(
        swing("M01", access=100),  # access 1
        swing("M02", access=100, training=100),  # access 0.5, training 0.5
        swing("M03", access=100, training=25, capacity=75),  # access 0.5, ...
    )
    members = members_weights(committee, KEYS)
    agreed = committee_weights(members, KEYS, Aggregate.MEDIAN)
    access = agreed.spread_of("access")
    assert (access.low, access.median, access.high) == (0.5, 0.5, 1.0)
    assert access.mean == pytest.approx(2 / 3)
    assert (access.q1, access.q3) == (0.5, 0.75)
    training = agreed.spread_of("training")
    assert (training.low, training.median, training.high) == (0.0, 0.125, 0.5)
    # medians access 0.5, training 0.125, capacity 0 → divided by their sum 0.625
    assert agreed.weights["access"] == pytest.approx(0.8)
    assert agreed.weights["training"] == pytest.approx(0.2)
    assert sum(agreed.weights.values()) == pytest.approx(1.0)


def test_the_mean_rule_averages_members_weights() -> None:
    committee = committee_of(swing("M01", access=100), swing("M02", training=100))
    agreed = committee_weights(members_weights(committee, KEYS), KEYS, Aggregate.MEAN)
    assert agreed.weights["access"] == agreed.weights["training"] == 0.5


def test_medians_that_are_all_zero_ask_for_the_mean() -> None:
    committee = committee_of(
        swing("M01", access=100), swing("M02", training=100), swing("M03", capacity=100)
    )
    with pytest.raises(WeightAnswerError, match="use the mean"):
        committee_weights(members_weights(committee, KEYS), KEYS, Aggregate.MEDIAN)


def test_no_answers_yet_is_said_plainly() -> None:
    with pytest.raises(WeightAnswerError, match="no member has answered"):
        committee_weights((), KEYS, Aggregate.MEDIAN)


# -- what every member's weights fund ------------------------------------------------------

member_points = st.dictionaries(st.sampled_from(KEYS), st.integers(0, 100), min_size=1).map(
    lambda points: {**points, next(iter(points)): 100}
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    datasets(min_bids=1, max_bids=10),
    st.lists(member_points, min_size=1, max_size=9),
    st.integers(50_000, 6_000_000),
    st.integers(1_000, 300_000),
)
def test_the_robust_core_is_what_every_members_own_funding_line_funds(
    dataset, all_points, capital, recurrent
) -> None:
    matrix = compute_values(dataset, CRITERIA, SCALES)
    answers = [swing(f"M{i:02d}", **p) for i, p in enumerate(all_points, start=1)]
    limits = FundingLimits(float(capital), float(recurrent))
    committee = replace(committee_of(*answers), aggregate=Aggregate.MEAN)  # medians may all be 0
    result = what_members_fund(matrix, committee, limits=limits)

    funded_sets = []
    for a in answers:  # brute force: each member's own ranking and funding line
        weights = a.weights(KEYS)
        scores = score_bids(matrix, [weights[k] for k in KEYS])
        funded_sets.append(rank_order_selection(scores, limits).funded_set)
    eligible = {b.bid_id for b, ok in zip(matrix.bids, matrix.eligible, strict=True) if ok}
    every = frozenset.intersection(*funded_sets)
    some = frozenset.union(*funded_sets)
    assert set(result.robust_core) == every
    assert set(result.funded_by_none) == eligible - some
    assert set(result.depends) == some - every
    for bid in result.bids:
        assert len(bid.funded_under) == sum(bid.bid_id in s for s in funded_sets)


def test_without_budgets_members_rank_but_draw_no_funding_line() -> None:
    project = sample_project()
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    committee = committee_of(swing("M01", access=100), swing("M02", deliverability=100))
    result = what_members_fund(matrix, committee)
    assert not result.has_funding_line
    assert result.robust_core == result.funded_by_none == result.depends == ()
    assert all(set(b.ranks) == {"M01", "M02"} for b in result.bids)
    assert [b.committee_rank for b in result.bids] == list(range(1, len(result.bids) + 1))


def test_a_conflicted_members_weights_that_fund_their_own_bid_are_pointed_out() -> None:
    project = sample_project()  # M03 works at A81001, B01's practice (and B02 depends on B01)
    committee = project.committee
    project.committee = Committee(
        members=committee.members,
        declarations=committee.declarations,
        weight_answers=(
            swing("M03", deliverability=100),
            swing("M01", recurrent_liability=100),
            swing("M02", recurrent_liability=100),
        ),
    )
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    grant = max(b.grant_gbp for b in project.dataset.bids)
    result = what_members_fund(
        matrix,
        project.committee,
        project.governance.conflicts,
        FundingLimits(grant * 1.01, 1_000_000),
    )
    helen = next(m for m in result.members if m.member_id == "M03")
    assert helen.conflicted and "B01" in helen.conflicted_on
    funded_by_helen = result.selections["M03"].funded_set
    agreed = result.committee_selection.funded_set
    notes = result.conflict_notes()
    expected = sorted((funded_by_helen - agreed) & set(helen.conflicted_on))
    assert bool(notes) == bool(expected)
    for bid_id in expected:
        assert bid_id in notes[0]


def test_a_members_weights_reproduce_rank_with_the_same_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CONTRACT §4: `etprio rank --weights` with a member's weights gives the ranking the
    member's answers give."""
    project = sample_project()
    answers = WeightAnswers(
        "M02",
        WeightMethod.PAIRWISE,
        comparisons=(
            Comparison("access", "capacity", 3),
            Comparison("capacity", "training", 2),
            Comparison("deliverability", "training", 5),
            Comparison("deliverability", "recurrent_liability", 2),
            Comparison("premises_need", "recurrent_liability", 1),
            Comparison("premises_need", "wider_services", 4),
            Comparison("wider_services", "population", 2),
            Comparison("engagement", "population", 1),
            Comparison("engagement", "strategy_fit", 1),
            Comparison("strategy_fit", "digital_roadmap", 1),
            Comparison("digital_roadmap", "ig", 1),
            Comparison("access", "ig", 3),
        ),
    )
    RecordWeightAnswers(answers).do(project)
    path = tmp_path / "p.etprio"
    save_project(project, path)
    project.close()
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    result = what_members_fund(matrix, project.committee)
    weights = result.members[0].weights
    argument = ",".join(f"{k}={w!r}" for k, w in weights.items())
    assert main(["rank", "--project", str(path), "--weights", argument, "--format", "json"]) == 0
    ranked = json.loads(capsys.readouterr().out)["bids"]
    scores = result.scores["M02"]
    assert [b["bid_id"] for b in ranked] == [matrix.bid_ids[i] for i in scores.order]
    assert [b["score"] for b in ranked] == pytest.approx(scores.score[scores.order].tolist())


# -- recording, saving and minuting -------------------------------------------------------


def test_answers_are_minuted_saved_and_reopened(tmp_path: Path) -> None:
    project = sample_project()
    entry = RecordWeightAnswers(swing("M03", access=100, deliverability=50), actor="chair@ccg").do(
        project
    )
    assert entry.action == Action.WEIGHT_ANSWERS
    details = entry.details
    assert details["answers"] == {"access": 100.0, "deliverability": 50.0}
    assert details["weights"]["access"] == pytest.approx(2 / 3, abs=1e-6)
    assert details["conflicted_on"] == ["B01", "B02"]  # kept, but flagged
    assert "flagged: conflicted on B01, B02" in details["summary"]
    pairwise = WeightAnswers(
        "M01",
        WeightMethod.PAIRWISE,
        comparisons=tuple(
            Comparison(a, b, 2) for a, b in zip(KEYS, (*KEYS[1:], KEYS[0]), strict=True)
        ),
        source="weights-M01.xlsx sha256 00ff",
    )
    assert "consistency_ratio" in RecordWeightAnswers(pairwise).do(project).details
    path = tmp_path / "p.etprio"
    save_project(project, path)
    project.close()
    with open_project(path) as reopened:
        assert reopened.committee == project.committee
        assert reopened.committee.weight_answers_of("M01").source.startswith("weights-M01")
    assert verify_project(path).ok


def test_new_answers_replace_old_and_withdrawing_is_undoable() -> None:
    project = sample_project()
    RecordWeightAnswers(swing("M01", access=100)).do(project)
    second = RecordWeightAnswers(swing("M01", training=100))
    assert second.do(project).details["replaces_earlier_answers"] is True
    assert project.committee.weight_answers_of("M01").swing == {"training": 100.0}
    withdraw = WithdrawWeightAnswers("M01")
    withdraw.do(project)
    assert project.committee.weight_answers_of("M01") is None
    withdraw.undo(project)
    assert project.committee.weight_answers_of("M01") is not None


def test_answers_that_give_no_weights_change_nothing() -> None:
    project = sample_project()
    before, length = project.committee, len(project.log)
    with pytest.raises(WeightAnswerError, match="Margaret Oduya's weighting answers"):
        RecordWeightAnswers(swing("M01", access=90)).do(project)
    assert project.committee is before and len(project.log) == length


def test_removing_a_member_removes_their_answers() -> None:
    committee = committee_of(swing("M01", access=100), swing("M02", access=100))
    assert [a.member_id for a in committee.without_member("M01").weight_answers] == ["M02"]


def test_weights_are_fractions_in_criteria_order() -> None:
    committee = committee_of(swing("M01", access=100, capacity=50))
    (member,) = members_weights(committee, KEYS)
    assert list(member.weights) == list(KEYS)
    assert np.isclose(sum(member.weights.values()), 1.0)
