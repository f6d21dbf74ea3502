"""How long work says how far it has got and learns that it should stop, without knowing
who started it: the app's worker passes itself as the state, the CLI passes nothing.

Work checks for a stop only where it can stop cleanly (between sampling blocks, between
the stages of a report, between pages), so a cancelled run produces nothing rather than
something half made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class TaskState(Protocol):
    """What long work reports to and asks of whoever started it (Orange's ``TaskState``
    shape)."""

    def set_progress_value(self, percent: float) -> None: ...

    def is_interruption_requested(self) -> bool: ...


class Cancelled(Exception):
    """The caller asked the work to stop; nothing was produced."""


def stop_if_asked(state: TaskState | None) -> None:
    """Raise :class:`Cancelled` when the caller has asked the work to stop."""
    if state is not None and state.is_interruption_requested():
        raise Cancelled


@dataclass(frozen=True)
class _Stage:
    parent: TaskState
    start: float
    end: float

    def set_progress_value(self, percent: float) -> None:
        self.parent.set_progress_value(self.start + (self.end - self.start) * percent / 100.0)

    def is_interruption_requested(self) -> bool:
        return self.parent.is_interruption_requested()


def stage(state: TaskState | None, start: float, end: float) -> TaskState | None:
    """The part ``start``…``end`` % of ``state``'s progress, for one step of a longer job,
    so a step that counts 0…100 % moves the whole job's bar only through its own share.

    >>> class Shown:
    ...     def set_progress_value(self, percent): print(percent)
    ...     def is_interruption_requested(self): return False
    >>> stage(Shown(), 50, 100).set_progress_value(50)
    75.0
    """
    return None if state is None else _Stage(state, start, end)
