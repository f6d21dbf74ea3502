"""``etprio report``: the submission PDF to NHS England (CONTRACT §4, DESIGN "Submission PDF").

With ``--capital`` and ``--recurrent`` the report gains its funding line and recurrent
liability; without them those sections say that no budgets were given. ``--public`` prints
the edition for the CCG's website (CONTRACT §5). reportlab is imported only here, inside the
command, so other commands start fast (DESIGN "Heavy imports … load lazily").
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.cli.common import LoadedData, add_data_arguments, limits_from, load_data
from etprio.core.errors import UsageError

if TYPE_CHECKING:
    from etprio.core.funding import FundingLimits
    from etprio.core.funding_plan import FundingPlan
    from etprio.core.scoring import Scores
    from etprio.report.pdf import ReportContent, SensitivitySummary


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
    cover = parser.add_argument_group("cover (a project's own settings win)")
    cover.add_argument("--ccg", metavar="NAME", help="CCG name (default: the demo CCG's)")
    cover.add_argument("--logo", type=Path, metavar="F", help="the CCG's logo, PNG or JPEG")
    cover.add_argument("--doc-version", default="1.0", metavar="V", help="document version")
    cover.add_argument("--date", type=date.fromisoformat, metavar="YYYY-MM-DD", help="cover date")
    sensitivity = parser.add_argument_group("sensitivity section")
    sensitivity.add_argument("--samples", type=int, default=10_000, metavar="N")
    sensitivity.add_argument("--seed", type=int, default=0, metavar="S")
    sensitivity.add_argument("--top", type=int, default=5, metavar="N")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".pdf":
        raise UsageError(f"{args.output}: the report is a PDF; name the output OUT.pdf")
    from etprio.report.pdf import build_report

    data = load_data(args)
    scores = data.score()
    limits = _limits(args)
    funding = _funding(scores, limits)
    content = _content(args, data, scores, funding, _sensitivity(args, scores, limits))
    build_report(args.output, content, public=args.public)
    edition = "public edition" if args.public else "full edition"
    print(f"wrote {args.output} ({edition})")
    return 0


def _limits(args: argparse.Namespace) -> FundingLimits | None:
    if args.capital is None and args.recurrent is None:
        return None
    return limits_from(args)


def _funding(scores: Scores, limits: FundingLimits | None) -> FundingPlan | None:
    if limits is None:
        return None
    from etprio.core.funding_plan import plan_funding

    return plan_funding(scores, limits)


def _sensitivity(
    args: argparse.Namespace, scores: Scores, limits: FundingLimits | None
) -> SensitivitySummary:
    """Stability intervals and plain-language findings, seeded so that the same data prints
    the same sentences every time."""
    from etprio.core.findings import findings
    from etprio.core.smaa import smaa
    from etprio.core.stability import stability_intervals
    from etprio.report.pdf import SensitivitySummary

    intervals = stability_intervals(scores, top=args.top, limits=limits)
    result = smaa(scores, samples=args.samples, seed=args.seed, top=args.top, limits=limits)
    return SensitivitySummary(findings(scores, intervals, result), intervals)


def _content(
    args: argparse.Namespace,
    data: LoadedData,
    scores: Scores,
    funding: FundingPlan | None,
    sensitivity: SensitivitySummary,
) -> ReportContent:
    from dataclasses import replace

    from etprio.report.pdf import CoverSettings, ReportContent

    if args.project is not None:
        from etprio.core.project_store import open_project
        from etprio.report.pdf.project_content import project_content

        with open_project(args.project, read_only=True) as project:
            content = project_content(
                project, scores, funding=funding, sensitivity=sensitivity, on=args.date
            )
        cover = replace(content.cover, logo=args.logo)
        if args.ccg:
            cover = replace(cover, ccg_name=args.ccg)
        return replace(content, cover=cover)
    cover = CoverSettings(version=args.doc_version, logo=args.logo)
    if args.ccg:
        cover = replace(cover, ccg_name=args.ccg)
    if args.date:
        cover = replace(cover, date=args.date)
    return ReportContent(
        scores=scores,
        cover=cover,
        funding=funding,
        sensitivity=sensitivity,
        premises=data.dataset.premises,
    )
