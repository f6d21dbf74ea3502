"""The Funding tab's capital by financial year (CONTRACT §7): each year's allocation, what
earlier years carried into it and the grant each selection draws. The table is also the
chart's text alternative for screen readers.

New amounts refresh the cells (``dataChanged``); a different set of years resets the model,
as a new horizon does for the liability.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from etprio.core.funding.plan import YearDrawdown
from etprio.core.wording import format_gbp
from etprio.gui.models import Role

_Index = QModelIndex | QPersistentModelIndex


class YearColumn(IntEnum):
    YEAR = 0
    ALLOCATION = 1
    CARRIED_IN = 2
    RANK_ORDER = 3
    BEST_VALUE = 4


YEAR_HEADERS: dict[YearColumn, str] = {
    YearColumn.YEAR: "Year",
    YearColumn.ALLOCATION: "Allocation",
    YearColumn.CARRIED_IN: "Carried in (rank order)",
    YearColumn.RANK_ORDER: "In rank order",
    YearColumn.BEST_VALUE: "Best value",
}

_TIPS: dict[YearColumn, str] = {
    YearColumn.YEAR: "NHS financial year, April to March",
    YearColumn.ALLOCATION: "The fund's allocation for the year; – when none is set",
    YearColumn.CARRIED_IN: (
        "With carry-forward: allocation earlier years left unspent by the funding line"
    ),
    YearColumn.RANK_ORDER: "Grant the bids funded in rank order draw in the year",
    YearColumn.BEST_VALUE: "Grant the best-value selection draws in the year",
}


class CapitalByYearModel(QAbstractTableModel):
    """One row per financial year any eligible bid draws in or that has an allocation."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._years: tuple[YearDrawdown, ...] = ()
        self._carry_forward = False
        self._best_value_shown = True

    @property
    def years(self) -> tuple[YearDrawdown, ...]:
        return self._years

    def set_years(
        self, years: Sequence[YearDrawdown], *, carry_forward: bool, best_value_shown: bool
    ) -> None:
        """``best_value_shown`` False while the best-value selection is still being worked
        out: its column then says so rather than showing the last state's figures."""
        years = tuple(years)
        same_rows = [y.year for y in years] == [y.year for y in self._years]
        if not same_rows:
            self.beginResetModel()
        self._years = years
        self._carry_forward = carry_forward
        self._best_value_shown = best_value_shown
        if not same_rows:
            self.endResetModel()
        elif years:
            self.dataChanged.emit(self.index(0, 0), self.index(len(years) - 1, len(YearColumn) - 1))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._years)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(YearColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(YearColumn):
            return None
        column = YearColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return YEAR_HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _TIPS[column]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        year = self._years[index.row()]
        column = YearColumn(index.column())
        if role in (Role.RAW, Role.SORT):
            return self._raw(year, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(year, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignLeft
                if column == YearColumn.YEAR
                else Qt.AlignmentFlag.AlignRight
            )
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _raw(self, year: YearDrawdown, column: YearColumn) -> Any:
        match column:
            case YearColumn.YEAR:
                return year.year
            case YearColumn.ALLOCATION:
                return year.allocation
            case YearColumn.CARRIED_IN:
                return year.rank_order_carried_in if self._carry_forward else None
            case YearColumn.RANK_ORDER:
                return year.rank_order
        return year.best_value if self._best_value_shown else None

    def _display(self, year: YearDrawdown, column: YearColumn) -> str:
        value = self._raw(year, column)
        if column == YearColumn.YEAR:
            return value
        if value is None:
            return "working out…" if column == YearColumn.BEST_VALUE else "–"
        return format_gbp(value)
