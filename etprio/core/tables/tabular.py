"""Reading a user's CSV or XLSX into a header and rows of raw cells, whatever the
spreadsheet did to it (CONTRACT §1).

Commissioners' files come from Excel on Windows (cp1252, BOMs, CRLF), from European
colleagues (semicolons), from "Save as Unicode text" (UTF-16, tabs), or are the wrong file
altogether. This module turns all of them into one :class:`Table` or one Problem that says
what the file is; it never interprets a cell, which is the importer's job.

Problems found here are file-level and use the column ``-`` (CONTRACT §1.3 names columns
only for cells): "not a table", "empty", size limits on row 1; a header with no rows on
the header row; ignored cells (under no heading) on the header row as warnings.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from python_calamine import CalamineError, CalamineWorkbook, SheetVisibleEnum

from etprio.core.errors import ImportFailed
from etprio.core.problems import Problem, Severity
from etprio.core.tables.bounded_read import FileTooLarge, read_regular_file
from etprio.core.tables.cells import Cell, is_blank, text
from etprio.core.tables.sheet_extent import MAX_SHEET_CELLS, oversized_sheet
from etprio.core.tables.table_location import (
    HEADER_SEARCH_ROWS,
    SheetChoice,
    choose_sheet,
    likeliest_delimiter,
    shape_for,
    split_header,
    split_totals,
    totals_label,
)

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""What a workbook's parts may add up to once unzipped. The XLSX reader holds a sheet's
XML in memory, so a small file that unzips to gigabytes (a ZIP bomb) is refused from the
sizes in its directory before anything is unpacked."""

FILE_COLUMN = "-"
"""The COLUMN of a problem about the whole file or the whole header."""

_DELIMITERS = (",", ";", "\t")
_SEPARATOR_HINT = re.compile(r"sep=([,;\t|])")
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")
_ZIP = b"PK\x03\x04"
_OLE = bytes.fromhex("d0cf11e0a1b11ae1")
_OTHER_FORMATS = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document"),
)
_SAVE_AS = "save the data as .xlsx or .csv"

type _Numbered = tuple[int, Sequence[Cell]]
"""A raw row and the spreadsheet row number the user sees for it."""


class Row(NamedTuple):
    """One non-blank data row: its spreadsheet row number and one cell per heading."""

    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A file's header and data rows, with the row numbers the user sees (CONTRACT §1.3).

    Every row has exactly one cell per heading; headings are trimmed text ("" where the
    heading cell is blank). ``problems`` are warnings about cells the table had to leave
    out.
    """

    file: str
    header: tuple[str, ...]
    header_row: int
    rows: tuple[Row, ...]
    problems: tuple[Problem, ...] = ()
    sheet: str | None = None
    first_column: int = 0

    def letter(self, index: int) -> str:
        """The sheet's column letter of heading ``index`` (the table may start right of A)."""
        return column_letter(self.first_column + index)

    def column(self, index: int) -> list[Cell]:
        return [row.cells[index] for row in self.rows]


def read_table(path: Path, *, sheet: str) -> Table:
    """Read ``path`` as CSV or XLSX, telling the two apart by content, not by extension.

    Users rename files; a workbook saved as ``bids.csv`` still reads. ``sheet`` names the
    preferred XLSX sheet (``bids`` or ``survey``), matched the forgiving way; without it
    the sheet whose headings match best, and in any sheet or CSV the heading row is found
    below any title rows (CONTRACT §1, :mod:`etprio.core.tables.table_location`).

    Raises:
        FileAccessError: the file cannot be read at all (exit 4).
        ImportFailed: with one Problem, when the file is not a table, is empty or is too
            big (exit 3).
    """
    file = str(path)
    data = _read_bytes(path)
    if not data.strip():
        raise _fail(file, "the file is empty")
    if data.startswith(_OLE):
        # Never handed to the workbook reader: a crafted compound file whose sector
        # chain loops made it spin forever, out of reach of any timeout.
        raise _fail(file, _unreadable_workbook(data))
    if data.startswith(_ZIP):
        numbered, first_column, choice = _workbook_rows(file, data, sheet)
    else:
        numbered, first_column, choice = _text_rows(file, data), 0, None
    return _table(file, numbered, first_column, sheet, choice)


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, capped by what is actually read (see :mod:`bounded_read`)."""
    try:
        return read_regular_file(path, MAX_FILE_BYTES)
    except FileTooLarge as exc:
        raise _fail(
            str(path),
            f"the file is {exc.size / 1024**2:,.0f} MB or more; files over "
            f"{MAX_FILE_BYTES // 1024**2} MB are not accepted",
        ) from None


def _fail(file: str, message: str, row: int = 1) -> ImportFailed:
    return ImportFailed((Problem(file, row, FILE_COLUMN, message),))


def _workbook_rows(
    file: str, data: bytes, wanted: str
) -> tuple[Iterator[_Numbered], int, SheetChoice]:
    """XLSX through python-calamine: Rust speed, and date cells arrive as dates."""
    _check_unpacked_size(file, data)
    _check_extent(file, data)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = workbook.sheet_names
        if not names:
            raise _fail(file, "the workbook has no sheets")
        choice = choose_sheet(names, _hidden_sheets(workbook), _sampler(workbook), wanted)
        chosen = choice.name
        sheet = workbook.get_sheet_by_name(chosen)
        if sheet.height > MAX_ROWS:
            raise _fail(file, f"sheet {chosen!r} has more than {MAX_ROWS:,} rows")
        if sheet.width > MAX_COLUMNS:
            raise _fail(file, f"sheet {chosen!r} has more than {MAX_COLUMNS:,} columns")
        cells = sheet.to_python(skip_empty_area=True)
    except CalamineError:
        raise _fail(file, _unreadable_workbook(data)) from None
    first_row, first_column = sheet.start or (0, 0)
    if not cells:
        raise _fail(file, f"sheet {chosen!r} is empty")
    numbered = zip(range(first_row + 1, first_row + 1 + len(cells)), cells, strict=True)
    return numbered, first_column, choice


def _hidden_sheets(workbook: CalamineWorkbook) -> Callable[[str], bool]:
    hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    return hidden.__contains__


def _sampler(workbook: CalamineWorkbook) -> Callable[[str], Sequence[Sequence[Cell]]]:
    """The first rows of a sheet, enough to recognise its headings."""

    def sample(name: str) -> Sequence[Sequence[Cell]]:
        return workbook.get_sheet_by_name(name).to_python(nrows=HEADER_SEARCH_ROWS)

    return sample


def _check_unpacked_size(file: str, data: bytes) -> None:
    """Refuse a workbook that would unzip to more than :data:`MAX_UNPACKED_BYTES`.

    A directory Python cannot read is refused here too, so no reader more lenient than
    ``zipfile`` ever unpacks a file whose sizes were not checked.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _fail(file, _unreadable_workbook(data)) from None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(
            file,
            f"the workbook unzips to {unpacked / 1024**2:,.0f} MB; workbooks over "
            f"{MAX_UNPACKED_BYTES // 1024**2} MB unzipped are not accepted (a normal bids "
            "file is well under 1 MB); save the data as .csv",
        )


def _check_extent(file: str, data: bytes) -> None:
    """Refuse a sheet whose cells span a rectangle the reader could not allocate."""
    try:
        extent = oversized_sheet(data)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise _fail(file, _unreadable_workbook(data)) from None
    if extent is not None:
        raise _fail(
            file,
            f"a sheet of this workbook is too big to read: {extent.describe()}; "
            f"sheets over {MAX_SHEET_CELLS:,} cells are not accepted — delete the stray "
            "cells far below or to the right of the table, or save the data as .csv",
        )


def _unreadable_workbook(data: bytes) -> str:
    """Say what the file is, so the user knows which file to send instead."""
    if data.startswith(_OLE):
        return (
            "cannot read this workbook: it is password-protected or an old-format .xls; "
            "save it as .xlsx without a password, or as .csv"
        )
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return f"cannot read this workbook: the file is damaged or incomplete; {_SAVE_AS}"
    if "[Content_Types].xml" in names:
        return f"cannot read this workbook: its contents are damaged; {_SAVE_AS}"
    return f"not a table: this is a ZIP archive, not an Excel workbook; {_SAVE_AS}"


def _text_rows(file: str, data: bytes) -> Iterator[_Numbered]:
    """CSV records numbered as Excel shows them: a quoted line break stays in one row."""
    for signature, kind in _OTHER_FORMATS:
        if data.startswith(signature):
            raise _fail(file, f"not a table: this is {kind}; {_SAVE_AS}")
    content = _decode(file, data)
    if not content.strip():
        raise _fail(file, "the file is empty")
    hint, content = _separator_hint(content)
    delimiter = hint or _sniff_delimiter(content)
    if delimiter is None:
        raise _fail(
            file,
            "not a table: no commas, semicolons or tabs separate the columns; " + _SAVE_AS,
        )
    _check_record_count(file, content, delimiter)
    records = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    return _guarded(file, records)


def _check_record_count(file: str, content: str, delimiter: str) -> None:
    """Refuse a CSV of more than :data:`MAX_ROWS` records before its rows are kept.

    Kept rows cost about a kilobyte each, so finding the limit only after keeping a
    million of them took gigabytes. Counting lines is exact enough to skip the check for
    every ordinary file; only a file with that many lines is counted record by record
    (quoted line breaks make records fewer than lines).
    """
    if content.count("\n") < MAX_ROWS:
        return
    try:
        for count, _ in enumerate(csv.reader(_lines(content), delimiter=delimiter), start=1):
            if count > MAX_ROWS:
                raise _fail(file, f"the file has more than {MAX_ROWS:,} rows")
    except csv.Error:
        return  # reading the rows reports it, at its row


def _lines(content: str) -> Iterator[str]:
    """``content`` line by line, each with its ``\n``, without the copy (four bytes a
    character) that ``io.StringIO`` makes of the whole text."""
    start = 0
    while (end := content.find("\n", start) + 1) > 0:
        yield content[start:end]
        start = end
    if start < len(content):
        yield content[start:]


def _guarded(file: str, records: Iterator[list[str]]) -> Iterator[_Numbered]:
    number = 0
    try:
        for number, cells in enumerate(records, start=1):
            yield number, cells
    except csv.Error as exc:
        raise _fail(file, f"not a readable CSV file ({exc})", row=number + 1) from None


def _decode(file: str, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with or without BOM, else Windows-1252
    (CONTRACT §1)."""
    utf16 = _utf16_without_bom(data)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif utf16 is not None:
        encodings = (utf16,)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL_CHARACTERS.search(content) is None:
            return content
    raise _fail(file, f"not a table: the file is not text (binary data); {_SAVE_AS}")


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 byte order of text some exporters write without a BOM, else None.

    Headings and most cells are ASCII, so in UTF-16 every other byte is NUL — a pattern
    no UTF-8 or cp1252 text has; without this such a file was called "binary data".
    """
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 4:
        return None
    low, high = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 4
    if high > half and low == 0:
        return "utf-16-le"
    if low > half and high == 0:
        return "utf-16-be"
    return None


def _separator_hint(content: str) -> tuple[str | None, str]:
    """Excel's ``sep=;`` first line names the delimiter; Excel hides it, so rows count
    from the line after it."""
    first, _, rest = content.partition("\n")
    match = _SEPARATOR_HINT.fullmatch(first.strip())
    return (match.group(1), rest) if match else (None, content)


def _sniff_delimiter(content: str) -> str | None:
    """The delimiter the first lines agree on, titles above the headings aside
    (:func:`~etprio.core.tables.table_location.likeliest_delimiter`)."""
    sample = [line for line in content[:65_536].splitlines() if line.strip()]
    return likeliest_delimiter(sample[: HEADER_SEARCH_ROWS + 5], _DELIMITERS)


def _table(
    file: str,
    numbered: Iterable[_Numbered],
    first_column: int,
    wanted: str,
    choice: SheetChoice | None,
) -> Table:
    first, rows_in = split_header(iter(numbered), shape_for(wanted))
    if first is None:
        raise _fail(file, "the file is empty")
    header_row, header_cells = first
    header = [text(cell) for cell in header_cells]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise _fail(file, f"the header has more than {MAX_COLUMNS:,} columns", header_row)
    rows, overflow = _data_rows(file, rows_in, len(header))
    rows, totals = split_totals(rows)
    sheet = choice.name if choice is not None else None
    if not rows:
        where = "the file" if sheet is None else f"sheet {sheet!r}"
        raise _fail(file, f"{where} has a header but no rows of data", header_row)
    problems = _ignored_cells(file, header, header_row, rows, overflow, first_column)
    if choice is not None and choice.warning is not None:
        problems = (
            Problem(file, header_row, FILE_COLUMN, choice.warning, Severity.WARNING),
            *problems,
        )
    if totals is not None:
        message = f"row {totals.number} is a totals row ({totals_label(totals)!r}); not imported"
        problems = (*problems, Problem(file, totals.number, FILE_COLUMN, message, Severity.WARNING))
    return Table(file, tuple(header), header_row, tuple(rows), problems, sheet, first_column)


def _blank_row(cells: Sequence[Cell]) -> bool:
    return all(is_blank(cell) for cell in cells)


def _data_rows(file: str, numbered: Iterator[_Numbered], width: int) -> tuple[list[Row], list[int]]:
    """Rows cut or padded to the header's width; ``overflow`` lists rows that lost cells."""
    rows: list[Row] = []
    overflow: list[int] = []
    padding: tuple[Cell, ...] = ("",) * width
    for number, cells in numbered:
        if number > MAX_ROWS:
            raise _fail(file, f"the file has more than {MAX_ROWS:,} rows")
        if _blank_row(cells):
            continue
        if len(cells) > width:
            if not _blank_row(cells[width:]):
                overflow.append(number)
            cells = cells[:width]
        rows.append(Row(number, (*cells, *padding[len(cells) :])))
    return rows, overflow


def _ignored_cells(
    file: str,
    header: Sequence[str],
    header_row: int,
    rows: Sequence[Row],
    overflow: Sequence[int],
    first_column: int,
) -> tuple[Problem, ...]:
    """Warn about values that sit under no heading: the user may think they were read."""
    problems = []
    for index, heading in enumerate(header):
        if not heading and any(not is_blank(row.cells[index]) for row in rows):
            letter = column_letter(first_column + index)
            problems.append(f"column {letter} has no heading; its values are ignored")
    if overflow:
        listed = ", ".join(map(str, overflow[:5])) + (", ..." if len(overflow) > 5 else "")
        problems.append(f"cells right of the last heading are ignored (rows {listed})")
    return tuple(
        Problem(file, header_row, FILE_COLUMN, message, Severity.WARNING) for message in problems
    )


def column_letter(index: int) -> str:
    """Excel's name for a 0-based column index, as a user would look for it.

    >>> column_letter(0), column_letter(25), column_letter(26), column_letter(702)
    ('A', 'Z', 'AA', 'AAA')
    """
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
