"""Importing the bids table and the six-facet survey, all or nothing (CONTRACT §1–§1.3).

Every problem in a file is reported at once, as ``FILE:ROW:COLUMN: message``, so a
commissioner fixes the spreadsheet in one pass rather than one error per attempt.

Addresses:

* FILE is ``str(path)`` exactly as the caller gave it.
* ROW is the spreadsheet row the user sees. Problems about headings (a missing or doubled
  column, unknown columns, a missing land/planning column) and "header but no rows" are
  on the heading row, found below any title rows (:mod:`etprio.core.tables.table_location`). A
  file that cannot be read as a table (not a table, empty, too big) is reported on row 1.
* COLUMN is the canonical column name (``capital_cost_gbp``, not ``Capital cost (£)``),
  also for a missing or doubled column; the message adds the user's own heading and its
  letter (``C 'Grant %' (grant_pct)``). Problems about the file as a whole (not a table,
  empty, too big, no rows, unknown columns, cells under no heading) use ``-``.

Cells are parsed column by column: the percentage rule needs the whole column, and a
column-wise loop keeps a 10,000-row file well under a second.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from etprio.core.errors import ImportFailed
from etprio.core.model import (
    ASSESSOR_COLUMNS,
    FACETS,
    Bid,
    Dataset,
    PlanningStatus,
    Premises,
    SchemeType,
    population_benefit,
)
from etprio.core.problems import Problem
from etprio.core.tables import cells
from etprio.core.tables.cells import Percentage
from etprio.core.tables.import_checks import (
    check_completion,
    check_dependencies,
    check_grant_phasing,
    check_ods_codes,
    check_positive_capital,
    check_premises,
    check_range,
    check_survey_age,
    check_unique,
)
from etprio.core.tables.import_columns import (
    BID_COLUMNS,
    grant_column_year,
    grant_year_columns,
    survey_columns,
)
from etprio.core.tables.import_reading import Reading, read_columns
from etprio.core.tables.scales import GradeScales
from etprio.core.tables.table_location import TableSource
from etprio.core.tables.tabular import Table, read_table

DEFAULT_GRANT_PCT = 66.0
SCORE_MAX = 5.0


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
    source: TableSource | None = None


def _read_survey(path: Path, scales: GradeScales, assessment_date: date | None) -> _Survey:
    try:
        table = read_table(path, sheet="survey")
    except ImportFailed as failed:
        return _Survey((), None, failed.problems)
    source = _source(table, "survey")
    reading = read_columns(table, survey_columns(scales), "premises")
    check_unique(reading, "premises_id")
    check_ods_codes(reading)
    for name in ("gia_m2", "backlog_cost_gbp", "current_rent_gbp", "list_size"):
        check_range(reading, name)
    if assessment_date is not None:
        check_survey_age(reading, assessment_date)
    values = reading.values
    known: dict[str, float | None] = {}
    for premises_id, list_size in zip(values["premises_id"], values["list_size"], strict=True):
        if premises_id is not None:
            known.setdefault(premises_id, list_size)
    premises = () if reading.failed else tuple(_premises(reading))
    return _Survey(premises, known, tuple(reading.sorted_problems()), source)


def _source(table: Table, noun: str) -> TableSource:
    return TableSource(table.file, noun, table.sheet, table.header_row)


def _premises(reading: Reading) -> list[Premises]:
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
) -> tuple[tuple[Bid, ...], list[Problem], TableSource | None]:
    try:
        table = read_table(path, sheet="bids")
    except ImportFailed as failed:
        return (), list(failed.problems), None
    year_columns = grant_year_columns(table.header)
    years = [column.name for column in year_columns]
    reading = read_columns(table, (*BID_COLUMNS, *year_columns), "bid")
    check_unique(reading, "bid_id")
    check_ods_codes(reading)
    _resolve_grants(reading)
    check_grant_phasing(reading, years)
    check_range(reading, "capital_cost_gbp", what="amount")
    check_positive_capital(reading)
    check_range(reading, "recurrent_revenue_gbp", what="amount")
    for name in ASSESSOR_COLUMNS:
        check_range(reading, name, high=SCORE_MAX, what="score")
    check_range(reading, "population_benefit")
    check_premises(reading, known)
    _default_estates_readiness(reading)
    check_dependencies(reading)
    if assessment_date is not None:
        check_completion(reading, assessment_date)
    bids = () if reading.failed else tuple(_bids(reading, known or {}, years))
    return bids, reading.sorted_problems(), _source(table, "bids")


def _resolve_grants(reading: Reading) -> None:
    """CONTRACT §1 percentage rule over the whole column, then 0–100 and default 66."""
    parsed: list[Percentage | None] = reading.values["grant_pct"]
    points = cells.percentages(parsed)
    reading.values["grant_pct"] = points
    check_range(reading, "grant_pct", high=100.0, what="grant %")
    reading.values["grant_pct"] = [DEFAULT_GRANT_PCT if p is None else p for p in points]


def _default_estates_readiness(reading: Reading) -> None:
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


def _bids(
    reading: Reading, list_sizes: Mapping[str, float | None], years: Sequence[str]
) -> list[Bid]:
    values = reading.values
    bids = []
    for index in range(reading.row_count):
        premises_id = values["premises_id"][index]
        population = population_benefit(
            values["population_benefit"][index], premises_id, list_sizes
        )
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
                grant_phasing={
                    grant_column_year(name): values[name][index]
                    for name in years
                    if values[name][index]
                },
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
    bids, problems, _ = _read_bids(path, known, assessment_date)
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
    FileAccessError (exit 4).
    """
    return list(inspect_files(bids, survey, scales, assessment_date=assessment_date).problems)


@dataclass(frozen=True)
class FileCheck:
    """Every problem in the files, and where in each file its table was found."""

    problems: tuple[Problem, ...]
    sources: tuple[TableSource, ...]


def inspect_files(
    bids: Path | None,
    survey: Path | None,
    scales: GradeScales,
    *,
    assessment_date: date | None = None,
) -> FileCheck:
    """:func:`check_files` with the sheet and heading row each table was read from
    (CONTRACT §1: "which sheet and row were used is reported").

    Bids are checked against the survey's premises ids even when the survey has errors
    elsewhere, so one mistake is not reported twice.
    """
    problems: list[Problem] = []
    sources: list[TableSource | None] = []
    known: Mapping[str, float | None] | None = None
    if survey is not None:
        read = _read_survey(survey, scales, assessment_date)
        problems.extend(read.problems)
        sources.append(read.source)
        known = read.known
    if bids is not None:
        _, bid_problems, source = _read_bids(bids, known, assessment_date)
        problems.extend(bid_problems)
        sources.append(source)
    found = tuple(source for source in sources if source is not None)
    return FileCheck(_by_file_and_row(problems), found)


def locate_table(path: Path, kind: str) -> TableSource | None:
    """Where the ``bids`` or ``survey`` table of ``path`` is, or None if it has none."""
    from etprio.core.errors import EtprioError

    try:
        return _source(read_table(path, sheet=kind), kind)
    except EtprioError:
        return None


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
    found, bid_problems, _ = _read_bids(bids, surveyed.known, assessment_date)
    return _settled(Dataset(found, surveyed.premises), [*surveyed.problems, *bid_problems])
