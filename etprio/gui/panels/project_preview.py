"""Run a project panel (Committee, Log) on its own, on the demo project with its fictional
committee, for ``python -m etprio.gui.panels.committee`` (STYLE "Small, named,
previewable pieces")."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtWidgets import QApplication, QWidget

from etprio.core.project.demo_project import demo_project
from etprio.core.project.state import Project
from etprio.gui import style


def run_project_preview(build: Callable[[Project], QWidget], title: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    style.apply_app_style(app)  # type: ignore[arg-type]
    widget = build(demo_project())
    widget.setWindowTitle(f"{title} — etprio preview")
    widget.setStyleSheet(style.WINDOW_QSS)
    widget.resize(1100, 700)
    widget.show()
    return app.exec()
