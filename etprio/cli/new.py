"""``etprio new``: a project file from a bids table and a survey, optionally with the
committee (members and register of interests), the CCG's name and code, and the budgets
(CONTRACT §4, §6). The import is the first entry of its decision log, with each source
file's SHA-256; each member, declaration and setting read follows as its own entry.

Everything is checked before the file is written: one error in any table writes nothing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from etprio.cli.common import add_allocation_arguments, money
from etprio.core.errors import UsageError
from etprio.core.project.settings import ProjectSettings
from etprio.core.project.workspace import funding_limits
from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.scales import load_scales


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "new",
        help="create a project file from bids and survey tables",
        description="Create a project file from a bids table and a six-facet survey, with "
        "the committee, the CCG's name and code and the budgets if given. Commands given "
        "--project then use what the project remembers.",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT.etprio")
    parser.add_argument("--bids", type=Path, metavar="F", required=True)
    parser.add_argument("--survey", type=Path, metavar="F", required=True)
    parser.add_argument("--criteria", type=Path, metavar="F", help="criteria set (TOML)")
    parser.add_argument("--scales", type=Path, metavar="F", help="six-facet grade scales")
    committee = parser.add_argument_group("committee")
    committee.add_argument("--members", type=Path, metavar="F", help="members table")
    committee.add_argument(
        "--interests", type=Path, metavar="F", help="register of interests (needs --members)"
    )
    ccg = parser.add_argument_group("the CCG")
    ccg.add_argument("--ccg-name", metavar="TEXT", help="e.g. NHS Example Vale CCG")
    ccg.add_argument("--ccg-code", metavar="CODE", help="e.g. 99X")
    budgets = parser.add_argument_group(
        "budgets (capital and recurrent both or neither, unless allocations by year are given)"
    )
    budgets.add_argument("--capital", type=money, metavar="£", help="capital envelope")
    budgets.add_argument("--recurrent", type=money, metavar="£", help="recurrent headroom a year")
    add_allocation_arguments(budgets)
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.core.project.commands import ChangeSettings
    from etprio.core.project.committee_tables import (
        InterestRow,
        committee_commands,
        read_interests,
        read_members,
    )
    from etprio.core.project.store import new_project, save_project
    from etprio.core.tables.importing import load_dataset

    if args.project.exists() and not args.force:
        raise UsageError(f"{args.project} already exists; choose another name or add --force")
    if args.interests is not None and args.members is None:
        raise UsageError("--interests needs --members: declarations name committee members")
    if args.capital_by_year is None and (args.capital is None) != (args.recurrent is None):
        raise UsageError("--capital and --recurrent go together (or give --capital-by-year)")
    criteria = load_criteria(args.criteria)
    scales = load_scales(args.scales)
    dataset, warnings = load_dataset(
        args.bids, args.survey, scales, assessment_date=criteria.assessment_date
    )
    members = read_members(args.members) if args.members else ()
    interests: tuple[InterestRow, ...] = ()
    if args.interests is not None:
        interests = read_interests(
            args.interests, {m.member_id for m in members}, dataset.bids_by_id
        )
    for warning in warnings:
        print(warning, file=sys.stderr)
    sources = [
        p
        for p in (args.bids, args.survey, args.criteria, args.scales, args.members, args.interests)
        if p is not None
    ]
    with new_project(dataset, criteria, scales, sources=sources) as project:
        for command in committee_commands(members, interests, today=date.today()):
            command.do(project)
        settings = _settings(project.settings, args)
        if settings != project.settings:
            ChangeSettings(settings, rationale="given to etprio new").do(project)
        save_project(project, args.project)
    print(
        f"created {args.project}: {len(dataset.bids)} bids, {len(dataset.premises)} premises, "
        f"criteria set {criteria.name!r}"
        + (f", {len(members)} members, {len(interests)} declarations" if members else "")
        + (f"; {len(warnings)} warning(s)" if warnings else "")
    )
    return 0


def _settings(settings: ProjectSettings, args: argparse.Namespace) -> ProjectSettings:
    """The project's settings with what was given; budgets are checked as a funding line
    would use them, so a project never saves a budget it cannot fund with."""
    funding, report = settings.funding, settings.report
    if args.capital is not None or args.recurrent is not None:
        funding = replace(funding, capital_envelope=args.capital, recurrent_headroom=args.recurrent)
    if args.capital_by_year is not None:
        funding = replace(funding, capital_by_year=args.capital_by_year)
    if args.carry_forward is not None:
        funding = replace(funding, carry_forward=args.carry_forward)
    funding_limits(funding)
    if args.ccg_name:
        report = replace(report, ccg_name=args.ccg_name.strip())
    if args.ccg_code:
        report = replace(report, ccg_code=args.ccg_code.strip().upper())
    return replace(settings, funding=funding, report=report)
