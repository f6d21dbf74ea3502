"""``etprio gui [PROJECT]``: the desktop app (the bundled demo when no project is given)."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="open the desktop app (default)")
    parser.add_argument("project", nargs="?", type=Path, help="an .etprio project file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.gui.launch import run_app

    return run_app(args.project)
