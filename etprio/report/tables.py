"""The ranking as a flat table, and writing it to CSV and XLSX (CONTRACT §5).

Exports go straight into Excel on NHS desktops, where a cell starting with ``=`` runs as a
formula; every text cell is neutralised, numbers stay numbers. Numbers are rounded as the
app shows them (scores and points to 2 places, values to 4, money to the penny), so a
spreadsheet never shows 0.7685000000000001. The XLSX reads like the app: headings are the
labels, and an "About" sheet records what produced the ranking.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etprio import __version__
from etprio.core.atomic_files import write_bytes_atomically
from etprio.core.errors import FileAccessError, UsageError
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import column_label, format_gbp

if TYPE_CHECKING:
    from etprio.core.funding.limits import FundingLimits

Cell = str | int | float | bool | None

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise(cell: Cell) -> Cell:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise(-5.0)
    -5.0
    """
    if isinstance(cell, str) and cell.startswith(_FORMULA_TRIGGERS):
        return "'" + cell
    return cell


def ranking_table(
    scores: Scores, funded: Collection[str] | None = None
) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows in rank order, the columns CONTRACT §5 lists, in its order."""
    matrix = scores.matrix
    keys = matrix.criteria.keys
    header = [
        "rank",
        "bid_id",
        "title",
        "practice_code",
        "scheme_type",
        "score",
        "eligible",
        "cohort",
        "capital_cost_gbp",
        "grant_gbp",
        "recurrent_revenue_gbp",
    ]
    if funded is not None:
        header.append("funded")
    header += [f"value_{k}" for k in keys] + [f"points_{k}" for k in keys]
    contributions = scores.contributions
    shown = displayed_scores(scores)
    rows: list[list[Cell]] = []
    for position, index in enumerate(scores.order.tolist(), start=1):
        bid = matrix.bids[index]
        row: list[Cell] = [
            position,
            bid.bid_id,
            bid.title,
            bid.practice_code,
            bid.scheme_type.value,
            shown[position - 1],
            bool(matrix.eligible[index]),
            int(matrix.cohort[index]),
            round(bid.capital_cost_gbp, 2),
            round(bid.grant_gbp, 2),
            round(bid.recurrent_revenue_gbp, 2),
        ]
        if funded is not None:
            row.append(bid.bid_id in funded)
        row += [round(v, VALUE_PLACES) for v in matrix.values[index].tolist()]
        row += [round(p, SCORE_PLACES) for p in contributions[index].tolist()]
        rows.append(row)
    return header, rows


SCORE_PLACES = 2
VALUE_PLACES = 4


def displayed_scores(scores: Scores) -> list[float]:
    """Scores in rank order, rounded to 2 places as the app shows them, never rising down
    a group of eligible or ineligible bids: two scores that agree to 9 places rank as equal
    (CONTRACT §2.3) but could round apart across a half-penny, so a later bid takes no more
    than the one above it and sorting the column keeps the ranking's order."""
    eligible = scores.matrix.eligible
    shown: list[float] = []
    for position, index in enumerate(scores.order.tolist()):
        value = round(float(scores.score[index]), SCORE_PLACES)
        previous = scores.order[position - 1] if position else None
        if previous is not None and eligible[previous] == eligible[index]:
            value = min(value, shown[-1])
        shown.append(value)
    return shown


def ranking_headings(scores: Scores, header: Sequence[str]) -> list[str]:
    """The XLSX headings for a ranking table's columns: the labels a committee reads, the
    criteria by their labels (the CSV keeps the contract's machine names)."""
    labels = {c.key: c.label for c in scores.matrix.criteria.criteria}
    headings = []
    for name in header:
        kind, _, key = name.partition("_")
        if kind in ("value", "points") and key in labels:
            headings.append(f"{'Value' if kind == 'value' else 'Points'}: {labels[key]}")
        else:
            headings.append(column_label(name))
    return headings


def about_rows(
    scores: Scores,
    *,
    limits: FundingLimits | None = None,
    files: Sequence[tuple[str, str]] = (),
    at: datetime | None = None,
) -> list[list[Cell]]:
    """The "About" sheet: the criteria set, its weights, the budgets, the data files with
    their SHA-256, the tool's version and the time — everything that produced the ranking."""
    criteria = scores.matrix.criteria
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    rows: list[list[Cell]] = [
        ["Produced by", f"etprio {__version__}"],
        ["Produced at (UTC)", moment.strftime("%Y-%m-%d %H:%M:%S")],
        ["Criteria set", criteria.name],
        ["Assessment date", criteria.assessment_date.isoformat()],
        [],
        ["Criterion", "Weight", "Share of the total weight"],
    ]
    total = sum(criteria.weights)
    for criterion, weight in zip(criteria.criteria, criteria.weights, strict=True):
        share = round(weight / total, VALUE_PLACES) if total > 0 else 0.0
        rows.append([criterion.label, weight, share])
    rows += [[], ["Budget", "Amount"]]
    if limits is None:
        rows.append(["Budgets", "not given: no funding line"])
    else:
        if limits.capital_envelope is not None:
            rows.append(["Capital envelope", format_gbp(limits.capital_envelope)])
        if limits.recurrent_headroom is not None:
            rows.append(["Recurrent headroom a year", format_gbp(limits.recurrent_headroom)])
        rows += [
            [f"Allocation {year}", format_gbp(amount)]
            for year, amount in (limits.capital_by_year or {}).items()
        ]
        if limits.capital_by_year is not None:
            rows.append(["Carry-forward", "yes" if limits.carry_forward else "no"])
        rows.append(["Horizon", f"{limits.horizon_years} years"])
    rows += [[], ["Data file", "SHA-256"]]
    rows += [[name, digest] for name, digest in files] or [["(none recorded)", ""]]
    return rows


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> str:
    """CSV with neutralised text; booleans as ``true``/``false`` so every tool reads them."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    writer.writerows([_csv_cell(c) for c in row] for row in rows)
    return buffer.getvalue()


def _csv_cell(cell: Cell) -> Cell:
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return neutralise(cell)


def write_table(
    path: Path,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    *,
    headings: Sequence[str] | None = None,
    about: Sequence[Sequence[Cell]] | None = None,
) -> None:
    """Write ``.csv`` (UTF-8 with BOM, so Excel shows £) or ``.xlsx``, chosen by suffix.
    The XLSX shows ``headings`` in place of the column names when given, and an "About"
    sheet of ``about`` rows."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise UsageError(f"{path}: export to a .csv or .xlsx file")
    if suffix == ".csv":
        data = csv_text(header, rows).encode("utf-8-sig")
    else:
        data = _xlsx_bytes(header, rows, headings, about)
    try:
        write_bytes_atomically(path, data)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc


def _xlsx_cell(cell: Cell) -> Cell:
    """A neutralised cell that XLSX can hold. XML 1.0 cannot carry most C0 control
    characters (a stray vertical tab pasted from another system would abort the whole
    export), so each becomes U+FFFD, visibly, rather than vanishing."""
    value = neutralise(cell)
    return _XML_ILLEGAL.sub("\ufffd", value) if isinstance(value, str) else value


def _xlsx_bytes(
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    headings: Sequence[str] | None = None,
    about: Sequence[Sequence[Cell]] | None = None,
) -> bytes:
    """The workbook built in memory, so only the atomic write touches the disk."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ranking"
    _append_as_text(sheet, [headings or header, *rows])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="005EB8")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    money = {"capital_cost_gbp", "grant_gbp", "recurrent_revenue_gbp"}
    shown = list(headings or header)
    for column, name in enumerate(header, start=1):
        letter = get_column_letter(column)
        fmt = (
            "£#,##0" if name in money else "0.00" if name.startswith(("points_", "score")) else None
        )
        if name.startswith("value_"):
            fmt = "0.0000"
        if fmt:
            for cell in sheet[letter][1:]:
                cell.number_format = fmt
        width = 40 if name == "title" else min(max(10, len(shown[column - 1]) + 2), 30)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = sheet.dimensions
    if about is not None:
        _about_sheet(workbook.create_sheet("About"), about)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _about_sheet(sheet: Any, rows: Sequence[Sequence[Cell]]) -> None:
    from openpyxl.styles import Font

    _append_as_text(sheet, rows)
    for cells in sheet.iter_rows():
        if len(cells) >= 2 and cells[0].value in {"Criterion", "Budget", "Data file"}:
            for cell in cells:
                cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 68
    sheet.column_dimensions["C"].width = 24


def _append_as_text(sheet: Any, rows: Sequence[Sequence[Cell]]) -> None:
    """Append rows with every text cell stored as text: never a formula (CONTRACT §5)."""
    for row in rows:
        sheet.append([_xlsx_cell(c) for c in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
