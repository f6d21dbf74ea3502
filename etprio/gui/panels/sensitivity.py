"""The Sensitivity tab: how robust the ranking is to the weights, and what it would take to
change it (CONTRACT §4 ``sensitivity``, DESIGN "Desktop app").

* Stability intervals, one horizontal bar per criterion with the current weight marked:
  exact and cheap, so they follow every weight change (debounced by a frame or two, and
  only while the tab is on screen).
* A rank-acceptability heat map (SMAA-2): bids down the side in rank order, ranks across,
  in the colour-blind-safe cividis map. Sampling runs on the thread pool, Orange-style — the
  core's :func:`etprio.core.sensitivity.run` does the work and this widget only starts it,
  shows progress and takes the result or the error — once the weights have stopped moving
  for a moment, or at once with Recompute. A run whose ranking is no longer on screen is
  cancelled or dropped, never shown.
* The findings in plain words, and "what would it take" for a chosen bid.

Run it alone on the bundled demo with ``python -m etprio.gui.panels.sensitivity``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.errors import EtprioError
from etprio.core.findings import findings, number_word
from etprio.core.funding_limits import FundingLimits
from etprio.core.scoring import Scores
from etprio.core.sensitivity import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    SensitivityOptions,
    SensitivityReport,
    run,
)
from etprio.core.smaa import MAX_SAMPLES, Cancelled
from etprio.core.stability import StabilityInterval, stability_intervals
from etprio.core.what_it_takes import WhatItTakes, what_it_takes
from etprio.gui.background import run_in_background
from etprio.gui.models.sensitivity import (
    AcceptabilityColumn,
    AcceptabilityModel,
    StabilityColumn,
    StabilityModel,
)
from etprio.gui.panels.message_label import error_message_label
from etprio.gui.panels.page_layout import (
    ReflowRow,
    ReflowSplitter,
    TableFit,
    compact_combo,
    scrolling_page,
)
from etprio.gui.panels.sensitivity_charts import AcceptabilityHeatmap, StabilityChart
from etprio.gui.session import Session

INTERVAL_DELAY_MS = 50
SMAA_DELAY_MS = 700
_ABOVE_LINE = "above the funding line"
_TO_RANK = "to rank…"


class _RunSignals(QObject):
    """Each signal carries its run, so the panel can ignore runs it no longer waits for."""

    progress = Signal(object, float)
    done = Signal(object, object)
    failed = Signal(object, object)
    cancelled = Signal(object)


class _SmaaRun(QRunnable):
    """One sensitivity run on the thread pool. It is its own :class:`TaskState`: the core
    reports progress through it and asks it whether to stop."""

    def __init__(self, work: Callable[[_SmaaRun], SensitivityReport]) -> None:
        super().__init__()
        self._work = work
        self._stop = threading.Event()
        self.signals = _RunSignals(QCoreApplication.instance())

    def run(self) -> None:
        try:
            report = self._work(self)
        except Cancelled:
            self.signals.cancelled.emit(self)
        except Exception as exc:  # handed to the panel, which shows it
            self.signals.failed.emit(self, exc)
        else:
            self.signals.done.emit(self, report)
        self.signals.deleteLater()

    def set_progress_value(self, percent: float) -> None:
        self.signals.progress.emit(self, percent)

    def is_interruption_requested(self) -> bool:
        return self._stop.is_set()

    def cancel(self) -> None:
        self._stop.set()


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
        self._report: SensitivityReport | None = None
        self._running: _SmaaRun | None = None
        self._intervals_due = False
        self._smaa_due = False
        self._asking = False
        self._bid_choices: tuple[str, ...] = ()

        self._interval_timer = self._timer(INTERVAL_DELAY_MS, self._refresh_intervals)
        self._smaa_timer = self._timer(SMAA_DELAY_MS, self.recompute)

        self.stability_model = StabilityModel(self)
        self.acceptability_model = AcceptabilityModel(self)

        layout = scrolling_page(self)
        layout.addWidget(self._build_sampling())
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
        lower = ReflowSplitter()
        lower.addWidget(findings_box)
        lower.addWidget(self._build_what_it_takes())

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
        return self._smaa_due or self._smaa_timer.isActive() or self._running is not None

    @property
    def options(self) -> SensitivityOptions:
        spread = self.spread_input.value() if self.spread_check.isChecked() else None
        return SensitivityOptions(
            samples=self.samples_input.value(),
            seed=self.seed_input.value(),
            spread_pct=spread,
            top=self.top_input.value(),
        )

    def set_scores(self, scores: Scores) -> None:
        """A new ranking: intervals now (if on screen), sampling once weights settle."""
        self._scores = scores
        self._update_bid_choices(scores)
        self._intervals_due = self._smaa_due = True
        self._schedule()

    def set_limits(self, limits: FundingLimits | None) -> None:
        """Budgets for the funding line, or None for none."""
        if limits == self._limits:
            return
        self._limits = limits
        self._show_scope()
        self._intervals_due = self._smaa_due = True
        self._schedule()

    def recompute(self) -> None:
        """Start sampling now for the ranking on screen, stopping any run in progress."""
        self._smaa_timer.stop()
        if self._scores is None:
            return
        if self._running is not None:
            self._running.cancel()
        try:
            options = self.options
        except EtprioError as exc:
            self._show_message(str(exc))
            return
        scores, limits = self._scores, self._limits
        task = _SmaaRun(lambda state: run(scores, limits, options, state))
        # Bound methods, not lambdas: Qt drops the connections if the panel goes first.
        task.signals.progress.connect(self._progress)
        task.signals.done.connect(self._finished)
        task.signals.failed.connect(self._failed)
        task.signals.cancelled.connect(self._stopped)
        self._running = task
        self._smaa_due = False
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText("Sampling weightings…")
        QThreadPool.globalInstance().start(task)

    def settle(self) -> None:
        """Intervals and sampling for the current state now, in this thread."""
        self._interval_timer.stop()
        self._smaa_timer.stop()
        if self._running is not None:
            self._running.cancel()
            self._running = None
            self.progress.hide()
        if self._scores is None:
            return
        self._refresh_intervals()
        self._smaa_due = False
        self._show_report(run(self._scores, self._limits, self.options))

    # --- reacting ----------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._schedule()

    def hideEvent(self, event: QHideEvent) -> None:
        """Off screen, nothing is worked out: a sampling run holds the interpreter for
        seconds and would slow every slider move on the tab the committee is watching.
        What was due is done when the tab is shown again."""
        super().hideEvent(event)
        if self._interval_timer.isActive():
            self._interval_timer.stop()
            self._intervals_due = True
        if self._smaa_timer.isActive():
            self._smaa_timer.stop()
            self._smaa_due = True
        if self._running is not None:
            self._running.cancel()
            self._running = None
            self._smaa_due = True
            self.progress.hide()

    def _schedule(self) -> None:
        if self._scores is None or not self.isVisible():
            return
        if self._intervals_due:
            self._interval_timer.start()
        if self._smaa_due:
            self._smaa_timer.start()

    def _refresh_intervals(self) -> None:
        if self._scores is None:
            return
        self._intervals_due = False
        options = self.options
        self._intervals = stability_intervals(self._scores, top=options.top, limits=self._limits)
        self.stability_model.set_intervals(self._intervals)
        self.stability_chart.show_intervals(self._intervals)
        report = self._report
        on_screen = (
            report is not None and report.scores is self._scores and report.limits == self._limits
        )
        result = report.smaa if on_screen and report is not None else None
        self._show_findings(findings(self._scores, self._intervals, result))

    def _options_changed(self) -> None:
        self._intervals_due = self._smaa_due = True
        self._schedule()

    def _progress(self, task: _SmaaRun, percent: float) -> None:
        if task is self._running:
            self.progress.setValue(round(percent))

    def _finished(self, task: _SmaaRun, report: SensitivityReport) -> None:
        if task is not self._running:
            return
        self._running = None
        self.progress.hide()
        if report.scores is not self._scores or report.limits != self._limits:
            self._smaa_due = True
            self._schedule()
            return
        self._show_report(report)

    def _failed(self, task: _SmaaRun, exc: BaseException) -> None:
        if task is self._running:
            self._running = None
            self.progress.hide()
            self.status.setText("")
            self._show_message(f"The sensitivity analysis failed: {exc}")

    def _stopped(self, task: _SmaaRun) -> None:
        if task is self._running:
            self._running = None
            self.progress.hide()

    def _show_report(self, report: SensitivityReport) -> None:
        self._report = report
        self.message.hide()
        self.status.setText(f"{report.smaa.samples:,} weightings, seed {report.smaa.seed}")
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
            top = number_word(self.top_input.value())
            self.stability_box.setTitle(f"Stability of the top {top}: weight share per criterion")
        funding_target = self.target_input.model().item(0)  # type: ignore[attr-defined]
        funding_target.setEnabled(self._limits is not None)
        if self._limits is None and self.target_input.currentIndex() == 0:
            self.target_input.setCurrentIndex(1)
        self._target_changed()

    # --- what would it take ------------------------------------------------------------

    def _update_bid_choices(self, scores: Scores) -> None:
        ids = scores.matrix.bid_ids
        if ids != self._bid_choices:
            self._bid_choices = ids
            chosen = self.bid_input.currentData()
            self.bid_input.clear()
            for bid in scores.matrix.bids:
                self.bid_input.addItem(f"{bid.bid_id} — {bid.title}"[:60], bid.bid_id)
            if chosen in ids:
                self.bid_input.setCurrentIndex(ids.index(chosen))
        self.rank_input.setMaximum(max(1, len(ids)))
        self.top_input.setMaximum(max(1, len(ids)))
        self.ask_button.setEnabled(bool(ids))

    def _target_changed(self) -> None:
        self.rank_input.setEnabled(self.target_input.currentText() == _TO_RANK)

    @property
    def answer_pending(self) -> bool:
        """True while "what would it take" is being worked out."""
        return self._asking

    def ask(self) -> None:
        """Work out what it would take for the chosen bid, on the thread pool."""
        bid_id = self.bid_input.currentData()
        if self._scores is None or bid_id is None or self._asking:
            return
        scores = self._scores
        above_line = self.target_input.currentText() == _ABOVE_LINE
        rank = None if above_line else self.rank_input.value()
        limits = self._limits if above_line else None
        vary = None
        if self.in_use_check.isChecked():
            vary = [
                k for k, w in zip(scores.matrix.criteria.keys, scores.weights, strict=True) if w > 0
            ]
        self._asking = True
        self.ask_button.setEnabled(False)
        self.answer.setText("Working it out…")
        run_in_background(
            lambda: what_it_takes(scores, bid_id, rank=rank, limits=limits, vary=vary),
            self._answered,
            self._not_answered,
            QCoreApplication.instance() or self,
        )

    def _answered(self, answer: WhatItTakes) -> None:
        self._asking = False
        self.ask_button.setEnabled(True)
        self.answer.setText(answer.sentence)

    def _not_answered(self, exc: BaseException) -> None:
        self._asking = False
        self.ask_button.setEnabled(True)
        self.answer.setText(f"Could not work it out: {exc}")

    # --- construction ------------------------------------------------------------------

    def _timer(self, interval: int, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    def _build_sampling(self) -> QGroupBox:
        box = QGroupBox("Sampled weightings (SMAA-2)")
        self.samples_input = QSpinBox()
        self.samples_input.setObjectName("sensitivitySamples")
        self.samples_input.setAccessibleName("Number of weightings to sample")
        self.samples_input.setRange(100, MAX_SAMPLES)
        self.samples_input.setSingleStep(1000)
        self.samples_input.setGroupSeparatorShown(True)
        self.samples_input.setValue(DEFAULT_SAMPLES)
        self.seed_input = QSpinBox()
        self.seed_input.setObjectName("sensitivitySeed")
        self.seed_input.setAccessibleName("Random seed")
        self.seed_input.setRange(0, 2**31 - 1)
        self.seed_input.setValue(DEFAULT_SEED)
        self.seed_input.setToolTip("The same seed gives the same numbers every time")
        self.spread_check = QCheckBox("Only &near the agreed weights, ±")
        self.spread_check.setObjectName("sensitivitySpreadOn")
        self.spread_check.setToolTip(
            "Off: weightings drawn uniformly over all the criteria in use. "
            "On: each weight within ± this share of its own value."
        )
        self.spread_input = QDoubleSpinBox()
        self.spread_input.setObjectName("sensitivitySpread")
        self.spread_input.setAccessibleName("Spread around each weight, percent")
        self.spread_input.setDecimals(0)
        self.spread_input.setRange(1.0, 100.0)
        self.spread_input.setValue(20.0)
        self.spread_input.setSuffix(" %")
        self.spread_input.setEnabled(False)
        self.spread_check.toggled.connect(self.spread_input.setEnabled)
        self.top_input = QSpinBox()
        self.top_input.setObjectName("sensitivityTop")
        self.top_input.setAccessibleName("Size of the top set")
        self.top_input.setRange(1, 10_000)
        self.top_input.setValue(DEFAULT_TOP)
        self.recompute_button = QPushButton("Recomp&ute")
        self.recompute_button.setObjectName("sensitivityRecompute")
        self.recompute_button.clicked.connect(self.recompute)
        self.progress = QProgressBar()
        self.progress.setObjectName("sensitivityProgress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("sensitivityStatus")
        groups: list[tuple[QWidget, ...]] = []
        for text, field in (
            ("Sa&mples", self.samples_input),
            ("See&d", self.seed_input),
            ("&Top", self.top_input),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            groups.append((label, field))
        groups.append((self.spread_check, self.spread_input))
        groups.append((self.recompute_button, self.progress))
        rows = QVBoxLayout(box)
        rows.addWidget(ReflowRow(groups))
        self.status.setWordWrap(True)
        rows.addWidget(self.status)
        for spin in (self.samples_input, self.seed_input, self.top_input):
            spin.valueChanged.connect(self._options_changed)
        self.spread_input.valueChanged.connect(self._options_changed)
        self.spread_check.toggled.connect(self._options_changed)
        self.top_input.valueChanged.connect(self._show_scope)
        return box

    def _build_what_it_takes(self) -> QGroupBox:
        box = QGroupBox("What would it take?")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        self.bid_input = compact_combo(QComboBox())
        self.bid_input.setObjectName("whatItTakesBid")
        self.bid_input.setAccessibleName("Bid to lift")
        self.target_input = QComboBox()
        self.target_input.setObjectName("whatItTakesTarget")
        self.target_input.setAccessibleName("Target")
        self.target_input.addItems([_ABOVE_LINE, _TO_RANK])
        self.rank_input = QSpinBox()
        self.rank_input.setObjectName("whatItTakesRank")
        self.rank_input.setAccessibleName("Target rank")
        self.rank_input.setRange(1, 1)
        self.target_input.currentIndexChanged.connect(self._target_changed)
        bid_label = QLabel("Bid t&o lift")
        bid_label.setBuddy(self.bid_input)
        row.addWidget(bid_label)
        row.addWidget(self.bid_input, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.target_input, 1)
        row.addWidget(self.rank_input)
        layout.addLayout(row)
        self.in_use_check = QCheckBox("Only change weights already in &use")
        self.in_use_check.setObjectName("whatItTakesInUse")
        self.ask_button = QPushButton("Wor&k it out")
        self.ask_button.setObjectName("whatItTakesButton")
        self.ask_button.clicked.connect(self.ask)
        self.ask_button.setEnabled(False)
        layout.addWidget(self.in_use_check)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ask_button)
        layout.addLayout(row)
        self.answer = QLabel(
            "The least change of weights, in percentage points moved between criteria."
        )
        self.answer.setObjectName("whatItTakesAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.answer, 1)
        return box

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
