"""The bids :mod:`~etprio.core.funding.fixed_by_bound` leaves open, decided by enumeration.

What is left after fixing is a few dozen bids whose net scores are all close to zero: the
hard core of the selection, where a branch-and-bound solver spends a thousand nodes proving
that no exchange of near-equal bids gains anything. Here every combination is built one
dependency group at a time (a group takes one of its closed subsets), keeping the money each
partial selection takes in whole pence; a partial selection is dropped as soon as it breaks a
limit, or as soon as even the best of the remaining groups at the relaxation's prices cannot
lift it above the best selection found so far (the same inequality as the fixing). What
survives to the end contains a best selection, so the one found is proven best. The search
gives up, and leaves the proof to the solver, past a number of partial selections or a
deadline.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from etprio.core.funding.fixed_by_bound import GROUP_LIMIT, FixedBids, Programme

# Partial selections the search may hold at once, and keep over all its layers to trace the
# best one back, before it gives up: some tens of bytes each, so memory stays within a few
# hundred megabytes however the search goes.
STATE_LIMIT = 300_000
HISTORY_LIMIT = 5_000_000


@dataclass(frozen=True)
class _Group:
    """A dependency group's closed subsets (columns each) with their score, net score and
    the pence they take from each limit."""

    subsets: tuple[tuple[int, ...], ...]
    score: np.ndarray
    net: np.ndarray
    taken: np.ndarray


def best_by_enumeration(
    programme: Programme, fixed: FixedBids, achieved: float, deadline: float | None
) -> list[int] | None:
    """The columns of a selection that scores more than ``achieved`` and is best of all, an
    empty list when none scores more (``achieved`` is then best: a score more by less than a
    billionth is a tie), or None when the search gave up. ``deadline`` is a
    :func:`time.monotonic` time."""
    groups = _groups(programme, fixed)
    if groups is None:
        return None
    prices = programme.prices
    left = programme.limit - programme.rows[:, fixed.funded].sum(axis=1)
    base = float(programme.score[fixed.funded].sum())
    groups.sort(key=_decisiveness, reverse=True)
    # Best net score still to come after each group: the bound's optimistic part.
    to_come = np.append(np.cumsum([g.net.max() for g in groups][::-1])[::-1], 0.0)[1:]
    priced_left = float(prices @ left)
    margin = 1e-9 * max(1.0, abs(achieved))

    if np.any(left < 0):
        return []  # no selection keeps the fixing and the limits: none beats ``achieved``
    taken = np.zeros((1, len(left)), dtype=np.int64)
    net = np.zeros(1)
    total = np.zeros(1)
    # The fixed bids alone are a selection too (layer -1).
    best, best_at = max(achieved - base, 0.0), None if achieved - base >= -margin else (-1, 0)
    history: list[tuple[np.ndarray, np.ndarray]] = []
    kept_so_far = 0
    for g, (group, rest) in enumerate(zip(groups, to_come, strict=True)):
        if deadline is not None and time.monotonic() > deadline:
            return None
        m = len(group.subsets)
        if len(net) * m > 4 * STATE_LIMIT or kept_so_far > HISTORY_LIMIT:
            return None
        origin = np.repeat(np.arange(len(net)), m)
        choice = np.tile(np.arange(m), len(net))
        taken = (taken[:, None, :] + group.taken[None, :, :]).reshape(-1, len(left))
        net = (net[:, None] + group.net[None, :]).ravel()
        total = (total[:, None] + group.score[None, :]).ravel()
        keep = np.all(taken <= left, axis=1)
        top = int(np.argmax(np.where(keep, total, -np.inf)))
        improved = bool(keep[top]) and total[top] > best + margin
        if improved:
            best = float(total[top])
        keep &= net + rest + priced_left >= best - margin
        if improved:
            keep[top] = True
        kept = np.flatnonzero(keep)
        if improved:
            best_at = (g, int(np.searchsorted(kept, top)))
        taken, net, total = taken[kept], net[kept], total[kept]
        history.append((origin[kept], choice[kept]))
        kept_so_far += len(kept)
        if len(net) > STATE_LIMIT:
            return None
    if best_at is None:
        return []
    funded: list[int] = fixed.funded.tolist()
    return funded + _traced(groups, history, best_at)


def _traced(
    groups: list[_Group], history: list[tuple[np.ndarray, np.ndarray]], at: tuple[int, int]
) -> list[int]:
    """The columns the partial selection at ``at`` (layer, position) funds, followed back
    through each layer's choice."""
    layer, state = at
    columns: list[int] = []
    for g in range(layer, -1, -1):
        origin, choice = history[g]
        columns.extend(int(k) for k in groups[g].subsets[int(choice[state])])
        state = int(origin[state])
    return columns


def _decisiveness(group: _Group) -> float:
    """How much the bound loses by the group's second-best choice: decided first, the large
    losses prune early."""
    ordered = np.sort(group.net)
    return float(ordered[-1] - ordered[-2]) if len(ordered) > 1 else 0.0


def _groups(programme: Programme, fixed: FixedBids) -> list[_Group] | None:
    """The open bids in dependency groups, each with its closed subsets: a bid is chosen
    only with every bid it needs chosen or fixed in. None when a group is too large to
    enumerate, or when a bid fixed in needs an open one (the fixing never leaves that, but
    the search would not honour it)."""
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    score, rows, upper_bound = programme.score, programme.rows, programme.upper_bound
    n = len(score)
    state = np.zeros(n, dtype=np.int8)  # 0 open, 1 fixed in, -1 fixed out
    state[fixed.funded] = 1
    state[fixed.excluded] = -1
    state[upper_bound <= 0] = np.minimum(state[upper_bound <= 0], 0)
    needs: dict[int, list[int]] = {}
    inner: list[tuple[int, int]] = []
    for k, j in programme.links:
        if state[k] == 1 and state[j] != 1:
            return None
        needs.setdefault(k, []).append(j)
        if state[k] == 0 and state[j] == 0:
            inner.append((k, j))
    open_ = np.flatnonzero(state == 0)
    if inner:
        child, parent = (np.array(side, dtype=np.int64) for side in zip(*inner, strict=True))
        graph = coo_array((np.ones(len(inner)), (child, parent)), shape=(n, n))
        label = connected_components(graph, directed=False)[1]
    else:
        label = np.arange(n)
    members: dict[int, list[int]] = {}
    for k in open_.tolist():
        members.setdefault(int(label[k]), []).append(k)
    net = programme.net
    groups = []
    for bids in members.values():
        if len(bids) > GROUP_LIMIT:
            return None
        subsets = [
            chosen
            for size in range(len(bids) + 1)
            for chosen in combinations(bids, size)
            if upper_bound[list(chosen)].min(initial=1) > 0
            and all(state[j] == 1 or j in chosen for k in chosen for j in needs.get(k, []))
        ]
        groups.append(
            _Group(
                subsets=tuple(subsets),
                score=np.array([score[list(c)].sum() for c in subsets]),
                net=np.array([net[list(c)].sum() for c in subsets]),
                taken=np.array([rows[:, list(c)].sum(axis=1) for c in subsets], dtype=np.int64),
            )
        )
    return groups
