"""Checks across the rows of a table being imported: ranges, duplicate keys, ODS codes,
premises in the survey, dependencies on unknown bids and in cycles, and the date warnings
(CONTRACT §1.1–§1.3). Each reports on the reading and leaves its values alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date

from etprio.core.model import SchemeType
from etprio.core.tables.import_reading import Reading
from etprio.core.wording import format_gbp

SURVEY_MAX_AGE_YEARS = 5
PHASING_TOLERANCE_PENCE = 100
_ODS_CODE = re.compile(r"[A-Z][0-9]{5}")


def check_unique(reading: Reading, key: str) -> None:
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


def check_range(
    reading: Reading, name: str, *, high: float | None = None, what: str = "value"
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


def check_ods_codes(reading: Reading) -> None:
    for index, code in enumerate(reading.values["practice_code"]):
        if code is not None and not _ODS_CODE.fullmatch(code):
            reading.warn(
                index,
                "practice_code",
                f"{code!r} is not an ODS practice code (a letter and five digits, e.g. A81001)",
            )


def check_survey_age(reading: Reading, assessment_date: date) -> None:
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


def check_positive_capital(reading: Reading) -> None:
    for index, cost in enumerate(reading.values["capital_cost_gbp"]):
        if cost == 0:
            reading.report(index, "capital_cost_gbp", "capital cost must be more than £0")


def check_premises(reading: Reading, known: Mapping[str, float | None] | None) -> None:
    """Estates bids need premises; any premises given must be in the survey (§1.2).

    With no survey at all, or one that holds none of the bids' premises, one problem with
    advice replaces an error on every bid: the survey is missing or is the wrong file.
    """
    values = reading.values
    unknown: list[int] = []
    for index, (scheme, premises_id) in enumerate(
        zip(values["scheme_type"], values["premises_id"], strict=True)
    ):
        if premises_id is None:
            if scheme is SchemeType.ESTATES:
                reading.report(
                    index, "premises_id", "missing value: an estates bid needs a premises_id"
                )
        elif known is not None and premises_id not in known:
            unknown.append(index)
    named = sum(premises_id is not None for premises_id in values["premises_id"])
    if unknown and (not known or (len(unknown) == named and named >= _WHOLESALE)):
        reading.report(None, "premises_id", _survey_advice(reading, unknown, bool(known)))
        return
    for index in unknown:
        premises_id = values["premises_id"][index]
        reading.report(index, "premises_id", f"premises {premises_id!r} is not in the survey")


_WHOLESALE = 3
"""From this many bids whose premises are all missing from a survey, the survey is taken
for the wrong file and one problem is reported instead of one per bid."""


def _survey_advice(reading: Reading, unknown: Sequence[int], surveyed: bool) -> str:
    ids = list(dict.fromkeys(reading.values["premises_id"][index] for index in unknown))
    shown = ", ".join(ids[:5]) + (", …" if len(ids) > 5 else "")
    count = f"{len(unknown)} bid{'s' if len(unknown) != 1 else ''}"
    if surveyed:
        return (
            f"none of the premises named by {count} ({shown}) is in the survey: check that "
            "the survey is the one for these bids, then import it again"
        )
    return (
        f"{count} name premises ({shown}) but no six-facet survey has been imported: "
        "import the survey first (or both files together), then the bids"
    )


def check_completion(reading: Reading, assessment_date: date) -> None:
    for index, completion in enumerate(reading.values["expected_completion"]):
        if completion is not None and completion < assessment_date:
            reading.warn(
                index,
                "expected_completion",
                f"{completion.isoformat()} is before the assessment date "
                f"{assessment_date.isoformat()}",
            )


def check_dependencies(reading: Reading) -> None:
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


def check_grant_phasing(reading: Reading, year_columns: Sequence[str]) -> None:
    """CONTRACT §7: a bid that phases its grant (any year column holds a value, blanks being
    £0) must phase all of it, within £1; the error is on the bid's first year column. Run
    after grant_pct is resolved; a bid whose grant is itself wrong is not checked twice."""
    if not year_columns:
        return
    for name in year_columns:
        check_range(reading, name, what="amount")
    values = reading.values
    for index in range(reading.row_count):
        drawn = [values[name][index] for name in year_columns]
        capital, pct = values["capital_cost_gbp"][index], values["grant_pct"][index]
        if all(d is None for d in drawn) or capital is None or pct is None:
            continue
        total = sum(d for d in drawn if d is not None)
        grant = capital * pct / 100
        if abs(round(total * 100) - round(grant * 100)) > PHASING_TOLERANCE_PENCE:
            reading.report(
                index,
                year_columns[0],
                f"the grant by year adds up to {format_gbp(total)}, not the bid's grant of "
                f"{format_gbp(grant)} ({format_gbp(capital)} at {pct:g}%); the year columns "
                "must add up to it within £1",
            )
