"""Run one panel on its own, on the bundled demo, for ``python -m etprio.gui.panels.X``."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QWidget

from etprio.gui import style
from etprio.gui.session import Session, load_demo


def run_preview(build: Callable[[Session, QUndoStack], QWidget], title: str) -> int:
    """Show ``build(session, undo_stack)`` in its own window and run the event loop."""
    app = QApplication.instance() or QApplication(sys.argv)
    style.apply_app_style(app)  # type: ignore[arg-type]
    session = Session(load_demo())
    undo_stack = QUndoStack()
    widget = build(session, undo_stack)
    widget.setWindowTitle(f"{title} — etprio preview")
    widget.setStyleSheet(style.WINDOW_QSS)
    widget.resize(900, 700)
    widget.show()
    return app.exec()
