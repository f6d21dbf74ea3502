"""Long work off the GUI thread, one way for all of it: sampling weightings, the best-value
selection, "what would it take", the submission PDF.

The Orange3 shape (STYLE "Computation apart from widgets"): a core function does the work
and takes a :class:`~etprio.core.progress.TaskState`; a :class:`Worker` runs it on the
thread pool, passes progress back and delivers the result or the error on the GUI thread.
A :class:`WorkProgress` shows a bar and a Cancel button only for work that outlasts
``SHOW_AFTER_MS``, so quick work never flickers on screen.

A worker wants one result at a time. Starting again, or :meth:`Worker.cancel` when the
inputs change (a weight moved), makes the running job stale: it is asked to stop and
whatever it still produces is dropped, never shown.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from etprio.core.errors import EtprioError
from etprio.core.progress import Cancelled, TaskState

SHOW_AFTER_MS = 500
UNKNOWN = -1.0  # progress of work that cannot count its steps (a solver run)

Work = Callable[[TaskState], Any]


class _JobSignals(QObject):
    """Each signal carries its job, so the worker can drop jobs it no longer waits for."""

    progress = Signal(object, float)
    done = Signal(object, object)
    failed = Signal(object, str)
    cancelled = Signal(object)


class _Job(QRunnable):
    """One run of ``work`` on the pool; it is the :class:`TaskState` the core sees."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self._work = work
        self._stop = threading.Event()
        self._shown = -1
        # Owned by the application, not the worker, so a result can still arrive safely
        # after the panel that started the job has gone.
        self.signals = _JobSignals(QCoreApplication.instance())

    def run(self) -> None:
        try:
            if self._stop.is_set():
                raise Cancelled
            result = self._work(self)
        except Cancelled:
            self.signals.cancelled.emit(self)
        except EtprioError as exc:
            self.signals.failed.emit(self, str(exc))
        except Exception as exc:  # shown to the user as a message, logged in full
            self.signals.failed.emit(self, _unexpected(exc))
        else:
            self.signals.done.emit(self, result)
        self.signals.deleteLater()

    def set_progress_value(self, percent: float) -> None:
        whole = min(100, max(0, int(percent)))
        if whole != self._shown:  # a signal per whole percent, not per sampled block
            self._shown = whole
            self.signals.progress.emit(self, float(whole))

    def is_interruption_requested(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()


def _unexpected(exc: Exception) -> str:
    from etprio.gui.launch import record_error

    logged = record_error("".join(traceback.format_exception(exc)))
    where = f" (details in {logged})" if logged is not None else ""
    return f"an unexpected error: {exc or type(exc).__name__}{where}"


def _ignore(_value: object) -> None:
    """Nothing to deliver to before the first job starts."""


def _nothing() -> None:
    """Nothing to tell before the first job starts."""


class Worker(QObject):
    """Runs one kind of long work for one owner, one wanted result at a time.

    ``label`` says what is being done ("Sampling weightings…"); ``cancel_note`` says what
    Cancel can and cannot do, where that is not simply "stop" (a solver run can only be
    abandoned, not interrupted).

    Signals
    -------
    busyChanged(bool):
        A wanted job started, or the last one finished, failed or was cancelled.
    progressed(float):
        Percent done of the wanted job, or ``UNKNOWN``.
    """

    busyChanged = Signal(bool)
    progressed = Signal(float)

    def __init__(self, parent: QObject, label: str, cancel_note: str = "") -> None:
        super().__init__(parent)
        self.label = label
        self.cancel_note = cancel_note
        self._job: _Job | None = None
        self._counts_steps = True
        self._on_done: Callable[[Any], None] = _ignore
        self._on_error: Callable[[str], None] = _ignore
        self._on_cancel: Callable[[], None] = _nothing

    @property
    def busy(self) -> bool:
        return self._job is not None

    def start(
        self,
        work: Work,
        on_done: Callable[[Any], None],
        on_error: Callable[[str], None],
        on_cancel: Callable[[], None] = _nothing,
        *,
        counts_steps: bool = True,
    ) -> None:
        """Run ``work(state)`` on the thread pool, replacing any job still running.

        ``on_done(result)`` or ``on_error(message)`` is called on the GUI thread, only for
        the newest job; ``on_cancel()`` when the user presses Cancel. ``counts_steps``
        False shows a busy bar instead of a percentage, whatever the work reports."""
        self._drop()
        job = _Job(work)
        # Bound methods, not lambdas: Qt drops the connections if the worker goes first.
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self._job = job
        self._counts_steps = counts_steps
        self._on_done, self._on_error, self._on_cancel = on_done, on_error, on_cancel
        self.busyChanged.emit(True)
        self.progressed.emit(0.0 if counts_steps else UNKNOWN)
        QThreadPool.globalInstance().start(job)

    def cancel(self) -> None:
        """Stop the running job (the inputs changed, or the user asked); its result, if it
        still comes, is dropped."""
        if self._drop():
            self.busyChanged.emit(False)

    def cancel_by_user(self) -> None:
        """Cancel, and tell the owner so it can say what is shown now."""
        if self._job is None:
            return
        on_cancel = self._on_cancel
        self.cancel()
        on_cancel()

    def _drop(self) -> bool:
        job, self._job = self._job, None
        if job is not None:
            job.stop()
        return job is not None

    def _finish(self, job: _Job) -> bool:
        if job is not self._job:
            return False
        self._job = None
        self.busyChanged.emit(False)
        return True

    def _progress(self, job: _Job, percent: float) -> None:
        if job is self._job and self._counts_steps:
            self.progressed.emit(percent)

    def _done(self, job: _Job, result: object) -> None:
        if self._finish(job):
            self._on_done(result)

    def _failed(self, job: _Job, message: str) -> None:
        if self._finish(job):
            self._on_error(message)

    def _cancelled(self, job: _Job) -> None:
        self._finish(job)


class WorkProgress(QWidget):
    """What a worker is doing, a bar and Cancel — shown only once the work has taken
    ``SHOW_AFTER_MS``, hidden as soon as it ends. Put one where the result will appear
    (a panel) or in the status bar (a file being written)."""

    def __init__(self, worker: Worker, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._worker = worker
        self.label = QLabel(worker.label)
        self.bar = QProgressBar()
        self.bar.setObjectName(f"{name}Bar")
        self.bar.setAccessibleName(worker.label)
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(160)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName(f"{name}Cancel")
        self.cancel_button.setAccessibleName(f"Cancel: {worker.label}")
        if worker.cancel_note:
            self.cancel_button.setToolTip(worker.cancel_note)
            self.label.setToolTip(worker.cancel_note)
        self.cancel_button.clicked.connect(worker.cancel_by_user)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.setInterval(SHOW_AFTER_MS)
        self._delay.timeout.connect(self._appear)
        worker.busyChanged.connect(self._busy)
        worker.progressed.connect(self._progress)
        self.hide()

    def _busy(self, busy: bool) -> None:
        if busy:
            if self.isHidden():
                self._delay.start()
        else:
            self._delay.stop()
            self.hide()

    def _appear(self) -> None:
        if self._worker.busy:
            self.show()

    def _progress(self, percent: float) -> None:
        if percent == UNKNOWN:
            self.bar.setRange(0, 0)
        else:
            self.bar.setRange(0, 100)
            self.bar.setValue(round(percent))
