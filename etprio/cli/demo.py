"""``etprio demo``: synthetic bids and survey of any size, the same for the same seed."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.core.errors import FileAccessError, UsageError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="write synthetic bids.csv and survey.csv",
        description="Write synthetic bids.csv and survey.csv of any size; the same seed "
        "always gives the same files. With --ccgs, one folder per CCG with its tables and "
        "project file, for etprio region.",
    )
    parser.add_argument(
        "--bids", type=int, default=25, metavar="N", help="number of bids (per CCG with --ccgs)"
    )
    parser.add_argument(
        "--ccgs", type=int, metavar="N", help="write N CCGs' folders and project files"
    )
    parser.add_argument("--seed", type=int, default=1, metavar="S")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.core.tables.demo import write_demo

    if args.bids < 1:
        raise UsageError("--bids must be at least 1")
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(f"{args.output}: cannot create the folder ({exc.strerror})") from exc
    if args.ccgs is not None:
        from etprio.core.region.demo import write_region

        projects = write_region(args.output, args.ccgs, args.bids, args.seed)
        print(f"wrote {len(projects)} CCG folders with project files in {args.output}")
        return 0
    bids, survey = write_demo(args.output, args.bids, args.seed)
    print(f"wrote {bids} and {survey}")
    return 0
