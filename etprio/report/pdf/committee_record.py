"""A project's committee record — register, recusals, quorum per bid, the chair's
overrides, excluded scores and the decision log — as the report's own small types
(:mod:`etprio.report.pdf.content`). Everything the sign-off states is derived from what
this gathers, so it can never say more than the record shows (CONTRACT §6).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from etprio.core.committee.conflicts import related_bids
from etprio.report.pdf.content import (
    CommitteeRecord,
    Declaration,
    ExcludedScore,
    LogEntry,
    Member,
    QuorumLine,
    Recusal,
    ScoreOverride,
)

if TYPE_CHECKING:
    from etprio.core.committee.governance import Governance
    from etprio.core.committee.members import Committee
    from etprio.core.committee.members import Declaration as RegisteredInterest
    from etprio.core.model import Dataset
    from etprio.core.project import decision_log
    from etprio.core.scoring.criteria import CriteriaSet


def committee_record(
    governance: Governance,
    log: Iterable[decision_log.LogEntry],
    head: str = "",
    criteria: CriteriaSet | None = None,
) -> CommitteeRecord:
    """The committee record of a project as the report prints it; ``criteria`` names the
    score columns by their labels (the column name stands in without it)."""
    committee = governance.committee
    dataset = governance.scored.dataset
    labels = _column_labels(criteria)
    concerns = {d.declaration_id: _concerns(d, dataset) for d in committee.declarations}
    withheld = [d for d in committee.declarations if d.withheld]
    recusals = tuple(
        Recusal(
            member=committee.name_of(conflict.member_id),
            bid_id=bid_id,
            reason=conflict.reason,
            status=_status(committee, conflict.member_id, bid_id),
            withheld=any(
                d.member_id == conflict.member_id and bid_id in concerns[d.declaration_id]
                for d in withheld
            ),
        )
        for bid_id, conflicts in governance.conflicts.items()
        for conflict in conflicts
    )
    return CommitteeRecord(
        members=tuple(Member(m.name, m.role.label, m.voting) for m in committee.members),
        declarations=tuple(
            _declaration(committee, governance, d, concerns[d.declaration_id])
            for d in committee.declarations
        ),
        recusals=recusals,
        log=tuple(_log_entry(e, withheld) for e in log),
        log_head=head,
        quorum=tuple(
            QuorumLine(
                bid_id=status.bid_id,
                quorate=status.quorate,
                counted=len(status.counted),
                missing=status.reason,
                conflicted_in_room=tuple(committee.name_of(m) for m in status.conflicted_in_room),
            )
            for status in governance.quorum.values()
        ),
        overrides=tuple(
            ScoreOverride(
                bid_id=o.bid_id,
                criterion=labels.get(o.column, o.column),
                score=o.score,
                rationale=o.rationale,
                by=committee.name_of(o.member_id),
            )
            for o in committee.overrides
        ),
        exclusions=_exclusions(governance, labels),
    )


def _column_labels(criteria: CriteriaSet | None) -> Mapping[str, str]:
    if criteria is None:
        return {}
    return {c.column: c.label for c in criteria.criteria if c.column}


def _concerns(declared: RegisteredInterest, dataset: Dataset) -> tuple[str, ...]:
    """The bid and practice a declaration names, and every bid it makes its member
    conflicted on: those bids and their depends-on chains (as :mod:`etprio.core.committee.conflicts`
    works them out)."""
    named = [p for p in (declared.bid_id, declared.practice_code) if p]
    direct = [
        b.bid_id
        for b in dataset.bids
        if b.bid_id == declared.bid_id or b.practice_code == declared.practice_code
    ]
    chains = related_bids(dataset)
    chained = {other for bid_id in direct for other in chains.get(bid_id, ())}
    return tuple(dict.fromkeys([*named, *direct, *sorted(chained)]))


def _status(committee: Committee, member_id: str, bid_id: str) -> str:
    if member_id in committee.absent:
        return "absent"
    if not committee.in_room(member_id, bid_id):
        return "stepped out"
    return "stayed in the room"


def _declaration(
    committee: Committee,
    governance: Governance,
    declared: RegisteredInterest,
    concerns: tuple[str, ...],
) -> Declaration:
    bids = sorted(
        bid_id
        for bid_id, conflicts in governance.conflicts.items()
        for c in conflicts
        if c.member_id == declared.member_id and bid_id in concerns
    )
    action = f"Scores excluded for {', '.join(bids)}" if bids else "Registered; no bid affected"
    return Declaration(
        member=committee.name_of(declared.member_id),
        interest=f"{declared.kind.value.capitalize()}: {declared.description}",
        about=declared.against,
        action=action,
        withheld=declared.withheld,
        description=declared.description,
        concerns=concerns,
    )


def _exclusions(governance: Governance, labels: Mapping[str, str]) -> tuple[ExcludedScore, ...]:
    found: dict[tuple[str, str], list[str]] = {}
    for summary in governance.scored.summaries.values():
        for member_id in summary.excluded:
            label = labels.get(summary.column, summary.column)
            found.setdefault((member_id, summary.bid_id), []).append(label)
    committee = governance.committee
    return tuple(
        ExcludedScore(committee.name_of(member_id), bid_id, tuple(columns))
        for (member_id, bid_id), columns in sorted(found.items(), key=lambda kv: kv[0][::-1])
    )


def _log_entry(entry: decision_log.LogEntry, withheld: Sequence[RegisteredInterest]) -> LogEntry:
    """A log entry, marked withheld when it records a withheld declaration itself (the
    public edition's redaction rule catches every other line that would reveal one)."""
    details = entry.details
    ids = {d.declaration_id for d in withheld}
    hidden = details.get("declaration_id") in ids or details.get("withheld") is True
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
    except ValueError:  # a damaged timestamp still lists; etprio verify reports it
        return datetime.min.replace(tzinfo=UTC)
