"""CONTRACT §8 in the core: the local order never reorders a CCG, the score order is the
ranking of the concatenated tables, the funded sets keep the region's limits, and CCGs are
never counted twice."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.core.errors import InvalidDataError
from etprio.core.model import Dataset
from etprio.core.region.pipeline import (
    LOCAL,
    SCORE,
    RegionalScoring,
    merged_dataset,
    open_ccgs,
    overturned_orders,
    regional_rankings,
)
from etprio.core.region.plan import RegionLimits, plan_region
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import SCORE_UNITS, score_bids
from etprio.core.tables.demo import write_demo
from etprio.core.tables.importing import load_dataset
from tests.region.builders import CRITERIA, SCALES, ccg_in_memory, save_ccg
from tests.strategies import datasets, weights

CODES = ("07L", "08A", "99E")


@st.composite
def regions(draw: st.DrawFn, same_weights: bool = False):
    count = draw(st.integers(1, 3))
    return [
        ccg_in_memory(
            code,
            draw(datasets(max_bids=8)),
            None if same_weights else tuple(draw(weights)[: len(CRITERIA.criteria)]),
        )
        for code in CODES[:count]
    ]


def _ids(ranking) -> list[str]:
    return [ranking.matrix.bids[i].bid_id for i in ranking.scores.order.tolist()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions())
def test_local_order_merges_by_score_and_never_reorders_a_ccg(ccgs):
    ranking = regional_rankings(ccgs, RegionalScoring.given())[LOCAL]
    order = ranking.scores.order.tolist()
    expected = sum(int(c.scores.matrix.eligible.sum()) for c in ccgs)
    assert len(order) == expected
    for code in {c.code for c in ccgs}:
        local = [ranking.local_rank[i] for i in order if ranking.ccg[i] == code]
        assert local == sorted(local)
    keys = [
        (-round(ranking.scores.score[i] * SCORE_UNITS), ranking.ccg[i], ranking.local_rank[i])
        for i in order
    ]
    assert keys == sorted(keys)
    assert all(overturn is None for overturn in overturned_orders(ranking).values())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions())
def test_score_order_is_the_ranking_of_the_concatenated_tables(ccgs):
    concatenated = []
    for ccg in ccgs:
        for i in ccg.eligible_rows:
            bid = ccg.scores.matrix.bids[i]
            concatenated.append(
                replace(
                    bid,
                    bid_id=f"{ccg.code}:{bid.bid_id}",
                    premises_id=f"{ccg.code}:{bid.premises_id}" if bid.premises_id else None,
                    depends_on=tuple(f"{ccg.code}:{d}" for d in bid.depends_on),
                )
            )
    premises = [
        replace(p, premises_id=f"{c.code}:{p.premises_id}")
        for c in ccgs
        for p in c.dataset.premises
    ]
    table = Dataset(tuple(concatenated), tuple(premises))
    expected = score_bids(compute_values(table, CRITERIA, SCALES), CRITERIA.weights)
    ranking = regional_rankings(ccgs, RegionalScoring.given())[SCORE]
    assert _ids(ranking) == [table.bids[i].bid_id for i in expected.order.tolist()]
    assert np.allclose(ranking.scores.score, expected.score)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions(same_weights=True))
def test_one_criteria_set_everywhere_overturns_no_ccg(ccgs):
    rankings = regional_rankings(ccgs, RegionalScoring.given())
    assert all(o is None for o in overturned_orders(rankings[SCORE]).values())


def _drawn(plan, chosen: str) -> dict[str, float]:
    years: dict[str, float] = {}
    for bid in plan.bids:
        if getattr(bid, chosen):
            for year, grant in bid.grant_by_year.items():
                years[year] = years.get(year, 0.0) + grant
    return years


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    regions(),
    st.sampled_from([LOCAL, SCORE]),
    st.integers(0, 4_000_000),
    st.booleans(),
)
def test_both_selections_keep_the_total_and_every_year(ccgs, order, capital, carry):
    years = sorted({y for c in ccgs for b in c.dataset.bids for y in b.grant_by_year})
    allocation = dict.fromkeys(years[::2], capital / 2)
    limits = RegionLimits(allocation, carry, capital or None)
    plan = plan_region(ccgs, limits, order=order, time_limit=None)
    for chosen in ("funded", "best_value"):
        drawn = _drawn(plan, chosen)
        total = sum(drawn.values())
        if limits.capital is not None:
            assert round(total * 100) <= round(limits.capital * 100)
        if allocation:
            _assert_within_years(drawn, allocation, carry)
        funded = {b.regional_id for b in plan.bids if getattr(b, chosen)}
        merged = merged_dataset(ccgs).bids_by_id
        assert all(set(merged[b].depends_on) <= funded for b in funded)
    assert {b.regional_id for b in plan.bids if b.funded} == set(plan.rank_order.funded)
    assert all(b.reason for b in plan.bids if not b.funded)


def _assert_within_years(drawn: dict[str, float], allocation: dict[str, float], carry: bool):
    """CONTRACT §7 read literally: each year's grant within its allocation, or with
    carry-forward the grant up to each year within the allocations up to it."""
    spent = allowed = 0
    for year in sorted({*drawn, *allocation}):
        this_spent = round(drawn.get(year, 0.0) * 100)
        this_allowed = round(allocation.get(year, 0.0) * 100)
        spent, allowed = spent + this_spent, allowed + this_allowed
        if carry:
            assert spent <= allowed + len(drawn), year  # a penny of rounding per year
        else:
            assert this_spent <= this_allowed + 1, year


def test_the_json_document_has_the_contract_shape():
    ccgs = [ccg_in_memory(code, _fixed(seed)) for seed, code in enumerate(CODES)]
    plan = plan_region(ccgs, RegionLimits({"2017/18": 1_000_000}), time_limit=None)
    document = plan.to_json()
    assert list(document) == ["order", "ccgs", "bids", "capital_by_year"]
    assert document["order"] == "local"
    assert [c["code"] for c in document["ccgs"]] == list(CODES)
    assert set(document["ccgs"][0]) == {"code", "name", "bids", "grant_requested", "grant_funded"}
    bid = document["bids"][0]
    assert list(bid) == [
        "regional_rank",
        "ccg",
        "bid_id",
        "title",
        "score",
        "local_rank",
        "grant_by_year",
        "funded",
        "best_value",
        "reason",
    ]
    assert [b["regional_rank"] for b in document["bids"]] == list(
        range(1, len(document["bids"]) + 1)
    )
    assert ":" not in bid["bid_id"]
    for year in document["capital_by_year"]:
        assert list(year) == ["year", "allocation", "rank_order", "best_value"]
    assert [y["year"] for y in document["capital_by_year"]] == sorted(
        y["year"] for y in document["capital_by_year"]
    )
    requested = {c["code"]: c["grant_requested"] for c in document["ccgs"]}
    for code in CODES:
        own = [b for b in document["bids"] if b["ccg"] == code]
        assert requested[code] == pytest.approx(sum(sum(b["grant_by_year"].values()) for b in own))


def _fixed(seed: int, n_bids: int = 10) -> Dataset:
    """Realistic bids, dependencies included (etprio demo's tables)."""
    with tempfile.TemporaryDirectory() as folder:
        bids, survey = write_demo(Path(folder), n_bids, seed)
        dataset, _ = load_dataset(bids, survey, SCALES, assessment_date=CRITERIA.assessment_date)
    return dataset


@pytest.mark.parametrize(
    ("second", "what"),
    [(("08A", "NHS Ashby CCG"), "CCG name"), (("07L", "NHS Other CCG"), "CCG code 07L")],
)
def test_a_ccg_named_twice_is_refused_naming_both_files(tmp_path, second, what):
    first = save_ccg(tmp_path / "a.etprio", _fixed(1), "07L", "NHS Ashby CCG")
    other = save_ccg(tmp_path / "b.etprio", _fixed(2), *second)
    with pytest.raises(InvalidDataError) as raised:
        open_ccgs([first, other])
    message = str(raised.value)
    assert str(first) in message and str(other) in message and what in message
    assert raised.value.exit_code == 3


def test_a_project_without_a_ccg_code_is_refused(tmp_path):
    path = save_ccg(tmp_path / "a.etprio", _fixed(1), "", "NHS Ashby CCG")
    with pytest.raises(InvalidDataError, match="no CCG code"):
        open_ccgs([path])


def test_merged_bids_keep_their_dependencies_within_their_ccg():
    ccgs = [ccg_in_memory(code, _fixed(3, 40)) for code in CODES[:2]]
    merged = merged_dataset(ccgs)
    ids = {b.bid_id for b in merged.bids}
    dependent = [b for b in merged.bids if b.depends_on]
    assert dependent
    for bid in dependent:
        code = bid.bid_id.split(":")[0]
        assert all(d.startswith(f"{code}:") and d in ids for d in bid.depends_on)
