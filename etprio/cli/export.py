"""``etprio export``: the ranking to CSV or XLSX (CONTRACT §5)."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.cli.common import add_data_arguments, load_workspace
from etprio.report.tables import ranking_table, write_table


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export", help="write the ranking to CSV or XLSX", description=__doc__
    )
    add_data_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv|OUT.xlsx")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    workspace = load_workspace(args)
    write_table(args.output, *ranking_table(workspace.scores, workspace.funded))
    print(f"wrote {args.output}")
    return 0
