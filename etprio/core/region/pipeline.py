"""Several CCGs' projects as one regional pipeline (CONTRACT §8).

A regional team receives each CCG's prioritised bids and must fit them into the region's
allocations. Each CCG's own ranking is its committee's decision, so the default regional order
(``local``) merges the CCGs' rankings without ever reordering a CCG's own bids; the ``score``
order asks instead what one criteria set and one set of weights would make of every bid, and
:func:`overturned_orders` says whose local order that would overturn.

A bid is known in the region as ``CODE:bid_id``: bid ids are only unique within a CCG.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from etprio.core.errors import InvalidDataError, UsageError
from etprio.core.model import Bid, Dataset, Premises
from etprio.core.project.workspace import Workspace
from etprio.core.scoring.criteria import CriteriaSet, load_criteria
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.scoring.weighted_sum import (
    SCORE_UNITS,
    AllWeightsZero,
    Scores,
    TieBreak,
    score_bids,
)
from etprio.core.tables.scales import GradeScales, load_scales

LOCAL = "local"
SCORE = "score"
ORDERS = (LOCAL, SCORE)


@dataclass(frozen=True, eq=False)
class RegionCcg:
    """One CCG's project as the region sees it: who it is, where it came from, its data and
    its own ranking (its own criteria set and weights)."""

    code: str
    name: str
    path: Path
    dataset: Dataset
    scores: Scores

    @property
    def eligible_rows(self) -> list[int]:
        """Rows of the CCG's eligible bids in its own rank order: the bids that take part."""
        eligible = self.scores.matrix.eligible
        return [i for i in self.scores.order.tolist() if eligible[i]]


def open_ccgs(paths: Sequence[Path]) -> tuple[RegionCcg, ...]:
    """Open every project read-only and check that each names a CCG no other one names.

    Raises:
        FileAccessError: a file cannot be read (exit 4).
        InvalidDataError: a file is not a project, names no CCG, or repeats another's CCG name
            or code (exit 3); the message names both files.
    """
    ccgs: list[RegionCcg] = []
    for path in map(Path, paths):
        workspace = Workspace.open(path, read_only=True)
        report = workspace.project.settings.report
        code, name = report.ccg_code.strip().upper(), report.ccg_name.strip()
        for label, value, flag in (("code", code, "--ccg-code"), ("name", name, "--ccg-name")):
            if not value:
                raise InvalidDataError(
                    f"{path}: the project has no CCG {label}; set it with etprio new {flag} "
                    "or in the app's Report settings"
                )
        for other in ccgs:
            if other.code == code or other.name.casefold() == name.casefold():
                what = f"CCG code {code}" if other.code == code else f"CCG name {name!r}"
                raise InvalidDataError(
                    f"{other.path} and {path} both have the {what}: each CCG may come only once"
                )
        ccgs.append(RegionCcg(code, name, path, workspace.project.dataset, workspace.scores))
    return tuple(ccgs)


def regional_id(code: str, bid_id: str) -> str:
    return f"{code}:{bid_id}"


@dataclass(frozen=True, eq=False)
class RegionalRanking:
    """The region's bids in one order, ready for the funding line.

    ``scores`` ranks the merged bids (ids ``CODE:bid_id``) and is what the CONTRACT §3
    selections walk; ``ccg``, ``local_bid_id`` and ``local_rank`` say, per row, where each
    bid came from.
    """

    order_name: str
    scores: Scores
    ccg: tuple[str, ...]
    local_bid_id: tuple[str, ...]
    local_rank: tuple[int, ...]

    @property
    def matrix(self) -> ValueMatrix:
        return self.scores.matrix


@dataclass(frozen=True)
class RegionalScoring:
    """The one criteria set (with its weights) and scales the ``score`` order uses."""

    criteria: CriteriaSet
    scales: GradeScales

    @classmethod
    def given(
        cls,
        criteria: CriteriaSet | None = None,
        weights: Mapping[str, float] | None = None,
        scales: GradeScales | None = None,
    ) -> RegionalScoring:
        """CONTRACT §2's default set and scales unless given; ``weights`` replaces only the
        keys it names (CONTRACT §4 ``--weights``)."""
        criteria = criteria or load_criteria()
        if weights:
            criteria = criteria.with_weights(weights)
            if not any(w > 0 for w in criteria.weights):
                raise UsageError("--weights leaves every weight at zero")
        return cls(criteria, scales or load_scales())


def merged_dataset(ccgs: Sequence[RegionCcg]) -> Dataset:
    """Every eligible bid of every CCG, CCG by CCG in local rank order, with ids made
    regional; dependencies and premises are renamed with them, so they stay within their
    CCG."""
    bids: list[Bid] = []
    premises: list[Premises] = []
    for ccg in ccgs:
        own = ccg.scores.matrix.bids
        for row in ccg.eligible_rows:
            bid = own[row]
            bids.append(
                replace(
                    bid,
                    bid_id=regional_id(ccg.code, bid.bid_id),
                    premises_id=regional_id(ccg.code, bid.premises_id) if bid.premises_id else None,
                    depends_on=tuple(regional_id(ccg.code, d) for d in bid.depends_on),
                )
            )
        premises.extend(
            replace(p, premises_id=regional_id(ccg.code, p.premises_id))
            for p in ccg.dataset.premises
        )
    return Dataset(tuple(bids), tuple(premises))


def regional_rankings(
    ccgs: Sequence[RegionCcg], scoring: RegionalScoring
) -> dict[str, RegionalRanking]:
    """Both regional orders of the same merged bids: ``local`` and ``score`` (CONTRACT §8).

    Both are built because the paper compares them; the values under the regional criteria
    are computed once for the two. The ``score`` order is :func:`score_bids` on the merged
    bids, so its last tie-break, the bid id ``CODE:bid_id``, orders ties by CCG code and
    then by the CCG's own bid id.
    """
    dataset = merged_dataset(ccgs)
    ccg: list[str] = []
    local_bid_id: list[str] = []
    local_rank: list[int] = []
    local_score: list[float] = []
    for member in ccgs:
        rank = member.scores.rank
        for row in member.eligible_rows:
            ccg.append(member.code)
            local_bid_id.append(member.scores.matrix.bids[row].bid_id)
            local_rank.append(int(rank[row]))
            local_score.append(float(member.scores.score[row]))
    matrix = compute_values(dataset, scoring.criteria, scoring.scales)
    try:
        rescored = score_bids(matrix, scoring.criteria.weights)
    except AllWeightsZero:
        raise UsageError("--weights leaves every weight at zero") from None
    origin = (tuple(ccg), tuple(local_bid_id), tuple(local_rank))
    return {
        LOCAL: RegionalRanking(
            LOCAL, _merged_local(matrix, rescored, local_score, origin), *origin
        ),
        SCORE: RegionalRanking(SCORE, rescored, *origin),
    }


def _merged_local(
    matrix: ValueMatrix,
    rescored: Scores,
    local_score: Sequence[float],
    origin: tuple[tuple[str, ...], tuple[str, ...], tuple[int, ...]],
) -> Scores:
    """The ``local`` order: each bid's own project's score, descending (to 9 decimal places,
    as CONTRACT §2.3 compares scores), then CCG code, then local rank — so two bids of one
    CCG are never swapped. Every bid took part because its own project found it eligible,
    so it stays eligible here whatever the regional criteria's gates say."""
    ccg, _, local_rank = origin
    score = np.asarray(local_score, dtype=float)
    units = np.rint(score * SCORE_UNITS).astype(np.int64)
    codes = np.array(ccg, dtype=object)
    order = np.lexsort((np.asarray(local_rank), codes, -units)) if len(units) else units
    n = len(score)
    local_matrix = replace(matrix, eligible=np.ones(n, dtype=bool), ineligible_reason=("",) * n)
    return Scores(
        local_matrix, rescored.weights, score, order.astype(np.int64), TieBreak.of(local_matrix)
    )


def overturned_orders(ranking: RegionalRanking) -> dict[str, tuple[str, str] | None]:
    """Per CCG code, the first pair of its bids that ``ranking`` puts the other way round
    from its own committee's order — (the bid now above, the bid it overtakes) — or None
    when the CCG's order stands."""
    seen: dict[str, list[tuple[int, str]]] = {}
    for i in ranking.scores.order.tolist():
        seen.setdefault(ranking.ccg[i], []).append((ranking.local_rank[i], ranking.local_bid_id[i]))
    result: dict[str, tuple[str, str] | None] = {}
    for code, walked in seen.items():
        result[code] = None
        best: tuple[int, str] | None = None
        for rank, bid_id in walked:
            if best is not None and rank < best[0]:
                result[code] = (best[1], bid_id)
                break
            if best is None or rank > best[0]:
                best = (rank, bid_id)
    return result
