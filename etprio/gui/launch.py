"""Starting the desktop app: ``etprio-gui`` (no console window on Windows), ``etprio gui``
and plain ``etprio`` all end up in :func:`run_app`.

The window must be on screen within two seconds (DESIGN performance targets), so nothing
heavy is imported here: scipy, pandas, scikit-criteria and reportlab load on first use.
"""

from __future__ import annotations

import logging
import sys
import traceback
from contextlib import closing
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from etprio import __version__
from etprio.core.errors import EtprioError
from etprio.core.resources import resource_path
from etprio.gui.system_libraries import display_problem

if TYPE_CHECKING:
    from etprio.gui.main_window import MainWindow

APP_NAME = "etprio"
ORGANISATION = "etprio"
_showing_error = False
_ICON_SIZES = (16, 32, 48, 64, 128, 256)


def log_folder() -> Path:
    """The user's own log folder: writable on a locked-down laptop, and where support staff
    can ask for the log after a meeting."""
    from platformdirs import user_log_path

    return user_log_path("etprio", appauthor=False)


def record_error(details: str) -> Path | None:
    """Append an unexpected error to a rotating log (1 MB × 4); None if it cannot be written."""
    try:
        folder = log_folder()
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            folder / "etprio.log", maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    message = f"unexpected error in etprio {__version__}\n{details}"
    with closing(handler):
        handler.emit(logging.makeLogRecord({"msg": message, "levelname": "ERROR"}))
    return Path(handler.baseFilename)


def show_unexpected_error(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook for the GUI: an exception in a slot must not take the meeting down.

    The user sees a dialog whose details can be copied into a bug report; the app keeps
    running. A second error raised while the dialog is open only goes to stderr.
    """
    global _showing_error
    details = "".join(traceback.format_exception(kind, value, tb))
    if sys.stderr is not None:  # None under a windowed launcher on Windows
        sys.stderr.write(details)
    logged = record_error(details)
    if _showing_error or QApplication.instance() is None:
        return
    _showing_error = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong", "")
        if isinstance(value, EtprioError):
            box.setText(str(value))
        else:
            box.setText(
                "etprio hit an unexpected error. Your data is unchanged; you can carry on, "
                "or save and restart. Please send the details below to whoever supports etprio."
            )
        where = f"\nAlso written to {logged}" if logged else ""
        box.setDetailedText(f"etprio {__version__}{where}\n{details}")
        copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if isinstance(copy, QPushButton) and box.clickedButton() is copy:
            QGuiApplication.clipboard().setText(box.detailedText())
    finally:
        _showing_error = False


def application() -> QApplication:
    """The QApplication, created HiDPI-aware and named so QSettings find the user's file."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationDisplayName("etprio")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("etprio")
    icon = QIcon()
    for size in _ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"etprio-{size}.png")))
    app.setWindowIcon(icon)
    return app


def run_app(project: Path | None) -> int:
    """Show the main window on ``project`` (the demo when None) and run the event loop.

    A missing X11 library or display is reported in one line, with the command that fixes
    it, before Qt would abort with a paragraph about its platform plugin.
    """
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    from etprio.gui import style
    from etprio.gui.main_window import MainWindow
    from etprio.gui.session import Session, load_demo, load_project

    app = application()
    style.apply_app_style(app)
    sys.excepthook = show_unexpected_error
    try:
        data = load_demo() if project is None else load_project(project)
    except EtprioError as exc:
        QMessageBox.critical(None, "etprio cannot start", str(exc))
        return exc.exit_code
    _window = show_main_window(MainWindow(Session(data), defer_charts=True))  # alive till exit
    return app.exec()


def show_main_window(window: MainWindow) -> MainWindow:
    """Put ``window`` on screen, then, once it is there, build the charts and offer back
    any work an etprio that crashed left in a recovery file (DESIGN "Project file")."""
    window.show()
    QTimer.singleShot(0, window.build_charts)
    QTimer.singleShot(0, window.files.offer_recoveries)
    return window


def main() -> None:
    """``etprio-gui [PROJECT]``."""
    args = sys.argv[1:]
    sys.exit(run_app(Path(args[0]) if args else None))


if __name__ == "__main__":
    main()
