"""The columns of the bids table and the survey, and how each cell is read (CONTRACT §1).

A :class:`Column` names its canonical heading, the headings users give it (matched by
:func:`heading_key`) and the reader that turns one raw cell into a value or a CellError.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from etprio.core.financial_years import parse_financial_year, year_start
from etprio.core.matching import normalise
from etprio.core.model import FACETS, PlanningStatus, SchemeType
from etprio.core.tables import cells
from etprio.core.tables.cells import Cell, CellError
from etprio.core.tables.scales import GradeScales

_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_HEADING_SYMBOLS = re.compile(r"[?£%]")
_TRAILING_NAME = re.compile(r"\(\s*([A-Za-z0-9_]+)\s*\)\s*$")
_YEAR_HEADING = re.compile(r"(?:grant_|ettf_)?(\d{4}[/_]\d{2})")


@dataclass(frozen=True)
class Column:
    """A canonical column, the headings users give it, and how one of its cells is read."""

    name: str
    read: Callable[[Cell], object]
    aliases: tuple[str, ...] = ()
    required: bool = False


def heading_key(heading: str) -> str:
    """The form in which a heading is matched (CONTRACT §1): forgiving as
    :func:`normalise`, and deaf to a trailing ``?``, ``£``, ``%`` or unit in brackets.

    >>> heading_key("Capital cost (£)"), heading_key("Land secured?"), heading_key("Grant %")
    ('capital_cost', 'land_secured', 'grant')
    """
    return normalise(_HEADING_SYMBOLS.sub(" ", _UNIT_SUFFIX.sub("", heading)))


def column_named(lookup: Mapping[str, str], heading: str) -> str | None:
    """The canonical column ``heading`` stands for, ``lookup`` mapping each spelling's
    :func:`heading_key` to its column: by the heading's words, or failing that by a
    canonical name in brackets after them, as the templates write headings — so a
    relabelled ``Bid identifier (bid_id)`` still imports.

    >>> lookup = {"bid_id": "bid_id", "bid_ref": "bid_id"}
    >>> column_named(lookup, "Bid ref (bid_id)"), column_named(lookup, "Our number (bid_id)")
    ('bid_id', 'bid_id')
    >>> column_named(lookup, "Our number (ref)") is None
    True
    """
    name = lookup.get(heading_key(heading))
    if name is None and (match := _TRAILING_NAME.search(heading)):
        named = normalise(match.group(1))
        name = named if lookup.get(named) == named else None
    return name


def _code(cell: Cell) -> str:
    """ODS codes and the like are compared upper-case: ``a81001`` is ``A81001``."""
    return cells.text(cell).upper()


def _scheme_type(cell: Cell) -> SchemeType:
    return cells.enum_member(cell, SchemeType)


def _planning(cell: Cell) -> PlanningStatus:
    return cells.enum_member(cell, PlanningStatus)


def _bid_ids(cell: Cell) -> tuple[str, ...]:
    """``depends_on`` is bid ids separated by ``;`` (CONTRACT §1.2); repeats count once."""
    ids = (part.strip() for part in cells.text(cell).split(";"))
    return tuple(dict.fromkeys(bid_id for bid_id in ids if bid_id))


def _score_column(name: str, *aliases: str, required: bool = False) -> Column:
    stem = name.removesuffix("_score")
    return Column(name, cells.number, (stem, *aliases), required)


BID_COLUMNS: tuple[Column, ...] = (
    Column(
        "bid_id",
        cells.text,
        ("Bid ID", "Bid ref", "Bid reference", "Bid no", "Bid number", "Scheme ID", "Ref"),
        required=True,
    ),
    Column(
        "title",
        cells.text,
        ("Scheme name", "Bid title", "Scheme title", "Bid name", "Name"),
        required=True,
    ),
    Column(
        "practice_code",
        _code,
        ("ODS code", "Practice code", "ODS", "Practice ODS code", "Lead practice code"),
        required=True,
    ),
    Column("scheme_type", _scheme_type, ("Scheme type", "Type", "Bid type"), required=True),
    Column("premises_id", cells.text, ("Premises ID", "Premises", "Premises ref", "Site ID")),
    Column(
        "capital_cost_gbp",
        cells.money,
        ("Capital cost", "Total capital", "Total capital cost", "Capital"),
        required=True,
    ),
    Column(
        "grant_pct",
        cells.percentage,
        ("Grant", "Grant requested", "Grant percentage", "Grant pct", "Grant rate"),
    ),
    Column(
        "recurrent_revenue_gbp",
        cells.money,
        (
            "Recurrent revenue",
            "Revenue consequence",
            "Revenue consequences",
            "Recurrent revenue cost",
            "Recurrent cost",
            "Revenue cost",
        ),
    ),
    Column(
        "expected_completion",
        cells.calendar_date,
        ("Completion date", "Expected completion", "Expected completion date", "Completion"),
        required=True,
    ),
    Column("land_secured", cells.yes_no, ("Land secured", "Land")),
    Column("planning_status", _planning, ("Planning", "Planning status", "Planning permission")),
    _score_column("access_score", "Extended access", required=True),
    _score_column("capacity_score", "Clinical capacity", required=True),
    _score_column("training_score", "Training capacity", required=True),
    _score_column("wider_services_score", required=True),
    _score_column("engagement_score", "Patient engagement"),
    _score_column("strategy_fit_score", "Estates strategy fit"),
    _score_column("digital_roadmap_score", "Digital roadmap fit", "LDR fit"),
    _score_column("ig_score", "Information governance"),
    Column(
        "population_benefit",
        cells.number,
        ("Population benefit", "Patients benefiting", "Population"),
    ),
    Column("depends_on", _bid_ids, ("Depends on", "Dependencies", "Dependency")),
    Column("notes", cells.text, ("Notes", "Note", "Comments")),
)


def grant_year_column(year: str) -> str:
    """The canonical column of a financial year's grant (CONTRACT §7): ``2017/18`` →
    ``grant_2017_18``."""
    return f"grant_{year.replace('/', '_')}"


def grant_column_year(name: str) -> str:
    """The financial year of a :func:`grant_year_column`: ``grant_2017_18`` → ``2017/18``."""
    return name.removeprefix("grant_").replace("_", "/")


def grant_year_columns(header: Sequence[str]) -> tuple[Column, ...]:
    """One money column per financial year the headings name (CONTRACT §7: ``grant_2017_18``,
    ``Grant 2017/18``, ``ETTF 2017/18``, ``2017/18``), earliest year first. Which years a
    table phases over is only known from its headings, so these columns are made per table;
    two headings for one year both become its aliases, so the doubled column is reported
    like any other."""
    years: dict[str, list[str]] = {}
    for heading in header:
        match = _YEAR_HEADING.fullmatch(heading_key(heading)) if heading else None
        year = match and parse_financial_year(match.group(1))
        if year:
            years.setdefault(year, []).append(heading)
    return tuple(
        Column(grant_year_column(year), cells.money, tuple(years[year]))
        for year in sorted(years, key=year_start)
    )


_FACET_ALIASES: Mapping[str, tuple[str, ...]] = {
    "physical_condition": ("Condition",),
    "functional_suitability": ("Suitability", "Functionality"),
    "space_utilisation": ("Space utilization", "Space", "Utilisation"),
    "quality": (),
    "statutory_compliance": ("Compliance",),
    "environmental_management": ("Environment", "Environmental"),
}


_SURVEY_TEXT: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("premises_id", ("Premises ID", "Premises", "Site ID"), True),
    ("practice_code", ("ODS code", "Practice code", "ODS"), True),
    ("premises_name", ("Premises name", "Site name", "Name"), False),
)
_SURVEY_NUMBERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gia_m2", ("GIA", "GIA m2", "GIA m²", "Gross internal area")),
    ("backlog_cost_gbp", ("Backlog cost", "Backlog")),
    ("current_rent_gbp", ("Current rent", "Rent")),
    ("list_size", ("List size", "Registered patients")),
)
_SURVEY_DATE = ("survey_date", ("Survey date", "Date of survey"))
_SURVEY_READERS: Mapping[str, Callable[[Cell], object]] = {
    "premises_id": cells.text,
    "practice_code": _code,
    "premises_name": cells.text,
    "survey_date": cells.calendar_date,
    "gia_m2": cells.number,
    "backlog_cost_gbp": cells.money,
    "current_rent_gbp": cells.money,
    "list_size": cells.number,
}

SURVEY_HEADINGS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    *_SURVEY_TEXT,
    (*_SURVEY_DATE, False),
    *((facet, _FACET_ALIASES[facet], False) for facet in FACETS),
    *((name, aliases, False) for name, aliases in _SURVEY_NUMBERS),
)
"""Each survey column's name, aliases and whether it is required: what finding the
survey in a workbook needs, whatever grade scales are in use."""


def survey_columns(scales: GradeScales) -> tuple[Column, ...]:
    """Survey columns; the facets read grades against the scale in use (CONTRACT §2)."""
    return tuple(
        Column(
            name,
            _grade_reader(scales, name) if name in FACETS else _SURVEY_READERS[name],
            aliases,
            required,
        )
        for name, aliases, required in SURVEY_HEADINGS
    )


def _grade_reader(scales: GradeScales, facet: str) -> Callable[[Cell], str]:
    """Grades are stored as the scale file spells them, so ``b(c)`` becomes ``B(C)``."""

    def read(cell: Cell) -> str:
        grade = scales.canonical_grade(facet, cells.text(cell))
        if grade is None:
            allowed = ", ".join(scales.grades(facet))
            raise CellError(f"grade {cells.text(cell)!r} is not on the scale ({allowed})")
        return grade

    return read
