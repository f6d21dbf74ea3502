"""Finding the table in workbooks made the way practice managers make them (CONTRACT §1):
title rows, cover sheets, any sheet order and name, merged titles, odd heading spelling,
hidden sheets; and problems that speak the user's headings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.cli import main
from etprio.core.errors import ImportFailed
from etprio.core.matching import normalise
from etprio.core.model import Premises
from etprio.core.tables.importing import inspect_files, locate_table, read_bids, read_survey
from etprio.core.tables.table_location import HEADER_SEARCH_ROWS, choose_sheet
from etprio.core.tables.tabular import read_table
from tests.core.import_builders import (
    ASSESSED,
    SCALES,
    SURVEYED,
    bid_row,
    survey_row,
    tech_row,
)
from tests.messy_workbooks import TITLE, USER_HEADINGS, bids_sheet, cover, sheet_rows, workbook

ROWS = [bid_row(bid_id="B1"), bid_row(bid_id="B2", premises_id="P2"), tech_row(bid_id="T1")]


def testcover_sheet_first_and_title_rows_above_the_headings(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "bids.xlsx",
        [("Cover", cover), ("ETTF Bids 2017", lambda s: bids_sheet(s, ROWS))],
    )
    bids, warnings = read_bids(path, SURVEYED, assessment_date=ASSESSED)
    assert [b.bid_id for b in bids] == ["B1", "B2", "T1"]
    assert [p for p in warnings if "estates" not in p.message] == []
    source = locate_table(path, "bids")
    assert str(source) == "bids read from sheet 'ETTF Bids 2017', headings on row 3"


@pytest.mark.parametrize("order", [0, 1, 2])
def test_the_bids_sheet_is_found_in_any_position_even_hidden(tmp_path: Path, order: int) -> None:
    sheets = [("Cover", cover), ("Notes", lambda s: s.cell(2, 2, "see email"))]
    sheets.insert(order, ("Submissions", lambda s: bids_sheet(s, ROWS, title_rows=order)))
    path = workbook(tmp_path / "b.xlsx", sheets, hidden=["Submissions"])
    table = read_table(path, sheet="bids")
    assert (table.sheet, table.header_row) == ("Submissions", order + 1)
    assert [row.cells[0] for row in table.rows] == ["B1", "B2", "T1"]


def test_a_sheet_named_bids_wins_over_a_better_match(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "b.xlsx",
        [
            ("All bids", lambda s: bids_sheet(s, ROWS)),
            ("BIDS", lambda s: bids_sheet(s, ROWS[:1])),
        ],
    )
    assert read_table(path, sheet="bids").sheet == "BIDS"


def test_two_matching_sheets_warn_naming_both(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "b.xlsx",
        [
            ("Bids 2017", lambda s: bids_sheet(s, ROWS)),
            ("Copy of Bids 2017", lambda s: bids_sheet(s, ROWS)),
        ],
    )
    _, warnings = read_bids(path, SURVEYED)
    ambiguous = [p for p in warnings if "both hold" in p.message]
    assert len(ambiguous) == 1
    assert "'Bids 2017'" in ambiguous[0].message
    assert "'Copy of Bids 2017'" in ambiguous[0].message
    assert ambiguous[0].row == 3


def test_a_visible_sheet_beats_a_hidden_copy(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "b.xlsx",
        [("Old", lambda s: bids_sheet(s, ROWS)), ("New", lambda s: bids_sheet(s, ROWS))],
        hidden=["Old"],
    )
    assert read_table(path, sheet="bids").sheet == "New"


def test_survey_and_bids_in_one_workbook_each_find_their_sheet(tmp_path: Path) -> None:
    def survey(sheet) -> None:
        sheet["A1"] = "NHS Property Services six-facet survey"
        for r, values in enumerate(
            sheet_rows([survey_row(), survey_row(premises_id="P2")], {"premises_id": "Site ID"}),
            start=2,
        ):
            for c, value in enumerate(values, start=1):
                sheet.cell(r, c, value)

    path = workbook(
        tmp_path / "ettf.xlsx", [("Six facet", survey), ("Bids", lambda s: bids_sheet(s, ROWS))]
    )
    premises, _ = read_survey(path, SCALES)
    assert [p.premises_id for p in premises] == ["P1", "P2"]
    check = inspect_files(path, path, SCALES)
    assert [str(s) for s in check.sources] == [
        "survey read from sheet 'Six facet', headings on row 2",
        "bids read from sheet 'Bids', headings on row 3",
    ]


def test_csv_title_rows_are_skipped(tmp_path: Path) -> None:
    lines = [TITLE, "", *(",".join(row) for row in sheet_rows(ROWS, {}))]
    path = tmp_path / "bids.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    bids, _ = read_bids(path, SURVEYED)
    assert len(bids) == 3
    assert read_table(path, sheet="bids").header_row == 3


def test_headings_below_the_search_rows_are_not_looked_for(tmp_path: Path) -> None:
    lines = [
        *(f"note {n}" for n in range(HEADER_SEARCH_ROWS)),
        *(",".join(r) for r in sheet_rows(ROWS, {})),
    ]
    path = tmp_path / "bids.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert read_table(path, sheet="bids").header_row == 1


def test_a_heading_row_short_of_a_column_is_still_the_one_reported(tmp_path: Path) -> None:
    rows = [{k: v for k, v in bid_row().items() if k != "title"}]
    path = workbook(tmp_path / "b.xlsx", [("Bids 2017", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    (problem,) = failed.value.problems
    assert (problem.row, problem.column) == (3, "title")
    assert "headings were read from row 3 of sheet 'Bids 2017'" in problem.message


@settings(max_examples=25, deadline=None)
@given(titles=st.integers(0, HEADER_SEARCH_ROWS - 1), blank_first=st.booleans())
def test_any_number_of_title_rows_gives_the_same_bids(titles: int, blank_first: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:

        def fill(sheet) -> None:
            for r in range(titles):
                sheet.cell(r + 1, 1, f"Title line {r}")
            if blank_first and titles:
                sheet.cell(1, 1, None)
            for r, values in enumerate(sheet_rows(ROWS, USER_HEADINGS), start=titles + 1):
                for c, value in enumerate(values, start=2):
                    sheet.cell(r, c, value)

        path = workbook(Path(folder) / "b.xlsx", [("Sheet1", fill)])
        bids, _ = read_bids(path, SURVEYED)
        assert [b.bid_id for b in bids] == ["B1", "B2", "T1"]


# --- the user's words -----------------------------------------------------------------


def test_problems_name_the_users_heading_and_column_letter(tmp_path: Path) -> None:
    rows = [bid_row(grant_pct="120%", expected_completion="soon")]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    found = {p.column: p for p in failed.value.problems if p.is_error}
    grant = found["grant_pct"]
    assert (grant.row, grant.heading, grant.place) == (4, "G 'Grant %'", "G 'Grant %' (grant_pct)")
    assert str(grant).startswith(f"{path}:4:grant_pct: G 'Grant %' (grant_pct): grant % 120")
    assert found["expected_completion"].heading == "I 'Completion Date'"


def test_a_heading_wrapped_in_its_cell_is_shown_on_one_line(tmp_path: Path) -> None:
    rows = [bid_row(capital_cost_gbp="(£5,000)")]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    (problem,) = [p for p in failed.value.problems if p.is_error]
    assert problem.place == "F 'Capital cost (£)' (capital_cost_gbp)"
    assert "\n" not in str(problem)


def test_letters_count_from_where_the_sheet_starts(tmp_path: Path) -> None:
    def fill(sheet) -> None:
        for r, values in enumerate(sheet_rows([bid_row(capital_cost_gbp="lots")], {}), start=1):
            for c, value in enumerate(values, start=3):
                sheet.cell(r, c, value)

    path = workbook(tmp_path / "b.xlsx", [("Bids", fill)])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    (problem,) = [p for p in failed.value.problems if p.is_error]
    assert problem.heading == "H"  # the sixth column, starting at C
    assert problem.place == "H (capital_cost_gbp)"


def test_bids_before_the_survey_give_one_problem_with_advice(tmp_path: Path) -> None:
    rows = [bid_row(bid_id=f"B{n}", premises_id=f"P00{n}") for n in range(1, 8)]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, ())
    (problem,) = [p for p in failed.value.problems if p.is_error]
    assert (problem.row, problem.column) == (3, "premises_id")
    assert "7 bids name premises (P001, P002, P003, P004, P005, …)" in problem.message
    assert "import the survey first" in problem.message


def test_a_survey_holding_none_of_the_premises_is_called_the_wrong_file(tmp_path: Path) -> None:
    rows = [bid_row(bid_id=f"B{n}", premises_id=f"X{n}") for n in range(1, 4)]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, (Premises("P1", "A81001"),))
    (problem,) = [p for p in failed.value.problems if p.is_error]
    assert "none of the premises named by 3 bids (X1, X2, X3) is in the survey" in problem.message


def test_one_unknown_premises_is_still_reported_on_its_row(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="B1"), bid_row(bid_id="B2", premises_id="P9")]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    (problem,) = [p for p in failed.value.problems if p.is_error]
    assert (problem.row, problem.message) == (5, "premises 'P9' is not in the survey")
    assert problem.heading == "E 'Premises ID'"


def test_validate_says_which_sheet_and_row_were_read(tmp_path: Path, capsys) -> None:
    path = workbook(
        tmp_path / "bids.xlsx",
        [("Cover", cover), ("ETTF Bids 2017", lambda s: bids_sheet(s, ROWS))],
    )
    code = main(["validate", "--bids", str(path)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == f"{path}: bids read from sheet 'ETTF Bids 2017', headings on row 3"
    assert out[-1] == "0 error(s), 0 warning(s)"


# --- choosing the sheet, as a property -------------------------------------------------

BID_HEADINGS = sheet_rows([bid_row()], USER_HEADINGS)[0]
SHEET_NAMES = st.text(st.characters(codec="ascii", categories=["L", "N", "Zs"]), min_size=1)


@settings(max_examples=200, deadline=None)
@given(
    names=st.lists(SHEET_NAMES, min_size=1, max_size=6, unique_by=normalise).filter(
        lambda names: "bids" not in {normalise(n) for n in names}
    ),
    data=st.data(),
)
def test_the_sheet_with_the_bid_headings_is_chosen_wherever_it_is(names, data) -> None:
    matching = data.draw(st.sets(st.sampled_from(names), min_size=1))
    hidden = data.draw(st.sets(st.sampled_from(names)))
    samples = {
        name: [[TITLE], [], BID_HEADINGS] if name in matching else [["Notes"], ["see email"]]
        for name in names
    }
    choice = choose_sheet(names, hidden.__contains__, samples.__getitem__, "bids")
    assert choice.name in matching
    visible = [name for name in names if name in matching and name not in hidden]
    assert choice.name == (visible or [n for n in names if n in matching])[0]
    assert (choice.warning is not None) == (len(matching) > 1)
    if choice.warning:
        assert all(repr(name) in choice.warning for name in matching)


def test_a_totals_row_at_the_bottom_is_left_out_with_a_warning(tmp_path: Path) -> None:
    def fill(sheet) -> None:
        bids_sheet(sheet, ROWS)
        last = sheet.max_row + 1
        sheet.cell(last, 1, "Grand Total")
        sheet.cell(last, 6, 300_000)

    path = workbook(tmp_path / "b.xlsx", [("Bids", fill)])
    bids, warnings = read_bids(path, SURVEYED)
    assert [b.bid_id for b in bids] == ["B1", "B2", "T1"]
    (totals,) = [p for p in warnings if "totals row" in p.message]
    assert (totals.row, totals.message) == (
        7,
        "row 7 is a totals row ('Grand Total'); not imported",
    )


def test_a_bid_called_total_in_the_middle_is_still_a_bid(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="Total"), bid_row(bid_id="B2", premises_id="P2")]
    path = workbook(tmp_path / "b.xlsx", [("Bids", lambda s: bids_sheet(s, rows))])
    bids, _ = read_bids(path, SURVEYED)
    assert [b.bid_id for b in bids] == ["Total", "B2"]
