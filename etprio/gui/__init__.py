"""The desktop app (PySide6). Nothing here computes a score: panels show and edit core
objects through :class:`etprio.gui.session.Session` (DESIGN "Shape")."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etprio.gui.main_window import MainWindow

__all__ = ["create_main_window"]


def create_main_window(project: Path | str | None = None) -> MainWindow:
    """The main window on ``project`` (an ``.etprio`` file), or on the bundled demo when
    None, without starting an event loop (CONTRACT §4). A QApplication must exist."""
    from etprio.gui.main_window import MainWindow
    from etprio.gui.session import Session, load_demo, load_project

    data = load_demo() if project is None else load_project(Path(project))
    return MainWindow(Session(data))
