"""The Sensitivity tab: how robust the ranking is to the weights, and what it would take to
change it (CONTRACT §4 ``sensitivity``, DESIGN "Desktop app").

* Stability intervals, one horizontal bar per criterion with the current weight marked:
  exact, and worked out on a worker as soon as the weights change (debounced by a frame or
  two, and only while the tab is on screen) — the funded set's take seconds on a regional
  pipeline.
* A rank-acceptability heat map (SMAA-2): bids down the side in rank order, ranks across,
  in the colour-blind-safe cividis map. Sampling runs on a :class:`~etprio.gui.work.Worker`
  — the core's :func:`etprio.core.sensitivity.analysis.run` does the work and this widget only
  starts it and takes the result or the error — once the weights have stopped moving for
  a moment, or at once with Recompute. A run is cancelled as soon as the ranking, the
  budgets or the options it was started for change, so it is never shown.
* The findings in plain words, and "what would it take" for a chosen bid
  (:mod:`etprio.gui.panels.what_it_takes`).

Run it alone on the bundled demo with ``python -m etprio.gui.panels.sensitivity``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.errors import EtprioError
from etprio.core.funding.limits import FundingLimits
from etprio.core.progress import TaskState
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.analysis import SensitivityOptions, SensitivityReport, run
from etprio.core.sensitivity.findings import findings, number_word
from etprio.core.sensitivity.stability import StabilityInterval, stability_intervals
from etprio.gui.models.sensitivity import (
    AcceptabilityColumn,
    AcceptabilityModel,
    StabilityColumn,
    StabilityModel,
)
from etprio.gui.panels.message_label import error_message_label
from etprio.gui.panels.page_layout import (
    ReflowSplitter,
    TableFit,
    insert_in_column,
    scrolling_page,
)
from etprio.gui.panels.sensitivity_charts import AcceptabilityHeatmap, StabilityChart
from etprio.gui.panels.sensitivity_sampling import SamplingBox
from etprio.gui.panels.what_it_takes import WhatItTakesBox
from etprio.gui.session import Session
from etprio.gui.work import Worker, WorkProgress

INTERVAL_DELAY_MS = 50
SMAA_DELAY_MS = 700


class SensitivityPanel(QWidget):
    """Stability intervals, rank acceptability, findings and "what would it take".

    Call :meth:`set_scores` on every weight change and :meth:`set_limits` when budgets
    change (None: no funding line; intervals then hold the top n). Intervals follow at
    once; sampling waits ``SMAA_DELAY_MS`` for the weights to settle (:attr:`smaa_pending`
    says whether a run is still due; :meth:`settle` does everything now, in this thread).

    Signals
    -------
    reportChanged(SensitivityReport):
        A finished run for the ranking and budgets on screen, e.g. for the PDF.
    """

    reportChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sensitivityPanel")
        self._scores: Scores | None = None
        self._limits: FundingLimits | None = None
        self._intervals: tuple[StabilityInterval, ...] = ()
        self._intervals_for: tuple[Scores | None, FundingLimits | None, int] = (None, None, 0)
        self._report: SensitivityReport | None = None
        self._intervals_due = False
        self._smaa_due = False

        self._interval_timer = self._timer(INTERVAL_DELAY_MS, self._refresh_intervals)
        self._smaa_timer = self._timer(SMAA_DELAY_MS, self.recompute)
        self.sampler = Worker(
            self,
            "Sampling weightings…",
            "Cancel stops the sampling; the results shown stay as they are.",
        )
        self.interval_worker = Worker(
            self,
            "Working out how far each weight can move…",
            "Cancel stops the work; the intervals shown stay as they are.",
        )

        self.stability_model = StabilityModel(self)
        self.acceptability_model = AcceptabilityModel(self)

        layout = scrolling_page(self)
        self.sampling = SamplingBox(self.sampler)
        self.sampling.recompute_button.clicked.connect(self.recompute)
        self.sampling.optionsChanged.connect(self._inputs_changed)
        self.sampling.top_input.valueChanged.connect(self._show_scope)
        layout.addWidget(self.sampling)
        self.message = error_message_label("sensitivityMessage")
        layout.addWidget(self.message)

        self.stability_chart = StabilityChart()
        self.stability_table = self._table(
            "stabilityTable",
            self.stability_model,
            StabilityColumn.CRITERION,
            "Stability interval of each criterion's weight",
        )
        self.stability_box = self._chart_over_table("", self.stability_chart, self.stability_table)
        insert_in_column(
            self.stability_box, 0, WorkProgress(self.interval_worker, "stabilityProgress")
        )
        self.heatmap = AcceptabilityHeatmap()
        self.acceptability_table = self._table(
            "acceptabilityTable",
            self.acceptability_model,
            AcceptabilityColumn.BID,
            "Rank and funding acceptability of each bid",
        )
        acceptability_box = self._chart_over_table(
            "Rank acceptability: share of weightings at each rank",
            self.heatmap,
            self.acceptability_table,
        )

        upper = ReflowSplitter()
        upper.addWidget(self.stability_box)
        upper.addWidget(acceptability_box)

        findings_box = QGroupBox("Findings")
        findings_layout = QVBoxLayout(findings_box)
        self.findings_text = QPlainTextEdit()
        self.findings_text.setObjectName("sensitivityFindings")
        self.findings_text.setAccessibleName("Findings in plain words")
        self.findings_text.setReadOnly(True)
        findings_layout.addWidget(self.findings_text)
        self.what_it_takes = WhatItTakesBox()
        lower = ReflowSplitter()
        lower.addWidget(findings_box)
        lower.addWidget(self.what_it_takes)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(lower)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        layout.addWidget(body, 1)
        self._show_scope()

    # --- public API --------------------------------------------------------------------

    @property
    def intervals(self) -> tuple[StabilityInterval, ...]:
        return self._intervals

    @property
    def report(self) -> SensitivityReport | None:
        """The last run shown; it matches the ranking on screen unless :attr:`smaa_pending`."""
        return self._report

    @property
    def smaa_pending(self) -> bool:
        return self._smaa_due or self._smaa_timer.isActive() or self.sampler.busy

    @property
    def options(self) -> SensitivityOptions:
        return self.sampling.options

    def set_scores(self, scores: Scores) -> None:
        """A new ranking: intervals now (if on screen), sampling once weights settle."""
        self._scores = scores
        self.what_it_takes.set_scores(scores)
        self.sampling.top_input.setMaximum(max(1, len(scores.matrix.bid_ids)))
        self._inputs_changed()

    def set_limits(self, limits: FundingLimits | None) -> None:
        """Budgets for the funding line, or None for none."""
        if limits == self._limits:
            return
        self._limits = limits
        self._show_scope()
        self._inputs_changed()

    def recompute(self) -> None:
        """Start sampling now for the ranking on screen, stopping any run in progress."""
        self._smaa_timer.stop()
        if self._scores is None:
            return
        try:
            options = self.options
        except EtprioError as exc:
            self._show_message(str(exc))
            return
        scores, limits = self._scores, self._limits
        intervals = self._intervals if self._intervals_match(options.top) else None
        if intervals is None and (self._intervals_due or self.interval_worker.busy):
            self._smaa_due = True  # sampling starts once the intervals it reuses are in
            return

        def work(state: TaskState) -> SensitivityReport:
            return run(scores, limits, options, state, intervals)

        self._smaa_due = False
        self.sampler.start(work, self._show_report, self._failed)

    def settle(self) -> None:
        """Intervals and sampling for the current state now, in this thread."""
        self._interval_timer.stop()
        self._smaa_timer.stop()
        self.interval_worker.cancel()
        self.sampler.cancel()
        if self._scores is None:
            return
        self._intervals_due = self._smaa_due = False
        options = self.options
        self._show_intervals(
            stability_intervals(self._scores, top=options.top, limits=self._limits)
        )
        self._show_report(run(self._scores, self._limits, options, intervals=self._intervals))

    # --- reacting ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule()

    def hideEvent(self, event: QHideEvent) -> None:
        """Off screen, nothing is worked out: a sampling run holds the interpreter for
        seconds and would slow every slider move on the tab the committee is watching.
        What was due is done when the tab is shown again."""
        super().hideEvent(event)
        if self._interval_timer.isActive() or self.interval_worker.busy:
            self._interval_timer.stop()
            self.interval_worker.cancel()
            self._intervals_due = True
        if self._smaa_timer.isActive():
            self._smaa_timer.stop()
            self._smaa_due = True
        if self.sampler.busy:
            self.sampler.cancel()
            self._smaa_due = True

    def _inputs_changed(self) -> None:
        """Work running was started for other inputs: stop it now, so its result is never
        shown and the machine is free for the next run."""
        self.interval_worker.cancel()
        self.sampler.cancel()
        self._intervals_due = self._smaa_due = True
        self._schedule()

    def _schedule(self) -> None:
        if self._scores is None or not self.isVisible():
            return
        if self._intervals_due:
            self._interval_timer.start()
        if self._smaa_due:
            self._smaa_timer.start()

    def _refresh_intervals(self) -> None:
        """Intervals on the worker: a funded set's take seconds on a regional pipeline."""
        if self._scores is None:
            return
        self._intervals_due = False
        scores, limits, top = self._scores, self._limits, self.options.top

        def work(state: TaskState) -> tuple[StabilityInterval, ...]:
            return stability_intervals(scores, top=top, limits=limits, state=state)

        self.interval_worker.start(work, self._show_intervals, self._failed)

    def _intervals_match(self, top: int) -> bool:
        """Whether the intervals shown are those of the ranking, budgets and top n now."""
        scores, limits, shown_top = self._intervals_for
        return scores is self._scores and limits == self._limits and shown_top == top

    def _show_intervals(self, intervals: tuple[StabilityInterval, ...]) -> None:
        assert self._scores is not None
        self._intervals = intervals
        self._intervals_for = (self._scores, self._limits, self.options.top)
        self.stability_model.set_intervals(intervals)
        self.stability_chart.show_intervals(intervals)
        report = self._report
        on_screen = (
            report is not None and report.scores is self._scores and report.limits == self._limits
        )
        result = report.smaa if on_screen and report is not None else None
        self._show_findings(findings(self._scores, intervals, result))
        if self._smaa_due and not self._smaa_timer.isActive():
            self.recompute()

    def _failed(self, message: str) -> None:
        self.sampling.status.setText("")
        self._show_message(f"The sensitivity analysis failed: {message}")

    def _show_report(self, report: SensitivityReport) -> None:
        self._report = report
        self.message.hide()
        self.sampling.status.setText(f"{report.smaa.samples:,} weightings, seed {report.smaa.seed}")
        self.acceptability_model.set_result(report.scores, report.smaa)
        self.acceptability_table.setColumnHidden(AcceptabilityColumn.FUNDED, report.limits is None)
        self.heatmap.show_result(report.scores, report.smaa)
        self._show_findings(report.findings)
        self.reportChanged.emit(report)

    def _show_findings(self, sentences: tuple[str, ...]) -> None:
        self.findings_text.setPlainText("\n".join(f"• {s}" for s in sentences))

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _show_scope(self) -> None:
        if self._limits is not None:
            self.stability_box.setTitle("Stability of the funded set: weight share per criterion")
        else:
            top = number_word(self.sampling.top_input.value())
            self.stability_box.setTitle(f"Stability of the top {top}: weight share per criterion")
        self.what_it_takes.set_limits(self._limits)

    # --- construction ------------------------------------------------------------------

    def _timer(self, interval: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def _chart_over_table(self, title: str, chart: QWidget, table: QTableView) -> QGroupBox:
        box = QGroupBox(title)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(chart)
        split.addWidget(table)
        QVBoxLayout(box).addWidget(split)
        return box

    def _table(self, name: str, model: Any, stretch: int, accessible_name: str) -> QTableView:
        table = QTableView()
        table.setObjectName(name)
        table.setAccessibleName(accessible_name)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        TableFit(table, rows=4)
        return table


def _preview(session: Session, _undo_stack: QUndoStack) -> QWidget:
    panel = SensitivityPanel()
    session.scoresChanged.connect(panel.set_scores)
    panel.set_limits(FundingLimits(capital_envelope=4_500_000, recurrent_headroom=250_000))
    panel.set_scores(session.scores)
    return panel


if __name__ == "__main__":
    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(_preview, "Sensitivity"))
