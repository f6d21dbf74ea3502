"""Arguments every data command shares (CONTRACT §4 DATA) and loading them into a value
matrix, so that each subcommand only formats its own answer."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.errors import UsageError
from etprio.core.project.workspace import RunOverrides, Workspace
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.criteria import load_criteria, parse_weight_overrides
from etprio.core.tables.scales import load_scales

if TYPE_CHECKING:
    from etprio.core.funding.limits import FundingLimits

WIDTH = 79
"""Reports fit a standard terminal and an email without rewrapping."""


def wrapped(text: str, first: str, rest: str) -> str:
    """``text`` filled to :data:`WIDTH`, the first line indented by ``first`` and the rest
    by ``rest`` (hanging indents for bullets and bid ids)."""
    return textwrap.fill(text, width=WIDTH, initial_indent=first, subsequent_indent=rest)


def money(text: str) -> float:
    """argparse type for £ amounts in any spelling CONTRACT §1 allows (``£2.5m``)."""
    from etprio.core.tables.cells import CellError
    from etprio.core.tables.cells import money as parse_money

    try:
        return parse_money(text)
    except CellError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def capital_by_year(text: str) -> tuple[tuple[str, float], ...]:
    """argparse type for ``--capital-by-year 2017/18=£26.1m,2018/19=£26.2m`` (CONTRACT §7)."""
    from etprio.core.funding.limits import FundingError, parse_capital_by_year

    try:
        return parse_capital_by_year(text)
    except FundingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def add_allocation_arguments(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--capital-by-year`` and ``--carry-forward`` (CONTRACT §7), for every command that
    takes budgets; left out, a project's saved allocations apply."""
    parser.add_argument(
        "--capital-by-year",
        type=capital_by_year,
        metavar="Y=£,...",
        help="allocation per financial year, e.g. 2017/18=£26.1m,2018/19=£26.2m; "
        "with it --capital and --recurrent may be left out",
    )
    parser.add_argument(
        "--carry-forward",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="pass a year's unspent allocation on to the next year (limits then cumulative)",
    )


def add_data_arguments(parser: argparse.ArgumentParser, *, budgets: bool = True) -> None:
    data = parser.add_argument_group("data (one of --bids/--survey, --project or --demo)")
    data.add_argument("--bids", type=Path, metavar="F", help="bids table (CSV or XLSX)")
    data.add_argument("--survey", type=Path, metavar="F", help="six-facet survey table")
    data.add_argument("--project", type=Path, metavar="F", help="an .etprio project file")
    data.add_argument("--demo", action="store_true", help="the bundled demo data")
    scoring = parser.add_argument_group("scoring")
    scoring.add_argument("--criteria", type=Path, metavar="F", help="criteria set (TOML)")
    scoring.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    scoring.add_argument(
        "--weights", metavar="KEY=W,...", help="replace the named weights (file's scale)"
    )
    if budgets:
        add_budget_arguments(parser)


def add_budget_arguments(parser: argparse.ArgumentParser) -> None:
    """Budgets for this run; a project's saved budgets apply when these are left out."""
    group = parser.add_argument_group("funding (default: the budgets saved in --project)")
    group.add_argument(
        "--capital",
        type=money,
        metavar="£",
        help="capital envelope: grant available, e.g. £4.5m",
    )
    group.add_argument(
        "--recurrent",
        type=money,
        metavar="£",
        help="annual recurrent headroom, e.g. £250k",
    )
    group.add_argument(
        "--horizon",
        type=int,
        metavar="Y",
        help="years of recurrent liability to show (default: the project's, else 10)",
    )
    add_allocation_arguments(group)


def load_workspace(args: argparse.Namespace) -> Workspace:
    """Open DATA as a workspace with this run's flags applied (CONTRACT §4, §6).

    A project file is opened read-only and brings its own criteria, weights, budgets and
    CCG name; a flag overrides the saved value for this run only and the file is never
    written. Tables (``--bids``/``--survey`` or ``--demo``) get budgets from flags alone.
    """
    chosen = [args.demo, args.project is not None, args.bids is not None or args.survey is not None]
    if sum(chosen) != 1:
        raise UsageError("give exactly one of --bids F --survey F, --project F or --demo")
    criteria = load_criteria(args.criteria) if args.criteria else None
    scales = load_scales(args.scales) if args.scales else None
    if args.project is not None:
        workspace = Workspace.open(args.project, read_only=True)
    else:
        if args.demo:
            bids, survey = demo_bids_path(), demo_survey_path()
        elif args.bids is None or args.survey is None:
            raise UsageError("--bids and --survey go together")
        else:
            bids, survey = args.bids, args.survey
        workspace = Workspace.from_tables(bids, survey, criteria, scales)
        if getattr(args, "capital_by_year", None) is None and (
            (getattr(args, "capital", None) is None) != (getattr(args, "recurrent", None) is None)
        ):
            raise UsageError("--capital and --recurrent go together (or give --capital-by-year)")
    workspace.override(
        RunOverrides(
            criteria=criteria if args.project is not None else None,
            scales=scales if args.project is not None else None,
            weights=parse_weight_overrides(args.weights) if args.weights else None,
            capital=getattr(args, "capital", None),
            recurrent=getattr(args, "recurrent", None),
            horizon=getattr(args, "horizon", None),
            capital_by_year=getattr(args, "capital_by_year", None),
            carry_forward=getattr(args, "carry_forward", None),
        )
    )
    if workspace.warnings:
        print(
            f"etprio: {len(workspace.warnings)} warning(s) in the data; etprio validate lists them",
            file=sys.stderr,
        )
    return workspace


def required_limits(workspace: Workspace) -> FundingLimits:
    """The budgets a command cannot do without (``funding``): saved or given."""
    limits = workspace.limits
    if limits is None:
        raise UsageError(
            "no budgets: give --capital and --recurrent, or --capital-by-year, or save them "
            "in the project (etprio new --capital --recurrent, or the app's Funding tab)"
        )
    return limits
