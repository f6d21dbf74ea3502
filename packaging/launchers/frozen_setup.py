"""What a frozen etprio needs before it imports the app; shared by both entry scripts.

These are packaging concerns (PyInstaller's run-time hooks, a windowed executable without
a console, headless smoke tests of the build), so they live here and not in ``etprio``.
"""

import multiprocessing
import os
import sys
from typing import TextIO

from platformdirs import user_cache_path, user_log_path

APP = "etprio"


def _log_file() -> TextIO:
    """The windowed app's log, appended to: ``%LOCALAPPDATA%\\etprio\\Logs\\etprio-gui.log``
    on Windows, ``~/.local/state/etprio/log/`` on Linux, ``~/Library/Logs/etprio/`` on macOS."""
    folder = user_log_path(APP, appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return (folder / "etprio-gui.log").open("a", encoding="utf-8", buffering=1)


def prepare(*, windowed: bool) -> None:
    """Set up the frozen process; call first thing in an entry script.

    - ``freeze_support``: a worker process (joblib, multiprocessing) re-runs this executable,
      which must then act as the worker instead of starting the app again.
    - matplotlib (imported by scikit-criteria for ``rank --method topsis``) gets a lasting
      cache folder. PyInstaller points it at a fresh temporary folder on every run, so it
      would rescan every installed font each time: seconds on a Windows laptop.
    - A windowed Windows executable has no console: ``sys.stdout``/``sys.stderr`` are None
      and anything that writes to them (the GUI's error hook, a library warning) would
      itself fail. They go to a log file in the user's own folder instead, where support
      staff can find it without admin rights.
    """
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False):
        os.environ["MPLCONFIGDIR"] = str(user_cache_path(APP, appauthor=False) / "matplotlib")
    if windowed and (sys.stdout is None or sys.stderr is None):
        log = _log_file()
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log


def arm_smoke_test() -> None:
    """With ``ETPRIO_SMOKE_TEST=1``, quit as soon as the main window is up.

    Lets the build script and ``tests/packaging`` start the frozen windowed app headless
    (``QT_QPA_PLATFORM=offscreen``) and see it exit cleanly. The quit is queued behind the
    work ``run_app`` queues after ``show()`` (the deferred charts), so that runs too, and
    the visible top-level windows are printed as evidence the window really appeared.
    """
    if os.environ.get("ETPRIO_SMOKE_TEST") != "1":
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from etprio.gui.launch import application

    app = application()

    def report_and_quit() -> None:
        shown = [
            widget.objectName() or type(widget).__name__
            for widget in QApplication.topLevelWidgets()
            if widget.isVisible()
        ]
        print(f"ETPRIO_SMOKE_TEST: visible windows {shown}", file=sys.stderr, flush=True)
        app.quit()

    QTimer.singleShot(0, lambda: QTimer.singleShot(0, report_and_quit))
