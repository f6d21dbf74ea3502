"""The submission's content from a workspace: the project's committee record, decision log
and settings turned into the report's own small types (:mod:`etprio.report.pdf.content`), so
the PDF depends on what it prints and not on how the project store keeps it.

:func:`write_submission` is the one way a submission is made: ``etprio report`` and the
app's export actions both call it on the workspace they show.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.report.pdf.content import (
    CommitteeRecord,
    CoverSettings,
    Declaration,
    LogEntry,
    Member,
    Recusal,
    ReportContent,
    SensitivitySummary,
)

if TYPE_CHECKING:
    from etprio.core import decision_log
    from etprio.core.committee import Committee
    from etprio.core.committee import Declaration as RegisteredInterest
    from etprio.core.funding import FundingLimits
    from etprio.core.governance import Governance
    from etprio.core.scoring import Scores
    from etprio.core.workspace import Workspace

_UNSET_CCG = "CCG name not set"


def committee_record(
    governance: Governance, log: Iterable[decision_log.LogEntry], head: str = ""
) -> CommitteeRecord:
    """The register, recusals and log of a project as the report prints them."""
    committee = governance.committee
    withheld = [d for d in committee.declarations if d.withheld]
    recusals = []
    for bid_id, conflicts in governance.conflicts.items():
        for conflict in conflicts:
            recusals.append(
                Recusal(
                    member=committee.name_of(conflict.member_id),
                    bid_id=bid_id,
                    reason=conflict.reason,
                    status=_status(committee, conflict.member_id, bid_id),
                    withheld=conflict.declared
                    and any(d.member_id == conflict.member_id for d in withheld),
                )
            )
    entries = tuple(_log_entry(e, withheld) for e in log)
    return CommitteeRecord(
        members=tuple(Member(m.name, m.role.label, m.voting) for m in committee.members),
        declarations=tuple(_declaration(committee, governance, d) for d in committee.declarations),
        recusals=tuple(recusals),
        log=entries,
        log_head=head,
    )


def _status(committee: Committee, member_id: str, bid_id: str) -> str:
    if member_id in committee.absent:
        return "absent"
    if not committee.in_room(member_id, bid_id):
        return "stepped out"
    return "stayed in the room"


def _declaration(
    committee: Committee, governance: Governance, declared: RegisteredInterest
) -> Declaration:
    marker = f"interest in {declared.against}"
    bids = sorted(
        bid_id
        for bid_id, conflicts in governance.conflicts.items()
        for c in conflicts
        if c.member_id == declared.member_id and c.declared and marker in c.reason
    )
    action = f"Scores excluded for {', '.join(bids)}" if bids else "Registered; no bid affected"
    return Declaration(
        member=committee.name_of(declared.member_id),
        interest=f"{declared.kind.value.capitalize()}: {declared.description}",
        about=declared.against,
        action=action,
        withheld=declared.withheld,
    )


def _log_entry(entry: decision_log.LogEntry, withheld: Sequence[RegisteredInterest]) -> LogEntry:
    """A log entry, marked withheld when it would repeat a withheld declaration: it names
    its id, or quotes its description (CONTRACT §5 leaves such declarations out)."""
    details = entry.details
    ids = {d.declaration_id for d in withheld}
    quoted = any(
        d.description and d.description in f"{entry.details_json} {entry.rationale}"
        for d in withheld
    )
    hidden = quoted or details.get("declaration_id") in ids or details.get("withheld") is True
    return LogEntry(
        when=_when(entry.at),
        member=entry.actor,
        kind=entry.action.replace("_", " "),
        summary=entry.summary,
        rationale=entry.rationale,
        withheld=hidden,
    )


def _when(stamp: str) -> datetime:
    try:
        return datetime.fromisoformat(stamp)
    except ValueError:  # a damaged timestamp still lists; `etprio verify` reports it
        return datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class SensitivityOptions:
    """How the submission's sensitivity section is sampled; the same defaults in the app
    and ``etprio report``, so both print the same sentences for the same project."""

    samples: int = 10_000
    seed: int = 0
    top: int = 5


def submission_content(
    workspace: Workspace,
    *,
    on: date | None = None,
    logo: Path | None = None,
    sensitivity: SensitivityOptions = SensitivityOptions(),
) -> ReportContent:
    """The whole submission for what ``workspace`` shows: its ranking, its funding line
    under its budgets, sensitivity, the committee record and the cover from its report
    settings. ``etprio report`` and the app's File → Export submission PDF both call this
    (CONTRACT §6: the same document, apart from when it was generated)."""
    project = workspace.project
    scores = workspace.scores
    limits = workspace.limits
    settings = project.settings.report
    cover = CoverSettings(
        ccg_name=settings.ccg_name.strip() or _UNSET_CCG,
        title=settings.title,
        date=on or date.today(),
        version=settings.version,
        protective_marking=settings.protective_marking,
        logo=logo or _logo(settings.logo),
    )
    return ReportContent(
        scores=scores,
        cover=cover,
        funding=workspace.funding_plan(),
        sensitivity=_sensitivity(scores, limits, sensitivity),
        committee=committee_record(project.governance, project.log, project.log.head),
        premises=project.dataset.premises,
        confidential=settings.confidential,
    )


def write_submission(
    path: Path,
    workspace: Workspace,
    *,
    public: bool = False,
    on: date | None = None,
    logo: Path | None = None,
    sensitivity: SensitivityOptions = SensitivityOptions(),
) -> None:
    """Write the full or the public edition of the submission for ``workspace``."""
    from etprio.report.pdf import build_report

    content = submission_content(workspace, on=on, logo=logo, sensitivity=sensitivity)
    build_report(path, content, public=public)


def _logo(saved: str) -> Path | None:
    """The logo saved in the project, when the file is still there (a cover without a
    logo is better than no submission)."""
    if not saved:
        return None
    path = Path(saved)
    return path if path.is_file() else None


def _sensitivity(
    scores: Scores, limits: FundingLimits | None, options: SensitivityOptions
) -> SensitivitySummary:
    """Stability intervals and plain-language findings, seeded so that the same project
    prints the same sentences every time."""
    from etprio.core.findings import findings
    from etprio.core.smaa import smaa
    from etprio.core.stability import stability_intervals

    intervals = stability_intervals(scores, top=options.top, limits=limits)
    result = smaa(
        scores, samples=options.samples, seed=options.seed, top=options.top, limits=limits
    )
    return SensitivitySummary(findings(scores, intervals, result), intervals)
