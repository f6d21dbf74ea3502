"""Type for pyqtgraph charts that follows the widget's own font.

pyqtgraph draws tick labels and legend entries with fonts of its own, so the larger type
of meeting mode (a style sheet on the window) would stop at a chart's edge: a year label
a laptop user reads at 9 pt is lost at the back of a committee room.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import QWidget

from etprio.gui import style

FONT_EVENTS = (QEvent.Type.FontChange, QEvent.Type.StyleChange)
CHART_LINES = 14
"""A chart is at least this many lines of its type tall, so larger type keeps the plot."""


def follow_font(plot: pg.PlotItem, legend: pg.LegendItem | None, font: QFont) -> None:
    """Set ``plot``'s tick labels and ``legend``'s entries in ``font``."""
    for side in ("left", "bottom"):
        plot.getAxis(side).setStyle(tickFont=font)
    if legend is None:
        return
    legend.setLabelTextSize(f"{font.pointSizeF():g}pt")
    for _sample, label in legend.items:
        label.setText(label.text)  # pyqtgraph renders a label again only when its text is set


class YearChart(pg.GraphicsLayoutWidget):
    """A chart by financial year with a legend under it: year labels thinned to fit side by
    side, legend entries laid out as many to a line as fit, and both in the widget's own
    type, so meeting mode's larger type reaches them (the Funding tab's liability and
    capital-by-year charts)."""

    legend_names: tuple[str, ...] = ()
    legend_most = 3  # legend entries to a line at most

    def __init__(self, left_axis: pg.AxisItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackground("w")
        self.plot: pg.PlotItem = self.addPlot(row=0, col=0, axisItems={"left": left_axis})
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self._legend = pg.LegendItem(colCount=self.legend_most, labelTextColor=style.NHS_DARK_GREY)
        self.addItem(self._legend, row=1, col=0)
        self._year_labels: Sequence[str] = ()
        self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)

    def label_years(self, years: Sequence[str]) -> None:
        """The years along the bottom, as many as fit."""
        self._year_labels = years
        self._fit_labels()

    def _fit_labels(self) -> None:
        """As many year labels as fit side by side (every other year, every third…), and
        as many legend entries to a line as fit, so none runs into the next or is cut."""
        metrics = self.fontMetrics()
        width = max(self.width() - 80, 1)
        years = self._year_labels
        if years:
            label = max(metrics.horizontalAdvance(y) for y in years) + 14
            every = max(1, math.ceil(len(years) * label / width))
            ticks = [(float(i), y) for i, y in enumerate(years) if i % every == 0]
            self.plot.getAxis("bottom").setTicks([ticks])
        longest = max((metrics.horizontalAdvance(n) for n in self.legend_names), default=0) + 40
        self._legend.setColumnCount(max(1, min(self.legend_most, width // longest)))

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_legend"):  # Qt resizes the view while it is built
            self._fit_labels()

    def changeEvent(self, event: QEvent) -> None:
        """Meeting mode's type reaches the ticks and the legend too."""
        super().changeEvent(event)
        if event.type() in FONT_EVENTS and hasattr(self, "_legend"):
            follow_font(self.plot, self._legend, self.font())
            self.setMinimumHeight(self.fontMetrics().height() * CHART_LINES)
            self._fit_labels()
