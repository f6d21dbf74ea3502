"""Everything CONTRACT §3 asks for, for one ranking and one set of budgets: both
selections, the liability of the rank-order set and what the best-value set does differently;
and the CONTRACT §4 ``funding --format json`` document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from etprio.core.funding import (
    DEFAULT_TIME_LIMIT,
    FundingLimits,
    Selection,
    best_value_selection,
    bid_arrays,
    pence,
    rank_order_selection,
)
from etprio.core.liability import LiabilityYear, liability
from etprio.core.scoring import Scores
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
class FundingPlan:
    """Everything CONTRACT §3 asks for, for one ranking and one set of budgets."""

    limits: FundingLimits
    rank_order: Selection
    best_value: Selection
    liability: tuple[LiabilityYear, ...]
    differences: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Exactly the CONTRACT §4 ``funding --format json`` document."""
        return {
            "capital_envelope": float(self.limits.capital_envelope),
            "recurrent_headroom": float(self.limits.recurrent_headroom),
            "rank_order": self.rank_order.to_json(),
            "best_value": self.best_value.to_json(),
            "liability": [year.to_json() for year in self.liability],
        }


def plan_funding(
    scores: Scores, limits: FundingLimits, *, time_limit: float | None = DEFAULT_TIME_LIMIT
) -> FundingPlan:
    """Both selections, the liability of the rank-order set and what differs (CONTRACT §3);
    the best-value solver stops after ``time_limit`` seconds with its gap stated."""
    rank_order = rank_order_selection(scores, limits)
    best_value = best_value_selection(scores, limits, time_limit=time_limit)
    return FundingPlan(
        limits=limits,
        rank_order=rank_order,
        best_value=best_value,
        liability=tuple(liability(scores, rank_order.funded, limits)),
        differences=describe_differences(scores, rank_order, best_value),
    )


def funding_json(scores: Scores, limits: FundingLimits) -> dict[str, Any]:
    """CONTRACT §4 ``funding --format json`` for one ranking and one set of budgets."""
    return plan_funding(scores, limits).to_json()
