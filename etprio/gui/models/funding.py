"""Table models for the Funding tab: a selection (CONTRACT §3) and the recurrent liability
by financial year.

A selection's rows are every bid in rank order, each marked funded or with the reason it is
not, so the two selections side by side line up row for row. A weight change reorders rows
with ``layoutChanged`` (persistent indexes follow each bid) and refreshes the cells with
``dataChanged``; only new bids or a new horizon reset a model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from etprio.core.funding.liability import LiabilityYear
from etprio.core.funding.selection import Selection
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import format_gbp
from etprio.gui import style
from etprio.gui.models import Role
from etprio.gui.models.rank_ordered import RankOrderedModel

_Index = QModelIndex | QPersistentModelIndex


class SelectionColumn(IntEnum):
    RANK = 0
    BID = 1
    SCORE = 2
    GRANT = 3
    RECURRENT = 4
    STATUS = 5


SELECTION_HEADERS: dict[SelectionColumn, str] = {
    SelectionColumn.RANK: "Rank",
    SelectionColumn.BID: "Bid",
    SelectionColumn.SCORE: "Score",
    SelectionColumn.GRANT: "Grant £",
    SelectionColumn.RECURRENT: "£/yr",
    SelectionColumn.STATUS: "Funded?",
}

_SELECTION_TIPS: dict[SelectionColumn, str] = {
    SelectionColumn.SCORE: "Weighted score out of 100 (CONTRACT §2.3)",
    SelectionColumn.GRANT: "Capital grant requested: capital cost × grant %",
    SelectionColumn.RECURRENT: "New recurrent revenue cost to the CCG each year",
    SelectionColumn.STATUS: "Funded, or why not",
}

_NUMERIC_SELECTION = {
    SelectionColumn.RANK,
    SelectionColumn.SCORE,
    SelectionColumn.GRANT,
    SelectionColumn.RECURRENT,
}

_BRUSHES = {
    "funded": QBrush(QColor(style.FUNDED_TINT)),
    "ineligible": QBrush(QColor(style.INELIGIBLE_TEXT)),
    "over": QBrush(QColor(style.ERROR_TEXT)),
}


def _alignment(numeric: bool) -> int:
    horizontal = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
    return int(horizontal | Qt.AlignmentFlag.AlignVCenter)


class SelectionModel(RankOrderedModel):
    """One selection over one ranking: every bid in rank order, funded or with a reason."""

    column_type = SelectionColumn
    headers = SELECTION_HEADERS
    header_tips = _SELECTION_TIPS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._selection: Selection | None = None
        self._reasons: dict[str, str] = {}
        self._funded: frozenset[str] = frozenset()

    @property
    def selection(self) -> Selection | None:
        return self._selection

    def set_selection(self, scores: Scores, selection: Selection) -> None:
        """Show ``selection`` under ``scores``: a reset for new bids, else reorder + refresh."""
        reasons = dict(selection.not_funded)
        if self._scores is None or scores.matrix is not self._scores.matrix:
            self.beginResetModel()
            self._take(scores, selection, reasons)
            self._order = scores.order.tolist()
            self.endResetModel()
            return
        new_order = scores.order.tolist()
        if new_order != self._order:
            self._move_rows(scores, new_order)
        self._take(scores, selection, reasons)
        if self._order:
            last_row, last_column = len(self._order) - 1, len(SelectionColumn) - 1
            self.dataChanged.emit(self.index(0, 0), self.index(last_row, last_column))

    def clear(self) -> None:
        """No selection to show (the project has no budgets)."""
        self.beginResetModel()
        self._scores, self._selection = None, None
        self._reasons, self._funded, self._order = {}, frozenset(), []
        self.endResetModel()

    def _take(self, scores: Scores, selection: Selection, reasons: dict[str, str]) -> None:
        self._scores, self._selection = scores, selection
        self._reasons, self._funded = reasons, selection.funded_set

    def _raw(self, row: int, bid: int, column: SelectionColumn) -> Any:
        assert self._scores is not None
        matrix = self._scores.matrix
        match column:
            case SelectionColumn.RANK:
                return row + 1
            case SelectionColumn.BID:
                return matrix.bids[bid].bid_id
            case SelectionColumn.SCORE:
                return float(self._scores.score[bid])
            case SelectionColumn.GRANT:
                return matrix.bids[bid].grant_gbp
            case SelectionColumn.RECURRENT:
                return matrix.bids[bid].recurrent_revenue_gbp
        return matrix.bids[bid].bid_id in self._funded

    def _display(self, row: int, bid: int, column: SelectionColumn) -> str:
        value = self._raw(row, bid, column)
        match column:
            case SelectionColumn.RANK | SelectionColumn.BID:
                return str(value)
            case SelectionColumn.SCORE:
                return f"{value:.1f}"
            case SelectionColumn.GRANT | SelectionColumn.RECURRENT:
                return format_gbp(value)
        return "Funded" if value else self._reason(bid)

    def _reason(self, bid: int) -> str:
        assert self._scores is not None
        text = self._reasons.get(self._scores.matrix.bids[bid].bid_id, "")
        return text[:1].upper() + text[1:]

    def _sort(self, row: int, bid: int, column: SelectionColumn) -> Any:
        value = self._raw(row, bid, column)
        return int(value) if column == SelectionColumn.STATUS else value

    def _tooltip(self, row: int, bid: int, column: SelectionColumn) -> str | None:
        assert self._scores is not None
        if column == SelectionColumn.BID:
            return self._scores.matrix.bids[bid].title or None
        if column == SelectionColumn.STATUS:
            return self._display(row, bid, column)
        return None

    def _foreground(self, row: int, bid: int, column: SelectionColumn) -> QBrush | None:
        assert self._scores is not None
        return None if self._scores.matrix.eligible[bid] else _BRUSHES["ineligible"]

    def _background(self, row: int, bid: int, column: SelectionColumn) -> QBrush | None:
        return _BRUSHES["funded"] if self._raw(row, bid, SelectionColumn.STATUS) else None

    def _align(self, row: int, bid: int, column: SelectionColumn) -> int:
        return _alignment(column in _NUMERIC_SELECTION)

    def _bid_id(self, row: int, bid: int, column: SelectionColumn) -> str:
        return self._raw(row, bid, SelectionColumn.BID)

    def _bid_index(self, row: int, bid: int, column: SelectionColumn) -> int:
        return bid

    _ROLE_HANDLERS: ClassVar[
        dict[int, Callable[[SelectionModel, int, int, SelectionColumn], Any]]
    ] = {
        Qt.ItemDataRole.DisplayRole: _display,
        Qt.ItemDataRole.ToolTipRole: _tooltip,
        Qt.ItemDataRole.ForegroundRole: _foreground,
        Qt.ItemDataRole.BackgroundRole: _background,
        Qt.ItemDataRole.TextAlignmentRole: _align,
        Role.BID_ID: _bid_id,
        Role.SORT: _sort,
        Role.RAW: _raw,
        Role.BID_INDEX: _bid_index,
    }


class LiabilityColumn(IntEnum):
    YEAR = 0
    FUNDED = 1
    PIPELINE = 2
    HEADROOM = 3
    SPARE = 4


LIABILITY_HEADERS: dict[LiabilityColumn, str] = {
    LiabilityColumn.YEAR: "Year",
    LiabilityColumn.FUNDED: "Funded £/yr",
    LiabilityColumn.PIPELINE: "Pipeline £/yr",
    LiabilityColumn.HEADROOM: "Headroom £/yr",
    LiabilityColumn.SPARE: "Headroom left",
}

_LIABILITY_TIPS: dict[LiabilityColumn, str] = {
    LiabilityColumn.YEAR: "NHS financial year, April to March",
    LiabilityColumn.FUNDED: "Recurrent revenue of the bids funded in rank order",
    LiabilityColumn.PIPELINE: "Recurrent revenue of every eligible bid, funded or not",
    LiabilityColumn.SPARE: "Headroom minus the funded bids' recurrent revenue",
}


class LiabilityModel(QAbstractTableModel):
    """Recurrent revenue per financial year against the headroom (CONTRACT §3 Liability);
    the table is also the chart's text alternative for screen readers."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._years: tuple[LiabilityYear, ...] = ()
        self._headroom: float | None = 0.0

    @property
    def years(self) -> tuple[LiabilityYear, ...]:
        return self._years

    def set_liability(self, years: Sequence[LiabilityYear], headroom: float | None) -> None:
        """New amounts refresh cells; a different set of years (a new horizon) resets.
        A headroom of None (no recurrent limit, CONTRACT §7) shows as a dash."""
        years = tuple(years)
        if [y.start_year for y in years] != [y.start_year for y in self._years]:
            self.beginResetModel()
            self._years, self._headroom = years, headroom
            self.endResetModel()
            return
        self._years, self._headroom = years, headroom
        if years:
            last = self.index(len(years) - 1, len(LiabilityColumn) - 1)
            self.dataChanged.emit(self.index(0, 0), last)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._years)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LiabilityColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(LiabilityColumn):
            return None
        column = LiabilityColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return LIABILITY_HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _LIABILITY_TIPS.get(column)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        year = self._years[index.row()]
        column = LiabilityColumn(index.column())
        if role in (Role.RAW, Role.SORT):
            return self._raw(year, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(year, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column != LiabilityColumn.YEAR)
        if role == Qt.ItemDataRole.ForegroundRole and column == LiabilityColumn.SPARE:
            spare = self._raw(year, column)
            return _BRUSHES["over"] if spare is not None and spare < 0 else None
        return None

    def _raw(self, year: LiabilityYear, column: LiabilityColumn) -> Any:
        match column:
            case LiabilityColumn.YEAR:
                return year.year
            case LiabilityColumn.FUNDED:
                return year.funded
            case LiabilityColumn.PIPELINE:
                return year.pipeline
            case LiabilityColumn.HEADROOM:
                return self._headroom
        return None if self._headroom is None else self._headroom - year.funded

    def _display(self, year: LiabilityYear, column: LiabilityColumn) -> str:
        value = self._raw(year, column)
        if column == LiabilityColumn.YEAR:
            return value
        if value is None:
            return "–"
        if column == LiabilityColumn.SPARE and value < 0:
            return f"{format_gbp(-value)} over"
        return format_gbp(value)
