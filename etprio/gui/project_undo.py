"""Core project commands on a QUndoStack (DESIGN "Every mutating action in the GUI is a
QUndoCommand"; STYLE: core commands with do/undo, wrapped by the GUI).

A core command checks its input in its first ``do`` and raises if it refuses. Qt would
swallow an exception raised inside ``redo`` during ``push``, so :func:`push_command` does
the command first and pushes it already done: a refused command never reaches the stack.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand, QUndoStack

from etprio.core.project.commands import ProjectCommand
from etprio.core.project.state import Project


class ProjectUndoCommand(QUndoCommand):
    """An already-done core command; redo and undo call the core and then ``changed``."""

    def __init__(
        self, project: Project, command: ProjectCommand, changed: Callable[[], None]
    ) -> None:
        super().__init__(command.text)
        self.project, self.command, self._changed = project, command, changed
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self.command.do(self.project)
        self._pushed = True
        self._changed()

    def undo(self) -> None:
        self.command.undo(self.project)
        self._changed()


def push_command(
    stack: QUndoStack, project: Project, command: ProjectCommand, changed: Callable[[], None]
) -> None:
    """Do ``command`` (raising if the core refuses it) and put it on ``stack``."""
    command.do(project)
    stack.push(ProjectUndoCommand(project, command, changed))
