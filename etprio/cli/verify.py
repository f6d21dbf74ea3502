"""``etprio verify``: check a project's decision-log chain and that its data has not been
edited outside etprio since it was saved (CONTRACT §4: 0 intact, 3 broken or not a
project, 4 unreadable)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "verify",
        help="check a project's decision log and data",
        description="Check that a project's decision log is unbroken and that its data has "
        "not been edited outside etprio since it was saved. Exit code 0: intact; 3: broken, "
        "or not a project file; 4: the file cannot be read.",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT.etprio")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.core.project_store import verify_project

    check = verify_project(args.project)
    chain = check.chain
    if not chain.ok:
        print(f"{args.project}: decision log broken at entry {chain.first_broken}: {chain.problem}")
    if check.changed_tables:
        tables = ", ".join(check.changed_tables)
        print(f"{args.project}: changed outside etprio since it was last saved: {tables}")
    if not check.ok:
        return 3
    meta, counts = check.meta, check.counts
    entries = f"{chain.entries} {'entry' if chain.entries == 1 else 'entries'}"
    print(
        f"{args.project}: decision log intact ({entries}); data unchanged since "
        f"saved {meta.get('saved_at', '?')} by {meta.get('saved_by', '?')} "
        f"(etprio {meta.get('saved_with', '?')})"
    )
    print(", ".join(f"{count} {table}" for table, count in counts.items()))
    return 0
