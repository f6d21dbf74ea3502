"""File menu actions that hand workbooks out and take them back: blank templates for
practices (File → New template…) and members' scoring packs (File → Export scoring
packs… / Import scoring packs…). The work is the core's (:mod:`etprio.core.tables.templates`,
:mod:`etprio.core.project.scoring_packs`); this module only asks for files and shows results.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMenu, QMessageBox, QWidget

from etprio.core.errors import EtprioError
from etprio.core.problems import Problem, Severity
from etprio.gui.session import Session

if TYPE_CHECKING:
    from etprio.core.project.commands import ProjectCommand
    from etprio.gui.panels.import_preview import ImportPreviewDialog

TEMPLATE_KINDS = {"Bids": "bids", "Six-facet survey": "survey"}


class WorkbookActions(QObject):
    """The three actions and what they do; ``run_command`` puts a project command on
    the window's undo stack (and so in the decision log)."""

    message = Signal(str)

    def __init__(
        self,
        window: QWidget,
        session: Session,
        run_command: Callable[[ProjectCommand], None],
    ) -> None:
        super().__init__(window)
        self._window, self._session, self._run = window, session, run_command
        self.preview: ImportPreviewDialog | None = None

    def add_to(self, menu: QMenu) -> None:
        """Append the actions to ``menu`` (the File menu), after a separator."""
        menu.addSeparator()
        for text, slot, name, tip in (
            ("New &template…", self.ask_template, "newTemplateAction",
             "Write a blank bids or survey workbook for practices to fill in"),
            ("E&xport scoring packs…", self.ask_export_packs, "exportScoringPacksAction",
             "Write one workbook per voting member for scoring the bids offline"),
            ("I&mport scoring packs…", self.ask_import_packs, "importScoringPacksAction",
             "Read members' returned scoring packs into the committee's scores"),
        ):  # fmt: skip
            action = QAction(text, menu)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            menu.addAction(action)

    # --- templates -----------------------------------------------------------------

    def ask_template(self) -> None:
        label, ok = QInputDialog.getItem(
            self._window, "New template", "Template for:", list(TEMPLATE_KINDS), 0, False
        )
        if not ok:
            return
        kind = TEMPLATE_KINDS[label]
        name, _ = QFileDialog.getSaveFileName(
            self._window, "Save template", f"{kind}-template.xlsx", "Excel workbooks (*.xlsx)"
        )
        if name:
            self.write_template(kind, Path(name))

    def write_template(self, kind: str, path: Path) -> bool:
        from etprio.core.tables.templates import write_template

        try:
            write_template(kind, path, self._session.data.scales)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot write the template", str(exc))
            return False
        self.message.emit(f"Template written to {path}")
        return True

    # --- scoring packs ---------------------------------------------------------------

    def ask_export_packs(self) -> None:
        if self._session.data.project is None:
            self.message.emit("Scoring packs belong to a project: save these bids as one first")
            return
        folder = QFileDialog.getExistingDirectory(self._window, "Folder for the scoring packs")
        if not folder:
            return
        deadline, ok = QInputDialog.getText(
            self._window,
            "Return deadline",
            "Packs must be back by (e.g. 2016-06-20 or 2016-06-20 17:00 UTC; blank for none):",
        )
        if ok:
            self.export_packs(Path(folder), deadline)

    def export_packs(self, folder: Path, deadline: str = "") -> list[Path]:
        """Issue the packs; the issue (with its deadline) goes into the decision log."""
        from etprio.core.project.scoring_packs import issue_packs, parse_deadline

        project = self._session.data.project
        assert project is not None
        try:
            paths = issue_packs(project, folder, deadline=parse_deadline(deadline))
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot write the scoring packs", str(exc))
            return []
        self._session.project_changed()
        self.message.emit(f"{len(paths)} scoring packs written to {folder}")
        return paths

    def ask_import_packs(self) -> None:
        if self._session.data.project is None:
            self.message.emit("Scoring packs belong to a project: open the project first")
            return
        names, _ = QFileDialog.getOpenFileNames(
            self._window, "Returned scoring packs", "", "Excel workbooks (*.xlsx)"
        )
        if names:
            self.import_packs([Path(name) for name in names])

    def import_packs(self, paths: Sequence[Path]) -> ImportPreviewDialog | None:
        """Preview what came back — refused, late, changed and missing packs — and
        import the scores from a preview without errors, one minuted step per pack."""
        from etprio.core.project.scoring_pack_returns import check_returns, import_commands
        from etprio.core.tables.tabular import FILE_COLUMN
        from etprio.gui.panels.import_preview import ImportPreviewDialog

        project = self._session.data.project
        assert project is not None
        try:
            returns = check_returns(project, paths)
        except EtprioError as exc:
            QMessageBox.warning(self._window, "Cannot read the scoring packs", str(exc))
            return None
        missing = [
            Problem(
                "-",
                1,
                FILE_COLUMN,
                f"no pack returned yet by {project.committee.name_of(member_id)} ({member_id})",
                Severity.WARNING,
            )
            for member_id in returns.missing
        ]
        unchanged = [
            Problem(
                "-",
                1,
                FILE_COLUMN,
                f"{project.committee.name_of(m)}'s pack is already imported and unchanged",
                Severity.WARNING,
            )
            for m in returns.unchanged
        ]
        problems = [*returns.problems, *unchanged, *missing]
        dialog = ImportPreviewDialog("scoring packs", paths, problems, self._window)
        dialog.import_button.setEnabled(dialog.import_button.isEnabled() and bool(returns.packs))

        def run() -> None:
            for command in import_commands(returns):
                self._run(command)
            self.message.emit(f"Scores imported from {len(returns.packs)} scoring packs")

        dialog.accepted.connect(run)
        dialog.finished.connect(dialog.deleteLater)
        self.preview = dialog
        dialog.open()
        return dialog
