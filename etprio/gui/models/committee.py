"""Table models for the Committee tab (DESIGN "Governance"): members, the register of
interests, who is in the room for the item under discussion, the quorum per bid and the
spread of member scores. Rows are computed from the project's core objects; nothing here
decides who is conflicted or quorate — :mod:`etprio.core.committee.governance` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from etprio.core.committee.member_scores import ScoreSummary
from etprio.core.committee.members import Declaration, Member
from etprio.core.project.state import Project
from etprio.core.wording import format_date, yes_no
from etprio.gui.models.row_table import ColumnSpec, RowTableModel


@dataclass(frozen=True)
class MemberRow:
    member: Member
    chair: bool
    present: bool
    conflicted_on: tuple[str, ...]


@dataclass(frozen=True)
class DeclarationRow:
    declaration: Declaration
    member_name: str


@dataclass(frozen=True)
class RoomRow:
    member: Member
    absent: bool
    in_room: bool
    conflict: str


@dataclass(frozen=True)
class QuorumRow:
    bid_id: str
    title: str
    conflicted: str
    counted: int
    quorate: bool
    reason: str


def _names(items: tuple[str, ...]) -> str:
    return ", ".join(items)


class MembersModel(RowTableModel):
    """Members in committee order; the Present column is ticked for those at the meeting."""

    NAME, PRESENT, ROLE, VOTING, PRACTICES, CONFLICTED = range(6)
    columns = (
        ColumnSpec("Name", lambda r: r.member.name + (" (chair)" if r.chair else "")),
        ColumnSpec(
            "Present",
            lambda r: r.present,
            checkable=True,
            header_tip="Tick the members at the meeting",
        ),
        ColumnSpec("Role", lambda r: r.member.role.label),
        ColumnSpec("Voting", lambda r: r.member.voting, yes_no),
        ColumnSpec(
            "Practices",
            lambda r: r.member.practice_codes,
            _names,
            header_tip="ODS codes of the practices the member works in or for",
        ),
        ColumnSpec("Conflicted on", lambda r: r.conflicted_on, _names),
    )

    def set_project(self, project: Project) -> None:
        committee, conflicts = project.committee, project.governance.conflicts
        by_member: dict[str, list[str]] = {}
        for bid_id, found in conflicts.items():
            for conflict in found:
                by_member.setdefault(conflict.member_id, []).append(bid_id)
        self.set_rows(
            MemberRow(
                m,
                m.member_id == committee.chair_id,
                m.member_id not in committee.absent,
                tuple(by_member.get(m.member_id, ())),
            )
            for m in committee.members
        )


class DeclarationsModel(RowTableModel):
    """The register of interests; withheld entries stay out of the public edition."""

    columns = (
        ColumnSpec("No.", lambda r: r.declaration.declaration_id),
        ColumnSpec("Member", lambda r: r.member_name),
        ColumnSpec("Interest", lambda r: r.declaration.kind.value.capitalize()),
        ColumnSpec("In", lambda r: r.declaration.against),
        ColumnSpec("Declared", lambda r: r.declaration.declared_on, format_date),
        ColumnSpec(
            "Description",
            lambda r: r.declaration.description,
            tooltip=lambda r: r.declaration.description,
        ),
        ColumnSpec(
            "Withheld",
            lambda r: r.declaration.withheld,
            yes_no,
            header_tip="Withheld declarations are left out of the public edition",
        ),
    )

    def set_project(self, project: Project) -> None:
        committee = project.committee
        self.set_rows(
            DeclarationRow(d, committee.name_of(d.member_id)) for d in committee.declarations
        )


class RoomModel(RowTableModel):
    """Members for the item under discussion; untick "In the room" when one steps out."""

    IN_ROOM = 1
    columns = (
        ColumnSpec("Member", lambda r: r.member.name),
        ColumnSpec(
            "In the room",
            lambda r: r.in_room,
            checkable=True,
            tooltip=lambda r: "Absent from the meeting" if r.absent else None,
        ),
        ColumnSpec("Role", lambda r: r.member.role.label),
        ColumnSpec("Voting", lambda r: r.member.voting, yes_no),
        ColumnSpec("Conflict", lambda r: r.conflict, tooltip=lambda r: r.conflict or None),
    )

    def set_project(self, project: Project, bid_id: str | None) -> None:
        if bid_id is None or bid_id not in project.imported.bids_by_id:
            self.set_rows(())
            return
        committee = project.committee
        reasons = {c.member_id: c.reason for c in project.governance.conflicts.get(bid_id, ())}
        self.set_rows(
            RoomRow(
                m,
                m.member_id in committee.absent,
                committee.in_room(m.member_id, bid_id),
                reasons.get(m.member_id, ""),
            )
            for m in committee.members
        )


class QuorumModel(RowTableModel):
    """Every bid: whether the meeting is quorate for it, how many voting members count,
    and who is conflicted (DESIGN "Governance")."""

    columns = (
        ColumnSpec("Bid", lambda r: r.bid_id),
        ColumnSpec("Quorate", lambda r: r.quorate, yes_no),
        ColumnSpec("Voting members counted", lambda r: r.counted),
        ColumnSpec("Conflicted", lambda r: r.conflicted),
        ColumnSpec("What is missing", lambda r: r.reason),
        ColumnSpec("Title", lambda r: r.title, tooltip=lambda r: r.title),
    )

    def set_project(self, project: Project) -> None:
        governance = project.governance
        committee = project.committee
        rows = []
        for bid in project.imported.bids:
            status = governance.quorum.get(bid.bid_id)
            names = [committee.name_of(c.member_id) for c in governance.conflicts[bid.bid_id]]
            rows.append(
                QuorumRow(
                    bid.bid_id,
                    bid.title,
                    ", ".join(names),
                    len(status.counted) if status else 0,
                    bool(status and status.quorate),
                    status.reason if status else "no committee recorded",
                )
            )
        self.set_rows(rows)


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


@dataclass(frozen=True)
class SpreadRow:
    summary: ScoreSummary
    left_out: str


class ScoreSpreadModel(RowTableModel):
    """Each committee-scored cell: the score the bid carries, where it came from, and the
    spread of the members' scores, so the chair sees where members disagree."""

    columns = (
        ColumnSpec("Bid", lambda r: r.summary.bid_id),
        ColumnSpec("Score column", lambda r: r.summary.column),
        ColumnSpec("Score", lambda r: r.summary.value, _score),
        ColumnSpec("From", lambda r: r.summary.source),
        ColumnSpec("Lowest", lambda r: r.summary.minimum, _score),
        ColumnSpec("Highest", lambda r: r.summary.maximum, _score),
        ColumnSpec("Members counted", lambda r: r.summary.n),
        ColumnSpec("Left out (conflicted)", lambda r: r.left_out),
    )

    def set_project(self, project: Project) -> None:
        committee = project.committee
        summaries = sorted(
            project.governance.scored.summaries.values(), key=lambda s: (s.bid_id, s.column)
        )
        self.set_rows(
            SpreadRow(s, ", ".join(committee.name_of(m) for m in s.excluded)) for s in summaries
        )
