"""Scoring packs: one workbook per committee member for scoring bids offline before the
meeting (DESIGN "Governance": scores per member, conflicted members' scores excluded,
every import minuted); :mod:`etprio.core.project.scoring_pack_returns` reads them back.

A pack lists the bids the member may score, each with a summary; bids they are
conflicted on are listed as "not for you to score" and locked. A very hidden sheet
carries who the pack is for, which project issued it and a seal: an HMAC over those
details keyed by the project's first decision-log hash, which never leaves the project
file. So a pack cannot be passed off as another member's or another project's, and its
locked rows cannot be quietly filled in, without the change being detected and the pack
refused.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etprio.core.committee.members import CommitteeError, Member
from etprio.core.errors import FileAccessError, InvalidDataError, UsageError
from etprio.core.project.decision_log import Action, canonical_json, utc_now
from etprio.core.scoring.criteria import CriterionKind
from etprio.core.tables.tabular import column_letter
from etprio.core.wording import format_date, format_gbp

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from etprio.core.model import Bid
    from etprio.core.project.state import Project

PACK_FORMAT = "etprio-scoring-pack/1"
SCORES_SHEET = "scores"
DETAILS_SHEET = "etprio"
HEADING_ROW = 4
NOT_YOURS = "not for you to score"
_FIXED = ("bid_id", "title", "practice_code", "scheme_type", "summary")
_LABELS = {
    "bid_id": "Bid ID",
    "title": "Scheme name",
    "practice_code": "Practice",
    "scheme_type": "Type",
    "summary": "Summary",  # no canonical name: the pack reader never reads it
    "status": "Status",
}
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- issuing -------------------------------------------------------------------------


@dataclass(frozen=True)
class PackIssue:
    """The packs issued last, as the decision log records them."""

    issued_at: str
    deadline: str | None
    members: tuple[str, ...]
    seq: int


def project_secret(project: Project) -> str:
    """The key packs are sealed with: the hash of the project's first log entry, which is
    in the project file and nowhere else."""
    if not len(project.log):
        raise InvalidDataError("the project has no decision log yet; save it, then try again")
    return project.log.entries[0].hash


def project_fingerprint(project: Project) -> str:
    """What a pack says about its project: one-way, so it does not give the key away."""
    return hashlib.sha256(f"etprio project {project_secret(project)}".encode()).hexdigest()[:16]


def score_columns(project: Project) -> tuple[tuple[str, str, frozenset[str]], ...]:
    """(column, label, scheme types it applies to) of every assessor criterion."""
    return tuple(
        (c.column, c.label, c.applies_to)
        for c in project.criteria.criteria
        if c.kind is CriterionKind.ASSESSOR and c.column is not None
    )


def seal(secret: str, details: Mapping[str, Any]) -> str:
    """The HMAC over a pack's hidden details (all but the seal itself)."""
    fields = {k: v for k, v in details.items() if k != "seal"}
    return hmac.new(secret.encode(), canonical_json(fields).encode(), hashlib.sha256).hexdigest()


def pack_name(member: Member) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", member.name).strip("-").lower()
    return f"scoring-pack-{member.member_id}-{slug or 'member'}.xlsx"


def issue_packs(
    project: Project,
    folder: Path,
    *,
    deadline: datetime | None = None,
    member_ids: Sequence[str] | None = None,
    actor: str | None = None,
) -> list[Path]:
    """Write one pack per voting member (or per ``member_ids``) into ``folder`` and log
    the issue, with the deadline, in the project's decision log.

    Raises:
        CommitteeError: the committee has no such member, or nobody to send packs to.
        FileAccessError: a pack cannot be written (exit 4).
    """
    committee = project.committee
    ids = list(member_ids) if member_ids else [m.member_id for m in committee.members if m.voting]
    members = [committee.member(member_id) for member_id in ids]
    if not members:
        raise CommitteeError("the committee has no voting members to send scoring packs to")
    issued_at = utc_now()
    due = deadline.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if deadline else None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(f"{folder}: cannot create the folder ({exc.strerror})") from exc
    paths = [folder / pack_name(m) for m in members]
    for member, path in zip(members, paths, strict=True):
        _write_pack(project, member, path, issued_at, due)
    deadline_text = f", due {due}" if due else ""
    project.log.append(
        Action.SCORE_CHANGE,
        {
            "summary": f"Scoring packs issued to {len(members)} members{deadline_text}",
            "scoring_packs": {
                "issued_at": issued_at,
                "deadline": due,
                "members": [m.member_id for m in members],
                "files": [p.name for p in paths],
            },
        },
        actor=actor,
    )
    return paths


def parse_deadline(text: str | None) -> datetime | None:
    """A deadline as typed: ``2016-06-20`` means the end of that day; times are UTC
    unless they say otherwise.

    >>> parse_deadline("2016-06-20"), parse_deadline(" ")
    (datetime.datetime(2016, 6, 20, 23, 59, 59, tzinfo=datetime.timezone.utc), None)
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        if "T" not in text and " " not in text:
            return datetime.combine(date.fromisoformat(text), time(23, 59, 59), UTC)
        when = datetime.fromisoformat(text)
    except ValueError:
        raise UsageError(f"deadline {text!r}: give a date such as 2016-06-20") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def last_issue(project: Project) -> PackIssue | None:
    """The latest pack issue in the log: its deadline is the one returns are held to."""
    for entry in reversed(project.log.entries):
        issue = entry.details.get("scoring_packs")
        if isinstance(issue, dict):
            return PackIssue(
                str(issue.get("issued_at", "")),
                issue.get("deadline"),
                tuple(issue.get("members", ())),
                entry.seq,
            )
    return None


def _put(sheet: Worksheet, row: int, column: int, value: object, *, neutral: bool = True) -> Any:
    """Write one cell; text is stored as text, never as a formula (CONTRACT §5), and on
    the sheets people read it starts with an apostrophe where Excel would run it."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("\ufffd", value)
        if neutral and value.startswith(FORMULA_TRIGGERS):
            value = "'" + value
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _summary(bid: Bid) -> str:
    grant = bid.capital_cost_gbp * bid.grant_pct / 100
    parts = [
        f"{format_gbp(bid.capital_cost_gbp)} capital, {format_gbp(grant)} grant "
        f"({bid.grant_pct:g}%)",
        f"completes {format_date(bid.expected_completion)}",
    ]
    if bid.recurrent_revenue_gbp:
        parts.append(f"{format_gbp(bid.recurrent_revenue_gbp)}/yr recurrent")
    if bid.premises_id:
        parts.append(f"premises {bid.premises_id}")
    if bid.depends_on:
        parts.append("depends on " + ", ".join(bid.depends_on))
    return "; ".join(parts)


def _write_pack(
    project: Project, member: Member, path: Path, issued_at: str, due: str | None
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = score_columns(project)
    book = Workbook()
    sheet = book.active
    sheet.title = SCORES_SHEET
    ccg = project.settings.report.ccg_name or "the CCG"
    title = _put(sheet, 1, 1, f"Scoring pack for {member.name} ({member.member_id}) — {ccg}")
    title.font = Font(bold=True, size=14)
    due_text = f" Return it by {due[:10]} {due[11:16]} UTC." if due else ""
    sheet["A2"] = (
        "Score each bid 0–5 in the white cells (decimals allowed); leave a cell blank to "
        f"not score it. Grey rows are {NOT_YOURS}.{due_text}"
    )
    sheet["A3"] = "Do not add, remove or reorder rows; save and return this file as it is."
    _write_headings(sheet, columns)
    locked = _write_bid_rows(sheet, project, _member_conflicts(project, member), columns)
    _size_columns(sheet, len(columns))
    sheet.freeze_panes = sheet.cell(HEADING_ROW + 1, 3)
    sheet.protection.sheet = True
    details = {
        "format": PACK_FORMAT,
        "project": project_fingerprint(project),
        "ccg": ccg,
        "member_id": member.member_id,
        "member_name": member.name,
        "issued_at": issued_at,
        "deadline": due or "",
        "bids": ",".join(bid.bid_id for bid in project.imported.bids),
        "locked": ",".join(locked),
        "columns": ",".join(column for column, _, _ in columns),
    }
    _write_details(book, project, details)
    try:
        book.save(path)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc


def _member_conflicts(project: Project, member: Member) -> dict[str, str]:
    """Why the member may not score each bid they are conflicted on, by bid."""
    return {
        bid_id: next(c.reason for c in found if c.member_id == member.member_id)
        for bid_id, found in project.governance.conflicts.items()
        if any(c.member_id == member.member_id for c in found)
    }


def _write_headings(sheet: Worksheet, columns: tuple[tuple[str, str, frozenset[str]], ...]) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    headings = [f"{_LABELS[n]} ({n})" if n != "summary" else _LABELS[n] for n in _FIXED]
    headings += [f"{label} ({column})" for column, label, _ in columns]
    headings.append(_LABELS["status"])
    for index, heading in enumerate(headings, start=1):
        cell = sheet.cell(HEADING_ROW, index, heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="005EB8")
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_bid_rows(
    sheet: Worksheet,
    project: Project,
    conflicts: dict[str, str],
    columns: tuple[tuple[str, str, frozenset[str]], ...],
) -> list[str]:
    """One row per bid, its score cells open only where the member may score it (the sheet
    is protected); returns the bids locked by a conflict."""
    from openpyxl.styles import PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    grey = PatternFill("solid", fgColor="D9D9D9")
    first_score = len(_FIXED) + 1
    rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="5")
    rule.error, rule.showErrorMessage, rule.allow_blank = "Scores are 0 to 5", True, True
    sheet.add_data_validation(rule)
    locked = []
    for row, bid in enumerate(project.imported.bids, start=HEADING_ROW + 1):
        values = (
            bid.bid_id,
            bid.title,
            bid.practice_code,
            bid.scheme_type.value,
            _summary(bid),
        )
        for index, value in enumerate(values, start=1):
            _put(sheet, row, index, value)
        reason = conflicts.get(bid.bid_id)
        _put(sheet, row, first_score + len(columns), f"{NOT_YOURS}: {reason}" if reason else "")
        if reason:
            locked.append(bid.bid_id)
            for index in range(1, first_score + len(columns) + 1):
                sheet.cell(row, index).fill = grey
            continue
        for offset, (_, _, applies) in enumerate(columns):
            cell = sheet.cell(row, first_score + offset)
            if bid.scheme_type in applies:
                cell.protection = Protection(locked=False)
                rule.add(cell.coordinate)
            else:
                cell.fill = grey
    return locked


def _size_columns(sheet: Worksheet, score_count: int) -> None:
    first_score = len(_FIXED) + 1
    for index, width in enumerate((9, 34, 10, 11, 48), start=1):
        sheet.column_dimensions[column_letter(index - 1)].width = width
    for offset in range(score_count + 1):
        sheet.column_dimensions[column_letter(first_score - 1 + offset)].width = 14
    sheet.column_dimensions[column_letter(first_score - 1 + score_count)].width = 50


def _write_details(book: Workbook, project: Project, details: dict[str, str]) -> None:
    """What the pack was issued for, sealed so that a return can be checked against it, in a
    sheet the member never sees."""
    details = {key: _XML_ILLEGAL.sub("\ufffd", value) for key, value in details.items()}
    details["seal"] = seal(project_secret(project), details)
    hidden = book.create_sheet(DETAILS_SHEET)
    for row, (key, value) in enumerate(details.items(), start=1):
        _put(hidden, row, 1, key, neutral=False)
        _put(hidden, row, 2, value, neutral=False)
    hidden.sheet_state = "veryHidden"
    hidden.protection.sheet = True
