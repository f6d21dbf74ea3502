"""Hypothesis strategies for domain objects shared by the core tests."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from etprio.core.model import FACETS, Bid, Dataset, PlanningStatus, Premises, SchemeType
from etprio.core.tables.scales import load_scales

SCALES = load_scales()

given_score = st.integers(0, 10).map(lambda half: half / 2)
scores = st.one_of(st.none(), given_score)


@st.composite
def premises(draw: st.DrawFn, premises_id: str) -> Premises:
    grades = {
        facet: draw(st.sampled_from(SCALES.grades(facet)))
        for facet in FACETS
        if draw(st.booleans())
    }
    return Premises(
        premises_id=premises_id,
        practice_code="A81001",
        grades=grades,
        list_size=draw(st.one_of(st.none(), st.integers(0, 40000).map(float))),
    )


@st.composite
def bids(draw: st.DrawFn, bid_id: str, premises_ids: list[str]) -> Bid:
    scheme = draw(st.sampled_from(list(SchemeType)))
    columns = ("access_score", "capacity_score", "training_score", "wider_services_score")
    optional = ("engagement_score", "strategy_fit_score", "digital_roadmap_score", "ig_score")
    given = {c: draw(given_score) for c in columns}
    given |= {c: s for c in optional if (s := draw(scores)) is not None}
    return Bid(
        bid_id=bid_id,
        title=draw(st.text(max_size=20)),
        practice_code="A81001",
        scheme_type=scheme,
        capital_cost_gbp=float(draw(st.integers(10_000, 3_000_000))),
        expected_completion=draw(st.dates(date(2016, 1, 1), date(2021, 12, 31))),
        premises_id=draw(st.sampled_from(premises_ids)) if premises_ids else None,
        grant_pct=float(draw(st.sampled_from([50, 66, 100]))),
        recurrent_revenue_gbp=float(draw(st.integers(0, 150_000))),
        land_secured=draw(st.one_of(st.none(), st.booleans())),
        planning_status=draw(st.one_of(st.none(), st.sampled_from(list(PlanningStatus)))),
        scores=given,
        population_benefit=draw(st.one_of(st.none(), st.integers(0, 30_000).map(float))),
    )


@st.composite
def datasets(draw: st.DrawFn, min_bids: int = 1, max_bids: int = 12) -> Dataset:
    n_premises = draw(st.integers(0, 4))
    sites = [draw(premises(f"P{i}")) for i in range(n_premises)]
    ids = [s.premises_id for s in sites]
    n_bids = draw(st.integers(min_bids, max_bids))
    return Dataset(tuple(draw(bids(f"B{i:02d}", ids)) for i in range(n_bids)), tuple(sites))


weights = st.lists(st.floats(0, 100, allow_nan=False), min_size=12, max_size=12).map(
    lambda w: w if sum(w) > 1e-6 else [1.0, *w[1:]]
)
