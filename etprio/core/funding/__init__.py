"""Which bids the budgets fund: the limits (capital envelope, recurrent headroom, allocations by
financial year with or without carry-forward), the rank-order funding line, the best-value
selection, the recurrent liability the CCG takes on, and the plan that joins them.
"""

from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.liability import LiabilityYear, liability
from etprio.core.funding.limits import FundingError, FundingLimits, parse_capital_by_year
from etprio.core.funding.plan import FundingPlan, plan_funding
from etprio.core.funding.selection import Selection, rank_order_selection

__all__ = [
    "FundingError",
    "FundingLimits",
    "FundingPlan",
    "LiabilityYear",
    "Selection",
    "best_value_selection",
    "liability",
    "parse_capital_by_year",
    "plan_funding",
    "rank_order_selection",
]
