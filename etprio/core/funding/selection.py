"""The funding line: which bids a CCG's budgets can fund (CONTRACT §3).

Two selections answer two questions a committee asks. *In rank order* is the submission's
funding line: walk down the ranking and fund what fits. *Best value* is the check on it: the
set with the largest total score that the same budgets can buy, as a proven optimum, so that
"we could have had more for the money" is a fact the committee sees rather than a suspicion.
The recurrent revenue the funded set takes on is :mod:`etprio.core.funding.liability`; both
selections together are :mod:`etprio.core.funding.plan`.

Budgets are compared in whole pence, so a limit that a set meets exactly is met (limits are
inclusive) whatever the floating-point rounding of the grants.
"""

from __future__ import annotations

import contextlib
import ctypes
import heapq
import math
import os
import sys
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from etprio.core.financial_years import year_start
from etprio.core.funding.limits import (
    FundingError,
    FundingLimits,
    LimitRows,
    limit_rows,
    pence,
)
from etprio.core.progress import TaskState, stop_if_asked
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import join_words

RANK_ORDER = "rank_order"
BEST_VALUE = "best_value"

# Seconds the best-value solver may take before its best selection so far is used with its
# proven gap: a committee waits for a report or the command line, not for a live view.
DEFAULT_TIME_LIMIT = 10.0
LIVE_TIME_LIMIT = 2.0

# One solve at a time: the solver's stdout is silenced process-wide while it runs (see
# _solver_chatter_discarded), which two overlapping solves in different threads would undo.
_SOLVER_LOCK = threading.Lock()


@dataclass(frozen=True)
class Selection:
    """One answer to "which bids do we fund?" under :class:`FundingLimits`.

    ``funded`` and ``not_funded`` are in rank order; every bid of the ranking is in exactly
    one of them, each unfunded bid with a reason a committee can read out.
    ``mip_gap`` is how far the best-value selection may fall short of the best possible, as
    a share of the best possible (0 when proven optimal: its score is at least the optimum ×
    (1 − gap)), and ``None`` for the rank-order walk, which has no gap.
    """

    method: str
    funded: tuple[str, ...]
    not_funded: tuple[tuple[str, str], ...]
    total_score: float
    grant_total: float
    recurrent_total: float
    mip_gap: float | None = None

    @cached_property
    def funded_set(self) -> frozenset[str]:
        """Kept: per-bid pages and tables ask it once per bid of a regional pipeline."""
        return frozenset(self.funded)

    @property
    def optimality(self) -> str | None:
        """The gap in plain words ("proven optimal", "within 0.3% of the best possible"),
        rounded up so that it is never better than the truth; None for the rank-order walk."""
        if self.mip_gap is None:
            return None
        if self.mip_gap <= 0:
            return "proven optimal"
        return f"within {gap_percent(self.mip_gap)} of the best possible"

    def reason(self, bid_id: str) -> str | None:
        """Why ``bid_id`` is not funded; ``None`` when it is funded (or unknown)."""
        return self._reasons.get(bid_id)

    @cached_property
    def _reasons(self) -> dict[str, str]:
        """Looked up once per bid on every per-bid page: a table, not a scan of the list."""
        return dict(self.not_funded)

    def to_json(self) -> dict[str, Any]:
        """The CONTRACT §4 ``rank_order`` / ``best_value`` object; best value adds its
        ``gap`` (a share) and ``optimality`` (the gap in words)."""
        document: dict[str, Any] = {
            "funded": list(self.funded),
            "not_funded": [{"bid_id": b, "reason": r} for b, r in self.not_funded],
            "total_score": round(self.total_score, 6),
            "grant_total": round(self.grant_total, 2),
            "recurrent_total": round(self.recurrent_total, 2),
        }
        if self.mip_gap is not None:
            document["gap"] = self.mip_gap
            document["optimality"] = self.optimality
        return document


def gap_percent(gap: float) -> str:
    """A gap as a percentage rounded *up* to two significant figures (one to three decimal
    places), so a stated bound always holds: 0.00271 → "0.28%", 0.000001 → "0.001%"."""
    percent = gap * 100
    decimals = 1 if percent >= 1 else min(3, 1 - math.floor(math.log10(percent)))
    scale = 10**decimals
    return f"{math.ceil(percent * scale - 1e-9) / scale:.{decimals}f}%"


@dataclass(frozen=True, eq=False)
class BidArrays:
    """Per-bid money and dependency facts for one value matrix, independent of weights.

    ``grant_by_year`` is every bid's grant profile (CONTRACT §7) as a years × bids array of
    £, its rows the financial ``years`` any bid draws in, earliest first;
    ``grant_by_year_pence`` the same in whole pence, each year rounded on its own.
    """

    ids: tuple[str, ...]
    grant: np.ndarray
    recurrent: np.ndarray
    grant_pence: tuple[int, ...]
    recurrent_pence: tuple[int, ...]
    cohort: tuple[int, ...]
    deps: tuple[tuple[int, ...], ...]
    missing_deps: tuple[tuple[str, ...], ...]
    dependents: tuple[tuple[int, ...], ...]
    years: tuple[str, ...]
    grant_by_year: np.ndarray
    grant_by_year_pence: np.ndarray


@lru_cache(maxsize=8)
def bid_arrays(matrix: ValueMatrix) -> BidArrays:
    """The weight-independent funding inputs of a value matrix, shared by both selections,
    the SMAA funding walk and "what would it take"; cached because every slider tick needs
    them and they only change with the data."""
    ids = matrix.bid_ids
    index = {bid_id: i for i, bid_id in enumerate(ids)}
    grant = np.array([b.grant_gbp for b in matrix.bids], dtype=float)
    recurrent = np.array([b.recurrent_revenue_gbp for b in matrix.bids], dtype=float)
    deps = tuple(tuple(index[d] for d in b.depends_on if d in index) for b in matrix.bids)
    dependents: list[set[int]] = [set() for _ in ids]
    for i, needs in enumerate(deps):
        for d in needs:
            dependents[d].add(i)
    profiles = [b.grant_by_year for b in matrix.bids]
    years = tuple(sorted({y for p in profiles for y in p}, key=year_start))
    row = {year: k for k, year in enumerate(years)}
    by_year = np.zeros((len(years), len(ids)), dtype=float)
    for i, profile in enumerate(profiles):
        for year, amount in profile.items():
            by_year[row[year], i] = amount
    return BidArrays(
        ids=ids,
        grant=grant,
        recurrent=recurrent,
        grant_pence=tuple(pence(g) for g in grant.tolist()),
        recurrent_pence=tuple(pence(r) for r in recurrent.tolist()),
        cohort=tuple(int(c) for c in matrix.cohort),
        deps=deps,
        missing_deps=tuple(tuple(d for d in b.depends_on if d not in index) for b in matrix.bids),
        dependents=tuple(tuple(sorted(d)) for d in dependents),
        years=years,
        grant_by_year=by_year,
        grant_by_year_pence=np.round(by_year * 100).astype(np.int64),
    )


class _Budget:
    """What is left of each limit (:func:`etprio.core.funding.limits.limit_rows`), in
    pence, as bids are funded one by one."""

    def __init__(self, limits: FundingLimits, arrays: BidArrays) -> None:
        self.rows: LimitRows = limit_rows(limits, arrays)
        self.left: list[int] = self.rows.limit.tolist()

    def fits(self, i: int) -> bool:
        """Whether bid ``i`` alone fits what is left: the walk's fast path."""
        left = self.left
        return all(amount <= left[r] for r, amount in self.rows.columns[i])

    def taken(self, bids: Iterable[int]) -> list[int]:
        """Pence that ``bids`` together take from each row."""
        totals = [0] * len(self.left)
        for i in bids:
            for r, amount in self.rows.columns[i]:
                totals[r] += amount
        return totals

    def shortfalls(self, bids: Iterable[int]) -> str:
        """Plain words for each limit that funding ``bids`` together would break; empty
        when they fit: "would exceed the capital envelope by £30,000; draws £420,000 in
        2018/19, £180,000 left that year"."""
        exceeded, overdrawn = [], []
        cumulative_told = False  # with carry-forward, later years only repeat the first
        for r, total in enumerate(self.taken(bids)):
            label = self.rows.labels[r]
            if total <= self.left[r] or (label.cumulative and cumulative_told):
                continue
            if label.kind == "year":
                overdrawn.append(label.overdrawn(total, self.left[r]))
                cumulative_told = label.cumulative
            else:
                exceeded.append(label.exceeded(total - self.left[r]))
        clauses = [f"would exceed {join_words(exceeded)}"] if exceeded else []
        return "; ".join(clauses + overdrawn)

    def spend(self, bids: Iterable[int]) -> None:
        for i in bids:
            for r, amount in self.rows.columns[i]:
                self.left[r] -= amount


def rank_order_selection(scores: Scores, limits: FundingLimits) -> Selection:
    """CONTRACT §3 *In rank order*: the funding line a ranked submission implies.

    Walk down the ranking and fund each eligible bid that fits every remaining budget
    (inclusive) and whose dependencies are all funded. A bid whose dependencies are not yet
    funded waits, and is funded as soon as they are if it still fits: each funding releases
    the waiting bids it completes, best-ranked first, so a chain completes in one pass. A
    bid that did not fit never fits later, because budgets only shrink.
    """
    funded, reasons = _walk_ranking(scores, limits, explain=True)
    return _selection(RANK_ORDER, scores, bid_arrays(scores.matrix), funded, reasons)


def rank_order_funded(scores: Scores, limits: FundingLimits) -> frozenset[int]:
    """The bids (indices) :func:`rank_order_selection` funds, without the reasons for the
    rest: stability intervals probe the funding line hundreds of times and need only this."""
    return frozenset(_walk_ranking(scores, limits, explain=False)[0])


# Complexity counts its two small closures, which share the walk's state.
def _walk_ranking(  # noqa: C901
    scores: Scores, limits: FundingLimits, *, explain: bool
) -> tuple[set[int], dict[int, str]]:
    matrix = scores.matrix
    arrays = bid_arrays(matrix)
    budget = _Budget(limits, arrays)
    rank = scores.rank.tolist()
    funded: set[int] = set()
    reasons: dict[int, str] = {}
    waiting: set[int] = set()

    def ready(i: int) -> bool:
        return not arrays.missing_deps[i] and all(d in funded for d in arrays.deps[i])

    def fund_from(first: int) -> None:
        queue = [(rank[first], first)]
        while queue:
            _, i = heapq.heappop(queue)
            waiting.discard(i)
            if not budget.fits(i):
                if explain:
                    reasons[i] = f"skipped: {budget.shortfalls([i])}"
                continue
            budget.spend([i])
            funded.add(i)
            for w in arrays.dependents[i]:
                if w in waiting and ready(w):
                    waiting.discard(w)
                    heapq.heappush(queue, (rank[w], w))

    for i in scores.order.tolist():
        if not matrix.eligible[i]:
            if explain:
                reasons[i] = matrix.ineligible_reason[i]
        elif ready(i):
            fund_from(i)
        else:
            waiting.add(i)
    if explain:
        for w in waiting:
            reasons[w] = _waiting_reason(arrays, w, funded)
    return funded, reasons


def _waiting_reason(arrays: BidArrays, i: int, funded: set[int]) -> str:
    unfunded = [arrays.ids[d] for d in arrays.deps[i] if d not in funded]
    parts = []
    if unfunded:
        verb = "is" if len(unfunded) == 1 else "are"
        parts.append(f"{join_words(unfunded)}, which {verb} not funded")
    if arrays.missing_deps[i]:
        verb = "is" if len(arrays.missing_deps[i]) == 1 else "are"
        parts.append(f"{join_words(arrays.missing_deps[i])}, which {verb} not in the data")
    return f"waiting for {'; and for '.join(parts)}"


def _selection(
    method: str,
    scores: Scores,
    arrays: BidArrays,
    funded: set[int],
    reasons: Mapping[int, str],
    mip_gap: float | None = None,
) -> Selection:
    in_order = scores.order.tolist()
    chosen = [i for i in in_order if i in funded]
    return Selection(
        method=method,
        funded=tuple(arrays.ids[i] for i in chosen),
        not_funded=tuple((arrays.ids[i], reasons[i]) for i in in_order if i not in funded),
        total_score=float(sum(scores.score[i] for i in chosen)),
        grant_total=float(sum(arrays.grant[i] for i in chosen)),
        recurrent_total=float(sum(arrays.recurrent[i] for i in chosen)),
        mip_gap=mip_gap,
    )


def best_value_selection(
    scores: Scores,
    limits: FundingLimits,
    *,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    state: TaskState | None = None,
) -> Selection:
    """CONTRACT §3 *Best value*: the set with the largest total score within the budgets.

    An exact 0-1 programme solved with ``scipy.optimize.milp`` (HiGHS) to a relative gap of
    0. One binary variable per fundable bid; the constraint rows of
    :func:`~etprio.core.funding.limits.limit_rows` (capital envelope, recurrent headroom,
    cohort capital limits, each year's allocation or running allocation, CONTRACT §7), the
    same rows the rank-order walk's fit test reads; ``x_i ≤ x_j`` whenever bid i depends on
    bid j. Money is in whole pence so that inclusive limits hold exactly and an overshoot of
    a penny is a violation far beyond the solver's tolerance. Variables are laid out in rank
    order, so ties between optima are broken the same way every time for the same data and
    weights.

    Proving an optimum can take HiGHS minutes on adversarial data (grants strongly
    correlated with scores), and a committee cannot wait: after ``time_limit`` seconds (None:
    no limit) the best selection found so far is used — never worse than the rank-order
    funding line, which is always feasible — and ``mip_gap`` states how far it may be from
    the best possible, measured against the solver's proven bound.

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
    its whole bids, topped up greedily, give a selection that is usually within a fraction
    of a percent of the best. When that selection already meets the bound it is proven best
    and the solver is not started; otherwise the solver's answer is kept only if it is
    better, and its proven bound only if it is tighter, so a solver stopped by the time
    limit on a regional pipeline still reports an honest, small gap.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array, csr_array, vstack

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
    relaxed, bound = _relaxation(score, matrix, limit, upper_bound)
    best = max(
        fallback, _rounded(relaxed, candidates, arrays, budget), key=lambda s: _total(scores, s)
    )
    if _total(scores, best) >= bound * (1 - _PROVEN):
        return best, 0.0

    constraints = [LinearConstraint(matrix, -np.inf, limit)]
    options: dict[str, Any] = {"mip_rel_gap": 0.0, "presolve": n <= _PRESOLVE_LIMIT}
    if time_limit is not None:
        options["time_limit"] = float(time_limit)
    with _SOLVER_LOCK, _solver_chatter_discarded():
        result = milp(
            c=-score,
            integrality=np.ones(n),
            bounds=Bounds(np.zeros(n), upper_bound),
            constraints=constraints,
            options=options,
        )
    if result.status not in (0, 1):
        raise FundingError(f"the best-value selection could not be proven: {result.message}")
    found = (
        set()
        if result.x is None
        else {candidates[k] for k in np.flatnonzero(result.x > 0.5).tolist()}
    )
    if _total(scores, found) > _total(scores, best) and _feasible(arrays, budget, found):
        best = found
    if result.status == 0 and _total(scores, best) >= _total(scores, found):
        return best, 0.0
    dual = getattr(result, "mip_dual_bound", None)
    if dual is not None and math.isfinite(dual):
        bound = min(bound, -float(dual))
    achieved = _total(scores, best)
    if bound <= achieved * (1 + _PROVEN):
        return best, 0.0
    return best, (bound - achieved) / bound


# Above this many fundable bids HiGHS's presolve runs far past the time limit (110 s against
# 10 s at 20,000 bids) without finding a better selection; without it the search starts at
# once. Below it presolve pays: 1.7 s against 4.0 s at 1,000 bids.
_PRESOLVE_LIMIT = 2_000

# Relative difference below which a selection's score equals the bound: scores are sums of
# weighted values in floating point, so a proven tie can differ in the last few digits.
_PROVEN = 1e-9


def _relaxation(
    score: np.ndarray, matrix: Any, limit: np.ndarray, upper_bound: np.ndarray
) -> tuple[np.ndarray, float]:
    """The linear relaxation's optimum (each bid funded by any fraction from 0 to 1) and its
    value, an upper bound on every selection's score."""
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
    return np.asarray(result.x, dtype=float), -float(result.fun)


def _rounded(
    relaxed: np.ndarray, candidates: list[int], arrays: BidArrays, budget: _Budget
) -> set[int]:
    """The relaxation's wholly funded bids, then the others by how much of each the
    relaxation funds (rank order breaking ties), each added while it fits and its
    dependencies are in, in passes until none is added (a bid can come before a dependency
    it ties with): a selection that keeps every limit by construction."""
    chosen: set[int] = set()
    left = list(budget.left)
    columns = budget.rows.columns
    waiting = [candidates[k] for k in np.argsort(-np.round(relaxed, 9), kind="stable").tolist()]
    while waiting:
        passed = []
        for i in waiting:
            if all(d in chosen for d in arrays.deps[i]) and all(
                amount <= left[r] for r, amount in columns[i]
            ):
                chosen.add(i)
                for r, amount in columns[i]:
                    left[r] -= amount
            else:
                passed.append(i)
        if len(passed) == len(waiting):
            break
        waiting = passed
    return chosen


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
