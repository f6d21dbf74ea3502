"""The recurrent revenue a CCG takes on, by financial year (CONTRACT §3 Liability).

*Liability* is finance's question ("if we have ten we will have a problem", DOMAIN
"Recurrent revenue"): the recurrent £ per financial year of the funded set and of the whole
pipeline, against the headroom.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from etprio.core.financial_years import financial_year_label, financial_year_start
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import bid_arrays
from etprio.core.scoring.weighted_sum import Scores


@dataclass(frozen=True)
class LiabilityYear:
    """Recurrent revenue in one financial year of the horizon (CONTRACT §3 Liability)."""

    start_year: int
    funded: float
    pipeline: float

    @property
    def year(self) -> str:
        return financial_year_label(self.start_year)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "funded": round(self.funded, 2),
            "pipeline": round(self.pipeline, 2),
        }


def liability(
    scores: Scores, funded_ids: Iterable[str], limits: FundingLimits
) -> list[LiabilityYear]:
    """CONTRACT §3 *Liability*: recurrent £ per financial year of the horizon.

    The horizon starts with the financial year (April–March) containing the criteria set's
    assessment date. Each bid counts its full annual recurrent revenue from the financial
    year in which it completes; ``funded`` sums the given bids, ``pipeline`` every eligible
    bid. With a rent uplift, amounts compound yearly from the first year of the horizon.
    """
    matrix = scores.matrix
    arrays = bid_arrays(matrix)
    first = financial_year_start(matrix.criteria.assessment_date)
    starts = np.array([financial_year_start(b.expected_completion) for b in matrix.bids], dtype=int)
    wanted = set(funded_ids)
    is_funded = np.array([bid_id in wanted for bid_id in arrays.ids], dtype=bool)
    growth = 1.0 + limits.rent_uplift_pct / 100.0
    years = []
    for k in range(limits.horizon_years):
        active = starts <= first + k
        uplift = growth**k
        years.append(
            LiabilityYear(
                start_year=first + k,
                funded=float(arrays.recurrent[active & is_funded].sum()) * uplift,
                pipeline=float(arrays.recurrent[active & matrix.eligible].sum()) * uplift,
            )
        )
    return years
