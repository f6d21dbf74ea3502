"""The one worker for long work: progress only for work that outlasts half a second,
Cancel that stops the work and changes nothing, results applied only while wanted, errors
as messages — on its own and in every place the app uses it (sampling, best value, PDF)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QVBoxLayout, QWidget

from etprio.core.errors import EtprioError
from etprio.core.funding.limits import FundingLimits
from etprio.core.progress import Cancelled, TaskState, stop_if_asked
from etprio.core.sensitivity import analysis as sensitivity
from etprio.gui.panels.funding import FundingPanel
from etprio.gui.panels.sensitivity import SensitivityPanel
from etprio.gui.session import Session, load_demo
from etprio.gui.work import SHOW_AFTER_MS, Worker, WorkProgress

DEMO = load_demo()
LIMITS = FundingLimits(capital_envelope=4_500_000, recurrent_headroom=250_000)
WAIT_MS = 15_000


def slow(seconds: float, result: object = "done", stopped: threading.Event | None = None):
    """Work that takes ``seconds``, counts its progress and stops when asked."""

    def work(state: TaskState) -> object:
        start = time.monotonic()
        while (spent := time.monotonic() - start) < seconds:
            try:
                stop_if_asked(state)
            except Cancelled:
                if stopped is not None:
                    stopped.set()
                raise
            state.set_progress_value(100.0 * spent / seconds)
            time.sleep(0.01)
        return result

    return work


def waiting_for(gate: threading.Event, then: Callable[[TaskState], object]):
    """Work that holds until ``gate`` opens (or it is asked to stop), then does ``then``."""

    def work(state: TaskState) -> object:
        while not gate.wait(0.01):
            stop_if_asked(state)
        return then(state)

    return work


class Outcomes:
    def __init__(self) -> None:
        self.done: list[object] = []
        self.errors: list[str] = []
        self.cancelled = 0

    def start(self, worker: Worker, work, **kwargs) -> None:
        worker.start(work, self.done.append, self.errors.append, self._cancel, **kwargs)

    def _cancel(self) -> None:
        self.cancelled += 1


@pytest.fixture
def shown(qtbot) -> tuple[Worker, WorkProgress]:
    host = QWidget()
    qtbot.addWidget(host)
    worker = Worker(host, "Testing…", "Cancel stops the test")
    view = WorkProgress(worker, "testProgress")
    QVBoxLayout(host).addWidget(view)
    host.show()
    qtbot.waitExposed(host)
    yield worker, view
    worker.cancel()
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)


def _finished(qtbot) -> None:
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)
    qtbot.wait(20)  # the queued result reaches the GUI thread


def test_fast_work_never_shows_progress(qtbot, shown):
    worker, view = shown
    outcomes = Outcomes()
    outcomes.start(worker, lambda state: 42)
    qtbot.waitUntil(lambda: outcomes.done == [42], timeout=WAIT_MS)
    qtbot.wait(SHOW_AFTER_MS + 100)
    assert view.isHidden() and not worker.busy


def test_slow_work_shows_progress_and_its_result_is_applied(qtbot, shown):
    worker, view = shown
    outcomes = Outcomes()
    outcomes.start(worker, slow(1.5, result="sampled"))
    assert worker.busy and view.isHidden()  # nothing flickers at the start
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    assert view.cancel_button.toolTip() == "Cancel stops the test"
    qtbot.waitUntil(lambda: view.bar.value() > 10, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: outcomes.done == ["sampled"], timeout=WAIT_MS)
    assert view.isHidden() and not worker.busy and outcomes.errors == []


def test_work_without_steps_shows_a_busy_bar(qtbot, shown):
    worker, view = shown
    Outcomes().start(worker, slow(1.0), counts_steps=False)
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    assert view.bar.maximum() == 0  # Qt's busy indicator


def test_cancel_stops_the_work_and_delivers_nothing(qtbot, shown):
    worker, view = shown
    outcomes, stopped = Outcomes(), threading.Event()
    outcomes.start(worker, slow(30.0, stopped=stopped))
    qtbot.waitUntil(view.isVisible, timeout=WAIT_MS)
    view.cancel_button.click()
    assert view.isHidden() and not worker.busy and outcomes.cancelled == 1
    assert stopped.wait(5.0), "the work went on after Cancel"
    _finished(qtbot)
    assert outcomes.done == [] and outcomes.errors == []


def test_a_newer_start_or_a_cancel_drops_the_older_result(qtbot, shown):
    worker, _view = shown
    outcomes, gate = Outcomes(), threading.Event()
    outcomes.start(worker, waiting_for(gate, lambda state: "stale"))
    outcomes.start(worker, waiting_for(gate, lambda state: "fresh"))
    gate.set()
    qtbot.waitUntil(lambda: outcomes.done == ["fresh"], timeout=WAIT_MS)
    outcomes.start(worker, lambda state: "inputs changed")
    worker.cancel()
    _finished(qtbot)
    assert outcomes.done == ["fresh"] and outcomes.cancelled == 0


def test_errors_arrive_as_messages(qtbot, shown, monkeypatch):
    worker, view = shown
    outcomes = Outcomes()

    def refused(state: TaskState) -> None:
        raise EtprioError("bids.csv: row 3, column grant: not an amount")

    outcomes.start(worker, refused)
    qtbot.waitUntil(lambda: bool(outcomes.errors), timeout=WAIT_MS)
    assert outcomes.errors == ["bids.csv: row 3, column grant: not an amount"]
    logged: list[str] = []
    monkeypatch.setattr(
        "etprio.gui.launch.record_error", lambda details: logged.append(details) or None
    )

    def broken(state: TaskState) -> None:
        raise ZeroDivisionError("division by zero")

    outcomes.start(worker, broken)
    qtbot.waitUntil(lambda: len(outcomes.errors) == 2, timeout=WAIT_MS)
    assert outcomes.errors[1] == "an unexpected error: division by zero"
    assert "Traceback" in logged[0]  # the details go to the log, not the screen
    assert view.isHidden() and outcomes.done == []


# --- the Sensitivity tab -------------------------------------------------------------------


@pytest.fixture
def sensitivity_panel(qtbot) -> SensitivityPanel:
    panel = SensitivityPanel()
    qtbot.addWidget(panel)
    panel.sampling.samples_input.setValue(500)
    yield panel
    panel.sampler.cancel()
    assert QThreadPool.globalInstance().waitForDone(WAIT_MS)


def _slow_run(monkeypatch, gate: threading.Event) -> list[object]:
    """Sampling that waits for ``gate``; returns the scores each run was started for."""
    started: list[object] = []
    real = sensitivity.run

    def run(scores, limits, options, state, intervals):
        assert intervals is not None  # worked out once, on the interval worker
        started.append(scores)
        return waiting_for(gate, lambda s: real(scores, limits, options, s, intervals))(state)

    monkeypatch.setattr("etprio.gui.panels.sensitivity.run", run)
    return started


def test_weights_moved_during_sampling_discard_its_result(qtbot, sensitivity_panel, monkeypatch):
    panel, session = sensitivity_panel, Session(DEMO)
    gate = threading.Event()
    started = _slow_run(monkeypatch, gate)
    shown: list[object] = []
    panel.reportChanged.connect(lambda report: shown.append(report.scores))
    panel.set_scores(session.scores)
    panel.show()
    qtbot.waitUntil(panel.sampling.progress.isVisible, timeout=WAIT_MS)
    first = session.scores
    weights = list(session.weights)
    weights[1] = 70.0
    session.set_weights(weights)
    panel.set_scores(session.scores)  # the weights moved while the run was going
    assert not panel.sampler.busy and panel.sampling.progress.isHidden()
    gate.set()
    qtbot.waitUntil(lambda: not panel.smaa_pending and bool(shown), timeout=WAIT_MS)
    assert started[0] is first and shown == [session.scores]
    assert panel.report.scores is session.scores


def test_cancelled_sampling_keeps_what_was_shown(qtbot, sensitivity_panel, monkeypatch):
    panel, session = sensitivity_panel, Session(DEMO)
    panel.set_scores(session.scores)
    panel.settle()
    before, status = panel.report, panel.sampling.status.text()
    _slow_run(monkeypatch, threading.Event())
    panel.show()
    panel.recompute()
    qtbot.waitUntil(panel.sampling.progress.isVisible, timeout=WAIT_MS)
    panel.sampling.progress.cancel_button.click()
    _finished(qtbot)
    assert panel.report is before and panel.sampling.status.text() == status
    assert panel.message.isHidden()


def test_a_failed_run_shows_a_message(qtbot, sensitivity_panel, monkeypatch):
    panel = sensitivity_panel

    def run(scores, limits, options, state, intervals):
        raise EtprioError("the spread must be between 0 and 100")

    monkeypatch.setattr("etprio.gui.panels.sensitivity.run", run)
    panel.set_scores(Session(DEMO).scores)
    panel.show()
    panel.recompute()
    qtbot.waitUntil(panel.message.isVisible, timeout=WAIT_MS)
    assert panel.message.text() == (
        "The sensitivity analysis failed: the spread must be between 0 and 100"
    )


# --- the Funding tab's best value ----------------------------------------------------------


def test_best_value_says_what_cancel_can_do_and_keeps_the_selection(qtbot, monkeypatch):
    session = Session(DEMO)
    panel = FundingPanel(limits=LIMITS)
    qtbot.addWidget(panel)
    panel.set_scores(session.scores)
    panel.show()
    qtbot.waitUntil(lambda: not panel.best_value_pending, timeout=WAIT_MS)
    before = panel.best_value
    monkeypatch.setattr(
        "etprio.gui.panels.funding.best_value_selection",
        lambda scores, limits, **kwargs: slow(30.0)(kwargs["state"]),
    )
    panel._solve_in_background()
    progress = panel.findChild(WorkProgress, "bestValueProgress")
    qtbot.waitUntil(progress.isVisible, timeout=WAIT_MS)
    assert "2 s" in progress.label.text() and "cannot be interrupted" in progress.label.toolTip()
    progress.cancel_button.click()
    _finished(qtbot)
    assert panel.best_value is before
    assert panel.best_value_summary.text().startswith("Cancelled")


# --- the PDF exports -----------------------------------------------------------------------


def test_a_cancelled_export_writes_no_file(main_window, tmp_path: Path, qtbot, monkeypatch):
    from etprio.report.pdf import project_content

    real = project_content.write_submission
    monkeypatch.setattr(
        project_content,
        "write_submission",
        lambda path, workspace, **kw: waiting_for(threading.Event(), lambda s: real)(kw["state"]),
    )
    main_window.show()
    qtbot.waitExposed(main_window)
    out = tmp_path / "submission.pdf"
    main_window.files.export_pdf(out)
    assert not main_window.export_pdf_action.isEnabled()
    progress = main_window.findChild(WorkProgress, "pdfProgress")
    qtbot.waitUntil(progress.isVisible, timeout=WAIT_MS)
    progress.cancel_button.click()
    _finished(qtbot)
    assert main_window.export_pdf_action.isEnabled() and not out.exists()
    assert "was not written" in main_window.statusBar().currentMessage()
