"""The bundled demo CCG and the synthetic data generator behind ``etprio demo`` (CONTRACT §4).

The bundled demo is what a committee sees first, so besides importing cleanly it must keep
showing the dilemmas it was written for: moving the training, deliverability or
recurrent-liability weight has to move bids across a £4.5m / £250k-a-year funding line.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.errors import ImportFailed, UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import rank_order_selection
from etprio.core.model import FACETS, Dataset, SchemeType
from etprio.core.problems import Problem
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.tables.demo import BID_COLUMNS, SURVEY_COLUMNS, generate, write_demo
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales

ASSESSMENT_DATE = date(2016, 6, 30)
CRITERIA = load_criteria()
SCALES = load_scales()
DEMO_LIMITS = FundingLimits(capital_envelope=4_500_000, recurrent_headroom=250_000)


def _import(bids: Path, survey: Path) -> tuple[Dataset, tuple[Problem, ...]]:
    """Import like the app does, failing the test with every problem listed."""
    try:
        return load_dataset(bids, survey, SCALES, assessment_date=ASSESSMENT_DATE)
    except ImportFailed as failed:
        pytest.fail("\n".join(str(p) for p in failed.problems))


def _cohorts(dataset: Dataset) -> Counter[int]:
    rules = CRITERIA.deliverability
    return Counter(rules.cohort(b.expected_completion) for b in dataset.bids)


def _check_generated(dataset: Dataset, n_bids: int) -> None:
    """What CONTRACT §1 and the generator's own promises require of any size and seed."""
    assert len(dataset.bids) == n_bids
    assert len(dataset.premises) == max(1, round(n_bids * 1.25))
    position = {b.bid_id: i for i, b in enumerate(dataset.bids)}
    for i, bid in enumerate(dataset.bids):
        for dependency in bid.depends_on:
            assert bid.scheme_type is SchemeType.TECHNOLOGY
            assert position[dependency] < i
            assert dataset.bids[position[dependency]].scheme_type is SchemeType.ESTATES
        for score in bid.scores.values():
            assert 0 <= score <= 5
            assert (score * 2).is_integer()
        assert 30_000 <= bid.capital_cost_gbp <= 3_000_000
        assert 0 <= bid.recurrent_revenue_gbp <= 120_000
        if bid.scheme_type is SchemeType.ESTATES:
            assert bid.premises_id is not None
            assert bid.land_secured is not None
            assert bid.planning_status is not None


@pytest.fixture(scope="module")
def bundled() -> tuple[Dataset, tuple[Problem, ...]]:
    return _import(demo_bids_path(), demo_survey_path())


# --- the bundled demo -------------------------------------------------------------------


def test_bundled_demo_imports_with_only_the_old_survey_warning(bundled):
    _, warnings = bundled
    assert warnings, "the old Fellgate survey should show the 5-year warning"
    assert all(not w.is_error for w in warnings)
    assert ("survey_date", 12) in {(w.column, w.row) for w in warnings}


def test_bundled_demo_mixes_estates_and_technology(bundled):
    dataset, _ = bundled
    kinds = Counter(b.scheme_type for b in dataset.bids)
    assert 20 <= len(dataset.bids) <= 30
    assert kinds[SchemeType.ESTATES] > kinds[SchemeType.TECHNOLOGY] > 0
    assert 25 <= len(dataset.premises) <= 35


def test_bundled_demo_spans_all_three_cohorts(bundled):
    dataset, _ = bundled
    assert set(_cohorts(dataset)) == {1, 2, 3}


def test_bundled_demo_has_technology_waiting_on_estates(bundled):
    dataset, _ = bundled
    by_id = dataset.bids_by_id
    dependent = [b for b in dataset.bids if b.depends_on]
    assert dependent
    for bid in dependent:
        assert bid.scheme_type is SchemeType.TECHNOLOGY
        assert all(by_id[d].scheme_type is SchemeType.ESTATES for d in bid.depends_on)


def test_bundled_demo_has_a_technology_bid_failing_information_governance(bundled):
    dataset, _ = bundled
    assert any(
        b.scheme_type is SchemeType.TECHNOLOGY and b.scores.get("ig_score") == 0
        for b in dataset.bids
    )


def test_bundled_demo_exercises_the_parser_and_the_survey(bundled):
    dataset, _ = bundled
    assert {b.grant_pct for b in dataset.bids} == {50.0, 66.0, 100.0}
    assert any(b.land_secured is False for b in dataset.bids)
    grades = {facet: {p.grades.get(facet) for p in dataset.premises} for facet in FACETS}
    assert set(SCALES.grades("physical_condition")) <= grades["physical_condition"]
    assert set(SCALES.grades("space_utilisation")) <= grades["space_utilisation"]
    assert any(not p.grades for p in dataset.premises)
    assert any(0 < len(p.grades) < len(FACETS) for p in dataset.premises)
    assert all(3_000 <= p.list_size <= 22_000 for p in dataset.premises)


def _funding(dataset: Dataset, **weights: float):
    matrix = compute_values(dataset, CRITERIA, SCALES)
    scores = score_bids(matrix, CRITERIA.with_weights(weights).weights)
    order = [matrix.bids[i].bid_id for i in scores.order]
    return order, rank_order_selection(scores, DEMO_LIMITS).funded_set


def test_bundled_demo_default_funding_line(bundled):
    """Hub first; Fellgate skipped for recurrent headroom; the no-land bid just makes it."""
    order, funded = _funding(bundled[0])
    assert order[0] == "EV01"
    assert {"EV01", "EV04"} <= funded
    assert "EV10" not in funded
    assert not funded & {"EV05", "EV14", "EV22"}  # cohort 3 and the IG failure


def test_bundled_demo_recurrent_weight_drops_the_hub(bundled):
    order, funded = _funding(bundled[0], recurrent_liability=25)
    assert order.index("EV01") > 5
    assert "EV01" not in funded
    assert {"EV02", "EV06", "EV07", "EV19"} <= funded


def test_bundled_demo_deliverability_weight_favours_the_quick_alternative(bundled):
    order, funded = _funding(bundled[0], deliverability=30)
    assert order[0] != "EV01"
    assert "EV04" not in funded  # greatest need, but no land
    assert "EV06" in funded  # the alternative that can finish by March 2017


def test_bundled_demo_training_weight_lifts_the_training_practice(bundled):
    order, funded = _funding(bundled[0], training=20)
    assert order.index("EV03") == 1
    assert "EV10" in funded
    assert "EV04" not in funded


# --- the generator ----------------------------------------------------------------------


def test_generate_rows_carry_every_canonical_column_as_text():
    bids, survey = generate(12, seed=3)
    assert all(tuple(row) == BID_COLUMNS for row in bids)
    assert all(tuple(row) == SURVEY_COLUMNS for row in survey)
    assert all(isinstance(v, str) for row in bids + survey for v in row.values())


def test_same_seed_writes_identical_files(tmp_path):
    first = write_demo(tmp_path / "a", 40, seed=11)
    second = write_demo(tmp_path / "b", 40, seed=11)
    for one, other in zip(first, second, strict=True):
        assert one.read_bytes() == other.read_bytes()


def test_different_seed_writes_different_files(tmp_path):
    bids_a, survey_a = write_demo(tmp_path / "a", 40, seed=11)
    bids_b, survey_b = write_demo(tmp_path / "b", 40, seed=12)
    assert bids_a.read_bytes() != bids_b.read_bytes()
    assert survey_a.read_bytes() != survey_b.read_bytes()


def test_write_demo_creates_the_directory_and_names_the_files(tmp_path):
    bids, survey = write_demo(tmp_path / "new" / "demo", 5, seed=0)
    assert (bids.name, survey.name) == ("bids.csv", "survey.csv")
    assert bids.parent == survey.parent == tmp_path / "new" / "demo"
    bids.read_text(encoding="utf-8")  # UTF-8 even with £ in the notes


@pytest.mark.parametrize("n_bids", [0, -3])
def test_a_demo_needs_a_bid(n_bids):
    with pytest.raises(UsageError):
        generate(n_bids, seed=1)


def test_a_negative_seed_is_a_usage_error():
    with pytest.raises(UsageError):
        generate(5, seed=-1)


@pytest.mark.parametrize("n_bids", [1, 2, 25, 300])
def test_generated_files_import_cleanly(tmp_path, n_bids):
    dataset, warnings = _import(*write_demo(tmp_path, n_bids, seed=2016))
    _check_generated(dataset, n_bids)
    assert all(not w.is_error for w in warnings)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_bids=st.integers(1, 40))
def test_any_seed_and_small_size_imports_cleanly(seed, n_bids):
    with tempfile.TemporaryDirectory() as directory:
        dataset, _ = _import(*write_demo(Path(directory), n_bids, seed))
    _check_generated(dataset, n_bids)


def test_a_large_demo_looks_like_a_real_pipeline(tmp_path):
    """Proportions the benchmarks and the GUI rely on to look realistic."""
    dataset, warnings = _import(*write_demo(tmp_path, 2_000, seed=7))
    _check_generated(dataset, 2_000)
    bids = dataset.bids
    technology = [b for b in bids if b.scheme_type is SchemeType.TECHNOLOGY]
    dependent = [b for b in bids if b.depends_on]
    assert 0.2 < len(technology) / len(bids) < 0.4
    assert 0.05 < len(dependent) / len(bids) < 0.15
    assert all(count > 100 for count in _cohorts(dataset).values())
    assert len(_cohorts(dataset)) == 3
    assert any(b.scores.get("ig_score") == 0 for b in technology)
    assert {b.grant_pct for b in bids} == {50.0, 66.0, 100.0}
    assert any(b.land_secured is False for b in bids)
    assert any(not p.grades for p in dataset.premises)
    assert any(w.column == "survey_date" for w in warnings)
