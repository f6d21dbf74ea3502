"""Reading one spreadsheet cell the way a commissioner typed it (CONTRACT §1).

Cells arrive as text from CSV and as typed values (numbers, booleans, dates) from XLSX,
so every parser accepts both. A parser returns a value or raises :class:`CellError`
whose message tells the user what to type instead; the importer adds FILE:ROW:COLUMN.

Parsers never guess between readings that differ: ``1,25`` is neither 1.25 nor 125
(a thousands separator must group three digits) and ``03/31/2017`` is never read in
US order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

from etprio.core.matching import normalise

type Cell = str | float | int | bool | date | datetime | time | timedelta | None
"""A raw cell: text from CSV; number, boolean, date, time or text from XLSX; None or ""
for an empty cell."""

MAX_CELL_CHARS = 32_767
"""Excel's own limit for one cell; anything longer did not come from a spreadsheet."""


MAX_MONEY_GBP = 1_000_000_000
"""No ETTF amount comes near £1bn (the whole fund was £1bn over four years); anything
larger is a typing slip or a file made to overflow the arithmetic downstream."""

MAX_NUMBER = 1e12
"""The largest plain number (floor area, list size, population) a cell may hold."""

MAX_TITLE_CHARS = 300
MAX_TITLE_LINES = 6
"""A title is at most 300 characters over at most six lines (five line breaks): it has to
fit a table cell in the submission and a heading on the bid's page."""

IDENTIFIER_COLUMNS = frozenset({"bid_id", "premises_id", "member_id", "depends_on"})
"""Columns holding keys that other rows refer to: they must not hide look-alikes."""

_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
"""Control characters (terminal escapes, NUL, BEL), surrogates and Unicode noncharacters:
nothing a person typed, and each breaks a CSV, an XLSX or a terminal downstream. Tab and
line breaks stay allowed."""


class CellError(ValueError):
    """A cell that cannot be read as the column requires; the message is for the user."""


_NUMBER = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]*)?|\.[0-9]+"
_MINUS = "\u2212\u2013-"
_PLAIN_NUMBER = re.compile(rf"([+{_MINUS}]?)\s*({_NUMBER})")
_MONEY = re.compile(
    rf"([{_MINUS}]?)\s*(?:£|gbp)?\s*([{_MINUS}]?)\s*({_NUMBER})\s*(k|m|mn)?",
    re.IGNORECASE,
)
_PERCENT = re.compile(rf"({_PLAIN_NUMBER.pattern})\s*%")
_MONEY_SCALE = {"": 1, "k": 1_000, "m": 1_000_000, "mn": 1_000_000}

_TIME = r"(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
_ISO_DATE = re.compile(rf"([0-9]{{4}})-([0-9]{{1,2}})-([0-9]{{1,2}}){_TIME}")
_UK_DATE = re.compile(rf"([0-9]{{1,2}})([/.-])([0-9]{{1,2}})\2([0-9]{{4}}|[0-9]{{2}}){_TIME}")
_NAMED_MONTH_DATE = re.compile(r"([0-9]{1,2})[\s-]+([a-z]{3,9})\.?[\s-]+([0-9]{4}|[0-9]{2})")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})

DATE_HINT = "use 2017-03-31 or 31/03/2017"
MONEY_HINT = "e.g. 1250000, £1,250,000, £1.25m or £250k"


def is_blank(cell: Cell) -> bool:
    """Empty cells mean "not given" (CONTRACT §1: defaults apply, blank rows are skipped).

    >>> is_blank("  "), is_blank(None), is_blank(0)
    (True, True, False)
    """
    if cell is None:
        return True
    return isinstance(cell, str) and not cell.strip()


def text(cell: Cell) -> str:
    """The cell as trimmed text; an XLSX number that is a whole number loses its ``.0``.

    IDs and codes typed into Excel often become numbers (``101`` → ``101.0``); the user
    still means ``101``.

    >>> text(" Hub  "), text(101.0), text(2.5), text(date(2017, 3, 31))
    ('Hub', '101', '2.5', '2017-03-31')
    """
    if isinstance(cell, str):
        return cell.strip()
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime) and cell.time() == time():
        return cell.date().isoformat()
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


def _shown(cell: Cell) -> str:
    """A cell quoted back in a message, cut short so one bad cell cannot flood a report."""
    shown = text(cell)
    return repr(shown if len(shown) <= 40 else shown[:37] + "...")


def _real(cell: Cell) -> float | None:
    """An XLSX numeric cell as a float, or None when the cell is not numeric."""
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        return None
    if not math.isfinite(cell):
        raise CellError(f"not a number: {cell}")
    return float(cell)


def _signed(sign: str, digits: str) -> Decimal:
    value = Decimal(digits.replace(",", ""))
    return -value if sign and sign != "+" else value


def number(cell: Cell) -> float:
    """A plain number, thousands separators allowed (CONTRACT §1).

    >>> number("1,250"), number("-3.5"), number(7.0)
    (1250.0, -3.5, 7.0)
    """
    real = _real(cell)
    if real is None:
        match = _PLAIN_NUMBER.fullmatch(text(cell))
        if match is None:
            raise CellError(f"not a number: {_shown(cell)}")
        real = float(_within(_signed(*match.groups()), MAX_NUMBER, f"{MAX_NUMBER:,.0f}"))
    return float(_within(real, MAX_NUMBER, f"{MAX_NUMBER:,.0f}"))


def _within[N: (float, Decimal)](value: N, limit: float, shown: str) -> N:
    if abs(value) > limit:
        raise CellError(f"the number is too large (over {shown}); check the cell")
    return value


def money(cell: Cell) -> float:
    """An amount in pounds in any of the spellings CONTRACT §1 allows.

    Decimal arithmetic keeps ``£1.1m`` at exactly 1,100,000 rather than a float's
    1,100,000.0000000002, so a total in a report matches what the user typed.

    >>> money("£1.25m"), money("£250k"), money("(£5,000)"), money("-£5,000")
    (1250000.0, 250000.0, -5000.0, -5000.0)
    """
    real = _real(cell)
    if real is not None:
        return _within_budget(real)
    typed = text(cell)
    bracketed = typed.startswith("(") and typed.endswith(")")
    match = _MONEY.fullmatch(typed[1:-1].strip() if bracketed else typed)
    signs = bracketed + sum(bool(sign) for sign in match.groups()[:2]) if match else 0
    if match is None or signs > 1:
        raise CellError(f"not an amount of money: {_shown(cell)} ({MONEY_HINT})")
    digits, unit = match.group(3, 4)
    amount = Decimal(digits.replace(",", "")) * _MONEY_SCALE[(unit or "").casefold()]
    value = float(_within_budget(amount))
    return -value if signs else value


def _within_budget[N: (float, Decimal)](amount: N) -> N:
    """CONTRACT §1 money, at most £1bn either way (:data:`MAX_MONEY_GBP`)."""
    if abs(amount) > MAX_MONEY_GBP:
        raise CellError("the amount is over £1bn; no ETTF bid comes near it — check the cell")
    return amount


def checked_text(column: str, value: object) -> object:
    """A parsed value after the limits every text cell obeys, whichever column reads it.

    Text must hold no control characters; a title must fit the submission; an
    identifier is brought to its NFKC form (a full-width ``Ｂ０１`` is ``B01``) and may
    hold no invisible or direction-changing characters and mix no scripts, so two bids
    can never differ by what nobody can see. Raises :class:`CellError` for the importer
    to report at the cell.
    """
    if type(value) is tuple:  # a list of IDs; a NamedTuple is one parsed value
        return tuple(checked_text(column, part) for part in value)
    if not isinstance(value, str):
        return value
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise CellError(
            f"holds a control character (U+{ord(bad.group()):04X}) at position "
            f"{bad.start() + 1}; retype the cell"
        )
    if column == "title":
        _check_title(value)
    if column in IDENTIFIER_COLUMNS:
        return identifier(value)
    return value


def _check_title(title: str) -> None:
    if len(title) > MAX_TITLE_CHARS:
        raise CellError(
            f"the title is {len(title):,} characters; keep it to {MAX_TITLE_CHARS} (put the "
            "detail in notes)"
        )
    lines = title.count("\n") + 1
    if lines > MAX_TITLE_LINES:
        raise CellError(
            f"the title has {lines} lines; keep it to {MAX_TITLE_LINES} (put the detail in notes)"
        )


def identifier(value: str) -> str:
    """An ID as it will be compared: NFKC, no invisible or direction characters, one
    script.

    >>> identifier("Ｂ０１")
    'B01'
    """
    normal = unicodedata.normalize("NFKC", value).strip()
    for character in normal:
        if unicodedata.category(character) in {"Cf", "Zl", "Zp"} or (
            character.isspace() and character != " "
        ):
            name = unicodedata.name(character, f"U+{ord(character):04X}").lower()
            raise CellError(
                f"holds an invisible or direction-changing character ({name}); retype the ID"
            )
    scripts = {_script(character) for character in normal if character.isalpha()}
    if len(scripts) > 1 or scripts & _LOOK_ALIKE_SCRIPTS:
        raise CellError(
            f"uses {' and '.join(sorted(scripts))} letters; IDs are compared letter by letter "
            "and Cyrillic or Greek letters look like Latin ones — retype the ID in Latin letters"
        )
    return normal


_LOOK_ALIKE_SCRIPTS = frozenset({"Cyrillic", "Greek"})


def _script(character: str) -> str:
    return unicodedata.name(character, "OTHER").split()[0].capitalize()


class Percentage(NamedTuple):
    """A percentage cell before the column rule is applied (CONTRACT §1).

    ``marked`` says whether the cell carried ``%``; unmarked numbers are read as
    fractions or percentages depending on the rest of the column.
    """

    value: float
    marked: bool


def percentage(cell: Cell) -> Percentage:
    """Read a percentage cell without deciding yet what a bare number means.

    >>> percentage("66%"), percentage("0.66")
    (Percentage(value=66.0, marked=True), Percentage(value=0.66, marked=False))
    """
    if isinstance(cell, str):
        match = _PERCENT.fullmatch(cell.strip())
        if match is not None:
            return Percentage(float(_signed(*match.groups()[1:])), marked=True)
    try:
        return Percentage(number(cell), marked=False)
    except CellError:
        raise CellError(f"not a percentage: {_shown(cell)} (e.g. 66%, 66 or 0.66)") from None


def bare_numbers_are_fractions(cells: Iterable[Percentage | None]) -> bool:
    """CONTRACT §1: bare numbers are fractions when every bare number in the column is ≤ 1.

    Cells marked with ``%`` do not count, so ``66%`` beside ``0.5`` leaves ``0.5`` a
    fraction; one bare ``66`` makes every bare number a percentage.

    >>> bare_numbers_are_fractions([Percentage(0.66, False), Percentage(70, True), None])
    True
    >>> bare_numbers_are_fractions([Percentage(0.66, False), Percentage(66, False)])
    False
    """
    bare = [cell.value for cell in cells if cell is not None and not cell.marked]
    return bool(bare) and all(value <= 1 for value in bare)


def percentages(cells: Sequence[Percentage | None]) -> list[float | None]:
    """A whole column of percentages, each in points (``0.66`` → 66 when the rule applies).

    >>> percentages([Percentage(0.5, False), Percentage(66.0, True), None])
    [50.0, 66.0, None]
    """
    fractions = bare_numbers_are_fractions(cells)
    return [None if cell is None else _points(cell, fractions) for cell in cells]


def _points(cell: Percentage, fractions: bool) -> float:
    """Decimal keeps ``0.29`` at 29 points, not a float's 28.999999999999996."""
    if fractions and not cell.marked:
        return float(Decimal(repr(cell.value)) * 100)
    return cell.value


def calendar_date(cell: Cell) -> date:
    """A date as ISO, UK day/month/year or an XLSX date cell; never US order (CONTRACT §1).

    >>> calendar_date("2017-03-31"), calendar_date("31/3/17"), calendar_date("31 Mar 2017")
    (datetime.date(2017, 3, 31), datetime.date(2017, 3, 31), datetime.date(2017, 3, 31))
    """
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    if not isinstance(cell, str):
        raise CellError(f"not a date: {_shown(cell)} ({DATE_HINT})")
    typed = cell.strip()
    if match := _ISO_DATE.fullmatch(typed):
        year, month, day = match.groups()
        return _checked_date(cell, int(year), int(month), int(day))
    if match := _UK_DATE.fullmatch(typed):
        day, _, month, year = match.groups()
        if int(month) > 12 >= int(day):
            raise CellError(
                f"not a date: {_shown(cell)} looks like month/day order; "
                f"dates are day/month ({DATE_HINT})"
            )
        return _checked_date(cell, _full_year(year), int(month), int(day))
    if (match := _NAMED_MONTH_DATE.fullmatch(typed.casefold())) and match.group(2) in _MONTHS:
        day, month, year = match.groups()
        return _checked_date(cell, _full_year(year), _MONTHS[month], int(day))
    raise CellError(f"not a date: {_shown(cell)} ({DATE_HINT})")


def _full_year(year: str) -> int:
    """Two-digit years as ``strptime("%y")`` reads them: 00–68 → 2000s, 69–99 → 1900s."""
    if len(year) == 4:
        return int(year)
    return datetime.strptime(year, "%y").year


def _checked_date(cell: Cell, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"not a date: {_shown(cell)} has no such day ({DATE_HINT})") from None


def yes_no(cell: Cell) -> bool:
    """Yes/no in any of the spellings CONTRACT §1 allows, or an XLSX TRUE/FALSE/1/0 cell.

    >>> yes_no("Y"), yes_no("false"), yes_no(1.0), yes_no(True)
    (True, False, True, True)
    """
    if isinstance(cell, bool):
        return cell
    word = normalise(text(cell))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise CellError(f"not yes or no: {_shown(cell)} (use yes/no, y/n, true/false or 1/0)")


def enum_member[E: StrEnum](cell: Cell, kind: type[E]) -> E:
    """An enum value matched the forgiving way (CONTRACT §1): ``Not required`` is
    ``not_required``.

    >>> from etprio.core.model import PlanningStatus
    >>> enum_member(" Not-Required", PlanningStatus)
    <PlanningStatus.NOT_REQUIRED: 'not_required'>
    """
    member: E | None = _spellings(kind).get(normalise(text(cell)))
    if member is None:
        allowed = ", ".join(member.value for member in kind)
        raise CellError(f"not one of {allowed}: {_shown(cell)}")
    return member


@cache
def _spellings[E: StrEnum](kind: type[E]) -> Mapping[str, E]:
    return MappingProxyType({normalise(member.value): member for member in kind})
