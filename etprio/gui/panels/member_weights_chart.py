"""The Member weights tab's chart: for each bid, in the committee's rank order, how many
members' weights fund it. A bar reaching the top line is the robust core; an empty slot is
a bid no member's weights fund; everything between depends on whose view prevails.

Colour is never the only cue: the height is the count, and the dashed line marks "every
member". The table beside the chart carries every number for keyboard and screen-reader
users.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from etprio.core.committee.member_weights import CommitteeFunding
from etprio.gui import style

CORE_COLOUR = style.OKABE_ITO[4]  # blue
DEPENDS_COLOUR = style.OKABE_ITO[1]  # sky blue
_RANKS_LABELLED_ONE_BY_ONE = 10


class MembersFundingChart(pg.GraphicsLayoutWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("membersFundingChart")
        self.setAccessibleName("How many members' weights fund each bid")
        self.setBackground("w")
        self.plot: pg.PlotItem = self.addPlot()
        self.plot.hideButtons()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.setLabel("left", "members whose weights fund it")
        self.plot.setLabel("bottom", "rank under the committee's weights")
        self.core = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush(CORE_COLOUR))
        self.depends = pg.BarGraphItem(x=[], height=[], width=0.7, brush=pg.mkBrush(DEPENDS_COLOUR))
        self.every = pg.InfiniteLine(
            angle=0, pen=pg.mkPen(style.NHS_DARK_GREY, style=Qt.PenStyle.DashLine)
        )
        for item in (self.core, self.depends, self.every):
            self.plot.addItem(item)

    def show_result(self, result: CommitteeFunding | None) -> None:
        bids = [] if result is None or not result.has_funding_line else list(result.bids)
        n = 0 if result is None else len(result.members)
        counts = np.array([len(b.funded_under) for b in bids], dtype=float)
        x = np.arange(len(bids), dtype=float)
        whole = counts == n
        self.core.setOpts(x=x[whole], height=counts[whole])
        self.depends.setOpts(x=x[~whole], height=counts[~whole])
        self.every.setPos(n)
        step = 5 if len(bids) > _RANKS_LABELLED_ONE_BY_ONE else 1
        ticks = [(float(i), str(i + 1)) for i in range(len(bids)) if (i + 1) % step == 0 or i == 0]
        self.plot.getAxis("bottom").setTicks([ticks])
        self.plot.setXRange(-0.6, max(len(bids) - 0.4, 0.6), padding=0)
        self.plot.setYRange(0, max(n, 1) + 0.5, padding=0)
