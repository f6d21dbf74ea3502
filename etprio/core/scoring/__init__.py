"""Criteria, the value of each bid on each criterion, and the one weighted sum that scores them.

`score_bids` is the only place a score is computed; the app, the command line, the report and
sensitivity analysis all call it.
"""

from etprio.core.scoring.criteria import CriteriaSet, Criterion, load_criteria
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.scoring.weighted_sum import AllWeightsZero, Scores, score_bids

__all__ = [
    "AllWeightsZero",
    "CriteriaSet",
    "Criterion",
    "Scores",
    "ValueMatrix",
    "compute_values",
    "load_criteria",
    "score_bids",
]
