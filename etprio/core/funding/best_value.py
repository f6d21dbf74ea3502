"""The best-value selection (CONTRACT §3): the set with the largest total score that the
budgets can buy, proven so by a 0-1 programme, or the best found within a time limit with
its proven gap, so that a committee never waits on the solver.
"""

from __future__ import annotations

import contextlib
import ctypes
import heapq
import math
import os
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from etprio.core.funding.enumeration import best_by_enumeration
from etprio.core.funding.fixed_by_bound import FixedBids, Programme, fixed_by_bound
from etprio.core.funding.limits import FundingError, FundingLimits
from etprio.core.funding.selection import (
    BEST_VALUE,
    BidArrays,
    Selection,
    _Budget,
    _selection,
    _waiting_reason,
    bid_arrays,
    rank_order_selection,
)
from etprio.core.progress import TaskState, stop_if_asked
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import join_words

# Seconds the best-value solver may take before its best selection so far is used with its
# proven gap: a committee waits for a report or the command line, not for a live view.
DEFAULT_TIME_LIMIT = 10.0
LIVE_TIME_LIMIT = 2.0

# One solve at a time: the solver's stdout is silenced process-wide while it runs (see
# _solver_chatter_discarded), which two overlapping solves in different threads would undo.
_SOLVER_LOCK = threading.Lock()


def best_value_selection(
    scores: Scores,
    limits: FundingLimits,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    state: TaskState | None = None,
) -> Selection:
    """CONTRACT §3 *Best value*: the set with the largest total score within the budgets.

    An exact 0-1 programme, proven by the relaxation's bound and an enumeration of the bids
    it leaves open, or by ``scipy.optimize.milp`` (HiGHS) to a relative gap of 0 where the
    enumeration cannot finish (see :func:`_solved`). One binary variable per fundable bid;
    the constraint rows of
    :func:`~etprio.core.funding.limits.limit_rows` (capital envelope, recurrent headroom,
    cohort capital limits, each year's allocation or running allocation, CONTRACT §7), the
    same rows the rank-order walk's fit test reads; ``x_i ≤ x_j`` whenever bid i depends on
    bid j. Money is in whole pence so that inclusive limits hold exactly and an overshoot of
    a penny is a violation far beyond the solver's tolerance. Every step is deterministic
    (variables in rank order), so ties between optima are broken the same way every time for
    the same data and weights.

    Proving an optimum can take HiGHS minutes on adversarial data (grants strongly
    correlated with scores), and a committee cannot wait: after ``time_limit`` seconds (None:
    no limit) the best selection found so far is used — never worse than the rank-order
    funding line, which is always feasible — and ``mip_gap`` states how far it may be from
    the best possible, measured against the tightest proven bound.

    ``state`` can stop the work before the solver starts; once HiGHS runs it cannot be
    interrupted, only bounded by ``time_limit``.

    Raises FundingError if the solver fails for any reason other than the time limit, and
    Cancelled if ``state`` asked for a stop.
    """
    matrix = scores.matrix
    arrays = bid_arrays(matrix)
    budget = _Budget(limits, arrays)
    candidates = [
        i
        for i in scores.order.tolist()
        if matrix.eligible[i] and not arrays.missing_deps[i] and budget.fits(i)
    ]
    funded: set[int] = set()
    gap = 0.0
    if candidates:
        index = {bid_id: i for i, bid_id in enumerate(arrays.ids)}
        fallback = {index[b] for b in rank_order_selection(scores, limits).funded}
        stop_if_asked(state)
        funded, gap = _solved(scores, arrays, budget, candidates, fallback, time_limit)
    reasons = _left_out_reasons(scores, arrays, budget, funded)
    return _selection(BEST_VALUE, scores, arrays, funded, reasons, mip_gap=gap)


def _solved(
    scores: Scores,
    arrays: BidArrays,
    budget: _Budget,
    candidates: list[int],
    fallback: set[int],
    time_limit: float | None,
) -> tuple[set[int], float]:
    """The best selection found within the time limit, and its proven gap.

    The linear relaxation comes first: its optimum bounds every selection from above, and
    its whole bids, topped up greedily and improved by exchanges, give a selection that is
    usually within a hundredth of a percent of the best. When that selection already meets
    the bound it is proven best. Otherwise the bound fixes most bids
    (:mod:`~etprio.core.funding.fixed_by_bound`) and the few dozen left open are enumerated
    (:mod:`~etprio.core.funding.enumeration`): on 1,000 bids a proof in a tenth of the time
    HiGHS takes for the whole programme, where it spends a thousand nodes on exchanges of
    near-equal bids. Only when the enumeration gives up (too many partial selections, or the
    time limit) does HiGHS decide the open bids; its answer is kept only if it is better,
    and its proven bound only if it is tighter, so a solver stopped by the time limit on a
    regional pipeline still reports an honest, small gap.
    """
    from scipy.sparse import coo_array, csr_array, vstack

    started = time.monotonic()
    column = {bid: k for k, bid in enumerate(candidates)}
    n = len(candidates)
    rows = budget.rows.matrix[:, candidates].astype(float)
    upper = np.array([float(left) for left in budget.left])
    edges = [(column[i], column.get(d, -1)) for i in candidates for d in arrays.deps[i]]
    blocked = [k for k, j in edges if j < 0]
    links = [(k, j) for k, j in edges if j >= 0]
    r = np.arange(len(links))
    precedence = coo_array(
        (
            np.concatenate([np.ones(len(links)), -np.ones(len(links))]),
            (
                np.concatenate([r, r]),
                np.array([k for k, _ in links] + [j for _, j in links], dtype=np.int64),
            ),
        ),
        shape=(len(links), n),
    ).tocsr()
    upper_bound = np.ones(n)
    upper_bound[blocked] = 0.0
    score = np.array([scores.score[i] for i in candidates], dtype=float)

    # Every limit row, then x_child - x_parent <= 0 for each dependency: one matrix that both
    # the relaxation and the solver read.
    matrix = vstack([csr_array(rows), precedence])
    limit = np.concatenate([upper, np.zeros(len(links))])
    relaxed, bound, prices = _relaxation(score, matrix, limit, upper_bound)
    programme = Programme(
        score=score,
        rows=budget.rows.matrix[:, candidates],
        limit=np.asarray(budget.left, dtype=np.int64),
        prices=prices[: len(upper)],
        upper_bound=upper_bound,
        links=links,
    )
    net = programme.net
    movable = upper_bound > 0
    for k, j in links:
        movable[k] = movable[j] = False
    rounded = _rounded(relaxed, net, candidates, arrays, budget)
    best = max(
        fallback,
        _swapped(rounded, candidates, budget, score, net, movable),
        key=lambda s: _total(scores, s),
    )
    achieved = _total(scores, best)
    if achieved >= bound * (1 - _PROVEN):
        return best, 0.0

    deadline = None if time_limit is None else started + time_limit
    enumerated = _enumerated(
        programme,
        bound,
        achieved,
        None if time_limit is None else started + _SEARCH_SHARE * time_limit,
    )
    if enumerated is not None:
        chosen = {candidates[k] for k in enumerated}
        if not chosen:
            return best, 0.0
        if _feasible(arrays, budget, chosen):
            return max(best, chosen, key=lambda s: _total(scores, s)), 0.0
    fixed = fixed_by_bound(programme, achieved)
    if deadline is not None:
        time_limit = max(0.0, deadline - time.monotonic())
    result, found_columns, reduced_bound = _solved_rest(
        score, matrix, limit, upper_bound, fixed, time_limit
    )
    found = {candidates[k] for k in found_columns}
    if _total(scores, found) > achieved and _feasible(arrays, budget, found):
        best = found
    if result.status in (0, 2) and _total(scores, best) >= _total(scores, found):
        return best, 0.0
    achieved = _total(scores, best)
    if reduced_bound is not None:
        bound = min(bound, fixed.bound, max(achieved, reduced_bound))
    if bound <= achieved * (1 + _PROVEN):
        return best, 0.0
    return best, (bound - achieved) / bound


def _enumerated(
    programme: Programme, bound: float, achieved: float, deadline: float | None
) -> list[int] | None:
    """:func:`best_by_enumeration` of the bids the bound leaves open: first aiming halfway
    from the selection in hand to the bound, which fixes far more bids and, when something
    scores that much, finds the best selection at once (every selection better than the aim
    agrees with that fixing); then, if nothing does, from the selection in hand."""
    for aim in (achieved + (bound - achieved) / 2, achieved):
        fixed = fixed_by_bound(programme, aim)
        found = best_by_enumeration(programme, fixed, aim, deadline)
        if found is None or found:
            return found
    return []


def _solved_rest(
    score: np.ndarray,
    matrix: Any,
    limit: np.ndarray,
    upper_bound: np.ndarray,
    fixed: FixedBids,
    time_limit: float | None,
) -> tuple[Any, list[int], float | None]:
    """The solver's answer on the bids the bound leaves open, the others fixed: its result,
    the columns of the whole selection it found, and the bound it proved on any selection
    that agrees with the fixing (None without one). Its status 2 (nothing better than the
    selection in hand agrees with the fixing) proves that selection best."""
    from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

    n = len(score)
    open_ = np.ones(n, dtype=bool)
    open_[fixed.funded] = open_[fixed.excluded] = False
    columns = np.flatnonzero(open_)
    taken = matrix[:, fixed.funded] @ np.ones(len(fixed.funded))
    left = limit - taken
    rest = matrix[:, columns].tocsr()
    used = np.diff(rest.indptr) > 0
    if np.any(left[~used] < 0) or (np.any(upper_bound[fixed.funded] < 1)):
        return OptimizeResult(status=2), [], None
    fixed_score = float(score[fixed.funded].sum())
    if not len(columns):
        return OptimizeResult(status=0), fixed.funded.tolist(), fixed_score
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "presolve": len(columns) <= _PRESOLVE_LIMIT}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    with _SOLVER_LOCK, _solver_chatter_discarded():
        result = milp(
            c=-score[columns],
            integrality=np.ones(len(columns)),
            bounds=Bounds(np.zeros(len(columns)), upper_bound[columns]),
            constraints=[LinearConstraint(rest[used], -np.inf, left[used])],
            options=options,
        )
    if result.status not in (0, 1, 2):
        raise FundingError(f"the best-value selection could not be proven: {result.message}")
    found = [] if result.x is None else columns[np.flatnonzero(result.x > 0.5)].tolist()
    dual = getattr(result, "mip_dual_bound", None)
    proven = fixed_score - float(dual) if dual is not None and math.isfinite(dual) else None
    return result, fixed.funded.tolist() + found if result.x is not None else [], proven


# Share of the time limit the enumeration may take before the solver has the rest: where it
# gives up (grants strongly correlated with scores) the solver's bound needs the time.
_SEARCH_SHARE = 0.25

# Above this many fundable bids HiGHS's presolve runs far past the time limit (110 s against
# 10 s at 20,000 bids) without finding a better selection; without it the search starts at
# once. Below it presolve pays: 1.7 s against 4.0 s at 1,000 bids.
_PRESOLVE_LIMIT = 2_000

# Relative difference below which a selection's score equals the bound: scores are sums of
# weighted values in floating point, so a proven tie can differ in the last few digits.
_PROVEN = 1e-9


def _relaxation(
    score: np.ndarray, matrix: Any, limit: np.ndarray, upper_bound: np.ndarray
) -> tuple[np.ndarray, float, np.ndarray]:
    """The linear relaxation's optimum (each bid funded by any fraction from 0 to 1), its
    value, an upper bound on every selection's score, and the price of each row (its dual
    value, never negative)."""
    from scipy.optimize import linprog

    with _SOLVER_LOCK, _solver_chatter_discarded():
        result = linprog(
            c=-score,
            A_ub=matrix,
            b_ub=limit,
            bounds=np.column_stack([np.zeros(len(score)), upper_bound]),
            method="highs",
        )
    if result.status != 0:
        raise FundingError(f"the best-value selection could not be bounded: {result.message}")
    prices = np.maximum(0.0, -np.asarray(result.ineqlin.marginals, dtype=float))
    return np.asarray(result.x, dtype=float), -float(result.fun), prices


def _rounded(
    relaxed: np.ndarray,
    net: np.ndarray,
    candidates: list[int],
    arrays: BidArrays,
    budget: _Budget,
) -> set[int]:
    """The relaxation's wholly funded bids, then the others by how much of each the
    relaxation funds and then by net score (score less its cost at the relaxation's prices),
    each added if it fits; a bid whose dependencies are not all in waits and is added, if it
    still fits, as soon as they are, before anything after it. A selection that keeps every
    limit by construction, and holds every bid the relaxation funds wholly."""
    order = np.lexsort((-net, -np.round(relaxed, 9))).tolist()
    priority = {candidates[k]: p for p, k in enumerate(order)}
    chosen: set[int] = set()
    waiting: set[int] = set()
    left = list(budget.left)
    columns = budget.rows.columns

    def ready(i: int) -> bool:
        return all(d in chosen for d in arrays.deps[i])

    for first in (candidates[k] for k in order):
        if not ready(first):
            waiting.add(first)
            continue
        queue = [(priority[first], first)]
        while queue:
            _, i = heapq.heappop(queue)
            waiting.discard(i)
            if any(amount > left[r] for r, amount in columns[i]):
                continue
            chosen.add(i)
            for r, amount in columns[i]:
                left[r] -= amount
            for w in arrays.dependents[i]:
                if w in waiting and ready(w):
                    waiting.discard(w)
                    heapq.heappush(queue, (priority[w], w))
    return chosen


def _swapped(
    chosen: set[int],
    candidates: list[int],
    budget: _Budget,
    score: np.ndarray,
    net: np.ndarray,
    movable: np.ndarray,
) -> set[int]:
    """``chosen`` improved by adding a bid that fits or exchanging one funded bid for a
    better unfunded one, the best such move at a time, while any exists. Only bids that
    neither depend on nor are needed by another fundable bid move, so dependencies stay
    kept; and only the :data:`_SWAP_POOL` whose net score is nearest zero, where exchanges
    pay. A near-best selection in hand lets :func:`fixed_by_bound` settle most bids."""
    column = {bid: k for k, bid in enumerate(candidates)}
    rows = budget.rows.matrix[:, candidates]
    inside = np.zeros(len(candidates), dtype=bool)
    inside[[column[i] for i in chosen]] = True
    left = np.asarray(budget.left, dtype=np.int64) - rows[:, inside].sum(axis=1)
    nearest = np.argsort(np.abs(net), kind="stable")
    pool = nearest[movable[nearest]][:_SWAP_POOL]
    for _ in range(_SWAP_MOVES):
        ins, outs = pool[inside[pool]], pool[~inside[pool]]
        if not len(outs):
            break
        fits = np.all(rows[:, outs] <= left[:, None], axis=0) & (score[outs] > 0)
        if fits.any():
            moves: tuple[int | None, int] = (None, int(outs[fits][np.argmax(score[outs][fits])]))
        elif len(ins):
            room = left[:, None, None] + rows[:, ins][:, :, None] - rows[:, outs][:, None, :]
            gain = np.where(
                np.all(room >= 0, axis=0), score[outs][None, :] - score[ins][:, None], 0.0
            )
            out, into = np.unravel_index(np.argmax(gain), gain.shape)
            if gain[out, into] <= 0:
                break
            moves = (int(ins[out]), int(outs[into]))
        else:
            break
        leaving, entering = moves
        if leaving is not None:
            inside[leaving] = False
            left += rows[:, leaving]
        inside[entering] = True
        left -= rows[:, entering]
    return {candidates[k] for k in np.flatnonzero(inside).tolist()}


# Bids considered for exchanges, and moves made at most: a pool of this size costs a
# millisecond or so a move, and a selection rounded from the relaxation needs a handful.
_SWAP_POOL = 300
_SWAP_MOVES = 100


def _total(scores: Scores, funded: set[int]) -> float:
    return float(sum(scores.score[i] for i in funded))


def _feasible(arrays: BidArrays, budget: _Budget, funded: set[int]) -> bool:
    """Whether a set the solver found keeps every limit to the penny and every dependency:
    its tolerances are checked, not trusted."""
    return not budget.shortfalls(funded) and all(
        d in funded for i in funded for d in arrays.deps[i]
    )


@contextlib.contextmanager
def _solver_chatter_discarded() -> Iterator[None]:
    """Send the process's C-level stdout to the null device while HiGHS runs.

    The HiGHS in SciPy's build prints a stray debug line straight to file descriptor 1 in
    some solves (ERGO-Code/HiGHS#2783), which would corrupt ``funding --format json``. The
    descriptor is swapped, and C's stdio buffers flushed before it is swapped back so the
    line cannot surface later. Without a stdout (a windowed app) there is nothing to guard.
    """
    if sys.stdout is not None:
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
    try:
        saved = os.dup(1)
    except OSError:
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
        yield
    finally:
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("ucrtbase" if sys.platform == "win32" else None).fflush(None)
        os.dup2(saved, 1)
        os.close(saved)


def _left_out_reasons(
    scores: Scores, arrays: BidArrays, budget: _Budget, funded: set[int]
) -> dict[int, str]:
    """Why each bid is outside the best-value set: what adding it would break."""
    matrix = scores.matrix
    budget.spend(funded)
    reasons: dict[int, str] = {}
    for i in scores.order.tolist():
        if i in funded:
            continue
        if not matrix.eligible[i]:
            reasons[i] = matrix.ineligible_reason[i]
            continue
        if arrays.missing_deps[i]:
            reasons[i] = _waiting_reason(arrays, i, funded)
            continue
        needed = _unfunded_closure(arrays, i, funded)
        over = budget.shortfalls([i, *needed])
        with_deps = (
            f"with {join_words([arrays.ids[d] for d in needed])}, which it needs, "
            if needed
            else ""
        )
        if over:
            reasons[i] = f"left out: {with_deps}{over}"
        else:
            reasons[i] = f"left out: {with_deps}it would fit but adds no score"
    return reasons


def _unfunded_closure(arrays: BidArrays, i: int, funded: set[int]) -> list[int]:
    """Every bid ``i`` needs, directly or not, that is not funded, in data order."""
    seen: set[int] = set()
    stack = [d for d in arrays.deps[i] if d not in funded]
    while stack:
        d = stack.pop()
        if d in seen or d == i:
            continue
        seen.add(d)
        stack.extend(e for e in arrays.deps[d] if e not in funded)
    return sorted(seen)
