"""The ``etprio`` command: the desktop app by default, headless subcommands otherwise
(CONTRACT §4). Errors a user can cause become one message and an exit code, never a
traceback (``--debug`` shows one)."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from etprio import __version__
from etprio.cli import (
    demo,
    doctor,
    export,
    funding,
    gui,
    new,
    rank,
    region,
    report,
    scoring_pack,
    sensitivity,
    template,
    validate,
    verify,
    weights,
    weights_pack,
)
from etprio.core.errors import EtprioError, FileAccessError, ImportFailed

# Each module offers ``add_parser(subparsers)``, which sets ``func`` on its parser.
COMMANDS: tuple[ModuleType, ...] = (
    gui,
    validate,
    rank,
    export,
    report,
    sensitivity,
    funding,
    region,
    demo,
    new,
    verify,
    doctor,
    template,
    scoring_pack,
    weights,
    weights_pack,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="etprio",
        description="Prioritise Estates and Technology Transformation Fund bids.",
        epilog="With no command, opens the desktop app on the bundled demo project.",
    )
    parser.add_argument("--version", action="version", version=f"etprio {__version__}")
    parser.add_argument("--debug", action="store_true", help="show a traceback on errors")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
    try:
        return int(args.func(args) or 0)
    except ImportFailed as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return _fail(args, exc, str(exc))
    except EtprioError as exc:
        return _fail(args, exc, str(exc))
    except OSError as exc:
        name = f"{exc.filename}: " if exc.filename else ""
        return _fail(args, FileAccessError(), f"{name}{exc.strerror or exc}")
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard: a bug must still not dump a traceback
        return _fail(args, exc, f"internal error: {exc!r}; run again with --debug for details")


def _fail(args: argparse.Namespace, exc: BaseException, message: str) -> int:
    if getattr(args, "debug", False):
        traceback.print_exception(exc, file=sys.stderr)
    print(f"etprio: error: {message}", file=sys.stderr)
    return getattr(exc, "exit_code", 1)


if __name__ == "__main__":
    sys.exit(main())
