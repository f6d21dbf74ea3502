"""Everything CONTRACT §3 and §7 ask for, for one ranking and one set of budgets: both
selections, the grant each draws by financial year against the allocations, the liability of
the rank-order set and what the best-value set does differently; and the CONTRACT §4
``funding --format json`` document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from etprio.core.financial_years import year_start
from etprio.core.funding.best_value import DEFAULT_TIME_LIMIT, best_value_selection
from etprio.core.funding.liability import LiabilityYear, liability
from etprio.core.funding.limits import FundingLimits, pence
from etprio.core.funding.selection import Selection, bid_arrays, rank_order_selection
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import format_gbp, join_words


def describe_differences(
    scores: Scores, rank_order: Selection, best_value: Selection
) -> tuple[str, ...]:
    """What the best-value set does differently from the rank-order funding line, in words.

    e.g. "Best value funds B12 and B14 instead of B05: together they add 9.3 points for
    £40,000 less grant." Committees use this to see what following the ranking costs.
    """
    arrays = bid_arrays(scores.matrix)
    index = {bid_id: i for i, bid_id in enumerate(arrays.ids)}
    ranked = scores.rank
    gained = sorted(best_value.funded_set - rank_order.funded_set, key=lambda b: ranked[index[b]])
    dropped = sorted(rank_order.funded_set - best_value.funded_set, key=lambda b: ranked[index[b]])
    if not gained and not dropped:
        count = len(rank_order.funded)
        return (f"Both selections fund the same {count} bid{'s' if count != 1 else ''}.",)

    def total(ids: Sequence[str], values: np.ndarray) -> float:
        return float(sum(values[index[b]] for b in ids))

    points = total(gained, scores.score) - total(dropped, scores.score)
    grant = total(gained, arrays.grant) - total(dropped, arrays.grant)
    recurrent = total(gained, arrays.recurrent) - total(dropped, arrays.recurrent)
    size = f"{abs(points):.1f} points for {_more_or_less(grant, 'grant')}"
    if gained:
        subject = "together they" if len(gained) > 1 else "it"
        verb = ("add" if points >= 0 else "lose") + ("" if len(gained) > 1 else "s")
        swap = f" instead of {join_words(dropped)}" if dropped else ""
        also = "" if dropped else "also "
        sentence = f"Best value {also}funds {join_words(gained)}{swap}: {subject} {verb} {size}"
    else:
        sentence = f"Best value leaves out {join_words(dropped)}, losing {size}"
    if pence(recurrent) != 0:
        sentence += f", with {_more_or_less(recurrent, 'recurrent revenue')} a year"
    return (sentence + ".",)


def _more_or_less(delta: float, what: str) -> str:
    if pence(delta) == 0:
        return f"the same {what}"
    return f"{format_gbp(abs(delta))} {'more' if delta > 0 else 'less'} {what}"


@dataclass(frozen=True)
class YearDrawdown:
    """One financial year of CONTRACT §7: the allocation (None when no year has one) and
    the grant each selection draws that year. With carry-forward, ``*_carried_in`` is the
    allocation earlier years left unspent under that selection (never below £0), so a
    committee sees how much of a year's room is last year's underspend; 0 without it."""

    year: str
    allocation: float | None
    rank_order: float
    best_value: float
    rank_order_carried_in: float = 0.0
    best_value_carried_in: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "allocation": None if self.allocation is None else round(self.allocation, 2),
            "rank_order": round(self.rank_order, 2),
            "best_value": round(self.best_value, 2),
        }


def drawdown_by_year(
    scores: Scores, limits: FundingLimits, rank_order: Selection, best_value: Selection
) -> tuple[YearDrawdown, ...]:
    """The grant each selection draws per financial year (CONTRACT §7 ``capital_by_year``):
    every year in which an eligible bid draws grant or that has an allocation, in order."""
    arrays = bid_arrays(scores.matrix)
    allocation = limits.capital_by_year
    eligible = np.asarray(scores.matrix.eligible, dtype=bool)
    drawn_by_eligible = (arrays.grant_by_year[:, eligible] != 0).any(axis=1)
    years = sorted(
        {y for y, drawn in zip(arrays.years, drawn_by_eligible.tolist(), strict=True) if drawn}
        | set(allocation or {}),
        key=year_start,
    )
    row = {year: k for k, year in enumerate(arrays.years)}
    index = {bid_id: i for i, bid_id in enumerate(arrays.ids)}

    def drawn(selection: Selection) -> list[float]:
        funded = [index[b] for b in selection.funded]
        return [
            float(arrays.grant_by_year[row[y], funded].sum()) if y in row else 0.0 for y in years
        ]

    def carried_in(spent: list[float]) -> list[float]:
        if allocation is None or not limits.carry_forward:
            return [0.0] * len(years)
        carried, unspent = [], 0.0
        for year, amount in zip(years, spent, strict=True):
            carried.append(unspent)
            unspent = max(unspent + allocation.get(year, 0.0) - amount, 0.0)
        return carried

    ranked, best = drawn(rank_order), drawn(best_value)
    return tuple(
        YearDrawdown(
            year=year,
            allocation=None if allocation is None else allocation.get(year, 0.0),
            rank_order=r,
            best_value=b,
            rank_order_carried_in=rc,
            best_value_carried_in=bc,
        )
        for year, r, b, rc, bc in zip(
            years, ranked, best, carried_in(ranked), carried_in(best), strict=True
        )
    )


def _money(amount: float | None) -> float | None:
    return None if amount is None else float(amount)


@dataclass(frozen=True)
class FundingPlan:
    """Everything CONTRACT §3 and §7 ask for, for one ranking and one set of budgets."""

    limits: FundingLimits
    rank_order: Selection
    best_value: Selection
    liability: tuple[LiabilityYear, ...]
    differences: tuple[str, ...]
    capital_by_year: tuple[YearDrawdown, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Exactly the CONTRACT §4 ``funding --format json`` document with CONTRACT §7's
        ``capital_by_year`` and ``carry_forward``; a limit that is not set is null."""
        return {
            "capital_envelope": _money(self.limits.capital_envelope),
            "recurrent_headroom": _money(self.limits.recurrent_headroom),
            "rank_order": self.rank_order.to_json(),
            "best_value": self.best_value.to_json(),
            "liability": [year.to_json() for year in self.liability],
            "capital_by_year": [year.to_json() for year in self.capital_by_year],
            "carry_forward": self.limits.carry_forward,
        }


def plan_funding(
    scores: Scores, limits: FundingLimits, *, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> FundingPlan:
    """Both selections, their grant by year, the liability of the rank-order set and what
    differs (CONTRACT §3, §7);
    the best-value solver stops after ``time_limit`` seconds with its gap stated."""
    rank_order = rank_order_selection(scores, limits)
    best_value = best_value_selection(scores, limits, time_limit=time_limit)
    return FundingPlan(
        limits=limits,
        rank_order=rank_order,
        best_value=best_value,
        liability=tuple(liability(scores, rank_order.funded, limits)),
        differences=describe_differences(scores, rank_order, best_value),
        capital_by_year=drawdown_by_year(scores, limits, rank_order, best_value),
    )


def funding_json(scores: Scores, limits: FundingLimits) -> dict[str, Any]:
    """CONTRACT §4 ``funding --format json`` for one ranking and one set of budgets."""
    return plan_funding(scores, limits).to_json()
