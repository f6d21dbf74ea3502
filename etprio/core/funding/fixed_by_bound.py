"""Bids whose place in the best-value selection the linear relaxation already settles.

The relaxation's prices for the limits turn every bid into a *net score*: its score less what
its grant and recurrent revenue cost at those prices. For any selection that keeps the limits,
its score is at most the priced budget plus the net scores of its bids (weak duality), and a
selection must fund whole dependency groups' closed subsets, so the bound is taken over those.
Forcing a bid in or out lowers that bound by a known amount; when the fall exceeds the gap
between the bound and a selection already in hand, every better selection agrees with the
bound on that bid, which is therefore fixed. On 1,000 bids this leaves a few dozen of the
hundreds that fit for the solver to decide, without losing any better selection: the proof
is the solver's on what is left plus this inequality, which holds for any non-negative
prices, so the relaxation's own tolerances cannot make it wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A dependency group of more bids than this is left to the solver whole: its closed subsets
# are enumerated, 2**size of them.
GROUP_LIMIT = 12


@dataclass(frozen=True, eq=False)
class Programme:
    """The best-value 0-1 programme over the bids that fit: their ``score``, the pence each
    takes from each money limit (``rows``, limits × bids) against ``limit``, the
    relaxation's non-negative ``prices`` for those limits, ``upper_bound`` (0 for a bid that
    can never be funded) and ``links``, (dependent, dependency) column pairs."""

    score: np.ndarray
    rows: np.ndarray
    limit: np.ndarray
    prices: np.ndarray
    upper_bound: np.ndarray
    links: list[tuple[int, int]]

    @property
    def net(self) -> np.ndarray:
        """Each bid's score less what it takes at the prices."""
        net: np.ndarray = self.score - self.prices @ self.rows
        return net


@dataclass(frozen=True)
class FixedBids:
    """Columns fixed in (``funded``) and out (``excluded``) of every selection that scores
    more than the one in hand; ``bound`` is the priced upper bound they were fixed against."""

    funded: np.ndarray
    excluded: np.ndarray
    bound: float


def fixed_by_bound(programme: Programme, achieved: float) -> FixedBids:
    """Fix what the bound settles against a selection scoring ``achieved``."""
    from scipy.sparse import coo_array
    from scipy.sparse.csgraph import connected_components

    links = programme.links
    n = len(programme.score)
    net = programme.net
    fundable = programme.upper_bound > 0
    best_with = np.where(fundable, net, -np.inf)  # the group's best with the bid funded
    best_without = np.zeros(n)  # ... and with it left out
    group_best = np.where(fundable, np.maximum(net, 0.0), 0.0)
    if links:
        child, parent = (np.array(side, dtype=np.int64) for side in zip(*links, strict=True))
        graph = coo_array((np.ones(len(links)), (child, parent)), shape=(n, n))
        _, group = connected_components(graph, directed=False)
        members: dict[int, list[int]] = {}
        for k in np.unique(np.concatenate([child, parent])).tolist():
            members.setdefault(int(group[k]), []).append(k)
        needs: dict[int, list[int]] = {}
        for k, j in links:
            needs.setdefault(k, []).append(j)
        for bids in members.values():
            _settle_group(bids, needs, net, fundable, best_with, best_without, group_best)
    else:
        group = np.arange(n)
    totals = np.zeros(n)
    np.add.at(totals, group, np.where(_first_of_group(group), group_best, 0.0))
    bound = float(programme.prices @ programme.limit + totals.sum())
    # What forcing each bid in or out costs the bound; a margin far above rounding keeps
    # the fixing on the safe side of the inequality.
    own = totals[group]
    margin = 1e-9 * max(1.0, abs(bound))
    room = bound - achieved + margin
    return FixedBids(
        funded=np.flatnonzero(own - best_without > room),
        excluded=np.flatnonzero(own - best_with > room),
        bound=bound,
    )


def _first_of_group(group: np.ndarray) -> np.ndarray:
    first = np.zeros(len(group), dtype=bool)
    first[np.unique(group, return_index=True)[1]] = True
    return first


def _settle_group(
    bids: list[int],
    needs: dict[int, list[int]],
    net: np.ndarray,
    fundable: np.ndarray,
    best_with: np.ndarray,
    best_without: np.ndarray,
    group_best: np.ndarray,
) -> None:
    """The best net score of a dependency group's closed subsets, overall and with each bid
    in or out, by enumeration. A group too large to enumerate is bounded by the sum of its
    positive net scores and left unfixed."""
    if len(bids) > GROUP_LIMIT:
        group_best[bids] = best_with[bids] = best_without[bids] = group_best[bids].sum()
        return
    place = {k: p for p, k in enumerate(bids)}
    subsets = np.arange(1 << len(bids))[:, None] >> np.arange(len(bids)) & 1
    chosen = subsets.astype(bool)
    closed = ~np.any(chosen & ~fundable[bids], axis=1)
    for k in bids:
        for j in needs.get(k, []):
            closed &= ~chosen[:, place[k]] | chosen[:, place[j]]
    value = np.where(closed, subsets @ net[bids], -np.inf)
    group_best[bids] = value.max()
    for p, k in enumerate(bids):
        best_with[k] = np.max(value, where=chosen[:, p], initial=-np.inf)
        best_without[k] = np.max(value, where=~chosen[:, p], initial=-np.inf)
