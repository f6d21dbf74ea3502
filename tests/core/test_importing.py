"""Importing bids and the six-facet survey: every rule of CONTRACT §1–§1.3, with the exact
FILE:ROW:COLUMN each problem is reported at."""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.core.errors import FileAccessError, ImportFailed
from etprio.core.import_columns import BID_COLUMNS, heading_key, survey_columns
from etprio.core.importing import check_files, load_dataset, read_bids, read_survey
from etprio.core.model import ASSESSOR_COLUMNS, Bid, PlanningStatus, Premises, SchemeType
from etprio.core.problems import Problem, Severity
from etprio.core.scales import GradeScales, load_scales

DATA = Path(__file__).parent.parent / "data" / "import"
SCALES = load_scales()
ASSESSED = date(2016, 6, 30)
SURVEYED = (Premises("P1", "A81001", list_size=7400.0), Premises("P2", "A81002"))

REQUIRED_BID_COLUMNS = [column.name for column in BID_COLUMNS if column.required]


def bid_row(**changes: str) -> dict[str, str]:
    """A valid estates bid as a user would type it; keyword arguments replace cells."""
    row = {
        "bid_id": "B1",
        "title": "Hub",
        "practice_code": "A81001",
        "scheme_type": "estates",
        "premises_id": "P1",
        "capital_cost_gbp": "100000",
        "grant_pct": "66%",
        "recurrent_revenue_gbp": "0",
        "expected_completion": "2017-03-31",
        "land_secured": "yes",
        "planning_status": "granted",
        "access_score": "3",
        "capacity_score": "3",
        "training_score": "3",
        "wider_services_score": "3",
    }
    row.update(changes)
    return row


def tech_row(**changes: str) -> dict[str, str]:
    row = bid_row(scheme_type="technology", premises_id="", land_secured="", planning_status="")
    row.update(changes)
    return row


def survey_row(**changes: str) -> dict[str, str]:
    row = {"premises_id": "P1", "practice_code": "A81001", "survey_date": "2015-03-12"}
    row.update(changes)
    return row


def write_csv(path: Path, rows: Sequence[dict[str, str]], header: Sequence[str] = ()) -> Path:
    header = list(header) or list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([row.get(key, "") for key in header] for row in rows)
    return path


def bids_of(
    tmp_path: Path, rows: Sequence[dict[str, str]], premises: Sequence[Premises] | None = SURVEYED
) -> tuple[tuple[Bid, ...], tuple[Problem, ...]]:
    return read_bids(write_csv(tmp_path / "bids.csv", rows), premises, assessment_date=ASSESSED)


def failures(
    tmp_path: Path, rows: Sequence[dict[str, str]], premises: Sequence[Premises] | None = SURVEYED
) -> list[tuple[int, str, str]]:
    """The errors an import raises, as (row, column, message)."""
    with pytest.raises(ImportFailed) as failed:
        bids_of(tmp_path, rows, premises)
    return [(p.row, p.column, p.message) for p in failed.value.problems if p.is_error]


def warnings_of(problems: Sequence[Problem]) -> list[tuple[int, str, str]]:
    return [(p.row, p.column, p.message) for p in problems if not p.is_error]


def survey_of(
    tmp_path: Path, rows: Sequence[dict[str, str]], scales: GradeScales = SCALES
) -> tuple[tuple[Premises, ...], tuple[Problem, ...]]:
    path = write_csv(tmp_path / "survey.csv", rows)
    return read_survey(path, scales, assessment_date=ASSESSED)


def survey_failures(tmp_path: Path, rows: Sequence[dict[str, str]]) -> list[tuple[int, str, str]]:
    with pytest.raises(ImportFailed) as failed:
        survey_of(tmp_path, rows)
    return [(p.row, p.column, p.message) for p in failed.value.problems if p.is_error]


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


# --- headings ------------------------------------------------------------------------

BID_ALIASES = {
    "Bid ID": "bid_id",
    "Bid ref": "bid_id",
    "Scheme name": "title",
    "Bid title": "title",
    "ODS code": "practice_code",
    "Practice code": "practice_code",
    "Scheme type": "scheme_type",
    "Type": "scheme_type",
    "Premises ID": "premises_id",
    "Capital cost (£)": "capital_cost_gbp",
    "Total capital": "capital_cost_gbp",
    "Grant %": "grant_pct",
    "Grant requested (%)": "grant_pct",
    "Recurrent revenue (£/yr)": "recurrent_revenue_gbp",
    "Revenue consequence": "recurrent_revenue_gbp",
    "Completion date": "expected_completion",
    "Expected completion": "expected_completion",
    "Land secured?": "land_secured",
    "Land secured": "land_secured",
    "Planning": "planning_status",
    "Planning status": "planning_status",
    "Access": "access_score",
    "Access score": "access_score",
    "ACCESS-SCORE": "access_score",
    "Capacity": "capacity_score",
    "Training": "training_score",
    "Wider services": "wider_services_score",
    "Engagement": "engagement_score",
    "Strategy fit": "strategy_fit_score",
    "Digital roadmap": "digital_roadmap_score",
    "IG": "ig_score",
    "Information governance": "ig_score",
    "Population benefit": "population_benefit",
    "Depends on": "depends_on",
    "Notes": "notes",
    "  capital_cost_gbp  ": "capital_cost_gbp",
    "Capital-Cost-GBP": "capital_cost_gbp",
}

SURVEY_ALIASES = {
    "Premises ID": "premises_id",
    "ODS code": "practice_code",
    "Premises name": "premises_name",
    "Survey date": "survey_date",
    "Condition": "physical_condition",
    "Physical condition": "physical_condition",
    "Functional suitability": "functional_suitability",
    "Space utilisation": "space_utilisation",
    "Quality": "quality",
    "Statutory compliance": "statutory_compliance",
    "Environmental management": "environmental_management",
    "GIA (m2)": "gia_m2",
    "Backlog cost (£)": "backlog_cost_gbp",
    "Current rent (£/yr)": "current_rent_gbp",
    "List size": "list_size",
}


def _lookup(columns: Sequence) -> dict[str, str]:
    return {
        heading_key(spelling): column.name
        for column in columns
        for spelling in (column.name, *column.aliases)
    }


@pytest.mark.parametrize(("heading", "name"), BID_ALIASES.items())
def test_bid_heading_aliases(heading: str, name: str) -> None:
    assert _lookup(BID_COLUMNS)[heading_key(heading)] == name


@pytest.mark.parametrize(("heading", "name"), SURVEY_ALIASES.items())
def test_survey_heading_aliases(heading: str, name: str) -> None:
    assert _lookup(survey_columns(SCALES))[heading_key(heading)] == name


@pytest.mark.parametrize("columns", [BID_COLUMNS, survey_columns(SCALES)])
def test_no_heading_is_claimed_by_two_columns(columns: Sequence) -> None:
    owners: dict[str, set[str]] = {}
    for column in columns:
        for spelling in (column.name, *column.aliases):
            owners.setdefault(heading_key(spelling), set()).add(column.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


def test_a_spreadsheet_with_contract_headings_imports_like_the_canonical_one(
    tmp_path: Path,
) -> None:
    spelled = {
        "bid_id": "Bid ref",
        "title": "Scheme name",
        "practice_code": "ODS code",
        "scheme_type": "Scheme type",
        "premises_id": "Premises ID",
        "capital_cost_gbp": "Capital cost (£)",
        "grant_pct": "Grant requested (%)",
        "recurrent_revenue_gbp": "Revenue consequence",
        "expected_completion": "Completion date",
        "land_secured": "Land secured?",
        "planning_status": "Planning",
        "access_score": "Access",
        "capacity_score": "Capacity score",
        "training_score": "TRAINING",
        "wider_services_score": "wider-services",
    }
    row = bid_row()
    renamed = {spelled[key]: value for key, value in row.items()}
    canonical, _ = bids_of(tmp_path, [row])
    aliased, warnings = read_bids(write_csv(tmp_path / "aliased.csv", [renamed]), SURVEYED)
    assert aliased == canonical
    assert warnings == ()


def test_unknown_columns_give_one_warning_naming_them_all(tmp_path: Path) -> None:
    rows = [bid_row(**{"Colour": "red", "Reviewer": "JS", "Score (old)": "1"})]
    _, warnings = bids_of(tmp_path, rows)
    assert warnings_of(warnings) == [
        (1, "-", "unknown columns are ignored: 'Colour', 'Reviewer', 'Score (old)'")
    ]


def test_two_columns_with_the_same_meaning_are_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    row = bid_row()
    header = [*row, "Bid ID"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, [*row.values(), "B9"]])
    with pytest.raises(ImportFailed) as failed:
        read_bids(path, SURVEYED)
    assert [(p.row, p.column, p.message) for p in failed.value.problems] == [
        (1, "bid_id", "columns A and P both hold bid_id; keep one")
    ]


@pytest.mark.parametrize("name", REQUIRED_BID_COLUMNS)
def test_missing_required_bid_column_is_reported_on_row_1(tmp_path: Path, name: str) -> None:
    row = bid_row()
    del row[name]
    problems = failures(tmp_path, [row])
    assert [(r, c) for r, c, _ in problems] == [(1, name)]
    assert problems[0][2].startswith("missing required column (a heading such as")


@pytest.mark.parametrize("name", ["premises_id", "practice_code"])
def test_missing_required_survey_column_is_reported_on_row_1(tmp_path: Path, name: str) -> None:
    row = survey_row()
    del row[name]
    assert [(r, c) for r, c, _ in survey_failures(tmp_path, [row])] == [(1, name)]


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


# --- survey rules ----------------------------------------------------------------------


def test_survey_duplicate_premises(tmp_path: Path) -> None:
    rows = [survey_row(), survey_row(premises_id="P2"), survey_row()]
    assert survey_failures(tmp_path, rows) == [
        (4, "premises_id", "duplicate premises_id 'P1': already used on row 2")
    ]


@pytest.mark.parametrize(
    ("facet", "grade", "allowed"),
    [
        ("physical_condition", "E", "A, B, B(C), C, D, X"),
        ("space_utilisation", "A", "E, U, F, O"),
        ("quality", "X", "A, B, C, D"),
    ],
)
def test_grade_not_on_the_scale_lists_the_allowed_grades(
    tmp_path: Path, facet: str, grade: str, allowed: str
) -> None:
    assert survey_failures(tmp_path, [survey_row(**{facet: grade})]) == [
        (2, facet, f"grade {grade!r} is not on the scale ({allowed})")
    ]


def test_grades_match_forgivingly_and_only_given_facets_are_stored(tmp_path: Path) -> None:
    (premises,), _ = survey_of(
        tmp_path, [survey_row(physical_condition=" b(c) ", space_utilisation="u", quality="")]
    )
    assert premises.grades == MappingProxyType(
        {"physical_condition": "B(C)", "space_utilisation": "U"}
    )


def test_a_custom_scale_decides_the_grades(tmp_path: Path) -> None:
    numeric = {facet: {"1": 0.0, "2": 0.5, "3": 1.0} for facet in SCALES.tables}
    scales = GradeScales(MappingProxyType(numeric))
    (premises,), _ = survey_of(tmp_path, [survey_row(quality="3")], scales)
    assert premises.grades == MappingProxyType({"quality": "3"})
    with pytest.raises(ImportFailed) as failed:
        survey_of(tmp_path, [survey_row(quality="B")], scales)
    assert failed.value.problems[0].message == "grade 'B' is not on the scale (1, 2, 3)"


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("gia_m2", "-1", "value -1 is negative; not allowed here"),
        ("backlog_cost_gbp", "-£5k", "value -5,000 is negative; not allowed here"),
        ("current_rent_gbp", "(£1,000)", "value -1,000 is negative; not allowed here"),
        ("list_size", "-7,400", "value -7,400 is negative; not allowed here"),
        ("list_size", "many", "not a number: 'many'"),
        ("survey_date", "31/02/2015", "not a date: '31/02/2015' has no such day"),
    ],
)
def test_survey_values(tmp_path: Path, name: str, typed: str, message: str) -> None:
    problems = survey_failures(
        tmp_path, [survey_row(), survey_row(premises_id="P2", **{name: typed})]
    )
    assert [(r, c) for r, c, _ in problems] == [(3, name)]
    assert message in problems[0][2]


# --- warnings --------------------------------------------------------------------------


def test_odd_ods_codes_warn_in_both_files(tmp_path: Path) -> None:
    _, survey_warnings = survey_of(tmp_path, [survey_row(practice_code="Practice 1")])
    _, bid_warnings = bids_of(tmp_path, [bid_row(practice_code="a8100")])
    message = "is not an ODS practice code (a letter and five digits, e.g. A81001)"
    assert warnings_of(survey_warnings) == [(2, "practice_code", f"'PRACTICE 1' {message}")]
    assert warnings_of(bid_warnings) == [(2, "practice_code", f"'A8100' {message}")]


def test_blank_land_and_planning_on_an_estates_bid(tmp_path: Path) -> None:
    (bid,), warnings = bids_of(tmp_path, [bid_row(land_secured="", planning_status=" ")])
    assert (bid.land_secured, bid.planning_status) == (False, PlanningStatus.NONE)
    assert warnings_of(warnings) == [
        (2, "land_secured", "blank on an estates bid; taken as no"),
        (2, "planning_status", "blank on an estates bid; taken as none"),
    ]


def test_missing_land_and_planning_columns_warn_once(tmp_path: Path) -> None:
    rows = [bid_row(bid_id=f"B{i}") for i in range(3)]
    for row in rows:
        del row["land_secured"], row["planning_status"]
    bids, warnings = bids_of(tmp_path, rows)
    assert {(bid.land_secured, bid.planning_status) for bid in bids} == {
        (False, PlanningStatus.NONE)
    }
    assert warnings_of(warnings) == [
        (1, "land_secured", "no such column; every estates bid is taken as no"),
        (1, "planning_status", "no such column; every estates bid is taken as none"),
    ]


def test_completion_before_the_assessment_date_warns(tmp_path: Path) -> None:
    rows = [
        bid_row(bid_id="B1", expected_completion="29/06/2016"),
        bid_row(bid_id="B2", expected_completion="30/06/2016"),
    ]
    _, warnings = bids_of(tmp_path, rows)
    assert warnings_of(warnings) == [
        (2, "expected_completion", "2016-06-29 is before the assessment date 2016-06-30")
    ]
    _, without_date = read_bids(tmp_path / "bids.csv", SURVEYED)
    assert without_date == ()


def test_survey_older_than_five_years_warns(tmp_path: Path) -> None:
    rows = [
        survey_row(premises_id="P1", survey_date="29/06/2011"),
        survey_row(premises_id="P2", survey_date="30/06/2011"),
    ]
    _, warnings = survey_of(tmp_path, rows)
    assert warnings_of(warnings) == [
        (
            2,
            "survey_date",
            "survey of 2011-06-29 is more than 5 years old at the assessment date 2016-06-30",
        )
    ]


def test_survey_age_from_a_leap_day(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "survey.csv", [survey_row(survey_date="2011-02-27")])
    _, warnings = read_survey(path, SCALES, assessment_date=date(2016, 2, 29))
    assert len(warnings) == 1


# --- all or nothing, and the API around it ---------------------------------------------


def test_warnings_travel_with_the_errors_sorted_by_row(tmp_path: Path) -> None:
    rows = [bid_row(bid_id="B1", practice_code="odd"), bid_row(bid_id="B1")]
    with pytest.raises(ImportFailed) as failed:
        bids_of(tmp_path, rows)
    assert [str(p) for p in failed.value.problems] == [
        f"{tmp_path / 'bids.csv'}:2:practice_code: warning: 'ODD' is not an ODS practice code "
        "(a letter and five digits, e.g. A81001)",
        f"{tmp_path / 'bids.csv'}:3:bid_id: duplicate bid_id 'B1': already used on row 2",
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


# --- properties ----------------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\t\n"),
    max_size=25,
)
HALVES = st.integers(0, 10).map(lambda half: half / 2)
YES = ["yes", "Y", "TRUE", "true", "1"]
NO = ["no", "N", "False", "0"]


def _money(draw: st.DrawFn, pounds: int) -> str:
    spelling = draw(st.sampled_from(["plain", "commas", "pound", "k", "m"]))
    return {
        "plain": str(pounds),
        "commas": f"{pounds:,}",
        "pound": f"£{pounds:,}",
        "k": f"£{Decimal(pounds) / 1000}k",
        "m": f"£{Decimal(pounds) / 1_000_000}m",
    }[spelling]


def _day(draw: st.DrawFn, day: date) -> str:
    return draw(
        st.sampled_from(
            [day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day:%y}"]
        )
    )


def _word(draw: st.DrawFn, value: str) -> str:
    return draw(st.sampled_from([value, value.upper(), value.replace("_", " ").title()]))


@st.composite
def bid_tables(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[Bid]]:
    """Valid rows in random spellings, and the bids they must import as."""
    fractions = draw(st.booleans())
    rows, expected = [], []
    for index in range(draw(st.integers(1, 8))):
        bid_id = f"B{index:03d}"
        scheme = draw(st.sampled_from(list(SchemeType)))
        estates = scheme is SchemeType.ESTATES
        code = draw(st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True))
        title = draw(TEXT.filter(str.strip))
        capital = draw(st.integers(1, 5_000_000))
        grant = draw(st.integers(0, 100))
        recurrent = draw(st.none() | st.integers(0, 200_000))
        completion = draw(st.dates(date(1990, 1, 1), date(2060, 12, 31)))
        premises_id = draw(
            st.sampled_from(["P1", "P2"]) if estates else st.sampled_from(["", "P1"])
        )
        land = draw(st.booleans()) if estates else draw(st.none() | st.booleans())
        planning = draw(st.sampled_from(list(PlanningStatus)) if estates else st.none())
        scores = {name: draw(HALVES) for name in ASSESSOR_COLUMNS[:4]}
        scores |= {
            n: s for n in ASSESSOR_COLUMNS[4:] if (s := draw(st.none() | HALVES)) is not None
        }
        population = draw(st.none() | st.integers(0, 50_000))
        depends_on = tuple(
            draw(st.lists(st.sampled_from([b.bid_id for b in expected]), unique=True))
            if expected
            else ()
        )
        notes = draw(TEXT)
        if fractions:
            grant_cell = str(Decimal(grant) / 100)
        else:
            grant_cell = f"{grant}%" if grant < 2 or draw(st.booleans()) else str(grant)
        rows.append(
            {
                "bid_id": bid_id,
                "title": title,
                "practice_code": draw(st.sampled_from([code, code.lower(), f" {code} "])),
                "scheme_type": _word(draw, scheme.value),
                "premises_id": premises_id,
                "capital_cost_gbp": _money(draw, capital),
                "grant_pct": grant_cell,
                "recurrent_revenue_gbp": "" if recurrent is None else _money(draw, recurrent),
                "expected_completion": _day(draw, completion),
                "land_secured": "" if land is None else draw(st.sampled_from(YES if land else NO)),
                "planning_status": "" if planning is None else _word(draw, planning.value),
                **{name: f"{value:g}" for name, value in scores.items()},
                "population_benefit": "" if population is None else f"{population:,}",
                "depends_on": "; ".join(depends_on),
                "notes": notes,
            }
        )
        expected.append(
            Bid(
                bid_id=bid_id,
                title=title.strip(),
                practice_code=code,
                scheme_type=scheme,
                capital_cost_gbp=float(capital),
                expected_completion=completion,
                premises_id=premises_id or None,
                grant_pct=float(grant),
                recurrent_revenue_gbp=float(recurrent or 0),
                land_secured=land,
                planning_status=planning,
                scores=scores,
                population_benefit=None if population is None else float(population),
                depends_on=depends_on,
                notes=notes.strip(),
            )
        )
    return rows, expected


def _write_dialect(folder: Path, rows: list[dict[str, str]], delimiter: str, bom: bool) -> Path:
    path = folder / "bids.csv"
    header = [column.name for column in BID_COLUMNS]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    return path


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(bid_tables(), st.sampled_from([",", ";", "\t"]), st.booleans())
def test_valid_rows_round_trip_into_equal_bids(
    table: tuple[list[dict[str, str]], list[Bid]], delimiter: str, bom: bool
) -> None:
    rows, expected = table
    with tempfile.TemporaryDirectory() as folder:
        bids, warnings = read_bids(_write_dialect(Path(folder), rows, delimiter, bom), None)
    assert warnings == ()
    assert list(bids) == expected


BAD_CELLS = [
    ("title", " "),
    ("scheme_type", "hospital"),
    ("capital_cost_gbp", "lots"),
    ("capital_cost_gbp", "-£1"),
    ("grant_pct", "101%"),
    ("recurrent_revenue_gbp", "(£5)"),
    ("expected_completion", "31/02/2017"),
    ("land_secured", "maybe"),
    ("planning_status", "pending"),
    ("access_score", "5.5"),
    ("ig_score", "x"),
    ("population_benefit", "-1"),
    ("depends_on", "NOBODY"),
]


@PROPERTY
@given(bid_tables(), st.data())
def test_one_bad_cell_gives_exactly_one_error_at_its_row_and_column(
    table: tuple[list[dict[str, str]], list[Bid]], data: st.DataObject
) -> None:
    rows, _ = table
    index = data.draw(st.integers(0, len(rows) - 1))
    column, typed = data.draw(st.sampled_from(BAD_CELLS))
    rows[index][column] = typed
    with tempfile.TemporaryDirectory() as folder, pytest.raises(ImportFailed) as failed:
        read_bids(_write_dialect(Path(folder), rows, ",", False), None)
    assert [(p.row, p.column) for p in failed.value.problems] == [(index + 2, column)]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                name: st.sampled_from(["", "x", "-1", "0.5", "£1k", "yes", "31/3/17", "B1; B1"])
                for name in [column.name for column in BID_COLUMNS]
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_mess_of_cells_gives_bids_or_problems_never_a_traceback(
    rows: list[dict[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "bids.csv", rows)
        try:
            read_bids(path, SURVEYED, assessment_date=ASSESSED)
        except ImportFailed as failed:
            assert all(problem.file == str(path) for problem in failed.problems)


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
