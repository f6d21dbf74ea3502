"""Two rankings of the same bids side by side (DESIGN "Project file": pick two scenarios,
see both rankings side by side with movements).

Both rankings come from :meth:`etprio.gui.session.Session.score_weights` and both funding
lines from the core's rank-order selection: this module only lines the answers up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.scoring.weighted_sum import Scores
from etprio.gui import style
from etprio.gui.models.ranking import movement_text
from etprio.gui.models.row_table import ColumnSpec, RowTableModel


@dataclass(frozen=True)
class ComparedBid:
    """One bid's place under ranking A and ranking B; ``funded_*`` is None when no
    budgets are set."""

    bid_id: str
    title: str
    rank_a: int
    score_a: float
    rank_b: int
    score_b: float
    funded_a: bool | None = None
    funded_b: bool | None = None

    @property
    def movement(self) -> int:
        """Places gained going from A to B (positive: higher under B)."""
        return self.rank_a - self.rank_b

    @property
    def crosses_line(self) -> bool:
        """Funded under one ranking and not the other: the bids a committee argues about."""
        return self.funded_a is not None and self.funded_a != self.funded_b

    @property
    def funding_change(self) -> str:
        if self.funded_a is None:
            return ""
        if self.crosses_line:
            return "Funded under B only" if self.funded_b else "Funded under A only"
        return "Funded under both" if self.funded_a else ""


def compare_rankings(
    a: Scores, b: Scores, limits: FundingLimits | None = None
) -> tuple[ComparedBid, ...]:
    """Every bid of ``a``'s value matrix, in ``a``'s rank order, with its place in ``b``
    and, given ``limits``, whether the rank-order funding line funds it under each."""
    funded_a = funded_b = None
    if limits is not None:
        funded_a = rank_order_selection(a, limits).funded_set
        funded_b = rank_order_selection(b, limits).funded_set
    bids = a.matrix.bids
    return tuple(
        ComparedBid(
            bids[i].bid_id,
            bids[i].title,
            int(a.rank[i]),
            float(a.score[i]),
            int(b.rank[i]),
            float(b.score[i]),
            None if funded_a is None else bids[i].bid_id in funded_a,
            None if funded_b is None else bids[i].bid_id in funded_b,
        )
        for i in a.order.tolist()
    )


def _funded_text(funded: bool | None) -> str:
    return "" if funded is None else ("Yes" if funded else "No")


def _movement_tip(row: ComparedBid) -> str | None:
    if row.movement == 0:
        return None
    places = abs(row.movement)
    direction = "up" if row.movement > 0 else "down"
    return f"{row.bid_id} moves {direction} {places} place{'s' if places != 1 else ''} under B"


MOVE_COLUMN = 6


class ScenarioCompareModel(RowTableModel):
    """Rows of :class:`ComparedBid` in ranking A's order; the rows whose funding differs
    between the two rankings are tinted."""

    columns = (
        ColumnSpec("Bid", lambda r: r.bid_id),
        ColumnSpec("Title", lambda r: r.title),
        ColumnSpec("Rank A", lambda r: r.rank_a),
        ColumnSpec("Score A", lambda r: r.score_a, lambda v: f"{v:.1f}"),
        ColumnSpec("Rank B", lambda r: r.rank_b),
        ColumnSpec("Score B", lambda r: r.score_b, lambda v: f"{v:.1f}"),
        ColumnSpec(
            "Move",
            lambda r: r.movement,
            movement_text,
            tooltip=_movement_tip,
            header_tip="Places moved from ranking A to ranking B (▲ up, ▼ down)",
        ),
        ColumnSpec("Funded A", lambda r: r.funded_a, _funded_text),
        ColumnSpec("Funded B", lambda r: r.funded_b, _funded_text),
        ColumnSpec(
            "Funding line",
            lambda r: r.funding_change,
            header_tip="Bids the funding line funds under one ranking and not the other",
        ),
    )
    _CROSSING = QBrush(QColor(style.FUNDED_TINT))
    _MOVE_COLOURS: ClassVar[dict[int, QColor]] = {
        1: QColor(style.MOVED_UP),
        -1: QColor(style.MOVED_DOWN),
    }

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid():
            row: ComparedBid = self.rows[index.row()]
            if role == Qt.ItemDataRole.BackgroundRole:
                return self._CROSSING if row.crosses_line else None
            if (
                role == Qt.ItemDataRole.ForegroundRole
                and index.column() == MOVE_COLUMN
                and row.movement
            ):
                return self._MOVE_COLOURS[1 if row.movement > 0 else -1]
        return super().data(index, role)
