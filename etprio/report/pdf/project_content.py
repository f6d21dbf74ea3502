"""Turning a project's committee record, decision log and settings into the report's own
small types (:mod:`etprio.report.pdf.content`), so the PDF depends on what it prints and not
on how the project store keeps it. The CLI and the GUI both gather a report through here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
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
    from etprio.core.funding_plan import FundingPlan
    from etprio.core.governance import Governance
    from etprio.core.project import Project
    from etprio.core.scoring import Scores

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


def project_content(
    project: Project,
    scores: Scores,
    *,
    funding: FundingPlan | None = None,
    sensitivity: SensitivitySummary | None = None,
    on: date | None = None,
) -> ReportContent:
    """Everything a project knows, ready for :func:`etprio.report.pdf.build_report`."""
    settings = project.settings.report
    cover = CoverSettings(
        ccg_name=settings.ccg_name.strip() or _UNSET_CCG,
        title=settings.title,
        date=on or date.today(),
        version=settings.version,
        protective_marking=settings.protective_marking,
    )
    return ReportContent(
        scores=scores,
        cover=cover,
        funding=funding,
        sensitivity=sensitivity,
        committee=committee_record(project.governance, project.log, project.log.head),
        premises=project.dataset.premises,
        confidential=settings.confidential,
    )
