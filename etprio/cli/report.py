"""``etprio report``: the submission PDF to NHS England (CONTRACT §4, DESIGN "Submission PDF").

A project's saved budgets, CCG name and document version are used unless a flag overrides
them for this run (CONTRACT §6); without budgets the funding sections say that none were
given. ``--public`` prints
the edition for the CCG's website (CONTRACT §5). reportlab is imported only here, inside the
command, so other commands start fast (DESIGN "Heavy imports … load lazily").
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path

from etprio.cli.common import add_data_arguments, load_workspace
from etprio.core.errors import UsageError
from etprio.core.resources import DEMO_CCG_NAME


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the submission PDF",
        description="Write the ranked submission to NHS England as a PDF.",
    )
    add_data_arguments(parser)
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.pdf")
    parser.add_argument(
        "--public",
        action="store_true",
        help="the edition for publication: no notes, confidential columns or withheld declarations",
    )
    cover = parser.add_argument_group("cover (default: the project's report settings)")
    cover.add_argument("--ccg", metavar="NAME", help="CCG name")
    cover.add_argument("--logo", type=Path, metavar="F", help="the CCG's logo, PNG or JPEG")
    cover.add_argument("--doc-version", metavar="V", help="document version (default 1.0)")
    cover.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="cover date")
    sensitivity = parser.add_argument_group("sensitivity section")
    sensitivity.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help="weightings to sample (default 10,000, fewer above 1,000 bids; the PDF says how many)",
    )
    sensitivity.add_argument("--seed", type=int, default=0, metavar="S")
    sensitivity.add_argument("--top", type=int, default=5, metavar="N")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".pdf":
        raise UsageError(f"{args.output}: the report is a PDF; name the output OUT.pdf")
    from etprio.report.pdf.project_content import SensitivityOptions, write_submission

    workspace = load_workspace(args)
    settings = workspace.project.settings
    report = settings.report
    if args.demo and not report.ccg_name:
        report = replace(report, ccg_name=DEMO_CCG_NAME)
    if args.ccg:
        report = replace(report, ccg_name=args.ccg)
    if args.doc_version:
        report = replace(report, version=args.doc_version)
    workspace.project.settings = replace(settings, report=report)
    write_submission(
        args.output,
        workspace,
        public=args.public,
        on=args.date,
        logo=args.logo,
        sensitivity=SensitivityOptions(samples=args.samples, seed=args.seed, top=args.top),
    )
    edition = "public edition" if args.public else "full edition"
    print(f"wrote {args.output} ({edition})")
    return 0
