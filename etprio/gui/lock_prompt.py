"""Opening a project in the app when it is not simply free and sound: someone holds its
lock (open read-only, or take the lock over, seeing whose it is and for how long), the
folder does not let us lock it (open read-only), or the file failed its seal check (say
what failed; keep it read-only-in-effect until the user accepts the contents, minuted).

The decisions are the core's (:func:`etprio.core.project.store.open_project`,
:func:`~etprio.core.project.seal.accept_current_contents`); this module only asks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from etprio.core.errors import FileAccessError
from etprio.core.project.lock import LockHolder, ProjectLocked
from etprio.core.project.state import Project
from etprio.core.project.store import accept_current_contents, open_project, unaccepted_problem

READ_ONLY = "Open read-only"
TAKE_OVER = "Take over"


def lock_question(path: Path, holder: LockHolder | None) -> str:
    if holder is None:
        return f"{path.name} is locked for editing, but the lock cannot be read."
    return (
        f"{path.name} is open for editing by {holder.user} on {holder.host}, "
        f"for {holder.age()} (since {holder.since}).\n\n"
        "Open it read-only, or take over the lock if they have finished — their "
        "unsaved changes would then be lost when they save."
    )


def open_asking(window: QWidget, path: Path) -> Project | None:
    """The project at ``path``, asking the user what to do when it is locked or cannot be
    locked; None when they cancel. Other errors propagate for the caller to show."""
    try:
        project = open_project(path)
    except ProjectLocked as locked:
        choice = _ask(window, "Project in use", lock_question(path, locked.holder), TAKE_OVER)
        if choice is None:
            return None
        project = open_project(path, read_only=choice == READ_ONLY, take_over=choice == TAKE_OVER)
    except FileAccessError as exc:
        if "cannot lock" not in str(exc):
            raise
        if _ask(window, "Cannot lock the project", f"{exc}.", None) is None:
            return None
        project = open_project(path, read_only=True)
    ask_about_failed_seal(window, project)
    return project


def ask_about_failed_seal(window: QWidget, project: Project) -> None:
    """Tell the user the file failed its seal check, and let them accept its contents
    with a reason for the minutes; until they do, the project cannot be saved."""
    problem = unaccepted_problem(project)
    if not problem or not _wants_to_accept(window, problem):
        return
    reason, ok = QInputDialog.getText(
        window, "Accept current contents", "Why are these contents accepted? (minuted)"
    )
    if ok and reason.strip():
        accept_current_contents(project, reason)


def _wants_to_accept(window: QWidget, problem: str) -> bool:
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("The project file was changed outside etprio")
    box.setText(
        f"{problem}.\n\nWhat you see may not be what the committee decided. It cannot be "
        "saved until you accept its current contents; that decision is written to the "
        "decision log."
    )
    accept = box.addButton("Accept current contents…", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def _ask(window: QWidget, title: str, text: str, alternative: str | None) -> str | None:
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    read_only = box.addButton(READ_ONLY, QMessageBox.ButtonRole.AcceptRole)
    other = (
        box.addButton(alternative, QMessageBox.ButtonRole.DestructiveRole) if alternative else None
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    clicked = box.clickedButton()
    if clicked is read_only:
        return READ_ONLY
    if other is not None and clicked is other:
        return alternative
    return None
