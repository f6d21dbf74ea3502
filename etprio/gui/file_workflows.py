"""The window's file work: importing tables through the preview, opening projects, recent
files, dropped files, and the ranking and PDF exports.

Kept apart from the main window so that the window stays a composition of panels. Every
change to the data goes through the undo stack as one :class:`~etprio.gui.undo.ReplaceData`
step, and nothing is imported while the preview lists an error (CONTRACT §1.3).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from etprio.core.errors import EtprioError
from etprio.core.progress import TaskState
from etprio.core.project.recovery import open_recovery
from etprio.gui.autosave import Autosave, recovery_question
from etprio.gui.lock_prompt import open_asking
from etprio.gui.session import Session, SessionData, project_data, read_import
from etprio.gui.settings import AppSettings, RecentFile
from etprio.gui.undo import ReplaceData, finish_open_gesture
from etprio.gui.unsaved_changes import Answer, ask_about_unsaved
from etprio.gui.work import Worker

if TYPE_CHECKING:
    from etprio.core.project.state import Project
    from etprio.gui.panels.import_preview import ImportPreviewDialog

TABLE_FILTER = "Tables (*.csv *.xlsx);;All files (*)"
PROJECT_SUFFIX = ".etprio"


class FileWorkflows(QObject):
    """Dialogs and file I/O on behalf of ``window``.

    Signals
    -------
    message(str):
        A line for the status bar.
    pdfBusy(bool):
        A PDF is being written by :attr:`pdf_worker` (the actions are disabled meanwhile).
    """

    message = Signal(str)
    pdfBusy = Signal(bool)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        undo_stack: QUndoStack,
        settings: AppSettings,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._session = session
        self._undo = undo_stack
        self._settings = settings
        self.import_dialog: ImportPreviewDialog | None = None
        self.autosave = Autosave(session, self)
        self.autosave.failed.connect(self.message)
        self.pdf_worker = Worker(self, "Writing the PDF…")
        self.pdf_worker.busyChanged.connect(self.pdfBusy)

    # --- import ------------------------------------------------------------------------

    def import_files(
        self, bids: Path | None = None, survey: Path | None = None
    ) -> ImportPreviewDialog | None:
        """Preview the problems in new tables; import them only from a clean preview."""
        from etprio.gui.panels.import_preview import ImportPreviewDialog

        try:
            new_data, problems = read_import(self._session.data, bids, survey)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot import", str(exc))
            return None
        kind = "bids" if bids is not None else "survey"
        paths = [p for p in (bids, survey) if p is not None]
        dialog = ImportPreviewDialog(kind, paths, problems, self._window)
        dialog.accepted.connect(lambda: self._apply_import(new_data, kind, paths))
        dialog.finished.connect(dialog.deleteLater)
        self.import_dialog = dialog
        dialog.open()
        return dialog

    def _apply_import(self, new_data: SessionData | None, kind: str, paths: list[Path]) -> None:
        if new_data is None:
            return
        from etprio.gui.panels.import_preview import guess_kind

        names = " and ".join(p.name for p in paths)
        self._undo.push(ReplaceData(self._session, new_data, f"Import {names}"))
        for path in paths:
            self._settings.add_recent_file(guess_kind(path) if len(paths) > 1 else kind, path)
        self.message.emit(f"Imported {names}")

    def ask_import(self, kind: str) -> None:
        title = "Import bids" if kind == "bids" else "Import six-facet survey"
        name, _ = QFileDialog.getOpenFileName(self._window, title, self._start_dir(), TABLE_FILTER)
        if name:
            path = Path(name)
            self._settings.set_last_directory(path.parent)
            self.import_files(**{kind: path})

    # --- projects ----------------------------------------------------------------------

    def settle_unsaved(self, doing: str) -> bool:
        """Before unsaved work would be lost: ask Save / Discard / Cancel. True when it is
        safe to go on (saved, discarded, or nothing unsaved); False keeps everything as is,
        including when the user cancels the Save As that a save needed."""
        finish_open_gesture(self._undo)  # weights stepped a moment ago are work too
        project = self._session.data.project
        if project is None or not project.is_dirty:
            return True
        answer = ask_about_unsaved(self._window, project, doing)
        if answer is Answer.SAVE:
            self.save_project()
            return not project.is_dirty
        return answer is Answer.DISCARD

    def open_project(self, path: Path) -> None:
        """Open ``path`` in place of what is shown, once unsaved work is settled. Like any
        document, opening starts a fresh undo history; the previous project's lock is
        released."""
        if not self.settle_unsaved(f"opening {path.name}"):
            return
        previous = self._session.data.project
        if previous is not None and previous.path is not None and previous.path == path:
            previous.close()  # reopening our own file: its lock is ours to give back
        try:
            opened = open_asking(self._window, path)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot open the project", str(exc))
            return
        if opened is None:
            return
        self._show_project(project_data(opened))
        self._settings.add_recent_file("project", path)
        self.message.emit(f"Opened {path.name}")

    def new_project(self) -> None:
        """An empty project on the current criteria set, ready for an import."""
        from etprio.core.model import Dataset
        from etprio.core.project.store import new_project

        if not self.settle_unsaved("starting a new project"):
            return
        data = self._session.data
        project = new_project(Dataset((), ()), data.criteria, data.scales)
        project.mark_saved(None)  # nothing in it yet that could be lost
        self._show_project(project_data(project))
        self.message.emit("New project: import bids and a survey to start")

    def _show_project(self, data: SessionData) -> None:
        previous = self._session.data.project
        self._undo.clear()
        self._session.replace_data(data, keep_weights=False)
        if previous is not None and previous is not data.project:
            previous.close()
        self.autosave.discard()

    def offer_recoveries(self) -> None:
        """At start-up, once the window is on screen: offer back the work of an etprio
        that crashed, newest first. A recovered project replaces what is shown and stays
        unsaved until the user saves it; a declined one is deleted."""
        for found in self.autosave.pending():
            answer = QMessageBox.question(
                self._window,
                "Recover unsaved work",
                recovery_question(found),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                found.discard()
                continue
            if not self.settle_unsaved("recovering the autosaved work"):
                return
            previous = self._session.data.project
            if (
                previous is not None
                and previous.path is not None
                and previous.path == found.original
            ):
                previous.close()  # our own file: its lock is ours to give back
            try:
                project = open_recovery(found)
            except EtprioError as exc:
                QMessageBox.warning(self._window, "Cannot recover the project", str(exc))
                continue
            self._show_project(project_data(project))
            self.autosave.adopt(found)
            self.message.emit("Recovered the autosaved work: save it to keep it")
            return  # one project at a time; any others are offered next time

    def save_project(self) -> None:
        """Save to the project's own file, or ask where when it has none yet."""
        finish_open_gesture(self._undo)
        project = self._session.data.project
        if project is None or project.path is None or project.read_only:
            self.ask_save_project_as()
            return
        self._save(project, project.path)

    def ask_save_project_as(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Save project", str(Path(self._start_dir()) / f"bids{PROJECT_SUFFIX}"),
            f"etprio projects (*{PROJECT_SUFFIX})",
        )  # fmt: skip
        if name:
            self.save_project_as(Path(name).with_suffix(PROJECT_SUFFIX))

    def save_project_as(self, path: Path) -> None:
        """Save as ``path``; bids imported without a project become one here."""
        from etprio.core.project.store import new_project

        finish_open_gesture(self._undo)
        data = self._session.data
        project = data.project
        if project is None:
            sources = [p for p in (data.bids_path, data.survey_path) if p is not None]
            project = new_project(data.dataset, data.criteria, data.scales, sources=sources)
            self._undo.clear()
            self._session.replace_data(replace(data, project=project))
        self._save(project, path)

    def _save(self, project: Project, path: Path) -> None:
        from etprio.core.project.store import save_project

        try:
            save_project(project, path)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot save the project", str(exc))
            return
        self.autosave.discard()
        self._settings.add_recent_file("project", path)
        self._session.projectChanged.emit()
        self.message.emit(f"Saved {path.name}")

    def ask_open_project(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Open project", self._start_dir(), f"etprio projects (*{PROJECT_SUFFIX})"
        )
        if name:
            self.open_project(Path(name))

    def fill_recent(self, menu: QMenu) -> None:
        """Rebuild the Recent files menu just before it opens."""
        menu.clear()
        recent = self._settings.recent_files()
        if not recent:
            menu.addAction("No recent files").setEnabled(False)
        for entry in recent:
            label = f"{entry.path.name} ({entry.kind}) — {entry.path.parent}"
            menu.addAction(label, self._opener(entry))

    def _opener(self, entry: RecentFile) -> Callable[[], None]:
        return lambda: self._open_recent(entry.kind, entry.path)

    def _open_recent(self, kind: str, path: Path) -> None:
        if kind == "project":
            self.open_project(path)
        else:
            self.import_files(**{kind: path})

    def drop(self, paths: Sequence[Path]) -> None:
        """Dropped tables are told apart by their headings; a dropped pair imports as one."""
        projects = [p for p in paths if p.suffix.lower() == PROJECT_SUFFIX]
        if projects:
            self.open_project(projects[0])
            return
        from etprio.gui.panels.import_preview import guess_kind

        kinds = {guess_kind(p): p for p in paths[:2]}
        self.import_files(bids=kinds.get("bids"), survey=kinds.get("survey"))

    def _start_dir(self) -> str:
        folder = self._settings.last_directory()
        return str(folder) if folder and folder.is_dir() else str(Path.home())

    # --- export ------------------------------------------------------------------------

    def export_ranking(self, path: Path) -> None:
        """The CONTRACT §5 ranking table of what the window shows, written as ``etprio
        export`` writes it (the funded column once the project has budgets)."""
        from etprio.report.ranking_export import write_ranking

        write_ranking(path, self._session.snapshot())

    def ask_export_ranking(self) -> None:
        name, chosen = QFileDialog.getSaveFileName(
            self._window,
            "Export ranking",
            str(Path(self._start_dir()) / "ranking.csv"),
            "CSV (*.csv);;Excel workbook (*.xlsx)",
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            path = path.with_suffix(".xlsx" if "xlsx" in chosen else ".csv")
        try:
            self.export_ranking(path)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot export", str(exc))
            return
        self.message.emit(f"Ranking written to {path}")

    def ask_export_pdf(self, *, public: bool = False) -> None:
        """Ask for the file name only: everything else comes from the project (CONTRACT
        §4: the export actions ask for nothing but where to write)."""
        title = "Export public edition" if public else "Export submission PDF"
        suggested = "submission-public.pdf" if public else "submission.pdf"
        name, _ = QFileDialog.getSaveFileName(
            self._window, title, str(Path(self._start_dir()) / suggested), "PDF (*.pdf)"
        )
        if name:
            self.export_pdf(Path(name).with_suffix(".pdf"), public=public)

    def export_pdf(self, path: Path, *, public: bool = False) -> None:
        """Write the submission for what the window shows, on the PDF worker, through the
        same function as ``etprio report`` (reportlab loads only now: startup stays fast).
        Cancel leaves no file: the PDF is written only once whole."""
        from etprio.report.pdf.project_content import write_submission

        workspace = self._session.snapshot()
        edition = "public edition" if public else "submission PDF"
        self.message.emit(f"Writing {path.name}…")

        def work(state: TaskState) -> None:
            write_submission(path, workspace, public=public, state=state)

        def done(_result: object) -> None:
            self.message.emit(f"The {edition} was written to {path}")

        def failed(message: str) -> None:
            self.message.emit("")
            QMessageBox.warning(self._window, "Cannot write the PDF", message)

        def cancelled() -> None:
            self.message.emit(f"The {edition} was not written")

        self.pdf_worker.start(work, done, failed, cancelled)
