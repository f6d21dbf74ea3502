"""Recurrent revenue liability by financial year (CONTRACT §3 Liability). Finance's question
from the committee room: "if they come one by one it's not an issue, but if we have ten we
will have a problem" (DOMAIN). The chart puts the funded set and the whole eligible pipeline
against the headroom, year by year, as vector graphics."""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from etprio.core.funding.liability import LiabilityYear
from etprio.core.funding.plan import FundingPlan
from etprio.core.wording import format_gbp
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import (
    BODY,
    FONT,
    NHS_BLUE,
    TEXT,
    grid_style,
    header_row,
    text,
)
from etprio.report.pdf.year_bars import year_axes

_PIPELINE = colors.HexColor("#41B6E6")
_HEADROOM = colors.HexColor("#D55E00")
_CHART_HEIGHT = 72 * mm


def liability_section(edition: Edition) -> list[Flowable]:
    plan = edition.content.funding
    if plan is None:
        return []
    return [
        Heading("Recurrent revenue liability", "liability"),
        Paragraph(
            text(
                "The new recurrent revenue the CCG takes on (rent reimbursement, service "
                "charges, licences), by NHS financial year. Each bid counts its full annual "
                "amount from the financial year in which it completes. Funded is the rank-order "
                "funded set; pipeline is every eligible bid, as if all went ahead."
            ),
            BODY,
        ),
        _chart(plan),
        _table(plan),
    ]


def _chart(plan: FundingPlan) -> Drawing:
    years = plan.liability
    headroom = plan.limits.recurrent_headroom
    limit = [] if headroom is None else [headroom]
    top_value = max([*limit, *(y.pipeline for y in years), *(y.funded for y in years), 1.0])
    axes = year_axes(top_value, len(years), height=_CHART_HEIGHT, top_margin=10 * mm)
    drawing, bottom, left, scale = axes.drawing, axes.bottom, axes.left, axes.scale
    slot = axes.slot
    bar = min(slot * 0.34, 9 * mm)
    for n, year in enumerate(years):
        axes.year(
            n, year.year, bar, ((-bar, year.funded, NHS_BLUE), (0.0, year.pipeline, _PIPELINE))
        )
    legend = [(NHS_BLUE, "Funded in rank order"), (_PIPELINE, "Whole eligible pipeline")]
    if headroom is not None:
        y = bottom + headroom * scale
        drawing.add(
            Line(
                left,
                y,
                CONTENT_WIDTH,
                y,
                strokeColor=_HEADROOM,
                strokeWidth=1.2,
                strokeDashArray=[4, 2],
            )
        )
        legend.append((_HEADROOM, f"Recurrent headroom {format_gbp(headroom)} a year"))
    x = left
    swatch_y = _CHART_HEIGHT - 5 * mm
    for colour, label in legend:
        if colour is _HEADROOM:
            drawing.add(
                Line(
                    x,
                    swatch_y + 1.75 * mm,
                    x + 3.5 * mm,
                    swatch_y + 1.75 * mm,
                    strokeColor=colour,
                    strokeWidth=1.2,
                    strokeDashArray=[2, 1],
                )
            )
        else:
            drawing.add(Rect(x, swatch_y, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        drawing.add(
            String(
                x + 5 * mm, swatch_y + 0.8 * mm, label, fontName=FONT, fontSize=8, fillColor=TEXT
            )
        )
        x += 13 * mm + stringWidth(label, FONT, 8)
    return drawing


def _table(plan: FundingPlan) -> Table:
    headroom = plan.limits.recurrent_headroom
    labels = [
        "Financial year",
        "Funded bids £/yr",
        "Whole pipeline £/yr",
        "Headroom £/yr",
        "Funded within headroom",
    ]
    widths = [28 * mm, 36 * mm, 36 * mm, 34 * mm, CONTENT_WIDTH - 134 * mm]
    rows: list[list] = [header_row(labels, widths)]
    for year in plan.liability:
        rows.append(
            [
                year.year,
                format_gbp(year.funded),
                format_gbp(year.pipeline),
                "–" if headroom is None else format_gbp(headroom),
                "No limit set" if headroom is None else _within(year, headroom),
            ]
        )
    return Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        style=grid_style(right_columns=(1, 2, 3)),
        spaceBefore=4 * mm,
    )


def _within(year: LiabilityYear, headroom: float) -> str:
    if round(year.funded * 100) <= round(headroom * 100):
        return "Yes"
    return f"No: over by {format_gbp(year.funded - headroom)}"
