"""A table model over a tuple of row values, described column by column (STYLE "Qt models
are thin adapters"): the committee and log tables are lists of records, and each only
says what its columns show.

Refreshing with the same number of rows emits one ``dataChanged`` spanning the rows that
differ (none when nothing did); rows added at the end (the append-only decision log) are
inserted; anything else resets the model. A checkable
column never changes the data itself: it emits :attr:`RowTableModel.toggled` and the
panel turns that into a command, so every change goes through the undo stack and the log.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from etprio.core.wording import yes_no
from etprio.gui.models import Role

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ColumnSpec:
    """One column: its heading, the raw value of a row, and how to show it."""

    header: str
    raw: Callable[[Any], Any]
    text: Callable[[Any], str] = str
    checkable: bool = False
    tooltip: Callable[[Any], str | None] | None = None
    header_tip: str = ""


class RowTableModel(QAbstractTableModel):
    """Rows of any frozen value; subclasses set :attr:`columns`.

    Signals
    -------
    toggled(row, column, checked):
        The user ticked or cleared a checkable cell.
    """

    toggled = Signal(int, int, bool)
    columns: tuple[ColumnSpec, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: tuple[Any, ...] = ()

    @property
    def rows(self) -> tuple[Any, ...]:
        return self._rows

    def set_rows(self, rows: Iterable[Any]) -> None:
        rows = tuple(rows)
        old = self._rows
        if len(rows) == len(old):
            self._rows = rows
            changed = [i for i, (new, was) in enumerate(zip(rows, old, strict=True)) if new != was]
            if changed:
                last = self.index(changed[-1], len(self.columns) - 1)
                self.dataChanged.emit(self.index(changed[0], 0), last)
        elif len(rows) > len(old) and rows[: len(old)] == old:
            self.beginInsertRows(QModelIndex(), len(old), len(rows) - 1)
            self._rows = rows
            self.endInsertRows()
        else:
            self.beginResetModel()
            self._rows = rows
            self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        column = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.ToolTipRole and column.header_tip:
            return column.header_tip
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.columns[index.column()].checkable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if column.checkable else column.text(column.raw(row))
        if role == Qt.ItemDataRole.CheckStateRole and column.checkable:
            return Qt.CheckState.Checked if column.raw(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole and column.checkable:
            return f"{column.header}: {yes_no(bool(column.raw(row)))}"
        if role in (Role.RAW, Role.SORT):
            value = column.raw(row)
            return value if role == Role.RAW or value is not None else ""
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole:
            return False
        if not self.columns[index.column()].checkable:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggled.emit(index.row(), index.column(), checked)
        return True
