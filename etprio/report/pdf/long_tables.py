"""Tables of thousands of rows, laid out and drawn in linear time.

reportlab's ``Table`` measures every cell, resolves every style command for every cell, and
at each page break builds a new table from the rows left; a regional ranking and funding
list of 20,000 bids spent most of the report's time there. A long table here holds rows of
plain text already wrapped to their columns (:func:`~etprio.report.pdf.styles.cell`), so a
row's height follows from its line count, a page break is a bisection in the running
heights, and each page's part is drawn as one stream of operators
(:class:`~etprio.report.pdf.plain_text.PageText`).

It looks like the house table (:func:`~etprio.report.pdf.styles.grid_style`): the NHS Blue
header row repeated on every page, thin grey rules under each row, text set from the top of
each cell, money right-aligned; a row may be tinted (a funded bid), a cell may carry a
second line in another look (why a bid is ineligible), and a full-width band separates
groups of rows (the funding line, the ineligible bids).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from etprio.report.pdf.plain_text import PageText, text_width, wrap_lines
from etprio.report.pdf.styles import FONT, FONT_BOLD, NHS_BLUE, PALE_GREY, RULE_GREY, TEXT

_PAD_X, _PAD_Y = 4.0, 3.0


@dataclass(frozen=True)
class Look:
    """How a piece of cell text is set."""

    font: str = FONT
    size: float = 8.5
    leading: float = 10.5
    colour: Color = TEXT


BODY = Look()
HEADER = Look(FONT_BOLD, 8, 10, colors.white)
BAND = Look(FONT_BOLD, 8.5, 10.5, NHS_BLUE)

Cell = str | tuple[tuple[str, Look], ...]
"""Plain text (lines separated by newlines) in :data:`BODY`, or pieces of text each in its
own look, set one below the other."""


@dataclass(frozen=True, slots=True)
class Row:
    cells: Sequence[Cell]
    tint: Color | None = None


@dataclass(frozen=True, slots=True)
class Band:
    """A full-width row between groups of rows; its words are searchable text."""

    label: str
    ruled: bool = False
    """Blue rules above and below it: the funding line."""


def _pieces(value: Cell) -> tuple[tuple[list[str], Look], ...]:
    if isinstance(value, str):
        return ((value.split("\n"), BODY),)
    return tuple((words.split("\n"), look) for words, look in value)


def _cell_height(value: Cell) -> float:
    if isinstance(value, str):
        return (value.count("\n") + 1) * BODY.leading
    return sum((words.count("\n") + 1) * look.leading for words, look in value)


@dataclass(frozen=True)
class _Body:
    """What every page's part of one table shares."""

    header: Sequence[str]
    header_height: float
    rows: tuple[Row | Band, ...]
    tops: tuple[float, ...]
    """Running height above each row; one more entry than rows, the last the total."""
    edges: tuple[float, ...]
    right: frozenset[int]
    zebra: bool


class TextTable(Flowable):
    """``rows`` under ``header`` (repeated on every page) in columns of ``widths``;
    columns in ``right`` are right-aligned, ``zebra`` shades every other row."""

    def __init__(
        self,
        header: Sequence[str],
        rows: Sequence[Row | Band],
        widths: Sequence[float],
        *,
        right: Collection[int] = (),
        zebra: bool = False,
    ) -> None:
        super().__init__()
        total = sum(widths)
        laid: list[Row | Band] = []
        heights: list[float] = []
        for row in rows:
            if isinstance(row, Band):
                lines = wrap_lines(row.label, total - 2 * _PAD_X, BAND.font, BAND.size)
                laid.append(Band("\n".join(lines), row.ruled))
                heights.append(len(lines) * BAND.leading + 2 * _PAD_Y)
            else:
                laid.append(row)
                heights.append(max(map(_cell_height, row.cells)) + 2 * _PAD_Y)
        header_height = max(label.count("\n") + 1 for label in header) * HEADER.leading + 2 * _PAD_Y
        self._body = _Body(
            header=header,
            header_height=header_height,
            rows=tuple(laid),
            tops=tuple(accumulate(heights, initial=0.0)),
            edges=tuple(accumulate(widths, initial=0.0)),
            right=frozenset(right),
            zebra=zebra,
        )
        self._start, self._stop = 0, len(laid)

    def _part(self, start: int, stop: int) -> TextTable:
        part = TextTable.__new__(TextTable)
        Flowable.__init__(part)
        part._body, part._start, part._stop = self._body, start, stop
        return part

    @property
    def row_count(self) -> int:
        return self._stop - self._start

    def _rows_height(self, start: int, stop: int) -> float:
        return self._body.tops[stop] - self._body.tops[start]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = self._body.edges[-1]
        self.height = self._body.header_height + self._rows_height(self._start, self._stop)
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        """The rows that fit under the header on this page, and the rest; nothing when
        not even one row fits, so the table starts on the next page."""
        tops = self._body.tops
        room = available_height - self._body.header_height + tops[self._start]
        stop = min(bisect_right(tops, room + 1e-6) - 1, self._stop)
        if stop <= self._start:
            return []
        if stop >= self._stop:
            return [self]
        return [self._part(self._start, stop), self._part(stop, self._stop)]

    def draw(self) -> None:
        body = self._body
        page = PageText(self.canv._doc)
        width = body.edges[-1]
        top = self.height
        page.rect(0, top - body.header_height, width, body.header_height, NHS_BLUE)
        base = body.tops[self._start]
        for index in range(self._start, self._stop):
            row = body.rows[index]
            tint = PALE_GREY if isinstance(row, Band) else row.tint
            if tint is None and body.zebra and (index - self._start) % 2:
                tint = PALE_GREY
            if tint is not None:
                y = top - body.header_height - (body.tops[index + 1] - base)
                page.rect(0, y, width, body.tops[index + 1] - body.tops[index], tint)
        self._draw_cells(page, [((label.split("\n"), HEADER),) for label in body.header], top)
        y = top - body.header_height
        for index in range(self._start, self._stop):
            row = body.rows[index]
            if isinstance(row, Band):
                self._draw_piece(page, row.label.split("\n"), BAND, _PAD_X, y - _PAD_Y, None)
            else:
                self._draw_cells(page, [_pieces(c) for c in row.cells], y)
            y -= body.tops[index + 1] - body.tops[index]
        y = top - body.header_height
        for index in range(self._start, self._stop):
            row = body.rows[index]
            bottom = y - (body.tops[index + 1] - body.tops[index])
            if isinstance(row, Band) and row.ruled:
                page.rule(0, width, y, 1.5, NHS_BLUE)
                page.rule(0, width, bottom, 1.5, NHS_BLUE)
            else:
                page.rule(0, width, bottom, 0.25, RULE_GREY)
            y = bottom
        self.canv.addLiteral(page.operators())

    def _draw_cells(self, page: PageText, cells: Sequence, top: float) -> None:
        edges = self._body.edges
        for column, pieces in enumerate(cells):
            right = edges[column + 1] - _PAD_X if column in self._body.right else None
            y = top - _PAD_Y
            for lines, look in pieces:
                self._draw_piece(page, lines, look, edges[column] + _PAD_X, y, right)
                y -= len(lines) * look.leading

    @staticmethod
    def _draw_piece(
        page: PageText, lines: list[str], look: Look, x: float, top: float, right: float | None
    ) -> None:
        page.fill(look.colour)
        baseline = top - look.size
        for line in lines:
            at = x if right is None else right - text_width(line, look.font, look.size)
            page.show(at, baseline, line, look.font, look.size)
            baseline -= look.leading
