"""Domain exceptions a user can cause, each carrying the exit code CONTRACT §4 gives it.

The edges (CLI, GUI) turn these into a message and an exit code or a dialog; nothing
below the edges prints or exits.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from etprio.core.problems import Problem


class EtprioError(Exception):
    """A mistake in what the user gave us; the message is meant for that user."""

    exit_code = 1


class UsageError(EtprioError):
    """Bad arguments, unknown weight key, all weights zero from --weights."""

    exit_code = 2


class InvalidDataError(EtprioError):
    """Input data, criteria or scale files that break the contract."""

    exit_code = 3


class ImportFailed(InvalidDataError):
    """A table had errors: nothing was imported (CONTRACT §1.3, all-or-nothing)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(f"{len(errors)} error(s); nothing was imported")


class FileAccessError(EtprioError):
    """A file cannot be read or written (missing, permissions, disk full)."""

    exit_code = 4
