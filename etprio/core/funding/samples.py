"""CONTRACT §3 *In rank order* for many rankings at once: the funding line of every SMAA
sample (CONTRACT §4 ``funding_acceptability``).

The same walk as :func:`etprio.core.funding.selection.rank_order_selection` — budgets in the same
whole pence, a bid whose dependencies are not yet funded waiting and funded as soon as they
are if it still fits (best-ranked first), a bid that once did not fit never retried — run for
every sample of a block together: one pass down the rank positions, each step a handful of
numpy operations across all samples. The layout keeps each step cheap at regional scale:
the bids at one rank position are one contiguous row, what each bid costs is one row of a
small table (capital, recurrent, each capped cohort), and dependency bookkeeping covers only
the bids that have dependencies or dependents. The tests check it against
rank_order_selection sample by sample, including dependencies and cohort capital limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etprio.core.funding.limits import FundingLimits, limit_rows
from etprio.core.funding.selection import bid_arrays, rank_order_selection
from etprio.core.scoring.weighted_sum import Scores

_EXIT_CHECK = 64  # steps between checks that some sample can still afford some bid


@dataclass(frozen=True, eq=False)
class SampleFunding:
    """What a block of samples' funding lines add up to."""

    counts: np.ndarray  # per bid: samples that fund it
    same: int  # samples whose funded set is the current one


@dataclass(frozen=True, eq=False)
class RankOrderWalk:
    """The walk for one ranking's bids and budgets; :meth:`fund` runs it for many orders."""

    cost: np.ndarray  # bids × limits: pence each bid takes from each limit
    budget: np.ndarray  # per limit: pence available
    fundable: np.ndarray  # eligible, and every dependency is in the data
    dependent_row: np.ndarray  # per bid: its row in parent_columns, or -1
    dependents: np.ndarray  # per dependent row: the bid
    parent_columns: np.ndarray  # dependent rows × width: parents' columns, padded with `parents`
    parent_column: np.ndarray  # per bid: its column among the parents, or -1
    children: np.ndarray  # parent columns × width: dependent rows, padded with no row
    parents: int  # how many bids have dependents
    eligible_count: int
    smallest_grant: int  # once no sample has this much of the first limit left, nothing fits
    current: np.ndarray  # funded now, per bid

    @classmethod
    def of(cls, scores: Scores, limits: FundingLimits) -> RankOrderWalk:
        matrix = scores.matrix
        arrays = bid_arrays(matrix)
        n = len(arrays.ids)
        rows = limit_rows(limits, arrays)
        cost = np.ascontiguousarray(rows.matrix.T).reshape(n, len(rows))
        budget = rows.limit.copy()
        fundable = np.asarray(matrix.eligible, dtype=bool) & np.array(
            [not m for m in arrays.missing_deps], dtype=bool
        )
        dependents = np.array([i for i in range(n) if arrays.deps[i]], dtype=np.int64)
        parent_bids = sorted({d for i in dependents.tolist() for d in arrays.deps[i]})
        parent_column = np.full(n, -1, dtype=np.int64)
        parent_column[parent_bids] = np.arange(len(parent_bids))
        width = max((len(arrays.deps[i]) for i in dependents.tolist()), default=0)
        parent_columns = np.full((len(dependents), width), len(parent_bids), dtype=np.int64)
        for row, i in enumerate(dependents.tolist()):
            parent_columns[row, : len(arrays.deps[i])] = parent_column[list(arrays.deps[i])]
        dependent_row = np.full(n, -1, dtype=np.int64)
        dependent_row[dependents] = np.arange(len(dependents))
        child_rows: list[list[int]] = [[] for _ in parent_bids]
        for row, columns in enumerate(parent_columns.tolist()):
            for column in columns:
                if column < len(parent_bids):
                    child_rows[column].append(row)
        children = np.full(
            (len(parent_bids), max((len(c) for c in child_rows), default=0)),
            len(dependents),
            dtype=np.int64,
        )
        for column, child in enumerate(child_rows):
            children[column, : len(child)] = child
        funded = set(rank_order_selection(scores, limits).funded)
        return cls(
            cost=cost,
            budget=budget,
            fundable=fundable,
            dependent_row=dependent_row,
            dependents=dependents,
            parent_columns=parent_columns,
            parent_column=parent_column,
            children=children,
            parents=len(parent_bids),
            eligible_count=int(matrix.eligible.sum()),
            smallest_grant=int(cost[fundable, 0].min()) if fundable.any() and len(rows) else 0,
            current=np.array([b in funded for b in arrays.ids], dtype=bool),
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
        ranked = np.ascontiguousarray(order.T)
        took = np.zeros((n, c), dtype=bool)
        state = _State(self, took)
        # One 1-D array per limit: numpy reduces across a short second axis slowly.
        costs = [np.ascontiguousarray(column) for column in self.cost.T]
        left = state.left
        for r in range(self.eligible_count):
            if r % _EXIT_CHECK == 0 and left[0].max() < self.smallest_grant:
                break
            bids = ranked[r]
            spent = [cost[bids] for cost in costs]
            take = self.fundable[bids]
            for amount, remaining in zip(spent, left, strict=True):
                take &= amount <= remaining
            if state.linked:
                state.wait_unless_ready(r, bids, take)
            took[r] = take
            for amount, remaining in zip(spent, left, strict=True):
                np.subtract(remaining, amount, out=remaining, where=take)
            if state.linked:
                state.release_after(bids, take)
        return ranked, took


class _State:
    """Budgets left and dependency bookkeeping of one block's walk."""

    def __init__(self, rules: RankOrderWalk, took: np.ndarray) -> None:
        c = took.shape[1]
        self.rules = rules
        self.took = took
        self.left = np.repeat(rules.budget[:, None], c, axis=1)  # limits × samples
        self.linked = rules.dependents.size > 0
        if self.linked:
            # The last column stands for "no parent": always funded, for padding.
            self.parents_funded = np.zeros((c, rules.parents + 1), dtype=bool)
            self.parents_funded[:, -1] = True
            # The last column stands for "no dependent": never waiting, for padding.
            self.waiting = np.zeros((c, len(rules.dependents) + 1), dtype=bool)
            # Where each waiting bid stands in its sample's ranking, recorded as it starts
            # to wait: the best-ranked of several released at once is funded first.
            self.position = np.zeros((c, len(rules.dependents)), dtype=np.int64)

    def wait_unless_ready(self, r: int, bids: np.ndarray, take: np.ndarray) -> None:
        """A dependent bid whose parents are not all funded is not taken; it waits."""
        rules = self.rules
        row = rules.dependent_row[bids]
        samples = np.flatnonzero(row >= 0)
        if not samples.size:
            return
        row = row[samples]
        ready = self.parents_funded[samples[:, None], rules.parent_columns[row]].all(axis=1)
        take[samples] &= ready
        waits = ~ready & rules.fundable[bids[samples]]
        self.waiting[samples[waits], row[waits]] = True
        self.position[samples[waits], row[waits]] = r

    def release_after(self, bids: np.ndarray, take: np.ndarray) -> None:
        """Record funded parents, and fund the waiting bids they complete."""
        column = self.rules.parent_column[bids]
        samples = np.flatnonzero(take & (column >= 0))
        if not samples.size:
            return
        column = column[samples]
        self.parents_funded[samples, column] = True
        waiting = self.waiting[samples[:, None], self.rules.children[column]].any(axis=1)
        if waiting.any():
            self._release(samples[waiting])

    def _release(self, samples: np.ndarray) -> None:
        """Fund waiting bids whose parents are now all funded, best-ranked first, until none
        is left; one that no longer fits is never retried (budgets only shrink)."""
        rules = self.rules
        n = self.took.shape[0]
        while samples.size:
            funded = self.parents_funded[samples[:, None, None], rules.parent_columns[None]]
            candidates = self.waiting[samples, :-1] & funded.all(axis=2)
            live = candidates.any(axis=1)
            samples, candidates = samples[live], candidates[live]
            if not samples.size:
                return
            pick = np.where(candidates, self.position[samples], n).argmin(axis=1)
            self.waiting[samples, pick] = False
            bids = rules.dependents[pick]
            fit = (self.left[:, samples] >= rules.cost[bids].T).all(axis=0)
            rows, pick, bids = samples[fit], pick[fit], bids[fit]
            self.left[:, rows] -= rules.cost[bids].T
            self.took[self.position[rows, pick], rows] = True
            column = rules.parent_column[bids]
            parent = column >= 0
            self.parents_funded[rows[parent], column[parent]] = True
