"""``etprio scoring-pack PROJECT -o DIR``: one workbook per voting member for scoring bids
offline before the meeting; ``--returned F...`` imports the packs that come back, minuted
in the project's decision log, and says which are missing, late or changed."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scoring-pack",
        help="issue or import members' scoring packs",
        description="Write one workbook per voting member for scoring bids offline before "
        "the meeting; with --returned, import the packs that come back into the project's "
        "decision log and say which are missing, late or changed.",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT.etprio")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("-o", "--output", type=Path, metavar="DIR", help="write packs here")
    action.add_argument(
        "--returned", type=Path, nargs="+", metavar="F", help="returned packs (files or folders)"
    )
    parser.add_argument(
        "--deadline",
        metavar="WHEN",
        help="return deadline, e.g. 2016-06-20 or 2016-06-20T17:00 (UTC); end of day if no time",
    )
    parser.add_argument(
        "--members", metavar="IDS", help="member ids, e.g. M01,M03 (default: voting)"
    )
    parser.set_defaults(func=run)


def returned_files(paths: list[Path]) -> list[Path]:
    """Folders stand for the .xlsx files in them (Excel's ``~$`` lock files aside)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.xlsx") if not p.name.startswith("~$"))
        else:
            found.append(path)
    return found


def run(args: argparse.Namespace) -> int:
    from etprio.core.project.scoring_pack_returns import check_returns, import_commands
    from etprio.core.project.scoring_packs import issue_packs, parse_deadline
    from etprio.core.project.store import open_project, save_project

    deadline = parse_deadline(args.deadline)
    project = open_project(args.project)
    try:
        if args.output is not None:
            members = [m.strip() for m in args.members.split(",")] if args.members else None
            paths = issue_packs(project, args.output, deadline=deadline, member_ids=members)
            save_project(project, args.project)
            for path in paths:
                print(f"wrote {path}")
            return 0
        returns = check_returns(project, returned_files(args.returned))
        for problem in returns.problems:
            print(problem)
        for command in import_commands(returns):
            command.do(project)
            print(command.text)
        if returns.packs:
            save_project(project, args.project)
        for member_id in returns.unchanged:
            print(f"{project.committee.name_of(member_id)}: already imported, unchanged")
        for member_id in returns.missing:
            print(f"{project.committee.name_of(member_id)} ({member_id}): no pack returned yet")
        refused = {p.file for p in returns.problems if p.is_error}
        print(
            f"{len(returns.packs)} pack(s) imported, {len(refused)} refused, "
            f"{len(returns.missing)} missing"
        )
        return 3 if refused else 0
    finally:
        project.close()
