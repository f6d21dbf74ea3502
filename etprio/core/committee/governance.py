"""What the committee record means for each bid: conflicts, the scores that count and the
quorum, worked out together from the data and the committee (DESIGN "Governance").

The ranking shows a badge from :meth:`Governance.badge` beside each bid; the report and
the committee panel read the same object, so they cannot tell different stories.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from etprio.core.committee.conflicts import Conflict, find_conflicts
from etprio.core.committee.member_scores import ScoredDataset, score_dataset
from etprio.core.committee.members import Committee
from etprio.core.committee.quorum import QuorumStatus, quorum_by_bid
from etprio.core.model import Dataset
from etprio.core.wording import column_label, join_words


@dataclass(frozen=True)
class Governance:
    committee: Committee
    conflicts: Mapping[str, tuple[Conflict, ...]]
    scored: ScoredDataset
    quorum: Mapping[str, QuorumStatus]

    def flags(self, bid_id: str) -> tuple[str, ...]:
        """Plain-language remarks for the ranking's flags column and the report."""
        remarks = []
        conflicted = self.conflicts.get(bid_id, ())
        if conflicted:
            names = ", ".join(self.committee.name_of(c.member_id) for c in conflicted)
            remarks.append(f"conflicted: {names}")
        status = self.quorum.get(bid_id)
        if status is not None and status.conflicted_in_room:
            names = ", ".join(self.committee.name_of(m) for m in status.conflicted_in_room)
            remarks.append(f"conflicted member in the room: {names}")
        if status is not None and not status.quorate:
            remarks.append(f"not quorate ({status.reason})")
        overridden = [
            s.column
            for (b, _), s in self.scored.summaries.items()
            if b == bid_id and s.source == "override"
        ]
        if overridden:
            named = [column_label(c) for c in overridden]
            remarks.append(f"chair's override on {join_words(named, shown=len(named))}")
        return tuple(remarks)

    def badge(self, bid_id: str) -> str:
        """A short badge: ``⚠ 2 conflicted · not quorate``; empty when nothing to flag."""
        parts = []
        conflicted = len(self.conflicts.get(bid_id, ()))
        if conflicted:
            parts.append(f"{conflicted} conflicted")
        status = self.quorum.get(bid_id)
        if status is not None and status.conflicted_in_room:
            parts.append("conflict in room")
        if status is not None and not status.quorate:
            parts.append("not quorate")
        return ("⚠ " + " · ".join(parts)) if parts else ""


def review(dataset: Dataset, committee: Committee) -> Governance:
    """Conflicts, committee scores and quorum for every bid of ``dataset``."""
    conflicts = find_conflicts(committee, dataset)
    return Governance(
        committee,
        conflicts,
        score_dataset(dataset, committee, conflicts),
        quorum_by_bid(committee, dataset, conflicts),
    )
