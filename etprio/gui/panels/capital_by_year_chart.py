"""Allocation against drawdown by financial year (CONTRACT §7), as the Funding tab shows it:
per year a bar for the grant the funding line draws and one for best value, the year's
allocation as a solid line across the year and, with carry-forward, what the funding line
could draw that year (allocation plus what earlier years left unspent) as a dashed line.
Colour is never the only cue: the bars sit left and right in every year, the lines differ in
dash, and the table beside the chart names every figure."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from etprio.core.funding.plan import YearDrawdown
from etprio.gui import style
from etprio.gui.panels.chart_type import YearChart
from etprio.gui.panels.money_axis import MoneyAxis

RANK_ORDER_COLOUR = style.OKABE_ITO[4]  # blue, as the funded bars of the liability chart
BEST_VALUE_COLOUR = style.OKABE_ITO[2]  # bluish green
ALLOCATION_COLOUR = style.NHS_DARK_GREY
AVAILABLE_COLOUR = style.OKABE_ITO[5]  # vermillion
_BAR = 0.36
_HALF_YEAR = 0.45


class CapitalByYearChart(YearChart):
    """Grant drawn per financial year by each selection against the allocations."""

    legend_names = ("In rank order", "Best value", "Allocation", "Allocation + carried in")
    legend_most = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MoneyAxis("left"), parent)
        self.setObjectName("capitalByYearChart")
        self.setAccessibleName(
            "Capital by financial year: grant drawn in rank order and by best value against "
            "each year's allocation and, with carry-forward, what the funding line could draw"
        )
        self.setToolTip(
            "Bars: grant drawn in the year. Solid line: the year's allocation. Dashed line: "
            "the allocation plus what earlier years left unspent in rank order."
        )
        self.rank_order = pg.BarGraphItem(
            x=[], height=[], width=_BAR, brush=pg.mkBrush(RANK_ORDER_COLOUR), pen=pg.mkPen(None)
        )
        self.best_value = pg.BarGraphItem(
            x=[], height=[], width=_BAR, brush=pg.mkBrush(BEST_VALUE_COLOUR), pen=pg.mkPen(None)
        )
        self.allocation = pg.PlotDataItem(pen=pg.mkPen(ALLOCATION_COLOUR, width=3), connect="pairs")
        self.available = pg.PlotDataItem(
            pen=pg.mkPen(AVAILABLE_COLOUR, width=2.5, style=Qt.PenStyle.DashLine), connect="pairs"
        )
        self._items = (self.rank_order, self.best_value, self.allocation, self.available)
        for item in self._items:
            self.plot.addItem(item)
        self._carry_forward = False

    def show_years(
        self, years: tuple[YearDrawdown, ...], *, carry_forward: bool, best_value_shown: bool
    ) -> None:
        """Bars and lines for ``years``; best value's bars only once it is worked out, the
        dashed line only with carry-forward, the allocation only where one is set."""
        x = np.arange(len(years), dtype=float)
        ranked = np.array([y.rank_order for y in years], dtype=float)
        best = np.array([y.best_value for y in years], dtype=float)
        self.rank_order.setOpts(x=x - _BAR / 2, height=ranked)
        self.best_value.setOpts(x=x + _BAR / 2, height=best if best_value_shown else best * 0)
        allocated = [(i, y.allocation) for i, y in enumerate(years) if y.allocation is not None]
        self.allocation.setData(*_segments(allocated))
        room = [(i, (y.allocation or 0.0) + y.rank_order_carried_in) for i, y in enumerate(years)]
        self.available.setData(*(_segments(room) if carry_forward and allocated else ([], [])))
        self._carry_forward = carry_forward
        self._fill_legend(bool(allocated))
        self.label_years([y.year for y in years])
        top = max([1.0, *ranked.tolist(), *best.tolist(), *(a for _, a in room)])
        self.plot.setXRange(-0.6, max(len(years), 1) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.1, padding=0)

    def _fill_legend(self, allocated: bool) -> None:
        self._legend.clear()
        shown = [True, True, allocated, allocated and self._carry_forward]
        for item, name, wanted in zip(self._items, self.legend_names, shown, strict=True):
            if wanted:
                self._legend.addItem(item, name)


def _segments(levels: list[tuple[int, float]]) -> tuple[list[float], list[float]]:
    """One horizontal segment across each year's slot, for ``connect="pairs"``."""
    xs: list[float] = []
    ys: list[float] = []
    for i, level in levels:
        xs += [i - _HALF_YEAR, i + _HALF_YEAR]
        ys += [level, level]
    return xs, ys
