"""Type for pyqtgraph charts that follows the widget's own font.

pyqtgraph draws tick labels and legend entries with fonts of its own, so the larger type
of meeting mode (a style sheet on the window) would stop at a chart's edge: a year label
a laptop user reads at 9 pt is lost at the back of a committee room.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFont

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
