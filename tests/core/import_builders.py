"""Rows, files and shortcuts shared by the importer tests."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest

from etprio.core.errors import ImportFailed
from etprio.core.model import Bid, Premises
from etprio.core.problems import Problem
from etprio.core.tables.import_columns import BID_COLUMNS
from etprio.core.tables.importing import read_bids, read_survey
from etprio.core.tables.scales import GradeScales, load_scales

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
