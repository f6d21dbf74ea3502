"""The funding line: which bids a CCG's budgets can fund (CONTRACT §3).

Two selections answer two questions a committee asks. *In rank order* is the submission's
funding line: walk down the ranking and fund what fits. *Best value* is the check on it: the
set with the largest total score that the same budgets can buy, as a proven optimum, so that
"we could have had more for the money" is a fact the committee sees rather than a suspicion.
This module holds the walk and what both share (:class:`Selection`, :func:`bid_arrays`, the
budget left in pence); the solver is :mod:`etprio.core.funding.best_value`. The recurrent
revenue the funded set takes on is :mod:`etprio.core.funding.liability`; both selections
together are :mod:`etprio.core.funding.plan`.

Budgets are compared in whole pence, so a limit that a set meets exactly is met (limits are
inclusive) whatever the floating-point rounding of the grants.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from functools import cached_property, lru_cache
from types import MappingProxyType
from typing import Any

import numpy as np

from etprio.core.financial_years import year_start
from etprio.core.funding.limits import FundingLimits, LimitRows, limit_rows, pence
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import join_words

RANK_ORDER = "rank_order"
BEST_VALUE = "best_value"


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
    return _walk_ranking(scores, limits, explain=False)[0]


def _walk_ranking(
    scores: Scores, limits: FundingLimits, *, explain: bool
) -> tuple[frozenset[int], Mapping[int, str]]:
    order = scores.order.astype(np.int64, copy=False).tobytes()
    return _walk_order(scores.matrix, order, limits, explain)


# Complexity counts its small closures, which share the walk's state.
@lru_cache(maxsize=16)
def _walk_order(  # noqa: C901
    matrix: ValueMatrix, order: bytes, limits: FundingLimits, explain: bool
) -> tuple[frozenset[int], Mapping[int, str]]:
    """The walk for one rank order (``scores.order`` as int64 bytes).

    What it funds, and why it leaves the rest, depends on the order alone, not on the scores
    that made it, so it is cached on the order: a slider tick that moves no bid past another,
    undo and redo are look-ups, and a changed order, matrix or budget is a different key.
    A bid that completes no waiting bid is funded or skipped on the spot; the queue is only
    for funding that releases waiting bids, which keeps a slider tick's walk short."""
    arrays = bid_arrays(matrix)
    budget = _Budget(limits, arrays)
    ranked = np.frombuffer(order, dtype=np.int64).tolist()
    rank = [0] * len(ranked)
    for position, i in enumerate(ranked):
        rank[i] = position
    funded: set[int] = set()
    reasons: dict[int, str] = {}
    waiting: set[int] = set()
    deps, missing, dependents = arrays.deps, arrays.missing_deps, arrays.dependents

    def ready(i: int) -> bool:
        return not missing[i] and all(d in funded for d in deps[i])

    def take(i: int) -> bool:
        if budget.fits(i):
            budget.spend([i])
            funded.add(i)
            return True
        if explain:
            reasons[i] = f"skipped: {budget.shortfalls([i])}"
        return False

    def fund_from(first: int) -> None:
        queue = [(rank[first], first)]
        while queue:
            _, i = heapq.heappop(queue)
            waiting.discard(i)
            if take(i):
                for w in dependents[i]:
                    if w in waiting and ready(w):
                        waiting.discard(w)
                        heapq.heappush(queue, (rank[w], w))

    eligible = matrix.eligible.tolist()
    # Without reasons to write, the walk can stop once nothing further can be funded.
    floors = [] if explain else budget.rows.floors(np.asarray(matrix.eligible, dtype=bool))
    left = budget.left
    for i in ranked:
        if floors and any(left[r] < need for r, need in floors):
            break
        if not eligible[i]:
            if explain:
                reasons[i] = matrix.ineligible_reason[i]
        elif (deps[i] or missing[i]) and not ready(i):
            waiting.add(i)
        elif waiting and dependents[i]:
            fund_from(i)  # may complete waiting bids: they are funded next, best first
        else:
            take(i)
    if explain:
        for w in waiting:
            reasons[w] = _waiting_reason(arrays, w, funded)
    return frozenset(funded), MappingProxyType(reasons)


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
    funded: Set[int],
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
