"""The one place a score is computed (CONTRACT §2.3). The GUI, CLI, PDF and exports all
call :func:`score_bids`, so they can never disagree about a score or a rank.

A weight change costs one matrix-vector product and one sort of 64-bit keys: each key packs
eligibility, the score to 9 decimal places and a precomputed tie-break position, so the order
is unique and the sort may start from the previous order, which after a small slider move
is nearly sorted already.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from etprio.core.errors import EtprioError
from etprio.core.scoring.values import ValueMatrix

SCORE_UNITS = 10**9  # "equal when they agree to 9 decimal places"
_SCORE_BITS = (100 * SCORE_UNITS).bit_length()
_PRESORT_FROM = 2048  # below this, starting from the previous order costs more than it saves


class AllWeightsZero(EtprioError):
    """A ranking needs at least one criterion that counts."""

    exit_code = 2

    def __init__(self) -> None:
        super().__init__("all weights are zero: give at least one criterion a weight")


def normalised_weights(weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """Weights on any scale, divided by their sum (CONTRACT §2).

    >>> normalised_weights([20, 20, 10]).tolist()
    [0.4, 0.4, 0.2]
    """
    raw = np.asarray(weights, dtype=float)
    total = float(raw.sum())
    if raw.ndim != 1 or not np.isfinite(total) or raw.min(initial=0.0) < 0:
        raise ValueError("weights must be a flat list of finite numbers ≥ 0")
    if not weights_acceptable(raw):
        raise AllWeightsZero
    return raw / total


def weights_acceptable(weights: Sequence[float] | np.ndarray) -> bool:
    """Whether weights can rank bids: none below zero and at least one above (CONTRACT §2.3:
    all weights zero is an error, never NaN). The app, the commands and the engine all ask
    this one rule.

    >>> weights_acceptable([0, 20, 0]), weights_acceptable([0, 0]), weights_acceptable([-5, 10])
    (True, False, False)
    """
    raw = np.asarray(weights, dtype=float)
    return bool(np.all(raw >= 0) and np.any(raw > 0))


@dataclass(frozen=True, eq=False)
class TieBreak:
    """Weight-independent part of every sort key, computed once per value matrix."""

    static_key: np.ndarray
    shift: int

    @classmethod
    def of(cls, matrix: ValueMatrix) -> TieBreak:
        n = len(matrix.bids)
        capital = np.array([b.capital_cost_gbp for b in matrix.bids], dtype=float)
        ids = np.array([b.bid_id for b in matrix.bids], dtype=object)
        position = np.empty(n, dtype=np.int64)
        position[np.lexsort((ids, capital, -matrix.deliverability))] = np.arange(n)
        shift = max(1, (n - 1).bit_length())
        if 1 + _SCORE_BITS + shift > 63:
            raise ValueError(f"too many bids to rank at once: {n}")
        ineligible = (~matrix.eligible).astype(np.int64) << (_SCORE_BITS + shift)
        return cls(ineligible | position, shift)

    def sort_keys(self, units: np.ndarray) -> np.ndarray:
        """One int64 key per bid whose ascending order is the CONTRACT §2.3 rank order, for
        scores in :data:`SCORE_UNITS` (bids on the last axis, any number of weightings
        before it). ``units`` is overwritten and returned, so that a chunk of samples is
        packed without a copy."""
        np.subtract(100 * SCORE_UNITS, units, out=units)
        units <<= self.shift
        units |= self.static_key
        return units

    def positions(self, keys: np.ndarray) -> np.ndarray:
        """The tie-break position packed in each of ``keys``, which are overwritten."""
        keys &= (1 << self.shift) - 1
        return keys


@dataclass(frozen=True, eq=False)
class Scores:
    """A ranking: scores, rank order and per-criterion contributions for one weighting."""

    matrix: ValueMatrix
    weights: np.ndarray
    score: np.ndarray
    order: np.ndarray
    tiebreak: TieBreak = field(repr=False)

    @cached_property
    def rank(self) -> np.ndarray:
        """1-based rank of each bid, indexed like ``matrix.bids``."""
        rank = np.empty(len(self.order), dtype=np.int64)
        rank[self.order] = np.arange(1, len(self.order) + 1)
        return rank

    @cached_property
    def contributions(self) -> np.ndarray:
        """Points each criterion adds to each bid's score; rows sum to the score."""
        points: np.ndarray = 100.0 * self.matrix.values * self.weights
        return points


def score_bids(
    matrix: ValueMatrix,
    weights: Sequence[float] | np.ndarray,
    previous: Scores | None = None,
) -> Scores:
    """Score and rank every bid for one set of weights (CONTRACT §2.3).

    ``previous`` only speeds the sort up; the result is the same with or without it.
    """
    normalised = normalised_weights(weights)
    if len(normalised) != matrix.values.shape[1]:
        raise ValueError("one weight per criterion is needed")
    score = matrix.values @ (normalised * 100.0)
    return ranked(matrix, normalised, score, previous)


def ranked(
    matrix: ValueMatrix,
    weights: np.ndarray,
    score: np.ndarray,
    previous: Scores | None = None,
) -> Scores:
    """Order bids by a score in [0, 100] with the CONTRACT §2.3 rule: eligible first, higher
    score (to 9 decimal places), higher deliverability, lower capital cost, bid_id."""
    reuse = previous if previous is not None and previous.matrix is matrix else None
    tiebreak = reuse.tiebreak if reuse is not None else TieBreak.of(matrix)
    keys = tiebreak.sort_keys(np.rint(score * SCORE_UNITS).astype(np.int64))
    if reuse is not None and len(keys) > _PRESORT_FROM:
        start = reuse.order
        order = start[np.argsort(keys[start], kind="stable")]
    else:
        order = np.argsort(keys, kind="stable")
    return Scores(matrix, weights, score, order, tiebreak)
