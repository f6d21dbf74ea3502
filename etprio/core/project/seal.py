"""The seal over a whole project file, and what happens when it fails (DESIGN
"Governance": editing the file behind the app's back is detected).

Each data table carries a SHA-256 of its rows (``seals``) and each log entry one of the
entry before it. On their own those left the save details and the recorded end of the
log in plain, unsealed ``meta`` rows: cutting entries off the end and copying the new
last hash into the head, or forging who saved the file, needed no hash at all. The file
seal closes that: one SHA-256 over the format, every ``meta`` row (the log's head and
length, who saved it, when, with which etprio) and every table seal, stored as the
``seal`` row of ``meta`` and recomputed by ``etprio verify`` and on every open.

What it proves, and what not: a file whose seal holds was either saved by etprio or
rewritten by someone who recomputed every hash with their own tools — the hashes are not
secret, so anyone can. Only a copy of the seal kept elsewhere (printed by ``verify``, and
on the signed submission) tells a recomputed file from the one sent.

A project opened from a file whose check fails remembers why, and is not saved — which
would seal the altered contents as if etprio had made them — until the user accepts the
current contents, which the decision log records (:func:`accept_current_contents`).
"""

from __future__ import annotations

import hashlib
import sqlite3
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from etprio.core.errors import InvalidDataError
from etprio.core.project import schema
from etprio.core.project.decision_log import (
    Action,
    LogEntry,
    VerifyResult,
    canonical_json,
    verify_chain,
)
from etprio.core.project.state import Project

SEAL_KEY = "seal"
"""The ``meta`` row that holds the file seal; every other row is inside it."""


class SealNotAccepted(InvalidDataError):
    """Saving would seal contents that failed their check when the file was opened."""


def file_seal(conn: sqlite3.Connection) -> str:
    """SHA-256 over the format, every ``meta`` row but the seal itself and every table
    seal, in one canonical spelling."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    meta.pop(SEAL_KEY, None)
    content = {
        "application_id": conn.execute("PRAGMA application_id").fetchone()[0],
        "format": conn.execute("PRAGMA user_version").fetchone()[0],
        "meta": meta,
        "seals": dict(conn.execute("SELECT table_name, digest FROM seals")),
    }
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def write_file_seal(conn: sqlite3.Connection) -> str:
    """Seal the file as it now stands; call after every other row is written."""
    seal = file_seal(conn)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (SEAL_KEY, seal))
    return seal


@dataclass(frozen=True)
class SealCheck:
    """Everything ``etprio verify`` checks, in the words it reports them.

    ``seal`` is the seal the file carries (empty when it has none): compare it with a
    copy kept elsewhere to tell this file from one whose hashes were all recomputed.
    """

    chain: VerifyResult
    changed_tables: tuple[str, ...]
    seal_problem: str
    seal: str

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.changed_tables and not self.seal_problem

    def problems(self) -> list[str]:
        found = []
        if not self.chain.ok:
            found.append(
                f"decision log broken at entry {self.chain.first_broken}: {self.chain.problem}"
            )
        if self.changed_tables:
            found.append(
                "changed outside etprio since it was last saved: " + ", ".join(self.changed_tables)
            )
        if self.seal_problem:
            found.append(self.seal_problem)
        return found

    def summary(self) -> str:
        return "; ".join(self.problems())


def check_sealed_contents(conn: sqlite3.Connection, entries: Sequence[LogEntry]) -> SealCheck:
    """Check a file as saved (before any migration): table seals, file seal, log chain.

    ``conn`` must already have passed the schema check, so every query here reads plain
    tables etprio defined.
    """
    meta: Mapping[str, str] = dict(conn.execute("SELECT key, value FROM meta"))
    changed = tuple(schema.broken_seals(conn))
    stored = meta.get(SEAL_KEY, "")
    if not stored:
        problem = (
            "the file carries no seal over its save details and the end of its decision "
            "log (it was saved by an older etprio, or the seal was removed)"
        )
    elif stored != file_seal(conn):
        problem = (
            "the file's seal does not match: its save details, the recorded end of its "
            "decision log or its table seals were changed outside etprio"
        )
    else:
        problem = ""
    head = meta.get("log_head")
    chain = verify_chain(entries, head if head is not None else "")
    return SealCheck(chain, changed, problem, stored)


# -- projects opened from a file that failed its check ------------------------------------

_unaccepted: dict[int, str] = {}


def remember_failed_check(project: Project, check: SealCheck | str) -> None:
    """Mark ``project`` as read from a file that failed ``check``; nothing when it held."""
    summary = check if isinstance(check, str) else ("" if check.ok else check.summary())
    key = id(project)
    if not summary:
        _unaccepted.pop(key, None)
        return
    if key not in _unaccepted:
        weakref.finalize(project, _unaccepted.pop, key, None)
    _unaccepted[key] = summary


def unaccepted_problem(project: Project) -> str:
    """Why the file ``project`` was read from failed its check, until the user accepts
    its contents; empty when it passed or was accepted."""
    return _unaccepted.get(id(project), "")


def refuse_unaccepted(project: Project) -> None:
    """Raise :class:`SealNotAccepted` when saving would seal unchecked contents."""
    problem = unaccepted_problem(project)
    if problem:
        raise SealNotAccepted(
            f"not saved: the file failed its seal check when it was opened ({problem}). "
            "Saving would seal those contents as if etprio had made them; accept the current "
            "contents first (it is written to the decision log), or open a good copy"
        )


def accept_current_contents(project: Project, rationale: str, *, actor: str | None = None) -> None:
    """The user's explicit decision to keep contents that failed their check, logged with
    what failed and why it was accepted, after which the project may be saved again."""
    problem = unaccepted_problem(project)
    if not problem:
        return
    if not rationale.strip():
        raise InvalidDataError("say why the current contents are accepted: it is minuted")
    project.log.append(
        Action.ACCEPT_CONTENTS,
        {
            "summary": "Accepted the project file's current contents although its seal "
            "check failed",
            "problem": problem,
        },
        actor=actor,
        rationale=rationale,
    )
    _unaccepted.pop(id(project), None)
