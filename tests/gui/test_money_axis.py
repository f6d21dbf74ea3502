"""Every money chart, in the Funding tab and the Region window, labels its £ axis the way
finance papers do, through the one axis they share."""

from __future__ import annotations

from collections.abc import Callable

import pyqtgraph as pg
import pytest

from etprio.gui.panels.capital_by_year_chart import CapitalByYearChart
from etprio.gui.panels.liability_chart import LiabilityChart
from etprio.gui.region_window import RegionYearChart

CHARTS: dict[str, Callable[[], pg.GraphicsLayoutWidget]] = {
    "liability": LiabilityChart,
    "capital by year": CapitalByYearChart,
    "region by year": RegionYearChart,
}


@pytest.mark.parametrize("make_chart", CHARTS.values(), ids=CHARTS.keys())
def test_chart_ticks_read_like_a_finance_paper(qtbot, make_chart):
    chart = make_chart()
    qtbot.addWidget(chart)
    axis = chart.plot.getAxis("left")
    assert axis.tickStrings([0, 900, 250_000, 1_200_000, 26_100_000], 1.0, 1.0) == [
        "£0",
        "£900",
        "£250k",
        "£1.2m",
        "£26.1m",
    ]
