"""Templates practices fill in (``etprio template``): the contract's headings with labels,
instructions, drop-downs, 0–5 and date checks, £ and % formats, a frozen heading row —
and a filled-in template imports with no problem at all."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from etprio.cli import main
from etprio.core.errors import FileAccessError, ImportFailed, UsageError
from etprio.core.model import SchemeType
from etprio.core.tables.import_columns import BID_COLUMNS, heading_key, survey_columns
from etprio.core.tables.importing import inspect_files, read_bids, read_survey
from etprio.core.tables.templates import HEADING_ROW, bid_fields, survey_fields, write_template
from tests.core.import_builders import ASSESSED, SCALES


def _headings(sheet) -> list[str]:
    return [cell.value for cell in sheet[HEADING_ROW] if cell.value]


def _fill(sheet, rows: list[dict[str, object]]) -> None:
    columns = {heading: index for index, heading in enumerate(_headings(sheet), start=1)}
    by_name = {heading.rsplit("(", 1)[1].rstrip(")"): index for heading, index in columns.items()}
    for offset, row in enumerate(rows, start=HEADING_ROW + 1):
        for name, value in row.items():
            sheet.cell(offset, by_name[name], value)


def test_every_heading_is_the_contracts_column_under_its_label() -> None:
    lookup = {heading_key(s): c.name for c in BID_COLUMNS for s in (c.name, *c.aliases)}
    fields = bid_fields()
    assert [f.name for f in fields] == [c.name for c in BID_COLUMNS]
    assert all(lookup[heading_key(f.heading)] == f.name for f in fields)
    survey = survey_columns(SCALES)
    lookup = {heading_key(s): c.name for c in survey for s in (c.name, *c.aliases)}
    assert [f.name for f in survey_fields(SCALES)] == [c.name for c in survey]
    assert all(lookup[heading_key(f.heading)] == f.name for f in survey_fields(SCALES))


def test_the_bids_template_carries_checks_formats_and_instructions(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template("bids", tmp_path / "bids.xlsx", SCALES))
    assert book.sheetnames == ["Instructions", "bids"]
    sheet = book["bids"]
    assert sheet.freeze_panes == f"B{HEADING_ROW + 1}"
    headings = _headings(sheet)
    assert headings[:3] == ["Bid ID (bid_id)", "Scheme name (title)", "ODS code (practice_code)"]
    letter = {
        heading.rsplit("(", 1)[1].rstrip(")"): openpyxl.utils.get_column_letter(index)
        for index, heading in enumerate(headings, start=1)
    }
    rules = {
        str(rule.sqref).split(":")[0].rstrip("0123456789"): rule
        for rule in sheet.data_validations.dataValidation
    }
    assert rules[letter["scheme_type"]].formula1 == '"estates,technology"'
    assert rules[letter["planning_status"]].formula1 == '"none,applied,granted,not_required"'
    assert rules[letter["land_secured"]].formula1 == '"yes,no"'
    score = rules[letter["access_score"]]
    assert (score.type, score.formula1, score.formula2) == ("decimal", "0", "5")
    assert rules[letter["expected_completion"]].type == "date"
    first = HEADING_ROW + 1
    assert sheet[f"{letter['capital_cost_gbp']}{first}"].number_format == '"£"#,##0'
    assert sheet[f"{letter['grant_pct']}{first}"].number_format == "0%"
    assert sheet[f"{letter['expected_completion']}{first}"].number_format == "dd/mm/yyyy"
    guidance = [row[1] for row in book["Instructions"].iter_rows(values_only=True)]
    assert "capital_cost_gbp" in guidance


def _bids() -> list[dict[str, object]]:
    estates = {
        "bid_id": "B01",
        "title": "Hub extension",
        "practice_code": "A81001",
        "scheme_type": "estates",
        "premises_id": "P1",
        "capital_cost_gbp": 1_250_000,
        "grant_pct": 0.66,
        "recurrent_revenue_gbp": 15_000,
        "expected_completion": datetime(2017, 3, 31),
        "land_secured": "yes",
        "planning_status": "granted",
        "access_score": 4,
        "capacity_score": 3.5,
        "training_score": 2,
        "wider_services_score": 5,
        "engagement_score": 3,
        "population_benefit": 12000,
        "notes": "Partner GP sits on the PCCC",
    }
    technology = {
        "bid_id": "T01",
        "title": "Online consultations",
        "practice_code": "A81002",
        "scheme_type": "technology",
        "capital_cost_gbp": 40_000,
        "grant_pct": 1,
        "expected_completion": datetime(2016, 12, 1),
        "access_score": 5,
        "capacity_score": 2,
        "training_score": 0,
        "wider_services_score": 3,
        "ig_score": 4,
        "depends_on": "B01",
    }
    return [estates, technology]


def test_a_filled_bids_template_imports_with_no_warnings(tmp_path: Path) -> None:
    path = write_template("bids", tmp_path / "bids.xlsx", SCALES)
    book = openpyxl.load_workbook(path)
    _fill(book["bids"], _bids())
    book["bids"].cell(HEADING_ROW, 1, "Our reference (bid_id)")  # relabelled by a practice
    book.save(path)
    from etprio.core.model import Premises

    bids, warnings = read_bids(path, (Premises("P1", "A81001"),), assessment_date=ASSESSED)
    assert warnings == ()
    assert [(b.bid_id, b.grant_pct, b.scheme_type) for b in bids] == [
        ("B01", 66.0, SchemeType.ESTATES),
        ("T01", 100.0, SchemeType.TECHNOLOGY),
    ]
    assert bids[0].capital_cost_gbp == 1_250_000 and bids[0].scores["capacity_score"] == 3.5
    assert bids[1].depends_on == ("B01",)
    (source,) = inspect_files(path, None, SCALES).sources
    assert str(source) == "bids read from sheet 'bids', headings on row 3"


def test_a_filled_survey_template_imports_with_no_warnings(tmp_path: Path) -> None:
    path = write_template("survey", tmp_path / "survey.xlsx", SCALES)
    book = openpyxl.load_workbook(path)
    row = {
        "premises_id": "P1",
        "practice_code": "A81001",
        "premises_name": "Vale Surgery",
        "survey_date": datetime(2015, 3, 12),
        "physical_condition": "B(C)",
        "functional_suitability": "C",
        "space_utilisation": "O",
        "quality": "B",
        "statutory_compliance": "D",
        "environmental_management": "A",
        "gia_m2": 640,
        "backlog_cost_gbp": 85_000,
        "current_rent_gbp": 42_000,
        "list_size": 7400,
    }
    _fill(book["survey"], [row])
    book.save(path)
    (premises,), warnings = read_survey(path, SCALES, assessment_date=ASSESSED)
    assert warnings == ()
    assert premises.grades["physical_condition"] == "B(C)" and premises.list_size == 7400


def test_an_unfilled_template_says_it_has_no_rows(tmp_path: Path) -> None:
    path = write_template("bids", tmp_path / "bids.xlsx", SCALES)
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, None)
    (problem,) = failed.value.problems
    assert problem.row == HEADING_ROW and "no rows of data" in problem.message


def test_template_refuses_an_unknown_kind_and_an_unwritable_path(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_template("members", tmp_path / "m.xlsx", SCALES)
    with pytest.raises(FileAccessError):
        write_template("bids", tmp_path / "missing" / "b.xlsx", SCALES)


def test_template_command_writes_the_workbook(tmp_path: Path, capsys) -> None:
    out = tmp_path / "survey.xlsx"
    assert main(["template", "survey", "-o", str(out)]) == 0
    assert openpyxl.load_workbook(out).sheetnames == ["Instructions", "survey"]
    assert main(["template", "bids", "-o", str(tmp_path / "no" / "b.xlsx")]) == 4
