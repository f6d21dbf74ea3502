"""CONTRACT §3 *In rank order* for many rankings at once: the funding line of every SMAA
sample (CONTRACT §4 ``funding_acceptability``).

The same walk as :func:`etprio.core.funding.selection.rank_order_selection` — budgets in the same
whole pence, a bid whose dependencies are not yet funded waiting and funded as soon as they
are if it still fits (best-ranked first), a bid that once did not fit never retried — run for
every sample of a block together: one pass down the rank positions, each step a handful of
numpy operations across all samples.

Dependencies cost almost nothing per step because when each dependent bid is tried is
worked out for all samples before the walk starts. A dependent is tried at its own place
when its dependencies rank above it, and otherwise just after the last of them is tried —
straight after the bid whose funding releases it, with the other bids released at the same
moment in rank order. So each sample's tries of dependent bids are a list sorted by that
moment, and the walk takes at each step the slice of tries that fall due there: the bid at
the step first, then the bids it releases. The one order this cannot express is a released
bid that must wait for another released at the same moment but ranked below it; the few
samples where that happens are walked one by one by the reference walk. The tests check
every sample against rank_order_selection, with chains of dependencies and cohort limits.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np

from etprio.core.funding.limits import FundingLimits, limit_rows
from etprio.core.funding.selection import bid_arrays, rank_order_funded
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.transposed import transposed

_EXIT_CHECK = 64  # steps between checks that some sample can still afford some bid
_INVERSE_CELLS = 4_000_000  # sample × bid cells of rank positions worked out at once


@dataclass(frozen=True)
class SampleFunding:
    """What a block of samples' funding lines add up to."""

    counts: np.ndarray  # per bid: samples that fund it
    same: int  # samples whose funded set is the current one


@dataclass(frozen=True, eq=False)
class Dependencies:
    """Which bids wait for which, laid out for working out every sample's tries at once.

    ``related`` are the bids that depend on others or are depended on; a bid's column is its
    place in ``related``. ``waiting`` are the dependent bids that can be funded at all
    (eligible, every dependency in the data, not in or below a cycle), parents before their
    dependents; ``parents`` gives each one's dependencies as columns, padded with a column
    past the end that stands for "no dependency"."""

    related: np.ndarray
    waiting: np.ndarray
    waiting_place: np.ndarray  # per bid: its place in ``waiting``, or -1
    waiting_column: np.ndarray  # per waiting bid: its own column
    parents: np.ndarray  # waiting bids × widest: dependencies' columns, padded
    depth: np.ndarray  # per waiting bid: 0 if no dependency waits itself, else one more
    chained: np.ndarray  # (parent, child) pairs of waiting bids, as places in ``waiting``

    @classmethod
    def of(cls, deps: tuple[tuple[int, ...], ...], fundable: np.ndarray) -> Dependencies:
        n = len(deps)
        has_deps = [i for i in range(n) if deps[i]]
        related = np.array(
            sorted({*has_deps, *(d for i in has_deps for d in deps[i])}), dtype=np.int64
        )
        column = np.full(n, -1, dtype=np.int64)
        column[related] = np.arange(len(related))
        depth: dict[int, int] = {}
        pending = [i for i in has_deps if fundable[i]]
        while pending:  # parents first; what never settles is in or below a cycle
            settled = [i for i in pending if all(not deps[d] or d in depth for d in deps[i])]
            if not settled:
                break
            for i in settled:
                depth[i] = max((depth[d] + 1 for d in deps[i] if deps[d]), default=0)
            pending = [i for i in pending if i not in depth]
        waiting = np.array(sorted(depth, key=lambda i: (depth[i], i)), dtype=np.int64)
        place = {i: k for k, i in enumerate(waiting.tolist())}
        width = max((len(deps[i]) for i in waiting.tolist()), default=0)
        parents = np.full((len(waiting), width), len(related), dtype=np.int64)
        for k, i in enumerate(waiting.tolist()):
            parents[k, : len(deps[i])] = column[list(deps[i])]
        chained = [
            (place[d], k) for k, i in enumerate(waiting.tolist()) for d in deps[i] if d in place
        ]
        waiting_place = np.full(n, -1, dtype=np.int64)
        waiting_place[waiting] = np.arange(len(waiting))
        return cls(
            related=related,
            waiting=waiting,
            waiting_place=waiting_place,
            waiting_column=column[waiting],
            parents=parents,
            depth=np.array([depth[i] for i in waiting.tolist()], dtype=np.int64),
            chained=np.array(chained, dtype=np.int64).reshape(-1, 2),
        )


@dataclass(frozen=True, eq=False)
class RankOrderWalk:
    """The walk for one ranking's bids and budgets; :meth:`fund` runs it for many orders."""

    scores: Scores
    limits: FundingLimits
    cost: np.ndarray  # bids × limits: pence each bid takes from each limit
    budget: np.ndarray  # per limit: pence available
    fundable: np.ndarray  # eligible, and every dependency is in the data
    plain: np.ndarray  # fundable and depending on no other bid: tried at its own place
    dependencies: Dependencies
    eligible_count: int
    floors: list[tuple[int, int]]  # once no sample has this much of a limit left, nothing fits
    current: np.ndarray  # funded now, per bid

    @classmethod
    def of(cls, scores: Scores, limits: FundingLimits) -> RankOrderWalk:
        matrix = scores.matrix
        arrays = bid_arrays(matrix)
        n = len(arrays.ids)
        rows = limit_rows(limits, arrays)
        cost = np.ascontiguousarray(rows.matrix.T).reshape(n, len(rows))
        fundable = np.asarray(matrix.eligible, dtype=bool) & np.array(
            [not m for m in arrays.missing_deps], dtype=bool
        )
        current = np.zeros(n, dtype=bool)
        current[list(rank_order_funded(scores, limits))] = True
        return cls(
            scores=scores,
            limits=limits,
            cost=cost,
            budget=rows.limit.copy(),
            fundable=fundable,
            plain=fundable & np.array([not d for d in arrays.deps], dtype=bool),
            dependencies=Dependencies.of(arrays.deps, fundable),
            eligible_count=int(matrix.eligible.sum()),
            floors=rows.floors(fundable),
            current=current,
        )

    def fund(self, order: np.ndarray) -> np.ndarray:
        """Funded bids (samples × bids) when each row of ``order`` is a ranking."""
        ranked, took = self._walk(order)
        funded = np.zeros(order.shape, dtype=bool)
        samples = np.broadcast_to(np.arange(order.shape[0]), ranked.shape)
        funded[samples[took], ranked[took]] = True
        return funded

    def tally(self, order: np.ndarray) -> SampleFunding:
        """How often each bid is funded, and how often the funded set is the current one,
        over the rankings in the rows of ``order``, without a samples × bids table."""
        ranked, took = self._walk(order)
        counts = np.bincount(ranked[took], minlength=order.shape[1])
        size = int(self.current.sum())
        current = (took & self.current[ranked]).sum(axis=0)
        same = int(((current == size) & (took.sum(axis=0) == size)).sum())
        return SampleFunding(counts=counts, same=same)

    def _walk(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ranked, took): the bid at each rank position of each sample (positions ×
        samples) and whether the walk funds it there."""
        c, n = order.shape
        ranked = transposed(order)
        # Flat (position, sample) cells, and one more row standing for "no dependency":
        # always funded, for padding.
        took = np.zeros((n + 1) * c, dtype=bool)
        took[n * c :] = True
        tries = _Tries.of(self, order)
        costs, left = self._costs(), [np.full(c, b, dtype=np.int64) for b in self.budget.tolist()]
        at = took[: n * c].reshape(n, c)
        for r in range(self.eligible_count):
            if r % _EXIT_CHECK == 0 and any(left[k].max() < need for k, need in self.floors):
                break
            bids = ranked[r]
            spent = [cost[bids] for cost in costs]
            take = at[r]
            np.less_equal(spent[0], left[0], out=take)
            for amount, remaining in zip(spent[1:], left[1:], strict=True):
                take &= amount <= remaining
            for amount, remaining in zip(spent, left, strict=True):
                np.subtract(remaining, amount, out=remaining, where=take)
            for due in tries.at[r]:
                tries.run(due, took, left)
        for s in tries.one_by_one.tolist():
            ranking = dataclasses.replace(self.scores, order=order[s])
            funded = np.fromiter(rank_order_funded(ranking, self.limits), dtype=np.int64)
            at[:, s] = np.isin(ranked[:, s], funded)
        return ranked, at

    def _costs(self) -> list[np.ndarray]:
        """One 1-D array per limit (numpy reduces across a short second axis slowly), a bid
        tried only as a dependent costing more than any budget in the first, so that a step
        needs no separate look-up of which bids it may fund."""
        costs = [np.ascontiguousarray(column) for column in self.cost.T]
        costs[0] = np.where(self.plain, costs[0], np.iinfo(np.int64).max)
        return costs


@dataclass(frozen=True, eq=False)
class _Tries:
    """Every sample's tries of dependent bids, in the order the walk makes them.

    Within a step a sample's tries come in this order: the bid at the step, then the bids
    its funding releases, best-ranked first. ``at[step]`` holds one slice for the first try
    of every sample with a try there, one for the second, and so on, to be run in turn."""

    sample: np.ndarray
    cell: np.ndarray  # the try's own (position, sample) cell
    parent_cells: np.ndarray  # tries × widest: its dependencies' cells
    amounts: list[np.ndarray]  # per limit: what the try takes
    at: list[list[slice]]
    one_by_one: np.ndarray  # samples whose releases this order cannot express

    @classmethod
    def of(cls, walk: RankOrderWalk, order: np.ndarray) -> _Tries:
        c, n = order.shape
        deps = walk.dependencies
        steps = walk.eligible_count
        at: list[list[slice]] = [[] for _ in range(steps)]
        if not deps.waiting.size:
            return cls(*(np.zeros(0, dtype=np.int64),) * 3, [], at, np.zeros(0, dtype=np.int64))
        place = _places(order, deps.related)  # samples × (related + 1), padded with n
        due = place.copy()
        due[:, -1] = -1
        for level in range(int(deps.depth.max()) + 1):
            chosen = np.flatnonzero(deps.depth == level)
            columns = deps.waiting_column[chosen]
            due[:, columns] = np.maximum(
                place[:, columns], due[:, deps.parents[chosen]].max(axis=2)
            )
        own, due = place[:, deps.waiting_column], due[:, deps.waiting_column]
        released = due > own
        first, then = deps.chained[:, 0], deps.chained[:, 1]
        tangled = (
            released[:, first]
            & released[:, then]
            & (due[:, first] == due[:, then])
            & (own[:, then] < own[:, first])
        ).any(axis=1)
        keep = (due < steps) & ~tangled[:, None]
        sample, which = np.nonzero(keep)
        step = due[sample, which]
        key = ((step * c + sample) * 2 + released[sample, which]) * n + own[sample, which]
        # A sample's tries stand at different places, so the keys differ: sorting them alone
        # gives the order, and each try is read back from its key and the sample's ranking,
        # several times faster than an argsort.
        key.sort()
        place_of_try = key % n
        sample = key // (2 * n) % c
        step = key // (2 * n * c)
        which = deps.waiting_place[order[sample, place_of_try]]
        # The k-th try of a sample at a step runs in the k-th part of that step: stably
        # sorted by (step, k), each part is a slice touching each sample at most once.
        group = step * c + sample
        starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
        tries = len(group)
        nth = np.arange(tries) - np.repeat(starts, np.diff(np.r_[starts, tries]))
        parts = int(nth.max(initial=0)) + 1
        if parts > 1:
            ranked = (step * parts + nth) * tries + np.arange(tries)
            ranked.sort()
            ranked %= tries
            sample, which, step, nth = sample[ranked], which[ranked], step[ranked], nth[ranked]
            place_of_try = place_of_try[ranked]
        part = step * parts + nth
        edges = np.flatnonzero(np.r_[True, part[1:] != part[:-1], True]) if part.size else ()
        for a, b in itertools.pairwise(np.asarray(edges, dtype=np.int64).tolist()):
            at[int(step[a])].append(slice(a, b))
        cells = place[sample[:, None], deps.parents[which]] * c + sample[:, None]
        bids = deps.waiting[which]
        return cls(
            sample=sample,
            cell=place_of_try * c + sample,
            parent_cells=cells,
            amounts=[np.ascontiguousarray(column[bids]) for column in walk.cost.T],
            at=at,
            one_by_one=np.flatnonzero(tangled),
        )

    def run(self, due: slice, took: np.ndarray, left: list[np.ndarray]) -> None:
        """Try one part of a step's tries: each funded if its dependencies are and it fits."""
        sample = self.sample[due]
        take = took[self.parent_cells[due]].all(axis=1)
        amounts = [amount[due] for amount in self.amounts]
        for amount, remaining in zip(amounts, left, strict=True):
            take &= amount <= remaining[sample]
        sample = sample[take]
        for amount, remaining in zip(amounts, left, strict=True):
            remaining[sample] -= amount[take]
        took[self.cell[due][take]] = True


def _places(order: np.ndarray, bids: np.ndarray) -> np.ndarray:
    """Samples × (bids + 1): where each of ``bids`` stands in each sample's ranking, and a
    last column holding n, the padding row of the walk."""
    c, n = order.shape
    out = np.full((c, len(bids) + 1), n, dtype=np.int64)
    step = max(1, _INVERSE_CELLS // max(n, 1))
    positions = np.broadcast_to(np.arange(n, dtype=np.int32), (min(step, c), n))
    for first in range(0, c, step):
        chunk = order[first : first + step]
        inverse = np.empty(chunk.shape, dtype=np.int32)
        np.put_along_axis(inverse, chunk, positions[: len(chunk)], axis=1)
        out[first : first + step, :-1] = inverse[:, bids]
    return out
