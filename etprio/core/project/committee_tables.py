"""The committee read from two tables a governance lead already keeps: the members and the
register of interests (CONTRACT §6), with the same forgiving headings, all-or-nothing rule
and FILE:ROW:COLUMN problems as the bids (CONTRACT §1, §1.3).

Reading only checks the tables; :func:`committee_commands` turns them into the commands that
put the committee into a project, so each member and each declaration is its own entry in
the decision log, exactly as if it had been entered in the app.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etprio.core.committee.members import InterestKind, Role
from etprio.core.errors import ImportFailed
from etprio.core.matching import normalise
from etprio.core.project.commands import ProjectCommand
from etprio.core.project.committee_commands import AddMember, DeclareInterest
from etprio.core.tables import cells
from etprio.core.tables.cells import Cell
from etprio.core.tables.import_checks import check_unique
from etprio.core.tables.import_columns import Column
from etprio.core.tables.import_reading import Reading, read_columns
from etprio.core.tables.tabular import read_table

_KIND_SPELLINGS = {
    "non_financial_professional": InterestKind.PROFESSIONAL,
    "non_financial_personal": InterestKind.PERSONAL,
}


def _role(cell: Cell) -> Role:
    """``GP``, ``Lay member``, ``CCG officer``… as well as the codes (CONTRACT §6)."""
    return cells.enum_member(cell, Role)


def _kind(cell: Cell) -> InterestKind:
    """The four kinds, plus the guidance's own "non-financial professional/personal"."""
    spelled = _KIND_SPELLINGS.get(normalise(cells.text(cell)))
    return spelled if spelled is not None else cells.enum_member(cell, InterestKind)


def _codes(cell: Cell) -> tuple[str, ...]:
    parts = (part.strip().upper() for part in cells.text(cell).split(";"))
    return tuple(dict.fromkeys(code for code in parts if code))


def _upper(cell: Cell) -> str:
    return cells.text(cell).upper()


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("member_id", cells.text, ("Member ID", "ID", "Member ref"), required=True),
    Column("name", cells.text, ("Member", "Member name", "Full name"), required=True),
    Column("role", _role, ("Committee role",)),
    Column("voting", cells.yes_no, ("Voting member", "Vote", "Votes")),
    Column("practice_codes", _codes, ("Practice", "Practices", "ODS codes", "Practice code")),
)

INTEREST_COLUMNS: tuple[Column, ...] = (
    Column("member_id", cells.text, ("Member ID", "Member", "Member ref"), required=True),
    Column(
        "kind",
        _kind,
        ("Type", "Type of interest", "Interest type", "Kind of interest"),
        required=True,
    ),
    Column("description", cells.text, ("Interest", "Details", "Nature of interest"), True),
    Column("declared_on", cells.calendar_date, ("Declared", "Date declared", "Date")),
    Column("practice_code", _upper, ("Practice", "ODS code")),
    Column("bid_id", cells.text, ("Bid", "Bid ref", "Bid ID")),
    Column("withheld", cells.yes_no, ("Withheld from publication", "Not published")),
)


@dataclass(frozen=True)
class MemberRow:
    member_id: str
    name: str
    role: Role
    voting: bool
    practice_codes: tuple[str, ...]


@dataclass(frozen=True)
class InterestRow:
    member_id: str
    kind: InterestKind
    description: str
    declared_on: date | None
    practice_code: str | None
    bid_id: str | None
    withheld: bool


def read_members(path: Path) -> tuple[MemberRow, ...]:
    """The members table; raises ImportFailed listing every problem."""
    reading = read_columns(read_table(path, sheet="members"), MEMBER_COLUMNS, "member")
    check_unique(reading, "member_id")
    _fail_on_errors(reading)
    values = reading.values
    return tuple(
        MemberRow(
            member_id=values["member_id"][i],
            name=values["name"][i],
            role=values["role"][i] or Role.OTHER,
            voting=True if values["voting"][i] is None else values["voting"][i],
            practice_codes=values["practice_codes"][i] or (),
        )
        for i in range(reading.row_count)
    )


def read_interests(
    path: Path, member_ids: Collection[str], bid_ids: Collection[str]
) -> tuple[InterestRow, ...]:
    """The register of interests, each row checked against the members and the bids it
    names; raises ImportFailed listing every problem."""
    reading = read_columns(read_table(path, sheet="interests"), INTEREST_COLUMNS, "declaration")
    values = reading.values
    for i in range(reading.row_count):
        member = values["member_id"][i]
        if member is not None and member not in member_ids:
            reading.report(i, "member_id", f"no member {member!r} in the members table")
        bid = values["bid_id"][i]
        if bid is not None and bid not in bid_ids:
            reading.report(i, "bid_id", f"no bid {bid!r} in the project")
    _fail_on_errors(reading)
    return tuple(
        InterestRow(
            member_id=values["member_id"][i],
            kind=values["kind"][i],
            description=values["description"][i],
            declared_on=values["declared_on"][i],
            practice_code=values["practice_code"][i] or None,
            bid_id=values["bid_id"][i],
            withheld=bool(values["withheld"][i]),
        )
        for i in range(reading.row_count)
    )


def _fail_on_errors(reading: Reading) -> None:
    if reading.failed:
        raise ImportFailed(tuple(p for p in reading.sorted_problems() if p.is_error))


def committee_commands(
    members: Sequence[MemberRow], interests: Sequence[InterestRow], *, today: date
) -> list[ProjectCommand]:
    """One command per member, then one per declaration (each minuted on its own)."""
    commands: list[ProjectCommand] = [
        AddMember(
            m.name,
            m.role,
            voting=m.voting,
            practice_codes=m.practice_codes,
            member_id=m.member_id,
        )
        for m in members
    ]
    commands += [
        DeclareInterest(
            d.member_id,
            d.kind,
            d.description,
            declared_on=d.declared_on or today,
            practice_code=d.practice_code,
            bid_id=d.bid_id,
            withheld=d.withheld,
        )
        for d in interests
    ]
    return commands
