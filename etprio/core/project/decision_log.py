"""The decision log: what was done to the ranking, when, by whom and why (DESIGN
"Governance").

The log is append-only. Each entry holds the SHA-256 of the previous entry's canonical
serialisation and its own, so an entry edited in the file behind the app's back no longer
matches its hash, and a deleted or reordered one breaks the link after it;
:func:`verify_chain` names the first entry that fails (``etprio verify``, CONTRACT §4
exit 3). Undo never removes an entry: it appends another that says what was undone, so
the minutes show the whole meeting.

>>> log = DecisionLog()
>>> entry = log.append(Action.WEIGHT_CHANGE, {"summary": "training 10 → 20"}, actor="chair@pccc",
...                    at="2016-06-30T10:00:00Z", rationale="workforce strategy")
>>> verify_chain(log.entries).ok
True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from etprio.core.identity import current_user

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry: there is nothing before it."""


class Action(StrEnum):
    """What an entry records. Stored as text, so a newer version may add kinds."""

    IMPORT = "import"
    WEIGHT_CHANGE = "weight_change"
    SCORE_CHANGE = "score_change"
    OVERRIDE = "override"
    RECUSAL = "recusal"
    ATTENDANCE = "attendance"
    DECLARATION = "declaration"
    COMMITTEE_CHANGE = "committee_change"
    SCENARIO_SAVE = "scenario_save"
    SCENARIO_DELETE = "scenario_delete"
    SETTINGS_CHANGE = "settings_change"
    ACCEPT_CONTENTS = "accept_contents"
    WEIGHT_ANSWERS = "weight_answers"


def canonical_json(value: Any) -> str:
    """The one spelling of a JSON value that hashes are taken over: sorted keys, no spaces,
    no NaN (which has no JSON spelling)."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def utc_now() -> str:
    """Time as the log writes it: ISO 8601, UTC, whole seconds."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class LogEntry:
    """One decision. ``details_json`` is kept exactly as stored so that the hash is taken
    over the same text that is in the file."""

    seq: int
    at: str
    actor: str
    action: str
    details_json: str
    rationale: str
    prev_hash: str
    hash: str

    @property
    def details(self) -> dict[str, Any]:
        try:
            value = json.loads(self.details_json)
        except ValueError:  # a damaged entry must still be listable; verify names it
            return {}
        return value if isinstance(value, dict) else {"value": value}

    @property
    def summary(self) -> str:
        """The sentence a minute-taker would write, as the command that logged it put it."""
        return str(self.details.get("summary", "")) or self.action.replace("_", " ")

    def computed_hash(self) -> str:
        return entry_hash(
            self.seq,
            self.at,
            self.actor,
            self.action,
            self.details_json,
            self.rationale,
            self.prev_hash,
        )


def entry_hash(
    seq: int, at: str, actor: str, action: str, details_json: str, rationale: str, prev_hash: str
) -> str:
    """SHA-256 of an entry's canonical serialisation (every field but the hash itself)."""
    fields = {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "details": details_json,
        "rationale": rationale,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()


class DecisionLog:
    """The entries of one project, oldest first; the only way in is :meth:`append`."""

    def __init__(self, entries: Iterable[LogEntry] = ()) -> None:
        self._entries = list(entries)

    @property
    def entries(self) -> tuple[LogEntry, ...]:
        return tuple(self._entries)

    @property
    def head(self) -> str:
        """The hash the next entry will point back to."""
        return self._entries[-1].hash if self._entries else GENESIS

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[LogEntry]:
        return iter(self._entries)

    def __getitem__(self, index: int) -> LogEntry:
        return self._entries[index]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DecisionLog) and self._entries == other._entries

    __hash__ = None  # type: ignore[assignment]  # mutable: appends change equality

    def __repr__(self) -> str:
        return f"DecisionLog({len(self)} entries, head {self.head[:12]})"

    def append(
        self,
        action: Action | str,
        details: Mapping[str, Any],
        *,
        actor: str | None = None,
        rationale: str = "",
        at: str | None = None,
    ) -> LogEntry:
        """Add an entry chained to the current head and return it."""
        seq = len(self._entries) + 1
        fields = (
            seq,
            at or utc_now(),
            actor or current_user(),
            str(action),
            canonical_json(dict(details)),
            rationale,
            self.head,
        )
        entry = LogEntry(*fields, hash=entry_hash(*fields))
        self._entries.append(entry)
        return entry


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking a chain: ``first_broken`` is the seq of the first entry that
    fails, with ``problem`` saying how, or None when every entry holds."""

    entries: int
    head: str
    first_broken: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_chain(entries: Sequence[LogEntry], expected_head: str | None = None) -> VerifyResult:
    """Check every entry's own hash and its link to the one before.

    ``expected_head`` is the head recorded when the file was last saved; a mismatch means
    entries were removed from the end, which the links alone cannot show.
    """
    previous = GENESIS
    for position, entry in enumerate(entries, start=1):
        problem = _entry_problem(entry, position, previous)
        if problem:
            return VerifyResult(len(entries), previous, entry.seq, problem)
        previous = entry.hash
    if expected_head is not None and expected_head != previous:
        last = len(entries)
        return VerifyResult(
            last,
            previous,
            last + 1,
            f"the log ends at entry {last}, but the file was saved with a different last "
            "entry: entries were removed or replaced after the last save",
        )
    return VerifyResult(len(entries), previous)


def _entry_problem(entry: LogEntry, position: int, previous: str) -> str:
    if entry.seq != position:
        return f"entry {position} is numbered {entry.seq}: an entry was removed or moved"
    if entry.prev_hash != previous:
        return (
            f"entry {entry.seq} does not follow entry {entry.seq - 1}: the entry before it was "
            "changed, removed or replaced"
        )
    if entry.computed_hash() != entry.hash:
        return f"entry {entry.seq} ({entry.action}, {entry.at}) was changed after it was written"
    try:
        json.loads(entry.details_json)
    except ValueError:
        return f"entry {entry.seq} has damaged details"
    return ""


LOG_COLUMNS: tuple[str, ...] = ("seq", "time_utc", "actor", "action", "summary", "rationale")


def log_rows(entries: Iterable[LogEntry]) -> list[list[str | int]]:
    """The log as flat rows (columns :data:`LOG_COLUMNS`) for CSV export and the PDF."""
    return [[e.seq, e.at, e.actor, e.action, e.summary, e.rationale] for e in entries]
