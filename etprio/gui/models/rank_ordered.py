"""The part every bids-in-rank-order table shares: row ``r`` shows the bid whose index in
the value matrix is ``_order[r]``, cells come from one handler per item data role, and a
reweight moves rows instead of resetting them (STYLE "Qt models are thin adapters": emit
the narrowest signal; a reset would lose the selection and the scroll position).

The ranking table and the Funding tab's selections are both this shape; they differ only
in their columns and in what each role shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import IntEnum
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from etprio.core.scoring.weighted_sum import Scores

_Index = QModelIndex | QPersistentModelIndex
# PySide6 picks a signal overload by C++ signature; this one carries the sort hint.
_LAYOUT_SIGNATURE = ("QList<QPersistentModelIndex>", "QAbstractItemModel::LayoutChangeHint")
_VERTICAL_SORT = QAbstractItemModel.LayoutChangeHint.VerticalSortHint


class RankOrderedModel(QAbstractTableModel):
    """Bids in rank order under :attr:`_scores`; subclasses name their columns.

    Subclasses set :attr:`column_type` (an IntEnum of columns), :attr:`headers`,
    :attr:`header_tips` and ``_ROLE_HANDLERS``: for each role, a function of
    ``(model, row, bid_index, column)``.
    """

    column_type: ClassVar[type[IntEnum]]
    headers: Mapping[Any, str]  # a class default; a model may swap in other wording
    header_tips: ClassVar[Mapping[Any, str]]
    _ROLE_HANDLERS: ClassVar[Mapping[int, Callable[..., Any]]]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scores: Scores | None = None
        self._order: list[int] = []
        self._columns = len(self.column_type)  # an enum's len() runs Python code each time

    def _move_rows(self, scores: Scores, new_order: list[int]) -> None:
        """A vertical re-sort: persistent indexes (selection, current row) follow the bid."""
        # PySide6's stubs omit the overload index that emitting with a hint needs at run time.
        self.layoutAboutToBeChanged[_LAYOUT_SIGNATURE].emit([], _VERTICAL_SORT)  # type: ignore[index]
        new_row = (scores.rank - 1).tolist()
        old = self.persistentIndexList()
        moved = [self.index(new_row[self._order[i.row()]], i.column()) for i in old]
        self._order = new_order
        self.changePersistentIndexList(old, moved)
        # PySide6's stubs omit the overload index that emitting with a hint needs at run time.
        self.layoutChanged[_LAYOUT_SIGNATURE].emit([], _VERTICAL_SORT)  # type: ignore[index]

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """Qt's own ``index`` asks ``rowCount`` and ``columnCount`` first, two more calls
        into Python; the view and its proxy ask for a few indexes per cell they paint."""
        if parent.isValid() or not 0 <= row < len(self._order):
            return QModelIndex()
        if not 0 <= column < self._columns:
            return QModelIndex()
        return self.createIndex(row, column)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.column_type):
            return None
        column = self.column_type(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips.get(column)
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._scores is None:
            return None
        handler = self._ROLE_HANDLERS.get(role)
        if handler is None:
            return None
        row = index.row()
        return handler(self, row, self._order[row], self.column_type(index.column()))
