"""``etprio template bids|survey -o F.xlsx``: a blank workbook for practices to fill in,
with the contract's headings, drop-downs and checks, that imports back cleanly."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.core.tables.scales import load_scales
from etprio.core.tables.templates import KINDS, write_template


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "template",
        help="write a blank bids or survey workbook",
        description="Write a blank workbook for practices to fill in: the headings etprio "
        "reads, drop-downs and checks, an instructions sheet. It imports back cleanly.",
    )
    parser.add_argument("kind", choices=KINDS, help="which table")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="F.xlsx")
    parser.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = write_template(args.kind, args.output, load_scales(args.scales))
    print(f"wrote {path}")
    return 0
