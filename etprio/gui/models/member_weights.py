"""Table models for the Member weights tab: the committee's weights with their spread and
each member's, each member's answers, and every bid under every member's weights.

All figures come from :class:`etprio.core.committee.member_weights.CommitteeFunding`; these models
only lay them out. The member columns depend on who has answered, so a new answer that
adds a column resets the model; a changed figure in the same layout is one ``dataChanged``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QObject

from etprio.core.committee.member_weights import (
    BidAcrossMembers,
    CommitteeFunding,
    CriterionSpread,
    MemberWeights,
)
from etprio.gui.models.row_table import ColumnSpec, RowTableModel


def _percent(value: float) -> str:
    return f"{value:.0%}"


class LayoutTableModel(RowTableModel):
    """A row table whose columns are chosen per result (one per member who answered).

    In a table too narrow for them all (:meth:`set_folded`), the columns named as folding
    leave it, and what they hold joins the tooltip of the column named as their lead."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._layout: tuple[ColumnSpec, ...] = ()
        self._folding: frozenset[str] = frozenset()
        self._lead = ""
        self._folded = False

    def set_layout(
        self,
        columns: Sequence[ColumnSpec],
        rows: Sequence[object],
        folding: Iterable[str] = (),
        lead: str = "",
    ) -> None:
        self._layout, self._folding, self._lead = tuple(columns), frozenset(folding), lead
        self._show(self._shown_columns(), rows)

    def set_folded(self, folded: bool) -> None:
        if folded != self._folded:
            self._folded = folded
            self._show(self._shown_columns(), self._rows)

    def column_of(self, header: str) -> int | None:
        """The shown column headed ``header``."""
        return next((i for i, c in enumerate(self.columns) if c.header == header), None)

    def _shown_columns(self) -> tuple[ColumnSpec, ...]:
        if not self._folded:
            return self._layout
        folded = [c for c in self._layout if c.header in self._folding]
        return tuple(
            replace(c, tooltip=_tooltip_with(c, folded)) if c.header == self._lead else c
            for c in self._layout
            if c.header not in self._folding
        )

    def _show(self, columns: tuple[ColumnSpec, ...], rows: Sequence[object]) -> None:
        if [c.header for c in columns] == [c.header for c in self.columns]:
            self.columns = columns
            self.set_rows(rows)
            return
        self.beginResetModel()
        self.columns = columns
        self._rows = tuple(rows)
        self.endResetModel()


def _tooltip_with(lead: ColumnSpec, folded: Sequence[ColumnSpec]) -> Callable[[Any], str | None]:
    """``lead``'s tooltip followed by a line for each folded column with something to say:
    its own tooltip, or its heading and text."""

    def tooltip(row: Any) -> str | None:
        lines = [lead.tooltip(row) if lead.tooltip else None]
        for column in folded:
            text = column.text(column.raw(row))
            own = column.tooltip(row) if column.tooltip else None
            if text:
                lines.append(own or f"{column.header}: {text}")
        return "\n".join(line for line in lines if line) or None

    return tooltip


@dataclass(frozen=True)
class CriterionRow:
    label: str
    spread: CriterionSpread
    members: tuple[float, ...]


class CriterionWeightsModel(LayoutTableModel):
    """One row per criterion any member weighted: the committee's weight, the lowest, the
    quartiles and the highest, then each member's weight."""

    def set_result(self, result: CommitteeFunding | None, labels: dict[str, str]) -> None:
        if result is None:
            self.set_layout((), ())
            return
        rows = [
            CriterionRow(
                labels.get(s.key, s.key), s, tuple(m.weights[s.key] for m in result.members)
            )
            for s in result.committee.spread
            if s.high > 0
        ]
        rule = result.committee.rule.value
        columns = [
            ColumnSpec("Criterion", lambda r: r.label),
            ColumnSpec(
                "Committee",
                lambda r: r.spread.committee,
                _percent,
                header_tip=f"The {rule} of members' weights, divided by their sum",
            ),
            ColumnSpec("Lowest", lambda r: r.spread.low, _percent),
            ColumnSpec(
                "Middle half",
                lambda r: (r.spread.q1, r.spread.q3),
                lambda q: f"{q[0]:.0%}–{q[1]:.0%}",
                header_tip="Lower to upper quartile of members' weights",
            ),
            ColumnSpec("Highest", lambda r: r.spread.high, _percent),
        ]
        members = [_member_weight_column(i, m) for i, m in enumerate(result.members)]
        folding = ("Lowest", "Highest", *(c.header for c in members))
        self.set_layout([*columns, *members], rows, folding, lead="Criterion")


def _member_weight_column(i: int, member: MemberWeights) -> ColumnSpec:
    return ColumnSpec(
        member.member_id,
        lambda r: r.members[i],
        _percent,
        tooltip=lambda r: f"{member.name}: {r.members[i]:.0%}",
        header_tip=f"{member.name}'s weights",
    )


class MemberAnswersModel(LayoutTableModel):
    """Who answered, how, how consistently, and whether they are conflicted on any bid
    (kept, but flagged)."""

    ANSWER_COLUMNS = (
        ColumnSpec("Member", lambda m: f"{m.member_id} {m.name}"),
        ColumnSpec("Method", lambda m: m.answers.method.label),
        ColumnSpec(
            "Consistency ratio",
            lambda m: m.consistency_ratio,
            lambda cr: "–" if cr is None else f"{cr:.2f}",
            tooltip=lambda m: m.advice or None,
            header_tip="Saaty's ratio for pairwise answers; above 0.10, look at them again",
        ),
        ColumnSpec(
            "Flag",
            lambda m: m.conflicted_on,
            lambda bids: f"⚑ conflicted on {', '.join(bids)}" if bids else "",
        ),
        ColumnSpec("Source", lambda m: m.answers.source),
    )

    def set_result(self, result: CommitteeFunding | None) -> None:
        rows = () if result is None else result.members
        self.set_layout(self.ANSWER_COLUMNS, rows, ("Consistency ratio", "Source"), "Member")


@dataclass(frozen=True)
class BidRow:
    bid: BidAcrossMembers
    funded_under: str
    standing: str
    members: tuple[tuple[int, bool], ...]


class BidsAcrossMembersModel(LayoutTableModel):
    """Every bid in the committee's rank order: how many members' weights fund it, whether
    it is in the robust core, out whoever prevails, or depends on whose view wins; then its
    rank under each member's weights (✓ funded)."""

    def set_result(self, result: CommitteeFunding | None) -> None:
        if result is None:
            self.set_layout((), ())
            return
        core, none = set(result.robust_core), set(result.funded_by_none)
        rows = [
            BidRow(
                b,
                _funded_under(b, len(result.members), result.has_funding_line),
                _standing(b, core, none, result.has_funding_line),
                tuple(
                    (b.ranks[m.member_id], m.member_id in b.funded_under) for m in result.members
                ),
            )
            for b in result.bids
        ]
        columns = [
            ColumnSpec(
                "Rank", lambda r: r.bid.committee_rank, header_tip="Under the committee's weights"
            ),
            ColumnSpec("Bid", lambda r: r.bid.bid_id),
            ColumnSpec(
                "Funded under",
                lambda r: r.funded_under,
                header_tip="How many members' weights fund the bid, of those who answered",
            ),
            ColumnSpec("Where it stands", lambda r: r.standing),
        ]
        if result.has_funding_line:
            columns.append(
                ColumnSpec(
                    "Committee's weights",
                    lambda r: r.bid.committee_funded,
                    lambda funded: "funded" if funded else "",
                )
            )
        members = [_member_rank_column(i, m) for i, m in enumerate(result.members)]
        columns += [*members, ColumnSpec("Title", lambda r: r.bid.title)]
        folding = ("Committee's weights", *(c.header for c in members), "Title")
        self.set_layout(columns, rows, folding, lead="Bid")


def _funded_under(bid: BidAcrossMembers, n: int, line: bool) -> str:
    """ "7 of 9" (members' weights), or the ranks the bid takes when there is no line."""
    if not bid.eligible:
        return "ineligible"
    if not line:
        return f"ranked {bid.best_rank}–{bid.worst_rank}"
    return f"{len(bid.funded_under)} of {n}"


def _standing(bid: BidAcrossMembers, core: set[str], none: set[str], line: bool) -> str:
    if not bid.eligible:
        return "ineligible"
    if not line:
        return "no funding line"
    if bid.bid_id in core:
        return "robust core"
    if bid.bid_id in none:
        return "none"
    return "depends"


def _member_rank_column(i: int, member: MemberWeights) -> ColumnSpec:
    return ColumnSpec(
        member.member_id,
        lambda r: r.members[i],
        lambda cell: f"{cell[0]} ✓" if cell[1] else str(cell[0]),
        tooltip=lambda r: (
            f"{member.name}: rank {r.members[i][0]}" + (", funded" if r.members[i][1] else "")
        ),
        header_tip=f"Rank under {member.name}'s weights; ✓ funded",
    )
