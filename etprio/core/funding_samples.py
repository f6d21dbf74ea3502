"""CONTRACT §3 *In rank order* for many rankings at once: the funding line of every SMAA
sample (CONTRACT §4 ``funding_acceptability``).

The same walk as :func:`etprio.core.funding.rank_order_selection` — budgets in the same
whole pence, dependencies waiting and released best-ranked first, a bid that once did not fit
never retried — run for every sample of a chunk together: one numpy step per rank position
instead of one Python walk per sample. The tests check it against rank_order_selection
sample by sample, including dependencies and cohort capital limits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etprio.core.funding import FundingLimits, bid_arrays, pence, rank_order_selection
from etprio.core.scoring import Scores


@dataclass(frozen=True, eq=False)
class RankOrderWalk:
    """The walk for one ranking's bids and budgets; :meth:`fund` runs it for many orders."""

    grant: np.ndarray
    recurrent: np.ndarray
    capital: int
    headroom: int
    cohort_column: np.ndarray  # per bid: column in cohort_caps, or -1 if its cohort is uncapped
    cohort_caps: np.ndarray
    parents: np.ndarray  # per bid: its dependencies' indices, padded with -1
    blocked: np.ndarray  # depends on a bid that is not in the data
    has_dependents: np.ndarray
    dependents: np.ndarray  # bids with dependencies
    child_of: np.ndarray  # bids × dependents: is the dependent waiting on this bid?
    eligible_count: int
    smallest_grant: int  # once every sample has less capital left, nothing more can fit
    current: np.ndarray  # funded now, per bid

    @classmethod
    def of(cls, scores: Scores, limits: FundingLimits) -> RankOrderWalk:
        matrix = scores.matrix
        arrays = bid_arrays(matrix)
        n = len(arrays.ids)
        caps = dict(limits.cohort_capital_limits or {})
        cohorts = sorted(caps)
        width = max((len(d) for d in arrays.deps), default=0)
        parents = np.full((n, width), -1, dtype=np.int64)
        for i, deps in enumerate(arrays.deps):
            parents[i, : len(deps)] = deps
        has_dependents = np.zeros(n, dtype=bool)
        has_dependents[parents[parents >= 0]] = True
        grant = np.array(arrays.grant_pence, dtype=np.int64)
        dependents = np.flatnonzero((parents >= 0).any(axis=1))
        funded = set(rank_order_selection(scores, limits).funded)
        return cls(
            grant=grant,
            recurrent=np.array(arrays.recurrent_pence, dtype=np.int64),
            capital=pence(limits.capital_envelope),
            headroom=pence(limits.recurrent_headroom),
            cohort_column=np.array(
                [cohorts.index(c) if c in caps else -1 for c in arrays.cohort], dtype=np.int64
            ),
            cohort_caps=np.array([pence(caps[c]) for c in cohorts], dtype=np.int64),
            parents=parents,
            blocked=np.array([bool(m) for m in arrays.missing_deps], dtype=bool),
            has_dependents=has_dependents,
            dependents=dependents,
            child_of=(parents[dependents][None, :, :] == np.arange(n)[:, None, None]).any(2),
            eligible_count=int(matrix.eligible.sum()),
            smallest_grant=int(grant[matrix.eligible].min()) if matrix.eligible.any() else 0,
            current=np.array([b in funded for b in arrays.ids], dtype=bool),
        )

    def fund(self, order: np.ndarray) -> np.ndarray:
        """Funded bids (samples × bids) when each row of ``order`` is a ranking."""
        c, n = order.shape
        walk = _Walk(self, c, n, order if len(self.dependents) else None)
        rows = np.arange(c)
        for r in range(self.eligible_count):
            if walk.capital.max() < self.smallest_grant:
                break
            bids = order[:, r]
            ready = walk.ready(rows, bids)
            take = ready & walk.fits(rows, bids)
            walk.spend(rows[take], bids[take])
            if walk.linked:
                walk.waiting[rows, bids] = ~ready
                freed = rows[take & self.has_dependents[bids]]
                if freed.size:
                    # Only a funded bid with a dependent already waiting can release anything.
                    waiting = walk.waiting[np.ix_(freed, self.dependents)]
                    freed = freed[(waiting & self.child_of[bids[freed]]).any(axis=1)]
                if freed.size:
                    walk.release(freed)
        return walk.funded


class _Walk:
    """Budgets and state of the rank-order walk for one chunk of samples."""

    def __init__(self, rules: RankOrderWalk, c: int, n: int, order: np.ndarray | None) -> None:
        self.rules = rules
        self.funded = np.zeros((c, n), dtype=bool)
        self.capital = np.full(c, rules.capital, dtype=np.int64)
        self.headroom = np.full(c, rules.headroom, dtype=np.int64)
        self.cohort_left = np.tile(rules.cohort_caps, (c, 1))
        self.linked = order is not None
        if order is not None:
            self.waiting = np.zeros((c, n), dtype=bool)
            self.failed = np.zeros((c, n), dtype=bool)
            self.rank_of = np.empty((c, n), dtype=np.int64)
            self.rank_of[np.arange(c)[:, None], order] = np.arange(n)

    def ready(self, rows: np.ndarray, bids: np.ndarray) -> np.ndarray:
        """Every dependency funded (a bid waits otherwise, CONTRACT §3)."""
        parents = self.rules.parents[bids]
        done = (parents < 0) | self.funded[rows[:, None], np.maximum(parents, 0)]
        return done.all(axis=1) & ~self.rules.blocked[bids]

    def fits(self, rows: np.ndarray, bids: np.ndarray) -> np.ndarray:
        rules = self.rules
        grant = rules.grant[bids]
        ok = (grant <= self.capital[rows]) & (rules.recurrent[bids] <= self.headroom[rows])
        if rules.cohort_caps.size:
            column = rules.cohort_column[bids]
            left = self.cohort_left[rows, np.maximum(column, 0)]
            ok &= (column < 0) | (grant <= left)
        return ok

    def spend(self, rows: np.ndarray, bids: np.ndarray) -> None:
        rules = self.rules
        self.funded[rows, bids] = True
        self.capital[rows] -= rules.grant[bids]
        self.headroom[rows] -= rules.recurrent[bids]
        if rules.cohort_caps.size:
            column = rules.cohort_column[bids]
            capped = column >= 0
            self.cohort_left[rows[capped], column[capped]] -= rules.grant[bids[capped]]

    def release(self, rows: np.ndarray) -> None:
        """Fund waiting bids whose dependencies are now all funded, best-ranked first, until
        none is left; one that no longer fits is never retried (budgets only shrink)."""
        rules = self.rules
        dependents = rules.dependents
        parents = rules.parents[dependents]
        unused, parents = parents < 0, np.maximum(parents, 0)
        blocked = rules.blocked[dependents]
        n = self.funded.shape[1]
        while rows.size:
            block = np.ix_(rows, dependents)
            parents_funded = self.funded[rows[:, None, None], parents[None]]
            ready = (unused | parents_funded).all(axis=2) & ~blocked
            candidates = self.waiting[block] & ~self.funded[block] & ~self.failed[block] & ready
            live = candidates.any(axis=1)
            rows, candidates = rows[live], candidates[live]
            if not rows.size:
                return
            rank = np.where(candidates, self.rank_of[np.ix_(rows, dependents)], n)
            pick = dependents[rank.argmin(axis=1)]
            fit = self.fits(rows, pick)
            self.spend(rows[fit], pick[fit])
            self.failed[rows[~fit], pick[~fit]] = True
