"""``etprio new``: a project file from a bids table and a survey (CONTRACT §4); the import
is the first entry of its decision log, with each source file's SHA-256."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from etprio.core.criteria import load_criteria
from etprio.core.errors import UsageError
from etprio.core.scales import load_scales


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a project file from bids and survey tables",
        description="Create a project file from a bids table and a survey. The import is the "
        "first entry of its decision log, with each file's SHA-256.",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT.etprio")
    parser.add_argument("--bids", type=Path, metavar="F", required=True)
    parser.add_argument("--survey", type=Path, metavar="F", required=True)
    parser.add_argument("--criteria", type=Path, metavar="F", help="criteria set (TOML)")
    parser.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.core.importing import load_dataset
    from etprio.core.project_store import new_project, save_project

    if args.project.exists() and not args.force:
        raise UsageError(f"{args.project} already exists; choose another name or add --force")
    criteria = load_criteria(args.criteria)
    scales = load_scales(args.scales)
    dataset, warnings = load_dataset(
        args.bids, args.survey, scales, assessment_date=criteria.assessment_date
    )
    for warning in warnings:
        print(warning, file=sys.stderr)
    sources = [p for p in (args.bids, args.survey, args.criteria, args.scales) if p is not None]
    with new_project(dataset, criteria, scales, sources=sources) as project:
        save_project(project, args.project)
    print(
        f"created {args.project}: {len(dataset.bids)} bids, {len(dataset.premises)} premises, "
        f"criteria set {criteria.name!r}" + (f"; {len(warnings)} warning(s)" if warnings else "")
    )
    return 0
