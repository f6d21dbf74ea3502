"""CONTRACT §3: the funding line in rank order, the best-value selection and the recurrent
liability by financial year; CONTRACT §4 ``funding --format json``."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.liability import liability
from etprio.core.funding.limits import FundingError, FundingLimits
from etprio.core.funding.plan import describe_differences, funding_json, plan_funding
from etprio.core.funding.selection import (
    Selection,
    _walk_order,
    rank_order_funded,
    rank_order_selection,
)
from etprio.core.model import Bid, Dataset, SchemeType
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from tests.strategies import SCALES

CRITERIA = load_criteria()
ON_TIME = date(2017, 1, 31)  # cohort 1: delivered by 31 March 2017
LATE = date(2020, 6, 30)  # cohort 3: unlikely within the scheme, so ineligible


def bid(
    bid_id: str,
    access: float,
    grant: float,
    recurrent: float = 0.0,
    *,
    completion: date = ON_TIME,
    depends_on: Sequence[str] = (),
    grant_pct: float = 100.0,
) -> Bid:
    """A technology bid whose score is exactly 20 × access when only access is weighted."""
    return Bid(
        bid_id=bid_id,
        title=f"Scheme {bid_id}",
        practice_code="A81001",
        scheme_type=SchemeType.TECHNOLOGY,
        capital_cost_gbp=grant * 100.0 / grant_pct,
        grant_pct=grant_pct,
        recurrent_revenue_gbp=recurrent,
        expected_completion=completion,
        scores={"access_score": access},
        depends_on=tuple(depends_on),
    )


def access_only(bids: Sequence[Bid]) -> Scores:
    """Score on the access criterion alone, so a bid's score is 20 × its access score."""
    matrix = compute_values(Dataset(tuple(bids)), CRITERIA, SCALES)
    return score_bids(matrix, [1.0 if key == "access" else 0.0 for key in CRITERIA.keys])


def reasons(selection: Selection) -> dict[str, str]:
    return dict(selection.not_funded)


# Envelope £1,000,000 of grant, headroom £50,000 a year. Scores are 20 × access.
HAND_CASE = [
    bid("A01", 5.0, 400_000, 10_000),  # rank 1, 100 pts: fits → funded (£400k, £10k/yr)
    bid("A02", 4.8, 150_000, 5_000, depends_on=["A06"]),  # rank 2, 96: waits for A06
    bid("A03", 4.6, 700_000),  # rank 3, 92: £1.1m > £1m → skipped, over by £100,000
    bid("A04", 4.4, 100_000, 30_000),  # rank 4, 88: £500k, £40k/yr → funded
    bid("A05", 4.2, 50_000, 12_400),  # rank 5, 84: £52,400/yr > £50k → skipped, over £2,400/yr
    bid("A06", 4.0, 200_000, 5_000),  # rank 6, 80: £700k, £45k/yr → funded; releases A02:
    #                                   £850k, £50k/yr — exactly the headroom → A02 funded
    bid("A07", 3.8, 150_000),  # rank 7, 76: £1,000,000 — exactly the envelope → funded
    bid("A08", 3.6, 10_000, depends_on=["A03"]),  # rank 8, 72: A03 was skipped → waits for ever
    bid("A09", 3.4, 1),  # rank 9, 68: £1,000,001 → skipped, over by £1
    bid("A10", 5.0, 1, completion=LATE),  # ineligible (cohort 3): ranked last, never funded
]
HAND_LIMITS = FundingLimits(capital_envelope=1_000_000, recurrent_headroom=50_000)


def test_rank_order_hand_case():
    scores = access_only(HAND_CASE)
    selection = rank_order_selection(scores, HAND_LIMITS)
    assert selection.funded == ("A01", "A02", "A04", "A06", "A07")
    assert reasons(selection) == {
        "A03": "skipped: would exceed the capital envelope by £100,000",
        "A05": "skipped: would exceed recurrent headroom by £2,400/yr",
        "A08": "waiting for A03, which is not funded",
        "A09": "skipped: would exceed the capital envelope by £1",
        "A10": "completes too late (unlikely within the scheme)",
    }
    assert [b for b, _ in selection.not_funded] == ["A03", "A05", "A08", "A09", "A10"]
    assert selection.grant_total == pytest.approx(1_000_000)
    assert selection.recurrent_total == pytest.approx(50_000)
    assert selection.total_score == pytest.approx(100 + 96 + 88 + 80 + 76)
    assert selection.mip_gap is None


def test_a_waiting_bid_that_no_longer_fits_is_skipped_with_the_overshoot():
    scores = access_only(
        [
            bid("T01", 5.0, 500, depends_on=["T03"]),  # waits; when T03 is funded, 900 > 800
            bid("T02", 4.0, 300),  # funded: 300
            bid("T03", 3.0, 100),  # funded: 400 → T01 would make 900
        ]
    )
    selection = rank_order_selection(scores, FundingLimits(800, 1))
    assert selection.funded == ("T02", "T03")
    assert reasons(selection) == {"T01": "skipped: would exceed the capital envelope by £100"}


def test_a_chain_of_waiting_bids_is_funded_as_soon_as_its_root_is():
    scores = access_only(
        [
            bid("C01", 5.0, 100, depends_on=["C02"]),
            bid("C02", 4.0, 100, depends_on=["C03"]),
            bid("C03", 3.0, 100),
            bid("C04", 2.0, 100),
        ]
    )
    selection = rank_order_selection(scores, FundingLimits(300, 1))
    assert selection.funded == ("C01", "C02", "C03")
    assert reasons(selection) == {"C04": "skipped: would exceed the capital envelope by £100"}


def test_limits_are_inclusive_to_the_penny():
    # 66% of £151,515.15 is £99,999.999 → £100,000.00 to the penny: exactly the envelope.
    scores = access_only([bid("P01", 4.0, 99_999.999, 0.0, grant_pct=66)])
    for select in (rank_order_selection, best_value_selection):
        assert select(scores, FundingLimits(100_000, 1)).funded == ("P01",)
        assert select(scores, FundingLimits(99_999.99, 1)).funded == ()
    scores = access_only([bid("R01", 4.0, 10, 25_000.0)])
    assert rank_order_selection(scores, FundingLimits(10, 25_000)).funded == ("R01",)
    assert best_value_selection(scores, FundingLimits(10, 25_000)).funded == ("R01",)
    assert reasons(rank_order_selection(scores, FundingLimits(10, 24_999.5))) == {
        "R01": "skipped: would exceed recurrent headroom by £0.50/yr"
    }


def test_cohort_capital_limits_bind_both_selections():
    scores = access_only(
        [
            bid("K01", 5.0, 400, completion=date(2018, 6, 1)),  # cohort 2
            bid("K02", 4.0, 300, completion=date(2018, 6, 1)),  # cohort 2
            bid("K03", 3.0, 300),  # cohort 1
        ]
    )
    limits = FundingLimits(10_000, 1, cohort_capital_limits={2: 500})
    rank_order = rank_order_selection(scores, limits)
    assert rank_order.funded == ("K01", "K03")
    assert reasons(rank_order) == {
        "K02": "skipped: would exceed the cohort 2 capital limit by £200"
    }
    assert best_value_selection(scores, limits).funded == ("K01", "K03")


def test_best_value_beats_the_ranking_when_a_big_bid_crowds_out_two_smaller_ones():
    scores = access_only([bid("B01", 5.0, 600), bid("B02", 4.5, 500), bid("B03", 4.0, 500)])
    limits = FundingLimits(1_000, 1)
    rank_order = rank_order_selection(scores, limits)
    best_value = best_value_selection(scores, limits)
    assert rank_order.funded == ("B01",)
    assert best_value.funded == ("B02", "B03")
    assert best_value.mip_gap == pytest.approx(0.0, abs=1e-9)
    assert reasons(best_value) == {"B01": "left out: would exceed the capital envelope by £600"}
    assert describe_differences(scores, rank_order, best_value) == (
        "Best value funds B02 and B03 instead of B01: together they add 70.0 points "
        "for £400 more grant.",
    )


def test_differences_when_both_selections_agree():
    scores = access_only([bid("S01", 5.0, 100), bid("S02", 4.0, 100)])
    plan = plan_funding(scores, FundingLimits(1_000, 1))
    assert plan.rank_order.funded == plan.best_value.funded == ("S01", "S02")
    assert plan.differences == ("Both selections fund the same 2 bids.",)


def test_best_value_names_what_a_left_out_bid_would_need():
    scores = access_only(
        [bid("D01", 1.0, 100, depends_on=["D02"]), bid("D02", 1.0, 100), bid("D03", 5.0, 150)]
    )
    selection = best_value_selection(scores, FundingLimits(200, 1))
    assert selection.funded == ("D03",)
    assert reasons(selection)["D01"] == (
        "left out: with D02, which it needs, would exceed the capital envelope by £150"
    )


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"capital_envelope": 0, "recurrent_headroom": 1}, "capital envelope must be more than £0"),
        ({"capital_envelope": -5, "recurrent_headroom": 1}, "not -£5"),
        ({"capital_envelope": 1, "recurrent_headroom": 0}, "recurrent headroom must be more"),
        ({"capital_envelope": 1, "recurrent_headroom": -250_000}, "not -£250,000"),
        ({"capital_envelope": math.nan, "recurrent_headroom": 1}, "capital envelope"),
        ({"capital_envelope": 1, "recurrent_headroom": 1, "horizon_years": 0}, "horizon"),
        ({"capital_envelope": 1, "recurrent_headroom": 1, "horizon_years": 2.5}, "whole number"),
        ({"capital_envelope": 1, "recurrent_headroom": 1, "rent_uplift_pct": -1}, "rent uplift"),
        (
            {"capital_envelope": 1, "recurrent_headroom": 1, "cohort_capital_limits": {1: -1}},
            "cohort 1 capital limit",
        ),
    ],
)
def test_bad_budgets_are_a_clear_usage_error(arguments, words):
    with pytest.raises(FundingError, match=words) as caught:
        FundingLimits(**arguments)
    assert caught.value.exit_code == 2


def test_limits_are_values_with_frozen_cohort_limits():
    cohorts = {2: 500}
    limits = FundingLimits(1_000, 100, cohort_capital_limits=cohorts)
    cohorts[2] = 1
    assert limits.cohort_capital_limits == {2: 500.0}
    same = FundingLimits(1_000.0, 100.0, cohort_capital_limits={2: 500.0})
    assert limits == same
    assert hash(limits) == hash(same)
    with pytest.raises(TypeError):
        limits.cohort_capital_limits[2] = 0  # type: ignore[index]


def test_liability_by_financial_year_hand_case():
    # Assessment date 30 June 2016 → the horizon starts with 2016/17 (April–March).
    scores = access_only(
        [
            bid("L01", 5.0, 100, 10_000, completion=date(2016, 12, 16)),  # from 2016/17
            bid("L02", 4.0, 100, 5_000, completion=date(2017, 3, 31)),  # from 2016/17 (31 March)
            bid("L03", 3.0, 100, 20_000, completion=date(2017, 4, 1)),  # from 2017/18 (1 April)
            bid("L04", 2.0, 100, 7_000, completion=date(2019, 1, 31)),  # from 2018/19
            bid("L05", 5.0, 100, 100_000, completion=LATE),  # ineligible: not in the pipeline
        ]
    )
    limits = FundingLimits(1_000, 100_000, horizon_years=4)
    years = liability(scores, ["L01", "L02", "L04"], limits)
    assert [(y.year, y.funded, y.pipeline) for y in years] == [
        ("2016/17", 15_000, 15_000),
        ("2017/18", 15_000, 35_000),
        ("2018/19", 22_000, 42_000),
        ("2019/20", 22_000, 42_000),
    ]
    uplifted = liability(
        scores, ["L01", "L02", "L04"], FundingLimits(1_000, 100_000, 3, rent_uplift_pct=10)
    )
    assert [y.funded for y in uplifted] == pytest.approx([15_000, 16_500, 22_000 * 1.21])
    assert [y.pipeline for y in uplifted] == pytest.approx([15_000, 38_500, 42_000 * 1.21])


def test_funding_json_has_the_contract_shape():
    scores = access_only(HAND_CASE)
    document = funding_json(scores, HAND_LIMITS)
    assert json.loads(json.dumps(document)) == document
    assert list(document) == [
        "capital_envelope",
        "recurrent_headroom",
        "rank_order",
        "best_value",
        "liability",
        "capital_by_year",
        "carry_forward",
    ]
    assert document["carry_forward"] is False
    assert all(entry["allocation"] is None for entry in document["capital_by_year"])
    assert document["capital_envelope"] == 1_000_000
    assert document["recurrent_headroom"] == 50_000
    for key, extra in (("rank_order", []), ("best_value", ["gap", "optimality"])):
        part = document[key]
        assert list(part) == [
            "funded",
            "not_funded",
            "total_score",
            "grant_total",
            "recurrent_total",
            *extra,
        ]
        assert all(isinstance(b, str) for b in part["funded"])
        assert all(set(entry) == {"bid_id", "reason"} for entry in part["not_funded"])
        assert all(entry["reason"] for entry in part["not_funded"])
        assert len(part["funded"]) + len(part["not_funded"]) == len(HAND_CASE)
    assert document["rank_order"]["funded"] == ["A01", "A02", "A04", "A06", "A07"]
    assert document["best_value"]["gap"] == 0.0
    assert document["best_value"]["optimality"] == "proven optimal"
    assert len(document["liability"]) == 10
    assert document["liability"][0] == {"year": "2016/17", "funded": 50_000, "pipeline": 62_400}
    assert [y["year"] for y in document["liability"]][-1] == "2025/26"


# --- properties -------------------------------------------------------------------------


@st.composite
def funding_cases(draw: st.DrawFn) -> tuple[Scores, FundingLimits]:
    """Up to 12 bids with random scores, costs, eligibility and acyclic dependencies
    (a bid may only depend on bids drawn before it), and budgets that bind."""
    n = draw(st.integers(1, 12))
    bids = []
    for i in range(n):
        earlier = [f"X{j:02d}" for j in range(i)]
        bids.append(
            bid(
                f"X{i:02d}",
                draw(st.integers(0, 50)) / 10,
                draw(st.integers(1, 1_000)),
                draw(st.sampled_from([0.0, 0.0, 50.0, 120.0, 333.33])),
                completion=draw(st.sampled_from([ON_TIME, date(2018, 5, 1), LATE])),
                depends_on=draw(st.lists(st.sampled_from(earlier), max_size=2, unique=True))
                if earlier
                else (),
                grant_pct=draw(st.sampled_from([50.0, 66.0, 100.0])),
            )
        )
    scores = access_only(bids)
    total = sum(b.grant_gbp for b in bids)
    cohort_limits = draw(
        st.one_of(
            st.none(),
            st.fixed_dictionaries({2: st.integers(0, 1_000).map(float)}),
        )
    )
    limits = FundingLimits(
        capital_envelope=draw(st.floats(1.0, max(1.0, total))),
        recurrent_headroom=draw(st.sampled_from([1.0, 100.0, 400.0, 10_000.0])),
        cohort_capital_limits=cohort_limits,
    )
    return scores, limits


def brute_force_best(scores: Scores, limits: FundingLimits) -> float:
    """The largest total score of any feasible set, by trying every subset."""
    matrix = scores.matrix
    bids = matrix.bids
    index = {b.bid_id: i for i, b in enumerate(bids)}
    pence = np.array(
        [[round(b.grant_gbp * 100), round(b.recurrent_revenue_gbp * 100)] for b in bids]
    )
    cohort_limits = limits.cohort_capital_limits or {}
    best = 0.0
    for chosen in itertools.product([False, True], repeat=len(bids)):
        picked = np.array(chosen, dtype=bool)
        if np.any(picked & ~matrix.eligible):
            continue
        if any(
            picked[i] and not all(picked[index[d]] for d in b.depends_on)
            for i, b in enumerate(bids)
        ):
            continue
        grant, recurrent = pence[picked].sum(axis=0) if picked.any() else (0, 0)
        if grant > round(limits.capital_envelope * 100):
            continue
        if recurrent > round(limits.recurrent_headroom * 100):
            continue
        if any(
            pence[picked & (matrix.cohort == c), 0].sum() > round(cap * 100)
            for c, cap in cohort_limits.items()
        ):
            continue
        best = max(best, float(scores.score[picked].sum()))
    return best


def assert_feasible(scores: Scores, limits: FundingLimits, selection: Selection) -> None:
    matrix = scores.matrix
    bids = {b.bid_id: (i, b) for i, b in enumerate(matrix.bids)}
    funded = selection.funded_set
    assert len(funded) == len(selection.funded)
    assert funded.isdisjoint(b for b, _ in selection.not_funded)
    assert funded | {b for b, _ in selection.not_funded} == set(bids)
    assert all(reason for _, reason in selection.not_funded)
    for bid_id in funded:
        i, b = bids[bid_id]
        assert matrix.eligible[i], f"{bid_id} is ineligible but funded"
        assert set(b.depends_on) <= funded, f"{bid_id} funded without {b.depends_on}"
    grant = sum(round(bids[b][1].grant_gbp * 100) for b in funded)
    recurrent = sum(round(bids[b][1].recurrent_revenue_gbp * 100) for b in funded)
    assert grant <= round(limits.capital_envelope * 100)
    assert recurrent <= round(limits.recurrent_headroom * 100)
    for cohort, cap in (limits.cohort_capital_limits or {}).items():
        spend = sum(
            round(bids[b][1].grant_gbp * 100) for b in funded if matrix.cohort[bids[b][0]] == cohort
        )
        assert spend <= round(cap * 100)
    for i in range(len(matrix.bids)):
        if not matrix.eligible[i]:
            assert selection.reason(matrix.bids[i].bid_id) == matrix.ineligible_reason[i]
    ranks = [scores.rank[bids[b][0]] for b in selection.funded]
    assert ranks == sorted(ranks)


def literal_rank_order(scores: Scores, limits: FundingLimits) -> list[str]:
    """CONTRACT §3 read word for word: walk the ranking; after every funding, look again
    at every waiting bid, best-ranked first, until none can be funded."""
    matrix = scores.matrix
    bids = matrix.bids
    cohort_limits = limits.cohort_capital_limits or {}
    left = {
        "capital": round(limits.capital_envelope * 100),
        "recurrent": round(limits.recurrent_headroom * 100),
        **{c: round(cap * 100) for c, cap in cohort_limits.items()},
    }
    funded: list[int] = []
    gave_up: set[int] = set()
    waiting: list[int] = []

    def costs(i: int) -> dict:
        grant = round(bids[i].grant_gbp * 100)
        cost = {"capital": grant, "recurrent": round(bids[i].recurrent_revenue_gbp * 100)}
        if int(matrix.cohort[i]) in cohort_limits:
            cost[int(matrix.cohort[i])] = grant
        return cost

    def deps_funded(i: int) -> bool:
        return all(d in {bids[f].bid_id for f in funded} for d in bids[i].depends_on)

    def try_fund(i: int) -> bool:
        cost = costs(i)
        if all(cost[k] <= left[k] for k in cost):
            for k in cost:
                left[k] -= cost[k]
            funded.append(i)
            return True
        gave_up.add(i)
        return False

    for i in scores.order.tolist():
        if not matrix.eligible[i]:
            continue
        if not deps_funded(i):
            waiting.append(i)
            continue
        if try_fund(i):
            again = True
            while again:
                again = False
                for w in waiting:
                    ready = w not in funded and w not in gave_up and deps_funded(w)
                    if ready and try_fund(w):
                        again = True
                        break
    return sorted((bids[i].bid_id for i in funded), key=lambda b: scores.rank[bid_index(bids, b)])


def bid_index(bids: Sequence[Bid], bid_id: str) -> int:
    return next(i for i, b in enumerate(bids) if b.bid_id == bid_id)


@settings(max_examples=150, deadline=None)
@given(funding_cases())
def test_rank_order_follows_the_contract_rule_read_literally(case):
    scores, limits = case
    selection = rank_order_selection(scores, limits)
    assert list(selection.funded) == literal_rank_order(scores, limits)
    ids = scores.matrix.bid_ids
    assert {ids[i] for i in rank_order_funded(scores, limits)} == selection.funded_set


@settings(max_examples=150, deadline=None)
@given(funding_cases(), st.randoms(use_true_random=False), st.floats(0.01, 1.0))
def test_a_walk_is_reused_only_for_the_same_order_and_budgets(case, random, share):
    """A slider tick asks for the funding line of a new order after the old one was walked
    and cached; a budget typed into the Funding tab asks for the same order under new limits.
    Every answer is the contract's rule read literally and, reasons included, what a walk
    with nothing cached gives."""
    scores, limits = case
    shuffled = list(scores.order)
    random.shuffle(shuffled)
    reordered = dataclasses.replace(scores, order=np.array(shuffled, dtype=np.int64))
    assert limits.capital_envelope is not None
    tighter = dataclasses.replace(limits, capital_envelope=limits.capital_envelope * share)
    rank_order_selection(scores, limits)
    rank_order_funded(scores, limits)
    ids = scores.matrix.bid_ids
    for ranking, budgets in ((reordered, limits), (scores, tighter), (reordered, tighter)):
        selection = rank_order_selection(ranking, budgets)
        funded = rank_order_funded(ranking, budgets)
        assert list(selection.funded) == literal_rank_order(ranking, budgets)
        assert {ids[i] for i in funded} == selection.funded_set
        _walk_order.cache_clear()
        assert selection == rank_order_selection(ranking, budgets)
        assert funded == rank_order_funded(ranking, budgets)


def test_a_reused_walk_totals_the_scores_it_is_given():
    """Two weightings that rank the bids alike fund the same bids, but the line's total
    score is each weighting's own."""
    scores = access_only([bid(f"T{i}", 5 - i, 100) for i in range(4)])
    limits = FundingLimits(capital_envelope=250, recurrent_headroom=None)
    halved = dataclasses.replace(scores, score=scores.score / 2)
    first, second = rank_order_selection(scores, limits), rank_order_selection(halved, limits)
    assert second.funded == first.funded == ("T0", "T1")
    assert second.total_score == pytest.approx(first.total_score / 2)


@settings(max_examples=150, deadline=None)
@given(funding_cases())
def test_best_value_equals_brute_force(case):
    scores, limits = case
    best_value = best_value_selection(scores, limits)
    assert best_value.total_score == pytest.approx(brute_force_best(scores, limits), abs=1e-6)
    assert best_value.mip_gap == pytest.approx(0.0, abs=1e-9)


@settings(max_examples=150, deadline=None)
@given(funding_cases())
def test_both_selections_respect_budgets_dependencies_and_eligibility(case):
    scores, limits = case
    rank_order = rank_order_selection(scores, limits)
    best_value = best_value_selection(scores, limits)
    assert_feasible(scores, limits, rank_order)
    assert_feasible(scores, limits, best_value)
    assert best_value.total_score >= rank_order.total_score - 1e-9


@settings(max_examples=40, deadline=None)
@given(funding_cases())
def test_best_value_is_deterministic(case):
    scores, limits = case
    assert best_value_selection(scores, limits) == best_value_selection(scores, limits)


@settings(max_examples=150, deadline=None)
@given(funding_cases(), st.sampled_from([0.0, 1e-4, 1e-3]))
def test_a_time_limited_best_value_states_a_true_gap(case, time_limit):
    """However early the solver stops, the selection is feasible, no worse than the
    funding line, and within its stated gap of the optimum found by trying every set."""
    scores, limits = case
    best_value = best_value_selection(scores, limits, time_limit=time_limit)
    assert_feasible(scores, limits, best_value)
    assert best_value.mip_gap is not None
    assert 0.0 <= best_value.mip_gap <= 1.0
    assert best_value.total_score >= rank_order_selection(scores, limits).total_score - 1e-9
    optimum = brute_force_best(scores, limits)
    assert best_value.total_score >= optimum * (1 - best_value.mip_gap) - 1e-6
    if best_value.mip_gap == 0.0:
        assert best_value.optimality == "proven optimal"
    else:
        assert best_value.optimality.endswith("of the best possible")


@pytest.mark.parametrize(
    ("gap", "words"),
    [
        (0.0, "proven optimal"),
        (0.00271, "within 0.28% of the best possible"),
        (0.003, "within 0.30% of the best possible"),
        (0.0327, "within 3.3% of the best possible"),
        (1e-9, "within 0.001% of the best possible"),
    ],
)
def test_the_gap_is_said_in_plain_words_and_rounded_up(gap, words):
    selection = Selection("best_value", (), (), 0.0, 0.0, 0.0, mip_gap=gap)
    assert selection.optimality == words
