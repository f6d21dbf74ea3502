"""What a frozen etprio needs before it imports the app; shared by both entry scripts.

These are packaging concerns (PyInstaller's run-time hooks, a windowed executable without
a console, headless smoke tests of the build), so they live here and not in ``etprio``.
"""

import multiprocessing
import os
import sys
from types import ModuleType
from typing import TextIO

from platformdirs import user_log_path

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
    - seaborn, left out of the build, is stood in for (:func:`stand_in_for_plotting`).
    - A windowed Windows executable has no console: ``sys.stdout``/``sys.stderr`` are None
      and anything that writes to them (the GUI's error hook, a library warning) would
      itself fail. They go to a log file in the user's own folder instead, where support
      staff can find it without admin rights.
    """
    multiprocessing.freeze_support()
    if getattr(sys, "frozen", False):
        stand_in_for_plotting()
    if windowed and (sys.stdout is None or sys.stderr is None):
        log = _log_file()
        sys.stdout = sys.stdout or log
        sys.stderr = sys.stderr or log


class _LeftOut(ModuleType):
    """A module the frozen app leaves out: importing it works, using it says why not."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(f"{self.__name__} is not part of the packaged etprio ({name})")


def stand_in_for_plotting() -> None:
    """Let scikit-criteria import without seaborn and matplotlib.

    ``rank --method topsis`` needs scikit-criteria, whose decision matrix imports seaborn
    (and so matplotlib) at load time for a ``.plot`` accessor etprio never calls; etprio
    draws with pyqtgraph and reportlab. The spec leaves both out of the build (tens of MB),
    and this stand-in satisfies that one import.
    """
    sys.modules.setdefault("seaborn", _LeftOut("seaborn"))


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
