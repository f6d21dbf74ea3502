"""File → Report settings: the CCG's name and code, the document's version and protective
marking, and the CCG's logo for the cover, kept in the project (CONTRACT §6) so that the
app's submission and ``etprio report --project`` print the same cover.

The dialog only builds a :class:`~etprio.core.project.commands.ChangeSettings`; the window
runs it through the undo stack, so a change of cover is minuted like any other.
"""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from etprio.core.project.commands import ChangeSettings
from etprio.core.project.settings import ReportSettings
from etprio.core.project.state import Project

MARKINGS = ("OFFICIAL-SENSITIVE", "OFFICIAL", "OFFICIAL-SENSITIVE: COMMERCIAL")


class ReportSettingsDialog(QDialog):
    """The cover's settings for ``project``; :meth:`command` is the change to run."""

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportSettingsDialog")
        self.setWindowTitle("Report settings")
        self._project = project
        report = project.settings.report
        form = QFormLayout(self)
        self.ccg_name = self._line(form, "CCG &name:", report.ccg_name, "reportCcgName")
        self.ccg_name.setPlaceholderText("e.g. NHS Example Vale CCG")
        self.ccg_code = self._line(form, "CCG &code:", report.ccg_code, "reportCcgCode")
        self.ccg_code.setPlaceholderText("e.g. 99X")
        self.version = self._line(form, "Document &version:", report.version, "reportVersion")
        self.marking = QComboBox()
        self.marking.setObjectName("reportMarking")
        self.marking.setEditable(True)
        self.marking.addItems(MARKINGS)
        self.marking.setCurrentText(report.protective_marking)
        self.marking.setAccessibleName("Protective marking")
        form.addRow("Protective &marking:", self.marking)
        logo_row = QHBoxLayout()
        self.logo = QLineEdit(report.logo)
        self.logo.setObjectName("reportLogo")
        self.logo.setAccessibleName("Logo file")
        self.logo.setPlaceholderText("none: the cover shows the CCG's name only")
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(browse)
        form.addRow("CCG &logo (PNG or JPEG):", logo_row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _line(form: QFormLayout, label: str, value: str, name: str) -> QLineEdit:
        field = QLineEdit(value)
        field.setObjectName(name)
        field.setAccessibleName(label.replace("&", "").rstrip(":"))
        form.addRow(label, field)
        return field

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "The CCG's logo", self.logo.text(), "Images (*.png *.jpg *.jpeg)"
        )
        if name:
            self.logo.setText(name)

    def settings(self) -> ReportSettings:
        return replace(
            self._project.settings.report,
            ccg_name=self.ccg_name.text().strip(),
            ccg_code=self.ccg_code.text().strip().upper(),
            version=self.version.text().strip() or "1.0",
            protective_marking=self.marking.currentText().strip() or MARKINGS[0],
            logo=self.logo.text().strip(),
        )

    def command(self) -> ChangeSettings | None:
        """The change to run, or None when nothing was changed."""
        report = self.settings()
        if report == self._project.settings.report:
            return None
        settings = replace(self._project.settings, report=report)
        return ChangeSettings(settings, rationale="report settings")


if __name__ == "__main__":
    from PySide6.QtWidgets import QApplication

    from etprio.core.project.demo_project import demo_project

    app = QApplication(sys.argv)
    dialog = ReportSettingsDialog(demo_project())
    dialog.show()
    sys.exit(app.exec())
