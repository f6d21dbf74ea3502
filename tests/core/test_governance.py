"""Committee governance (DESIGN "Governance"): conflicts, member scores, quorum and the
commands that record them."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.committee.conflicts import find_conflicts, related_bids
from etprio.core.committee.governance import review
from etprio.core.committee.member_scores import aggregate, read_member_scores, score_dataset
from etprio.core.committee.members import (
    Aggregate,
    Committee,
    CommitteeError,
    Declaration,
    InterestKind,
    Member,
    MemberScore,
    QuorumRule,
    Role,
)
from etprio.core.errors import ImportFailed
from etprio.core.model import Bid, Dataset, SchemeType
from etprio.core.project.commands import SaveScenario, SetWeights, apply_scenario
from etprio.core.project.committee_commands import (
    AddMember,
    ChangeCommitteeRules,
    DeclareInterest,
    RemoveMember,
    WithdrawDeclaration,
)
from etprio.core.project.meeting_commands import (
    ClearOverride,
    ImportMemberScores,
    OverrideScore,
    SetAbsent,
    StepOut,
)
from etprio.core.scoring.weighted_sum import AllWeightsZero
from tests.project_builders import committees, sample_committee, sample_dataset, sample_project
from tests.strategies import datasets


def conflicted_on(committee: Committee, dataset: Dataset, bid_id: str) -> set[str]:
    return {c.member_id for c in find_conflicts(committee, dataset)[bid_id]}


# -- conflicts -------------------------------------------------------------------------------


def test_a_gp_is_conflicted_on_their_practices_bid_and_its_chain_both_ways() -> None:
    committee, dataset = sample_committee(), sample_dataset()
    assert conflicted_on(committee, dataset, "B01") == {"M03"}
    assert conflicted_on(committee, dataset, "B02") == {"M03"}, "B02 depends on B01"
    gp_of_b02 = Member("M09", "Dr Lee", Role.GP, practice_codes=("a81002",))
    committee = replace(committee, members=(*committee.members, gp_of_b02))
    assert "M09" in conflicted_on(committee, dataset, "B01"), "the other direction"
    assert "M09" not in conflicted_on(committee, dataset, "B04")


def test_chains_are_followed_transitively_but_not_to_siblings() -> None:
    def bid(bid_id: str, practice: str, *depends: str) -> Bid:
        return Bid(
            bid_id, bid_id, practice, SchemeType.ESTATES, 1.0, date(2017, 1, 1), depends_on=depends
        )

    dataset = Dataset(
        (
            bid("A", "P00001"),
            bid("B", "P00002", "A"),
            bid("C", "P00003", "B"),
            bid("D", "P00004", "A"),
        )
    )
    assert related_bids(dataset)["C"] == {"A", "B"}
    assert related_bids(dataset)["A"] == {"B", "C", "D"}
    committee = Committee(members=(Member("M1", "GP", Role.GP, practice_codes=("P00003",)),))
    conflicts = find_conflicts(committee, dataset)
    assert [c.bid_id for bid in "ABCD" for c in conflicts[bid]] == ["A", "B", "C"]
    assert "depends-on chain" in conflicts["A"][0].reason


def test_declared_interests_conflict_the_bid_or_the_practice() -> None:
    committee, dataset = sample_committee(), sample_dataset()
    assert conflicted_on(committee, dataset, "B03") == {"M04"}
    (conflict,) = find_conflicts(committee, dataset)["B03"]
    assert conflict.declared and "personal interest in bid B03" in conflict.reason
    by_practice = Declaration(
        3, "M01", InterestKind.FINANCIAL, "shares", date(2016, 1, 1), practice_code="A81004"
    )
    committee = replace(committee, declarations=(*committee.declarations, by_practice))
    assert conflicted_on(committee, dataset, "B04") == {"M01"}
    assert "M05" not in {c for b in "1234" for c in conflicted_on(committee, dataset, f"B0{b}")}


# -- member scores ---------------------------------------------------------------------------


def test_median_of_non_conflicted_scores_with_spread_and_exclusions() -> None:
    governance = review(sample_dataset(), sample_committee())
    b01 = governance.scored.summaries[("B01", "access_score")]
    assert (b01.value, b01.minimum, b01.maximum, b01.n, b01.excluded) == (
        3.0,
        2.0,
        4.0,
        2,
        ("M03",),
    )
    b03 = governance.scored.summaries[("B03", "access_score")]
    assert (b03.value, b03.n, b03.excluded) == (2.0, 2, ("M04",))
    scores = governance.scored.dataset.bids_by_id
    assert scores["B01"].scores["access_score"] == 3.0
    assert scores["B02"].scores["access_score"] == 3.0, "unscored cells keep the import"
    assert scores["B04"].scores["training_score"] == 4.5, "the chair's override wins"
    assert governance.scored.exclusions == {("M03", "B01"), ("M04", "B03")}


def test_mean_is_optional() -> None:
    committee = replace(sample_committee(), aggregate=Aggregate.MEAN)
    summary = review(sample_dataset(), committee).scored.summaries[("B03", "access_score")]
    assert summary.value == 2.0 and summary.source == "members"


def test_a_cell_scored_only_by_conflicted_members_keeps_its_imported_score() -> None:
    committee = Committee(
        members=(Member("M1", "GP", Role.GP, practice_codes=("A81001",)),),
        scores=(MemberScore("M1", "B01", "access_score", 5.0),),
    )
    summary = review(sample_dataset(), committee).scored.summaries[("B01", "access_score")]
    assert (summary.value, summary.source, summary.n, summary.excluded) == (
        3.0,
        "imported",
        0,
        ("M1",),
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_a_conflicted_members_score_never_reaches_the_bid(data) -> None:
    dataset = data.draw(datasets(max_bids=5))
    committee = data.draw(committees(dataset))
    conflicts = find_conflicts(committee, dataset)
    conflicted = {(c.member_id, c.bid_id) for found in conflicts.values() for c in found}
    changed = tuple(
        replace(s, score=data.draw(st.floats(0, 5))) if (s.member_id, s.bid_id) in conflicted else s
        for s in committee.scores
    )
    before = score_dataset(dataset, committee, conflicts).dataset
    after = score_dataset(dataset, replace(committee, scores=changed), conflicts).dataset
    assert before == after


@given(
    st.lists(st.floats(0, 5), min_size=1, max_size=7),
    st.sampled_from(list(Aggregate)),
    st.randoms(),
)
def test_aggregation_ignores_the_order_of_scores(scores, method, rng) -> None:
    shuffled = list(scores)
    rng.shuffle(shuffled)
    assert aggregate(scores, method) == aggregate(shuffled, method)
    assert min(scores) <= aggregate(scores, method) <= max(scores)


def test_committee_score_order_does_not_matter() -> None:
    committee, dataset = sample_committee(), sample_dataset()
    expected = review(dataset, committee).scored.dataset
    for order in itertools.islice(itertools.permutations(committee.scores), 20):
        assert review(dataset, replace(committee, scores=order)).scored.dataset == expected


def write_sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_scores_sheet_with_spreadsheet_headings(tmp_path: Path) -> None:
    path = write_sheet(tmp_path, "Bid ref,Access,Training capacity,Notes\nB01,4,3.5,x\nB03,,2,\n")
    scores, warnings = read_member_scores(path, "M01", sample_dataset())
    assert scores == (
        MemberScore("M01", "B01", "access_score", 4.0),
        MemberScore("M01", "B01", "training_score", 3.5),
        MemberScore("M01", "B03", "training_score", 2.0),
    )
    assert warnings == ()


def test_a_bad_scores_sheet_reports_every_problem_and_imports_nothing(tmp_path: Path) -> None:
    path = write_sheet(tmp_path, "bid_id,access_score\nB01,7\nB99,3\nB01,2\nB03,lots\n")
    with pytest.raises(ImportFailed) as info:
        read_member_scores(path, "M01", sample_dataset())
    messages = [str(p) for p in info.value.problems]
    assert [m.split(":")[1] for m in messages] == ["2", "3", "4", "5"]
    assert "outside 0–5" in messages[0] and "no bid B99" in messages[1]
    assert "row 2" in messages[2] and "not a number" in messages[3]


def test_a_scores_sheet_without_score_columns(tmp_path: Path) -> None:
    path = write_sheet(tmp_path, "bid_id,notes\nB01,x\n")
    with pytest.raises(ImportFailed, match="1 error"):
        read_member_scores(path, "M01", sample_dataset())


# -- quorum ----------------------------------------------------------------------------------


def quorum(committee: Committee, bid_id: str):
    return review(sample_dataset(), committee).quorum[bid_id]


def test_quorum_counts_present_voting_non_conflicted_members() -> None:
    committee = sample_committee()  # M06 absent and non-voting; M05 out for B04
    assert quorum(committee, "B04").counted == ("M01", "M02", "M03", "M04")
    assert quorum(committee, "B01").counted == ("M01", "M02", "M04", "M05")
    assert quorum(committee, "B01").conflicted_in_room == ("M03",)
    assert quorum(committee, "B01").quorate


def test_quorum_fails_without_enough_members() -> None:
    committee = replace(sample_committee(), absent=frozenset({"M02", "M05"}))
    status = quorum(committee, "B01")
    assert not status.quorate and "2 of the 3 voting members" in status.reason


def test_quorum_can_require_a_lay_member() -> None:
    committee = replace(sample_committee(), absent=frozenset({"M01", "M02"}))
    committee = replace(committee, quorum=QuorumRule(min_voting=3, require_lay_member=True))
    assert quorum(committee, "B03").reason == "2 of the 3 voting members needed; no lay member"
    relaxed = replace(committee, quorum=QuorumRule(min_voting=1))
    assert quorum(relaxed, "B03").quorate


def test_quorum_can_require_a_lay_majority() -> None:
    committee = replace(sample_committee(), quorum=QuorumRule(min_voting=1, lay_majority=True))
    assert not quorum(committee, "B04").quorate, "2 lay of 4"
    assert quorum(replace(committee, absent=frozenset({"M03", "M04"})), "B04").quorate


def test_no_committee_no_quorum_judgement() -> None:
    assert review(sample_dataset(), Committee()).quorum == {}


def test_badges_for_the_ranking() -> None:
    governance = review(sample_dataset(), sample_committee())
    assert governance.badge("B01") == "⚠ 1 conflicted · conflict in room"
    assert governance.badge("B04") == ""
    assert "chair's override on Training score (0–5)" in governance.flags("B04")
    assert governance.flags("B01")[0] == "conflicted: Dr Helen Ashworth"


# -- commands --------------------------------------------------------------------------------


def test_every_command_undoes_and_is_minuted() -> None:
    project = sample_project()
    start = len(project.log)
    command = AddMember("Dr New", Role.GP, practice_codes=["A81004"], actor="sec@ccg")
    entry = command.do(project)
    assert entry.action == "committee_change" and entry.actor == "sec@ccg"
    assert project.committee.members[-1].member_id == "M07"
    assert command.text == "Member added: Dr New (GP, voting)"
    undo = command.undo(project)
    assert project.committee == sample_committee()
    assert undo.details["undoes"] == entry.seq and undo.summary.startswith("Undone:")
    command.do(project)
    assert project.committee.members[-1].name == "Dr New"
    assert len(project.log) == start + 3


def test_a_refused_command_changes_nothing() -> None:
    project = sample_project()
    before = (project.committee, len(project.log))
    for command in (
        OverrideScore("B01", "access", 4, rationale=" "),
        OverrideScore("B01", "deliverability", 4, rationale="x"),
        OverrideScore("B01", "access", 6, rationale="x"),
        DeclareInterest("M99", InterestKind.FINANCIAL, "x"),
        StepOut("M01", "B99"),
        RemoveMember("M99"),
        WithdrawDeclaration(42),
        ClearOverride("B01", "access_score"),
    ):
        with pytest.raises(CommitteeError):
            command.do(project)
    assert (project.committee, len(project.log)) == before


def test_a_late_declaration_minutes_the_scores_it_excludes() -> None:
    project = sample_project()
    entry = DeclareInterest(
        "M01", InterestKind.FINANCIAL, "Landlord of Mill Street", practice_code="a81001"
    ).do(project)
    assert entry.details["scores_excluded"] == ["Margaret Oduya on B01"]
    assert project.dataset.bids_by_id["B01"].scores["access_score"] == 2.0
    (declaration_id,) = [
        d.declaration_id for d in project.committee.declarations if d.member_id == "M01"
    ]
    withdrawn = WithdrawDeclaration(declaration_id).do(project)
    assert withdrawn.details["scores_readmitted"] == ["Margaret Oduya on B01"]


def test_stepping_out_while_conflicted_is_a_recusal() -> None:
    project = sample_project()
    recusal = StepOut("M03", "B01").do(project)
    assert recusal.action == "recusal" and "works at A81001" in recusal.summary
    assert project.governance.quorum["B01"].conflicted_in_room == ()
    assert StepOut("M01", "B01").do(project).action == "attendance"
    assert SetAbsent("M02", True).do(project).summary == "David Fenwick marked absent"
    assert not project.governance.quorum["B01"].quorate


def test_member_scores_and_overrides_reach_the_ranking_data() -> None:
    project = sample_project()
    scores = (MemberScore("M05", "B02", "capacity_score", 1.0),)
    ImportMemberScores("M05", scores, Path("quinlan.csv")).do(project)
    assert project.dataset.bids_by_id["B02"].scores["capacity_score"] == 1.0
    entry = OverrideScore("B02", "capacity", 4.5, rationale="Site visit showed more rooms").do(
        project
    )
    assert entry.rationale == "Site visit showed more rooms"
    assert (
        entry.summary
        == "Margaret Oduya set the Clinical capacity out of hospital score of B02: 1 → 4.5"
    )
    assert project.dataset.bids_by_id["B02"].scores["capacity_score"] == 4.5
    assert project.imported.bids_by_id["B02"].scores["capacity_score"] == 4.0


def test_rules_weights_and_scenarios() -> None:
    project = sample_project()
    ChangeCommitteeRules(aggregate=Aggregate.MEAN, chair_id="M02").do(project)
    assert project.committee.aggregate is Aggregate.MEAN and project.committee.chair_id == "M02"
    change = SetWeights({"training": 5}, rationale="back to the file").do(project)
    assert change.summary == "Weights: Training capacity 20 → 5"
    assert project.criteria.weights[2] == 5
    SaveScenario("Low training", note="finance's view").do(project)
    assert project.scenario("Low training").weights["training"] == 5
    apply_scenario(project, "Training first").do(project)
    assert project.criteria.criterion("training").weight == 30
    with pytest.raises(AllWeightsZero, match="all weights are zero"):
        SetWeights(dict.fromkeys(project.criteria.keys, 0)).do(project)


def test_a_scores_sheet_with_a_column_twice(tmp_path: Path) -> None:
    path = write_sheet(tmp_path, "bid_id,Access,access_score\nB01,4,3\n")
    with pytest.raises(ImportFailed) as info:
        read_member_scores(path, "M01", sample_dataset())
    assert "columns B and C both hold access_score" in str(info.value.problems[0])


def test_member_ids_follow_joining_order() -> None:
    project = sample_project()
    RemoveMember("M03").do(project)
    AddMember("Dr Later", Role.GP).do(project)
    assert project.committee.members[-1].member_id == "M07"
