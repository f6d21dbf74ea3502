"""The Log tab (DESIGN "Governance"): every decision with its time, who made it and why,
filterable by action and words, exportable for the minutes, with the state of the hash
chain shown above it — a broken chain means the file was edited outside etprio.

Run it alone on the demo with ``python -m etprio.gui.panels.log``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from etprio.core.errors import EtprioError
from etprio.core.project.decision_log import (
    LOG_COLUMNS,
    Action,
    VerifyResult,
    log_rows,
    verify_chain,
)
from etprio.core.project.seal import unaccepted_problem
from etprio.core.project.state import Project
from etprio.gui import style
from etprio.gui.models.log import LogFilter, LogModel
from etprio.gui.panels.page_layout import TableFit, out_of_sight
from etprio.gui.panels.record_tables import record_table

WHO, WHAT = 2, 4
MEETING_WIDTHS: dict[int, str | int] = {
    0: "9999",
    1: "2026-12-03",  # the time wraps under the date
    3: max((word for a in Action for word in a.value.split("_")), key=len),
    5: 22,  # characters: a rationale wraps to two lines, in full in its tooltip
}
"""Meeting mode's columns, each a line or two wide; what was decided takes the rest."""


class LogPanel(QWidget):
    def __init__(self, project: Project | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("logPanel")
        self.project = project
        self.check: VerifyResult | None = None
        self._stale = False
        self.model = LogModel(self)
        self.filter = LogFilter(self)
        self.filter.setSourceModel(self.model)

        self.chain = QLabel()
        self.chain.setObjectName("chainStatus")
        self.chain.setWordWrap(True)
        self.action = QComboBox()
        self.action.setAccessibleName("Show entries of one action")
        self.action.addItem("All actions", "")
        for action in Action:
            self.action.addItem(action.value.replace("_", " ").capitalize(), action.value)
        self.action.currentIndexChanged.connect(
            lambda _: self.filter.set_action(self.action.currentData())
        )
        self.words = QLineEdit()
        self.words.setPlaceholderText("Filter by member, bid or words…")
        self.words.setClearButtonEnabled(True)
        self.words.setAccessibleName("Filter the log")
        self.words.textChanged.connect(self.filter.set_text)
        export = QPushButton("&Export CSV…")
        export.setObjectName("exportLogButton")
        export.clicked.connect(self._ask_export)
        bar = QHBoxLayout()
        bar.addWidget(self.action)
        bar.addWidget(self.words, 1)
        bar.addWidget(export)

        self.table = record_table("logTable", "Decision log", self.filter)
        self._fit = TableFit.of(self.table)

        layout = QVBoxLayout(self)
        layout.addWidget(self.chain)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        if project is not None:
            self.set_project(project)

    def set_project(self, project: Project) -> None:
        self.project = project
        self.refresh()

    def set_meeting_columns(self, meeting: bool) -> None:
        """Meeting mode: who recorded each entry goes to its tooltip, and the rest wrap to
        two lines across the projector's width rather than scroll sideways."""
        self.table.setColumnHidden(WHO, meeting)
        self._fit.set_compact(WHAT if meeting else None, MEETING_WIDTHS)

    def refresh(self) -> None:
        """Show new entries (appended rows, never a reset) and re-check the chain; on a
        hidden tab, when the tab is next shown (every weight change adds an entry)."""
        if self.project is None:
            return
        if out_of_sight(self):
            self._stale = True
            return
        self._stale = False
        log = self.project.log
        self.check = verify_chain(log.entries)
        self.model.set_log(log, self.check)
        failed = unaccepted_problem(self.project)
        if failed:
            self.chain.setText(
                f"✘ The project file failed its seal check when it was opened (the same "
                f"check as etprio verify): {failed}. It cannot be saved until its current "
                "contents are accepted."
            )
            self.chain.setStyleSheet(f"color:{style.ERROR_TEXT}; font-weight:bold;")
        elif self.check.ok:
            self.chain.setText(
                f"✔ Decision log intact: {self.check.entries} entries, each "
                "chained to the one before."
            )
            self.chain.setStyleSheet("")
        else:
            self.chain.setText(
                f"✘ Decision log broken at entry {self.check.first_broken}: "
                f"{self.check.problem}. The file was edited outside etprio."
            )
            self.chain.setStyleSheet(f"color:{style.ERROR_TEXT}; font-weight:bold;")
        self.table.scrollToBottom()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def export(self, path: Path) -> None:
        """The entries now shown (after filtering) as CSV or XLSX, formulas neutralised
        (CONTRACT §5)."""
        from etprio.report.tables import write_table

        entries = [
            self.model.rows[self.filter.mapToSource(self.filter.index(r, 0)).row()].entry
            for r in range(self.filter.rowCount())
        ]
        write_table(path, LOG_COLUMNS, log_rows(entries))

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the decision log", "decision-log.csv", "CSV (*.csv);;Excel (*.xlsx)"
        )
        if not name:
            return
        try:
            self.export(Path(name))
        except EtprioError as exc:
            self.chain.setText(str(exc))


def main() -> int:
    from etprio.gui.panels.project_preview import run_project_preview

    return run_project_preview(LogPanel, "Decision log")


if __name__ == "__main__":
    sys.exit(main())
