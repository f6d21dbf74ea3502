"""Assessor scores per committee member, and the bid scores they add up to (DESIGN
"Governance": median by default, mean optional, spread visible).

A conflicted member's scores never reach the bid they are conflicted on: they are left
out of the aggregate and the exclusion is reported, so it can be minuted. A cell keeps
its imported score when no member scored it, or when every member who did is conflicted.
The chair's override, with its written rationale, beats both.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.committee.conflicts import Conflict
from etprio.core.committee.members import Aggregate, Committee, MemberScore
from etprio.core.errors import ImportFailed
from etprio.core.model import ASSESSOR_COLUMNS, Dataset
from etprio.core.problems import Problem, Severity
from etprio.core.tables import cells

if TYPE_CHECKING:
    from etprio.core.tables.tabular import Row

SCORE_LOW, SCORE_HIGH = 0.0, 5.0


@dataclass(frozen=True)
class ScoreSummary:
    """What a bid carries on one score column and where it came from.

    ``source`` is ``override``, ``members`` or ``imported``; ``minimum``, ``maximum`` and
    ``n`` describe the member scores counted (the spread the chair looks at), and
    ``excluded`` the conflicted members whose scores were left out.
    """

    bid_id: str
    column: str
    value: float | None
    source: str
    minimum: float | None
    maximum: float | None
    n: int
    excluded: tuple[str, ...]


@dataclass(frozen=True)
class ScoredDataset:
    """The data set with committee scores in place, and how each committee cell was made."""

    dataset: Dataset
    summaries: Mapping[tuple[str, str], ScoreSummary]

    @property
    def exclusions(self) -> frozenset[tuple[str, str]]:
        """(member_id, bid_id) pairs whose scores were left out because of a conflict."""
        return frozenset(
            (member, s.bid_id) for s in self.summaries.values() for member in s.excluded
        )


def aggregate(scores: Sequence[float], method: Aggregate) -> float:
    """Median or mean; both ignore the order the scores come in (``fmean`` sums exactly).

    >>> aggregate([4, 1, 5], Aggregate.MEDIAN), aggregate([4, 1, 5, 2], Aggregate.MEAN)
    (4, 3.0)
    """
    if method is Aggregate.MEAN:
        # Clamped: rounding in the division must not put a mean of fives above 5.
        return min(max(statistics.fmean(scores), min(scores)), max(scores))
    return statistics.median(sorted(scores))


def score_dataset(
    dataset: Dataset, committee: Committee, conflicts: Mapping[str, tuple[Conflict, ...]]
) -> ScoredDataset:
    """The data set whose Bid.scores hold the committee's scores (dataclasses.replace)."""
    by_cell: dict[tuple[str, str], list[MemberScore]] = defaultdict(list)
    for score in committee.scores:
        by_cell[(score.bid_id, score.column)].append(score)
    cells_touched = set(by_cell) | {(o.bid_id, o.column) for o in committee.overrides}
    summaries: dict[tuple[str, str], ScoreSummary] = {}
    new_scores: dict[str, dict[str, float]] = {}
    for bid in dataset.bids:
        columns = sorted(c for b, c in cells_touched if b == bid.bid_id)
        if not columns:
            continue
        conflicted = {c.member_id for c in conflicts.get(bid.bid_id, ())}
        scores = dict(bid.scores)
        for column in columns:
            summary = _summary(
                bid.bid_id,
                column,
                scores.get(column),
                by_cell.get((bid.bid_id, column), []),
                conflicted,
                committee,
            )
            summaries[(bid.bid_id, column)] = summary
            if summary.value is not None:
                scores[column] = summary.value
        new_scores[bid.bid_id] = scores
    bids = tuple(
        replace(b, scores=new_scores[b.bid_id]) if b.bid_id in new_scores else b
        for b in dataset.bids
    )
    return ScoredDataset(replace(dataset, bids=bids), summaries)


def _summary(
    bid_id: str,
    column: str,
    imported: float | None,
    member_scores: Sequence[MemberScore],
    conflicted: set[str],
    committee: Committee,
) -> ScoreSummary:
    counted = [s.score for s in member_scores if s.member_id not in conflicted]
    excluded = tuple(sorted(s.member_id for s in member_scores if s.member_id in conflicted))
    minimum = min(counted) if counted else None
    maximum = max(counted) if counted else None
    value: float | None
    override = committee.override_for(bid_id, column)
    if override is not None:
        value, source = override.score, "override"
    elif counted:
        value, source = float(aggregate(counted, committee.aggregate)), "members"
    else:
        value, source = imported, "imported"
    return ScoreSummary(bid_id, column, value, source, minimum, maximum, len(counted), excluded)


def read_member_scores(
    path: Path, member_id: str, dataset: Dataset
) -> tuple[tuple[MemberScore, ...], tuple[Problem, ...]]:
    """One member's scores sheet: ``bid_id`` and any score columns, CSV or XLSX, headings
    spelled as the bids table may spell them (CONTRACT §1). All or nothing, like every
    import (§1.3): any error raises ImportFailed listing every problem.
    """
    from etprio.core.tables.import_columns import BID_COLUMNS, heading_key
    from etprio.core.tables.tabular import column_letter, read_table

    table = read_table(path, sheet="scores")
    wanted = {"bid_id", *ASSESSOR_COLUMNS}
    lookup = {
        heading_key(spelling): column.name
        for column in BID_COLUMNS
        if column.name in wanted
        for spelling in (column.name, *column.aliases)
    }
    positions: dict[str, int] = {}
    problems = list(table.problems)
    file, header_row = table.file, table.header_row
    for position, heading in enumerate(table.header):
        name = lookup.get(heading_key(heading)) if heading else None
        if name in positions:
            first, again = column_letter(positions[name]), column_letter(position)
            message = f"columns {first} and {again} both hold {name}; keep one"
            problems.append(Problem(file, header_row, name, message))
        elif name is not None:
            positions[name] = position
    if "bid_id" not in positions:
        problems.append(Problem(file, header_row, "bid_id", "missing required column"))
    if not set(positions) - {"bid_id"}:
        problems.append(
            Problem(file, header_row, "-", "no score columns (such as access_score) found")
        )
    if any(p.is_error for p in problems):
        raise ImportFailed(problems)
    scores, row_problems = _scores(table.rows, positions, member_id, dataset, file)
    problems.extend(row_problems)
    if any(p.is_error for p in problems):
        raise ImportFailed(sorted(problems, key=lambda p: (p.row, p.column)))
    return tuple(scores), tuple(p for p in problems if p.severity is Severity.WARNING)


def _scores(
    rows: Iterable[Row],
    positions: Mapping[str, int],
    member_id: str,
    dataset: Dataset,
    file: str,
) -> tuple[list[MemberScore], list[Problem]]:
    known = dataset.bids_by_id
    seen: dict[str, int] = {}
    scores: list[MemberScore] = []
    problems: list[Problem] = []
    for row in rows:
        bid_id = cells.text(row.cells[positions["bid_id"]])
        if not bid_id:
            problems.append(Problem(file, row.number, "bid_id", "missing value"))
            continue
        if bid_id in seen:
            problems.append(
                Problem(
                    file, row.number, "bid_id", f"{bid_id} already scored on row {seen[bid_id]}"
                )
            )
            continue
        seen[bid_id] = row.number
        if bid_id not in known:
            problems.append(Problem(file, row.number, "bid_id", f"no bid {bid_id} in the project"))
            continue
        for column, position in positions.items():
            if column == "bid_id" or cells.is_blank(row.cells[position]):
                continue
            try:
                value = cells.number(row.cells[position])
            except cells.CellError as exc:
                problems.append(Problem(file, row.number, column, str(exc)))
                continue
            if not SCORE_LOW <= value <= SCORE_HIGH:
                problems.append(
                    Problem(file, row.number, column, f"score {value:g} is outside 0–5")
                )
                continue
            scores.append(MemberScore(member_id, bid_id, column, value))
    return scores, problems
