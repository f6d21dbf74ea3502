"""CONTRACT §7: both selections of §3 under allocations by financial year, with and without
carry-forward, together with the total capital, the recurrent headroom and dependencies —
checked against a literal transcription of the rules and an exhaustive optimum."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.limits import FundingError, FundingLimits
from etprio.core.funding.plan import plan_funding
from etprio.core.funding.samples import RankOrderWalk
from etprio.core.funding.selection import bid_arrays, rank_order_selection
from etprio.core.model import Bid, SchemeType
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.tables.demo import write_demo
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales
from tests.core.test_funding import access_only, reasons

YEARS = ("2016/17", "2017/18", "2018/19")
ON_TIME = date(2017, 1, 31)
LATE = date(2020, 6, 30)


def phased(
    bid_id: str,
    access: float,
    by_year: Mapping[str, float],
    recurrent: float = 0.0,
    *,
    completion: date = ON_TIME,
    depends_on: Sequence[str] = (),
) -> Bid:
    """A technology bid scoring 20 × access, its grant phased as given (empty: all of it in
    the completion year, £100,000)."""
    grant = sum(by_year.values()) or 100_000.0
    return Bid(
        bid_id=bid_id,
        title=f"Scheme {bid_id}",
        practice_code="A81001",
        scheme_type=SchemeType.TECHNOLOGY,
        capital_cost_gbp=grant,
        grant_pct=100.0,
        recurrent_revenue_gbp=recurrent,
        expected_completion=completion,
        scores={"access_score": access},
        depends_on=tuple(depends_on),
        grant_phasing=by_year,
    )


# --- the rules, transcribed from the contract without etprio's constraint rows -------


def completion_year(day: date) -> str:
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def profile(bid: Bid) -> dict[str, float]:
    """§7: the year columns when any holds a value, else the grant in the completion year."""
    if bid.grant_phasing:
        return dict(bid.grant_phasing)
    return {completion_year(bid.expected_completion): bid.capital_cost_gbp * bid.grant_pct / 100}


def p(amount: float) -> int:
    return round(amount * 100)


def keeps_every_limit(bids: Sequence[Bid], limits: FundingLimits) -> bool:
    """§3 total and recurrent, §7 each year or, with carry-forward, every year cumulatively."""
    if limits.capital_envelope is not None and sum(p(sum(profile(b).values())) for b in bids) > p(
        limits.capital_envelope
    ):
        return False
    if limits.recurrent_headroom is not None and sum(p(b.recurrent_revenue_gbp) for b in bids) > p(
        limits.recurrent_headroom
    ):
        return False
    if limits.capital_by_year is None:
        return True
    allocation = dict(limits.capital_by_year)
    drawn: dict[str, int] = {}
    for b in bids:
        for year, amount in profile(b).items():
            if amount:
                drawn[year] = drawn.get(year, 0) + p(amount)
    years = sorted(set(allocation) | set(drawn))
    if not limits.carry_forward:
        return all(drawn.get(y, 0) <= p(allocation.get(y, 0.0)) for y in years)
    return all(
        sum(drawn.get(x, 0) for x in years[: k + 1])
        <= sum(p(allocation.get(x, 0.0)) for x in years[: k + 1])
        for k in range(len(years))
    )


def literal_walk(scores: Scores, limits: FundingLimits) -> list[str]:
    """§3 *In rank order* with §7's "fits": walk down the ranking, fund each eligible bid
    that fits every limit with what is funded and whose dependencies are all funded; a bid
    waiting for its dependencies is funded as soon as they are, if it still fits, the
    best-ranked such bid first."""
    bids = scores.matrix.bids
    by_id = {b.bid_id: b for b in bids}
    order = [bids[i] for i in scores.order.tolist() if scores.matrix.eligible[i]]
    rank = {b.bid_id: k for k, b in enumerate(order)}
    funded: list[Bid] = []
    waiting: list[Bid] = []

    def ready(b: Bid) -> bool:
        ids = {f.bid_id for f in funded}
        return all(d in by_id and d in ids for d in b.depends_on)

    def try_fund(b: Bid) -> None:
        if keeps_every_limit([*funded, b], limits):
            funded.append(b)
            release()

    def release() -> None:
        while now := sorted((w for w in waiting if ready(w)), key=lambda w: rank[w.bid_id]):
            waiting.remove(now[0])
            try_fund(now[0])

    for b in order:
        if ready(b):
            try_fund(b)
        else:
            waiting.append(b)
    return sorted((b.bid_id for b in funded), key=rank.__getitem__)


def exhaustive_optimum(scores: Scores, limits: FundingLimits) -> float:
    """The best total score of any eligible set closed under dependencies within every limit."""
    bids = scores.matrix.bids
    eligible = [b for b, ok in zip(bids, scores.matrix.eligible.tolist(), strict=True) if ok]
    score = {b.bid_id: float(s) for b, s in zip(bids, scores.score.tolist(), strict=True)}
    best = 0.0
    for size in range(1, len(eligible) + 1):
        for chosen in itertools.combinations(eligible, size):
            ids = {b.bid_id for b in chosen}
            if all(d in ids for b in chosen for d in b.depends_on) and keeps_every_limit(
                chosen, limits
            ):
                best = max(best, sum(score[i] for i in ids))
    return best


# --- strategies ----------------------------------------------------------------------

COMBINATIONS = [
    # capital, recurrent, allocations by year, carry-forward
    (True, True, False, False),
    (True, False, False, False),
    (True, True, True, False),
    (True, True, True, True),
    (True, False, True, False),
    (False, True, True, True),
    (False, False, True, False),
    (False, False, True, True),
]


@st.composite
def pipelines(draw: st.DrawFn) -> list[Bid]:
    n = draw(st.integers(min_value=1, max_value=7))
    bids = []
    for k in range(n):
        by_year = draw(
            st.one_of(
                st.just({}),
                st.dictionaries(
                    st.sampled_from(YEARS),
                    st.integers(min_value=1, max_value=40).map(lambda t: t * 5_000.0),
                    min_size=1,
                    max_size=3,
                ),
            )
        )
        completion = draw(st.sampled_from([ON_TIME, date(2017, 9, 30), date(2018, 6, 30), LATE]))
        earlier = [f"B{j}" for j in range(k)]
        depends_on = draw(st.lists(st.sampled_from(earlier), max_size=2)) if earlier else []
        bids.append(
            phased(
                f"B{k}",
                draw(st.integers(min_value=0, max_value=10)) / 2,
                by_year,
                draw(st.integers(min_value=0, max_value=5)) * 10_000.0,
                completion=completion,
                depends_on=depends_on,
            )
        )
    return bids


def limits_for(draw: st.DrawFn, combination: tuple[bool, bool, bool, bool]) -> FundingLimits:
    capital, recurrent, by_year, carry = combination
    amounts = st.integers(min_value=0, max_value=60).map(lambda t: t * 5_000.0)
    return FundingLimits(
        capital_envelope=draw(amounts.filter(bool)) if capital else None,
        recurrent_headroom=draw(amounts.filter(bool)) if recurrent else None,
        capital_by_year=(
            draw(st.dictionaries(st.sampled_from(YEARS), amounts, min_size=1)) if by_year else None
        ),
        carry_forward=carry,
    )


# --- the selections against the rules --------------------------------------------------


@pytest.mark.parametrize("combination", COMBINATIONS)
@settings(max_examples=30, deadline=None)
@given(data=st.data(), bids=pipelines())
def test_both_selections_follow_the_rules_for_every_combination_of_limits(
    combination: tuple[bool, bool, bool, bool], data: st.DataObject, bids: list[Bid]
) -> None:
    limits = limits_for(data.draw, combination)
    scores = access_only(bids)
    by_id = {b.bid_id: b for b in scores.matrix.bids}
    rank_order = rank_order_selection(scores, limits)
    assert list(rank_order.funded) == literal_walk(scores, limits)
    best = best_value_selection(scores, limits, time_limit=None)
    assert keeps_every_limit([by_id[b] for b in best.funded], limits)
    assert best.total_score == pytest.approx(exhaustive_optimum(scores, limits), abs=1e-6)
    assert best.total_score >= rank_order.total_score - 1e-9


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    bids=pipelines(),
    carry=st.booleans(),
    year=st.sampled_from(YEARS),
    more=st.integers(min_value=1, max_value=40).map(lambda t: t * 5_000.0),
)
def test_more_allocation_never_lowers_the_best_value(
    data: st.DataObject, bids: list[Bid], carry: bool, year: str, more: float
) -> None:
    limits = limits_for(data.draw, (False, False, True, carry))
    allocation = dict(limits.capital_by_year or {})
    allocation[year] = allocation.get(year, 0.0) + more
    richer = FundingLimits(None, None, capital_by_year=allocation, carry_forward=carry)
    scores = access_only(bids)
    before = best_value_selection(scores, limits, time_limit=None).total_score
    assert best_value_selection(scores, richer, time_limit=None).total_score >= before - 1e-9


@settings(max_examples=40, deadline=None)
@given(data=st.data(), bids=pipelines(), carry=st.booleans())
def test_the_plan_by_year_never_breaks_a_year(
    data: st.DataObject, bids: list[Bid], carry: bool
) -> None:
    """What ``capital_by_year`` reports obeys §7: each year within its allocation, or with
    carry-forward every running total within the running allocation."""
    limits = limits_for(data.draw, (False, False, True, carry))
    plan = plan_funding(access_only(bids), limits, time_limit=None)
    years = plan.capital_by_year
    assert [y.year for y in years] == sorted(y.year for y in years)
    for selection in ("rank_order", "best_value"):
        drawn = [round(getattr(y, selection) * 100) for y in years]
        allocated = [round((y.allocation or 0.0) * 100) for y in years]
        if carry:
            assert all(sum(drawn[: k + 1]) <= sum(allocated[: k + 1]) for k in range(len(years)))
        else:
            assert all(d <= a for d, a in zip(drawn, allocated, strict=True))


# --- hand cases: reasons and the JSON --------------------------------------------------


def test_a_bid_left_out_for_a_year_is_told_which_year() -> None:
    scores = access_only(
        [
            phased("Y1", 5.0, {"2017/18": 100_000, "2018/19": 220_000}),
            phased("Y2", 4.0, {"2018/19": 420_000}),
            phased("Y3", 3.0, {"2017/18": 50_000}),
        ]
    )
    limits = FundingLimits(None, None, capital_by_year={"2017/18": 200_000, "2018/19": 400_000})
    selection = rank_order_selection(scores, limits)
    assert selection.funded == ("Y1", "Y3")
    assert reasons(selection) == {
        "Y2": "skipped: draws £420,000 in 2018/19, £180,000 left that year"
    }
    best = best_value_selection(scores, limits)
    assert best.funded == ("Y1", "Y3")
    assert reasons(best) == {"Y2": "left out: draws £420,000 in 2018/19, £180,000 left that year"}


def test_carry_forward_lets_an_underspend_pay_for_a_later_year() -> None:
    bids = [
        phased("C1", 5.0, {"2016/17": 150_000}),
        phased("C2", 4.0, {"2017/18": 300_000}),
    ]
    allocation = {"2016/17": 200_000, "2017/18": 250_000}
    scores = access_only(bids)
    without = rank_order_selection(scores, FundingLimits(None, None, capital_by_year=allocation))
    assert reasons(without) == {"C2": "skipped: draws £300,000 in 2017/18, £250,000 left that year"}
    carried = FundingLimits(None, None, capital_by_year=allocation, carry_forward=True)
    assert rank_order_selection(scores, carried).funded == ("C1", "C2")
    plan = plan_funding(scores, carried)
    assert [(y.year, y.rank_order_carried_in) for y in plan.capital_by_year] == [
        ("2016/17", 0.0),
        ("2017/18", 50_000.0),
    ]


def test_with_carry_forward_a_bid_is_told_the_first_year_it_overdraws() -> None:
    bids = [phased("C1", 5.0, {"2016/17": 100_000, "2017/18": 200_000})]
    limits = FundingLimits(
        None, None, capital_by_year={"2016/17": 50_000, "2017/18": 50_000}, carry_forward=True
    )
    assert reasons(rank_order_selection(access_only(bids), limits)) == {
        "C1": "skipped: draws £100,000 up to 2016/17, £50,000 left up to then with carry-forward"
    }


def test_a_year_no_allocation_names_has_nothing_while_any_is_named() -> None:
    bids = [phased("N1", 5.0, {"2018/19": 10_000})]
    limits = FundingLimits(1_000_000, 1, capital_by_year={"2017/18": 500_000})
    assert reasons(rank_order_selection(access_only(bids), limits)) == {
        "N1": "skipped: draws £10,000 in 2018/19, £0 left that year"
    }


def test_a_capital_limit_alone_is_a_funding_line() -> None:
    """A region's pipeline has no recurrent limit (CONTRACT §8): capital alone binds."""
    bids = [phased("R1", 5.0, {"2017/18": 300_000}, 90_000), phased("R2", 4.0, {}, 90_000)]
    selection = rank_order_selection(access_only(bids), FundingLimits(350_000, None))
    assert selection.funded == ("R1",)
    assert reasons(selection) == {"R2": "skipped: would exceed the capital envelope by £50,000"}


def test_the_total_and_the_years_bind_together() -> None:
    bids = [phased("T1", 5.0, {"2017/18": 300_000}), phased("T2", 4.0, {"2018/19": 300_000})]
    limits = FundingLimits(500_000, None, capital_by_year={"2017/18": 400_000, "2018/19": 400_000})
    assert reasons(rank_order_selection(access_only(bids), limits)) == {
        "T2": "skipped: would exceed the capital envelope by £100,000"
    }


def test_funding_json_by_year() -> None:
    bids = [
        phased("J1", 5.0, {"2016/17": 100_000, "2017/18": 50_000}),
        phased("J2", 4.0, {"2019/20": 70_000}),
        phased("J3", 4.0, {"2020/21": 70_000}, completion=LATE),  # ineligible: no year of its own
    ]
    limits = FundingLimits(None, None, capital_by_year={"2017/18": 60_000, "2016/17": 100_000})
    document = plan_funding(access_only(bids), limits).to_json()
    assert document["capital_envelope"] is None
    assert document["recurrent_headroom"] is None
    assert document["carry_forward"] is False
    assert document["capital_by_year"] == [
        {
            "year": "2016/17",
            "allocation": 100_000.0,
            "rank_order": 100_000.0,
            "best_value": 100_000.0,
        },
        {"year": "2017/18", "allocation": 60_000.0, "rank_order": 50_000.0, "best_value": 50_000.0},
        {"year": "2019/20", "allocation": 0.0, "rank_order": 0.0, "best_value": 0.0},
    ]


def test_grant_by_year_is_a_years_by_bids_array() -> None:
    bids = [phased("A", 1.0, {"2017/18": 5.0, "2016/17": 7.0}), phased("B", 1.0, {})]
    arrays = bid_arrays(access_only(bids).matrix)
    assert arrays.years == ("2016/17", "2017/18")
    assert arrays.grant_by_year.tolist() == [[7.0, 100_000.0], [5.0, 0.0]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"capital_by_year": {"2017-19": 1.0}}, "'2017-19' is not a financial year"),
        ({"capital_by_year": {"2017/18": -1.0}}, "the 2017/18 allocation must be £0 or more"),
        ({"capital_by_year": {"2017/18": 1.0, "2017_18": 2.0}}, "2017/18 is given more than once"),
        ({"capital_by_year": None}, "a funding line needs a limit"),
        ({"capital_envelope": 0.0}, "the capital envelope must be more than £0"),
    ],
)
def test_allocations_a_funding_line_cannot_use_are_refused(
    changes: dict[str, object], message: str
) -> None:
    with pytest.raises(FundingError, match=message):
        FundingLimits(**{"capital_envelope": None, "recurrent_headroom": None, **changes})


@settings(max_examples=60, deadline=None)
@given(data=st.data(), bids=pipelines(), combination=st.sampled_from(COMBINATIONS))
def test_the_sampled_walk_of_sensitivity_keeps_the_years_too(
    data: st.DataObject, bids: list[Bid], combination: tuple[bool, bool, bool, bool]
) -> None:
    """``funding_acceptability`` walks many rankings at once over the same constraint rows:
    each sample funds what the funding line funds for that ranking."""
    limits = limits_for(data.draw, combination)
    scores = access_only(bids)
    eligible = np.flatnonzero(scores.matrix.eligible).tolist()
    ineligible = np.flatnonzero(~scores.matrix.eligible).tolist()
    orders = np.array(
        [
            data.draw(st.permutations(eligible)) + data.draw(st.permutations(ineligible))
            for _ in range(4)
        ],
        dtype=np.int64,
    )
    funded = RankOrderWalk.of(scores, limits).fund(orders)
    ids = scores.matrix.bid_ids
    for row, order in zip(funded, orders, strict=True):
        expected = rank_order_selection(dataclasses.replace(scores, order=order), limits).funded
        assert {ids[i] for i in np.flatnonzero(row)} == set(expected)


def test_a_solver_stopped_at_once_still_funds_close_to_the_best_possible(tmp_path):
    """A regional pipeline with allocations by year: the solver gets no time at all, and
    best value must still come from the linear relaxation's rounding, within a few percent
    (a proven gap), rather than fall back to the rank-order funding line (which year limits
    leave far below the best)."""
    bids_path, survey_path = write_demo(tmp_path, 1_500, seed=11)
    criteria, scales = load_criteria(), load_scales()
    dataset, _ = load_dataset(
        bids_path, survey_path, scales, assessment_date=criteria.assessment_date
    )
    scores = score_bids(compute_values(dataset, criteria, scales), criteria.weights)
    drawn: dict[str, float] = {}
    for bid in dataset.bids:
        for year, amount in bid.grant_by_year.items():
            drawn[year] = drawn.get(year, 0.0) + amount
    limits = FundingLimits(
        None, None, capital_by_year={year: 0.05 * amount for year, amount in drawn.items()}
    )
    rank_order = rank_order_selection(scores, limits)
    stopped = best_value_selection(scores, limits, time_limit=1e-3)
    assert stopped.mip_gap is not None and stopped.mip_gap < 0.05
    assert stopped.total_score > rank_order.total_score
    funded = stopped.funded_set
    assert keeps_every_limit([b for b in dataset.bids if b.bid_id in funded], limits)
