"""Settings never touch the user's own, and no window outlives its test (the root
``conftest.py`` makes Qt render offscreen)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from etprio.gui.main_window import MainWindow

# Qt's own process-wide helpers that outlive any one window (the tooltip label).
_QT_SINGLETONS = {"QTipLabel"}


class LeakGuard:
    """Remembers the top-level widgets alive when armed; anything new still alive when
    asked is a leak (napari's ``make_napari_viewer`` does the same)."""

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._before = list(app.topLevelWidgets())

    def leaked(self) -> list[QWidget]:
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self._app.processEvents()
        before = {id(w) for w in self._before}
        return [
            widget
            for widget in self._app.topLevelWidgets()
            if id(widget) not in before and type(widget).__name__ not in _QT_SINGLETONS
        ]


@pytest.fixture
def settings_dir(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """QSettings as INI files under tmp_path, never the user's own registry or config."""
    from PySide6.QtCore import QSettings

    folder = tmp_path / "settings"
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    qapp.setOrganizationName("etprio-tests")
    qapp.setApplicationName("etprio")
    yield folder


@pytest.fixture
def leak_guard(qapp: QApplication) -> Iterator[LeakGuard]:
    """Fails the test when it leaves top-level widgets behind."""
    guard = LeakGuard(qapp)
    yield guard
    leaked = guard.leaked()
    for widget in leaked:
        widget.close()
        widget.deleteLater()
    if leaked:
        names = ", ".join(f"{type(w).__name__}({w.objectName()!r})" for w in leaked)
        pytest.fail(f"the test leaked top-level widgets: {names}")


@pytest.fixture
def no_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal message box or file dialog would wait for a click that never comes and hang
    the run: make it fail the test at once instead."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a modal dialog would block the test: {args[1:3]}")

    for owner, names in (
        (QMessageBox, ("warning", "critical", "question", "information", "about")),
        (QFileDialog, ("getOpenFileName", "getSaveFileName")),
        (QInputDialog, ("getText",)),
    ):
        for name in names:
            monkeypatch.setattr(owner, name, refuse)


@pytest.fixture
def recovery_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves under tmp_path, never in the user's own recovery folder."""
    folder = tmp_path / "recovery"
    monkeypatch.setattr("etprio.gui.autosave.recovery_folder", lambda: folder)
    return folder


@pytest.fixture
def main_window(
    qtbot,
    settings_dir: Path,
    recovery_dir: Path,
    leak_guard: LeakGuard,
    no_modal_dialogs: None,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[MainWindow]:
    """The real main window on the bundled demo, with settings and autosaves under
    tmp_path.

    After the test the window is closed, discarding the test's own unsaved changes
    (qtbot would close it while the dialog guard still refuses the Save question), and
    deleted; the leak guard then checks that nothing else (a dialog without a parent, a
    stray panel) is still alive.
    """
    from PySide6.QtWidgets import QMessageBox

    from etprio.gui import create_main_window

    window = create_main_window()
    yield window
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: discard)
    window.close()
    window.deleteLater()


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    """The sample project (committee, scenarios, settings, log) saved as a file."""
    from etprio.core.project.store import save_project
    from tests.project_builders import sample_project

    path = tmp_path / "pccc.etprio"
    with sample_project() as project:
        save_project(project, path)
    return path
