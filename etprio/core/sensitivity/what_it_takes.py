"""What would it take: the smallest change of weights that lifts one bid to a target rank or
above the funding line, or the reason no weights can (DESIGN "Sensitivity").

Method. With weights w on the simplex (shares of the total), every score is linear in w,
so "bid b ranks above bid j" is the linear constraint (v_b − v_j)·w' ≥ ε. The change is
measured in the L1 norm, reported halved as *percentage points of weight moved*: weight
taken from some criteria and given to others, each point counted once (moving 5 points
from access to training is "5 points"). Writing w' = w + p − q with p, q ≥ 0 the problem is
a linear programme: minimise Σp + Σq subject to Σp = Σq, 0 ≤ q ≤ w, 0 ≤ p ≤ 1 − w and the
rank constraints; solved with ``scipy.optimize.linprog`` (HiGHS).

* Rank 1: b above every rival — one LP.
* Rank R > 1: at most R − 1 rivals may stay above b. A binary z_j per rival relaxes its
  constraint by a big M (scores lie in [0, 1], so M = 2 is enough) and Σz ≤ R − 1: a small
  0-1 programme, solved with ``scipy.optimize.milp``, chooses the rivals; the weights then
  come from the LP over the constraints that still bind.
* Above the funding line (CONTRACT §3 *In rank order*): b is certainly funded when b, its
  dependencies and every eligible bid ranked above it fit every budget together, with its
  dependencies ranked above it. The same z_j then also carry each rival's grant and
  recurrent £ into knapsack rows. That condition is sufficient, not necessary — the walk may
  skip a large bid above b that does not fit — so the change found is the least one that
  *guarantees* funding, and may overstate the least one that happens to give it.

Rivals that score at least as well on every criterion that can carry weight (and win the
tie-break) are above b whatever the weights; rivals b dominates are below it. Both are
settled before solving, which also names the dominating bids when no weights can help.
Every answer is checked by re-scoring with :func:`etprio.core.scoring.weighted_sum.score_bids`
(and :func:`etprio.core.funding.selection.rank_order_selection`); ``verified`` records the outcome.
The margin ε = 10⁻⁶ (a ten-thousandth of a point) keeps the answer clear of the solver's
tolerance and of ties, at a cost far below the one decimal place shown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypedDict, Unpack

import numpy as np

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits, limit_rows
from etprio.core.funding.selection import bid_arrays, rank_order_selection
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.wording import join_words

_MARGIN = 1e-6
_BIG_M = 2.0
_TIME_LIMIT_S = 20.0


@dataclass(frozen=True, eq=False)
class WhatItTakes:
    """The answer for one bid and one target.

    ``weights`` are the new shares (the current ones when the target is already met, None
    when no weights can reach it); ``points_moved`` is ½‖w' − w‖₁ in percentage points.
    ``optimal`` is False only when the solver stopped at its time limit with a feasible but
    unproven answer; ``verified`` says re-scoring confirmed the target is met.
    """

    bid_id: str
    target: str
    criteria: tuple[str, ...]
    current: np.ndarray
    possible: bool
    already: bool = False
    points_moved: float = 0.0
    weights: np.ndarray | None = None
    reason: str = ""
    rank_after: int | None = None
    verified: bool = False
    optimal: bool = True

    def changes(self) -> dict[str, float]:
        """Percentage-point change of each criterion that moves, largest first."""
        if self.weights is None:
            return {}
        delta = (self.weights - self.current) * 100.0
        moved = [
            (key, d) for key, d in zip(self.criteria, delta.tolist(), strict=True) if abs(d) >= 0.05
        ]
        return dict(sorted(moved, key=lambda item: -abs(item[1])))

    @property
    def sentence(self) -> str:
        """The answer in words, for the Sensitivity tab and the PDF."""
        if self.reason:
            return self.reason
        moves = ", ".join(
            f"{key.replace('_', ' ')} {'+' if delta > 0 else '−'}{abs(delta):.1f}"
            for key, delta in self.changes().items()
        )
        return (
            f"Moving {self.points_moved:.1f} points of weight lifts {self.bid_id} {self.target}: "
            f"{moves} (it would rank {self.rank_after})."
        )


def what_it_takes(
    scores: Scores,
    bid_id: str,
    *,
    rank: int | None = None,
    limits: FundingLimits | None = None,
    vary: Sequence[str] | None = None,
) -> WhatItTakes:
    """Least weight change (½·L1, percentage points) that puts ``bid_id`` at ``rank`` or
    better, or — with ``limits`` and no ``rank`` — above the rank-order funding line.

    ``vary`` restricts which criteria may change (default: all of them, including those now
    at 0); the others keep their current share.

    Raises:
        UsageError: unknown bid or criterion, a rank outside 1…n, or no target.
    """
    matrix = scores.matrix
    ids = matrix.bid_ids
    if bid_id not in ids:
        raise UsageError(f"there is no bid {bid_id}")
    if rank is None and limits is None:
        raise UsageError("give a target rank, or budgets for the funding line")
    if rank is not None and not 1 <= rank <= len(ids):
        raise UsageError(f"the target rank must be 1 to {len(ids)}, not {rank}")
    keys = matrix.criteria.keys
    unknown = sorted(set(vary or ()) - set(keys))
    if unknown:
        raise UsageError(f"unknown criterion {', '.join(unknown)}")
    problem = _Problem(scores, ids.index(bid_id), keys if vary is None else tuple(vary))
    if rank is not None:
        return problem.to_rank(rank)
    assert limits is not None
    return problem.to_funding(limits)


class _Outcome(TypedDict, total=False):
    """The fields of :class:`WhatItTakes` that depend on how the search ended."""

    possible: bool
    already: bool
    points_moved: float
    weights: np.ndarray | None
    reason: str
    rank_after: int | None
    verified: bool
    optimal: bool


class _Problem:
    """One bid and its rivals, split into those the weights can and cannot reorder."""

    def __init__(self, scores: Scores, b: int, vary: Sequence[str]) -> None:
        matrix = scores.matrix
        self.scores = scores
        self.b = b
        self.name = matrix.bid_ids[b]
        self.w = scores.weights
        self.movable = np.array([key in vary for key in matrix.criteria.keys], dtype=bool)
        # Only criteria that can carry weight decide dominance.
        live = self.movable | (self.w > 0)
        diff = matrix.values[:, live] - matrix.values[b, live]
        position = scores.tiebreak.static_key
        eligible = matrix.eligible
        self.above_always = (np.all(diff >= 0, axis=1) & (position < position[b])) | (
            eligible & ~eligible[b]
        )
        self.below_always = (np.all(diff <= 0, axis=1) & (position > position[b])) | (
            ~eligible & eligible[b]
        )
        self.above_always[b] = self.below_always[b] = False
        self.open = np.flatnonzero(~self.above_always & ~self.below_always)
        self.open = self.open[self.open != b]

    def _answer(self, target: str, **fields: Unpack[_Outcome]) -> WhatItTakes:
        return WhatItTakes(
            bid_id=self.name,
            target=target,
            criteria=self.scores.matrix.criteria.keys,
            current=self.w,
            **fields,
        )

    def _already(self, target: str, where: str) -> WhatItTakes:
        return self._answer(
            target,
            possible=True,
            already=True,
            weights=self.w,
            rank_after=int(self.scores.rank[self.b]),
            verified=True,
            reason=f"{self.name} is already {where}.",
        )

    def to_rank(self, rank: int) -> WhatItTakes:
        target = f"to rank {rank}"
        if self.scores.rank[self.b] <= rank:
            return self._already(target, f"at rank {self.scores.rank[self.b]}")
        fixed_above = np.flatnonzero(self.above_always)
        if len(fixed_above) >= rank:
            return self._answer(target, possible=False, reason=self._blocked(fixed_above, target))
        shares, optimal = self._solve(rank - 1 - len(fixed_above))
        return self._finish(target, shares, optimal, lambda s: int(s.rank[self.b]) <= rank)

    def to_funding(self, limits: FundingLimits) -> WhatItTakes:
        target = "above the funding line"
        matrix = self.scores.matrix
        ids = matrix.bid_ids
        if self.name in rank_order_selection(self.scores, limits).funded:
            return self._already(target, "above the funding line")
        if not matrix.eligible[self.b]:
            why = matrix.ineligible_reason[self.b]
            return self._answer(
                target,
                possible=False,
                reason=f"{self.name} is ineligible: {why}; ineligible bids are never funded.",
            )
        arrays = bid_arrays(matrix)
        if arrays.missing_deps[self.b]:
            missing = ", ".join(arrays.missing_deps[self.b])
            return self._answer(
                target,
                possible=False,
                reason=f"{self.name} depends on {missing}, which is not in the data.",
            )
        needs = _ancestors(arrays.deps, self.b)
        behind = [ids[d] for d in needs if self.below_always[d]]
        if behind:
            return self._answer(
                target,
                possible=False,
                reason=f"{self.name} waits for {', '.join(behind)}, which ranks below it under "
                "any weights, so no weighting guarantees it is funded.",
            )
        rows = limit_rows(limits, arrays)
        cost = rows.matrix.astype(float)
        budget = rows.limit.astype(float)
        own = cost[:, [self.b, *needs]].sum(axis=1)
        if np.any(own > budget):
            with_deps = f" with {', '.join(ids[d] for d in needs)}" if needs else ""
            return self._answer(
                target,
                possible=False,
                reason=f"No weighting funds {self.name}: its cost{with_deps} exceeds the "
                "budgets on its own.",
            )
        fixed_above = np.flatnonzero(self.above_always & matrix.eligible)
        left = budget - own - cost[:, np.setdiff1d(fixed_above, needs)].sum(axis=1)
        if np.any(left < 0):
            return self._answer(
                target,
                possible=False,
                reason=self._blocked(fixed_above, target, budgets=True),
            )
        shares, optimal = self._solve(0, cost=cost, left=left, needs=needs)

        def funded(moved: Scores) -> bool:
            return self.name in rank_order_selection(moved, limits).funded

        return self._finish(target, shares, optimal, funded)

    def _blocked(self, above: np.ndarray, target: str, *, budgets: bool = False) -> str:
        matrix = self.scores.matrix
        if not matrix.eligible[self.b] and np.any(matrix.eligible[above]):
            return (
                f"{self.name} is ineligible, and ineligible bids rank after every eligible "
                f"bid, so no weighting lifts it {target}."
            )
        named = [matrix.bid_ids[i] for i in above[:5]]
        if len(above) > len(named):
            named.append(f"{len(above) - len(named)} more")
        verb = "scores" if len(above) == 1 else "score"
        tail = f", and with them {self.name} does not fit the budgets" if budgets else ""
        return (
            f"No weighting lifts {self.name} {target}: {join_words(named)} {verb} at least as "
            f"well on every criterion{tail}."
        )

    def _solve(
        self,
        allowed_above: int,
        *,
        cost: np.ndarray | None = None,
        left: np.ndarray | None = None,
        needs: Sequence[int] = (),
    ) -> tuple[np.ndarray | None, bool]:
        """New shares (None when infeasible) and whether they are a proven optimum.

        Each rival gives a row ``gain·(p − q) ≥ ε − lead`` (gain: b's values minus the
        rival's; lead: b's current lead). A dependency must instead stay ahead of b, so its
        row is negated. When some rivals may stay above, a 0-1 programme picks which; the
        weights are then found by a linear programme over the rows that still bind, so the
        integrality tolerance of the 0-1 solver (times big M) cannot eat the margin.
        """
        rivals = self.open
        is_need = np.isin(rivals, list(needs))
        sign = np.where(is_need, -1.0, 1.0)[:, None]
        gain = self.scores.matrix.values[self.b] - self.scores.matrix.values[rivals]
        rows = sign * gain
        low = _MARGIN - rows @ self.w
        binding = np.ones(len(rivals), dtype=bool)
        optimal = True
        if cost is not None or allowed_above > 0:
            chosen, optimal = self._rivals_left_above(
                rows, low, is_need, allowed_above, None if cost is None else cost[:, rivals], left
            )
            if chosen is None:
                return None, True
            binding = ~chosen | is_need
        return self._least_change(rows[binding], low[binding]), optimal

    def _bounds(self) -> np.ndarray:
        """Bounds of (p, q): a criterion can gain up to 1 − w and lose up to w, if it moves."""
        rise = np.where(self.movable, 1 - self.w, 0.0)
        fall = np.where(self.movable, self.w, 0.0)
        return np.column_stack([np.zeros(2 * len(self.w)), np.concatenate([rise, fall])])

    def _least_change(self, rows: np.ndarray, low: np.ndarray) -> np.ndarray | None:
        """min Σp + Σq  s.t.  rows·(p − q) ≥ low,  Σp = Σq."""
        from scipy.optimize import linprog

        m = len(self.w)
        result = linprog(
            np.ones(2 * m),
            A_ub=-np.hstack([rows, -rows]),
            b_ub=-low,
            A_eq=np.concatenate([np.ones(m), -np.ones(m)])[None, :],
            b_eq=[0.0],
            bounds=self._bounds(),
            method="highs",
        )
        if result.status != 0:
            return None
        shares: np.ndarray = np.clip(self.w + result.x[:m] - result.x[m:], 0.0, None)
        return shares / float(shares.sum())

    def _rivals_left_above(
        self,
        rows: np.ndarray,
        low: np.ndarray,
        is_need: np.ndarray,
        allowed_above: int,
        cost: np.ndarray | None,
        left: np.ndarray | None,
    ) -> tuple[np.ndarray | None, bool]:
        """Which rivals stay above b (z = 1) in a least change: a 0-1 programme in which
        z relaxes a rival's row by big M and either Σz ≤ allowed_above (rank target) or
        the rivals above fit the budgets left (funding target). Dependencies have z = 1."""
        from scipy.optimize import Bounds, LinearConstraint, milp

        m, k = len(self.w), len(rows)
        relax = np.diag(np.where(is_need, 0.0, _BIG_M))
        balance = np.concatenate([np.ones(m), -np.ones(m), np.zeros(k)])
        if cost is not None and left is not None:
            scale = np.maximum(np.abs(left) + cost[:, is_need].sum(axis=1), 1.0)
            limit = np.hstack([np.zeros((len(cost), 2 * m)), cost / scale[:, None]])
            limit_high = (left + cost[:, is_need].sum(axis=1)) / scale
        else:
            limit = np.concatenate([np.zeros(2 * m), np.ones(k)])[None, :]
            limit_high = np.array([float(allowed_above)])
        constraints = [
            LinearConstraint(np.hstack([rows, -rows, relax]), low, np.inf),
            LinearConstraint(balance[None, :], 0.0, 0.0),
            LinearConstraint(limit, -np.inf, limit_high),
        ]
        bounds = self._bounds()
        result = milp(
            np.concatenate([np.ones(2 * m), np.zeros(k)]),
            integrality=np.concatenate([np.zeros(2 * m), np.ones(k)]),
            bounds=Bounds(
                np.concatenate([bounds[:, 0], is_need.astype(float)]),
                np.concatenate([bounds[:, 1], np.ones(k)]),
            ),
            constraints=constraints,
            options={"time_limit": _TIME_LIMIT_S},
        )
        if result.x is None:
            return None, True
        return result.x[2 * m :] > 0.5, result.status == 0

    def _finish(
        self,
        target: str,
        shares: np.ndarray | None,
        optimal: bool,
        reached: Callable[[Scores], bool],
    ) -> WhatItTakes:
        if shares is None:
            return self._answer(
                target,
                possible=False,
                reason=f"No weighting of the criteria that may change lifts {self.name} {target}.",
            )
        moved = score_bids(self.scores.matrix, shares, self.scores)
        return self._answer(
            target,
            possible=True,
            points_moved=50.0 * float(np.abs(shares - self.w).sum()),
            weights=shares,
            rank_after=int(moved.rank[self.b]),
            verified=reached(moved),
            optimal=optimal,
        )


def _ancestors(deps: Sequence[Sequence[int]], b: int) -> list[int]:
    """Every bid ``b`` depends on, directly or not."""
    seen: set[int] = set()
    stack = list(deps[b])
    while stack:
        d = stack.pop()
        if d not in seen and d != b:
            seen.add(d)
            stack.extend(deps[d])
    return sorted(seen)
