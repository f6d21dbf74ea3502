"""Charts of the Sensitivity tab (CONTRACT §4 ``sensitivity``): stability intervals as
horizontal bars with the current weight marked, and the SMAA-2 rank-acceptability heat map.

Colour is never the only cue: the current weight is a tick, not a colour change, and the heat
map uses cividis, a perceptually uniform map that reads the same with any colour vision and
in greyscale, with a colour bar giving the scale. The tables beside the charts in the panel
carry every number for keyboard and screen-reader users.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.findings import percent
from etprio.core.sensitivity.smaa import SmaaResult
from etprio.core.sensitivity.stability import StabilityInterval
from etprio.gui import style
from etprio.gui.panels.chart_type import CHART_LINES, FONT_EVENTS, follow_font

HEATMAP_COLOURS = "cividis"
BAR_COLOUR = style.OKABE_ITO[1]  # sky blue
CURRENT_COLOUR = style.OKABE_ITO[4]  # blue, and a different shape from the bar
_MAX_BID_TICKS = 40


class StabilityChart(pg.GraphicsLayoutWidget):
    """Each criterion's stability interval as a bar over its share of the total weight,
    with a tick at the current share. Criteria run top to bottom in the file's order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stabilityChart")
        self.setAccessibleName("Stability interval of each criterion's weight")
        self.setBackground("w")
        self.plot: pg.PlotItem = self.addPlot()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.plot.setLabel("bottom", "Share of the total weight (%)")
        self.bars = pg.BarGraphItem(
            x0=[], x1=[], y=[], height=0.55, brush=pg.mkBrush(BAR_COLOUR), pen=pg.mkPen(None)
        )
        self.current = pg.ScatterPlotItem(
            symbol="|", size=22, pen=pg.mkPen(CURRENT_COLOUR, width=3), brush=None
        )
        self.plot.addItem(self.bars)
        self.plot.addItem(self.current)
        self._rows = CHART_LINES
        self._fit_height()

    def changeEvent(self, event: QEvent) -> None:
        """Meeting mode's type reaches the criteria's names and the scale too."""
        super().changeEvent(event)
        if event.type() in FONT_EVENTS and hasattr(self, "current"):
            follow_font(self.plot, None, self.font())
            self._fit_height()

    def _fit_height(self) -> None:
        """A line and a quarter of type per criterion, and room for the scale, so no
        criterion's name runs into the next."""
        lines = max(self._rows * 1.25 + 4, CHART_LINES)
        self.setMinimumHeight(int(self.fontMetrics().lineSpacing() * lines))

    def show_intervals(self, intervals: tuple[StabilityInterval, ...]) -> None:
        y = np.arange(len(intervals), dtype=float)
        low = np.array([i.low for i in intervals]) * 100
        high = np.array([i.high for i in intervals]) * 100
        now = np.array([i.current for i in intervals]) * 100
        self.bars.setOpts(x0=low, x1=high, y=y)
        self.current.setData(x=now, y=y)
        names = [(float(k), i.label) for k, i in enumerate(intervals)]
        self._rows = len(intervals)
        self._fit_height()
        self.plot.getAxis("left").setTicks([names])
        finite = [*now.tolist(), *high[high < 100].tolist(), *low.tolist()]
        right = min(100.0, max(5.0, 1.3 * max(finite, default=0.0)))
        self.plot.setXRange(0, right, padding=0)
        self.plot.setYRange(-0.6, max(len(intervals) - 0.4, 0.6), padding=0)


class AcceptabilityHeatmap(pg.GraphicsLayoutWidget):
    """SMAA-2 rank acceptability: row = bid (rank order of the run), column = rank; the
    colour bar gives the share of weightings. Hovering names the bid, rank and share."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("acceptabilityHeatmap")
        self.setAccessibleName("Rank acceptability heat map: bids by rank, share of weightings")
        self.setBackground("w")
        self.plot: pg.PlotItem = self.addPlot(row=0, col=0)
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.invertY(True)
        self.plot.setLabel("bottom", "Rank")
        self.image = pg.ImageItem(axisOrder="row-major")
        self.plot.addItem(self.image)
        self.colour_bar = pg.ColorBarItem(
            values=(0, 1), colorMap=pg.colormap.get(HEATMAP_COLOURS), interactive=False
        )
        self.colour_bar.setImageItem(self.image)
        self.addItem(self.colour_bar, row=0, col=1)
        self._table = np.zeros((0, 0))
        self._ids: list[str] = []
        self.scene().sigMouseMoved.connect(self._hover)
        self.plot.vb.sigResized.connect(self._fit_ticks)
        self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)

    def show_result(self, scores: Scores, result: SmaaResult) -> None:
        order = scores.order.tolist()
        self._table = result.rank_acceptability()[order] if order else np.zeros((0, 0))
        self._ids = [result.bid_ids[i] for i in order]
        n = len(order)
        peak = float(self._table.max()) if self._table.size else 1.0
        self.image.setImage(self._table, autoLevels=False, levels=(0.0, peak))
        self.colour_bar.setLevels((0.0, peak))
        self._fit_ticks()
        self.plot.setXRange(0, max(n, 1), padding=0)
        self.plot.setYRange(0, max(n, 1), padding=0)

    def _fit_ticks(self) -> None:
        """Every bid's id when the rows are tall enough, else every second, third… so no
        two ids run into each other, whatever the height and the type. pyqtgraph drops
        every label of an axis whose labels would fill more than 80% of it, so they are
        kept to 60%."""
        n = len(self._ids)
        line = self.fontMetrics().height()
        rows_tall = max(self.plot.vb.height(), 1.0)
        every = max(1, -(-n // _MAX_BID_TICKS), math.ceil(n * line / (0.6 * rows_tall)))
        left = self.plot.getAxis("left")
        left.setTicks([[(r + 0.5, bid) for r, bid in enumerate(self._ids) if r % every == 0]])
        widest = max((self.fontMetrics().horizontalAdvance(bid) for bid in self._ids), default=0)
        left.setWidth(widest + 16)  # pyqtgraph keeps the room of its first, smaller type
        self.plot.getAxis("bottom").setTicks(
            [[(r + 0.5, str(r + 1)) for r in range(n) if r % max(every, n // 12 or 1) == 0]]
        )

    def changeEvent(self, event: QEvent) -> None:
        """Meeting mode's type reaches the bids' ids and the ranks."""
        super().changeEvent(event)
        if event.type() in FONT_EVENTS and hasattr(self, "_ids"):
            follow_font(self.plot, None, self.font())
            self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)
            self._fit_ticks()

    def _hover(self, position: Any) -> None:
        point = self.plot.vb.mapSceneToView(position)
        row, column = int(np.floor(point.y())), int(np.floor(point.x()))
        if 0 <= row < len(self._ids) and 0 <= column < len(self._ids):
            share = percent(float(self._table[row, column]))
            self.setToolTip(f"{self._ids[row]} at rank {column + 1}: {share} of weightings")
        else:
            self.setToolTip("")
