"""Importing the bids table and the six-facet survey, all or nothing (CONTRACT §1–§1.3).

Every problem in a file is reported at once, as ``FILE:ROW:COLUMN: message``, so a
commissioner fixes the spreadsheet in one pass rather than one error per attempt.

Addresses:

* FILE is ``str(path)`` exactly as the caller gave it.
* ROW is the spreadsheet row the user sees. Problems about headings (a missing or doubled
  column, unknown columns, a missing land/planning column) and "header but no rows" are
  on the header row, which is row 1 unless the sheet starts with blank rows. A file that
  cannot be read as a table (not a table, empty, too big) is reported on row 1.
* COLUMN is the canonical column name (``capital_cost_gbp``, not ``Capital cost (£)``),
  also for a missing or doubled column. Problems about the file as a whole (not a table,
  empty, too big, no rows, unknown columns, cells under no heading) use ``-``.

Cells are parsed column by column: the percentage rule needs the whole column, and a
column-wise loop keeps a 10,000-row file well under a second.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from etprio.core import cells
from etprio.core.cells import MAX_CELL_CHARS, Cell, CellError, Percentage
from etprio.core.errors import ImportFailed
from etprio.core.matching import normalise
from etprio.core.model import (
    ASSESSOR_COLUMNS,
    FACETS,
    Bid,
    Dataset,
    PlanningStatus,
    Premises,
    SchemeType,
)
from etprio.core.problems import Problem, Severity
from etprio.core.scales import GradeScales
from etprio.core.tabular import FILE_COLUMN, Table, column_letter, read_table

DEFAULT_GRANT_PCT = 66.0
SURVEY_MAX_AGE_YEARS = 5
_ODS_CODE = re.compile(r"[A-Z][0-9]{5}")
_UNIT_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")
_HEADING_SYMBOLS = re.compile(r"[?£%]")


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

SCORE_MAX = 5.0

_FACET_ALIASES: Mapping[str, tuple[str, ...]] = {
    "physical_condition": ("Condition",),
    "functional_suitability": ("Suitability", "Functionality"),
    "space_utilisation": ("Space utilization", "Space", "Utilisation"),
    "quality": (),
    "statutory_compliance": ("Compliance",),
    "environmental_management": ("Environment", "Environmental"),
}


def survey_columns(scales: GradeScales) -> tuple[Column, ...]:
    """Survey columns; the facets read grades against the scale in use (CONTRACT §2)."""
    return (
        Column("premises_id", cells.text, ("Premises ID", "Premises", "Site ID"), required=True),
        Column("practice_code", _code, ("ODS code", "Practice code", "ODS"), required=True),
        Column("premises_name", cells.text, ("Premises name", "Site name", "Name")),
        Column("survey_date", cells.calendar_date, ("Survey date", "Date of survey")),
        *(Column(facet, _grade_reader(scales, facet), _FACET_ALIASES[facet]) for facet in FACETS),
        Column("gia_m2", cells.number, ("GIA", "GIA m2", "GIA m²", "Gross internal area")),
        Column("backlog_cost_gbp", cells.money, ("Backlog cost", "Backlog")),
        Column("current_rent_gbp", cells.money, ("Current rent", "Rent")),
        Column("list_size", cells.number, ("List size", "Registered patients")),
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


@dataclass
class _Reading:
    """One table while it is imported: parsed columns and every problem found so far."""

    table: Table
    noun: str
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    values: dict[str, list] = field(default_factory=dict)

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    def report(
        self, index: int | None, column: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        """``index`` is a data row's position in the table; None means the header row."""
        row = self.table.header_row if index is None else self.table.rows[index].number
        self.problems.append(Problem(self.table.file, row, column, message, severity))

    def warn(self, index: int | None, column: str, message: str) -> None:
        self.report(index, column, message, Severity.WARNING)

    def sorted_problems(self) -> list[Problem]:
        """Problems in the order a user reads the sheet: by row, then left to right."""
        order = {name: position + 1 for name, position in self.positions.items()}
        return sorted(self.problems, key=lambda p: (p.row, order.get(p.column, 0)))

    @property
    def failed(self) -> bool:
        return any(problem.is_error for problem in self.problems)


def _read(table: Table, columns: Sequence[Column], noun: str) -> _Reading:
    reading = _Reading(table, noun, list(table.problems))
    _match_headings(reading, columns)
    for column in columns:
        reading.values[column.name] = _parse_column(reading, column)
    return reading


def _match_headings(reading: _Reading, columns: Sequence[Column]) -> None:
    """Map headings to canonical columns (CONTRACT §1 aliases; §1.3 missing column)."""
    lookup = {
        heading_key(spelling): column.name
        for column in columns
        for spelling in (column.name, *column.aliases)
    }
    unknown = []
    for position, heading in enumerate(reading.table.header):
        if not heading:
            continue
        name = lookup.get(heading_key(heading))
        if name is None:
            unknown.append(heading)
        elif name in reading.positions:
            first = column_letter(reading.positions[name])
            reading.report(
                None,
                name,
                f"columns {first} and {column_letter(position)} both hold {name}; keep one",
            )
        else:
            reading.positions[name] = position
    if unknown:
        names = ", ".join(repr(heading[:40]) for heading in unknown)
        reading.warn(None, FILE_COLUMN, f"unknown columns are ignored: {names}")
    for column in columns:
        if column.required and column.name not in reading.positions:
            spellings = ", ".join((column.name, *column.aliases[:2]))
            reading.report(
                None, column.name, f"missing required column (a heading such as {spellings})"
            )


def _parse_column(reading: _Reading, column: Column) -> list:
    """Parsed values, None where the cell is blank or wrong; problems for each wrong cell."""
    position = reading.positions.get(column.name)
    if position is None:
        return [None] * reading.row_count
    parsed: list = []
    for index, cell in enumerate(reading.table.column(position)):
        if cells.is_blank(cell):
            if column.required:
                reading.report(index, column.name, f"missing value: every {reading.noun} needs one")
            parsed.append(None)
        elif isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            reading.report(
                index, column.name, f"longer than the {MAX_CELL_CHARS:,} characters of a cell"
            )
            parsed.append(None)
        else:
            try:
                parsed.append(column.read(cell))
            except CellError as exc:
                reading.report(index, column.name, str(exc))
                parsed.append(None)
    return parsed


def _check_unique(reading: _Reading, key: str) -> None:
    """Duplicate keys are reported on each later occurrence, naming the first (§1.3)."""
    first_row: dict[str, int] = {}
    for index, value in enumerate(reading.values[key]):
        if value is None:
            continue
        if value in first_row:
            reading.report(
                index, key, f"duplicate {key} {value!r}: already used on row {first_row[value]}"
            )
        else:
            first_row[value] = reading.table.rows[index].number


def _check_range(
    reading: _Reading, name: str, *, high: float | None = None, what: str = "value"
) -> None:
    """Every number in CONTRACT §1.1–§1.2 is at least 0; scores and grant have a top too."""
    for index, value in enumerate(reading.values[name]):
        if value is None:
            continue
        if value < 0:
            reading.report(index, name, f"{what} {_figure(value)} is negative; not allowed here")
        elif high is not None and value > high:
            reading.report(index, name, f"{what} {_figure(value)} is outside 0–{high:g}")


def _figure(value: float) -> str:
    """A number as a user would write it back: ``-5,000``, ``7``, ``5.5``.

    >>> _figure(-5000.0), _figure(5.5)
    ('-5,000', '5.5')
    """
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _check_ods_codes(reading: _Reading) -> None:
    for index, code in enumerate(reading.values["practice_code"]):
        if code is not None and not _ODS_CODE.fullmatch(code):
            reading.warn(
                index,
                "practice_code",
                f"{code!r} is not an ODS practice code (a letter and five digits, e.g. A81001)",
            )


# --- survey (CONTRACT §1.1) ----------------------------------------------------------


@dataclass(frozen=True)
class _Survey:
    """A survey as read, valid or not; ``known`` is None when the file was unreadable.

    ``known`` maps every premises_id in the file (rows with errors too) to its list size,
    so bids are checked against what the user meant rather than cascading errors.
    """

    premises: tuple[Premises, ...]
    known: Mapping[str, float | None] | None
    problems: tuple[Problem, ...]


def _read_survey(path: Path, scales: GradeScales, assessment_date: date | None) -> _Survey:
    try:
        table = read_table(path, sheet="survey")
    except ImportFailed as failed:
        return _Survey((), None, failed.problems)
    reading = _read(table, survey_columns(scales), "premises")
    _check_unique(reading, "premises_id")
    _check_ods_codes(reading)
    for name in ("gia_m2", "backlog_cost_gbp", "current_rent_gbp", "list_size"):
        _check_range(reading, name)
    if assessment_date is not None:
        _check_survey_age(reading, assessment_date)
    values = reading.values
    known: dict[str, float | None] = {}
    for premises_id, list_size in zip(values["premises_id"], values["list_size"], strict=True):
        if premises_id is not None:
            known.setdefault(premises_id, list_size)
    premises = () if reading.failed else tuple(_premises(reading))
    return _Survey(premises, known, tuple(reading.sorted_problems()))


def _check_survey_age(reading: _Reading, assessment_date: date) -> None:
    limit = _years_before(assessment_date, SURVEY_MAX_AGE_YEARS)
    for index, surveyed in enumerate(reading.values["survey_date"]):
        if surveyed is not None and surveyed < limit:
            reading.warn(
                index,
                "survey_date",
                f"survey of {surveyed.isoformat()} is more than {SURVEY_MAX_AGE_YEARS} years "
                f"old at the assessment date {assessment_date.isoformat()}",
            )


def _years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier; 29 February falls back to the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def _premises(reading: _Reading) -> list[Premises]:
    values = reading.values
    return [
        Premises(
            premises_id=values["premises_id"][index],
            practice_code=values["practice_code"][index],
            premises_name=values["premises_name"][index] or "",
            survey_date=values["survey_date"][index],
            grades={
                facet: values[facet][index] for facet in FACETS if values[facet][index] is not None
            },
            gia_m2=values["gia_m2"][index],
            backlog_cost_gbp=values["backlog_cost_gbp"][index],
            current_rent_gbp=values["current_rent_gbp"][index],
            list_size=values["list_size"][index],
        )
        for index in range(reading.row_count)
    ]


# --- bids (CONTRACT §1.2) ------------------------------------------------------------


def _read_bids(
    path: Path, known: Mapping[str, float | None] | None, assessment_date: date | None
) -> tuple[tuple[Bid, ...], list[Problem]]:
    try:
        table = read_table(path, sheet="bids")
    except ImportFailed as failed:
        return (), list(failed.problems)
    reading = _read(table, BID_COLUMNS, "bid")
    _check_unique(reading, "bid_id")
    _check_ods_codes(reading)
    _resolve_grants(reading)
    _check_range(reading, "capital_cost_gbp", what="amount")
    _check_positive_capital(reading)
    _check_range(reading, "recurrent_revenue_gbp", what="amount")
    for name in ASSESSOR_COLUMNS:
        _check_range(reading, name, high=SCORE_MAX, what="score")
    _check_range(reading, "population_benefit")
    _check_premises(reading, known)
    _default_estates_readiness(reading)
    _check_dependencies(reading)
    if assessment_date is not None:
        _check_completion(reading, assessment_date)
    bids = () if reading.failed else tuple(_bids(reading, known or {}))
    return bids, reading.sorted_problems()


def _resolve_grants(reading: _Reading) -> None:
    """CONTRACT §1 percentage rule over the whole column, then 0–100 and default 66."""
    parsed: list[Percentage | None] = reading.values["grant_pct"]
    points = cells.percentages(parsed)
    reading.values["grant_pct"] = points
    _check_range(reading, "grant_pct", high=100.0, what="grant %")
    reading.values["grant_pct"] = [DEFAULT_GRANT_PCT if p is None else p for p in points]


def _check_positive_capital(reading: _Reading) -> None:
    for index, cost in enumerate(reading.values["capital_cost_gbp"]):
        if cost == 0:
            reading.report(index, "capital_cost_gbp", "capital cost must be more than £0")


def _check_premises(reading: _Reading, known: Mapping[str, float | None] | None) -> None:
    """Estates bids need premises; any premises given must be in the survey (§1.2)."""
    values = reading.values
    for index, (scheme, premises_id) in enumerate(
        zip(values["scheme_type"], values["premises_id"], strict=True)
    ):
        if premises_id is None:
            if scheme is SchemeType.ESTATES:
                reading.report(
                    index, "premises_id", "missing value: an estates bid needs a premises_id"
                )
        elif known is not None and premises_id not in known:
            reading.report(index, "premises_id", f"premises {premises_id!r} is not in the survey")


def _default_estates_readiness(reading: _Reading) -> None:
    """Blank land/planning on an estates bid reads as no / none, with a warning (§1.2).

    A missing column gets one warning on the header row rather than one per bid.
    """
    defaults = {"land_secured": (False, "no"), "planning_status": (PlanningStatus.NONE, "none")}
    estates = [
        index
        for index, scheme in enumerate(reading.values["scheme_type"])
        if scheme is SchemeType.ESTATES
    ]
    for name, (default, spelled) in defaults.items():
        position = reading.positions.get(name)
        if position is None and estates:
            reading.warn(None, name, f"no such column; every estates bid is taken as {spelled}")
        column = reading.values[name]
        for index in estates:
            if position is None or cells.is_blank(reading.table.rows[index].cells[position]):
                column[index] = default
                if position is not None:
                    reading.warn(index, name, f"blank on an estates bid; taken as {spelled}")


def _check_completion(reading: _Reading, assessment_date: date) -> None:
    for index, completion in enumerate(reading.values["expected_completion"]):
        if completion is not None and completion < assessment_date:
            reading.warn(
                index,
                "expected_completion",
                f"{completion.isoformat()} is before the assessment date "
                f"{assessment_date.isoformat()}",
            )


def _check_dependencies(reading: _Reading) -> None:
    """Unknown bids, self-dependency and cycles are errors (CONTRACT §1.3)."""
    ids = reading.values["bid_id"]
    row_of = {bid_id: index for index, bid_id in reversed(list(enumerate(ids))) if bid_id}
    edges: dict[int, list[int]] = {}
    for index, depends_on in enumerate(reading.values["depends_on"]):
        for target in depends_on or ():
            if target == ids[index]:
                reading.report(index, "depends_on", "a bid cannot depend on itself")
            elif target not in row_of:
                hint = " (separate bid ids with ;)" if "," in target else ""
                reading.report(index, "depends_on", f"unknown bid {target!r}{hint}")
            else:
                edges.setdefault(index, []).append(row_of[target])
    for cycle in _cycles(edges):
        members = ", ".join(ids[index] for index in cycle)
        for index in cycle:
            reading.report(index, "depends_on", f"dependency cycle among bids {members}")


def _cycles(edges: Mapping[int, Sequence[int]]) -> list[list[int]]:
    """Rows in strongly connected groups of more than one: every bid in a cycle (§1.3).

    Tarjan's algorithm, iterative so a long chain of dependencies cannot exhaust the
    stack. scipy's ``connected_components`` does the same but takes a second to import,
    which a 25-row file should not pay.
    """
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    groups: list[list[int]] = []
    for root in edges:
        if root in order:
            continue
        order[root] = low[root] = len(order)
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(edges.get(root, ())))]
        while work:
            node, successors = work[-1]
            for successor in successors:
                if successor not in order:
                    order[successor] = low[successor] = len(order)
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, iter(edges.get(successor, ()))))
                    break
                if successor in on_stack:
                    low[node] = min(low[node], order[successor])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == order[node]:
                    group = _pop_group(stack, on_stack, node)
                    if len(group) > 1:
                        groups.append(sorted(group))
    return groups


def _pop_group(stack: list[int], on_stack: set[int], root: int) -> list[int]:
    group = []
    while True:
        member = stack.pop()
        on_stack.discard(member)
        group.append(member)
        if member == root:
            return group


def _bids(reading: _Reading, list_sizes: Mapping[str, float | None]) -> list[Bid]:
    values = reading.values
    bids = []
    for index in range(reading.row_count):
        premises_id = values["premises_id"][index]
        population = values["population_benefit"][index]
        if population is None and premises_id is not None:
            population = list_sizes.get(premises_id)
        bids.append(
            Bid(
                bid_id=values["bid_id"][index],
                title=values["title"][index],
                practice_code=values["practice_code"][index],
                scheme_type=values["scheme_type"][index],
                capital_cost_gbp=values["capital_cost_gbp"][index],
                expected_completion=values["expected_completion"][index],
                premises_id=premises_id,
                grant_pct=values["grant_pct"][index],
                recurrent_revenue_gbp=values["recurrent_revenue_gbp"][index] or 0.0,
                land_secured=values["land_secured"][index],
                planning_status=values["planning_status"][index],
                scores={
                    name: values[name][index]
                    for name in ASSESSOR_COLUMNS
                    if values[name][index] is not None
                },
                population_benefit=population,
                depends_on=values["depends_on"][index] or (),
                notes=values["notes"][index] or "",
            )
        )
    return bids


# --- public API ----------------------------------------------------------------------


def _by_file_and_row(problems: Sequence[Problem]) -> tuple[Problem, ...]:
    """Stable, so each file keeps its left-to-right order within a row."""
    return tuple(sorted(problems, key=lambda problem: (problem.file, problem.row)))


def _settled[T](values: T, problems: Sequence[Problem]) -> tuple[T, tuple[Problem, ...]]:
    """All or nothing (CONTRACT §1.3): any error raises with every problem found."""
    ordered = _by_file_and_row(problems)
    if any(problem.is_error for problem in ordered):
        raise ImportFailed(ordered)
    return values, ordered


def read_survey(
    path: Path, scales: GradeScales, *, assessment_date: date | None = None
) -> tuple[tuple[Premises, ...], tuple[Problem, ...]]:
    """Read a six-facet survey (CONTRACT §1.1); returns premises and warnings.

    ``assessment_date`` enables the "survey older than 5 years" warning.

    Raises:
        ImportFailed: every problem (errors and warnings) when any is an error.
        FileAccessError: the file cannot be read.
    """
    survey = _read_survey(path, scales, assessment_date)
    return _settled(survey.premises, survey.problems)


def read_bids(
    path: Path,
    premises: Sequence[Premises] | None,
    *,
    assessment_date: date | None = None,
) -> tuple[tuple[Bid, ...], tuple[Problem, ...]]:
    """Read the bids table (CONTRACT §1.2); returns bids and warnings.

    With ``premises`` (a survey), every premises_id must be one of them and a blank
    population_benefit defaults to that premises' list_size; with None, premises ids are
    not checked. ``assessment_date`` enables the "completion before assessment" warning.

    Raises:
        ImportFailed: every problem (errors and warnings) when any is an error.
        FileAccessError: the file cannot be read.
    """
    known = None if premises is None else {p.premises_id: p.list_size for p in premises}
    bids, problems = _read_bids(path, known, assessment_date)
    return _settled(bids, problems)


def check_files(
    bids: Path | None,
    survey: Path | None,
    scales: GradeScales,
    *,
    assessment_date: date | None = None,
) -> list[Problem]:
    """Every problem in both files, errors and warnings, for ``etprio validate`` (§4).

    Never raises for bad data; a file that cannot be read at all still raises
    FileAccessError (exit 4). Bids are checked against the survey's premises ids even
    when the survey has errors elsewhere, so one mistake is not reported twice.
    """
    problems: list[Problem] = []
    known: Mapping[str, float | None] | None = None
    if survey is not None:
        read = _read_survey(survey, scales, assessment_date)
        problems.extend(read.problems)
        known = read.known
    if bids is not None:
        problems.extend(_read_bids(bids, known, assessment_date)[1])
    return list(_by_file_and_row(problems))


def load_dataset(
    bids: Path,
    survey: Path,
    scales: GradeScales,
    *,
    assessment_date: date | None = None,
) -> tuple[Dataset, tuple[Problem, ...]]:
    """Both files as one Dataset, or nothing (CONTRACT §1.3); returns the warnings.

    Raises:
        ImportFailed: every problem of both files when either has an error.
        FileAccessError: a file cannot be read.
    """
    surveyed = _read_survey(survey, scales, assessment_date)
    found, bid_problems = _read_bids(bids, surveyed.known, assessment_date)
    return _settled(Dataset(found, surveyed.premises), [*surveyed.problems, *bid_problems])
