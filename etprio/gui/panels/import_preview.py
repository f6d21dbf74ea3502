"""The import preview: every problem in a file, with its row and column, before anything
is imported (CONTRACT §1.3: all or nothing).

While any error is listed the Import button stays disabled; warnings are shown but do not
block. The preview says which sheet and heading row each table was read from (CONTRACT
§1), wraps long messages, and the list can be copied (for an email to the practice) or
saved as CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.problems import Problem
from etprio.gui.models import Role
from etprio.gui.models.problems import EXPORT_HEADERS, HEADERS, ProblemsModel, problem_cells

KIND_NOUNS = {"bids": "bids", "survey": "six-facet survey"}
WRAPPED_ROWS_LIMIT = 2_000
"""Above this many problems rows keep one line each: sizing every row to its wrapped
text would keep a file with an error on each of 10,000 rows from opening promptly."""


def guess_kind(path: Path) -> str:
    """``bids`` or ``survey`` for a dropped file, from its headings: only a bids table has
    a bid id column. A file that cannot be read is treated as bids; the preview then says
    what is wrong with it."""
    from etprio.core.errors import EtprioError
    from etprio.core.tables.import_columns import BID_COLUMNS, heading_key
    from etprio.core.tables.tabular import read_table

    bid_id = next(column for column in BID_COLUMNS if column.name == "bid_id")
    spellings = {heading_key(s) for s in (bid_id.name, *bid_id.aliases)}
    try:
        table = read_table(path, sheet="bids")
    except EtprioError:
        return "bids"
    return "bids" if any(heading_key(h) in spellings for h in table.header) else "survey"


def problems_as_text(problems: Sequence[Problem]) -> str:
    """Tab-separated with a header row, so it pastes into a spreadsheet as columns."""
    lines = ["\t".join(EXPORT_HEADERS)]
    lines += ["\t".join(str(cell) for cell in problem_cells(p)) for p in problems]
    return "\n".join(lines)


class ImportPreviewDialog(QDialog):
    """Shows ``problems`` for ``paths``; accepted only when there are no errors."""

    def __init__(
        self,
        kind: str,
        paths: Sequence[Path],
        problems: Sequence[Problem],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        noun = KIND_NOUNS.get(kind, kind)
        self.setWindowTitle(f"Import {noun} — preview")
        self.model = ProblemsModel(problems, self)
        errors = sum(p.is_error for p in problems)
        warnings = len(problems) - errors

        names = ", ".join(p.name for p in paths)
        self.sources = QLabel("\n".join(_sources(kind, paths)))
        self.sources.setObjectName("importSources")
        self.sources.setWordWrap(True)
        self.sources.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        summary = QLabel()
        summary.setObjectName("importSummary")
        summary.setWordWrap(True)
        summary.setProperty("hasErrors", errors > 0)
        if errors:
            summary.setText(
                f"{names}: {errors} error(s) and {warnings} warning(s). Nothing will be "
                "imported until every error is fixed in the file."
            )
        elif warnings:
            summary.setText(f"{names}: no errors, {warnings} warning(s). You can import it.")
        else:
            summary.setText(f"{names}: no problems found. Ready to import.")

        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(Role.SORT)
        self.table = QTableView()
        self.table.setObjectName("problemsTable")
        self.table.setAccessibleName("Problems found in the file")
        self.table.setModel(proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HEADERS.index("Message"), QHeaderView.ResizeMode.Stretch)
        wrapped = len(problems) <= WRAPPED_ROWS_LIMIT
        self.table.setWordWrap(wrapped)
        if wrapped:
            rows = self.table.verticalHeader()
            rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(1, len({p.file for p in problems}) <= 1)

        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(errors == 0)
        if errors:
            self.import_button.setToolTip("Fix the errors in the file first, then import again")
        copy = QPushButton("Copy all")
        copy.clicked.connect(self.copy_all)
        export = QPushButton("Save as CSV…")
        export.clicked.connect(self._ask_export)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(export, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Copy, self.table, self.copy_selected)

        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.sources)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 420)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.model.problems)

    def accept(self) -> None:
        if not self.has_errors:
            super().accept()

    def copy_all(self) -> None:
        QGuiApplication.clipboard().setText(problems_as_text(self.model.problems))

    def copy_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        chosen = [self.table.model().index(r, 0).data(Role.RAW) for r in rows]
        QGuiApplication.clipboard().setText(problems_as_text(chosen or self.model.problems))

    def export_csv(self, path: Path) -> None:
        """Write the problems as CSV (formulas neutralised, CONTRACT §5)."""
        from etprio.report.tables import write_table

        write_table(path, EXPORT_HEADERS, [list(problem_cells(p)) for p in self.model.problems])

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save problems as CSV", "problems.csv", "CSV files (*.csv)"
        )
        if name:
            self.export_csv(Path(name))


def _sources(kind: str, paths: Sequence[Path]) -> list[str]:
    """Where each table was found: both files imported together are bids then survey."""
    from etprio.core.tables.importing import locate_table

    if kind not in KIND_NOUNS:
        return []
    kinds = ("bids", "survey") if len(paths) > 1 else (kind,)
    found = (locate_table(path, k) for path, k in zip(paths, kinds, strict=False))
    return [f"{Path(source.file).name}: {source}" for source in found if source]


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from etprio.core.resources import demo_bids_path
    from etprio.core.tables.importing import check_files
    from etprio.core.tables.scales import load_scales

    app = QApplication(sys.argv)
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else demo_bids_path()
    dialog = ImportPreviewDialog("bids", [path], check_files(path, None, load_scales()))
    dialog.show()
    sys.exit(app.exec())
