"""Stability intervals: how far one weight can move before the answer changes (CONTRACT §4).

A committee asks "what if training mattered more?". For criterion k that question is a path
through the weights: k's share of the total becomes t ∈ [0, 1] and every other criterion
keeps its share of the rest, w_j(t) = w_j·(1−t)/(1−w_k). Every score is then linear in t,
s_i(t) = a_i + b_i·t, so two bids swap places exactly where their lines cross. The interval
over which a set of bids stays the same is read off those crossings, exactly and without
sweeping (the idea of weight stability intervals in Mareschal, "Weight stability intervals
in multicriteria decision aid", EJOR 33, 1988, applied to a set instead of a full order).

* ``top_n``: the n best-ranked bids stay the same set while every bid inside ranks above
  every bid outside; each such pair gives a half-line, so the answer is their intersection.
* ``funded_set``: the rank-order funding line (CONTRACT §3) depends on the whole order, so
  the walk goes outward from the current weight through the crossings of eligible bids and
  re-runs :func:`etprio.core.funding.rank_order_selection` beyond each one that could matter,
  stopping at the first segment whose funded set differs.

When k is the only criterion with a weight, "the others keep their shares" is 0/0; they then
share the rest equally, the limit a committee would mean by "give the others some weight".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from etprio.core.funding import FundingLimits, rank_order_funded, rank_order_selection
from etprio.core.funding_samples import RankOrderWalk
from etprio.core.progress import TaskState, stop_if_asked
from etprio.core.scoring import Scores, score_bids
from etprio.core.smaa import rank_orders

TOP_N = "top_n"
FUNDED_SET = "funded_set"

_FLAT = 1e-12  # slope below which two lines are parallel: they never cross
_SAME_POINT = 1e-12  # crossings closer than this are one breakpoint
_PAIR_BLOCK = 2_000_000  # pairs examined at once, to bound memory on large data
_PROBE_BATCH = 64  # funding lines probed at once along a weight's path


@dataclass(frozen=True)
class SetChange:
    """How the set differs just beyond one end of an interval."""

    leaving: tuple[str, ...]
    entering: tuple[str, ...]


@dataclass(frozen=True)
class StabilityInterval:
    """Weight shares of one criterion (fractions of the total) over which the set holds."""

    criterion: str
    label: str
    current: float
    low: float
    high: float
    scope: str
    n: int
    below: SetChange | None = None
    above: SetChange | None = None

    def to_json(self) -> dict[str, Any]:
        """One entry of CONTRACT §4 ``stability``."""
        return {
            "criterion": self.criterion,
            "current": self.current,
            "low": self.low,
            "high": self.high,
            "scope": self.scope,
            "n": self.n,
        }


def weight_path(weights: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(rest, unit)`` such that the weights at share t of criterion k are
    ``rest·(1−t) + unit·t``; ``weights`` must already be normalised.

    >>> rest, unit = weight_path(np.array([0.5, 0.25, 0.25]), 0)
    >>> (rest * 0.8 + unit * 0.2).tolist()
    [0.2, 0.4, 0.4]
    """
    m = len(weights)
    rest = np.array(weights, dtype=float)
    rest[k] = 0.0
    total = rest.sum()
    if total > 0:
        rest /= total
    elif m > 1:
        rest[:] = 1.0 / (m - 1)
        rest[k] = 0.0
    unit = np.zeros(m)
    unit[k] = 1.0
    return rest, unit


def weights_at(weights: np.ndarray, k: int, t: float) -> np.ndarray:
    """The weights when criterion k has share ``t`` and the others keep their proportions."""
    rest, unit = weight_path(weights, k)
    return rest * (1.0 - t) + unit * t


def _lines(scores: Scores, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Every score along criterion k's path as ``a + b·t`` (as fractions, not points)."""
    values = scores.matrix.values
    rest, _ = weight_path(scores.weights, k)
    a = values @ rest
    return a, values[:, k] - a


def _bounds(da: np.ndarray, db: np.ndarray, t0: float, axis: int | None = None) -> tuple[Any, Any]:
    """Interval around ``t0`` on which every ``da + db·t`` keeps the sign it has at ``t0``.

    Pairs are oriented so that the line is ≥ 0 at ``t0`` (the first bid is above). A rising
    line bounds the interval from below at its root, a falling one from above; parallel
    lines never change sign. Roots on the wrong side of ``t0`` are rounding noise of a tie at
    ``t0`` and are clamped to it.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        root = -da / db
    low = np.where(db > _FLAT, np.minimum(root, t0), 0.0).max(axis=axis, initial=0.0)
    high = np.where(db < -_FLAT, np.maximum(root, t0), 1.0).min(axis=axis, initial=1.0)
    return low, high


def rank_intervals(scores: Scores, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per bid, the shares of criterion k over which no other bid passes it or falls behind
    it, so that its rank stays the same; arrays ``(low, high)`` indexed like the bids.

    Eligible and ineligible bids never swap (CONTRACT §2.3), so only pairs within a group
    count. Cost O(n²), in blocks of rows.
    """
    a, b = _lines(scores, k)
    t0 = float(scores.weights[k])
    rank = scores.rank
    eligible = scores.matrix.eligible
    n = len(a)
    low, high = np.zeros(n), np.ones(n)
    step = max(1, _PAIR_BLOCK // max(n, 1))
    for start in range(0, n, step):
        rows = np.arange(start, min(n, start + step))
        sign = np.where(rank[rows, None] < rank[None, :], 1.0, -1.0)
        rival = eligible[rows, None] == eligible[None, :]
        rival[np.arange(len(rows)), rows] = False
        da = np.where(rival, sign * (a[rows, None] - a[None, :]), 1.0)
        db = np.where(rival, sign * (b[rows, None] - b[None, :]), 0.0)
        low[rows], high[rows] = _bounds(da, db, t0, axis=1)
    return low, high


def stability_intervals(
    scores: Scores,
    *,
    top: int = 5,
    limits: FundingLimits | None = None,
    state: TaskState | None = None,
) -> tuple[StabilityInterval, ...]:
    """One interval per criterion, in the criteria file's order (CONTRACT §4 ``stability``).

    Scope ``funded_set`` when ``limits`` are given, else ``top_n`` with n = ``top``
    (at most the number of bids). The funded set's intervals walk the funding line many
    times and take seconds on a regional pipeline: ``state`` hears each criterion done and
    can stop the work between batches of probes.
    """
    criteria = scores.matrix.criteria.criteria
    if limits is not None:
        funded = frozenset(rank_order_selection(scores, limits).funded)
        intervals = []
        for k, c in enumerate(criteria):
            intervals.append(_funded_interval(scores, k, c.key, c.label, funded, limits, state))
            if state is not None:
                state.set_progress_value(100.0 * (k + 1) / len(criteria))
        return tuple(intervals)
    n = max(0, min(top, len(scores.order)))
    return tuple(_top_interval(scores, k, c.key, c.label, n) for k, c in enumerate(criteria))


def _top_interval(scores: Scores, k: int, key: str, label: str, n: int) -> StabilityInterval:
    t0 = float(scores.weights[k])
    low, high = 0.0, 1.0
    inside, outside = scores.order[:n], scores.order[n:]
    if len(scores.weights) > 1 and n and len(outside):
        a, b = _lines(scores, k)
        eligible = scores.matrix.eligible
        rival = eligible[inside, None] == eligible[None, outside]
        da = np.where(rival, a[inside, None] - a[None, outside], 1.0)
        db = np.where(rival, b[inside, None] - b[None, outside], 0.0)
        low, high = (float(x) for x in _bounds(da, db, t0))
    members = frozenset(scores.order[:n].tolist())

    return StabilityInterval(
        key,
        label,
        t0,
        low,
        high,
        TOP_N,
        n,
        below=_top_change(scores, k, low, -1, members) if low > 0 else None,
        above=_top_change(scores, k, high, +1, members) if high < 1 else None,
    )


def _top_change(
    scores: Scores, k: int, t: float, direction: int, members: frozenset[int]
) -> SetChange | None:
    """The set just past a boundary of the top-n interval. Lines that cross at a shallow
    angle differ by less than the 9-decimal tie tolerance right at the crossing, so the
    probe steps further out until the difference shows."""
    ids = scores.matrix.bid_ids
    for step in (1e-6, 1e-4, 1e-2):
        probe = min(1.0, max(0.0, t + direction * step))
        if probe == t:
            break
        moved = score_bids(scores.matrix, weights_at(scores.weights, k, probe), scores)
        beyond = frozenset(moved.order[: len(members)].tolist())
        if beyond != members:
            return _difference(ids, members, beyond)
    return None


def _difference(ids: tuple[str, ...], before: frozenset[int], after: frozenset[int]) -> SetChange:
    return SetChange(
        leaving=tuple(ids[i] for i in sorted(before - after)),
        entering=tuple(ids[i] for i in sorted(after - before)),
    )


def _funded_interval(
    scores: Scores,
    k: int,
    key: str,
    label: str,
    funded: frozenset[str],
    limits: FundingLimits,
    state: TaskState | None = None,
) -> StabilityInterval:
    t0 = float(scores.weights[k])
    interval = StabilityInterval(key, label, t0, 0.0, 1.0, FUNDED_SET, len(funded))
    if len(scores.weights) == 1:
        return interval
    matrix = scores.matrix
    ids = matrix.bid_ids
    index = {bid_id: i for i, bid_id in enumerate(ids)}
    members = frozenset(index[b] for b in funded)
    is_member = np.zeros(len(ids), dtype=bool)
    is_member[list(members)] = True
    tied_up = np.zeros(len(ids), dtype=bool)
    for i, bid in enumerate(matrix.bids):
        for d in bid.depends_on:
            tied_up[i] = True
            if d in index:
                tied_up[index[d]] = True
    crossings = _crossings(scores, k)

    def funded_at(t: float) -> frozenset[int]:
        moved = score_bids(matrix, weights_at(scores.weights, k, t), scores)
        return rank_order_funded(moved, limits)

    def may_change(pairs: np.ndarray) -> bool:
        """A swap of two bids both funded, or both not, cannot move the line unless a
        dependency could release a waiting bid in between."""
        i, j = pairs[:, 0], pairs[:, 1]
        return bool(np.any((is_member[i] != is_member[j]) | tied_up[i] | tied_up[j]))

    walk = RankOrderWalk.of(scores, limits)

    def first_change(probes: list[tuple[float, float]]) -> tuple[float, frozenset[int]] | None:
        """The first probe past which the funded set differs: the funding lines of a batch
        of probes in one pass of the vectorised walk, confirmed by the walk itself."""
        stop_if_asked(state)
        weights = np.array([weights_at(scores.weights, k, m) for _, m in probes])
        funded = walk.fund(rank_orders(scores, weights).astype(np.int64))
        differs = np.flatnonzero((funded != is_member).any(axis=1))
        if not differs.size:
            return None
        t, middle = probes[int(differs[0])]
        return t, funded_at(middle)

    bounds: dict[int, tuple[float, SetChange | None]] = {}
    for direction in (-1, +1):
        bounds[direction] = (0.0 if direction < 0 else 1.0, None)
        probes: list[tuple[float, float]] = []
        found = None
        for t, pairs, t_next in _breakpoints(crossings, t0, direction):
            if may_change(pairs):
                probes.append((t, (t + t_next) / 2))
            if len(probes) == _PROBE_BATCH:
                found, probes = first_change(probes), []
                if found is not None:
                    break
        if found is None and probes:
            found = first_change(probes)
        if found is not None:
            t, beyond = found
            bounds[direction] = (t, _difference(ids, members, beyond))
    return StabilityInterval(
        key,
        label,
        t0,
        bounds[-1][0],
        bounds[+1][0],
        FUNDED_SET,
        len(funded),
        below=bounds[-1][1],
        above=bounds[+1][1],
    )


def _crossings(scores: Scores, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Where along k's path each pair of eligible bids swaps: roots in [0, 1] and pairs."""
    a, b = _lines(scores, k)
    eligible = np.flatnonzero(scores.matrix.eligible)
    roots: list[np.ndarray] = []
    pairs: list[np.ndarray] = []
    step = max(1, _PAIR_BLOCK // max(len(eligible), 1))
    for start in range(0, len(eligible), step):
        rows = eligible[start : start + step]
        da = a[rows, None] - a[None, eligible]
        db = b[rows, None] - b[None, eligible]
        upper = rows[:, None] < eligible[None, :]
        with np.errstate(divide="ignore", invalid="ignore"):
            root = -da / db
        keep = upper & (np.abs(db) > _FLAT) & (root >= 0.0) & (root <= 1.0)
        r, c = np.nonzero(keep)
        roots.append(root[r, c])
        pairs.append(np.column_stack([rows[r], eligible[c]]))
    if not roots:
        return np.empty(0), np.empty((0, 2), dtype=np.int64)
    return np.concatenate(roots), np.concatenate(pairs)


def _breakpoints(
    crossings: tuple[np.ndarray, np.ndarray], t0: float, direction: int
) -> Iterator[tuple[float, np.ndarray, float]]:
    """Distinct crossings from ``t0`` outward, each with the pairs that swap there and the
    next breakpoint (or the end of [0, 1]), so that the segment between them can be probed.
    A crossing at ``t0`` itself comes first: the current order may hold only at that point."""
    roots, pairs = crossings
    if direction > 0:
        ahead = roots >= t0 - _SAME_POINT
        order = np.argsort(roots[ahead], kind="stable")
    else:
        ahead = roots <= t0 + _SAME_POINT
        order = np.argsort(-roots[ahead], kind="stable")
    roots, pairs = roots[ahead][order], pairs[ahead][order]
    end = 1.0 if direction > 0 else 0.0
    start = 0
    while start < len(roots):
        stop = start + 1
        while stop < len(roots) and abs(roots[stop] - roots[start]) <= _SAME_POINT:
            stop += 1
        t = float(roots[start])
        if abs(t - t0) <= _SAME_POINT:
            t = t0
        t_next = float(roots[stop]) if stop < len(roots) else end
        if t != end:
            yield t, pairs[start:stop], t_next
        start = stop
