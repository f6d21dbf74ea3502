"""The Save / Discard / Cancel question asked before unsaved work would be lost (closing
the window, opening another project, starting a new one)."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget

from etprio.core.project.state import Project


class Answer(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_ANSWERS = {
    QMessageBox.StandardButton.Save: Answer.SAVE,
    QMessageBox.StandardButton.Discard: Answer.DISCARD,
}


def project_name(project: Project) -> str:
    return project.path.name if project.path is not None else "this project"


def ask_about_unsaved(parent: QWidget, project: Project, doing: str) -> Answer:
    """Ask whether to save ``project`` before ``doing`` ("closing etprio"); closing the
    box with Escape or the title bar is Cancel, so nothing is lost by accident."""
    button = QMessageBox.question(
        parent,
        "Unsaved changes",
        f"{project_name(project)} has unsaved changes. Save them before {doing}?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Save,
    )
    return _ANSWERS.get(button, Answer.CANCEL)
