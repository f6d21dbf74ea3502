"""Importing bids and the six-facet survey: every rule of CONTRACT §1–§1.3, with the exact
FILE:ROW:COLUMN each problem is reported at."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType

import openpyxl
import pytest

from etprio.core.errors import FileAccessError, ImportFailed
from etprio.core.model import Bid, PlanningStatus, Premises, SchemeType
from etprio.core.problems import Severity
from etprio.core.tables.importing import check_files, load_dataset, read_bids, read_survey
from tests.core.import_builders import (
    ASSESSED,
    DATA,
    REQUIRED_BID_COLUMNS,
    SCALES,
    SURVEYED,
    bid_row,
    bids_of,
    failures,
    survey_row,
    tech_row,
    write_csv,
)

# --- what a good file gives ----------------------------------------------------------

FIXTURE_BIDS = (
    Bid(
        bid_id="EV01",
        title="Mill Street hub — phase 1",
        practice_code="A81001",
        scheme_type=SchemeType.ESTATES,
        capital_cost_gbp=1_250_000.0,
        expected_completion=date(2017, 3, 31),
        premises_id="P001",
        grant_pct=66.0,
        recurrent_revenue_gbp=12_000.0,
        land_secured=True,
        planning_status=PlanningStatus.GRANTED,
        scores={
            "access_score": 4.5,
            "capacity_score": 4.0,
            "training_score": 3.0,
            "wider_services_score": 5.0,
        },
        population_benefit=7400.0,
        notes="Café costs in £",
    ),
    Bid(
        bid_id="TV01",
        title="Shared care record, all practices",
        practice_code="A81002",
        scheme_type=SchemeType.TECHNOLOGY,
        capital_cost_gbp=250_000.0,
        expected_completion=date(2017, 3, 31),
        grant_pct=100.0,
        recurrent_revenue_gbp=1_500.0,
        scores={
            "access_score": 3.0,
            "capacity_score": 3.5,
            "training_score": 2.0,
            "wider_services_score": 4.0,
        },
        depends_on=("EV01",),
    ),
)


@pytest.mark.parametrize(
    "name",
    [
        "bids-utf8-bom.csv",
        "bids-cp1252.csv",
        "bids-crlf.csv",
        "bids-semicolon.csv",
        "bids-unicode.txt",
    ],
)
def test_awkward_fixture_files_give_the_same_bids(name: str) -> None:
    dataset, warnings = load_dataset(
        DATA / name, DATA / "survey.csv", SCALES, assessment_date=ASSESSED
    )
    assert dataset.bids == FIXTURE_BIDS
    assert warnings == ()


def test_fixture_survey_gives_premises_in_the_scales_spelling() -> None:
    premises, warnings = read_survey(DATA / "survey.csv", SCALES, assessment_date=ASSESSED)
    assert warnings == ()
    assert premises == (
        Premises(
            premises_id="P001",
            practice_code="A81001",
            premises_name="Mill Street Surgery",
            survey_date=date(2015, 3, 12),
            grades={
                "physical_condition": "B(C)",
                "functional_suitability": "C",
                "space_utilisation": "O",
                "quality": "C",
                "statutory_compliance": "B",
                "environmental_management": "C",
            },
            gia_m2=310.0,
            backlog_cost_gbp=145_000.0,
            current_rent_gbp=38_000.0,
            list_size=7400.0,
        ),
        Premises(
            premises_id="P002",
            practice_code="A81002",
            premises_name="Canal Road Surgery",
            survey_date=date(2015, 3, 12),
            grades={"physical_condition": "D", "space_utilisation": "F"},
            gia_m2=240.0,
            list_size=4800.0,
        ),
    )


def test_defaults_and_typed_values(tmp_path: Path) -> None:
    (bid,), warnings = bids_of(
        tmp_path,
        [
            bid_row(
                title="  <b>Hub</b> & “Café”  =SUM(A1)  ",
                practice_code=" a81001 ",
                grant_pct="",
                recurrent_revenue_gbp="",
                ig_score="0",
                depends_on="",
                notes="  keep  ",
            )
        ],
    )
    assert warnings == ()
    assert bid.title == "<b>Hub</b> & “Café”  =SUM(A1)"
    assert bid.practice_code == "A81001"
    assert bid.grant_pct == 66.0
    assert bid.recurrent_revenue_gbp == 0.0
    assert bid.population_benefit == 7400.0
    assert bid.notes == "keep"
    assert dict(bid.scores) == {
        "access_score": 3.0,
        "capacity_score": 3.0,
        "training_score": 3.0,
        "wider_services_score": 3.0,
        "ig_score": 0.0,
    }


def test_population_benefit_defaults_to_list_size_only_when_known(tmp_path: Path) -> None:
    rows = [
        bid_row(bid_id="B1", population_benefit="3,000"),
        bid_row(bid_id="B2", premises_id="P2"),
        tech_row(bid_id="B3"),
    ]
    bids, _ = bids_of(tmp_path, rows)
    assert [bid.population_benefit for bid in bids] == [3000.0, None, None]
    without_survey, _ = bids_of(tmp_path, [bid_row(premises_id="P9")], premises=None)
    assert without_survey[0].population_benefit is None


def test_grant_column_follows_the_percentage_rule(tmp_path: Path) -> None:
    fractions = [bid_row(bid_id=f"B{i}", grant_pct=g) for i, g in enumerate(["0.66", "1", "60%"])]
    bids, _ = bids_of(tmp_path, fractions)
    assert [bid.grant_pct for bid in bids] == [66.0, 100.0, 60.0]
    points = [bid_row(bid_id=f"B{i}", grant_pct=g) for i, g in enumerate(["0.66", "66"])]
    bids, _ = bids_of(tmp_path, points)
    assert [bid.grant_pct for bid in bids] == [0.66, 66.0]


def test_depends_on_is_semicolon_separated_and_repeats_count_once(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="A"), bid_row(bid_id="B"), bid_row(bid_id="C", depends_on=" A; B;;A ")]
    bids, _ = bids_of(tmp_path, rows)
    assert bids[2].depends_on == ("A", "B")


def test_technology_bid_needs_no_premises_land_or_planning(tmp_path: Path) -> None:
    (bid,), warnings = bids_of(tmp_path, [tech_row()])
    assert (bid.premises_id, bid.land_secured, bid.planning_status) == (None, None, None)
    assert warnings == ()


def test_without_a_survey_premises_are_not_checked(tmp_path: Path) -> None:
    (bid,), _ = bids_of(tmp_path, [bid_row(premises_id="P404")], premises=None)
    assert bid.premises_id == "P404"


# --- errors, each at its row and column ------------------------------------------------


@pytest.mark.parametrize("name", REQUIRED_BID_COLUMNS)
def test_missing_required_value(tmp_path: Path, name: str) -> None:
    rows = [bid_row(bid_id="B0"), bid_row(**{name: "   "})]
    assert failures(tmp_path, rows) == [(3, name, "missing value: every bid needs one")]


def test_duplicate_bid_id_is_reported_on_each_later_occurrence(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="B1"), bid_row(bid_id="B2"), bid_row(bid_id="B1"), bid_row(bid_id="B1")]
    assert failures(tmp_path, rows) == [
        (4, "bid_id", "duplicate bid_id 'B1': already used on row 2"),
        (5, "bid_id", "duplicate bid_id 'B1': already used on row 2"),
    ]


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("capital_cost_gbp", "lots", "not an amount of money: 'lots'"),
        ("capital_cost_gbp", "1,25", "not an amount of money: '1,25'"),
        ("recurrent_revenue_gbp", "£12 a year", "not an amount of money"),
        ("grant_pct", "two thirds", "not a percentage: 'two thirds'"),
        ("expected_completion", "03/31/2017", "looks like month/day order"),
        ("expected_completion", "next spring", "not a date: 'next spring'"),
        ("scheme_type", "hospital", "not one of estates, technology: 'hospital'"),
        ("planning_status", "pending", "not one of none, applied, granted, not_required"),
        ("land_secured", "maybe", "not yes or no: 'maybe'"),
        ("access_score", "good", "not a number: 'good'"),
        ("ig_score", "n/a", "not a number: 'n/a'"),
        ("population_benefit", "lots", "not a number: 'lots'"),
    ],
)
def test_values_of_the_wrong_kind(tmp_path: Path, name: str, typed: str, message: str) -> None:
    problems = failures(tmp_path, [bid_row(bid_id="B0"), bid_row(**{name: typed})])
    assert [(r, c) for r, c, _ in problems] == [(3, name)]
    assert message in problems[0][2]


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("capital_cost_gbp", "-£5,000", "amount -5,000 is negative; not allowed here"),
        ("capital_cost_gbp", "(£5,000)", "amount -5,000 is negative; not allowed here"),
        ("capital_cost_gbp", "£0", "capital cost must be more than £0"),
        ("recurrent_revenue_gbp", "-1", "amount -1 is negative; not allowed here"),
        ("grant_pct", "101%", "grant % 101 is outside 0–100"),
        ("grant_pct", "-5%", "grant % -5 is negative; not allowed here"),
        ("access_score", "5.5", "score 5.5 is outside 0–5"),
        ("wider_services_score", "-1", "score -1 is negative; not allowed here"),
        ("engagement_score", "6", "score 6 is outside 0–5"),
        ("ig_score", "7", "score 7 is outside 0–5"),
        ("population_benefit", "-3", "value -3 is negative; not allowed here"),
    ],
)
def test_values_out_of_range(tmp_path: Path, name: str, typed: str, message: str) -> None:
    assert failures(tmp_path, [bid_row(bid_id="B0"), bid_row(**{name: typed})]) == [
        (3, name, message)
    ]


def test_scores_at_the_ends_of_the_scale_are_fine(tmp_path: Path) -> None:
    bids, _ = bids_of(
        tmp_path, [bid_row(access_score="0", capacity_score="5", training_score="2.5")]
    )
    assert bids[0].scores["capacity_score"] == 5.0


def test_premises_must_be_in_the_survey_for_either_scheme_type(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="E1", premises_id="P9"), tech_row(bid_id="T1", premises_id="P8")]
    assert failures(tmp_path, rows) == [
        (2, "premises_id", "premises 'P9' is not in the survey"),
        (3, "premises_id", "premises 'P8' is not in the survey"),
    ]


def test_estates_bid_needs_premises(tmp_path: Path) -> None:
    assert failures(tmp_path, [bid_row(premises_id="")]) == [
        (2, "premises_id", "missing value: an estates bid needs a premises_id")
    ]


@pytest.mark.parametrize(
    ("depends_on", "message"),
    [
        ("B9", "unknown bid 'B9'"),
        ("B0, B1", "unknown bid 'B0, B1' (separate bid ids with ;)"),
        ("B1", "a bid cannot depend on itself"),
    ],
)
def test_dependencies_must_name_other_bids(tmp_path: Path, depends_on: str, message: str) -> None:
    rows = [bid_row(bid_id="B0"), bid_row(bid_id="B1", depends_on=depends_on)]
    assert failures(tmp_path, rows) == [(3, "depends_on", message)]


def test_a_dependency_cycle_is_reported_on_every_bid_in_it(tmp_path: Path) -> None:
    rows = [
        bid_row(bid_id="A", depends_on="B"),
        bid_row(bid_id="B", depends_on="C"),
        bid_row(bid_id="C", depends_on="A"),
        bid_row(bid_id="D", depends_on="A"),
        bid_row(bid_id="E", depends_on="F"),
        bid_row(bid_id="F", depends_on="E;D"),
        bid_row(bid_id="G"),
    ]
    assert failures(tmp_path, rows) == [
        (2, "depends_on", "dependency cycle among bids A, B, C"),
        (3, "depends_on", "dependency cycle among bids A, B, C"),
        (4, "depends_on", "dependency cycle among bids A, B, C"),
        (6, "depends_on", "dependency cycle among bids E, F"),
        (7, "depends_on", "dependency cycle among bids E, F"),
    ]


def test_a_long_dependency_chain_is_no_cycle(tmp_path: Path) -> None:
    rows = [
        bid_row(bid_id=f"B{i}", depends_on=f"B{i + 1}" if i < 1999 else "") for i in range(2000)
    ]
    bids, _ = bids_of(tmp_path, rows)
    assert bids[0].depends_on == ("B1",)


def test_a_cell_longer_than_excel_allows_is_an_error(tmp_path: Path) -> None:
    assert failures(tmp_path, [bid_row(notes="x" * 40_000)]) == [
        (2, "notes", "longer than the 32,767 characters of a cell")
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_path: Path) -> None:
    rows = [
        bid_row(bid_id="B1", capital_cost_gbp="lots", access_score="9"),
        bid_row(bid_id="B1", expected_completion="soon", practice_code="XYZ"),
    ]
    with pytest.raises(ImportFailed) as failed:
        bids_of(tmp_path, rows)
    assert [(p.row, p.column, p.severity) for p in failed.value.problems] == [
        (2, "capital_cost_gbp", Severity.ERROR),
        (2, "access_score", Severity.ERROR),
        (3, "bid_id", Severity.ERROR),
        (3, "practice_code", Severity.WARNING),
        (3, "expected_completion", Severity.ERROR),
    ]
    assert str(failed.value) == "4 error(s); nothing was imported"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("header-only.csv", "the file has a header but no rows of data"),
        ("report.pdf.csv", "not a table"),
        ("junk.bin", "not a table"),
        ("archive-not-workbook.xlsx", "not a table"),
    ],
)
def test_files_that_hold_no_bids(name: str, message: str) -> None:
    with pytest.raises(ImportFailed) as failed:
        read_bids(DATA / name, None)
    (problem,) = failed.value.problems
    assert (problem.file, problem.row, problem.column) == (str(DATA / name), 1, "-")
    assert message in problem.message


def test_missing_file_is_an_access_error_not_an_import_problem(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError):
        read_bids(tmp_path / "nowhere.csv", None)
    with pytest.raises(FileAccessError):
        read_survey(tmp_path / "nowhere.csv", SCALES)


# --- all or nothing, and the API around it ---------------------------------------------


def test_warnings_travel_with_the_errors_sorted_by_row(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="B1", practice_code="odd"), bid_row(bid_id="B1")]
    with pytest.raises(ImportFailed) as failed:
        bids_of(tmp_path, rows)
    assert [str(p) for p in failed.value.problems] == [
        f"{tmp_path / 'bids.csv'}:2:practice_code: warning: C (practice_code): 'ODD' is not "
        "an ODS practice code (a letter and five digits, e.g. A81001)",
        f"{tmp_path / 'bids.csv'}:3:bid_id: A (bid_id): duplicate bid_id 'B1': "
        "already used on row 2",
    ]


def test_file_is_named_as_the_caller_gave_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_csv(tmp_path / "bids.csv", [bid_row(scheme_type="hospital")])
    with pytest.raises(ImportFailed) as failed:
        read_bids(Path("bids.csv"), None)
    assert str(failed.value.problems[0]).startswith("bids.csv:2:scheme_type: ")


def test_load_dataset_is_all_or_nothing_across_both_files(tmp_path: Path) -> None:
    survey = write_csv(tmp_path / "survey.csv", [survey_row(list_size="-1")])
    bids = write_csv(tmp_path / "bids.csv", [bid_row(capital_cost_gbp="free")])
    with pytest.raises(ImportFailed) as failed:
        load_dataset(bids, survey, SCALES)
    assert [(p.file, p.row, p.column) for p in failed.value.problems] == [
        (str(bids), 2, "capital_cost_gbp"),
        (str(survey), 2, "list_size"),
    ]


def test_load_dataset_returns_the_warnings_of_both_files(tmp_path: Path) -> None:
    survey = write_csv(tmp_path / "survey.csv", [survey_row(survey_date="2001-01-01")])
    bids = write_csv(tmp_path / "bids.csv", [bid_row(land_secured="")])
    dataset, warnings = load_dataset(bids, survey, SCALES, assessment_date=ASSESSED)
    assert [bid.bid_id for bid in dataset.bids] == ["B1"]
    assert [p.premises_id for p in dataset.premises] == ["P1"]
    assert [(p.file, p.column) for p in warnings] == [
        (str(bids), "land_secured"),
        (str(survey), "survey_date"),
    ]


def test_check_files_reports_everything_without_raising(tmp_path: Path) -> None:
    survey = write_csv(
        tmp_path / "survey.csv", [survey_row(quality="Z"), survey_row(premises_id="P2")]
    )
    bids = write_csv(
        tmp_path / "bids.csv",
        [bid_row(bid_id="B1", premises_id="P1"), bid_row(bid_id="B2", premises_id="P3")],
    )
    problems = check_files(bids, survey, SCALES, assessment_date=ASSESSED)
    assert [(p.file, p.row, p.column, p.is_error) for p in problems] == [
        (str(bids), 3, "premises_id", True),
        (str(survey), 2, "quality", True),
    ]


def test_check_files_does_not_check_premises_against_an_unreadable_survey(
    tmp_path: Path,
) -> None:
    bids = write_csv(tmp_path / "bids.csv", [bid_row()])
    problems = check_files(bids, DATA / "junk.bin", SCALES)
    assert [(p.file, p.message[:11]) for p in problems] == [(str(DATA / "junk.bin"), "not a table")]


def test_check_files_takes_either_file_alone(tmp_path: Path) -> None:
    bids = write_csv(tmp_path / "bids.csv", [bid_row(premises_id="P404")])
    assert check_files(bids, None, SCALES) == []
    assert check_files(None, DATA / "survey.csv", SCALES) == []
    with pytest.raises(FileAccessError):
        check_files(tmp_path / "missing.csv", None, SCALES)


# --- workbooks ---------------------------------------------------------------------------


def test_workbook_with_date_cells_and_a_bids_sheet(tmp_path: Path) -> None:
    row = bid_row()
    workbook = openpyxl.Workbook()
    workbook.active.title = "Read me"
    sheet = workbook.create_sheet("Bids")
    sheet.append([])
    sheet.append(list(row))
    values: list[object] = list(row.values())
    values[list(row).index("expected_completion")] = datetime(2017, 3, 31)
    values[list(row).index("capital_cost_gbp")] = 125000
    values[list(row).index("grant_pct")] = 0.66
    values[list(row).index("land_secured")] = True
    sheet.append(values)
    sheet.append([])
    bad = list(values)
    bad[0] = "B2"
    bad[list(row).index("access_score")] = 9
    sheet.append(bad)
    path = tmp_path / "bids.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    assert [(p.row, p.column) for p in failed.value.problems] == [(5, "access_score")]
    sheet.delete_rows(5)
    workbook.save(path)
    (bid,), _ = read_bids(path, SURVEYED)
    assert (bid.expected_completion, bid.capital_cost_gbp, bid.grant_pct, bid.land_secured) == (
        date(2017, 3, 31),
        125000.0,
        66.0,
        True,
    )


def test_workbook_survey_with_date_cells_and_a_survey_sheet(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["not", "this"])
    sheet = workbook.create_sheet("SURVEY")
    sheet.append(["Premises ID", "ODS code", "Survey date", "Condition", "List size"])
    sheet.append([101, "a81001", datetime(2015, 3, 12), "x", 7400])
    sheet.append([102, "A81002", date(2009, 1, 1), "Q", 1200])
    path = tmp_path / "survey.xlsx"
    workbook.save(path)
    with pytest.raises(ImportFailed) as failed:
        read_survey(path, SCALES, assessment_date=ASSESSED)
    assert [(p.row, p.column, p.is_error) for p in failed.value.problems] == [
        (3, "survey_date", False),
        (3, "physical_condition", True),
    ]
    sheet.delete_rows(3)
    workbook.save(path)
    (premises,), _ = read_survey(path, SCALES)
    assert (premises.premises_id, premises.practice_code, premises.survey_date) == (
        "101",
        "A81001",
        date(2015, 3, 12),
    )
    assert premises.grades == MappingProxyType({"physical_condition": "X"})
