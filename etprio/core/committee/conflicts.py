"""Who is conflicted on which bid (DESIGN "Governance").

A member is conflicted on a bid when they are linked to the bid's practice, or to the
practice of a bid in its depends_on chain in either direction — a technology bid that
depends on an estates bid stands or falls with it, so the estates practice's GP has an
interest in both — and wherever they declared an interest in the bid or such a practice.
Conflicts are worked out, never stored: a new declaration or a changed link applies at
once to every bid.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from etprio.core.committee.members import Committee, Member
from etprio.core.model import Bid, Dataset


@dataclass(frozen=True)
class Conflict:
    """Why one member is conflicted on one bid; ``reason`` is what the minutes say."""

    member_id: str
    bid_id: str
    reason: str
    declared: bool


def related_bids(dataset: Dataset) -> Mapping[str, frozenset[str]]:
    """For each bid, the bids in its depends_on chain: everything it depends on, directly
    or not, and everything that depends on it. Unknown ids and cycles are tolerated."""
    depends = {b.bid_id: tuple(d for d in b.depends_on if d != b.bid_id) for b in dataset.bids}
    needed_by: dict[str, list[str]] = {bid_id: [] for bid_id in depends}
    for bid_id, targets in depends.items():
        for target in targets:
            needed_by.setdefault(target, []).append(bid_id)
    return {
        bid_id: (_reachable(bid_id, depends) | _reachable(bid_id, needed_by)) - {bid_id}
        for bid_id in depends
    }


def _reachable(start: str, edges: Mapping[str, Sequence[str]]) -> frozenset[str]:
    seen: set[str] = set()
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return frozenset(seen)


def find_conflicts(committee: Committee, dataset: Dataset) -> Mapping[str, tuple[Conflict, ...]]:
    """Every bid's conflicts, member by member in committee order (one per member, the
    first reason found: a link before a declaration, the bid itself before its chain)."""
    related = related_bids(dataset)
    by_id = dataset.bids_by_id
    result: dict[str, tuple[Conflict, ...]] = {}
    for bid in dataset.bids:
        chain = [by_id[other] for other in sorted(related[bid.bid_id]) if other in by_id]
        found = []
        for member in committee.members:
            reason = _link_reason(member, bid, chain)
            declared = False
            if not reason:
                reason = _declared_reason(committee, member, bid, chain)
                declared = bool(reason)
            if reason:
                found.append(Conflict(member.member_id, bid.bid_id, reason, declared))
        result[bid.bid_id] = tuple(found)
    return result


def _link_reason(member: Member, bid: Bid, chain: list[Bid]) -> str:
    if bid.practice_code in member.practice_codes:
        return f"works at {bid.practice_code}, the bid's practice"
    for other in chain:
        if other.practice_code in member.practice_codes:
            return (
                f"works at {other.practice_code}, the practice of {other.bid_id}, "
                f"which is in this bid's depends-on chain"
            )
    return ""


def _declared_reason(committee: Committee, member: Member, bid: Bid, chain: list[Bid]) -> str:
    chain_ids = {other.bid_id: other for other in chain}
    chain_practices = {other.practice_code: other for other in chain}
    for declaration in committee.declarations:
        if declaration.member_id != member.member_id:
            continue
        kind = declaration.kind.value
        if declaration.bid_id == bid.bid_id or declaration.practice_code == bid.practice_code:
            return f"declared a {kind} interest in {declaration.against}"
        linked = chain_ids.get(declaration.bid_id or "") or chain_practices.get(
            declaration.practice_code or ""
        )
        if linked is not None:
            return (
                f"declared a {kind} interest in {declaration.against}, linked through "
                f"{linked.bid_id} in this bid's depends-on chain"
            )
    return ""
