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
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from etprio.report.pdf.plain_text import PageText, text_width, wrap_lines
from etprio.report.pdf.styles import FONT, FONT_BOLD, NHS_BLUE, PALE_GREY, RULE_GREY, TEXT


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


@dataclass(frozen=True)
class Bar:
    """A share from 0 to 1 drawn as a bar ``width`` long, in the middle of its row."""

    share: float
    width: float
    height: float


Cell = str | Bar | tuple[tuple[str, Look], ...]
"""Plain text (lines separated by newlines) in its column's look, a bar, or pieces of text
each in its own look, set one below the other."""


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


@dataclass(frozen=True)
class Padding:
    left: float = 4.0
    right: float = 4.0
    vertical: float = 3.0


_Pieces = tuple[tuple[list[str], Look], ...]


def _pieces(value: str | tuple[tuple[str, Look], ...], look: Look) -> _Pieces:
    if isinstance(value, str):
        return ((value.split("\n"), look),)
    return tuple((words.split("\n"), own) for words, own in value)


def _cell_height(value: Cell, look: Look) -> float:
    if isinstance(value, str):
        return (value.count("\n") + 1) * look.leading
    if isinstance(value, Bar):
        return value.height
    return sum((words.count("\n") + 1) * own.leading for words, own in value)


@dataclass(frozen=True)
class _Body:
    """What every page's part of one table shares."""

    header: Sequence[str] | None
    header_height: float
    rows: tuple[Row | Band, ...]
    tops: tuple[float, ...]
    """Running height above each row; one more entry than rows, the last the total."""
    edges: tuple[float, ...]
    right: frozenset[int]
    looks: tuple[Look, ...]
    zebra: bool
    padding: Padding


class TextTable(Flowable):
    """``rows`` under ``header`` (repeated on every page; None for none) in columns of
    ``widths``. Columns in ``right`` are right-aligned, ``looks`` sets a column's text
    apart, ``zebra`` shades every other row."""

    def __init__(
        self,
        header: Sequence[str] | None,
        rows: Sequence[Row | Band],
        widths: Sequence[float],
        *,
        right: Collection[int] = (),
        looks: Mapping[int, Look] | None = None,
        zebra: bool = False,
        padding: Padding = Padding(),
    ) -> None:
        super().__init__()
        total = sum(widths)
        column_looks = tuple((looks or {}).get(c, BODY) for c in range(len(widths)))
        laid: list[Row | Band] = []
        heights: list[float] = []
        pad = 2 * padding.vertical
        for row in rows:
            if isinstance(row, Band):
                width = total - padding.left - padding.right
                lines = wrap_lines(row.label, width, BAND.font, BAND.size)
                laid.append(Band("\n".join(lines), row.ruled))
                heights.append(len(lines) * BAND.leading + pad)
            else:
                laid.append(row)
                heights.append(max(map(_cell_height, row.cells, column_looks)) + pad)
        header_height = 0.0
        if header is not None:
            header_height = max(label.count("\n") + 1 for label in header) * HEADER.leading + pad
        self._body = _Body(
            header=header,
            header_height=header_height,
            rows=tuple(laid),
            tops=tuple(accumulate(heights, initial=0.0)),
            edges=tuple(accumulate(widths, initial=0.0)),
            right=frozenset(right),
            looks=column_looks,
            zebra=zebra,
            padding=padding,
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

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        body = self._body
        self.width = body.edges[-1]
        self.height = body.header_height + body.tops[self._stop] - body.tops[self._start]
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
        width, top = body.edges[-1], self.height
        below_header = top - body.header_height
        tops = body.tops
        base = tops[self._start]
        if body.header is not None:
            page.rect(0, below_header, width, body.header_height, NHS_BLUE)
        for index in range(self._start, self._stop):
            row = body.rows[index]
            tint = PALE_GREY if isinstance(row, Band) else row.tint
            if tint is None and body.zebra and (index - self._start) % 2:
                tint = PALE_GREY
            if tint is not None:
                y = below_header - (tops[index + 1] - base)
                page.rect(0, y, width, tops[index + 1] - tops[index], tint)
        if body.header is not None:
            header = [((label, HEADER),) for label in body.header]
            self._draw_cells(page, header, top, body.header_height)
        for index in range(self._start, self._stop):
            row = body.rows[index]
            y, height = below_header - (tops[index] - base), tops[index + 1] - tops[index]
            if isinstance(row, Band):
                lines = row.label.split("\n")
                x = body.padding.left
                self._draw_piece(page, lines, BAND, x, y - body.padding.vertical, None)
            else:
                self._draw_cells(page, row.cells, y, height)
        for index in range(self._start, self._stop):
            row = body.rows[index]
            y, bottom = below_header - (tops[index] - base), below_header - (tops[index + 1] - base)
            if isinstance(row, Band) and row.ruled:
                page.rule(0, width, y, 1.5, NHS_BLUE)
                page.rule(0, width, bottom, 1.5, NHS_BLUE)
            else:
                page.rule(0, width, bottom, 0.25, RULE_GREY)
        self.canv.addLiteral(page.operators())

    def _draw_cells(self, page: PageText, cells: Sequence[Cell], top: float, height: float) -> None:
        body = self._body
        edges, padding = body.edges, body.padding
        for column, value in enumerate(cells):
            left = edges[column] + padding.left
            if isinstance(value, Bar):
                y = top - height / 2 - value.height / 2
                page.rect(left, y, value.width, value.height, PALE_GREY)
                if value.share > 0:
                    page.rect(left, y, value.width * value.share, value.height, NHS_BLUE)
                continue
            right = edges[column + 1] - padding.right if column in body.right else None
            y = top - padding.vertical
            if isinstance(value, str):
                self._draw_piece(page, value.split("\n"), body.looks[column], left, y, right)
                continue
            for lines, look in _pieces(value, body.looks[column]):
                self._draw_piece(page, lines, look, left, y, right)
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
