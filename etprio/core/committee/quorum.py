"""Is the meeting quorate for a bid? (DESIGN "Governance": only if enough non-conflicted
voting members remain.)

Counted for a bid: voting members who are at the meeting, have not stepped out for the
item and are not conflicted on it. A conflicted member still in the room does not count
and is named, because minutes that show a conflicted GP in the room for their own
practice's bid are what a governance review looks for first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from etprio.core.committee.conflicts import Conflict
from etprio.core.committee.members import Committee, Role
from etprio.core.model import Dataset


@dataclass(frozen=True)
class QuorumStatus:
    """The quorum for one bid. ``reason`` says what is missing when it is not quorate."""

    bid_id: str
    quorate: bool
    counted: tuple[str, ...]
    conflicted_in_room: tuple[str, ...]
    reason: str = ""


def quorum_for(
    committee: Committee, bid_id: str, conflicts: Mapping[str, tuple[Conflict, ...]]
) -> QuorumStatus:
    conflicted = {c.member_id for c in conflicts.get(bid_id, ())}
    in_room = [m for m in committee.members if committee.in_room(m.member_id, bid_id)]
    counted = [m for m in in_room if m.voting and m.member_id not in conflicted]
    lay = sum(m.role is Role.LAY_MEMBER for m in counted)
    rule = committee.quorum
    missing = []
    if len(counted) < rule.min_voting:
        missing.append(f"{len(counted)} of the {rule.min_voting} voting members needed")
    if rule.require_lay_member and lay == 0:
        missing.append("no lay member")
    if rule.lay_majority and lay * 2 <= len(counted):
        missing.append(f"lay members are {lay} of {len(counted)}, not a majority")
    return QuorumStatus(
        bid_id,
        not missing,
        tuple(m.member_id for m in counted),
        tuple(m.member_id for m in in_room if m.member_id in conflicted),
        "; ".join(missing),
    )


def quorum_by_bid(
    committee: Committee, dataset: Dataset, conflicts: Mapping[str, tuple[Conflict, ...]]
) -> Mapping[str, QuorumStatus]:
    """Every bid's quorum; empty when no committee is recorded (nothing to judge by)."""
    if not committee.members:
        return {}
    return {b.bid_id: quorum_for(committee, b.bid_id, conflicts) for b in dataset.bids}
