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
  the walk goes outward from the current weight through the crossings that could move it
  (a funded bid with an unfunded one, or two funded bids where a dependency is involved),
  keeping what each limit has left at each bid up to date, and stops at the first crossing
  past which the funded set differs, confirmed by
  :func:`etprio.core.funding.selection.rank_order_funded` itself.

When k is the only criterion with a weight, "the others keep their shares" is 0/0; they then
share the rest equally, the limit a committee would mean by "give the others some weight".
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.samples import RankOrderWalk
from etprio.core.funding.selection import bid_arrays, rank_order_funded, rank_order_selection
from etprio.core.progress import TaskState, stop_if_asked
from etprio.core.scoring.weighted_sum import Scores, score_bids

TOP_N = "top_n"
FUNDED_SET = "funded_set"

_FLAT = 1e-12  # slope below which two lines are parallel: they never cross
_SAME_POINT = 1e-12  # crossings closer than this are one breakpoint
_PAIR_BLOCK = 2_000_000  # pairs examined at once, to bound memory on large data


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


# Complexity counts its three closures, which share the interval's state.
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
    lines = _FundingLines(scores, k, is_member, tied_up)
    walk = RankOrderWalk.of(scores, limits)

    def funded_at(t: float) -> tuple[Scores, frozenset[int]]:
        moved = score_bids(matrix, weights_at(scores.weights, k, t), scores)
        return moved, rank_order_funded(moved, limits)

    bounds: dict[int, tuple[float, SetChange | None]] = {}
    for direction in (-1, +1):
        bounds[direction] = (0.0 if direction < 0 else 1.0, None)
        walked = _FundingMoments(scores, members, walk)
        for t, pairs, t_next in lines.breakpoints(t0, direction):
            if (
                t == t0
                or walked.needs_walk(pairs)
                or walked.may_fit_after(pairs, lines.slope, direction)
            ):
                stop_if_asked(state)
                moved, beyond = funded_at((t + t_next) / 2)
                if beyond != members:
                    bounds[direction] = (t, _difference(ids, members, beyond))
                    break
                walked.reorder(moved)
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


class _FundingMoments:
    """When the rank-order walk funds each bid of a ranking whose funded set is known, and
    what is left of each limit when it reaches each bid.

    While the funded set holds, a swap of two bids both outside it, or both inside it and
    not a bid and its own dependency, changes nothing; a bid outside the set with no
    dependencies changes the line only by overtaking a funded bid and then fitting what is
    left. So the walk outward along a weight's path updates this table at each crossing of
    a funded and an unfunded bid, and walks the ranking again only where a dependency could
    change the order in which waiting bids are released, or where a bid could now fit.
    """

    def __init__(self, scores: Scores, funded: frozenset[int], walk: RankOrderWalk) -> None:
        arrays = bid_arrays(scores.matrix)
        self.arrays = arrays
        self.walk = walk
        self.funded = np.zeros(len(arrays.ids), dtype=bool)
        self.funded[list(funded)] = True
        self.chosen = np.array(sorted(funded), dtype=np.int64)
        self.linked = [g for g in self.chosen.tolist() if arrays.deps[g]]
        tied = np.array([bool(d) for d in arrays.deps], dtype=bool) | np.array(
            [bool(d) for d in arrays.dependents], dtype=bool
        )
        blocked = np.array(
            [
                bool(arrays.missing_deps[i]) or not all(self.funded[d] for d in arrays.deps[i])
                for i in np.flatnonzero(tied).tolist()
            ],
            dtype=bool,
        )
        blocked_all = np.zeros(len(arrays.ids), dtype=bool)
        blocked_all[np.flatnonzero(tied)] = blocked
        # Outside the set, tied to a dependency and not blocked by an unfunded one: its
        # place among the waiting bids could matter, so a crossing walks the ranking again.
        self.walk_on_cross = tied & ~self.funded & ~blocked_all
        self.blocked = blocked_all & ~self.funded
        self.waiting = [i for i in np.flatnonzero(self.walk_on_cross).tolist() if arrays.deps[i]]
        self.reorder(scores)

    def reorder(self, scores: Scores) -> None:
        """What is left at each bid, and funded at each place, for a ranking with the same
        funded set."""
        arrays, walk = self.arrays, self.walk
        place = scores.rank
        moment = place.copy()
        known: set[int] = set()

        def funded_when(g: int) -> int:
            if g not in known and arrays.deps[g]:
                known.add(g)
                moment[g] = max([int(place[g])] + [funded_when(d) for d in arrays.deps[g]])
            return int(moment[g])

        for g in self.linked:
            funded_when(g)
        when = moment[self.chosen]
        by_moment = np.argsort(when, kind="stable")
        chosen, when = self.chosen[by_moment], when[by_moment]
        spent = np.zeros((len(chosen) + 1, walk.cost.shape[1]), dtype=np.int64)
        np.cumsum(walk.cost[chosen], axis=0, out=spent[1:])
        self.left = walk.budget[None, :] - spent[np.searchsorted(when, place, side="left")]
        # What the walk funds at a funded bid's own place: itself and the waiting bids it
        # releases; nothing for a bid that waited (it is funded at its dependency's place).
        self.funded_there = np.zeros_like(walk.cost)
        self.funded_there[chosen] = walk.cost[chosen]
        released = [g for g in self.linked if moment[g] != place[g]]
        for g in released:
            self.funded_there[g] = 0
        for g in released:
            self.funded_there[scores.order[moment[g] - 1]] += walk.cost[g]
        # The unfunded bids waiting for a funded dependency, by the funded bid at whose
        # place they are released: what is left there decides whether they fit.
        self.waiting_at: dict[int, list[int]] = {}
        # Per bid tried where it is released rather than at its own place, that moment
        # (else -1): bids released together are tried best-ranked first, so a funded and
        # an unfunded one trading places may trade being funded.
        self.released_at = np.full(len(arrays.ids), -1, dtype=np.int64)
        self.released_at[released] = moment[released]
        for w in self.waiting:
            release = max(int(moment[d]) for d in arrays.deps[w])
            if release > place[w]:
                self.waiting_at.setdefault(int(scores.order[release - 1]), []).append(w)
                self.released_at[w] = release
        self.releasing = np.zeros(len(arrays.ids), dtype=bool)
        self.releasing[list(self.waiting_at)] = True
        self.waiting_now = np.zeros(len(arrays.ids), dtype=bool)
        self.waiting_now[[w for ws in self.waiting_at.values() for w in ws]] = True

    def needs_walk(self, pairs: np.ndarray) -> bool:
        """A bid and its own dependency both funded swap (the release order of waiting bids
        may change), a funded and an unfunded bid released at the same moment swap (which
        is tried first may change), or an unfunded bid waiting for dependencies crosses one
        of them or the bid that releases it (it may stop or start waiting). Elsewhere a
        waiting bid's place does not matter: it is tried where it is released."""
        i, j = pairs[:, 0], pairs[:, 1]
        both = self.funded[i] & self.funded[j]
        if both.any():
            deps = self.arrays.deps
            if any(
                b in deps[a] or a in deps[b]
                for a, b in zip(i[both].tolist(), j[both].tolist(), strict=True)
            ):
                return True
        mixed = self.funded[i] != self.funded[j]
        together = mixed & (self.released_at[i] >= 0) & (self.released_at[i] == self.released_at[j])
        if together.any():
            return True
        mixed &= self.walk_on_cross[i] | self.walk_on_cross[j]
        for a, b in zip(i[mixed].tolist(), j[mixed].tolist(), strict=True):
            waiting, funded = (b, a) if self.funded[a] else (a, b)
            if funded in self.arrays.deps[waiting] or waiting in self.waiting_at.get(funded, ()):
                return True
        return False

    def may_fit_after(self, pairs: np.ndarray, slope: np.ndarray, direction: int) -> bool:
        """Update what is left at each unfunded bid that crosses a funded one, and at each
        funded bid releasing waiting ones that crosses a funded one; whether one of the
        unfunded bids could now fit."""
        releases = self._released_may_fit(pairs, slope, direction)
        return self._passing_may_fit(pairs, slope, direction) or releases

    def _released_may_fit(self, pairs: np.ndarray, slope: np.ndarray, direction: int) -> bool:
        """A waiting bid is tried right after the bid that releases it, so it can fit no
        more than what is left there after that bid: only a funded bid passing it changes
        that."""
        i, j = pairs[:, 0], pairs[:, 1]
        both = self.funded[i] & self.funded[j] & (self.releasing[i] | self.releasing[j])
        fits = False
        for a, b in zip(i[both].tolist(), j[both].tolist(), strict=True):
            for release, other in ((a, b), (b, a)):
                if not self.releasing[release]:
                    continue
                sign = 1 if (slope[release] - slope[other]) * direction > 0 else -1
                self.left[release] += sign * self.funded_there[other]
                after = self.left[release] - self.walk.cost[release]
                fits |= any(
                    bool((self.walk.cost[w] <= after).all()) for w in self.waiting_at[release]
                )
        return fits

    def _passing_may_fit(self, pairs: np.ndarray, slope: np.ndarray, direction: int) -> bool:
        i, j = pairs[:, 0], pairs[:, 1]
        mixed = self.funded[i] != self.funded[j]
        i, j = i[mixed], j[mixed]
        out = np.where(self.funded[i], j, i)
        into = np.where(self.funded[i], i, j)
        keep = ~self.blocked[out] & ~self.waiting_now[out]
        out, into = out[keep], into[keep]
        if not len(out):
            return False
        overtakes = (slope[out] - slope[into]) * direction > 0
        np.add.at(self.left, out, np.where(overtakes, 1, -1)[:, None] * self.funded_there[into])
        fundable = self.walk.fundable[out]
        return bool(((self.walk.cost[out] <= self.left[out]).all(axis=1) & fundable).any())


class _FundingLines:
    """The crossings along criterion k's path that could move the funding line, found a
    window at a time outward from the current weight.

    A swap of two bids that are both funded, or both not, cannot move the line unless a
    dependency could release a waiting bid in between, so only crossings of a funded bid
    with an unfunded one, or of a bid tied up in a dependency, are breakpoints: the funded
    set is constant between consecutive breakpoints. Two bids can only cross inside a window
    of width δ if their scores at its near end differ by at most δ times the spread of the
    slopes, so each window examines only pairs of near neighbours in score order, and the
    first change of a large pipeline (usually very close to the current weight) costs
    neighbours, not all n² pairs.
    """

    def __init__(self, scores: Scores, k: int, is_member: np.ndarray, tied_up: np.ndarray) -> None:
        a, b = _lines(scores, k)
        self.slope = b
        eligible = np.flatnonzero(scores.matrix.eligible)
        self.bids = eligible
        self.a, self.b = a[eligible], b[eligible]
        self.is_member = is_member[eligible]
        self.tied_up = tied_up[eligible]
        self.slope_spread = float(self.b.max() - self.b.min()) if len(eligible) else 0.0
        self.slack = 1e-12 * (1.0 + float(np.abs(self.a).max(initial=0.0)) + self.slope_spread)

    def breakpoints(self, t0: float, direction: int) -> Iterator[tuple[float, np.ndarray, float]]:
        """Distinct breakpoints from ``t0`` outward, each with the pairs of bids that swap
        there and the next breakpoint (or the end of [0, 1]), so that the segment between
        them can be probed. A crossing at ``t0`` itself comes first: the current order may
        hold only at that point."""
        end = 1.0 if direction > 0 else 0.0
        near = t0
        first = True
        pending: tuple[float, np.ndarray] | None = None
        pairs = 4 * len(self.a)
        while True:
            far = self._window_end(near, direction, end, pairs)
            pairs = min(4 * pairs, _PAIR_BLOCK)
            for t, swapping in self._window(near, far, direction, include_near=first):
                if pending is not None:
                    yield pending[0], pending[1], t
                pending = (t0 if abs(t - t0) <= _SAME_POINT else t, swapping)
                if pending[0] == end:
                    return
            first = False
            if far == end:
                break
            near = far
        if pending is not None:
            yield pending[0], pending[1], end

    def _window_end(self, near: float, direction: int, end: float, pairs: int) -> float:
        """The furthest point whose window from ``near`` examines at most ``pairs`` pairs
        (at least a sliver, so the walk always moves on). Windows start small and grow, so
        a change close to the current weight is found without looking further."""
        if self.slope_spread <= _FLAT:
            return end
        ranked = np.sort(self.a + self.b * near)
        ends = np.arange(1, len(ranked) + 1)

        def pairs_within(step: float) -> int:
            reach = step * self.slope_spread + self.slack
            return int((np.searchsorted(ranked, ranked + reach, side="right") - ends).sum())

        width = abs(end - near)
        step = min(width, 1e-6)
        while step < width and pairs_within(2 * step) <= pairs:
            step *= 2
        return end if step >= width else near + direction * step

    def _window(
        self, near: float, far: float, direction: int, *, include_near: bool
    ) -> Iterator[tuple[float, np.ndarray]]:
        """Outward, the distinct breakpoints strictly beyond ``near`` (or at it, for the
        first window) up to and including ``far``, each with its pairs of bids."""
        if self.slope_spread <= _FLAT or len(self.a) < 2:
            return
        score = self.a + self.b * near
        order = np.argsort(score, kind="stable")
        ranked = score[order]
        reach = abs(far - near) * self.slope_spread + self.slack
        count = np.searchsorted(ranked, ranked + reach, side="right") - np.arange(
            1, len(ranked) + 1
        )
        done = np.concatenate([[0], np.cumsum(count)])
        found = []
        start = 0
        while start < len(ranked):
            stop = max(
                start + 1, int(np.searchsorted(done, done[start] + _PAIR_BLOCK, "right")) - 1
            )
            found.append(self._crossings(order, count, start, min(stop, len(ranked))))
            start = stop
        root = np.concatenate([r for r, _ in found])
        pairs = np.concatenate([p for _, p in found])
        low, high = (near, far) if direction > 0 else (far, near)
        if include_near:
            keep = (root >= low - _SAME_POINT) & (root <= high + _SAME_POINT)
            keep &= (root >= -_SAME_POINT) & (root <= 1.0 + _SAME_POINT)
        elif direction > 0:
            keep = (root > near) & (root <= far)
        else:
            keep = (root < near) & (root >= far)
        # A crossing at an end of [0, 1] computes a hair outside it: it is at the end.
        root, pairs = np.clip(root[keep], 0.0, 1.0), pairs[keep]
        outward = np.argsort(root * direction, kind="stable")
        root, pairs = root[outward], pairs[outward]
        if not len(root):
            return
        starts = np.flatnonzero(np.concatenate([[True], np.abs(np.diff(root)) > _SAME_POINT]))
        for begin, stop in zip(starts.tolist(), [*starts[1:].tolist(), len(root)], strict=True):
            yield float(root[begin]), pairs[begin:stop]

    def _crossings(
        self, order: np.ndarray, count: np.ndarray, start: int, stop: int
    ) -> tuple[np.ndarray, np.ndarray]:
        """Where each bid ranked ``start…stop−1`` at the window's near end crosses the
        neighbours within its reach, for the pairs that could move the funding line."""
        reach = count[start:stop]
        first = np.repeat(np.arange(start, stop), reach)
        offset = np.arange(len(first)) - np.repeat(np.cumsum(reach) - reach, reach)
        i, j = order[first], order[first + 1 + offset]
        relevant = (self.is_member[i] != self.is_member[j]) | (
            self.is_member[i] & self.is_member[j] & (self.tied_up[i] | self.tied_up[j])
        )
        i, j = i[relevant], j[relevant]
        db = self.b[i] - self.b[j]
        steep = np.abs(db) > _FLAT
        i, j, db = i[steep], j[steep], db[steep]
        return -(self.a[i] - self.a[j]) / db, np.column_stack([self.bids[i], self.bids[j]])
