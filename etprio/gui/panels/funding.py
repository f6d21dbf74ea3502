"""The Funding tab: budgets, the two selections side by side, what differs between them, and
the recurrent revenue the CCG would take on, year by year (CONTRACT §3, DESIGN "Desktop app").

Cheap work often, expensive work once (DESIGN "Shape"): every weight change recomputes the
rank-order funding line and the liability at once, because the main window draws the line in
the ranking table as the slider moves; the best-value selection is an exact optimisation
(scipy's MILP, imported only when first needed), so it runs once the scores and budgets have
stopped changing for a moment, on a :class:`~etprio.gui.work.Worker` (the solver
releases the GIL, so a thousand-bid solve never freezes the window) within the live time
limit. A change of scores or budgets abandons the running solve — HiGHS cannot be
interrupted, so it runs out its limit unseen and its result is dropped — and the newest
state is solved.

Run it alone on the bundled demo with ``python -m etprio.gui.panels.funding``.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from etprio.core.funding.best_value import LIVE_TIME_LIMIT, best_value_selection
from etprio.core.funding.liability import liability
from etprio.core.funding.limits import FundingError, FundingLimits
from etprio.core.funding.plan import describe_differences, drawdown_by_year
from etprio.core.funding.selection import Selection, rank_order_selection
from etprio.core.progress import TaskState
from etprio.core.scoring.weighted_sum import Scores
from etprio.gui.models.capital_by_year import CapitalByYearModel
from etprio.gui.models.funding import LiabilityModel, SelectionModel
from etprio.gui.panels.budget_form import BudgetForm
from etprio.gui.panels.capital_by_year_chart import CapitalByYearChart
from etprio.gui.panels.funding_tables import funding_table, selection_box, selection_summary
from etprio.gui.panels.liability_chart import LiabilityChart
from etprio.gui.panels.message_label import error_message_label
from etprio.gui.panels.page_layout import (
    FillsTheView,
    ReflowSplitter,
    TableFit,
    insert_in_column,
    out_of_sight,
    scrolling_page,
)
from etprio.gui.session import Session
from etprio.gui.work import Worker, WorkProgress

BEST_VALUE_DELAY_MS = 300


class FundingPanel(QWidget):
    """Budgets in, both selections, their differences and the liability out.

    Call :meth:`set_scores` on every weight change: the rank-order selection and liability
    are recomputed at once, the best-value selection in the background
    ``BEST_VALUE_DELAY_MS`` after the last change (:attr:`best_value_pending` says whether
    it is still due; :meth:`settle` works it out at once, e.g. before a report).

    Signals
    -------
    limitsChanged(FundingLimits):
        The budgets now in force; also sent with the first scores, so a listener connected
        after construction learns the defaults.
    limitsEdited(FundingLimits):
        The user changed a budget in the inputs (not :meth:`set_limits`): the change to
        keep in the project.
    fundedChanged(frozenset):
        The bid ids funded in rank order, whenever that set changes, for the funding line
        in the ranking table.
    """

    limitsChanged = Signal(object)
    limitsEdited = Signal(object)
    fundedChanged = Signal(frozenset)

    def __init__(self, parent: QWidget | None = None, limits: FundingLimits | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fundingPanel")
        self._limits = limits
        self._scores: Scores | None = None
        self._rank_order: Selection | None = None
        self._best_value: Selection | None = None
        self._funded: frozenset[str] | None = None
        self._rank_order_stale = False
        self._best_value_due = False
        self._announced = False

        self._best_timer = QTimer(self)
        self._best_timer.setSingleShot(True)
        self._best_timer.setInterval(BEST_VALUE_DELAY_MS)
        self._best_timer.timeout.connect(self._solve_in_background)
        self.solver = Worker(
            self,
            f"Finding the best-value selection (at most {LIVE_TIME_LIMIT:g} s)…",
            "The solver cannot be interrupted: Cancel stops waiting for it and keeps the "
            f"selection shown; the solver itself stops within {LIVE_TIME_LIMIT:g} s.",
        )

        self.rank_order_model = SelectionModel(self)
        self.best_value_model = SelectionModel(self)
        self.liability_model = LiabilityModel(self)
        self.by_year_model = CapitalByYearModel(self)

        layout = scrolling_page(self)
        self.budgets = BudgetForm()
        self.budgets.edited.connect(self._inputs_changed)
        layout.addWidget(self.budgets)
        self.message = error_message_label("fundingMessage")
        layout.addWidget(self.message)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        sides = ReflowSplitter()
        self.rank_order_table, self.rank_order_summary, box = selection_box(
            "In rank order: the funding line",
            "rankOrderTable",
            self.rank_order_model,
            "Walk down the ranking and fund each bid that fits what is left of every limit.",
        )
        sides.addWidget(box)
        self.best_value_table, self.best_value_summary, box = selection_box(
            "Best value: the most score for the money",
            "bestValueTable",
            self.best_value_model,
            "The set with the largest total score within every limit, proven optimal.",
        )
        insert_in_column(box, 1, WorkProgress(self.solver, "bestValueProgress"))
        sides.addWidget(box)
        upper_layout.addWidget(sides, 1)
        differences_box = QGroupBox("What best value does differently")
        differences_layout = QVBoxLayout(differences_box)
        self.differences = QLabel()
        self.differences.setObjectName("fundingDifferences")
        self.differences.setWordWrap(True)
        self.differences.setTextFormat(Qt.TextFormat.PlainText)
        self.differences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        differences_layout.addWidget(self.differences)
        upper_layout.addWidget(differences_box)

        lower = self._build_liability()

        by_year = QGroupBox("Capital by financial year: allocation against grant drawn")
        by_year.setObjectName("capitalByYearBox")
        by_year_layout = QVBoxLayout(by_year)  # the chart above: years need its full width
        self.by_year_chart = CapitalByYearChart()
        self.by_year_table = funding_table("capitalByYearTable", self.by_year_model)
        self.by_year_table.setAccessibleName("Capital by financial year")
        TableFit(self.by_year_table)
        by_year_layout.addWidget(self.by_year_chart, 3)
        by_year_layout.addWidget(self.by_year_table, 2)

        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(upper)
        body.addWidget(by_year)
        body.addWidget(lower)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        body.setStretchFactor(2, 2)
        layout.addWidget(body, 1)
        FillsTheView(upper, (self.budgets, self.message))
        self.budgets.show_limits(limits)

    # --- public API --------------------------------------------------------------------

    @property
    def limits(self) -> FundingLimits | None:
        """The budgets shown; None until the project has both (no funding line then)."""
        return self._limits

    @property
    def rank_order(self) -> Selection | None:
        return self._rank_order

    @property
    def best_value(self) -> Selection | None:
        """The last best-value selection worked out; see :attr:`best_value_pending`."""
        return self._best_value

    @property
    def best_value_pending(self) -> bool:
        """True while the best-value selection shown is not yet that of the current state."""
        return self._best_timer.isActive() or self.solver.busy or self._best_value_due

    def set_scores(self, scores: Scores, rank_order: Selection | None = None) -> None:
        """Show a new ranking: the funding line now, best value once changes settle.

        ``rank_order`` is the funding line already drawn for ``scores`` under this panel's
        budgets (the window passes the session's), so a slider move walks the ranking once,
        not twice."""
        self._scores = scores
        self._refresh_rank_order(rank_order)
        if not self._announced:
            self._announced = True
            self.limitsChanged.emit(self._limits)
        self._schedule_best_value()

    def set_limits(self, limits: FundingLimits | None) -> None:
        """Put ``limits`` in the inputs (e.g. from a saved project) and apply them."""
        self.budgets.show_limits(limits)
        self._apply(limits)

    def settle(self) -> None:
        """Work out the best-value selection for the current state now, in this thread."""
        self._best_timer.stop()
        if self._scores is None or self._limits is None:
            return
        scores, limits = self._scores, self._limits
        try:
            best = best_value_selection(scores, limits)
        except FundingError as exc:
            self._best_value_failed(exc)
            return
        self._show_best_value(scores, limits, best)

    def _solve_in_background(self) -> None:
        """Solve on the worker, once the tab is on screen: the solver's first run imports
        scipy, which holds the interpreter for half a second and would stall the slider on
        the Ranking tab (:meth:`settle` still solves at once, e.g. for a report)."""
        if self._scores is None or self._limits is None:
            return
        if out_of_sight(self):
            self._best_value_due = True
            return
        self._best_value_due = False
        scores, limits = self._scores, self._limits

        def solve(state: TaskState) -> tuple[Scores, FundingLimits, Selection]:
            best = best_value_selection(scores, limits, time_limit=LIVE_TIME_LIMIT, state=state)
            return scores, limits, best

        self.solver.start(
            solve,
            lambda outcome: self._show_best_value(*outcome),
            self._best_value_failed,
            self._solve_cancelled,
            counts_steps=False,
        )

    def _solve_cancelled(self) -> None:
        self._best_value_due = True
        self.best_value_summary.setText(
            "Cancelled: the best-value selection shown is not for the current weights and "
            "budgets; change either, or show this tab again, to work it out."
        )

    def _show_best_value(
        self, scores: Scores, limits: FundingLimits | None, best: Selection
    ) -> None:
        stale = scores is not self._scores or limits != self._limits
        if stale or limits is None or self._rank_order is None:
            return
        self._best_value = best
        self.best_value_model.set_selection(scores, best)
        self.best_value_summary.setText(selection_summary(best, limits))
        self.differences.setText(" ".join(describe_differences(scores, self._rank_order, best)))
        self._show_by_year()

    def _best_value_failed(self, message: object) -> None:
        self.best_value_summary.setText(
            f"The best-value selection could not be worked out: {message}"
        )
        self.differences.setText("")

    # --- construction ------------------------------------------------------------------

    def _build_liability(self) -> QGroupBox:
        box = QGroupBox("Recurrent liability by financial year, £ a year")
        column = QVBoxLayout(box)  # the chart above its table: the years need the width
        self.chart = LiabilityChart()
        self.liability_table = funding_table("liabilityTable", self.liability_model)
        self.liability_table.setAccessibleName("Recurrent liability by financial year")
        TableFit(self.liability_table)
        column.addWidget(self.chart, 3)
        column.addWidget(self.liability_table, 2)
        return box

    # --- reacting ----------------------------------------------------------------------

    def _inputs_changed(self) -> None:
        try:
            limits = self.budgets.typed_limits(self._limits)
        except FundingError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        edited = limits != self._limits
        self._apply(limits)
        if edited:
            self.limitsEdited.emit(limits)

    def _apply(self, limits: FundingLimits | None) -> None:
        self.message.hide()
        if limits == self._limits:
            return
        self._limits = limits
        self.limitsChanged.emit(limits)
        if self._scores is not None:
            self._refresh_rank_order()
            self._schedule_best_value()

    def _refresh_rank_order(self, drawn: Selection | None = None) -> None:
        """The funding line at once, for the ranking table; its table, liability and
        chart only while the tab is on screen, else when it is next shown."""
        assert self._scores is not None
        if self._limits is None:
            self._show_no_budgets()
            return
        selection = drawn if drawn is not None else rank_order_selection(self._scores, self._limits)
        self._rank_order = selection
        if out_of_sight(self):
            self._rank_order_stale = True
        else:
            self._show_rank_order()
        if selection.funded_set != self._funded:
            self._funded = selection.funded_set
            self.fundedChanged.emit(self._funded)

    def _show_rank_order(self) -> None:
        self._rank_order_stale = False
        scores, limits, selection = self._scores, self._limits, self._rank_order
        if scores is None or selection is None or limits is None:
            return
        self.rank_order_model.set_selection(scores, selection)
        self.rank_order_summary.setText(selection_summary(selection, limits))
        years = tuple(liability(scores, selection.funded, limits))
        self.liability_model.set_liability(years, limits.recurrent_headroom)
        self.chart.show_years(years, limits.recurrent_headroom)
        self._show_by_year()

    def _show_by_year(self) -> None:
        """Allocation against drawdown by year; best value's figures only once they are
        those of the ranking and budgets on screen."""
        scores, limits, ranked = self._scores, self._limits, self._rank_order
        if scores is None or limits is None or ranked is None:
            return
        best = self._best_value
        shown = best is not None and not self.best_value_pending
        years = drawdown_by_year(scores, limits, ranked, best if shown and best else ranked)
        self.by_year_model.set_years(
            years, carry_forward=limits.carry_forward, best_value_shown=shown
        )
        self.by_year_chart.show_years(
            years, carry_forward=limits.carry_forward, best_value_shown=shown
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._rank_order_stale:
            self._show_rank_order()
        if self._best_value_due:
            self._best_value_due = False
            self._best_timer.start()

    def _show_no_budgets(self) -> None:
        self._rank_order = self._best_value = None
        for model in (self.rank_order_model, self.best_value_model):
            model.clear()
        self.rank_order_summary.setText(
            "No budgets are set, so there is no funding line: enter the capital envelope "
            "and the recurrent headroom, or allocations by year, above."
        )
        self.best_value_summary.setText("")
        self.differences.setText("")
        self.liability_model.set_liability((), 0.0)
        self.chart.show_years((), 0.0)
        self.by_year_model.set_years((), carry_forward=False, best_value_shown=False)
        self.by_year_chart.show_years((), carry_forward=False, best_value_shown=False)
        if self._funded is not None:
            self._funded = None
            self.fundedChanged.emit(frozenset())

    def _schedule_best_value(self) -> None:
        self.solver.cancel()  # a solve still running is for the old scores or budgets
        if self._limits is None:
            return
        self._best_timer.start()
        self.best_value_summary.setText("Working out the best-value selection…")
        self.differences.setText("Comparing the two selections…")


def _preview(session: Session, _undo_stack: QUndoStack) -> QWidget:
    panel = FundingPanel(limits=session.limits)
    session.scoresChanged.connect(panel.set_scores)
    panel.set_scores(session.scores)
    return panel


if __name__ == "__main__":
    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(_preview, "Funding"))
