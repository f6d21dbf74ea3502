"""Every change a user makes in the window is a QUndoCommand (DESIGN "Every mutating action
in the GUI is a QUndoCommand").

A slider drag sends dozens of values a second, and a chair holding an arrow key nearly as
many; they all carry the gesture's number and merge into the first command, so one Ctrl+Z
puts the weights back to where the gesture started rather than one step back.

When a project is open, each command also runs the matching core project command, so the
decision log minutes it (DESIGN "Governance"): once per finished gesture, not per tick,
and again, as "Undone"/"Redone", on undo and redo. A gesture still open when anything
else happens to the stack, or when the project is saved, is finished first
(:class:`UndoStack`, :func:`finish_open_gesture`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand, QUndoStack

from etprio.gui.session import Session, SessionData

if TYPE_CHECKING:
    from etprio.core.project.commands import ProjectCommand

_SET_WEIGHTS_ID = 1001


class SetWeights(QUndoCommand):
    """Change the weights; pushes of the same ``gesture`` (one slider drag) merge.

    Callers check the weights with
    :func:`etprio.core.scoring.weighted_sum.weights_acceptable` first, so redo cannot fail. A
    gesture's command is minuted by :meth:`finish` when the gesture ends (the slider is
    released); a command without a gesture is minuted at once.
    """

    def __init__(
        self,
        session: Session,
        new: Sequence[float],
        text: str,
        gesture: int | None = None,
    ) -> None:
        super().__init__(text)
        self._session = session
        self._project = session.data.project
        self._old = session.weights
        self._new = tuple(float(w) for w in new)
        self._gesture = gesture
        self._minuted: ProjectCommand | None = None
        self._pushed = False

    @property
    def gesture(self) -> int | None:
        """The open gesture this command gathers ticks of; None once it is finished."""
        return self._gesture

    def id(self) -> int:
        return _SET_WEIGHTS_ID if self._gesture is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetWeights) or other._gesture != self._gesture:
            return False
        if self._minuted is not None:
            return False
        self._new = other._new
        self.setObsolete(self._new == self._old)
        return True

    def finish(self) -> None:
        """The gesture is over: minute the change in the project's decision log."""
        if self._project is None or self._minuted is not None or self.isObsolete():
            return
        from etprio.core.project.commands import SetWeights as MinuteWeights

        keys = self._session.criteria.keys
        command = MinuteWeights(dict(zip(keys, self._new, strict=True)))
        command.do(self._project)
        self._minuted = command
        self._gesture = None
        self._session.projectChanged.emit()

    def redo(self) -> None:
        """The push's redo leaves a gesture open; a later redo (after an undo that came
        before the gesture was minuted) minutes it at once."""
        self._session.set_weights(self._new)
        if self._minuted is not None and self._project is not None:
            self._minuted.do(self._project)
            self._session.projectChanged.emit()
        elif self._gesture is None or self._pushed:
            self.finish()
        self._pushed = True

    def undo(self) -> None:
        self._session.set_weights(self._old)
        if self._minuted is not None and self._project is not None:
            self._minuted.undo(self._project)
            self._session.projectChanged.emit()


def finish_open_gesture(stack: QUndoStack) -> None:
    """Minute the weight gesture on top of ``stack``, if one is still open."""
    done = stack.index()
    command = stack.command(done - 1) if done > 0 else None
    if isinstance(command, SetWeights):
        command.finish()


class UndoStack(QUndoStack):
    """The window's undo stack: an open weight gesture is minuted before another step is
    pushed, undone or redone, so the decision log keeps the order things were done in."""

    def push(self, command: QUndoCommand) -> None:
        done = self.index()
        top = self.command(done - 1) if done > 0 else None
        same_gesture = (
            isinstance(top, SetWeights)
            and isinstance(command, SetWeights)
            and top.gesture is not None
            and top.gesture == command.gesture
        )
        if not same_gesture:
            finish_open_gesture(self)
        super().push(command)

    def undo(self) -> None:
        finish_open_gesture(self)
        super().undo()

    def redo(self) -> None:
        finish_open_gesture(self)
        super().redo()


class ReplaceData(QUndoCommand):
    """An import: the whole data set is swapped, so undo brings the previous one back.

    Into an open project the import is a core ``ReplaceData`` command (minuted with the
    files' SHA-256), and the session then shows the project's data, which carries the
    committee's scores.
    """

    def __init__(self, session: Session, new: SessionData, text: str) -> None:
        super().__init__(text)
        self._session = session
        self._old = session.data
        self._new = new
        self._minuted: ProjectCommand | None = None
        project = new.project
        if project is not None and project is self._old.project:
            from etprio.core.project.commands import ReplaceData as MinuteImport

            sources = tuple(p for p in (new.bids_path, new.survey_path) if p is not None)
            self._minuted = MinuteImport(new.dataset, sources)

    def redo(self) -> None:
        if self._minuted is not None and self._new.project is not None:
            self._minuted.do(self._new.project)
            self._session.replace_data(replace(self._new, dataset=self._new.project.dataset))
            self._session.projectChanged.emit()
        else:
            self._session.replace_data(self._new)

    def undo(self) -> None:
        if self._minuted is not None and self._old.project is not None:
            self._minuted.undo(self._old.project)
            self._session.replace_data(self._old.with_project_data())
            self._session.projectChanged.emit()
        else:
            self._session.replace_data(self._old)
