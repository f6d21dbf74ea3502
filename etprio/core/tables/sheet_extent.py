"""How far a workbook's sheets really reach, read from the sheet XML before the XLSX reader
sees the file.

The reader (python-calamine) allocates one slot for every cell of the rectangle spanned by
a sheet's cells, blank or not: a 2 KB workbook whose single stray value sits at
``ALL999999`` asked it for 32 GB and aborted the whole process, losing the user's unsaved
work. The ``<dimension>`` element is only a hint that the reader ignores, so this module
streams each sheet part through the ZIP decompressor and looks at the cells themselves,
in bounded memory, and refuses a sheet whose rectangle is too big before anything is
allocated for it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

MAX_SHEET_CELLS = 5_000_000
"""Cells in a sheet's rectangle (rows × columns, blank or not) the reader may allocate:
about 160 MB inside it. A 10,000-bid sheet of 40 columns is 400,000 cells."""

_CHUNK = 1 << 20
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_TAG = re.compile(_PREFIX + rb"(row|c)\b([^>]*)>")
_VALUED_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>/]*>')
_REFERENCE = re.compile(rb"""\br\s*=\s*["']\s*([A-Za-z]*)(\d*)\s*["']""")


@dataclass(frozen=True)
class Extent:
    """The rectangle a sheet's valued cells span, 1-based and inclusive."""

    part: str
    first_row: int
    last_row: int
    first_column: int
    last_column: int

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1

    @property
    def cells(self) -> int:
        return self.rows * self.columns

    def describe(self) -> str:
        corner = f"{_letters(self.last_column)}{self.last_row}"
        return (
            f"its cells reach {corner} ({self.rows:,} rows × {self.columns:,} columns, "
            f"{self.cells:,} cells)"
        )


def oversized_sheet(data: bytes, *, max_cells: int = MAX_SHEET_CELLS) -> Extent | None:
    """The first sheet part whose cells span more than ``max_cells``, else None.

    Every XML part of the package is scanned, not only the sheets the workbook lists: a
    crafted package can point its relationships anywhere. ``data`` must already have
    passed the unzipped-size check, so the scan reads a bounded number of bytes.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for member in package.infolist():
            if member.is_dir() or not member.filename.lower().endswith(".xml"):
                continue
            extent = _referenced_extent(member.filename, _chunks(package, member))
            if extent is None:
                extent = _extent(member.filename, _chunks(package, member))
            if extent is not None and extent.cells > max_cells:
                return extent
    return None


def _chunks(package: zipfile.ZipFile, member: zipfile.ZipInfo) -> Iterator[bytes]:
    with package.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            yield chunk


def _referenced_extent(part: str, chunks: Iterator[bytes]) -> Extent | None:
    """The fast path for what every spreadsheet program writes, each cell with its
    reference (``r="B7"``): the distinct column letters and row numbers are collected at
    C speed, so a 10,000-row sheet takes milliseconds. None when some cell has no
    reference, or no cell holds a value; :func:`_extent` then places cells one by one."""
    columns: set[bytes] = set()
    rows: set[bytes] = set()
    pending = b""
    for chunk in chunks:
        text = pending + chunk
        cut = _whole_tags_end(text)
        body, pending = text[:cut], text[cut:]
        if not _all_referenced(body):
            return None
        for letters, number in _VALUED_CELL.findall(body):
            columns.add(letters)
            rows.add(number)
        if len(pending) > _CHUNK:
            return None
    if pending.strip() or not rows:
        return None
    numbers = [int(row) for row in rows]
    places = [_column_number(letters) for letters in columns]
    return Extent(part, max(min(numbers), 1), max(numbers), min(places), max(places))


def _all_referenced(body: bytes) -> bool:
    """Whether every cell tag is an unprefixed ``<c r="…"`` (counted, not parsed: a
    stray ``:c`` in a text cell only sends the sheet down the slow path)."""
    cells = sum(body.count(b"<c" + end) for end in (b" ", b">", b"/"))
    prefixed = any(b":c" + end in body for end in (b" ", b">", b"/"))
    return not prefixed and cells == body.count(b'<c r="')


def _extent(part: str, chunks: Iterator[bytes]) -> Extent | None:
    """Cells without a reference follow the one before them, and rows without a number
    the row before, as Excel and the reader both place them. Self-closing cells hold no
    value (formatting only) and the reader skips them, so they do not count."""
    row = column = 0
    top = left = 1 << 62
    bottom = right = 0
    for name, attributes in _tags(chunks):
        reference = _REFERENCE.search(attributes)
        if name == b"row":
            row = int(reference.group(2)) if reference and reference.group(2) else row + 1
            column = 0
            continue
        if reference and reference.group(1):
            column = _column_number(reference.group(1))
            if reference.group(2):
                row = int(reference.group(2))
        else:
            column += 1
        if attributes.rstrip().endswith(b"/"):
            continue
        top, bottom = min(top, row), max(bottom, row)
        left, right = min(left, column), max(right, column)
    if not bottom:
        return None
    return Extent(part, max(top, 1), bottom, max(left, 1), right)


def _tags(chunks: Iterator[bytes]) -> Iterator[tuple[bytes, bytes]]:
    """``row`` and ``c`` start tags with their attributes; a tag cut by a chunk boundary
    is carried into the next chunk."""
    pending = b""
    for chunk in chunks:
        text = pending + chunk
        cut = _whole_tags_end(text)
        for match in _TAG.finditer(text, 0, cut):
            yield match.group(1), match.group(2)
        pending = text[cut:]
        if len(pending) > _CHUNK:
            pending = b""  # no real start tag is a megabyte long
    for match in _TAG.finditer(pending):
        yield match.group(1), match.group(2)


def _whole_tags_end(text: bytes) -> int:
    """Where the last whole tag of ``text`` ends: before a final ``<`` still waiting for
    its ``>``, which the next chunk completes."""
    cut = text.rfind(b"<")
    return len(text) if cut == -1 or text.find(b">", cut) != -1 else cut


def _column_number(letters: bytes) -> int:
    """``A`` → 1, ``ALL`` → 1000; capped so a 1,000-letter reference costs nothing."""
    number = 0
    for letter in letters[:8].upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
