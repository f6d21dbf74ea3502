"""The import preview on a workbook as practices send it: it says which sheet and heading
row were read, shows the user's own headings, wraps long messages, copies and saves."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from etprio.core.problems import Problem, Severity
from etprio.core.tables.importing import check_files
from etprio.core.tables.scales import load_scales
from etprio.gui.models.problems import ProblemsModel
from etprio.gui.panels.import_preview import ImportPreviewDialog
from tests.core.import_builders import bid_row
from tests.messy_workbooks import bids_sheet, cover, workbook


def _messy(tmp_path: Path) -> Path:
    rows = [
        bid_row(bid_id="B1", grant_pct="120%"),
        bid_row(bid_id="B2", expected_completion="when the builders finish"),
    ]
    return workbook(
        tmp_path / "ETTF bids.xlsx",
        [("Cover", cover), ("ETTF Bids 2017", lambda s: bids_sheet(s, rows))],
    )


def test_preview_names_the_sheet_and_row_and_the_users_headings(qtbot, tmp_path: Path) -> None:
    path = _messy(tmp_path)
    dialog = ImportPreviewDialog("bids", [path], check_files(path, None, load_scales()))
    qtbot.addWidget(dialog)
    assert dialog.sources.text() == (
        "ETTF bids.xlsx: bids read from sheet 'ETTF Bids 2017', headings on row 3"
    )
    shown = {dialog.table.model().index(r, 3).data() for r in range(dialog.model.rowCount())}
    assert "G 'Grant %' (grant_pct)" in shown
    assert "I 'Completion Date' (expected_completion)" in shown
    assert dialog.table.wordWrap()
    assert not dialog.import_button.isEnabled()


def test_copy_and_save_keep_the_heading_in_its_own_column(qtbot, tmp_path: Path) -> None:
    path = _messy(tmp_path)
    dialog = ImportPreviewDialog("bids", [path], check_files(path, None, load_scales()))
    qtbot.addWidget(dialog)
    dialog.copy_all()
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t") == ["Severity", "File", "Row", "Column", "Heading", "Message"]
    assert any("\tgrant_pct\tG 'Grant %'\t" in line for line in lines)
    out = tmp_path / "problems.csv"
    dialog.export_csv(out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    grant = next(row for row in rows if row["Column"] == "grant_pct")
    assert (grant["Row"], grant["Heading"]) == ("4", "G 'Grant %'")


def test_a_long_message_wraps_within_the_dialog(qtbot) -> None:
    long = "premises 'P007' is not in the survey; " * 12
    dialog = ImportPreviewDialog("bids", [Path("bids.csv")], [Problem("bids.csv", 2, "x", long)])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.horizontalHeader().length() <= table.viewport().width() + 1
    assert table.rowHeight(0) > 2 * table.fontMetrics().height()


def test_problems_model_shows_the_heading_and_passes_the_tester(qtmodeltester) -> None:
    problems = [
        Problem("bids.xlsx", 4, "grant_pct", "grant % 120 is outside 0–100", heading="G 'Grant %'"),
        Problem("bids.xlsx", 1, "-", "unknown columns are ignored", Severity.WARNING),
    ]
    model = ProblemsModel(problems)
    qtmodeltester.check(model)
    assert model.index(0, 3).data() == "G 'Grant %' (grant_pct)"
    assert model.index(1, 3).data() == "-"
