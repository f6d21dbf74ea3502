"""``etprio validate``: every problem in the files, each at FILE:ROW:COLUMN (CONTRACT §1.3),
after where each table was found: the sheet and heading row (CONTRACT §1)."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.importing import inspect_files
from etprio.core.tables.scales import load_scales


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check bids and survey files",
        description="List every error and warning; exit 3 if there is any error.",
    )
    parser.add_argument("--bids", type=Path, metavar="F", required=True)
    parser.add_argument("--survey", type=Path, metavar="F")
    parser.add_argument("--criteria", type=Path, metavar="F", help="for its assessment date")
    parser.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    criteria = load_criteria(args.criteria)
    check = inspect_files(
        args.bids, args.survey, load_scales(args.scales), assessment_date=criteria.assessment_date
    )
    for source in check.sources:
        print(f"{source.file}: {source}")
    problems = check.problems
    for problem in problems:
        print(problem)
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s)")
    return 3 if errors else 0
