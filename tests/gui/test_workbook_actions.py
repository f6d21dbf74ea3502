"""File → New template…, Export scoring packs… and Import scoring packs… in the real
window: packs go out, come back filled, and the Committee tab shows each bid's median and
spread as computed by hand."""

from __future__ import annotations

import statistics
from pathlib import Path

import openpyxl
from PySide6.QtGui import QAction

from etprio.core.project.scoring_packs import HEADING_ROW, SCORES_SHEET
from etprio.gui.main_window import MainWindow


def _fill(path: Path, scores: dict[str, float]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES_SHEET]
    for row in range(HEADING_ROW + 1, sheet.max_row + 1):
        bid_id = sheet.cell(row, 1).value
        if bid_id in scores:
            sheet.cell(row, 6, scores[bid_id])  # access_score, the first score column
    book.save(path)


def test_the_file_menu_offers_templates_and_scoring_packs(main_window: MainWindow) -> None:
    for name in ("newTemplateAction", "exportScoringPacksAction", "importScoringPacksAction"):
        assert main_window.findChild(QAction, name) is not None


def test_new_template_writes_a_workbook(main_window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "survey-template.xlsx"
    assert main_window.workbooks.write_template("survey", path)
    assert openpyxl.load_workbook(path).sheetnames == ["Instructions", "survey"]


def test_scoring_packs_round_trip_into_the_committee_tab(
    main_window: MainWindow, tmp_path: Path
) -> None:
    actions = main_window.workbooks
    paths = {p.name.split("-")[2]: p for p in actions.export_packs(tmp_path, "2030-06-20")}
    assert sorted(paths) == ["M01", "M02", "M03", "M04", "M05", "M06"]
    project = main_window.session.data.project
    assert project.log.entries[-1].details["scoring_packs"]["deadline"] == "2030-06-20T23:59:59Z"
    given = {
        "M01": {"EV04": 4, "EV05": 2},
        "M02": {"EV04": 3, "EV05": 5},
        "M03": {"EV04": 1, "EV05": 4},
        "M05": {"EV04": 5, "EV05": 3},
    }
    for member, scores in given.items():
        _fill(paths[member], scores)
    dialog = actions.import_packs([paths[m] for m in given])
    assert dialog is not None and dialog.import_button.isEnabled()
    missing = [p.message for p in dialog.model.problems if "no pack returned" in p.message]
    assert len(missing) == 2  # M04 and M06
    dialog.accept()
    spread = main_window.committee_panel.spread
    rows = {(r.summary.bid_id, r.summary.column): r.summary for r in spread.rows}
    for bid_id in ("EV04", "EV05"):
        values = [scores[bid_id] for scores in given.values()]
        summary = rows[(bid_id, "access_score")]
        assert summary.value == statistics.median(values)
        assert (summary.minimum, summary.maximum, summary.n) == (min(values), max(values), 4)
    assert main_window.undo_stack.count() == 4
