"""Several CCGs' projects brought together into one regional pipeline (CONTRACT §8): each bid
known as ``CODE:bid_id``, ordered by each CCG's own scores or rescored with one criteria set,
and funded against the region's allocations by financial year.
"""

from etprio.core.region.pipeline import RegionCcg, open_ccgs, regional_rankings
from etprio.core.region.plan import RegionalPlan, RegionLimits, plan_region

__all__ = [
    "RegionCcg",
    "RegionLimits",
    "RegionalPlan",
    "open_ccgs",
    "plan_region",
    "regional_rankings",
]
