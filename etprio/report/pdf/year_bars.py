"""Bars by financial year on a money axis.

The recurrent liability chart, the capital-by-year chart and the regional paper's chart show
the same thing in the same frame (years along, pounds up, a pale grid every round amount), so
one module draws the frame and the grouped bars and the three look alike.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from etprio.core.wording import format_gbp_short
from etprio.report.pdf.document import CONTENT_WIDTH
from etprio.report.pdf.styles import FONT, PALE_GREY, RULE_GREY, SECONDARY_TEXT, TEXT

AXIS_WIDTH = 16 * mm
_BOTTOM = 9 * mm
_HEADROOM = 1.08  # the tallest bar stops short of the top of the frame


def nice_step(top: float) -> float:
    """A round tick step (1, 2, 2.5 or 5 × 10ⁿ) giving at most six gridlines.

    >>> nice_step(590_500), nice_step(26_100_000)
    (200000, 10000000)
    """
    if top <= 0:
        return 1.0
    raw = top / 5
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class YearAxes:
    """A drawing with its money grid drawn, and where each year's slot sits on it."""

    drawing: Drawing
    bottom: float
    left: float
    slot: float
    scale: float

    def centre(self, n: int) -> float:
        return self.left + self.slot * (n + 0.5)

    def height(self, amount: float) -> float:
        return self.bottom + amount * self.scale

    def year(
        self, n: int, label: str, width: float, bars: Sequence[tuple[float, float, colors.Color]]
    ) -> None:
        """Year ``n``'s label under its slot and its bars, each ``(offset from the slot's
        centre, amount, colour)``."""
        self.drawing.add(
            String(
                self.centre(n),
                self.bottom - 4 * mm,
                label,
                fontName=FONT,
                fontSize=7,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
        for offset, amount, colour in bars:
            if amount > 0:
                self.drawing.add(
                    Rect(
                        self.centre(n) + offset,
                        self.bottom,
                        width,
                        amount * self.scale,
                        fillColor=colour,
                        strokeColor=None,
                    )
                )


def year_axes(largest: float, years: int, *, height: float, top_margin: float) -> YearAxes:
    """The frame for ``years`` slots, scaled so ``largest`` fits, with its grid labelled in
    compact money."""
    step = nice_step(largest)
    top = step * math.ceil(largest * _HEADROOM / step)
    drawing = Drawing(CONTENT_WIDTH, height)
    scale = (height - top_margin - _BOTTOM) / top
    tick = 0.0
    while tick <= top + step / 2:
        y = _BOTTOM + tick * scale
        colour = PALE_GREY if tick else RULE_GREY
        drawing.add(Line(AXIS_WIDTH, y, CONTENT_WIDTH, y, strokeColor=colour, strokeWidth=0.5))
        drawing.add(
            String(
                AXIS_WIDTH - 2 * mm,
                y - 2.5,
                format_gbp_short(tick),
                fontName=FONT,
                fontSize=7,
                fillColor=SECONDARY_TEXT,
                textAnchor="end",
            )
        )
        tick += step
    slot = (CONTENT_WIDTH - AXIS_WIDTH) / max(years, 1)
    return YearAxes(drawing, _BOTTOM, AXIS_WIDTH, slot, scale)
