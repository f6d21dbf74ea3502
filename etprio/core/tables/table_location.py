"""Finding the table in a file as practices send it (CONTRACT §1): which sheet of a
workbook holds the bids (or the survey), and which row holds its headings.

Workbooks arrive with a cover sheet first, the bids on a sheet called "ETTF Bids 2017",
a title such as "Example Vale CCG – ETTF bid submissions" merged across the top and the
headings on row 3. Reading the first sheet's first row gave ten "missing column" errors
about a title. Here a sheet is chosen by how well its headings match the table's
columns, and the heading row is the first of the first :data:`HEADER_SEARCH_ROWS` rows
that holds the table's required headings; rows above it are titles.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import chain
from typing import TYPE_CHECKING

from etprio.core.matching import normalise
from etprio.core.tables.cells import Cell, is_blank, text

if TYPE_CHECKING:
    from etprio.core.tables.tabular import Row

HEADER_SEARCH_ROWS = 20
MIN_MATCHED_HEADINGS = 2
"""A row with fewer known headings than this is not taken for a heading row on that
ground alone: one cell reading "Notes" above the table is a title, not the table."""

type Numbered = tuple[int, Sequence[Cell]]


@dataclass(frozen=True)
class TableShape:
    """The headings a table is recognised by: every spelling of every column (as
    :func:`~etprio.core.tables.import_columns.heading_key` folds it) and the required columns."""

    noun: str
    headings: Mapping[str, str]
    required: tuple[str, ...]

    def match(self, cells: Iterable[Cell]) -> tuple[int, int]:
        """(required columns present, known columns present) in one row of cells."""
        from etprio.core.tables.import_columns import column_named

        names = {column_named(self.headings, text(cell)) for cell in cells if not is_blank(cell)}
        names.discard(None)
        return sum(name in names for name in self.required), len(names)

    def complete(self, score: tuple[int, int]) -> bool:
        return score[0] == len(self.required)


@cache
def shape_for(sheet: str) -> TableShape | None:
    """The shape of the table a preferred sheet name stands for (``bids``, ``survey``,
    ``scores``), or None for a name the importer does not know."""
    from etprio.core.model import ASSESSOR_COLUMNS
    from etprio.core.tables.import_columns import BID_COLUMNS, SURVEY_HEADINGS, heading_key

    if sheet == "bids":
        columns = [(c.name, c.aliases, c.required) for c in BID_COLUMNS]
    elif sheet == "survey":
        columns = list(SURVEY_HEADINGS)
    elif sheet == "scores":
        wanted = {"bid_id", *ASSESSOR_COLUMNS}
        columns = [(c.name, c.aliases, c.name == "bid_id") for c in BID_COLUMNS if c.name in wanted]
    else:
        return None
    headings = {
        heading_key(spelling): name for name, aliases, _ in columns for spelling in (name, *aliases)
    }
    required = tuple(name for name, _, required in columns if required)
    return TableShape(sheet, headings, required)


def header_position(rows: Sequence[Sequence[Cell]], shape: TableShape | None) -> int | None:
    """Index in ``rows`` of the heading row, or None when every row is blank.

    The first row holding every required heading wins; failing that, the row holding
    most of them (so a heading row short of one column is still the one whose missing
    column is reported); failing that, the first row that is not blank.
    """
    first = next((i for i, cells in enumerate(rows) if not _blank(cells)), None)
    if shape is None or first is None:
        return first
    best, best_score = first, (0, MIN_MATCHED_HEADINGS - 1)
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        score = shape.match(cells)
        if shape.complete(score):
            return index
        if score > best_score:
            best, best_score = index, score
    return best


def split_header(
    numbered: Iterator[Numbered], shape: TableShape | None
) -> tuple[Numbered | None, Iterator[Numbered]]:
    """The heading row and the rows after it; title rows above the headings are dropped.

    Only the first :data:`HEADER_SEARCH_ROWS` rows are held back, so a long CSV is still
    read as a stream.
    """
    head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), numbered, strict=False)]
    position = header_position([cells for _, cells in head], shape)
    if position is None:
        return None, numbered
    return head[position], chain(head[position + 1 :], numbered)


def likeliest_delimiter(lines: Sequence[str], delimiters: Sequence[str]) -> str | None:
    """The delimiter that splits most of ``lines`` into the same number of columns (more
    columns on a tie, then the earlier delimiter); None when none splits any line.

    A title line above the headings has one cell and does not vote, and one free-text
    cell full of commas in a semicolon file is outvoted by the lines that agree. Parsing
    with the csv module respects quotes, so ``"Cost (£, incl VAT)"`` does not vote for
    comma.
    """
    best, best_score = None, (0, 1)
    for delimiter in delimiters:
        widths: Counter[int] = Counter()
        try:
            for row in csv.reader(lines, delimiter=delimiter):
                widths[len(row)] += 1
        except csv.Error:
            pass  # reading the rows reports it, at its row
        agreed = [(count, width) for width, count in widths.items() if width > 1]
        score = max(agreed, default=(0, 1))
        if score > best_score:
            best, best_score = delimiter, score
    return best


_TOTALS = frozenset({"total", "totals", "grand_total", "sub_total", "subtotal", "sum"})


def totals_label(row: Row) -> str:
    """The first text in a row: where a totals row says what it is."""
    return next((text(cell) for cell in row.cells if not is_blank(cell)), "")


def split_totals(rows: Sequence[Row]) -> tuple[list[Row], Row | None]:
    """The rows without a totals row at the bottom, and that row.

    Spreadsheets kept by hand end with a ``Total`` row summing the money columns; read as
    a bid it would give an error in every required column. Only the last row is taken
    for one, and only when its first text is a word such as Total or Grand total.
    """
    if rows and normalise(totals_label(rows[-1])) in _TOTALS:
        return list(rows[:-1]), rows[-1]
    return list(rows), None


@dataclass(frozen=True)
class SheetChoice:
    """The sheet read, and a warning when another sheet matched as well."""

    name: str
    warning: str | None = None


def choose_sheet(
    names: Sequence[str],
    hidden: Callable[[str], bool],
    sample: Callable[[str], Sequence[Sequence[Cell]]],
    wanted: str,
) -> SheetChoice:
    """The sheet a table is read from (CONTRACT §1).

    A sheet named ``wanted`` (forgivingly) wins outright. Otherwise every sheet's first
    rows are sampled and the best match wins: all required headings first, then most
    known headings, then a visible sheet over a hidden one, then workbook order. Two
    sheets that both hold every required heading are ambiguous: the user is warned,
    naming both, because the one not read may be the one they meant.
    """
    named = next((name for name in names if normalise(name) == wanted), None)
    shape = shape_for(wanted)
    if named is not None or shape is None:
        return SheetChoice(named or names[0])
    ranked = []
    for order, name in enumerate(names):
        rows = sample(name)[:HEADER_SEARCH_ROWS]
        score = max((shape.match(cells) for cells in rows), default=(0, 0))
        ranked.append((shape.complete(score), score, not hidden(name), -order, name))
    ranked.sort(reverse=True)
    best = ranked[0]
    if best[1][1] == 0:
        visible = [name for name in names if not hidden(name)]
        return SheetChoice((visible or names)[0])
    rivals = [entry[-1] for entry in ranked[1:] if best[0] and entry[0]]
    if not rivals:
        return SheetChoice(best[-1])
    others = " and ".join(repr(name) for name in rivals)
    return SheetChoice(
        best[-1],
        f"sheets {best[-1]!r} and {others} both hold {shape.noun} headings; "
        f"{best[-1]!r} was read. Rename the sheet you mean to '{wanted}', or delete the other",
    )


@dataclass(frozen=True)
class TableSource:
    """Where a table was found, as the preview and ``validate`` report it."""

    file: str
    noun: str
    sheet: str | None
    header_row: int

    def __str__(self) -> str:
        place = f"sheet {self.sheet!r}" if self.sheet is not None else "the file"
        return f"{self.noun} read from {place}, headings on row {self.header_row}"


def _blank(cells: Sequence[Cell]) -> bool:
    return all(is_blank(cell) for cell in cells)
