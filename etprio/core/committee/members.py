"""The Primary Care Commissioning Committee as data: members, the register of interests,
assessor scores per member, attendance, the chair's overrides and the quorum rule
(DESIGN "Governance", DOMAIN "Who decides").

Everything here is a frozen value; a change to the committee is a new :class:`Committee`,
made by the commands in :mod:`etprio.core.project.committee_commands`, so each change can be
undone and is minuted in the decision log.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from etprio.core.committee.weight_answers import WeightAnswers
from etprio.core.errors import InvalidDataError


class CommitteeError(InvalidDataError):
    """A committee change that would make the record wrong (unknown member, no rationale)."""


class Role(StrEnum):
    """Who sits on a PCCC (DOMAIN "Who decides")."""

    GP = "gp"
    LAY_MEMBER = "lay_member"
    CCG_OFFICER = "ccg_officer"
    LMC_OBSERVER = "lmc_observer"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.GP: "GP",
    Role.LAY_MEMBER: "Lay member",
    Role.CCG_OFFICER: "CCG officer",
    Role.LMC_OBSERVER: "LMC observer",
    Role.OTHER: "Other",
}


class InterestKind(StrEnum):
    """The kinds of interest NHS England's conflicts of interest guidance asks for."""

    FINANCIAL = "financial"
    PROFESSIONAL = "professional"
    PERSONAL = "personal"
    INDIRECT = "indirect"


class Aggregate(StrEnum):
    """How member scores become a bid's score: the median by default, because one outlying
    assessor should not move a bid (DESIGN "Governance")."""

    MEDIAN = "median"
    MEAN = "mean"


@dataclass(frozen=True)
class Member:
    """A committee member. ``practice_codes`` are the practices the member works in or for;
    they make the member conflicted on those practices' bids without any declaration."""

    member_id: str
    name: str
    role: Role
    voting: bool = True
    practice_codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        codes = (c.strip().upper() for c in self.practice_codes)
        object.__setattr__(self, "practice_codes", tuple(dict.fromkeys(c for c in codes if c)))


@dataclass(frozen=True)
class Declaration:
    """One entry in the register of interests.

    It may name a practice or a bid (either makes the member conflicted there) or neither
    (a general interest that is registered but conflicts with no bid). ``withheld`` keeps
    it out of the public edition, for declarations whose publication could cause harm.
    """

    declaration_id: int
    member_id: str
    kind: InterestKind
    description: str
    declared_on: date
    practice_code: str | None = None
    bid_id: str | None = None
    withheld: bool = False

    @property
    def against(self) -> str:
        """What the interest is in, as the register shows it."""
        if self.bid_id:
            return f"bid {self.bid_id}"
        if self.practice_code:
            return f"practice {self.practice_code}"
        return "general"


@dataclass(frozen=True)
class MemberScore:
    """One member's assessor score for one bid on one score column (0–5, CONTRACT §1.2)."""

    member_id: str
    bid_id: str
    column: str
    score: float


@dataclass(frozen=True)
class Override:
    """The chair's decision to set a bid's score on one column, with the written reason."""

    bid_id: str
    column: str
    score: float
    rationale: str
    member_id: str | None
    at: str


@dataclass(frozen=True)
class QuorumRule:
    """When the meeting may decide a bid: at least ``min_voting`` voting members present
    and not conflicted on it; optionally one of them a lay member, or lay members the
    majority (some PCCCs' terms of reference require either)."""

    min_voting: int = 3
    require_lay_member: bool = False
    lay_majority: bool = False


@dataclass(frozen=True)
class Committee:
    """The committee of one project.

    ``absent`` holds members not at the meeting; ``stepped_out`` (member_id, bid_id) pairs
    for members who left the room for one item. Everyone else is in the room.
    """

    members: tuple[Member, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    scores: tuple[MemberScore, ...] = ()
    overrides: tuple[Override, ...] = ()
    absent: frozenset[str] = frozenset()
    stepped_out: frozenset[tuple[str, str]] = frozenset()
    quorum: QuorumRule = field(default_factory=QuorumRule)
    aggregate: Aggregate = Aggregate.MEDIAN
    chair_id: str | None = None
    weight_answers: tuple[WeightAnswers, ...] = ()

    def __post_init__(self) -> None:
        """Canonical order, so that two committees with the same content are equal."""
        object.__setattr__(self, "members", tuple(self.members))
        object.__setattr__(
            self, "declarations", tuple(sorted(self.declarations, key=_declaration_key))
        )
        object.__setattr__(self, "scores", tuple(sorted(self.scores, key=_score_key)))
        object.__setattr__(
            self, "overrides", tuple(sorted(self.overrides, key=lambda o: (o.bid_id, o.column)))
        )
        object.__setattr__(self, "absent", frozenset(self.absent))
        object.__setattr__(self, "stepped_out", frozenset(self.stepped_out))
        object.__setattr__(
            self, "weight_answers", tuple(sorted(self.weight_answers, key=lambda a: a.member_id))
        )

    def member(self, member_id: str) -> Member:
        for member in self.members:
            if member.member_id == member_id:
                return member
        raise CommitteeError(f"no committee member with id {member_id!r}")

    def name_of(self, member_id: str | None) -> str:
        """The member's name, or the id when the member has since been removed."""
        if member_id is None:
            return ""
        return next((m.name for m in self.members if m.member_id == member_id), member_id)

    def next_member_id(self) -> str:
        """``M`` and one more than the highest number in use, so ids follow joining order."""
        numbers = [int(m.member_id[1:]) for m in self.members if m.member_id[1:].isdigit()]
        return f"M{max(numbers, default=0) + 1:02d}"

    def next_declaration_id(self) -> int:
        return max((d.declaration_id for d in self.declarations), default=0) + 1

    def in_room(self, member_id: str, bid_id: str) -> bool:
        """Present at the meeting and not stepped out for this bid."""
        return member_id not in self.absent and (member_id, bid_id) not in self.stepped_out

    def override_for(self, bid_id: str, column: str) -> Override | None:
        return next((o for o in self.overrides if o.bid_id == bid_id and o.column == column), None)

    def scores_of(self, member_id: str) -> tuple[MemberScore, ...]:
        return tuple(s for s in self.scores if s.member_id == member_id)

    def weight_answers_of(self, member_id: str) -> WeightAnswers | None:
        return next((a for a in self.weight_answers if a.member_id == member_id), None)

    def without_member(self, member_id: str) -> Committee:
        """The committee with a member and everything recorded against them removed."""
        self.member(member_id)
        return replace(
            self,
            members=tuple(m for m in self.members if m.member_id != member_id),
            declarations=tuple(d for d in self.declarations if d.member_id != member_id),
            scores=tuple(s for s in self.scores if s.member_id != member_id),
            absent=self.absent - {member_id},
            stepped_out=frozenset(p for p in self.stepped_out if p[0] != member_id),
            chair_id=None if self.chair_id == member_id else self.chair_id,
            weight_answers=tuple(a for a in self.weight_answers if a.member_id != member_id),
        )


def _declaration_key(declaration: Declaration) -> int:
    return declaration.declaration_id


def _score_key(score: MemberScore) -> tuple[str, str, str]:
    return (score.member_id, score.bid_id, score.column)
