"""``etprio sensitivity``: how robust the ranking is to the weights — findings in words,
per-criterion stability intervals and SMAA-2 acceptabilities, as a table or the JSON of
CONTRACT §4."""

from __future__ import annotations

import argparse
import json

import numpy as np

from etprio.cli.common import WIDTH, add_data_arguments, load_workspace, wrapped
from etprio.core.sensitivity.analysis import (
    DEFAULT_RANKS,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    SensitivityOptions,
    SensitivityReport,
)
from etprio.core.sensitivity.analysis import (
    run as analyse,
)
from etprio.core.sensitivity.findings import number_word, percent
from etprio.core.sensitivity.smaa import describe_sampling
from etprio.core.sensitivity.stability import FUNDED_SET

_PROFILE_LEVELS = " ▁▂▃▄▅▆▇█"


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "sensitivity",
        help="how robust the ranking is to the weights",
        description="Stability intervals for each weight, SMAA-2 rank acceptability under "
        "sampled weights, and the findings in plain words.",
    )
    add_data_arguments(parser)
    sampling = parser.add_argument_group("sampling")
    sampling.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_SAMPLES,
        metavar="N",
        help=f"weightings to sample (default {DEFAULT_SAMPLES:,})",
    )
    sampling.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, metavar="S", help="random seed (default 0)"
    )
    sampling.add_argument(
        "--spread",
        type=float,
        metavar="PCT",
        help="sample each weight within ±PCT%% of its value instead of over all weightings",
    )
    parser.add_argument(
        "--top",
        type=int,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"size of the top set held steady when no budgets are given (default {DEFAULT_TOP})",
    )
    parser.add_argument(
        "--ranks",
        type=int,
        default=DEFAULT_RANKS,
        metavar="K",
        help="with more than 200 bids, list rank acceptability for ranks 1 to K only "
        f"(default {DEFAULT_RANKS})",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    options = SensitivityOptions(
        samples=args.samples,
        seed=args.seed,
        spread_pct=args.spread,
        top=args.top,
        ranks=args.ranks,
    )
    workspace = load_workspace(args)
    report = analyse(workspace.scores, workspace.limits, options)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        print(sensitivity_text(report))
    return 0


def sensitivity_text(report: SensitivityReport) -> str:
    """Findings, intervals and acceptabilities, readable in an 80-column terminal."""
    lines = [
        report.scores.matrix.criteria.name,
        wrapped(f"Sensitivity over {describe_sampling(report.smaa)}.", "", ""),
        "",
        "Findings",
        *(wrapped(sentence, "  • ", "    ") for sentence in report.findings),
        "",
        *_stability_table(report),
        "",
        *_acceptability_table(report),
    ]
    return "\n".join(lines)


def _stability_table(report: SensitivityReport) -> list[str]:
    first = report.stability[0]
    held = (
        f"the funded set ({first.n} bids)"
        if first.scope == FUNDED_SET
        else f"the top {number_word(first.n)}"
    )
    lines = [
        wrapped(
            f"Stability: share of the total weight over which {held} stays the same, "
            "the other weights keeping their proportions",
            "",
            "",
        ),
        f"{'Criterion':<28}{'Now':>8}{'Low':>8}{'High':>8}",
        "-" * 52,
    ]
    for interval in report.stability:
        lines.append(
            f"{interval.criterion[:27]:<28}{interval.current:>8.1%}"
            f"{interval.low:>8.1%}{interval.high:>8.1%}"
        )
    return lines


def _acceptability_table(report: SensitivityReport) -> list[str]:
    """Per bid in rank order: first-rank and top-n acceptability, funding acceptability
    when budgets were given, the central 90% of its ranks and a profile of all its ranks."""
    result = report.smaa
    scores = report.scores
    counts = result.rank_counts
    top = result.top
    first, in_top = result.first_rank(), result.top_acceptability()
    low, high = result.rank_range()
    funding = result.funding_acceptability()
    head = f"Top {top}"
    lines = [
        "Rank acceptability: share of weightings giving each bid a rank (90%: the middle",
        f"90% of its ranks; profile: ranks 1 to {len(counts)} left to right)",
        f"{'Rank':>4}  {'Bid':<8} {'Score':>6} {'First':>9} {head:>9}"
        + (f" {'Funded':>9}" if funding is not None else "")
        + f" {'90%':>7}  Profile",
        "-" * WIDTH,
    ]
    for position, i in enumerate(scores.order.tolist(), start=1):
        row = (
            f"{position:>4}  {result.bid_ids[i][:8]:<8} {scores.score[i]:>6.1f} "
            f"{percent(float(first[i])):>9} {percent(float(in_top[i])):>9}"
        )
        if funding is not None:
            row += f" {percent(float(funding[i])):>9}"
        span = f"{low[i]}" if low[i] == high[i] else f"{low[i]}–{high[i]}"
        row = f"{row} {span:>7}  "
        lines.append((row + _profile(counts[i], WIDTH - len(row))).rstrip())
    return lines


def _profile(row: np.ndarray, width: int) -> str:
    """A bid's rank distribution as a strip of block characters, ranks binned to fit."""
    bins = np.array_split(row, max(1, min(width, len(row))))
    heights = np.array([b.sum() for b in bins])
    peak = heights.max()
    levels = np.ceil(heights / peak * (len(_PROFILE_LEVELS) - 1)).astype(int)
    return "".join(_PROFILE_LEVELS[level] for level in levels)
