"""Table models for the Sensitivity tab: per-criterion stability intervals and per-bid
acceptability (CONTRACT §4 ``sensitivity``).

Both are readable alternatives to the charts beside them — screen readers and keyboard
users get every number the bars and the heat map show. Intervals change on every weight
change, so they refresh with ``dataChanged``; acceptabilities arrive only when a SMAA run
finishes, and then the rows (bids in that run's rank order) are new, so that model resets.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.findings import interval_sentence, percent
from etprio.core.sensitivity.smaa import SmaaResult
from etprio.core.sensitivity.stability import StabilityInterval
from etprio.gui.models import Role

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class StabilityColumn(IntEnum):
    CRITERION = 0
    NOW = 1
    LOW = 2
    HIGH = 3


_STABILITY_HEADERS = {
    StabilityColumn.CRITERION: ("Criterion", None),
    StabilityColumn.NOW: ("Now", "The criterion's share of the total weight"),
    StabilityColumn.LOW: ("From", "Lowest share at which the set stays the same"),
    StabilityColumn.HIGH: ("To", "Highest share at which the set stays the same"),
}


class StabilityModel(QAbstractTableModel):
    """One row per criterion, in the criteria file's order; Role.RAW gives the key on the
    criterion column and the share (a fraction) on the others."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._intervals: tuple[StabilityInterval, ...] = ()

    @property
    def intervals(self) -> tuple[StabilityInterval, ...]:
        return self._intervals

    def set_intervals(self, intervals: Sequence[StabilityInterval]) -> None:
        intervals = tuple(intervals)
        same_rows = [i.criterion for i in intervals] == [i.criterion for i in self._intervals]
        if same_rows and intervals:
            self._intervals = intervals
            last = self.index(len(intervals) - 1, len(StabilityColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self.beginResetModel()
        self._intervals = intervals
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._intervals)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(StabilityColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(StabilityColumn):
            return None
        title, tip = _STABILITY_HEADERS[StabilityColumn(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return title
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        interval = self._intervals[index.row()]
        column = StabilityColumn(index.column())
        share = {
            StabilityColumn.NOW: interval.current,
            StabilityColumn.LOW: interval.low,
            StabilityColumn.HIGH: interval.high,
        }.get(column)
        if role == Qt.ItemDataRole.DisplayRole:
            return interval.label if share is None else f"{share:.1%}"
        if role in (Role.RAW, Role.SORT):
            return interval.criterion if share is None else share
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if share is None else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            side = {StabilityColumn.LOW: -1, StabilityColumn.HIGH: +1}.get(column)
            if side is None:
                return interval.label
            return interval_sentence(interval, side) or (
                "Can fall to 0% without changing the set"
                if side < 0
                else "Can rise to 100% without changing the set"
            )
        return None


class AcceptabilityColumn(IntEnum):
    RANK = 0
    BID = 1
    FIRST = 2
    TOP = 3
    FUNDED = 4
    RANKS = 5


_ACCEPTABILITY_TIPS = {
    AcceptabilityColumn.RANK: "Rank with the current weights",
    AcceptabilityColumn.FIRST: "Share of sampled weightings that rank the bid first",
    AcceptabilityColumn.TOP: "Share of sampled weightings that put the bid in the top set",
    AcceptabilityColumn.FUNDED: "Share of sampled weightings that fund the bid in rank order",
    AcceptabilityColumn.RANKS: "The middle 90% of the bid's ranks over the samples",
}


class AcceptabilityModel(QAbstractTableModel):
    """One row per bid in the rank order of the run; Role.BID_ID on every column gives the
    bid, Role.RAW the unformatted share (a fraction), rank or (low, high) pair."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scores: Scores | None = None
        self._result: SmaaResult | None = None
        self._order: list[int] = []
        self._first = self._top = np.zeros(0)
        self._funded: np.ndarray | None = None
        self._low = self._high = np.zeros(0, dtype=int)

    @property
    def result(self) -> SmaaResult | None:
        return self._result

    def set_result(self, scores: Scores, result: SmaaResult) -> None:
        """Show a finished SMAA run for ``scores`` (the ranking it was run on)."""
        self.beginResetModel()
        self._scores, self._result = scores, result
        self._order = scores.order.tolist()
        self._first = result.first_rank()
        self._top = result.top_acceptability()
        self._funded = result.funding_acceptability()
        self._low, self._high = result.rank_range()
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AcceptabilityColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(AcceptabilityColumn):
            return None
        column = AcceptabilityColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            top = self._result.top if self._result is not None else 5
            return {
                AcceptabilityColumn.RANK: "Rank",
                AcceptabilityColumn.BID: "Bid",
                AcceptabilityColumn.FIRST: "First",
                AcceptabilityColumn.TOP: f"Top {top}",
                AcceptabilityColumn.FUNDED: "Funded",
                AcceptabilityColumn.RANKS: "Ranks (90%)",
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _ACCEPTABILITY_TIPS.get(column)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._scores is None:
            return None
        row = index.row()
        bid = self._order[row]
        column = AcceptabilityColumn(index.column())
        if role == Role.BID_ID:
            return self._scores.matrix.bid_ids[bid]
        if role == Role.BID_INDEX:
            return bid
        raw = self._raw(row, bid, column)
        if role in (Role.RAW, Role.SORT):
            return raw
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(raw, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == AcceptabilityColumn.BID else _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and column == AcceptabilityColumn.BID:
            return self._scores.matrix.bids[bid].title or None
        return None

    def _raw(self, row: int, bid: int, column: AcceptabilityColumn) -> Any:
        assert self._scores is not None
        match column:
            case AcceptabilityColumn.RANK:
                return row + 1
            case AcceptabilityColumn.BID:
                return self._scores.matrix.bid_ids[bid]
            case AcceptabilityColumn.FIRST:
                return float(self._first[bid])
            case AcceptabilityColumn.TOP:
                return float(self._top[bid])
            case AcceptabilityColumn.FUNDED:
                return None if self._funded is None else float(self._funded[bid])
        return int(self._low[bid]), int(self._high[bid])

    @staticmethod
    def _display(raw: Any, column: AcceptabilityColumn) -> str:
        match column:
            case AcceptabilityColumn.RANK | AcceptabilityColumn.BID:
                return str(raw)
            case AcceptabilityColumn.RANKS:
                low, high = raw
                return str(low) if low == high else f"{low}–{high}"
        return "" if raw is None else percent(raw)
