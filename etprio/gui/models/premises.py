"""The six-facet survey as a table, graded cells coloured by how much need they signal.

The grade letter stays in the cell, so the colour only repeats what the text says (no
meaning carried by colour alone).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from etprio.core.model import FACETS, Dataset, Premises
from etprio.core.scoring.values import premises_need
from etprio.core.tables.scales import GradeScales
from etprio.core.wording import format_date, format_gbp
from etprio.gui import style
from etprio.gui.models import Role

_Index = QModelIndex | QPersistentModelIndex

FACET_HEADERS: Mapping[str, str] = {
    "physical_condition": "Condition",
    "functional_suitability": "Suitability",
    "space_utilisation": "Space",
    "quality": "Quality",
    "statutory_compliance": "Compliance",
    "environmental_management": "Environment",
}

SHORT_FACET_HEADERS: Mapping[str, str] = {
    "physical_condition": "Cond.",
    "functional_suitability": "Suit.",
    "space_utilisation": "Space",
    "quality": "Qual.",
    "statutory_compliance": "Comp.",
    "environmental_management": "Env.",
}
"""Headings for a table too narrow for the facets' words; each heading's tooltip names
its facet in full."""

_LEADING = ("Premises", "Name", "Practice", "Surveyed")
_TRAILING = ("Need", "GIA m²", "Backlog £", "Rent £/yr", "List size", "Bids")
HEADERS: tuple[str, ...] = (*_LEADING, *(FACET_HEADERS[f] for f in FACETS), *_TRAILING)
FIRST_FACET = len(_LEADING)
NEED_COLUMN = FIRST_FACET + len(FACETS)
NAME_COLUMN = 1
_FIRST_NUMBER = NEED_COLUMN


class PremisesModel(QAbstractTableModel):
    """One row per surveyed premises, in survey order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._premises: Sequence[Premises] = ()
        self._scales: GradeScales | None = None
        self._need: list[float | None] = []
        self._bid_count: Counter[str] = Counter()
        self._compact = False
        self._short_headings = False

    def set_short_headings(self, short: bool) -> None:
        if short != self._short_headings:
            self._short_headings = short
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, FIRST_FACET, NEED_COLUMN - 1)

    def set_compact(self, compact: bool) -> None:
        """Meeting mode: the premises' id leads its name (the id column is hidden there)."""
        if compact == self._compact:
            return
        self._compact = compact
        if self._premises:
            column = self.index(0, NAME_COLUMN), self.index(self.rowCount() - 1, NAME_COLUMN)
            self.dataChanged.emit(*column, [Qt.ItemDataRole.DisplayRole])

    def set_survey(
        self, dataset: Dataset, scales: GradeScales, facet_weights: Mapping[str, float]
    ) -> None:
        self.beginResetModel()
        self._premises = dataset.premises
        self._scales = scales
        self._need = [premises_need(p, facet_weights, scales) for p in dataset.premises]
        self._bid_count = Counter(b.premises_id for b in dataset.bids if b.premises_id)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._premises)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        facet = FACETS[section - FIRST_FACET] if FIRST_FACET <= section < NEED_COLUMN else None
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                SHORT_FACET_HEADERS[facet] if facet and self._short_headings else HEADERS[section]
            )
        if role == Qt.ItemDataRole.ToolTipRole and section == NEED_COLUMN:
            return "Premises need (CONTRACT §2.1): 0 = none, 1 = greatest"
        if role == Qt.ItemDataRole.ToolTipRole and facet is not None:
            return facet.replace("_", " ").capitalize()
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        handler = _HANDLERS.get(role)
        return None if handler is None else handler(self, index.row(), index.column())

    def raw(self, row: int, column: int) -> Any:
        """The unformatted value of a cell: a grade, a date, a number or None."""
        premises = self._premises[row]
        if FIRST_FACET <= column < NEED_COLUMN:
            return premises.grades.get(FACETS[column - FIRST_FACET])
        match column:
            case 0:
                return premises.premises_id
            case 1:
                return premises.premises_name
            case 2:
                return premises.practice_code
            case 3:
                return premises.survey_date
        return (
            self._need[row],
            premises.gia_m2,
            premises.backlog_cost_gbp,
            premises.current_rent_gbp,
            premises.list_size,
            self._bid_count.get(premises.premises_id, 0),
        )[column - NEED_COLUMN]

    def cell_need(self, row: int, column: int) -> float | None:
        """Need value of a graded cell or of the Need column; None elsewhere or ungraded."""
        if column == NEED_COLUMN:
            return self._need[row]
        grade = self.raw(row, column) if FIRST_FACET <= column < NEED_COLUMN else None
        if grade is None or self._scales is None:
            return None
        return self._scales.need(FACETS[column - FIRST_FACET], grade)

    def _display(self, row: int, column: int) -> str:
        value = self.raw(row, column)
        if value is None:
            return ""
        if column == NEED_COLUMN:
            return f"{value:.2f}"
        if column == NAME_COLUMN and self._compact:
            return f"{self._premises[row].premises_id} {value}"
        if column == 3:
            return format_date(value)
        if column in (NEED_COLUMN + 2, NEED_COLUMN + 3):
            return format_gbp(value)
        if isinstance(value, float):
            return f"{value:,.0f}"
        return str(value)

    def _background(self, row: int, column: int) -> QBrush | None:
        need = self.cell_need(row, column)
        return None if need is None else QBrush(style.need_colour(need))

    def _foreground(self, row: int, column: int) -> QBrush | None:
        need = self.cell_need(row, column)
        return None if need is None else QBrush(style.text_colour_on(style.need_colour(need)))

    def _alignment(self, row: int, column: int) -> int:
        if FIRST_FACET <= column < NEED_COLUMN:
            return int(Qt.AlignmentFlag.AlignCenter)
        horizontal = (
            Qt.AlignmentFlag.AlignRight if column >= _FIRST_NUMBER else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)

    def _sort(self, row: int, column: int) -> Any:
        """Grades sort by need, missing values first; dates as ISO text."""
        need = self.cell_need(row, column)
        if need is not None:
            return need
        value = self.raw(row, column)
        if value is None:
            return -1.0 if column >= FIRST_FACET else ""
        return value.isoformat() if column == 3 else value

    def _tooltip(self, row: int, column: int) -> str | None:
        if column == NAME_COLUMN:
            return self._details(row)
        need = self.cell_need(row, column)
        if need is None or column == NEED_COLUMN:
            return None
        return f"{HEADERS[column]} {self.raw(row, column)}: need {need:.2f}"

    def _details(self, row: int) -> str:
        """Every column of the row, one to a line: meeting mode hides all but the grades."""
        lines = []
        for column, heading in enumerate(HEADERS):
            if column == NAME_COLUMN or FIRST_FACET <= column <= NEED_COLUMN:
                continue
            text = self._display(row, column)
            if text:
                lines.append(f"{heading}: {text}")
        return "\n".join([self._premises[row].premises_name, *lines])

    def _raw(self, row: int, column: int) -> Any:
        return self.raw(row, column)


_HANDLERS: dict[int, Callable[[PremisesModel, int, int], Any]] = {
    Qt.ItemDataRole.DisplayRole: PremisesModel._display,
    Qt.ItemDataRole.BackgroundRole: PremisesModel._background,
    Qt.ItemDataRole.ForegroundRole: PremisesModel._foreground,
    Qt.ItemDataRole.TextAlignmentRole: PremisesModel._alignment,
    Qt.ItemDataRole.ToolTipRole: PremisesModel._tooltip,
    Role.SORT: PremisesModel._sort,
    Role.RAW: PremisesModel._raw,
}
