"""The recurrent revenue the CCG would take on, by financial year (CONTRACT §3), as the
Funding tab draws it: what the funding line commits the CCG to against what the whole
pipeline would, under the headroom the finance lead set. The Region window borrows the
pipeline's colour, so the whole pipeline looks the same in both windows."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from etprio.core.funding.liability import LiabilityYear
from etprio.gui import style
from etprio.gui.panels.chart_type import YearChart
from etprio.gui.panels.money_axis import MoneyAxis

FUNDED_COLOUR = style.OKABE_ITO[4]  # blue
PIPELINE_COLOUR = style.OKABE_ITO[0]  # orange: told apart from blue by every kind of viewer
HEADROOM_COLOUR = style.NHS_DARK_GREY


class LiabilityChart(YearChart):
    """Recurrent revenue by financial year: the pipeline's bar behind the funded set's, with
    the headroom as a dashed line. Colour is never the only cue: the bars differ in width and
    the legend and the table beside the chart name every series."""

    legend_names = ("Pipeline: all eligible bids", "Funded in rank order", "Recurrent headroom")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MoneyAxis("left"), parent)
        self.setObjectName("fundingLiabilityChart")
        self.setAccessibleName(
            "Recurrent liability by financial year: funded bids, all eligible bids and headroom"
        )
        self.pipeline = pg.BarGraphItem(
            x=[], height=[], width=0.75, brush=pg.mkBrush(PIPELINE_COLOUR), pen=pg.mkPen(None)
        )
        self.funded = pg.BarGraphItem(
            x=[], height=[], width=0.45, brush=pg.mkBrush(FUNDED_COLOUR), pen=pg.mkPen(None)
        )
        self.headroom = pg.PlotDataItem(
            pen=pg.mkPen(HEADROOM_COLOUR, width=2.5, style=Qt.PenStyle.DashLine)
        )
        for item, name in zip(
            (self.pipeline, self.funded, self.headroom), self.legend_names, strict=True
        ):
            self.plot.addItem(item)
            self._legend.addItem(item, name)

    def show_years(self, years: tuple[LiabilityYear, ...], headroom: float | None) -> None:
        """The years' bars, and the headroom's line unless no recurrent limit is set."""
        x = np.arange(len(years), dtype=float)
        funded = np.array([y.funded for y in years], dtype=float)
        pipeline = np.array([y.pipeline for y in years], dtype=float)
        self.pipeline.setOpts(x=x, height=pipeline)
        self.funded.setOpts(x=x, height=funded)
        if headroom is None:
            self.headroom.setData([], [])
        else:
            self.headroom.setData([-0.5, len(years) - 0.5], [headroom, headroom])
        self.label_years([y.year for y in years])
        top = max([headroom or 0.0, *pipeline.tolist(), 1.0])
        self.plot.setXRange(-0.6, len(years) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.1, padding=0)
