"""pyqtgraph builds each plot's context menus as QMenus without a Qt parent, so they outlive
the window that showed the plot (and fail the tests' leak guard). Widgets that create plots
do so inside :func:`menus_owned_by`, which hands every such menu to an owner widget."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QApplication, QMenu, QWidget


@contextmanager
def menus_owned_by(owner: QWidget) -> Iterator[None]:
    """Parent to ``owner`` every parentless QMenu created inside the ``with`` block."""
    existing = {id(widget) for widget in QApplication.topLevelWidgets()}
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.parent() is None and id(widget) not in existing:
            widget.setParent(owner, widget.windowFlags())
