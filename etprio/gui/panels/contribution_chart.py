"""Stacked bars of each bid's points per criterion (``contributionChart``), drawn with
pyqtgraph for speed.

The chart shows the bids the ranking table shows on screen, in the table's order, so it
follows sorting, filtering and scrolling without a second way of choosing bids. All the
bars are one scene item that paints each criterion's rectangles in one call: a slider tick
feeds it new arrays and the scene repaints one item, not one per criterion, which keeps a
repaint well inside one frame (DESIGN performance targets).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPainter, QPen, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from etprio.gui import style
from etprio.gui.menu_ownership import menus_owned_by
from etprio.gui.panels.ranking import ShownRows
from etprio.gui.session import Session

BAR_HEIGHT = 0.72
GRID_STEP = 10
GRID_REACH = 1e6
"""The grid lines run this far up and down, beyond any number of rows on screen."""


class StackedBars(pg.GraphicsObject):
    """Every bid's stacked bar, one row per bid: ``widths[row, k]`` points of criterion
    ``k`` starting at ``starts[row, k]``, in criterion ``k``'s brush."""

    def __init__(self, brushes: list[QBrush], pen: QPen) -> None:
        super().__init__()
        self._brushes = brushes
        self._pen = pen
        self._rects: list[list[QRectF]] = [[] for _ in brushes]
        self._bounds = QRectF()
        self.widths = np.zeros((0, len(brushes)))

    def set_bars(self, starts: np.ndarray, widths: np.ndarray, counting: list[bool]) -> None:
        """Criteria that do not count (weight zero) have no bars."""
        self.prepareGeometryChange()
        self.widths = widths
        self._rects = [
            _rects(starts[:, k], widths[:, k]) if counting[k] else []
            for k in range(len(self._brushes))
        ]
        right = float(widths.sum(axis=1).max()) if len(widths) else 0.0
        self._bounds = QRectF(0.0, -BAR_HEIGHT / 2, right, len(widths))
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        _option: QStyleOptionGraphicsItem,
        _widget: QWidget | None = None,
    ) -> None:
        painter.setPen(self._pen)
        for brush, rects in zip(self._brushes, self._rects, strict=True):
            if rects:
                painter.setBrush(brush)
                painter.drawRects(rects)


class ContributionChart(pg.GraphicsLayoutWidget):
    """One horizontal stacked bar per bid; click a bar to make that bid current."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contributionChart")
        self.setAccessibleName("Contribution of each criterion to each bid's score")
        self.setBackground("w")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._session = session
        self._shown = ShownRows(np.zeros(0, dtype=np.int64), 0, None)
        self._keys: tuple[str, ...] = ()
        self.bars = StackedBars([], pg.mkPen("#FFFFFF", width=0.8))
        self._swatches: list[pg.BarGraphItem] = []
        self._legend_for: tuple[bool, ...] = ()
        self._drawn_for: object = None
        self._ticks: list[tuple[float, str]] = []

        with menus_owned_by(self):
            self.plot: pg.PlotItem = self.addPlot(row=0, col=0)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self._add_grid_lines()
        self.plot.setLabel("bottom", "Points towards the score (out of 100)")
        for side in ("left", "bottom"):
            self.plot.getAxis(side).setPen("#9AA5AA")
            self.plot.getAxis(side).setTextPen(style.NHS_DARK_GREY)
        self.plot.setXRange(0, 100, padding=0.01)
        self.plot.getViewBox().disableAutoRange()
        self._metrics = QFontMetrics(self.font())
        self._legend = pg.LegendItem(colCount=3, labelTextColor=style.NHS_DARK_GREY)
        self.addItem(self._legend, row=1, col=0)

        self._highlight = pg.BarGraphItem(
            x0=[0], y=[0], width=[0], height=BAR_HEIGHT + 0.16,
            brush=None, pen=pg.mkPen(style.NHS_DARK_BLUE, width=2.5),
        )  # fmt: skip
        self._highlight.setZValue(10)
        self._highlight.hide()
        self.plot.addItem(self._highlight)
        self._line = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(style.NHS_BLUE, width=3, style=Qt.PenStyle.DashLine)
        )
        self._line.setZValue(11)
        self._line.hide()
        self.plot.addItem(self._line)

        self.scene().sigMouseClicked.connect(self._clicked)
        session.dataReplaced.connect(self._build_bars)
        session.weightsChanged.connect(self._update_legend)
        session.currentBidChanged.connect(lambda _bid: self._draw_highlight())
        self._build_bars()

    def _add_grid_lines(self) -> None:
        """Faint lines every ten points, as one plain item under the bars. pyqtgraph's own
        grid is drawn by the bottom axis across the whole plot, so every slider tick
        would redraw the axis and its labels too, and an item per line is a Python paint
        call per line (DESIGN performance targets)."""
        x = np.repeat(np.arange(0, 101, GRID_STEP, dtype=float), 2)
        y = np.tile([-GRID_REACH, GRID_REACH], len(x) // 2)
        grid = pg.PlotCurveItem(x, y, connect="pairs", pen=pg.mkPen(154, 165, 170, 64))
        grid.setZValue(-10)
        self.plot.addItem(grid, ignoreBounds=True)

    def show_rows(self, shown: ShownRows) -> None:
        """Draw ``shown`` (the table's visible rows) with the session's current scores.

        A hidden chart (meeting mode, another tab) only remembers the rows and draws
        when it is shown again, so it costs nothing on a slider tick. The table reports
        its rows several times in one re-rank (rows moved, scores changed, funding line
        moved); the same rows under the same scores are drawn once.
        """
        drawn = (self._drawn_for is self._session.scores) and _same_rows(shown, self._shown)
        self._shown = shown
        if self.isVisible() and not drawn:
            self._draw()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        """Legend columns follow the width, so no criterion's label is cut off."""
        super().resizeEvent(event)
        self._fit_legend(self.width())

    def _fit_legend(self, width: int) -> None:
        """As many legend columns as fit; a legend that would leave the bars less than
        half the chart is left out, since the weights panel's colour chips name every
        criterion too."""
        legend = getattr(self, "_legend", None)  # Qt resizes the view while it is built
        if legend is None or self.closed:  # and while pyqtgraph takes it down
            return
        criteria = self._session.criteria.criteria
        shown = [c.label for c, w in zip(criteria, self._session.weights, strict=True) if w > 0]
        widths = [self._metrics.horizontalAdvance(label) + 36 for label in shown]
        columns = legend_columns(widths, width)
        legend.setColumnCount(columns)
        rows = -(-len(shown) // columns)
        legend.setVisible(rows * (self._metrics.height() + 8) <= self.height() // 2)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._draw()

    def _draw(self) -> None:
        shown = self._shown
        scores = self._session.scores
        self._drawn_for = scores
        count = len(shown.bids)
        points = scores.contributions[shown.bids] if count else np.zeros((0, len(self._keys)))
        starts = np.cumsum(points, axis=1) - points
        self.bars.set_bars(starts, points, [w > 0 for w in self._session.weights])
        ids = self._session.bid_ids
        ticks = [(float(i), ids[b]) for i, b in enumerate(shown.bids.tolist())]
        axis = self.plot.getAxis("left")
        if ticks != self._ticks:  # new ticks redraw the axis and its labels
            self._ticks = ticks
            axis.setTicks([ticks])
            # pyqtgraph drops labels that do not fit the axis before it widens: size it here.
            widest = max((self._metrics.horizontalAdvance(t) for _, t in ticks), default=0)
            if axis.width() != widest + 16:  # a new width lays the whole plot out again
                axis.setWidth(widest + 16)
        self.plot.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        if shown.line_after is None:
            self._line.hide()
        else:
            self._line.setPos(shown.line_after + 0.5)
            self._line.show()
        self._draw_highlight()

    def bar_centre(self, position: int) -> QPointF:
        """Widget coordinates of the middle of the bar at ``position`` (0 = top)."""
        bid = int(self._shown.bids[position])
        total = float(self._session.scores.score[bid])
        scene = self.plot.getViewBox().mapViewToScene(QPointF(total / 2, position))
        return self.mapFromScene(scene)

    def _build_bars(self) -> None:
        """A new bar item only when the criteria change; otherwise keep and reuse it.
        The legend's colour swatches are bar items outside the plot."""
        criteria = self._session.criteria.criteria
        keys = tuple(c.key for c in criteria)
        if keys != self._keys:
            self.plot.removeItem(self.bars)
            brushes = [pg.mkBrush(style.criterion_colour(k)) for k in range(len(criteria))]
            self.bars = StackedBars(brushes, pg.mkPen("#FFFFFF", width=0.8))
            self.plot.addItem(self.bars)
            self._swatches = [
                pg.BarGraphItem(x0=[], y=[], width=[], height=BAR_HEIGHT, brush=brush)
                for brush in brushes
            ]
            self._keys = keys
            self._legend_for = ()
        self._update_legend()

    def _update_legend(self) -> None:
        """Only criteria that count (weight above zero) are in the legend; rebuilt only
        when that set changes, not on every slider tick."""
        counting = tuple(w > 0 for w in self._session.weights)
        if counting == self._legend_for:
            return
        self._legend_for = counting
        self._legend.clear()
        criteria = self._session.criteria.criteria
        weights = self._session.weights
        for swatch, criterion, weight in zip(self._swatches, criteria, weights, strict=True):
            if weight > 0:
                self._legend.addItem(swatch, criterion.label)
        self._fit_legend(self.width())

    def _draw_highlight(self) -> None:
        current = self._session.current_bid
        row = self._session.row_of(current) if current else None
        positions = np.flatnonzero(self._shown.bids == row) if row is not None else np.empty(0)
        if len(positions) == 0:
            self._highlight.hide()
            return
        position = int(positions[0])
        score = float(self._session.scores.score[self._shown.bids[position]])
        self._highlight.setOpts(x0=[0.0], width=[score], y=[float(position)])
        self._highlight.show()

    def _clicked(self, event: MouseClickEvent) -> None:
        view = self.plot.getViewBox()
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        point = view.mapSceneToView(event.scenePos())
        position = round(point.y())
        if 0 <= position < len(self._shown.bids) and abs(point.y() - position) <= BAR_HEIGHT / 2:
            bid = int(self._shown.bids[position])
            self._session.set_current_bid(self._session.bid_ids[bid])
            event.accept()


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


def legend_columns(widths: Sequence[int], room: int, most: int = 3) -> int:
    """The most legend columns, up to ``most``, that fit ``room`` with entries of
    ``widths`` placed row by row, as pyqtgraph places them: each column is as wide as its
    widest entry, so one long criterion need not put every entry on a line of its own.

    >>> legend_columns([300, 100, 100, 100], 450)
    2
    >>> legend_columns([300, 100, 100, 100], 350)
    1
    """
    for columns in range(most, 1, -1):
        if sum(max(widths[c::columns], default=0) for c in range(columns)) <= room:
            return columns
    return 1


def _rects(starts: np.ndarray, widths: np.ndarray) -> list[QRectF]:
    """One criterion's part of each row's bar, centred on the row."""
    top = -BAR_HEIGHT / 2
    pairs = zip(starts.tolist(), widths.tolist(), strict=True)
    return [
        QRectF(x, row + top, width, BAR_HEIGHT) for row, (x, width) in enumerate(pairs) if width > 0
    ]


def _same_rows(a: ShownRows, b: ShownRows) -> bool:
    return (
        a.first_row == b.first_row
        and a.line_after == b.line_after
        and np.array_equal(a.bids, b.bids)
    )
