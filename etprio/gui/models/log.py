"""The decision log as a table (DESIGN "Governance"), with the entry where the hash chain
breaks, if it does, marked in the table and explained in its tooltip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from etprio.core.project.decision_log import DecisionLog, LogEntry, VerifyResult
from etprio.gui import style
from etprio.gui.models.row_table import ColumnSpec, RowTableModel

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class LogRow:
    entry: LogEntry
    problem: str


class LogModel(RowTableModel):
    """Entries oldest first; new entries are inserted at the end, never a reset."""

    columns = (
        ColumnSpec("No.", lambda r: r.entry.seq),
        ColumnSpec("Time (UTC)", lambda r: r.entry.at.replace("T", " ").removesuffix("Z")),
        ColumnSpec("Who", lambda r: r.entry.actor),
        ColumnSpec("Action", lambda r: r.entry.action.replace("_", " ")),
        ColumnSpec(
            "What",
            lambda r: r.entry.summary,
            tooltip=lambda r: f"{r.entry.summary}\n— {r.entry.actor}",  # who: hidden in meetings
        ),
        ColumnSpec(
            "Rationale", lambda r: r.entry.rationale, tooltip=lambda r: r.entry.rationale or None
        ),
    )

    def set_log(self, log: DecisionLog, check: VerifyResult) -> None:
        self.set_rows(LogRow(e, check.problem if e.seq == check.first_broken else "") for e in log)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and self.rows[index.row()].problem:
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#F9DEDC"))
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor(style.ERROR_TEXT))
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Chain broken here: {self.rows[index.row()].problem}"
        return super().data(index, role)


class LogFilter(QSortFilterProxyModel):
    """Shows the entries of one action (or all) whose text contains the filter words."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._action = ""
        self._words: tuple[str, ...] = ()

    def set_action(self, action: str) -> None:
        self.beginFilterChange()
        self._action = action
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LogModel):
            return True
        entry = model.rows[source_row].entry
        if self._action and entry.action != self._action:
            return False
        text = " ".join((entry.actor, entry.action, entry.summary, entry.rationale)).casefold()
        return all(word in text for word in self._words)
