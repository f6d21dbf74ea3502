"""Warnings never block an import: odd ODS codes, blank readiness, early completion, old surveys
(CONTRACT §1.3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from etprio.core.model import PlanningStatus
from etprio.core.tables.importing import read_bids, read_survey
from tests.core.import_builders import (
    SCALES,
    SURVEYED,
    bid_row,
    bids_of,
    survey_of,
    survey_row,
    warnings_of,
    write_csv,
)

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
