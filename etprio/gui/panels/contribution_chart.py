"""Stacked bars of each bid's points per criterion (``contributionChart``), painted
directly with QPainter.

The chart shows the bids the ranking table shows on screen, in the table's order, so it
follows sorting, filtering and scrolling without a second way of choosing bids. It is one
plain widget: a slider tick fills one rectangle list per criterion and repaints, well
inside one frame, and opening a project does not wait for a plotting library to load
(DESIGN performance targets: a usable window in under a second). Type and lines scale
with the widget's font, so meeting mode's large type reaches the chart too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QStaticText,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from etprio.gui import style
from etprio.gui.panels.ranking import ShownRows
from etprio.gui.session import Session

BAR_HEIGHT = 0.72
"""A bar's height as a share of its row."""
POINTS = (-1.0, 101.0)
"""The points axis: 0 to 100 with a little room either side."""
GRID_STEP = 10
AXIS_COLOUR = QColor("#9AA5AA")
GRID_COLOUR = QColor(154, 165, 170, 64)
AXIS_TITLE = "Points towards the score (out of 100)"
MARGIN = 8
LARGEST_TYPE = 1.3
"""The chart's type is at most this many times the desk's (see ``_type``)."""
TICK = 5


class ContributionChart(QWidget):
    """One horizontal stacked bar per bid shown in the table; click a bar to make that
    bid current."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contributionChart")
        self.setAccessibleName("Contribution of each criterion to each bid's score")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)
        self._session = session
        self._shown = ShownRows(np.zeros(0, dtype=np.int64), 0, None)
        self._drawn_for: tuple[object, ShownRows] = (None, self._shown)
        self._widths = np.zeros((0, 0))
        self._starts = np.zeros((0, 0))
        self._labels: list[str] = []
        self._texts: dict[str, QStaticText] = {}
        self._bar_pen = QPen(QColor("#FFFFFF"), 0.8)
        self._highlight_pen = QPen(QColor(style.NHS_DARK_BLUE), 2.5)
        self._line_pen = QPen(QColor(style.NHS_BLUE), 3, Qt.PenStyle.DashLine)
        self._painted_plot = QRectF()
        self._legend_for: list[tuple[int, str]] = []
        session.dataReplaced.connect(self.update)
        session.weightsChanged.connect(self._weights_changed)
        session.currentBidChanged.connect(self._redraw_bars)

    # --- what is drawn -----------------------------------------------------------------

    def show_rows(self, shown: ShownRows) -> None:
        """Draw ``shown`` (the table's visible rows) with the session's current scores.
        A hidden chart (meeting mode on a small screen, another tab) paints nothing: it
        draws what is current when it is next shown."""
        self._shown = shown
        self._redraw_bars()

    def _redraw_bars(self) -> None:
        """Repaint the bars and their labels, or everything when the plot moved (wider
        bid ids): the axis below and the legend stay as they are on a slider tick."""
        if not self.isVisible():
            return
        self._prepare()
        plot = self.plot_area()
        if plot == self._painted_plot:
            self.update(0, 0, self.width(), int(plot.bottom()) + 2)
        else:
            self.update()

    def _weights_changed(self) -> None:
        """The legend lists the criteria that count: all is redrawn when that set changes
        (the bars follow the table, which reports its rows after every re-rank)."""
        if self._counting() != self._legend_for:
            self.update()

    @property
    def widths(self) -> np.ndarray:
        """Points of each criterion (columns) for each bid shown (rows, top first)."""
        self._prepare()
        return self._widths

    @property
    def tick_labels(self) -> list[str]:
        """The bid ids down the left axis, top first."""
        self._prepare()
        return list(self._labels)

    def labelled_rows(self) -> list[int]:
        """The rows whose bid id is written: all of them, or every other (every third…)
        when the rows are shorter than a line, so that ids never run together."""
        self._prepare()
        return self._labelled(self.plot_area())

    def _labelled(self, plot: QRectF) -> list[int]:
        every = max(1, math.ceil(self._metrics().height() / self._row_height(plot)))
        return list(range(0, len(self._labels), every))

    def legend_column_count(self) -> int:
        """Columns the legend takes at the present width: as many as fit without cutting
        a criterion's label, at most three."""
        return legend_columns(self._entry_widths(), self.width() - 2 * MARGIN)

    def _entry_widths(self) -> list[int]:
        """Each legend entry's width: swatch, gap and label of a criterion that counts."""
        return [int(self._text(label).size().width()) + 36 for _, label in self._counting()]

    def bar_centre(self, position: int) -> QPointF:
        """Widget coordinates of the middle of the bar at ``position`` (0 = top)."""
        self._prepare()
        plot = self.plot_area()
        total = float(self._session.scores.score[self._shown.bids[position]])
        return QPointF(self._x(plot, total / 2), self._y(plot, position))

    def _prepare(self) -> None:
        """Arrays for the rows shown under the current scores, worked out once per change."""
        scores = self._session.scores
        if self._drawn_for[0] is scores and self._drawn_for[1] is self._shown:
            return
        self._drawn_for = (scores, self._shown)
        bids = self._shown.bids
        points = scores.contributions[bids] if len(bids) else np.zeros((0, len(scores.weights)))
        self._widths = points
        self._starts = np.cumsum(points, axis=1) - points
        ids = self._session.bid_ids
        self._labels = [ids[b] for b in bids.tolist()]

    # --- geometry ------------------------------------------------------------------------

    def _counting(self) -> list[tuple[int, str]]:
        """(position, label) of the criteria that count (weight above zero)."""
        criteria = self._session.criteria.criteria
        weights = self._session.weights
        return [(k, c.label) for k, (c, w) in enumerate(zip(criteria, weights, strict=True)) if w]

    def _legend_height(self, metrics: QFontMetrics) -> int:
        """Room for the legend, or none when it would leave the bars less than half the
        chart or each bar less than a line of its id: the weights panel's colour chips name
        every criterion too."""
        count = len(self._counting())
        rows = -(-count // self.legend_column_count()) if count else 0
        height = rows * (metrics.height() + 8) + (8 if rows else 0)
        bars = self.height() - 2 * MARGIN - self._axis_height(metrics) - height
        each = bars / (max(len(self._labels), 1) + 0.2)
        return height if height <= self.height() // 2 and each >= metrics.height() else 0

    @staticmethod
    def _axis_height(metrics: QFontMetrics) -> int:
        return TICK + 2 * metrics.height() + 10

    def plot_area(self) -> QRectF:
        metrics = self._metrics()
        label_width = max((self._text(t).size().width() for t in self._labels), default=0)
        left = MARGIN + label_width + 16
        bottom = self.height() - MARGIN - self._axis_height(metrics) - self._legend_height(metrics)
        return QRectF(left, MARGIN, max(self.width() - left - 2 * MARGIN, 1), max(bottom, 1))

    def _x(self, plot: QRectF, points: float) -> float:
        low, high = POINTS
        return plot.left() + (points - low) / (high - low) * plot.width()

    def _row_height(self, plot: QRectF) -> float:
        return plot.height() / (max(len(self._labels), 1) + 0.2)

    def _y(self, plot: QRectF, position: float) -> float:
        """Centre of row ``position``: rows fill the plot with a little room above and below."""
        return plot.top() + (position + 0.6) * self._row_height(plot)

    # --- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self._prepare()
        plot = self.plot_area()
        painter = QPainter(self)
        painter.setFont(self._type())
        self._paint_grid(painter, plot)
        self._paint_bars(painter, plot)
        self._paint_marks(painter, plot)
        self._paint_axes(painter, plot)
        if event.rect().bottom() > plot.bottom() + 2:
            self._paint_scale(painter, plot)
            self._paint_legend(painter, plot)
            self._legend_for = self._counting()
        painter.end()
        self._painted_plot = plot

    def _paint_grid(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(GRID_COLOUR)
        xs = [self._x(plot, points) for points in range(0, 101, GRID_STEP)]
        painter.drawLines([QLineF(x, plot.top(), x, plot.bottom()) for x in xs])

    def _paint_bars(self, painter: QPainter, plot: QRectF) -> None:
        painter.setPen(self._bar_pen)
        row = self._row_height(plot)
        scale = plot.width() / (POINTS[1] - POINTS[0])
        left = self._x(plot, 0.0)
        tops = [self._y(plot, p) - BAR_HEIGHT * row / 2 for p in range(len(self._labels))]
        for k, _label in self._counting():
            starts, widths = self._starts[:, k].tolist(), self._widths[:, k].tolist()
            rects = [
                QRectF(left + start * scale, top, width * scale, BAR_HEIGHT * row)
                for top, start, width in zip(tops, starts, widths, strict=True)
                if width > 0
            ]
            if rects:
                painter.setBrush(style.criterion_colour(k))
                painter.drawRects(rects)

    def _paint_marks(self, painter: QPainter, plot: QRectF) -> None:
        """The current bid's outline and the funding line."""
        painter.setBrush(Qt.BrushStyle.NoBrush)
        current = self._session.current_bid
        row = self._session.row_of(current) if current else None
        positions = np.flatnonzero(self._shown.bids == row if row is not None else [])
        height = self._row_height(plot) * (BAR_HEIGHT + 0.16)
        for position in positions[:1]:
            total = float(self._session.scores.score[self._shown.bids[position]])
            y = self._y(plot, int(position)) - height / 2
            painter.setPen(self._highlight_pen)
            left = self._x(plot, 0.0)
            painter.drawRect(QRectF(left, y, self._x(plot, total) - left, height))
        if self._shown.line_after is not None:
            y = self._y(plot, self._shown.line_after + 0.5)
            painter.setPen(self._line_pen)
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))

    def _paint_axes(self, painter: QPainter, plot: QRectF) -> None:
        """Both axis lines with the ticks under the bars, and the bid ids down the left."""
        painter.setPen(AXIS_COLOUR)
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        xs = [self._x(plot, points) for points in range(0, 101, GRID_STEP)]
        painter.drawLines([QLineF(x, plot.bottom(), x, plot.bottom() + TICK) for x in xs])
        painter.setPen(QColor(style.NHS_DARK_GREY))
        line = self._metrics().height()
        for position in self._labelled(plot):
            text = self._text(self._labels[position])
            width = text.size().width()
            y = self._y(plot, position) - line / 2
            painter.drawStaticText(QPointF(plot.left() - 8 - width, y), text)

    def _paint_scale(self, painter: QPainter, plot: QRectF) -> None:
        """The points axis's numbers and title."""
        metrics = self._metrics()
        painter.setPen(QColor(style.NHS_DARK_GREY))
        top = plot.bottom() + TICK + 2
        for points in range(0, 101, GRID_STEP):
            text = self._text(str(points))
            x = self._x(plot, points) - text.size().width() / 2
            painter.drawStaticText(QPointF(x, top), text)
        title = self._text(AXIS_TITLE)
        x = plot.center().x() - title.size().width() / 2
        painter.drawStaticText(QPointF(x, top + metrics.height() + 4), title)

    def _paint_legend(self, painter: QPainter, plot: QRectF) -> None:
        metrics = self._metrics()
        if not self._legend_height(metrics):
            return
        widths = self._entry_widths()
        columns = legend_columns(widths, self.width() - 2 * MARGIN)
        lefts = [MARGIN + 12]
        for column in range(columns - 1):
            lefts.append(lefts[-1] + max(widths[column::columns]) + 12)
        top = plot.bottom() + TICK + 2 * metrics.height() + 18
        size = metrics.height() - 2
        for index, (k, label) in enumerate(self._counting()):
            x = lefts[index % columns]
            y = top + (index // columns) * (metrics.height() + 8)
            painter.setPen(QColor(style.NHS_DARK_GREY))
            painter.setBrush(style.criterion_colour(k))
            painter.drawRect(QRectF(x, y + 1, size, size))
            painter.drawStaticText(QPointF(x + size + 10, y), self._text(label))

    def _text(self, text: str) -> QStaticText:
        """Labels are laid out once; a new font (meeting mode) lays them out again."""
        static = self._texts.get(text)
        if static is None:
            static = self._texts[text] = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=self._type())
        return static

    def _type(self) -> QFont:
        """The widget's font, at most a little larger than the desk's: meeting mode's large
        type goes to the table, and a legend in it would leave the bars no room."""
        font = QFont(self.font())
        largest = QApplication.font().pointSizeF() * LARGEST_TYPE
        if font.pointSizeF() > largest > 0:
            font.setPointSizeF(largest)
        return font

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self._type())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._texts.clear()
        super().changeEvent(event)

    # --- interaction ---------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click on a bar makes its bid current."""
        if event.button() != Qt.MouseButton.LeftButton:
            return
        plot = self.plot_area()
        point = event.position()
        if not plot.contains(point):
            return
        place = (point.y() - plot.top()) / self._row_height(plot) - 0.6
        position = round(place)
        if 0 <= position < len(self._labels) and abs(place - position) <= BAR_HEIGHT / 2:
            bid = int(self._shown.bids[position])
            self._session.set_current_bid(self._session.bid_ids[bid])
            event.accept()


def legend_columns(widths: Sequence[int], room: int, most: int = 3) -> int:
    """The most legend columns, up to ``most``, that fit ``room`` with entries of
    ``widths`` placed row by row: each column is as wide as its widest entry, so one long
    criterion need not put every entry on a line of its own.

    >>> legend_columns([300, 100, 100, 100], 450)
    2
    >>> legend_columns([300, 100, 100, 100], 350)
    1
    """
    for columns in range(most, 1, -1):
        if sum(max(widths[c::columns], default=0) for c in range(columns)) <= room:
            return columns
    return 1


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QSplitter

    from etprio.gui.panels.preview import run_preview
    from etprio.gui.panels.ranking import RankingPanel

    def _build(session: Session, _undo: object) -> QWidget:
        splitter = QSplitter(Qt.Orientation.Vertical)
        ranking = RankingPanel(session)
        chart = ContributionChart(session)
        ranking.rowsShown.connect(chart.show_rows)
        splitter.addWidget(ranking)
        splitter.addWidget(chart)
        return splitter

    sys.exit(run_preview(_build, "Contribution chart"))
