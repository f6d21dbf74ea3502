"""``etprio rank``: the ranking as a table, CSV or the JSON of CONTRACT §4."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Collection
from typing import Any

from etprio.cli.common import WIDTH, add_data_arguments, load_workspace, wrapped
from etprio.core.model import SchemeType
from etprio.core.scoring.weighted_sum import Scores
from etprio.report.tables import csv_text, ranking_table

_TITLE_WIDTH = 45
_TYPE = {SchemeType.ESTATES: "Est.", SchemeType.TECHNOLOGY: "Tech"}


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "rank", help="rank the bids", description="Score and rank the bids."
    )
    add_data_arguments(parser)
    parser.add_argument(
        "--method",
        choices=("wsm", "topsis"),
        default="wsm",
        help="wsm: weighted sum, used for the submission (default); topsis: an alternative view",
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workspace = load_workspace(args)
    if args.method == "topsis":
        from etprio.core.scoring.topsis import topsis_scores

        scores = topsis_scores(workspace.matrix, workspace.weights)
        funded = workspace.funded_under(scores)
    else:
        scores = workspace.scores
        funded = workspace.funded
    if args.format == "json":
        print(json.dumps(ranking_json(scores, args.method), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(csv_text(*ranking_table(scores, funded)))
    else:
        print(ranking_text(scores, funded, args.method))
    return 0


def ranking_json(scores: Scores, method: str = "wsm") -> dict[str, Any]:
    matrix = scores.matrix
    keys = matrix.criteria.keys
    contributions = scores.contributions if method == "wsm" else None
    bids = []
    for position, index in enumerate(scores.order.tolist(), start=1):
        bid = matrix.bids[index]
        bids.append(
            {
                "rank": position,
                "bid_id": bid.bid_id,
                "title": bid.title,
                "scheme_type": bid.scheme_type.value,
                "score": float(scores.score[index]),
                "eligible": bool(matrix.eligible[index]),
                "cohort": int(matrix.cohort[index]),
                "values": dict(zip(keys, matrix.values[index].tolist(), strict=True)),
                "contributions": {}
                if contributions is None
                else dict(zip(keys, contributions[index].tolist(), strict=True)),
                "neutral": list(matrix.neutral_keys(index)),
                "flags": list(matrix.flags(index)),
            }
        )
    criteria = [
        {"key": c.key, "label": c.label, "weight": float(w)}
        for c, w in zip(matrix.criteria.criteria, scores.weights.tolist(), strict=True)
    ]
    return {"method": method, "criteria": criteria, "bids": bids}


def ranking_text(scores: Scores, funded: Collection[str] | None, method: str = "wsm") -> str:
    """A ranking that reads in an 80-column terminal."""
    matrix = scores.matrix
    heading = "TOPSIS closeness × 100 (alternative view)" if method == "topsis" else "Score"
    lines = [matrix.criteria.name, _weights_line(scores), ""]
    lines.append(f"{'Rank':>4}  {'Bid':<8} {'Type':<5} {'Coh':>3} {'Score':>6}  Title")
    lines.append("-" * WIDTH)
    for position, index in enumerate(scores.order.tolist(), start=1):
        bid = matrix.bids[index]
        marks = ("" if matrix.eligible[index] else "✗ ") + (
            "£ " if funded is not None and bid.bid_id in funded else ""
        )
        title = textwrap.shorten(marks + bid.title, width=_TITLE_WIDTH, placeholder="…")
        lines.append(
            f"{position:>4}  {bid.bid_id[:8]:<8} {_TYPE[bid.scheme_type]:<5} "
            f"{int(matrix.cohort[index]):>3} {scores.score[index]:>6.2f}  {title}"
        )
    lines.append("")
    lines.append(f"{heading}; ✗ ineligible" + ("; £ funded in rank order" if funded else ""))
    return "\n".join(lines)


def _weights_line(scores: Scores) -> str:
    parts = [
        f"{key} {weight:.0%}"
        for key, weight in zip(scores.matrix.criteria.keys, scores.weights.tolist(), strict=True)
        if weight > 0
    ]
    return wrapped(", ".join(parts), "Weights: ", "  ")
