"""``etprio export``: the ranking to CSV or XLSX (CONTRACT §5)."""

from __future__ import annotations

import argparse
from pathlib import Path

from etprio.cli.common import add_data_arguments, funded_ids, limits_from, load_data
from etprio.report.tables import (
    about_rows,
    file_fingerprints,
    ranking_headings,
    ranking_table,
    write_table,
)


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
    data = load_data(args)
    scores = data.score()
    funded = funded_ids(args, scores)
    header, rows = ranking_table(scores, funded)
    about = about_rows(
        scores,
        limits=None if funded is None else limits_from(args),
        files=_data_files(args),
    )
    headings = ranking_headings(scores, header)
    write_table(args.output, header, rows, headings=headings, about=about)
    print(f"wrote {args.output}")
    return 0


def _data_files(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The files the ranking was read from, with their SHA-256: a project's are those of
    its latest import, as its decision log recorded them."""
    if args.project is not None:
        from etprio.core.decision_log import Action
        from etprio.core.project_store import open_project

        project = open_project(args.project, read_only=True)
        imports = [e for e in project.log.entries if e.action == Action.IMPORT]
        files = imports[-1].details.get("files", []) if imports else []
        return [(str(f.get("name", "")), str(f.get("sha256", ""))) for f in files]
    if args.demo:
        from etprio.core.resources import demo_bids_path, demo_survey_path

        return file_fingerprints([demo_bids_path(), demo_survey_path()])
    return file_fingerprints([args.bids, args.survey])
