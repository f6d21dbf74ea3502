"""TOPSIS through scikit-criteria, offered as a clearly labelled alternative view.

The submission always uses the weighted sum (CONTRACT §2.3). scikit-criteria's API has
moved between releases, so none of its types leave this module, and it is imported only
when asked for: it takes seconds to load. Only its TOPSIS and vector scaler are used, not
its pipelines, whose comparison tools import matplotlib: the frozen app leaves matplotlib
and seaborn out (``packaging/etprio.spec``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores, normalised_weights, ranked


def topsis_closeness(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Relative closeness to the ideal, in [0, 1], for values where higher is better.

    Criteria with no weight, or on which every bid is 0, cannot separate bids and would
    divide by zero in vector normalisation, so they are left out.
    """
    import skcriteria as skc
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.preprocessing.scalers import VectorScaler

    keep = (weights > 0) & np.any(values > 0, axis=0)
    if len(values) < 2 or not keep.any():
        return np.full(len(values), 0.5)
    matrix = values[:, keep]
    distinct = np.ptp(matrix, axis=0) > 0
    if not distinct.any():
        return np.full(len(values), 0.5)
    decision = skc.mkdm(
        matrix[:, distinct], [max] * int(distinct.sum()), weights=weights[keep][distinct]
    )
    result = TOPSIS().evaluate(VectorScaler(target="matrix").transform(decision))
    return np.asarray(result.e_.similarity, dtype=float)


def topsis_scores(matrix: ValueMatrix, weights: Sequence[float]) -> Scores:
    """A ranking by TOPSIS closeness × 100, ordered by the same eligibility and tie rules."""
    normalised = normalised_weights(weights)
    closeness = topsis_closeness(matrix.values, normalised)
    return ranked(matrix, normalised, 100.0 * closeness)
