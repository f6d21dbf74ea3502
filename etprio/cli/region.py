"""``etprio region``: several CCGs' projects as one pipeline against the region's allocations
(CONTRACT §8) — as a table, JSON, a spreadsheet or the regional paper."""

from __future__ import annotations

import argparse
import json
import textwrap
from pathlib import Path

from etprio.cli.common import add_allocation_arguments, money
from etprio.cli.funding import _seconds
from etprio.core.errors import UsageError
from etprio.core.funding.best_value import DEFAULT_TIME_LIMIT
from etprio.core.region.pipeline import LOCAL, ORDERS, RegionalScoring, open_ccgs
from etprio.core.region.plan import RegionalPlan, RegionLimits, plan_region
from etprio.core.scoring.criteria import load_criteria, parse_weight_overrides
from etprio.core.tables.scales import load_scales
from etprio.core.wording import format_gbp

WIDTH = 79


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "region",
        help="several CCGs' bids against the region's allocations",
        description="Merge CCG projects into one regional pipeline and fund it against the "
        "region's capital allocations by financial year.",
    )
    parser.add_argument("projects", nargs="+", type=Path, metavar="CCG.etprio")
    limits = parser.add_argument_group("the region's capital")
    add_allocation_arguments(limits)
    limits.add_argument("--capital", type=money, metavar="£", help="total capital limit")
    order = parser.add_argument_group("regional order")
    order.add_argument(
        "--order",
        choices=ORDERS,
        default=LOCAL,
        help="local: each CCG's own scores and order (default); score: one criteria set",
    )
    order.add_argument("--criteria", type=Path, metavar="F", help="criteria set for --order score")
    order.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    order.add_argument("--weights", metavar="KEY=W,...", help="replace the named weights")
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"stop the best-value search after this long (default {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT", help="write OUT.pdf (the paper) or OUT.xlsx"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower() if args.output else None
    if suffix not in (None, ".pdf", ".xlsx"):
        raise UsageError(f"{args.output}: write the regional pipeline to a .pdf or .xlsx file")
    scoring = RegionalScoring.given(
        load_criteria(args.criteria) if args.criteria else None,
        parse_weight_overrides(args.weights) if args.weights else None,
        load_scales(args.scales) if args.scales else None,
    )
    ccgs = open_ccgs(args.projects)
    limits = RegionLimits(dict(args.capital_by_year or ()), bool(args.carry_forward), args.capital)
    plan = plan_region(ccgs, limits, order=args.order, scoring=scoring, time_limit=args.time_limit)
    if suffix == ".xlsx":
        from etprio.report.region_export import write_region_table

        write_region_table(args.output, plan)
    elif suffix == ".pdf":
        from etprio.report.pdf.region_paper import write_region_paper

        write_region_paper(args.output, plan)
    if args.format == "json":
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    elif args.output is None:
        print(region_text(plan))
    else:
        print(f"wrote {args.output}")
    return 0


def region_text(plan: RegionalPlan) -> str:
    """The pipeline by year, per CCG and per bid, and what does not fit, in 80 columns."""
    lines = [
        f"Regional pipeline: {len(plan.ccgs)} CCGs, {len(plan.bids)} bids, "
        f"{plan.order} order" + (f" ({plan.criteria_name})" if plan.order != LOCAL else ""),
        "",
        f"{'Year':<9}{'Allocation':>15}{'Pipeline':>15}{'Rank order':>15}{'Best value':>15}",
    ]
    for year in plan.years:
        allocation = "—" if year.allocation is None else format_gbp(year.allocation)
        lines.append(
            f"{year.year:<9}{allocation:>15}"
            f"{format_gbp(plan.pipeline_by_year.get(year.year, 0.0)):>15}"
            f"{format_gbp(year.rank_order):>15}{format_gbp(year.best_value):>15}"
        )
    lines += [
        f"Best value is {plan.best_value.optimality}.",
        "",
        f"{'CCG':<6}{'Name':<33}{'Bids':>5}{'Requested':>12}{'Funded':>12}{'Best value':>11}",
    ]
    for ccg in plan.ccgs:
        lines.append(
            f"{ccg.code:<6}{ccg.name[:32]:<33}{ccg.bids:>5}{format_gbp(ccg.grant_requested):>12}"
            f"{format_gbp(ccg.grant_funded):>12}{format_gbp(ccg.grant_best_value):>11}"
        )
    lines += [
        "",
        f"{'Rank':>5}  {'Bid':<14}{'Local':>6}{'Score':>7}{'Grant':>12}  {'Rank order':<11}"
        "Best value",
        "-" * WIDTH,
    ]
    for bid in plan.bids:
        lines.append(
            f"{bid.regional_rank:>5}  {bid.regional_id[:14]:<14}{bid.local_rank:>6}"
            f"{bid.score:>7.1f}{format_gbp(bid.grant):>12}  "
            f"{'funded' if bid.funded else 'not funded':<11}"
            f"{'funded' if bid.best_value else 'not funded'}"
        )
    not_fitting = [b for b in plan.bids if b.reason]
    if not_fitting:
        lines += ["", "Not funded in rank order"]
        lines += [
            textwrap.fill(
                f"{b.regional_id} {b.reason}",
                width=WIDTH,
                initial_indent="  ",
                subsequent_indent="    ",
            )
            for b in not_fitting
        ]
    lines += ["", "What best value does differently", *(f"  {s}" for s in plan.differences)]
    overturned = plan.overturned
    lines += ["", "Local orders the score order overturns"]
    lines += [
        f"  {c.code} {c.name}: {c.overturned[0]} would rank above {c.overturned[1]}"
        for c in overturned
        if c.overturned
    ] or ["  none: every CCG's own order stands"]
    return "\n".join(lines)
