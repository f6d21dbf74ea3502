"""Headings: aliases, unknown and doubled columns, required columns on row 1 (CONTRACT §1)."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

import pytest

from etprio.core.errors import ImportFailed
from etprio.core.tables.import_columns import BID_COLUMNS, heading_key, survey_columns
from etprio.core.tables.importing import read_bids
from tests.core.import_builders import (
    REQUIRED_BID_COLUMNS,
    SCALES,
    SURVEYED,
    bid_row,
    bids_of,
    failures,
    survey_failures,
    survey_row,
    warnings_of,
    write_csv,
)

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
        (1, "bid_id", "columns A and P 'Bid ID' both hold bid_id; keep one")
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
