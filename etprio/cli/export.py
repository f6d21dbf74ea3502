"""``etprio export``: the ranking to CSV or XLSX (CONTRACT §5)."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.cli.common import add_data_arguments, load_workspace


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="write the ranking to CSV or XLSX",
        description="Write the ranking, with each criterion's value and points, to a CSV "
        "or XLSX file. Text that a spreadsheet would run as a formula is made harmless.",
    )
    add_data_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv|OUT.xlsx")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.report.ranking_export import write_ranking

    write_ranking(args.output, load_workspace(args))
    print(f"wrote {args.output}")
    return 0
