"""Capital by financial year in the funding section (CONTRACT §7): each year's allocation
against the grant the funding line and best value draw, as a chart and a table. A capital
committee approves money year by year, so a pipeline that fits its total but not 2018/19 is
a pipeline it cannot approve; the chart shows at a glance which years bind."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from etprio.core.funding.plan import FundingPlan, YearDrawdown
from etprio.core.wording import format_gbp
from etprio.report.palette import OKABE_ITO
from etprio.report.pdf.document import CONTENT_WIDTH
from etprio.report.pdf.styles import (
    BODY,
    FONT,
    HEADING_2,
    NHS_BLUE,
    TEXT,
    grid_style,
    header_row,
    text,
)
from etprio.report.pdf.year_bars import year_axes

_BEST_VALUE = colors.HexColor(OKABE_ITO[2])
_ALLOCATION = colors.HexColor("#425563")
_AVAILABLE = colors.HexColor(OKABE_ITO[5])
_CHART_HEIGHT = 66 * mm


def capital_by_year_flowables(plan: FundingPlan) -> list[Flowable]:
    """The subsection, or nothing when no bid draws grant in any year."""
    years = plan.capital_by_year
    if not years:
        return []
    limits = plan.limits
    if limits.capital_by_year is None:
        intro = (
            "The grant each selection draws in each NHS financial year (April to March). No "
            "allocations by year were given, so only the total capital limits apply."
        )
    elif limits.carry_forward:
        intro = (
            "Each year's allocation against the grant each selection draws that year. Unspent "
            "allocation carries forward: the grant drawn up to any year is within the "
            "allocations up to that year, so a year may draw more than its own allocation "
            "when earlier years left some unspent (the dashed line, for the funding line)."
        )
    else:
        intro = (
            "Each year's allocation against the grant each selection draws that year; no "
            "allocation carries forward, so each year's grant is within that year's "
            "allocation. A year no allocation names has none."
        )
    return [
        Paragraph("Capital by financial year", HEADING_2),
        Paragraph(text(intro), BODY),
        _chart(years, carry_forward=limits.carry_forward),
        _table(years, carry_forward=limits.carry_forward),
    ]


def _chart(years: tuple[YearDrawdown, ...], *, carry_forward: bool) -> Drawing:
    allocated = any(y.allocation is not None for y in years)
    available = [(y.allocation or 0.0) + y.rank_order_carried_in for y in years]
    top_value = max(
        [1.0, *(y.rank_order for y in years), *(y.best_value for y in years), *available]
    )
    axes = year_axes(top_value, len(years), height=_CHART_HEIGHT, top_margin=10 * mm)
    drawing, bottom, left, scale = axes.drawing, axes.bottom, axes.left, axes.scale
    slot = axes.slot
    bar = min(slot * 0.3, 9 * mm)
    for n, year in enumerate(years):
        centre = axes.centre(n)
        axes.year(
            n,
            year.year,
            bar,
            ((-bar, year.rank_order, NHS_BLUE), (0.0, year.best_value, _BEST_VALUE)),
        )
        half = slot * 0.42
        if year.allocation is not None:
            y = bottom + year.allocation * scale
            drawing.add(
                Line(centre - half, y, centre + half, y, strokeColor=_ALLOCATION, strokeWidth=1.6)
            )
        if carry_forward and allocated:
            y = bottom + available[n] * scale
            drawing.add(
                Line(
                    centre - half,
                    y,
                    centre + half,
                    y,
                    strokeColor=_AVAILABLE,
                    strokeWidth=1.2,
                    strokeDashArray=[3, 2],
                )
            )
    legend: list[tuple[colors.Color, str, bool]] = [
        (NHS_BLUE, "Funded in rank order", False),
        (_BEST_VALUE, "Best value", False),
    ]
    if allocated:
        legend.append((_ALLOCATION, "Allocation", True))
        if carry_forward:
            legend.append((_AVAILABLE, "Allocation + carried in (rank order)", True))
    x, swatch_y = left, _CHART_HEIGHT - 5 * mm
    for colour, label, line in legend:
        if line:
            dash = [2, 1] if colour is _AVAILABLE else None
            drawing.add(
                Line(
                    x,
                    swatch_y + 1.75 * mm,
                    x + 3.5 * mm,
                    swatch_y + 1.75 * mm,
                    strokeColor=colour,
                    strokeWidth=1.4,
                    strokeDashArray=dash,
                )
            )
        else:
            drawing.add(Rect(x, swatch_y, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                x + 5 * mm, swatch_y + 0.8 * mm, label, fontName=FONT, fontSize=8, fillColor=TEXT
            )
        )
        x += 11 * mm + stringWidth(label, FONT, 8)
    return drawing


def _table(years: tuple[YearDrawdown, ...], *, carry_forward: bool) -> Table:
    labels = ["Financial year", "Allocation", "In rank order", "Best value"]
    if carry_forward:
        labels.append("Carried in (rank order)")
    widths = [28 * mm, 34 * mm, 34 * mm, 34 * mm]
    if carry_forward:
        widths.append(CONTENT_WIDTH - sum(widths))
    rows: list[list] = [header_row(labels, widths)]
    for year in years:
        row = [
            year.year,
            "–" if year.allocation is None else format_gbp(year.allocation),
            format_gbp(year.rank_order),
            format_gbp(year.best_value),
        ]
        if carry_forward:
            row.append(format_gbp(year.rank_order_carried_in))
        rows.append(row)
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=grid_style(right_columns=tuple(range(1, len(labels)))),
        spaceBefore=4 * mm,
        spaceAfter=4 * mm,
    )
