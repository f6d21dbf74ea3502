"""The ranking as a flat table, and writing it to CSV and XLSX (CONTRACT §5).

Exports go straight into Excel on NHS desktops, where a cell starting with ``=`` runs as a
formula; every text cell is neutralised, numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Sequence
from pathlib import Path

from etprio.core.atomic_files import write_bytes_atomically
from etprio.core.errors import FileAccessError, UsageError
from etprio.core.scoring import Scores

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
    rows: list[list[Cell]] = []
    for position, index in enumerate(scores.order.tolist(), start=1):
        bid = matrix.bids[index]
        row: list[Cell] = [
            position,
            bid.bid_id,
            bid.title,
            bid.practice_code,
            bid.scheme_type.value,
            float(scores.score[index]),
            bool(matrix.eligible[index]),
            int(matrix.cohort[index]),
            bid.capital_cost_gbp,
            bid.grant_gbp,
            bid.recurrent_revenue_gbp,
        ]
        if funded is not None:
            row.append(bid.bid_id in funded)
        row += matrix.values[index].tolist() + contributions[index].tolist()
        rows.append(row)
    return header, rows


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


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    """Write ``.csv`` (UTF-8 with BOM, so Excel shows £) or ``.xlsx``, chosen by suffix."""
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx"}:
        raise UsageError(f"{path}: export to a .csv or .xlsx file")
    if suffix == ".csv":
        data = csv_text(header, rows).encode("utf-8-sig")
    else:
        data = _xlsx_bytes(header, rows)
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


def _xlsx_bytes(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> bytes:
    """The workbook built in memory, so only the atomic write touches the disk."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ranking"
    sheet.append([_xlsx_cell(h) for h in header])
    for row in rows:
        sheet.append([_xlsx_cell(c) for c in row])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="005EB8")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    money = {"capital_cost_gbp", "grant_gbp", "recurrent_revenue_gbp"}
    for column, name in enumerate(header, start=1):
        letter = get_column_letter(column)
        fmt = (
            "£#,##0" if name in money else "0.00" if name.startswith(("points_", "score")) else None
        )
        if name.startswith("value_"):
            fmt = "0.000"
        if fmt:
            for cell in sheet[letter][1:]:
                cell.number_format = fmt
        sheet.column_dimensions[letter].width = 40 if name == "title" else max(10, len(name) + 2)
    sheet.freeze_panes = "D2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
