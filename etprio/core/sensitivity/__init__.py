"""How far the result can be trusted: weight sampling (SMAA), the weight intervals over which the
top bids or the funded set stay the same, what it takes for a bid to reach a rank, and the
plain-language findings a committee reads.
"""

from etprio.core.sensitivity.analysis import SensitivityOptions, SensitivityReport, run
from etprio.core.sensitivity.smaa import SmaaResult
from etprio.core.sensitivity.stability import StabilityInterval, stability_intervals
from etprio.core.sensitivity.what_it_takes import WhatItTakes, what_it_takes

__all__ = [
    "SensitivityOptions",
    "SensitivityReport",
    "SmaaResult",
    "StabilityInterval",
    "WhatItTakes",
    "run",
    "stability_intervals",
    "what_it_takes",
]
