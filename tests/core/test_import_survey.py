"""The six-facet survey: keys, grades on the configured scale, and numbers (CONTRACT §1.1)."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import pytest

from etprio.core.errors import ImportFailed
from etprio.core.tables.scales import GradeScales
from tests.core.import_builders import (
    SCALES,
    survey_failures,
    survey_of,
    survey_row,
)

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
