"""Autosave while there is unsaved work, so a crash loses at most a minute (DESIGN "Project
file": autosaves go to a recovery file that the app offers back after a crash).

The recovery files themselves are the core's (:mod:`etprio.core.project.recovery`); this module
only decides when to write and when to delete them: every minute while the project is
dirty, deleted after a successful save or a clean close, when they are no longer needed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from etprio.core.errors import EtprioError
from etprio.core.project import recovery
from etprio.gui.session import Session

AUTOSAVE_INTERVAL_MS = 60_000


def recovery_folder() -> Path:
    """The one place the app keeps recovery files: the user's own data folder (the core's
    default); tests point it at a temporary folder."""
    return recovery.recovery_folder()


def written_at_local(written_at: str) -> str:
    """The log's UTC time as the user's own clock shows it (``14:05``), for the prompt;
    the text as stored when it is not a time.

    >>> written_at_local("not a time")
    'not a time'
    """
    try:
        moment = datetime.fromisoformat(written_at.replace("Z", "+00:00"))
    except ValueError:
        return written_at
    return moment.astimezone().strftime("%H:%M")


def recovery_question(found: recovery.Recovery) -> str:
    """What the user is asked at start-up about one recovery file."""
    name = found.original.name if found.original else "an unsaved project"
    return (
        f"etprio closed unexpectedly while you were working on {name}, last autosaved at "
        f"{written_at_local(found.written_at)}. Recover it?"
    )


class Autosave(QObject):
    """Writes the open project's recovery file every :data:`AUTOSAVE_INTERVAL_MS` while it
    has unsaved changes.

    Signals
    -------
    failed(str):
        An autosave could not be written (a full disk); the work itself is untouched.
    """

    failed = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._written: Path | None = None
        self._adopted: recovery.Recovery | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_INTERVAL_MS)
        self.timer.timeout.connect(self.write_now)

    def start(self) -> None:
        self.timer.start()

    def write_now(self) -> Path | None:
        """Write the recovery file now if there is unsaved work; the file written."""
        project = self._session.data.project
        if project is None or not project.is_dirty:
            return None
        try:
            written = recovery.write_recovery(project, folder=recovery_folder())
        except (EtprioError, OSError) as exc:
            self.failed.emit(f"Could not autosave: {exc}")
            return None
        if self._written is not None and self._written != written:
            self._written.unlink(missing_ok=True)  # Save As moved the project
        self._written = written
        return written

    def pending(self) -> list[recovery.Recovery]:
        """Recovery files left by an etprio that is no longer running, newest first."""
        return recovery.pending_recoveries(folder=recovery_folder())

    def adopt(self, found: recovery.Recovery) -> None:
        """The project on show came from ``found``: delete it with our own file once the
        work is saved or deliberately discarded, not before."""
        self._adopted = found

    def discard(self) -> None:
        """After a save, a clean close or leaving the project: the safety copies are no
        longer needed."""
        if self._written is not None:
            self._written.unlink(missing_ok=True)
        if self._adopted is not None:
            self._adopted.discard()
        self._written = self._adopted = None
