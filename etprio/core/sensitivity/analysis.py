"""Sensitivity of the ranking: how robust it is, and what it would take to change it
(CONTRACT §4 ``sensitivity``, DESIGN "Desktop app" Sensitivity tab and "Submission PDF").

The work lives in four modules, each a set of pure functions:

* :mod:`~etprio.core.sensitivity.stability` — exact per-criterion stability intervals of the top
  n or of the funded set, and per-bid rank intervals;
* :mod:`~etprio.core.sensitivity.smaa` — SMAA-2 rank and funding acceptability under sampled
  weights;
* :mod:`~etprio.core.sensitivity.what_it_takes` — the least weight change that lifts a bid to a
  target;
* :mod:`~etprio.core.sensitivity.findings` — the numbers in plain words.

This module puts them together for the command line and the GUI: :func:`run` is the one
call a worker thread makes (Orange's ``run(data, ..., state)`` shape), and
:meth:`SensitivityReport.to_json` is exactly the ``sensitivity --format json`` document.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.progress import TaskState, stage
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.findings import findings
from etprio.core.sensitivity.smaa import SmaaResult, check_sampling, smaa
from etprio.core.sensitivity.stability import StabilityInterval, stability_intervals

DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 0
DEFAULT_TOP = 5
DEFAULT_RANKS = 20
FULL_TABLE_BIDS = 200  # above this many bids the JSON lists only the first ranks


@dataclass(frozen=True)
class SensitivityOptions:
    """How to sample (CONTRACT §4 ``--samples``, ``--seed``, ``--spread``, ``--top``)."""

    samples: int = DEFAULT_SAMPLES
    seed: int = DEFAULT_SEED
    spread_pct: float | None = None
    top: int = DEFAULT_TOP
    ranks: int = DEFAULT_RANKS

    def __post_init__(self) -> None:
        check_sampling(self.samples, self.spread_pct)
        if self.top < 1:
            raise UsageError(f"--top must be at least 1, not {self.top}")
        if self.ranks < 1:
            raise UsageError(f"--ranks must be at least 1, not {self.ranks}")
        if self.seed < 0:
            raise UsageError(f"the seed must be a whole number ≥ 0, not {self.seed}")


@dataclass(frozen=True, eq=False)
class SensitivityReport:
    """Intervals, SMAA and findings for one ranking and, optionally, one set of budgets."""

    scores: Scores
    limits: FundingLimits | None
    options: SensitivityOptions
    stability: tuple[StabilityInterval, ...]
    smaa: SmaaResult
    findings: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """Exactly CONTRACT §4 ``sensitivity --format json``; bids in rank order. Beyond
        200 bids each rank acceptability list stops at rank K (``ranks``): the full table
        would be n² numbers, a hundred million at regional scale."""
        ids = self.scores.matrix.bid_ids
        order = self.scores.order.tolist()
        counts = self.smaa.rank_counts
        if len(ids) > FULL_TABLE_BIDS:
            counts = counts[:, : self.options.ranks]
        samples = self.smaa.samples
        p5, p50, p95 = self.smaa.rank_quantiles()
        document: dict[str, Any] = {
            "rank_acceptability": {ids[i]: (counts[i] / samples).tolist() for i in order},
            "rank_quantiles": {
                ids[i]: {"p5": int(p5[i]), "p50": int(p50[i]), "p95": int(p95[i])} for i in order
            },
        }
        funding = self.smaa.funding_acceptability()
        if funding is not None:
            document["funding_acceptability"] = {ids[i]: float(funding[i]) for i in order}
        document["stability"] = [interval.to_json() for interval in self.stability]
        document["findings"] = list(self.findings)
        return document


def run(
    scores: Scores,
    limits: FundingLimits | None = None,
    options: SensitivityOptions | None = None,
    state: TaskState | None = None,
    intervals: tuple[StabilityInterval, ...] | None = None,
) -> SensitivityReport:
    """Everything the Sensitivity tab and ``etprio sensitivity`` show, for one ranking.

    ``intervals`` are the stability intervals for the same ranking, budgets and top n when
    the caller already has them (the Sensitivity tab works them out first), so they are
    not worked out twice.

    Raises:
        UsageError: options out of range.
        Cancelled: ``state`` asked for an interruption.
    """
    options = options or SensitivityOptions()
    # The funded set's intervals take about as long as the sampling; the top n's are quick.
    split = 0.0 if intervals is not None else 50.0 if limits is not None else 5.0
    if intervals is None:
        intervals = stability_intervals(
            scores, top=options.top, limits=limits, state=stage(state, 0.0, split)
        )
    result = smaa(
        scores,
        samples=options.samples,
        seed=options.seed,
        spread_pct=options.spread_pct,
        top=options.top,
        limits=limits,
        state=stage(state, split, 100.0),
    )
    return SensitivityReport(
        scores=scores,
        limits=limits,
        options=options,
        stability=intervals,
        smaa=result,
        findings=findings(scores, intervals, result),
    )
