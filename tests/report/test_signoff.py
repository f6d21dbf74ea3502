"""The sign-off states what the record shows (CONTRACT §6): for each statement, the record
that makes it true and the one that makes it false, read back from the printed page."""

from __future__ import annotations

import io
from dataclasses import replace

from pypdf import PdfReader

from etprio.core.committee.members import MemberScore, Role
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import plan_funding
from etprio.core.project.committee_commands import AddMember, ChangeCommitteeRules
from etprio.core.project.meeting_commands import (
    ImportMemberScores,
    OverrideScore,
    SetAbsent,
    StepOut,
)
from etprio.core.project.state import Project
from etprio.report.pdf import ReportContent, report_bytes
from tests.report.committee_projects import bare_project, content_of, member, run

NO_CONFLICT_IN_ROOM = "Conflicted members took no part in deciding the bids they were conflicted on"
QUORATE = "The meeting was quorate for every bid."


def signoff(content: ReportContent, *, public: bool = False) -> str:
    """The sign-off page's text: the last pages, from its heading on."""
    reader = PdfReader(io.BytesIO(report_bytes(content, public=public)))
    pages = [p.extract_text() or "" for p in reader.pages[-2:]]
    text = " ".join(" ".join(pages).split())
    return text[text.rindex("Sign-off On behalf of") :]


def committee(*absent: str) -> Project:
    """A lay chair, a lay member, an officer and a GP who works at Z003's practice."""
    project = run(
        bare_project(),
        member("Margaret Oduya", Role.LAY_MEMBER),
        member("David Fenwick", Role.LAY_MEMBER),
        member("Sarah Quinlan", Role.CCG_OFFICER),
        AddMember("Dr Helen Ashworth", Role.GP, practice_codes=("A80003",)),
        ChangeCommitteeRules(chair_id="M01"),
    )
    for member_id in absent:
        run(project, SetAbsent(member_id, True))
    return project


def test_a_conflicted_member_who_stepped_out_makes_the_boilerplate_true() -> None:
    project = run(committee(), StepOut("M04", "Z003"))  # Z004 depends on Z003
    assert NO_CONFLICT_IN_ROOM not in signoff(content_of(project))
    text = signoff(content_of(run(project, StepOut("M04", "Z004"))))
    assert NO_CONFLICT_IN_ROOM in text
    assert "stayed in the room" not in text


def test_a_conflicted_member_who_stayed_is_stated_with_the_bid_and_no_boilerplate() -> None:
    text = signoff(content_of(committee()))
    assert NO_CONFLICT_IN_ROOM not in text
    stayed = (
        "Dr Helen Ashworth, conflicted on Z003 (works at A80003, the bid's practice), "
        "stayed in the room for it"
    )
    assert stayed in text


def test_quorum_for_every_bid_is_stated_only_when_true() -> None:
    assert QUORATE in signoff(content_of(committee()))
    text = signoff(content_of(committee("M02", "M03")))
    assert QUORATE not in text
    assert "Z001 was decided without a quorum (2 of the 3 voting members needed)." in text
    assert "Z003 was decided without a quorum (1 of the 3 voting members needed)." in text


def test_a_chairs_override_is_stated_with_the_bid() -> None:
    assert "score to" not in signoff(content_of(committee()))
    project = run(committee(), OverrideScore("Z002", "training", 4.5, "Teaching practice"))
    text = signoff(content_of(project))
    assert "Margaret Oduya set Z002's Training capacity score to 4.5 of 5: Teaching practice." in (
        text
    )


def test_an_excluded_member_score_is_stated_with_the_bid() -> None:
    scored = MemberScore("M04", "Z002", "access_score", 5.0)
    unconflicted = run(committee(), ImportMemberScores("M04", [scored]))
    assert "were left out" not in signoff(content_of(unconflicted))
    conflicted = MemberScore("M04", "Z003", "access_score", 5.0)
    project = run(committee(), ImportMemberScores("M04", [conflicted]))
    text = signoff(content_of(project))
    assert "Scores of Dr Helen Ashworth for Z003 (Extended and seven-day access) were left out" in (
        text
    )


def test_declarations_are_claimed_only_when_some_were_made() -> None:
    from tests.report.test_public_edition import _tom_recused_from_a_withheld_interest

    assert "No member declared an interest." in signoff(content_of(committee()))
    text = signoff(content_of(_tom_recused_from_a_withheld_interest()), public=True)
    assert "Declarations of interest were recorded in the register." in text
    assert "No member declared an interest." not in text


def test_without_a_committee_record_nothing_is_claimed_about_conflicts() -> None:
    content = replace(content_of(committee()), committee=None)
    text = signoff(content)
    assert "No committee record is attached" in text
    assert NO_CONFLICT_IN_ROOM not in text and QUORATE not in text


def test_the_recurrent_revenue_sentence_needs_budgets() -> None:
    content = content_of(committee())
    assert "No budgets were given" in signoff(content)
    funded = replace(content, funding=plan_funding(content.scores, FundingLimits(900_000, 9_000)))
    text = signoff(funded)
    assert "recurrent revenue consequences shown have been considered" in text
    assert "No budgets were given" not in text
