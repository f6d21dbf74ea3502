"""The Region window (File → Open regional pipeline…): several CCGs' projects against the
region's allocations by year (CONTRACT §8), read-only. It shows what ``etprio region`` and
the regional paper show for the same files — the core's :func:`plan_region` computes it
all; the window only asks for allocations and an order, and draws the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.errors import EtprioError
from etprio.core.funding.best_value import LIVE_TIME_LIMIT
from etprio.core.funding.limits import parse_capital_by_year
from etprio.core.region.pipeline import LOCAL, SCORE, RegionCcg, open_ccgs
from etprio.core.region.plan import (
    RegionalPlan,
    RegionLimits,
    plan_region,
)
from etprio.core.wording import format_gbp
from etprio.gui.models.region import CcgTotalsModel, RegionalBidsModel
from etprio.gui.panels.budget_form import allocations_text
from etprio.gui.panels.capital_by_year_chart import (
    ALLOCATION_COLOUR,
    BEST_VALUE_COLOUR,
    RANK_ORDER_COLOUR,
)
from etprio.gui.panels.chart_type import YearChart
from etprio.gui.panels.liability_chart import PIPELINE_COLOUR
from etprio.gui.panels.message_label import error_message_label
from etprio.gui.panels.money_axis import MoneyAxis
from etprio.gui.work import Worker, WorkProgress

_MAX_COLUMN_WIDTH = 240
_ASK_FOR_ALLOCATIONS = (
    "Type the region's allocations by financial year above (e.g. 2017/18=£26.1m, "
    "2018/19=£26.2m) and press Apply."
)
_ORDERS = (
    (LOCAL, "Local: each CCG's own scores and order"),
    (SCORE, "Score: one criteria set for every scheme"),
)


class RegionYearChart(YearChart):
    """Grant by financial year: the whole pipeline, the regional-order selection and the
    best-value selection side by side, each year's allocation as a line across them."""

    legend_names = ("Whole pipeline", "In regional order", "Best value", "Allocation")
    legend_most = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(MoneyAxis("left"), parent)
        self.setObjectName("regionYearChart")
        self.setAccessibleName("Grant by financial year against the region's allocations")
        self.bars = {
            name: pg.BarGraphItem(x=[], height=[], width=0.26, brush=pg.mkBrush(colour), pen=None)
            for name, colour in zip(
                self.legend_names[:3],
                (PIPELINE_COLOUR, RANK_ORDER_COLOUR, BEST_VALUE_COLOUR),
                strict=True,
            )
        }
        self.allocation = pg.PlotDataItem(pen=pg.mkPen(ALLOCATION_COLOUR, width=3), connect="pairs")
        for name, item in zip(
            self.legend_names, [*self.bars.values(), self.allocation], strict=True
        ):
            self.plot.addItem(item)
            self._legend.addItem(item, name)

    def show_years(self, plan: RegionalPlan) -> None:
        years = plan.years
        x = np.arange(len(years), dtype=float)
        series = (
            [plan.pipeline_by_year.get(y.year, 0.0) for y in years],
            [y.rank_order for y in years],
            [y.best_value for y in years],
        )
        for offset, bars, heights in zip(
            (-0.27, 0.0, 0.27), self.bars.values(), series, strict=True
        ):
            bars.setOpts(x=x + offset, height=np.asarray(heights, dtype=float))
        with_allocation = [
            (i, y.allocation) for i, y in enumerate(years) if y.allocation is not None
        ]
        self.allocation.setData(
            [i + d for i, _ in with_allocation for d in (-0.45, 0.45)],
            [a for _, a in with_allocation for _ in range(2)],
        )
        self.label_years([y.year for y in years])
        top = max([1.0, *(v for s in series for v in s), *(a for _, a in with_allocation)])
        self.plot.setXRange(-0.6, len(years) - 0.4, padding=0)
        self.plot.setYRange(0, top * 1.1, padding=0)


class RegionWindow(QMainWindow):
    """The regional pipeline of ``ccgs``; the projects are read once and never written."""

    def __init__(
        self,
        ccgs: Sequence[RegionCcg],
        limits: RegionLimits | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("regionWindow")
        self.setWindowTitle(f"Regional pipeline — {len(ccgs)} CCGs (read-only)")
        self.ccgs = tuple(ccgs)
        self.limits = limits or RegionLimits()
        self.plan: RegionalPlan | None = None

        self.order = QComboBox()
        self.order.setObjectName("regionOrder")
        for key, label in _ORDERS:
            self.order.addItem(label, key)
        self.order.setAccessibleName("Regional order")
        self.allocations = QLineEdit()
        self.allocations.setObjectName("regionAllocations")
        self.allocations.setPlaceholderText("2017/18=£26.1m, 2018/19=£26.2m")
        self.allocations.setAccessibleName("Allocations by financial year")
        self.allocations.setText(allocations_text(self.limits.capital_by_year))
        self.carry_forward = QCheckBox("Carry &forward")
        self.carry_forward.setObjectName("regionCarryForward")
        self.carry_forward.setChecked(self.limits.carry_forward)
        apply = QPushButton("&Apply")
        apply.setObjectName("regionApply")
        self.message = error_message_label("regionMessage")
        self.summary = QLabel()
        self.summary.setObjectName("regionSummary")
        self.summary.setWordWrap(True)
        self.planner = Worker(
            self,
            "Planning the region…",
            "Cancel stops waiting and keeps the plan shown; the best-value solver stops "
            "within its time limit",
        )

        self.chart = RegionYearChart()
        self.ccg_model = CcgTotalsModel(self)
        self.ccg_table = _table(self.ccg_model, "regionCcgTable", "Each CCG's totals")
        self.bids_model = RegionalBidsModel(self)
        self.bids_table = _table(self.bids_model, "regionBidsTable", "Schemes in regional order")

        controls = QHBoxLayout()
        allocations_label = QLabel("&Allocations by year:")
        allocations_label.setBuddy(self.allocations)
        order_label = QLabel("&Order:")
        order_label.setBuddy(self.order)
        for widget in (order_label, self.order, allocations_label):
            controls.addWidget(widget)
        controls.addWidget(self.allocations, 1)
        controls.addWidget(self.carry_forward)
        controls.addWidget(apply)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.chart)
        left.addWidget(self.ccg_table)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.bids_table)
        split.setSizes([500, 780])
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(controls)
        layout.addWidget(self.message)
        layout.addWidget(WorkProgress(self.planner, "regionProgress"))
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.setCentralWidget(body)

        self.order.currentIndexChanged.connect(self.refresh)
        apply.clicked.connect(self.apply_limits)
        self.allocations.returnPressed.connect(self.apply_limits)
        self.refresh()

    def apply_limits(self) -> None:
        """Take the allocations typed in; a mistake is shown and the last plan stays."""
        try:
            allocations = dict(parse_capital_by_year(self.allocations.text()))
        except EtprioError as exc:
            self._say(str(exc))
            return
        self.limits = RegionLimits(allocations, self.carry_forward.isChecked(), self.limits.capital)
        self.refresh()

    def refresh(self) -> None:
        """Plan the region again on the worker, so a pipeline of hundreds of CCGs never
        holds the window; without limits the tables wait for them."""
        if not self.limits.capital_by_year and self.limits.capital is None:
            self._say(_ASK_FOR_ALLOCATIONS)
            return
        ccgs, limits, order = self.ccgs, self.limits, self.order.currentData()
        self.planner.start(
            lambda _state: plan_region(ccgs, limits, order=order, time_limit=LIVE_TIME_LIMIT),
            self._show,
            self._say,
            counts_steps=False,
        )

    def _show(self, plan: RegionalPlan) -> None:
        self.plan = plan
        self.message.hide()
        self.bids_model.set_rows(plan.bids)
        self.ccg_model.set_rows(plan.ccgs)
        self.chart.show_years(plan)
        for view in (self.ccg_table, self.bids_table):
            _fit_columns(view)
        overturned = len(plan.overturned)
        self.summary.setText(
            f"{len(plan.bids):,} schemes from {len(plan.ccgs)} CCGs · in regional order "
            f"{len(plan.rank_order.funded):,} supported, {format_gbp(plan.rank_order.grant_total)}"
            f" · best value {len(plan.best_value.funded):,}, "
            f"{format_gbp(plan.best_value.grant_total)} ({plan.best_value.optimality}) · "
            f"the score order overturns {overturned} CCG{'s' if overturned != 1 else ''}' "
            "own order"
        )

    def _say(self, words: str) -> None:
        self.message.setText(words)
        self.message.show()


def _table(model: CcgTotalsModel | RegionalBidsModel, name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setAccessibleName(accessible)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def _fit_columns(view: QTableView) -> None:
    """Columns as wide as their first rows need (measuring every row of a 10,000-scheme
    region would cost more than it shows), long text capped so the numbers stay in view."""
    header = view.horizontalHeader()
    header.setResizeContentsPrecision(50)
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        header.resizeSection(column, min(header.sectionSize(column), _MAX_COLUMN_WIDTH))


def ask_open_region(parent: QWidget) -> RegionWindow | None:
    """Ask for several CCG project files and show their regional pipeline; a file that
    cannot be used is explained and nothing opens."""
    names, _ = QFileDialog.getOpenFileNames(
        parent, "Open regional pipeline", "", "etprio projects (*.etprio)"
    )
    if not names:
        return None
    return open_region(parent, [Path(n) for n in names])


def open_region(parent: QWidget, paths: Sequence[Path]) -> RegionWindow | None:
    try:
        window = RegionWindow(open_ccgs(paths), parent=parent)
    except EtprioError as exc:
        QMessageBox.warning(parent, "Open regional pipeline", str(exc))
        return None
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.resize(1280, 720)
    window.show()
    return window
