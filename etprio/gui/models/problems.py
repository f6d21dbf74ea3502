"""Import problems as a table, in the order the importer found them (file, then row).

Every problem is listed, not just the first, with the spreadsheet row and the column as the
user's sheet labels it — letter, heading and canonical name (CONTRACT §1.3) — so a
commissioner can fix the whole file in one pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etprio.core.problems import Problem
from etprio.gui import style
from etprio.gui.models import Role

_Index = QModelIndex | QPersistentModelIndex

HEADERS: tuple[str, ...] = ("Severity", "File", "Row", "Column", "Message")
EXPORT_HEADERS: tuple[str, ...] = ("Severity", "File", "Row", "Column", "Heading", "Message")
_ERROR_BRUSH = QBrush(QColor(style.ERROR_TEXT))
_WARNING_BRUSH = QBrush(QColor(style.WARNING_TEXT))


def problem_cells(problem: Problem) -> tuple[str, str, int, str, str, str]:
    """A problem as copied or exported (:data:`EXPORT_HEADERS`): the full file path, the
    canonical column and the user's heading in cells of their own, so the list sorts and
    filters in a spreadsheet."""
    return (
        problem.severity.value,
        problem.file,
        problem.row,
        problem.column,
        problem.heading,
        problem.message,
    )


def _shown(problem: Problem) -> tuple[str, str, int, str, str]:
    """The cells of a row as the table shows and sorts them."""
    return (problem.severity.value, problem.file, problem.row, problem.place, problem.message)


class ProblemsModel(QAbstractTableModel):
    def __init__(self, problems: Sequence[Problem] = (), parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._problems = tuple(problems)

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self._problems

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._problems)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        problem = self._problems[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return "Error" if problem.is_error else "Warning"
            if column == 1:
                return Path(problem.file).name
            return str(_shown(problem)[column])
        if role == Role.SORT:
            return _shown(problem)[column]
        if role == Role.RAW:
            return problem
        if role == Qt.ItemDataRole.ToolTipRole:
            return problem.file if column == 1 else str(problem)
        if role == Qt.ItemDataRole.ForegroundRole and column == 0:
            return _ERROR_BRUSH if problem.is_error else _WARNING_BRUSH
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
