"""The six-facet survey (Premises tab): which buildings need help most.

Cells are coloured by need on a single-hue ramp and keep their grade letter, so the table
reads the same in greyscale and to colour-blind members.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.gui import style
from etprio.gui.models import Role
from etprio.gui.models.premises import (
    FIRST_FACET,
    HEADERS,
    NAME_COLUMN,
    NEED_COLUMN,
    PremisesModel,
)
from etprio.gui.panels.page_layout import ROOM_CHANGES, TableFit, column_room, heading_metrics
from etprio.gui.session import Session

DESK_ONLY_HEADINGS = (
    *("Premises", "Practice", "Surveyed"),
    *("GIA m²", "Backlog £", "Rent £/yr", "List size", "Bids"),
)
DESK_ONLY_COLUMNS = tuple(HEADERS.index(h) for h in DESK_ONLY_HEADINGS)
"""Hidden in meeting mode and in a desk table too narrow for them, so the overall need and
the six facets' grades fit beside the premises' name (which the id then leads, and whose
tooltip lists these); the need moves up beside the name."""
GRADE_COLUMNS = range(FIRST_FACET, NEED_COLUMN + 1)
NAME_CHARACTERS = 24
"""The least room for a premises' name on each of its two lines before the facets'
headings are shortened."""
MEETING_WIDTHS = {NEED_COLUMN: "0.00"}
"""Grades are a letter or two: every facet column is as wide as its heading."""


class PremisesPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("premisesPanel")
        self._session = session
        self.model = PremisesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Role.SORT)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

        self._filter = QLineEdit()
        self._filter.setPlaceholderText("Filter premises by id, name or practice…")
        self._filter.setClearButtonEnabled(True)
        self._filter.setAccessibleName("Filter premises")
        self._filter.textChanged.connect(self.proxy.setFilterFixedString)
        bar = QHBoxLayout()
        bar.addWidget(self._filter, 1)
        bar.addWidget(QLabel("Need:"))
        for need, label in ((0.0, "none"), (0.33, "some"), (0.67, "high"), (1.0, "greatest")):
            swatch = QLabel(f" {label} ")
            background = style.need_colour(need)
            swatch.setStyleSheet(
                f"background:{background.name()}; color:{style.text_colour_on(background).name()};"
                "padding:2px 6px; border-radius:2px;"
            )
            bar.addWidget(swatch)

        self.table = QTableView()
        self.table.setObjectName("premisesTable")
        self.table.setAccessibleName("Six-facet survey of premises")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._fit = TableFit(self.table, widest=28)
        self._meeting = self._narrow = self._short = False
        self.table.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        session.dataReplaced.connect(self._refresh)
        self._refresh()

    def set_meeting_columns(self, meeting: bool) -> None:
        """Meeting mode: the name, its need and the six grades across the projector's
        width, names wrapping to two lines, no scrolling sideways."""
        self._meeting = meeting
        self._show_columns()

    def _show_columns(self) -> None:
        """The meeting's columns in meeting mode, and at the desk when every column
        fitted to its contents would not fit the table's width (a 1280-pixel screen beside
        the docks), the hidden columns then in the name's tooltip; the facets' headings
        are shortened when the full ones would leave the names too little room."""
        compact = self._meeting or self._narrow
        self.model.set_compact(compact)
        self.model.set_short_headings(self._short)
        for column in DESK_ONLY_COLUMNS:
            self.table.setColumnHidden(column, compact)
        header = self.table.horizontalHeader()
        header.moveSection(header.visualIndex(NEED_COLUMN), FIRST_FACET if compact else NEED_COLUMN)
        self._fit.set_compact(NAME_COLUMN if compact else None, MEETING_WIDTHS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new width or font can make the desk's columns fit, or stop fitting; off
        screen the table's width means nothing yet, so it waits to be shown."""
        if watched is self.table and event.type() in ROOM_CHANGES and self.table.isVisible():
            room = column_room(self.table)
            narrow = not self._meeting and self._fit.contents_width() > room
            short = narrow and self._headed_grades_width() > room - self._name_room()
            if (narrow, short) != (self._narrow, self._short):
                self._narrow, self._short = narrow, short
                self._show_columns()
        return super().eventFilter(watched, event)

    def _headed_grades_width(self) -> int:
        """The need and the six grades under their full headings (the compact columns
        are as wide as their headings)."""
        metrics = heading_metrics(self.table)
        return sum(metrics.horizontalAdvance(HEADERS[c]) + 16 for c in GRADE_COLUMNS)

    def _name_room(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * NAME_CHARACTERS

    def _refresh(self) -> None:
        data = self._session.data
        self.model.set_survey(data.dataset, data.scales, data.criteria.facet_weights)


if __name__ == "__main__":
    import sys

    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(lambda session, _undo: PremisesPanel(session), "Premises"))
