"""Scoring packs as they come back (:mod:`etprio.core.project.scoring_packs` issues them): each
is read all or nothing, refused when it is not this project's or not the member's, or
when its sealed details or locked rows were changed, and imported as that member's
scores with the file name and its SHA-256 in the decision log — so a pack edited after
it was imported is recognised when it comes back. Missing and late packs are reported
against the last issue's deadline.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etprio.core.committee.member_scores import SCORE_HIGH, SCORE_LOW
from etprio.core.committee.members import CommitteeError, MemberScore
from etprio.core.errors import FileAccessError, ImportFailed
from etprio.core.problems import Problem, Severity
from etprio.core.project.meeting_commands import ImportMemberScores
from etprio.core.project.scoring_packs import (
    DETAILS_SHEET,
    FORMULA_TRIGGERS,
    HEADING_ROW,
    NOT_YOURS,
    PACK_FORMAT,
    SCORES_SHEET,
    last_issue,
    project_fingerprint,
    project_secret,
    seal,
)
from etprio.core.tables import cells
from etprio.core.tables.tabular import (
    FILE_COLUMN,
    MAX_FILE_BYTES,
    MAX_UNPACKED_BYTES,
    column_letter,
)
from etprio.core.wording import format_moment

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from etprio.core.project.state import Project

_BRACKETED = re.compile(r"\(([a-z_]+)\)\s*$")


def _unneutralised(text: str) -> str:
    """Text as it was before the pack writer guarded it against running as a formula."""
    guarded = text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS)
    return text[1:] if guarded else text


@dataclass(frozen=True)
class ReturnedPack:
    """A returned pack as read: whose it is, the file's fingerprint and the scores."""

    path: Path
    member_id: str
    sha256: str
    saved_at: datetime | None
    scores: tuple[MemberScore, ...]
    warnings: tuple[Problem, ...]


def read_pack(path: Path, project: Project, *, member_id: str | None = None) -> ReturnedPack:
    """Read one returned pack, all or nothing (CONTRACT §1.3).

    ``member_id`` is whose scores the user meant to import; a pack for anyone else is
    refused, as is one for another project or one whose sealed details or locked rows
    were changed.

    Raises:
        ImportFailed: every reason to refuse the pack.
        FileAccessError: the file cannot be read.
    """
    from openpyxl import load_workbook

    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    if not _sane_workbook(data):
        raise _refuse(file, "not a scoring pack: the file is not an Excel workbook")
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise _refuse(file, "not a scoring pack: the file is not an Excel workbook") from None
    details = _details(book)
    if details.get("format") != PACK_FORMAT or SCORES_SHEET not in book.sheetnames:
        raise _refuse(file, "not a scoring pack issued by etprio: import it as a table instead")
    if details.get("project") != project_fingerprint(project):
        ccg = details.get("ccg", "another project")
        raise _refuse(file, f"this pack was issued by another project ({ccg}), not this one")
    if not hmac.compare_digest(
        str(details.get("seal", "")), seal(project_secret(project), details)
    ):
        raise _refuse(
            file,
            "the pack's hidden details were changed after it was issued; it is refused — "
            "issue the member a new pack",
        )
    owner = str(details["member_id"])
    try:
        member = project.committee.member(owner)
    except CommitteeError:
        raise _refuse(
            file, f"the pack is for member {owner}, who is not on this committee"
        ) from None
    if member_id is not None and member_id != owner:
        wanted = project.committee.name_of(member_id)
        raise _refuse(file, f"this pack is {member.name}'s ({owner}), not {wanted}'s ({member_id})")
    scores, problems = _scores(book[SCORES_SHEET], file, owner, details)
    if any(p.is_error for p in problems):
        raise ImportFailed(problems)
    saved = book.properties.modified
    saved_at = saved.replace(tzinfo=UTC) if saved is not None and saved.tzinfo is None else saved
    return ReturnedPack(
        path, owner, hashlib.sha256(data).hexdigest(), saved_at, tuple(scores), tuple(problems)
    )


def _sane_workbook(data: bytes) -> bool:
    """A ZIP within the importer's limits, so openpyxl never unpacks a ZIP bomb."""
    if len(data) > MAX_FILE_BYTES:
        return False
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return sum(member.file_size for member in members) <= MAX_UNPACKED_BYTES


def _refuse(file: str, message: str) -> ImportFailed:
    return ImportFailed((Problem(file, 1, FILE_COLUMN, message),))


def _details(book: Any) -> dict[str, str]:
    if DETAILS_SHEET not in book.sheetnames:
        return {}
    rows = book[DETAILS_SHEET].iter_rows(values_only=True, max_col=2)
    return {str(key): "" if value is None else str(value) for key, value in rows if key}


def _heading_positions(header: Sequence[str], wanted: set[str]) -> dict[str, int]:
    """Where each score column and the bid_id are, found by the name in brackets in each
    heading so that a member who rewords a label does not lose their scores."""
    positions: dict[str, int] = {}
    for index, heading in enumerate(header):
        match = _BRACKETED.search(heading)
        if match and (match.group(1) in wanted or match.group(1) == "bid_id"):
            positions[match.group(1)] = index
    return positions


def _checked_score(value: cells.Cell, bid_id: str, locked: set[str]) -> float | str:
    """The score in a filled cell, or what is wrong with it."""
    if bid_id in locked:
        return f"bid {bid_id} is {NOT_YOURS} yet holds a score; the pack was altered"
    try:
        score = cells.number(value)
    except cells.CellError as exc:
        return str(exc)
    if not SCORE_LOW <= score <= SCORE_HIGH:
        return f"score {score:g} is outside 0–5"
    return score


def _scores(
    sheet: Worksheet, file: str, member_id: str, details: Mapping[str, str]
) -> tuple[list[MemberScore], list[Problem]]:
    issued = details["bids"].split(",") if details["bids"] else []
    locked = set(details["locked"].split(",")) - {""}
    wanted = set(details["columns"].split(","))
    header = [cells.text(c.value) if c.value is not None else "" for c in sheet[HEADING_ROW]]
    positions = _heading_positions(header, wanted)
    problems: list[Problem] = []
    if "bid_id" not in positions or set(positions) - {"bid_id"} != wanted:
        problems.append(
            Problem(
                file, HEADING_ROW, FILE_COLUMN, "the pack's headings were changed; it is refused"
            )
        )
        return [], problems
    found: list[str] = []
    scores: list[MemberScore] = []
    rows = sheet.iter_rows(min_row=HEADING_ROW + 1, values_only=True)
    for number, row in enumerate(rows, start=HEADING_ROW + 1):
        row_cells = list(row) + [None] * (len(header) - len(row))
        bid_id = _unneutralised(cells.text(row_cells[positions["bid_id"]] or ""))
        if not bid_id:
            continue
        found.append(bid_id)
        for column in sorted(wanted, key=positions.__getitem__):
            value = row_cells[positions[column]]
            if value is None or cells.is_blank(value):
                continue
            checked = _checked_score(value, bid_id, locked)
            if isinstance(checked, str):
                where = f"{column_letter(positions[column])} '{header[positions[column]]}'"
                problems.append(Problem(file, number, column, checked, heading=where))
            else:
                scores.append(MemberScore(member_id, bid_id, column, checked))
    if found != issued:
        problems.append(
            Problem(
                file,
                HEADING_ROW,
                "bid_id",
                "the bids listed were changed (rows added, removed or reordered); "
                "the pack is refused",
            )
        )
    unscored = len({s.bid_id for s in scores})
    open_bids = len(issued) - len(locked)
    if not problems and 0 < unscored < open_bids:
        problems.append(
            Problem(
                file,
                HEADING_ROW,
                FILE_COLUMN,
                f"{open_bids - unscored} of {open_bids} bids have no scores",
                Severity.WARNING,
            )
        )
    return scores, problems


class ImportScoringPack(ImportMemberScores):
    """A returned pack's scores, minuted with the file name, its SHA-256, when it was
    saved, whether that was late, and every score recorded."""

    def __init__(self, pack: ReturnedPack, *, late: bool = False, **kwargs: Any) -> None:
        super().__init__(pack.member_id, pack.scores, pack.path, **kwargs)
        self.pack, self.late = pack, late

    def details(self, project: Project, before: Any, after: Any) -> dict[str, Any]:
        details = super().details(project, before, after)
        late = " (returned late)" if self.late else ""
        details["summary"] = f"{details['summary']} — scoring pack{late}"
        details["scoring_pack"] = {
            "file": self.pack.path.name,
            "sha256": self.pack.sha256,
            "saved_at": self.pack.saved_at.strftime("%Y-%m-%dT%H:%M:%SZ")
            if self.pack.saved_at
            else None,
            "late": self.late,
            "scores": [
                {"bid_id": s.bid_id, "column": s.column, "score": s.score} for s in self.pack.scores
            ],
        }
        return details


@dataclass(frozen=True)
class PackReturns:
    """What came back against the last issue: packs to import and what to tell the user."""

    packs: tuple[ReturnedPack, ...]
    late: frozenset[str]
    problems: tuple[Problem, ...]
    missing: tuple[str, ...]
    unchanged: tuple[str, ...]


def _imported_hashes(project: Project, since: int) -> dict[str, str]:
    """member_id → SHA-256 of the pack last imported for them after log entry ``since``."""
    hashes: dict[str, str] = {}
    for entry in project.log.entries[since:]:
        pack = entry.details.get("scoring_pack")
        if isinstance(pack, dict) and "undoes" not in entry.details:
            hashes[str(entry.details.get("member_id"))] = str(pack.get("sha256"))
    return hashes


def check_returns(project: Project, paths: Iterable[Path]) -> PackReturns:
    """Read returned packs and say which are missing, late or changed since imported.

    A refused pack's problems are listed and the others still read, so one bad file
    does not hold up the committee; a pack identical to the one already imported is
    skipped.
    """
    issue = last_issue(project)
    since = issue.seq if issue else 0
    imported = _imported_hashes(project, since)
    deadline = datetime.fromisoformat(issue.deadline) if issue and issue.deadline else None
    packs: list[ReturnedPack] = []
    problems: list[Problem] = []
    late: set[str] = set()
    unchanged: list[str] = []
    for path in paths:
        try:
            pack = read_pack(path, project)
        except ImportFailed as failed:
            problems.extend(failed.problems)
            continue
        if any(p.member_id == pack.member_id for p in packs):
            problems.append(
                Problem(
                    str(path),
                    1,
                    FILE_COLUMN,
                    f"a second pack for {pack.member_id}; only the first is read",
                )
            )
            continue
        problems.extend(pack.warnings)
        name = project.committee.name_of(pack.member_id)
        if not pack.scores:
            message = f"{name}'s pack holds no scores yet; it is not imported"
            problems.append(Problem(str(path), 1, FILE_COLUMN, message, Severity.WARNING))
            continue
        previous = imported.get(pack.member_id)
        if previous == pack.sha256:
            unchanged.append(pack.member_id)
            continue
        if previous is not None:
            problems.append(
                Problem(
                    str(path),
                    1,
                    FILE_COLUMN,
                    f"{name}'s pack changed after it was imported; importing it replaces "
                    "their scores",
                    Severity.WARNING,
                )
            )
        if deadline is not None and pack.saved_at is not None and pack.saved_at > deadline:
            late.add(pack.member_id)
            problems.append(
                Problem(
                    str(path),
                    1,
                    FILE_COLUMN,
                    f"{name}'s pack was saved {format_moment(pack.saved_at)} UTC, after "
                    f"the deadline {format_moment(deadline)} UTC",
                    Severity.WARNING,
                )
            )
        packs.append(pack)
    returned = {p.member_id for p in packs} | set(unchanged) | set(imported)
    missing = tuple(m for m in (issue.members if issue else ()) if m not in returned)
    return PackReturns(tuple(packs), frozenset(late), tuple(problems), missing, tuple(unchanged))


def import_commands(returns: PackReturns, *, actor: str | None = None) -> list[ImportScoringPack]:
    """One minuted command per pack to import, in the order they were read."""
    return [
        ImportScoringPack(p, late=p.member_id in returns.late, actor=actor) for p in returns.packs
    ]
