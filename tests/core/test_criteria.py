"""CONTRACT §2: criteria sets and grade scales are checked key by key."""

from __future__ import annotations

from pathlib import Path

import pytest

from etprio.core.errors import FileAccessError, InvalidDataError, UsageError
from etprio.core.model import SchemeType
from etprio.core.resources import default_criteria_path, default_scales_path
from etprio.core.scoring.criteria import CriterionKind, load_criteria, parse_weight_overrides
from etprio.core.tables.scales import load_scales

DEFAULT = default_criteria_path().read_text(encoding="utf-8")


def test_default_set_matches_the_contract_table():
    criteria = load_criteria()
    assert dict(zip(criteria.keys, criteria.weights, strict=True)) == {
        "access": 20,
        "capacity": 20,
        "training": 10,
        "wider_services": 10,
        "premises_need": 15,
        "deliverability": 15,
        "recurrent_liability": 10,
        "population": 0,
        "engagement": 0,
        "strategy_fit": 0,
        "digital_roadmap": 0,
        "ig": 0,
    }
    assert criteria.criterion("premises_need").applies_to == {SchemeType.ESTATES}
    assert criteria.criterion("ig").applies_to == {SchemeType.TECHNOLOGY}
    assert criteria.criterion("recurrent_liability").kind is CriterionKind.COST
    assert criteria.criterion("recurrent_liability").cap == 100000
    assert criteria.criterion("population").cap == 20000
    assert criteria.neutral == 0.5
    assert criteria.gates.ineligible_cohorts == {3}


def test_default_scales_match_the_contract_numbers():
    scales = load_scales()
    assert dict(scales.tables["physical_condition"]) == {
        "A": 0.0,
        "B": 0.33,
        "B(C)": 0.5,
        "C": 0.67,
        "D": 1.0,
        "X": 1.0,
    }
    assert dict(scales.tables["space_utilisation"]) == {"E": 0.0, "U": 0.2, "F": 0.6, "O": 1.0}
    assert scales.canonical_grade("physical_condition", " b(c) ") == "B(C)"
    assert scales.canonical_grade("quality", "Z") is None


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "set.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda t: t + "\nsurprise = 1\n", "surprise"),
        (lambda t: t.replace("neutral = 0.5", "neutral = 1.5"), "neutral"),
        (lambda t: t.replace('name = "ETTF', 'nme = "ETTF'), "nme"),
        (lambda t: t.replace("weight = 20", "weight = -1", 1), "criteria.access.weight"),
        (lambda t: t.replace('kind = "assessor"', 'kind = "magic"', 1), "criteria.access.kind"),
        (
            lambda t: t.replace('column = "access_score"', 'column = "nope"'),
            "criteria.access.column",
        ),
        (lambda t: t.replace("cap = 100000\n", ""), "criteria.recurrent_liability.cap"),
        (lambda t: t.replace("quality = 0.1\n", ""), "premises_need.facet_weights.quality"),
        (
            lambda t: t.replace("readiness_weight = 0.3", "readiness_weight = 0.5"),
            "deliverability.readiness_weight",
        ),
        (
            lambda t: t.replace("cohort_values = [1.0, 0.5, 0.0]", "cohort_values = [1.0]"),
            "deliverability.cohort_values",
        ),
        (
            lambda t: t.replace("ineligible_cohorts = [3]", 'ineligible_cohorts = ["3"]'),
            "gates.ineligible_cohorts",
        ),
        (
            lambda t: t.replace('applies_to = ["estates"]', 'applies_to = ["hospital"]', 1),
            "criteria.premises_need.applies_to",
        ),
        (lambda t: t.replace('key = "capacity"', 'key = "access"'), "criteria.access"),
    ],
)
def test_bad_criteria_name_file_and_key(tmp_path, change, key):
    path = _write(tmp_path, change(DEFAULT))
    with pytest.raises(InvalidDataError) as caught:
        load_criteria(path)
    assert str(path) in str(caught.value)
    assert key in str(caught.value)


def test_all_weights_zero_in_a_file_is_an_error(tmp_path):
    text = DEFAULT
    for weight in ("20", "15", "10"):
        text = text.replace(f"weight = {weight}\n", "weight = 0\n")
    with pytest.raises(InvalidDataError, match="zero"):
        load_criteria(_write(tmp_path, text))


def test_not_toml_and_missing_file(tmp_path):
    with pytest.raises(InvalidDataError, match="not valid TOML"):
        load_criteria(_write(tmp_path, "name = [unterminated"))
    with pytest.raises(FileAccessError):
        load_criteria(tmp_path / "absent.toml")


def test_group_and_applies_to_default(tmp_path):
    text = DEFAULT.replace('group = "Core NHS England criteria"\n', "", 1).replace(
        'applies_to = ["estates", "technology"]\n', "", 1
    )
    access = load_criteria(_write(tmp_path, text)).criterion("access")
    assert access.group == "Other"
    assert access.applies_to == set(SchemeType)


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (lambda t: t + "\n[roof]\nA = 0\n", "roof"),
        (lambda t: t.replace("[quality]", "[qualityx]"), "quality"),
        (lambda t: t.replace("O = 1.0", "O = 2.0"), "space_utilisation.O"),
        (lambda t: t.replace("U = 0.2", "U = 0.2\nu = 0.3"), "space_utilisation.u"),
    ],
)
def test_bad_scales_name_file_and_key(tmp_path, change, key):
    path = _write(tmp_path, change(default_scales_path().read_text(encoding="utf-8")))
    with pytest.raises(InvalidDataError) as caught:
        load_scales(path)
    assert str(path) in str(caught.value)
    assert key in str(caught.value)


def test_weight_overrides():
    criteria = load_criteria().with_weights(parse_weight_overrides("training=40"))
    assert criteria.criterion("training").weight == 40
    assert criteria.criterion("access").weight == 20
    with pytest.raises(UsageError, match="unknown criterion"):
        load_criteria().with_weights({"trianing": 1})
    with pytest.raises(UsageError):
        parse_weight_overrides("training")
