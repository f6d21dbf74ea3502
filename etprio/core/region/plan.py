"""The regional pipeline against the region's allocations (CONTRACT §8): both §3 selections
over the regional order, what each CCG asked for and gets, what does not fit and why, and
the ``region --format json`` document.

Revenue is each CCG's own to carry, so no recurrent limit applies in the region; capital is
limited by the allocation of each financial year (CONTRACT §7) and optionally in total.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from etprio.core.errors import UsageError
from etprio.core.financial_years import year_start
from etprio.core.funding.best_value import DEFAULT_TIME_LIMIT, best_value_selection
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import YearDrawdown, describe_differences, drawdown_by_year
from etprio.core.funding.selection import Selection, rank_order_selection
from etprio.core.model import Bid
from etprio.core.region.pipeline import (
    LOCAL,
    SCORE,
    RegionalRanking,
    RegionalScoring,
    RegionCcg,
    overturned_orders,
    regional_rankings,
)


@dataclass(frozen=True)
class RegionLimits:
    """The region's capital: an allocation per financial year (``"2017/18"`` → £), whether
    unspent allocation carries forward, and an optional total."""

    capital_by_year: Mapping[str, float] = field(default_factory=dict)
    carry_forward: bool = False
    capital: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "capital_by_year", MappingProxyType(dict(self.capital_by_year)))


def funding_limits(limits: RegionLimits, bids: Sequence[Bid]) -> FundingLimits:
    """The CONTRACT §3/§7 limits the region's walk and solver use.

    Revenue is each CCG's own, so there is no recurrent limit: without allocations by year
    (which is when :class:`FundingLimits` asks for one) the headroom is the whole pipeline's
    recurrent revenue, which every set fits.

    Raises:
        UsageError: neither an allocation by year nor a total was given.
    """
    if not limits.capital_by_year and limits.capital is None:
        raise UsageError(
            "give the region's allocations by year (--capital-by-year 2017/18=£26.1m,…) "
            "or its total capital (--capital)"
        )
    recurrent = None
    if not limits.capital_by_year:
        recurrent = sum(b.recurrent_revenue_gbp for b in bids) + 1.0
    return FundingLimits(
        capital_envelope=limits.capital,
        recurrent_headroom=recurrent,
        capital_by_year=dict(limits.capital_by_year) or None,
        carry_forward=limits.carry_forward,
    )


@dataclass(frozen=True)
class RegionalBid:
    """One row of the regional table (CONTRACT §8 ``bids``); ``funded`` and ``reason`` are
    the rank-order selection's."""

    regional_rank: int
    ccg: str
    bid_id: str
    title: str
    score: float
    local_rank: int
    grant: float
    grant_by_year: Mapping[str, float]
    funded: bool
    best_value: bool
    reason: str | None
    eligible: bool = True

    @property
    def regional_id(self) -> str:
        return f"{self.ccg}:{self.bid_id}"

    def to_json(self) -> dict[str, Any]:
        return {
            "regional_rank": self.regional_rank,
            "ccg": self.ccg,
            "bid_id": self.bid_id,
            "title": self.title,
            "score": round(self.score, 6),
            "local_rank": self.local_rank,
            "grant_by_year": {y: round(v, 2) for y, v in self.grant_by_year.items()},
            "funded": self.funded,
            "best_value": self.best_value,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class CcgTotals:
    """What one CCG brings to the region and what it gets (CONTRACT §8 ``ccgs``), and the
    first pair of its bids the ``score`` order puts the other way round, if any."""

    code: str
    name: str
    path: Path
    bids: int
    grant_requested: float
    grant_funded: float
    grant_best_value: float
    overturned: tuple[str, str] | None

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "bids": self.bids,
            "grant_requested": round(self.grant_requested, 2),
            "grant_funded": round(self.grant_funded, 2),
        }


@dataclass(frozen=True)
class RegionalPlan:
    """Everything the regional paper, the table and the app show, for one order."""

    order: str
    limits: RegionLimits
    ccgs: tuple[CcgTotals, ...]
    bids: tuple[RegionalBid, ...]
    years: tuple[YearDrawdown, ...]
    pipeline_by_year: Mapping[str, float]
    rank_order: Selection
    best_value: Selection
    differences: tuple[str, ...]
    criteria_name: str

    @property
    def overturned(self) -> tuple[CcgTotals, ...]:
        return tuple(c for c in self.ccgs if c.overturned is not None)

    def to_json(self) -> dict[str, Any]:
        """Exactly the CONTRACT §8 ``region --format json`` document."""
        return {
            "order": self.order,
            "ccgs": [c.to_json() for c in self.ccgs],
            "bids": [b.to_json() for b in self.bids],
            "capital_by_year": [y.to_json() for y in self.years],
        }


def plan_region(
    ccgs: Sequence[RegionCcg],
    limits: RegionLimits,
    *,
    order: str = LOCAL,
    scoring: RegionalScoring | None = None,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
) -> RegionalPlan:
    """Both selections over the chosen regional order against the region's limits
    (CONTRACT §8); the best-value solver stops after ``time_limit`` seconds with its gap
    stated."""
    scoring = scoring or RegionalScoring.given()
    rankings = regional_rankings(ccgs, scoring)
    ranking = rankings[order]
    scores = ranking.scores
    bids = scores.matrix.bids
    funding = funding_limits(limits, bids)
    rank_order = rank_order_selection(scores, funding)
    best_value = best_value_selection(scores, funding, time_limit=time_limit)
    rows = _rows(ranking, rank_order, best_value)
    return RegionalPlan(
        order=order,
        limits=limits,
        ccgs=_totals(ccgs, rows, overturned_orders(rankings[SCORE])),
        bids=rows,
        years=drawdown_by_year(scores, funding, rank_order, best_value),
        pipeline_by_year=MappingProxyType(_pipeline_by_year(rows)),
        rank_order=rank_order,
        best_value=best_value,
        differences=describe_differences(scores, rank_order, best_value),
        criteria_name=scoring.criteria.name,
    )


def _rows(
    ranking: RegionalRanking, rank_order: Selection, best_value: Selection
) -> tuple[RegionalBid, ...]:
    scores = ranking.scores
    bids = scores.matrix.bids
    funded, best = rank_order.funded_set, best_value.funded_set
    reasons = dict(rank_order.not_funded)
    return tuple(
        RegionalBid(
            regional_rank=position,
            ccg=ranking.ccg[i],
            bid_id=ranking.local_bid_id[i],
            title=bids[i].title,
            score=float(scores.score[i]),
            local_rank=ranking.local_rank[i],
            grant=bids[i].grant_gbp,
            grant_by_year=bids[i].grant_by_year,
            funded=bids[i].bid_id in funded,
            best_value=bids[i].bid_id in best,
            reason=reasons.get(bids[i].bid_id),
            eligible=bool(scores.matrix.eligible[i]),
        )
        for position, i in enumerate(scores.order.tolist(), start=1)
    )


def _totals(
    ccgs: Sequence[RegionCcg],
    rows: Sequence[RegionalBid],
    overturned: Mapping[str, tuple[str, str] | None],
) -> tuple[CcgTotals, ...]:
    by_ccg: dict[str, list[RegionalBid]] = {c.code: [] for c in ccgs}
    for row in rows:
        by_ccg[row.ccg].append(row)
    totals = []
    for ccg in ccgs:
        own = by_ccg[ccg.code]
        totals.append(
            CcgTotals(
                code=ccg.code,
                name=ccg.name,
                path=ccg.path,
                bids=len(own),
                grant_requested=sum(r.grant for r in own),
                grant_funded=sum(r.grant for r in own if r.funded),
                grant_best_value=sum(r.grant for r in own if r.best_value),
                overturned=overturned.get(ccg.code),
            )
        )
    return tuple(totals)


def _pipeline_by_year(rows: Sequence[RegionalBid]) -> dict[str, float]:
    """The grant every eligible scheme in the pipeline would draw, by financial year."""
    years: dict[str, float] = {}
    for row in filter(lambda r: r.eligible, rows):
        for year, grant in row.grant_by_year.items():
            years[year] = years.get(year, 0.0) + grant
    return dict(sorted(years.items(), key=lambda kv: year_start(kv[0])))
