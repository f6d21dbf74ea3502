"""Which bids get a page of their own, and the sentence that says who was left out.

Up to :data:`EVERY_BID_UP_TO` bids, every bid gets a page: a practice reading the published
submission finds its own bid. A regional pipeline of thousands is different: nobody reads
20,000 pages, and laying them out would take longer than the committee can wait. Above that
size the pages go to the bids a reader has a reason to look at, in this order of priority:
every bid the committee record names (a conflict, an override, scores left out, a meeting
that was not quorate on it), the bids either side of the funding line, the top of the
ranking, then the bids funded (in rank order or in the best-value set) from the top down,
until :data:`MOST_PAGES` pages. Every bid stays in the ranked list with its score, grant and
funding, and the export (``etprio export``) holds every figure of every bid.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from etprio.report.pdf.edition import Edition

EVERY_BID_UP_TO = 500
MOST_PAGES = 500
TOP = 50
AROUND_LINE = 25


@dataclass(frozen=True)
class PagedBids:
    """The bids printed with a page, as rank positions (1-based) in rank order."""

    positions: tuple[int, ...]
    total: int
    funded_cut_below: int | None = None
    """Rank below which funded bids got no page because :data:`MOST_PAGES` was reached."""

    @property
    def left_out(self) -> int:
        return self.total - len(self.positions)

    @cached_property
    def shown(self) -> frozenset[int]:
        return frozenset(self.positions)

    def statement(self) -> str:
        """What the bid pages leave out and why, in the words the PDF prints; empty when
        every bid has a page."""
        if not self.left_out:
            return ""
        words = (
            f"This submission ranks {self.total:,} bids. Every one of them is in the ranked "
            f"list with its score, grant, recurrent cost and funding; {len(self.positions):,} "
            f"have a page of their own here and the other {self.left_out:,} do not. Above "
            f"{EVERY_BID_UP_TO:,} bids a page for every bid would run to thousands of pages "
            "that nobody reads, so the pages go to the bids a reader has a reason to check: "
            "every bid the committee record names (a conflict of interest, an override, "
            f"scores left out, a meeting not quorate on it), the {AROUND_LINE} bids either "
            f"side of the funding line, the top {TOP} and the funded bids, at most "
            f"{MOST_PAGES:,} pages in all."
        )
        if self.funded_cut_below is not None:
            words += (
                f" That limit was reached: funded bids ranked below {self.funded_cut_below:,} "
                "are in the ranked list and the funding line section only."
            )
        return (
            words + " Every figure of every bid is in the ranking export (etprio export, or "
            "File → Export in the app)."
        )


def paged_bids(edition: Edition) -> PagedBids:
    """The bids that get a page in ``edition`` (see the module doc for the rule)."""
    order = edition.order
    total = len(order)
    if total <= EVERY_BID_UP_TO:
        return PagedBids(tuple(range(1, total + 1)), total)
    position_of = {edition.matrix.bids[i].bid_id: p for p, i in enumerate(order, start=1)}
    chosen: set[int] = {position_of[b] for b in _named_by_committee(edition) if b in position_of}
    line = edition.last_funded_position
    if line is not None:
        chosen.update(range(max(1, line - AROUND_LINE + 1), min(total, line + AROUND_LINE) + 1))
    chosen.update(range(1, min(total, TOP) + 1))
    cut_below = None
    for funded in _funded_positions(edition, position_of):
        if funded in chosen:
            continue
        if len(chosen) >= MOST_PAGES:
            cut_below = funded - 1
            break
        chosen.add(funded)
    return PagedBids(tuple(sorted(chosen)), total, cut_below)


def _named_by_committee(edition: Edition) -> set[str]:
    record = edition.committee
    if record is None:
        return set()
    named = {r.bid_id for r in record.recusals}
    named.update(o.bid_id for o in record.overrides)
    named.update(x.bid_id for x in record.exclusions)
    named.update(q.bid_id for q in record.quorum if not q.quorate or q.conflicted_in_room)
    return named


def _funded_positions(edition: Edition, position_of: dict[str, int]) -> list[int]:
    """Ranks of the bids funded in rank order or in the best-value set, from the top."""
    plan = edition.content.funding
    if plan is None:
        return []
    funded = plan.rank_order.funded_set | plan.best_value.funded_set
    return sorted(position_of[b] for b in funded)
