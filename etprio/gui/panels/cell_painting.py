"""Paints a table view's visible cells from one cell function, with the text laid out once.

Qt's own path costs tens of microseconds a cell: a Python delegate call, a style option
filled property by property, and the text shaped afresh by the style on every paint. A
slider tick changes what nearly every visible row of the ranking shows, so the whole
viewport repaints each time (DESIGN performance targets: a repainted table within one
60 Hz frame). Here each distinct text in a cell of a given size is elided, shaped, placed
and kept as :class:`QStaticText` lines the first time it is drawn; afterwards a cell is a
fill and a glyph run. The texts a ranking shows are few (titles, ids, one score per tenth
of a point), so the store stays small.

What is drawn matches what QTableView draws with the Fusion style for the ranking's cells
(plain text, no icons or check boxes): background, selection, elided or wrapped text,
the focus frame on the current cell and the grid.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QLine, QPointF, QRect, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QFontMetricsF,
    QPainter,
    QPalette,
    QStaticText,
    QTextLayout,
)
from PySide6.QtWidgets import QStyle, QStyleOptionFocusRect, QTableView

from etprio.gui.models.ranking import Cell

TEXT_MARGIN = 3
"""Fusion's text inset in an item view cell: its focus-frame margin plus one pixel."""
STORE_LIMIT = 20_000
"""Laid-out texts kept; past this (a long session of imports) the store starts again."""

_Line = tuple[QStaticText, float, float]
"""A laid-out line and where it starts, from the cell's top left corner."""
_RIGHT = int(Qt.AlignmentFlag.AlignRight)
_LINE_BREAK = "\u2028"
"""Qt's line separator: item views turn a newline in a cell's text into one."""


class CellPainter:
    """Draws ``view``'s visible cells: ``source_row`` maps a view row to the row that
    ``cell(row, column)`` describes."""

    def __init__(
        self,
        view: QTableView,
        source_row: Callable[[int], int],
        cell: Callable[[int, int], Cell],
    ) -> None:
        self._view = view
        self._source_row = source_row
        self._cell = cell
        self._texts: dict[tuple[str, int, int, int], tuple[_Line, ...]] = {}
        self._laid_out_for = ""

    def paint(self, area: QRect) -> None:
        """Paint the cells that meet ``area`` (viewport coordinates)."""
        view = self._view
        first = view.rowAt(area.top())
        last = view.rowAt(area.bottom())
        last = view.model().rowCount() - 1 if last < 0 else last
        columns = self._columns(area)
        rows = range(first, last + 1) if first >= 0 else range(0)
        if rows:
            painter = QPainter(view.viewport())
            self._paint_rows(painter, rows, columns)
            self._paint_focus(painter, columns)
            painter.end()
        self._paint_grid(columns, area, rows)

    def _paint_rows(
        self, painter: QPainter, rows: range, columns: list[tuple[int, int, int]]
    ) -> None:
        view = self._view
        font = view.font()
        laid_out_for = f"{font.key()} wrap={view.wordWrap()}"
        if laid_out_for != self._laid_out_for or len(self._texts) > STORE_LIMIT:
            self._texts.clear()
            self._laid_out_for = laid_out_for
        text = _Text(font, view.wordWrap(), view.verticalHeader().defaultSectionSize())
        palette = view.palette()
        group = (
            QPalette.ColorGroup.Active if view.isActiveWindow() else QPalette.ColorGroup.Inactive
        )
        highlight = palette.brush(group, QPalette.ColorRole.Highlight)
        highlighted_text = palette.color(group, QPalette.ColorRole.HighlightedText)
        text_colour = palette.color(group, QPalette.ColorRole.Text)
        alternate = palette.brush(group, QPalette.ColorRole.AlternateBase)
        alternating = view.alternatingRowColors()
        chosen = {index.row() for index in view.selectionModel().selectedIndexes()}
        texts = self._texts
        for row in rows:
            top, height = view.rowViewportPosition(row), view.rowHeight(row) - 1
            selected = row in chosen
            source = self._source_row(row)
            for column, left, width in columns:
                shown, alignment, foreground, background = self._cell(source, column)
                fill = highlight if selected else background
                if fill is None and alternating and row % 2:
                    fill = alternate
                if fill is not None:
                    painter.fillRect(left, top, width, height, fill)
                if not shown:
                    continue
                if selected:
                    painter.setPen(highlighted_text)
                else:
                    painter.setPen(text_colour if foreground is None else foreground.color())
                # An alignment is an int flag; testing it as an int skips Python enum code.
                key = (shown, width, height, int(alignment) & _RIGHT)
                laid = texts.get(key)
                if laid is None:
                    laid = texts[key] = text.lay_out(shown, width, height, bool(key[3]))
                for static, x, y in laid:
                    painter.drawStaticText(QPointF(left + x, top + y), static)

    def _columns(self, area: QRect) -> list[tuple[int, int, int]]:
        """(column, left, width of its cell inside the grid) of the columns meeting
        ``area``, in the order the header shows them."""
        header = self._view.horizontalHeader()
        grid = 1 if self._view.showGrid() else 0
        shown = []
        for visual in range(header.count()):
            column = header.logicalIndex(visual)
            if header.isSectionHidden(column):
                continue
            left, width = header.sectionViewportPosition(column), header.sectionSize(column)
            if left + width > area.left() and left <= area.right():
                shown.append((column, left, width - grid))
        return shown

    def _paint_focus(self, painter: QPainter, columns: list[tuple[int, int, int]]) -> None:
        """The keyboard focus frame on the current cell, as the style draws it."""
        view = self._view
        current = view.currentIndex()
        if not view.hasFocus() or not current.isValid():
            return
        for column, left, width in columns:
            if column == current.column():
                option = QStyleOptionFocusRect()
                option.initFrom(view.viewport())
                top = view.rowViewportPosition(current.row())
                option.rect = QRect(left, top, width, view.rowHeight(current.row()) - 1)
                option.state |= QStyle.StateFlag.State_KeyboardFocusChange
                option.state |= QStyle.StateFlag.State_Item
                option.backgroundColor = view.palette().color(QPalette.ColorRole.Highlight)
                view.style().drawPrimitive(
                    QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, view
                )

    def _paint_grid(self, columns: list[tuple[int, int, int]], area: QRect, rows: range) -> None:
        """Grid lines at each cell's right and bottom edge, in the style's grid colour."""
        view = self._view
        if not view.showGrid():
            return
        painter = QPainter(view.viewport())
        colour = view.style().styleHint(QStyle.StyleHint.SH_Table_GridLineColor, None, view)
        painter.setPen(QColor.fromRgba(colour & 0xFFFFFFFF))
        lines = [
            QLine(left + width, area.top(), left + width, area.bottom())
            for _, left, width in columns
        ]
        for row in rows:
            y = view.rowViewportPosition(row) + view.rowHeight(row) - 1
            lines.append(QLine(area.left(), y, area.right(), y))
        painter.drawLines(lines)
        painter.end()


class _Text:
    """How cell text is laid out in one paint: the view's font, as many lines as a row
    holds, and whether text wraps onto them (meeting mode) or stays on one line."""

    def __init__(self, font: QFont, wrap: bool, row_height: int) -> None:
        self.font = font
        self.metrics = QFontMetrics(font)
        self.exact = QFontMetricsF(font)
        self.lines = max(1, (row_height - 1) // self.metrics.height())
        self.wrap = wrap

    def lay_out(self, text: str, width: int, height: int, right: bool) -> tuple[_Line, ...]:
        """``text`` in a cell ``width`` by ``height``: at most :attr:`lines` lines, broken
        and elided as Qt's item views do (the last line shown ends in an ellipsis when more
        follow), centred in the height and stacked without leading, each line placed."""
        room = width - 2 * TEXT_MARGIN
        # Wrapping, a line break starts a new line; on one line Qt runs the lines together.
        text = text.replace("\n", _LINE_BREAK if self.wrap else "")
        parts = [text]
        if self.wrap and (_LINE_BREAK in text or self.metrics.horizontalAdvance(text) > room):
            layout = QTextLayout(text, self.font)
            layout.beginLayout()
            parts = []
            while (line := layout.createLine()).isValid():
                line.setLineWidth(room)
                start, length = line.textStart(), line.textLength()
                parts.append(text[start : start + length].removesuffix(_LINE_BREAK))
            layout.endLayout()
            if len(parts) > self.lines:
                parts = [*parts[: self.lines - 1], parts[self.lines - 1] + "…"]
        spacing = self.exact.height()
        y: float = (height - math.ceil(len(parts) * spacing)) // 2
        laid = []
        for part in parts:
            shown = self.metrics.elidedText(part, Qt.TextElideMode.ElideRight, room)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            advance = self.exact.horizontalAdvance(shown)
            x = width - TEXT_MARGIN - advance if right else TEXT_MARGIN
            laid.append((static, x, y))
            y += spacing
        return tuple(laid)
