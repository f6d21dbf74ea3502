"""What the summary and the sign-off say about how the committee decided, derived from the
record this edition prints (CONTRACT §6): a conflicted member who stayed in the room, a bid
decided without a quorum, a chair's override and a member's scores left out are each
stated with the bid, and a reassuring sentence appears only when the record bears it out.
Each statement is one sentence, printed as its own paragraph.
"""

from __future__ import annotations

from etprio.report.pdf.content import CommitteeRecord
from etprio.report.pdf.edition import Edition

STAYED = "stayed in the room"


def governance_statements(edition: Edition) -> list[str]:
    """Sentences about declarations, conflicts, quorum, overrides and excluded scores."""
    record = edition.committee
    if record is None:
        return [
            "No committee record is attached to this edition, so it does not show who was "
            "conflicted, who was in the room or whether the meeting was quorate."
        ]
    return [
        *_declarations(edition),
        *_conflicts(record),
        *_quorum(edition, record),
        *_overrides(record),
        *_exclusions(record),
    ]


def funding_statement(edition: Edition) -> str:
    if edition.content.funding is None:
        return "No budgets were given, so this edition draws no funding line."
    return (
        "The recurrent revenue consequences shown have been considered against the CCG's "
        "financial plans."
    )


def _declarations(edition: Edition) -> list[str]:
    record = edition.content.committee
    if record is None or not record.declarations:
        return ["No member declared an interest."]
    return ["Declarations of interest were recorded in the register."]


def _conflicts(record: CommitteeRecord) -> list[str]:
    if not record.recusals:
        return ["No member was conflicted on any bid."]
    stayed = [r for r in record.recusals if r.status == STAYED]
    found = [
        f"{_first_up(r.member)}, conflicted on {r.bid_id} ({r.reason}), stayed in the room "
        "for it; their scores for it did not count."
        for r in stayed
    ]
    if not stayed:
        found.append(
            "Conflicted members took no part in deciding the bids they were conflicted on: "
            "each stepped out or was absent, and their scores for those bids did not count."
        )
    return found


def _quorum(edition: Edition, record: CommitteeRecord) -> list[str]:
    """Bids decided without a quorum, in rank order."""
    if not record.quorum:
        return ["No members are recorded, so the quorum was not checked."]
    rank = {edition.matrix.bids[i].bid_id: r for r, i in enumerate(edition.order)}
    lines = sorted(record.quorum, key=lambda q: rank.get(q.bid_id, len(rank)))
    short = [q for q in lines if not q.quorate]
    if not short:
        return ["The meeting was quorate for every bid."]
    return [f"{q.bid_id} was decided without a quorum ({q.missing})." for q in short]


def _overrides(record: CommitteeRecord) -> list[str]:
    return [
        f"{_first_up(o.by or 'the chair')} set {o.bid_id}'s {o.criterion} score to "
        f"{o.score:g} of 5" + (f": {o.rationale.rstrip('.')}" if o.rationale else "") + "."
        for o in record.overrides
    ]


def _exclusions(record: CommitteeRecord) -> list[str]:
    return [
        f"Scores of {x.member} for {x.bid_id}"
        + (f" ({', '.join(x.criteria)})" if x.criteria else "")
        + " were left out because of a conflict of interest."
        for x in record.exclusions
    ]


def _first_up(words: str) -> str:
    return words[:1].upper() + words[1:]
