"""Arguments every data command shares (CONTRACT §4 DATA) and loading them into a value
matrix, so that each subcommand only formats its own answer."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.criteria import CriteriaSet, load_criteria, parse_weight_overrides
from etprio.core.errors import UsageError
from etprio.core.model import Dataset
from etprio.core.problems import Problem
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scales import GradeScales, load_scales
from etprio.core.scoring import AllWeightsZero, Scores, normalised_weights, score_bids
from etprio.core.values import ValueMatrix, compute_values

if TYPE_CHECKING:
    from etprio.core.funding import FundingLimits


def money(text: str) -> float:
    """argparse type for £ amounts in any spelling CONTRACT §1 allows (``£2.5m``)."""
    from etprio.core.cells import CellError
    from etprio.core.cells import money as parse_money

    try:
        return parse_money(text)
    except CellError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


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
        add_budget_arguments(parser, required=False)


def add_budget_arguments(parser: argparse.ArgumentParser, *, required: bool) -> None:
    group = parser.add_argument_group("funding")
    group.add_argument(
        "--capital",
        type=money,
        metavar="£",
        required=required,
        help="capital envelope: grant available, e.g. £4.5m",
    )
    group.add_argument(
        "--recurrent",
        type=money,
        metavar="£",
        required=required,
        help="annual recurrent headroom, e.g. £250k",
    )
    group.add_argument(
        "--horizon",
        type=int,
        default=10,
        metavar="Y",
        help="years of recurrent liability to show (default 10)",
    )


@dataclass(frozen=True)
class LoadedData:
    dataset: Dataset
    criteria: CriteriaSet
    scales: GradeScales
    matrix: ValueMatrix
    warnings: tuple[Problem, ...]

    def score(self) -> Scores:
        return score_bids(self.matrix, self.criteria.weights)


def load_data(args: argparse.Namespace) -> LoadedData:
    """Read DATA, criteria and scales; raise the domain error a user needs to see."""
    chosen = [args.demo, args.project is not None, args.bids is not None or args.survey is not None]
    if sum(chosen) != 1:
        raise UsageError("give exactly one of --bids F --survey F, --project F or --demo")
    if args.project is not None:
        from etprio.core.project_store import open_project

        project = open_project(args.project, read_only=True)
        dataset = project.dataset
        criteria = load_criteria(args.criteria) if args.criteria else project.criteria
        scales = load_scales(args.scales) if args.scales else project.scales
        warnings: tuple[Problem, ...] = ()
    else:
        scales = load_scales(args.scales)
        criteria = load_criteria(args.criteria)
        if args.demo:
            bids, survey = demo_bids_path(), demo_survey_path()
        elif args.bids is None or args.survey is None:
            raise UsageError("--bids and --survey go together")
        else:
            bids, survey = args.bids, args.survey
        from etprio.core.importing import load_dataset

        dataset, warnings = load_dataset(
            bids, survey, scales, assessment_date=criteria.assessment_date
        )
    if args.weights:
        criteria = criteria.with_weights(parse_weight_overrides(args.weights))
        try:
            normalised_weights(criteria.weights)
        except AllWeightsZero:
            raise UsageError("--weights leaves every weight at zero") from None
    if warnings:
        print(
            f"etprio: {len(warnings)} warning(s) in the data; `etprio validate` lists them",
            file=sys.stderr,
        )
    return LoadedData(
        dataset, criteria, scales, compute_values(dataset, criteria, scales), warnings
    )


def funded_ids(args: argparse.Namespace, scores: Scores) -> frozenset[str] | None:
    """The rank-order funded set when budgets were given, else None (CONTRACT §4)."""
    if getattr(args, "capital", None) is None and getattr(args, "recurrent", None) is None:
        return None
    from etprio.core.funding import rank_order_selection

    return frozenset(rank_order_selection(scores, limits_from(args)).funded)


def limits_from(args: argparse.Namespace) -> FundingLimits:
    from etprio.core.funding import FundingLimits

    if args.capital is None or args.recurrent is None:
        raise UsageError("--capital and --recurrent go together")
    return FundingLimits(
        capital_envelope=args.capital, recurrent_headroom=args.recurrent, horizon_years=args.horizon
    )
