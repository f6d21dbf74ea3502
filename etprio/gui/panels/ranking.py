"""The ranking table (``rankingTable``) with its filter bar and the funding line.

The view sits on a QSortFilterProxyModel so a member can sort by any column or narrow the
list; until they do, the proxy passes rows through and row 0 is rank 1 (CONTRACT §4).
Filters are one regular expression over a key the model builds once per data set, so an
inactive filter costs nothing on a slider tick: Qt skips filtering when the pattern is
empty instead of calling back into Python for every row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum

import numpy as np
from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QRegularExpression,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.model import SchemeType
from etprio.gui import style
from etprio.gui.models import Role
from etprio.gui.models.ranking import (
    COMPACT_HEADERS,
    CONFIDENTIAL_COLUMNS,
    HEADERS,
    Cell,
    Column,
    RankingModel,
)
from etprio.gui.panels.cell_painting import CellPainter
from etprio.gui.panels.page_layout import column_room, heading_metrics
from etprio.gui.session import Session

DESK_ONLY_COLUMNS = (Column.BID, Column.PRACTICE, Column.TYPE, Column.COHORT)
"""Hidden in meeting mode and in a desk table too narrow for them; the bid's id leads its
title there instead."""
MEETING_TITLE_LINES = 2

DESK_SAMPLES: dict[Column, str] = {
    Column.RANK: "Rank  ",
    Column.MOVE: "Move  ",
    Column.BID: "EV01000",
    Column.TITLE: "M" * 18,
    Column.PRACTICE: "Y02101",
    Column.TYPE: "Technology ",
    Column.SCORE: "Score  ",
    Column.COHORT: "Cohort  ",
    Column.GRANT: "£1,980,000 ",
    Column.RECURRENT: "Recurrent £/yr ",
    Column.FUNDED: "Not funded ",
    Column.FLAGS: "Ineligible · Needs EV01 · Neutral: Premises need (six-facet survey)",
}
"""The widest text each column shows at the desk, where it fits in one line."""

MEETING_SAMPLES: dict[Column, str] = {
    Column.RANK: "999",
    Column.MOVE: "▲99",
    Column.SCORE: "100.0",
    Column.GRANT: "£1.98m",
    Column.RECURRENT: "£118k",
    Column.FUNDED: "funded",
    Column.FLAGS: "conflict in room",
}
"""The widest line of each narrow column in meeting mode, where cells wrap to two lines
("Not / funded") and flags take a line each ("⚠ 1 conflicted / not quorate"); the title
stretches over the rest."""


TITLE_CHARACTERS = 28
"""The least room for a title's two lines, in average characters, before the notes give
way to it at the desk."""


class Room(IntEnum):
    """How much of the ranking a desk table's width has room for."""

    WHOLE = 0
    NARROW = 1
    NARROWER = 2


@dataclass(frozen=True)
class ShownRows:
    """The bids the table shows on screen, top to bottom, for the contribution chart.

    ``line_after`` is the position in ``bids`` under which the funding line runs, when it
    is on screen and the table is in rank order.
    """

    bids: np.ndarray
    first_row: int
    line_after: int | None


class CellDelegate(QStyledItemDelegate):
    """Fills a cell's style option from one call to the ranking model instead of the
    seven role look-ups Qt makes per cell, for what Qt still asks the delegate (size
    hints when a column is fitted to its contents); :class:`CellPainter` paints."""

    _NO_BRUSH = QBrush()
    _HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay

    def __init__(self, cell_at: Callable[[QModelIndex], Cell], parent: QObject) -> None:
        super().__init__(parent)
        self._cell_at = cell_at

    # A view paints with plain indexes; the stubs' wider type would cost a conversion per cell.
    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex) -> None:  # type: ignore[override]
        text, alignment, foreground, background = self._cell_at(index)
        option.index = index
        option.displayAlignment = alignment
        if foreground is not None:
            palette = option.palette
            palette.setBrush(QPalette.ColorRole.Text, foreground)
            option.palette = palette
        option.features |= self._HAS_DISPLAY
        option.text = text
        option.backgroundBrush = background or self._NO_BRUSH
        option.styleObject = None  # type: ignore[assignment]  # Qt takes no object here


class RankingView(QTableView):
    """The ranking table, with the funding line drawn under the last bid of the funded run.

    The line is painted once per repaint over the finished cells rather than by a
    per-cell delegate, which would cost a Python call for every cell on every slider tick.
    It is only drawn while the table is in rank order: sorted by grant, say, a line would
    separate nothing.
    """

    def __init__(
        self,
        source_row: Callable[[int], int],
        cell: Callable[[int, int], Cell],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setItemDelegate(
            CellDelegate(lambda index: cell(source_row(index.row()), index.column()), self)
        )
        self._cells = CellPainter(self, source_row, cell)
        self._pen = QPen(QColor(style.NHS_BLUE), 3)
        self.line_row = -1

    def paintEvent(self, event: QPaintEvent) -> None:
        """Cells come from :class:`CellPainter`, not from the delegate: a slider tick
        repaints every visible row, and Qt's path costs a Python call and a fresh text
        layout per cell. The delegate still answers size hints."""
        self._cells.paint(event.rect())
        proxy = self.model()
        if self.line_row < 0 or not isinstance(proxy, QSortFilterProxyModel):
            return
        if not in_rank_order(proxy):
            return
        source = proxy.sourceModel().index(self.line_row, 0)
        row = proxy.mapFromSource(source).row()
        if row < 0:
            return
        y = self.rowViewportPosition(row) + self.rowHeight(row) - 1
        if 0 <= y <= self.viewport().height():
            painter = QPainter(self.viewport())
            painter.setPen(self._pen)
            painter.drawLine(0, y, self.viewport().width(), y)
            painter.end()


def in_rank_order(proxy: QSortFilterProxyModel) -> bool:
    column = proxy.sortColumn()
    return column < 0 or (
        column == Column.RANK and proxy.sortOrder() == Qt.SortOrder.AscendingOrder
    )


class RankingPanel(QWidget):
    """Filter bar over the ranking table; keeps the table's selection and the session's
    current bid in step, and tells the chart which bids are on screen (``rowsShown``)."""

    rowsShown = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._meeting = False
        self._room = Room.WHOLE
        self.model = RankingModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Role.SORT)
        self.proxy.setFilterRole(Role.FILTER_KEY)
        self.proxy.setFilterKeyColumn(0)

        bar = self._filter_bar()

        self._filtered = False
        self.table = RankingView(self._source_row, self.model.cell)
        self.table.setObjectName("rankingTable")
        self.table.setAccessibleName("Ranking of bids")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setSortingEnabled(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

        self._type.currentIndexChanged.connect(self._apply_filter)
        self._cohort.currentIndexChanged.connect(self._apply_filter)
        self._text.textChanged.connect(self._apply_filter)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.table.verticalScrollBar().valueChanged.connect(self.emit_rows_shown)
        self.table.viewport().installEventFilter(self)
        self.proxy.layoutChanged.connect(self.emit_rows_shown)
        self.proxy.rowsInserted.connect(self.emit_rows_shown)
        self.proxy.rowsRemoved.connect(self.emit_rows_shown)
        self.proxy.modelReset.connect(self.emit_rows_shown)
        session.dataReplaced.connect(self._data_replaced)
        session.scoresChanged.connect(self._rescored)
        session.fundedChanged.connect(self._funded)
        session.baselineChanged.connect(lambda: self.model.set_baseline(session.baseline_rank))
        session.currentBidChanged.connect(self.select_bid)
        session.projectChanged.connect(self._show_badges)
        self._line_legend.setVisible(session.funded is not None)
        self._data_replaced()

    def _filter_bar(self) -> QHBoxLayout:
        """Scheme type, cohort and text filters, the count shown and the funding line's key."""
        self._type = QComboBox()
        self._type.setAccessibleName("Filter by scheme type")
        self._type.addItem("All types", "")
        for scheme in SchemeType:
            self._type.addItem(scheme.value.capitalize(), scheme.value)
        self._cohort = QComboBox()
        self._cohort.setAccessibleName("Filter by delivery cohort")
        self._text = QLineEdit()
        self._text.setObjectName("rankingFilter")
        self._text.setPlaceholderText("Filter by bid, title, practice or premises…")
        self._text.setClearButtonEnabled(True)
        self._text.setAccessibleName("Filter the ranking by text")
        self._count = QLabel()
        self._count.setAccessibleName("Bids shown")
        self._line_legend = legend = QLabel(
            f"<span style='color:{style.NHS_BLUE}; font-weight:bold'>━━</span> funding line"
        )
        legend.setToolTip("Bids above the line are funded in rank order within the budgets")
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self._type)
        bar.addWidget(self._cohort)
        bar.addWidget(self._text, 1)
        bar.addWidget(self._count)
        bar.addSpacing(12)
        bar.addWidget(legend)
        return bar

    # --- public ------------------------------------------------------------------------

    def set_meeting_columns(self, meeting: bool) -> None:
        """Meeting mode: confidential columns (notes) are hidden from the projector, and so
        are the columns a committee does not argue about, so the rest fit in large type;
        titles wrap to two lines rather than being cut."""
        self._meeting = meeting
        self._show_columns()

    def _show_columns(self) -> None:
        """The meeting's columns in meeting mode, and at the desk when the desk's columns
        are wider than the table (a 1280-pixel screen beside the docks): the title, led by
        the bid's id, then wraps beside the narrow columns instead of the table scrolling
        sideways, and the detail dock gives the selected bid's practice, type and cohort."""
        compact = self._meeting or self._room != Room.WHOLE
        self.model.set_compact(compact)
        self.table.setWordWrap(compact)
        header = self.table.horizontalHeader()
        if compact:  # Qt miscounts hidden sections when the stretched last one is hidden
            header.setStretchLastSection(False)
        for column in DESK_ONLY_COLUMNS:
            self.table.setColumnHidden(column, compact)
        for column in CONFIDENTIAL_COLUMNS:
            self.table.setColumnHidden(column, self._meeting or self._room == Room.NARROWER)
        if not compact:
            header.setStretchLastSection(True)

    def focus_filter(self) -> None:
        self._text.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._text.selectAll()

    def set_filter(self, text: str = "", scheme: str = "", cohort: int | None = None) -> None:
        self._text.setText(text)
        self._type.setCurrentIndex(max(0, self._type.findData(scheme)))
        self._cohort.setCurrentIndex(max(0, self._cohort.findData(cohort or 0)))

    def select_bid(self, bid_id: str | None, *, scroll: bool = True) -> None:
        """Select ``bid_id``'s row (when it passes the filter) and scroll it into view."""
        row = self.model.row_of(bid_id) if bid_id else None
        selection = self.table.selectionModel()
        if row is None:
            selection.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            selection.clearSelection()  # filtered out: no other bid may look selected
            return
        if index == self.table.currentIndex():
            return
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        selection.setCurrentIndex(index, flags)
        if scroll:
            self.table.scrollTo(index)

    def shown_rows(self) -> ShownRows:
        """The proxy rows currently visible in the viewport, as bid indices."""
        rows = self.proxy.rowCount()
        first = self.table.rowAt(0)
        if rows == 0 or first < 0:
            return ShownRows(np.zeros(0, dtype=np.int64), 0, None)
        last = self.table.rowAt(self.table.viewport().height() - 1)
        last = rows - 1 if last < 0 else last
        sources = [self._source_row(row) for row in range(first, last + 1)]
        bids = np.array([self.model.bid_index(row) for row in sources], dtype=np.int64)
        line_after = None
        line = self.model.funding_line_row
        if line >= 0 and in_rank_order(self.proxy) and line in sources:
            line_after = sources.index(line)
        return ShownRows(bids, first, line_after)

    def emit_rows_shown(self) -> None:
        self.rowsShown.emit(self.shown_rows())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A resized viewport shows a different number of rows: tell the chart."""
        if watched is not self.table.viewport():
            return super().eventFilter(watched, event)
        kind = event.type()
        if kind in (QEvent.Type.Show, QEvent.Type.Resize) and self._room != self._room_now():
            self.fit_rows_and_columns()
        if kind == QEvent.Type.Resize:
            self.emit_rows_shown()
        return super().eventFilter(watched, event)

    # --- reacting ----------------------------------------------------------------------

    def _data_replaced(self) -> None:
        matrix = self._session.matrix
        cohorts = sorted(set(matrix.cohort.tolist()))
        with_blocked = self._cohort.blockSignals(True)
        chosen = self._cohort.currentData()
        self._cohort.clear()
        self._cohort.addItem("All cohorts", 0)
        for cohort in cohorts:
            self._cohort.addItem(f"Cohort {cohort}", cohort)
        self._cohort.setCurrentIndex(max(0, self._cohort.findData(chosen)))
        self._cohort.blockSignals(with_blocked)
        self.model.set_scores(self._session.scores, self._session.baseline_rank)
        self._funded(self._session.funded)
        self._show_badges()
        self.fit_rows_and_columns()
        self._apply_filter()
        self.select_bid(self._session.current_bid)

    def _show_badges(self) -> None:
        """Conflicts and quorum from the project's governance review, per bid."""
        project = self._session.data.project
        if project is None:
            return
        governance = project.governance
        self.model.set_badges(
            {bid_id: governance.badge(bid_id) for bid_id in self._session.bid_ids}
        )

    def _rescored(self) -> None:
        """Rows keep their place and show the bids in the new order; the selection moves
        with the current bid, the scroll position stays where the committee left it."""
        self.model.set_scores(self._session.scores, self._session.baseline_rank)
        self.select_bid(self._session.current_bid, scroll=False)
        self.table.line_row = self.model.funding_line_row
        self.emit_rows_shown()

    def _funded(self, funded: frozenset[str] | None) -> None:
        self.model.set_funded(funded)
        self.table.line_row = self.model.funding_line_row
        self._line_legend.setVisible(funded is not None)
        self.emit_rows_shown()

    def fit_rows_and_columns(self) -> None:
        """Size rows and columns to the font in force, once per change of mode, data or
        room, never per slider move: rows are one line at the desk and two in the meeting's
        columns (fixed, so a re-rank lays nothing out again), and there the title takes the
        width the narrow columns leave, so the flags stay on screen."""
        self.table.ensurePolished()
        if self._room != (room := self._room_now()):
            self._room = room
            self._show_columns()
        compact = self._meeting or self._room != Room.WHOLE
        metrics = self.table.fontMetrics()
        lines = MEETING_TITLE_LINES if compact else 1
        self.table.verticalHeader().setDefaultSectionSize(metrics.lineSpacing() * lines + 10)
        title_mode = (
            QHeaderView.ResizeMode.Stretch if compact else QHeaderView.ResizeMode.Interactive
        )
        self.table.horizontalHeader().setSectionResizeMode(Column.TITLE, title_mode)
        widths = self._column_widths(compact)
        if compact:
            widths[Column.NOTES] = self._notes_width()
        for column, width in widths.items():
            if not self.table.isColumnHidden(column):  # resizing a hidden section shows it
                self.table.setColumnWidth(column, width)

    def _notes_width(self) -> int:
        """The notes at their heading's width: what a row's notes say is in the detail
        dock, and their tooltip."""
        return heading_metrics(self.table).horizontalAdvance(HEADERS[Column.NOTES]) + 12

    def _column_widths(self, compact: bool) -> dict[Column, int]:
        """Each sampled column as wide as its sample or its heading, in the font in force."""
        metrics = self.table.fontMetrics()
        header = heading_metrics(self.table)
        samples = MEETING_SAMPLES if compact else DESK_SAMPLES
        padding = 10 if compact else 16
        headings = HEADERS | COMPACT_HEADERS if compact else HEADERS
        return {
            column: max(
                metrics.horizontalAdvance(sample) + padding,
                header.horizontalAdvance(headings[column]) + 12,
            )
            for column, sample in samples.items()
        }

    def _room_now(self) -> Room:
        """Which columns the table's width has room for at the desk: all of them, the
        stretched notes at their heading's width; else the meeting's columns with the notes
        beside the title while the title keeps :data:`TITLE_CHARACTERS` a line; else those
        without the notes. Meeting mode has its own columns; off screen the table's width
        means nothing yet, so the answer waits for it to show."""
        table = self.table
        if self._meeting:
            return Room.WHOLE
        if not table.isVisible():
            return self._room
        notes = self._notes_width()
        room = column_room(table)
        if sum(self._column_widths(compact=False).values()) + notes <= room:
            return Room.WHOLE
        title = table.fontMetrics().averageCharWidth() * TITLE_CHARACTERS
        compact = sum(self._column_widths(compact=True).values())
        return Room.NARROW if compact + title + notes <= room else Room.NARROWER

    def _apply_filter(self) -> None:
        scheme = self._type.currentData() or "[^\t]*"
        cohort = self._cohort.currentData() or "[^\t]*"
        text = self._text.text().strip()
        active = self._type.currentIndex() > 0 or self._cohort.currentIndex() > 0 or text
        pattern = f"^{scheme}\t{cohort}\t.*{QRegularExpression.escape(text)}" if active else ""
        expression = QRegularExpression(
            pattern, QRegularExpression.PatternOption.CaseInsensitiveOption
        )
        self._filtered = bool(active)
        self.proxy.setFilterRegularExpression(expression)
        self._count.setText(f"{self.proxy.rowCount()} of {self.model.rowCount()} bids")
        self.emit_rows_shown()

    def _source_row(self, row: int) -> int:
        """The model row under a table row; unsorted and unfiltered, the proxy passes
        rows through, so it is the same row without a mapping call."""
        if self._filtered or self.proxy.sortColumn() >= 0:
            return self.proxy.mapToSource(self.proxy.index(row, 0)).row()
        return row

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._session.set_current_bid(current.data(Role.BID_ID))


if __name__ == "__main__":
    import sys

    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(lambda session, _undo: RankingPanel(session), "Ranking"))
