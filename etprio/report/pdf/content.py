"""What the submission PDF is made of: one frozen value gathered by the caller (CLI or GUI),
so that building the PDF is a pure function of it (DESIGN "Submission PDF").

Only ``scores`` is required. Funding, sensitivity and governance are optional because a CCG
may print a ranking before it has budgets or a committee record; the matching sections then
say what is missing instead of disappearing silently.

The governance and sensitivity types here are the report's own, deliberately small: the
project store and the sensitivity engine convert into them, so the PDF never depends on how
those modules keep their data.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

from etprio.core.resources import DEMO_CCG_NAME

if TYPE_CHECKING:
    from etprio.core.committee.member_weights import CommitteeFunding
    from etprio.core.funding.plan import FundingPlan
    from etprio.core.model import Premises
    from etprio.core.scoring.weighted_sum import Scores

DEFAULT_TITLE = "Estates and Technology Transformation Fund — prioritised submission"
DEFAULT_MARKING = "OFFICIAL-SENSITIVE"
DEFAULT_CONFIDENTIAL = ("notes",)


@dataclass(frozen=True)
class CoverSettings:
    """The project settings printed on the cover and in every footer."""

    ccg_name: str = DEMO_CCG_NAME
    title: str = DEFAULT_TITLE
    date: date = field(default_factory=date.today)
    version: str = "1.0"
    protective_marking: str = DEFAULT_MARKING
    committee: str = "Primary Care Commissioning Committee"
    logo: Path | None = None


@dataclass(frozen=True)
class Member:
    """A committee member as the register of interests names them (DESIGN "Governance")."""

    name: str
    role: str
    voting: bool = True


@dataclass(frozen=True)
class Declaration:
    """One entry of the register of interests.

    ``withheld`` marks a declaration whose publication could cause harm: the public edition
    leaves it out (CONTRACT §5). ``description`` is the member's own words and ``concerns``
    the bid ids and practice codes the interest is in, with every bid it makes the member
    conflicted on: the public edition keeps any line that joins the member to one of them
    out of print (CONTRACT §6).
    """

    member: str
    interest: str
    about: str = "general"
    action: str = ""
    withheld: bool = False
    description: str = ""
    concerns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Recusal:
    """A member conflicted on a bid, whose scores for it do not count (DESIGN "Governance").

    ``status`` says what happened in the meeting ("stepped out", "absent", or "stayed in
    the room", which the chair must be able to see). ``withheld`` hides the reason, not the
    recusal itself (the minutes must show it), when the reason is a withheld declaration.
    """

    member: str
    bid_id: str
    reason: str = ""
    status: str = ""
    withheld: bool = False


@dataclass(frozen=True)
class LogEntry:
    """One decision-log entry; ``kind`` is e.g. "weight change", "override", "recusal"."""

    when: datetime
    member: str
    kind: str
    summary: str
    rationale: str = ""
    withheld: bool = False


@dataclass(frozen=True)
class QuorumLine:
    """Whether the meeting could decide one bid (DESIGN "Governance": enough voting members
    present and not conflicted). ``missing`` says what fell short; ``conflicted_in_room``
    names members conflicted on the bid who stayed."""

    bid_id: str
    quorate: bool
    counted: int
    missing: str = ""
    conflicted_in_room: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScoreOverride:
    """The chair's decision to set a bid's score on one criterion, with the reason."""

    bid_id: str
    criterion: str
    score: float
    rationale: str
    by: str = ""


@dataclass(frozen=True)
class ExcludedScore:
    """A member's scores for a bid left out of its score because of a conflict."""

    member: str
    bid_id: str
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signatory:
    """A name and role printed above a signature line; blank names leave a line to fill in."""

    role: str
    name: str = ""


DEFAULT_SIGNATORIES = (
    Signatory("Chair, Primary Care Commissioning Committee (lay member)"),
    Signatory("Chief Finance Officer"),
    Signatory("Accountable Officer"),
)


@dataclass(frozen=True)
class CommitteeRecord:
    """What a committee must be able to show afterwards (DESIGN "Governance").

    ``log_head`` is the SHA-256 of the last decision-log entry: printing it ties the signed
    PDF to one exact state of the project file (``etprio verify``).
    """

    members: tuple[Member, ...] = ()
    declarations: tuple[Declaration, ...] = ()
    recusals: tuple[Recusal, ...] = ()
    log: tuple[LogEntry, ...] = ()
    log_head: str = ""
    meeting_date: date | None = None
    quorum: tuple[QuorumLine, ...] = ()
    overrides: tuple[ScoreOverride, ...] = ()
    exclusions: tuple[ExcludedScore, ...] = ()


class Stability(Protocol):
    """One CONTRACT §4 ``stability`` interval (weights as fractions of the total); the
    sensitivity engine's ``StabilityInterval`` has this shape."""

    @property
    def criterion(self) -> str: ...
    @property
    def current(self) -> float: ...
    @property
    def low(self) -> float: ...
    @property
    def high(self) -> float: ...
    @property
    def scope(self) -> str: ...
    @property
    def n(self) -> int: ...


@dataclass(frozen=True)
class SensitivitySummary:
    """Sensitivity in plain words ("Bid B07 stays above the line unless …", DESIGN).
    ``sampling`` says how many weightings the shares come from and how precise they are."""

    findings: tuple[str, ...]
    stability: tuple[Stability, ...] = ()
    sampling: str = ""


@dataclass(frozen=True)
class ReportContent:
    """Everything the submission PDF shows; build it once, print it as full or public.

    ``confidential`` lists bid columns (CONTRACT §1.2 names) the public edition leaves out,
    on top of ``notes``, which CONTRACT §5 always leaves out of it.
    ``criterion_rationale`` maps a criterion key to the committee's reason for its weight.
    ``member_weights`` is what each member's weights (from their answers to the weighting
    questions) would rank and fund; None when no member has answered.
    """

    scores: Scores
    cover: CoverSettings = field(default_factory=CoverSettings)
    funding: FundingPlan | None = None
    sensitivity: SensitivitySummary | None = None
    committee: CommitteeRecord | None = None
    premises: tuple[Premises, ...] = ()
    confidential: tuple[str, ...] = DEFAULT_CONFIDENTIAL
    weights_rationale: str = ""
    criterion_rationale: Mapping[str, str] = field(default_factory=dict)
    signatories: tuple[Signatory, ...] = DEFAULT_SIGNATORIES
    member_weights: CommitteeFunding | None = None

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "criterion_rationale", MappingProxyType(dict(self.criterion_rationale))
        )
        object.__setattr__(self, "confidential", tuple(self.confidential))
        object.__setattr__(self, "premises", tuple(self.premises))
