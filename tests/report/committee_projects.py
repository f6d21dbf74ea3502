"""Projects with a committee record made through the core's own commands, as a meeting
makes them (members added, interests declared, members stepping out or staying, absences,
the chair's overrides, member scores), and the report content and PDF text they give."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from hypothesis import strategies as st
from pypdf import PdfReader

from etprio.core.committee.conflicts import related_bids
from etprio.core.committee.members import InterestKind, MemberScore, Role
from etprio.core.project.commands import ProjectCommand
from etprio.core.project.committee_commands import AddMember, ChangeCommitteeRules, DeclareInterest
from etprio.core.project.meeting_commands import (
    ImportMemberScores,
    OverrideScore,
    SetAbsent,
    StepOut,
)
from etprio.core.project.state import Project
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from etprio.report.pdf import CoverSettings, ReportContent, report_bytes
from etprio.report.pdf.committee_record import committee_record
from tests.report.builders import CRITERIA, SCALES, dataset

NAMES = (
    "Margaret Oduya",
    "Dr Helen Ashworth",
    "Dr Rajesh Patel",
    "Sarah Quinlan",
    "Dr Tom Green",
    "David Fenwick",
)
BIDS = 6


def bare_project() -> Project:
    return Project(dataset(BIDS), CRITERIA, SCALES)


def run(project: Project, *commands: ProjectCommand) -> Project:
    for command in commands:
        command.do(project)
    return project


def member(name: str, role: Role = Role.GP, **kwargs: object) -> AddMember:
    return AddMember(name, role, **kwargs)  # type: ignore[arg-type]


def content_of(project: Project) -> ReportContent:
    """The report content of a project, its committee gathered by :func:`committee_record`."""
    scores = score_bids(
        compute_values(project.dataset, project.criteria, project.scales), project.criteria.weights
    )
    record = committee_record(project.governance, project.log, project.log.head, project.criteria)
    return ReportContent(
        scores=scores,
        cover=CoverSettings(date=date(2016, 6, 30)),
        committee=record,
        premises=project.dataset.premises,
    )


@dataclass(frozen=True)
class Printed:
    """A PDF's text, line by line, and its metadata values."""

    lines: tuple[str, ...]
    metadata: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(" ".join(line.split()) for line in self.lines)


def printed(content: ReportContent, *, public: bool) -> Printed:
    reader = PdfReader(io.BytesIO(report_bytes(content, public=public)))
    lines = tuple(
        line for page in reader.pages for line in (page.extract_text() or "").splitlines()
    )
    meta = tuple(str(v) for v in (reader.metadata or {}).values())
    return Printed(lines, meta)


def withheld_places(project: Project, declaration_id: int) -> set[str]:
    """The bid and practice a declaration names, the bids of that practice, and their
    depends-on chains: no public line may join the member's name to any of them."""
    d = next(x for x in project.committee.declarations if x.declaration_id == declaration_id)
    bids = project.dataset.bids
    direct = {b.bid_id for b in bids if d.bid_id == b.bid_id or d.practice_code == b.practice_code}
    chains = related_bids(project.dataset)
    chained = {other for b in direct for other in chains[b]}
    return {p for p in (d.bid_id, d.practice_code) if p} | direct | chained


@st.composite
def meetings(draw: st.DrawFn) -> Project:
    """A committee of 2–6 members and a random meeting: declarations (some withheld) on
    bids, practices or nothing, absences, members stepping out or staying for bids, member
    scores (excluded where conflicted), and the chair's overrides."""
    project = bare_project()
    bids = [b.bid_id for b in project.dataset.bids]
    practices = [b.practice_code for b in project.dataset.bids]
    names = draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=6, unique=True))
    for name in names:
        role = draw(st.sampled_from([Role.GP, Role.LAY_MEMBER, Role.CCG_OFFICER]))
        works = draw(st.lists(st.sampled_from(practices), max_size=1))
        run(project, member(name, role, voting=draw(st.booleans()), practice_codes=works))
    ids = [m.member_id for m in project.committee.members]
    run(project, ChangeCommitteeRules(chair_id=draw(st.sampled_from(ids))))
    for number in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(["bid", "practice", "general"]))
        withheld = draw(st.booleans())
        run(
            project,
            DeclareInterest(
                draw(st.sampled_from(ids)),
                draw(st.sampled_from(list(InterestKind))),
                f"{'Secret' if withheld else 'Open'} interest number Q{number}X",
                declared_on=date(2016, 6, 1),
                bid_id=draw(st.sampled_from(bids)) if target == "bid" else None,
                practice_code=draw(st.sampled_from(practices)) if target == "practice" else None,
                withheld=withheld,
            ),
        )
    events = st.tuples(st.sampled_from(["out", "absent", "score", "override"]), st.data())
    for kind, data in draw(st.lists(events, max_size=8)):
        who, bid = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(bids))
        if kind == "out":
            run(project, StepOut(who, bid))
        elif kind == "absent":
            run(project, SetAbsent(who, True))
        elif kind == "score":
            score = data.draw(st.sampled_from([1.0, 3.0, 5.0]))
            run(project, ImportMemberScores(who, [MemberScore(who, bid, "access_score", score)]))
        else:
            run(project, OverrideScore(bid, "training", 4.0, f"Reason for {bid}"))
    return project
