"""The public edition leaks no withheld declaration (CONTRACT §6): over random committees
and meetings, no withheld description and no line joining a withheld declaration's member
to its bid or practice appears in the public PDF's text or metadata; the full edition shows
everything."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings

from etprio.core.committee.members import InterestKind, Role
from etprio.core.project.committee_commands import DeclareInterest
from etprio.core.project.meeting_commands import StepOut
from etprio.core.project.state import Project
from tests.report.committee_projects import (
    bare_project,
    content_of,
    meetings,
    member,
    printed,
    run,
    withheld_places,
)


def _word(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def _leaks(project: Project, lines: tuple[str, ...]) -> list[str]:
    found = []
    committee = project.committee
    for d in committee.declarations:
        if not d.withheld:
            continue
        name = _word(committee.name_of(d.member_id))
        places = [_word(p) for p in withheld_places(project, d.declaration_id)]
        for line in lines:
            if d.description in line:
                found.append(f"description in {line!r}")
            elif name.search(line) and any(p.search(line) for p in places):
                found.append(f"{committee.name_of(d.member_id)} beside its bid in {line!r}")
    return found


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(meetings())
def test_the_public_edition_never_joins_a_withheld_interest_to_its_member(
    project: Project,
) -> None:
    content = content_of(project)
    public = printed(content, public=True)
    assert _leaks(project, public.lines + public.metadata) == []
    full = printed(content, public=False)
    for d in project.committee.declarations:
        assert d.description in full.text


def _tom_recused_from_a_withheld_interest() -> Project:
    """The case that was reported: Tom Green declares a withheld professional interest in
    Z003 and leaves the room for it."""
    project = bare_project()
    run(project, member("Margaret Oduya", Role.LAY_MEMBER), member("Dr Tom Green"))
    run(
        project,
        DeclareInterest(
            "M02",
            InterestKind.PROFESSIONAL,
            "Shareholder in the developer building the new surgery",
            declared_on=date(2016, 6, 1),
            bid_id="Z003",
            withheld=True,
        ),
        StepOut("M02", "Z003"),
    )
    return project


def test_the_decision_log_no_longer_minutes_the_withheld_recusal_by_name() -> None:
    project = _tom_recused_from_a_withheld_interest()
    public = printed(content_of(project), public=True)
    assert _leaks(project, public.lines + public.metadata) == []
    assert "a declared interest (not published)" in public.text
    assert "Dr Tom Green" in public.text  # still listed as a member
    full = printed(content_of(project), public=False)
    assert "Dr Tom Green recused from Z003 and left the room" in full.text
    assert "Shareholder in the developer building the new surgery" in full.text


def test_the_public_recusal_keeps_the_bid_and_what_happened_but_not_who() -> None:
    project = _tom_recused_from_a_withheld_interest()
    text = printed(content_of(project), public=True).text
    recusals = text[text.index("Recusals Bid Member") : text.index("Quorum for each bid")]
    assert "Z003 A member (not published) a declared interest (not published) stepped out" in (
        recusals
    )
    assert "Tom" not in recusals
