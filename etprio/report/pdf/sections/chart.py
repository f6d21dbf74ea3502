"""How each score is made up: one stacked bar per bid, a segment per criterion, drawn as
vector graphics so it prints sharply and its labels stay searchable. It shows the committee
the same picture as the app's contribution chart (DESIGN "Desktop app"), built from the same
``Scores.contributions`` so the two cannot disagree."""

from __future__ import annotations

import numpy as np
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph

from etprio.report.palette import colour_at
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.paged_bids import paged_bids
from etprio.report.pdf.styles import (
    BODY,
    FONT,
    FONT_BOLD,
    NHS_BLUE,
    PALE_GREY,
    RULE_GREY,
    SECONDARY_TEXT,
    TEXT,
    clip,
    text,
)

_ROW = 4.6 * mm
_BAR = 3.2 * mm
_AXIS = 7 * mm
_LABEL_WIDTH = 30 * mm
_SCORE_WIDTH = 22 * mm
_FIRST_PAGE_ROWS = 38
_PAGE_ROWS = 52
_HIDDEN_COLOUR = colors.HexColor("#768692")
_TICKS = (0, 20, 40, 60, 80, 100)


def chart_section(edition: Edition) -> list[Flowable]:
    segments, names, palette = _segments(edition)
    paged = paged_bids(edition)
    story: list[Flowable] = [
        Heading("How each score is made up", "chart"),
        Paragraph(
            text(
                "Each bar is one bid's score, in rank order; each coloured segment is the "
                "points one criterion adds (its weight share × the bid's value × 100). "
                "Criteria with no weight add nothing and are not shown."
            )
            + (" The dashed blue line is the funding line." if edition.funded is not None else "")
            + (
                f" Bars are drawn for the {len(paged.positions):,} bids that have a page "
                f"(see Bid pages for which, and why); the other {paged.left_out:,} are in the "
                "ranked list. The ranks at the left jump where bids are left out."
                if paged.left_out
                else ""
            ),
            BODY,
        ),
        _legend(names, palette),
    ]
    positions = paged.positions
    start, first = 0, True
    while start < len(positions):
        size = _FIRST_PAGE_ROWS if first else _PAGE_ROWS
        chunk = positions[start : start + size]
        story.append(_bars(edition, chunk, segments, palette))
        start += size
        first = False
        if start < len(positions):
            story.append(PageBreak())
    return story


def _segments(edition: Edition) -> tuple[np.ndarray, list[str], list[colors.Color]]:
    """Points per bid for each shown criterion, plus one grey segment for criteria whose
    input column this edition does not publish (a segment would reveal the column)."""
    criteria = edition.matrix.criteria.criteria
    points = edition.scores.contributions
    weights = edition.scores.weights
    shown = [k for k, c in enumerate(criteria) if weights[k] > 0 and edition.shows_criterion(c)]
    hidden = [
        k for k, c in enumerate(criteria) if weights[k] > 0 and not edition.shows_criterion(c)
    ]
    columns = [points[:, k] for k in shown]
    names = [criteria[k].label for k in shown]
    palette = [colors.HexColor(colour_at(k)) for k in shown]
    if hidden:
        columns.append(points[:, hidden].sum(axis=1))
        names.append("Criteria not published in this edition")
        palette.append(_HIDDEN_COLOUR)
    segments = np.column_stack(columns) if columns else np.zeros((len(points), 0))
    return segments, names, palette


def _legend(names: list[str], palette: list[colors.Color]) -> Drawing:
    per_row = 2
    column_width = CONTENT_WIDTH / per_row
    rows = (len(names) + per_row - 1) // per_row
    height = rows * 5 * mm + 2 * mm
    drawing = Drawing(CONTENT_WIDTH, height)
    for n, (name, colour) in enumerate(zip(names, palette, strict=True)):
        x = (n % per_row) * column_width
        y = height - (n // per_row + 1) * 5 * mm
        drawing.add(Rect(x, y, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        label = clip(name, column_width - 7 * mm)
        drawing.add(
            String(x + 5 * mm, y + 0.8 * mm, label, fontName=FONT, fontSize=8, fillColor=TEXT)
        )
    return drawing


def _bars(
    edition: Edition,
    chunk: tuple[int, ...],
    segments: np.ndarray,
    palette: list[colors.Color],
) -> Drawing:
    height = _AXIS + len(chunk) * _ROW + 2 * mm
    drawing = Drawing(CONTENT_WIDTH, height)
    left = _LABEL_WIDTH
    scale = (CONTENT_WIDTH - _LABEL_WIDTH - _SCORE_WIDTH) / 100.0
    top = height - _AXIS
    for tick in _TICKS:
        x = left + tick * scale
        drawing.add(
            Line(x, 0, x, top, strokeColor=PALE_GREY if tick else RULE_GREY, strokeWidth=0.5)
        )
        drawing.add(
            String(
                x,
                top + 2 * mm,
                str(tick),
                fontName=FONT,
                fontSize=7,
                fillColor=SECONDARY_TEXT,
                textAnchor="middle",
            )
        )
    drawing.add(
        String(
            left - 2 * mm,
            top + 2 * mm,
            "points",
            fontName=FONT,
            fontSize=7,
            fillColor=SECONDARY_TEXT,
            textAnchor="end",
        )
    )
    matrix = edition.matrix
    funded = edition.funded
    last_funded = edition.last_funded_position
    for row, position in enumerate(chunk):
        index = edition.order[position - 1]
        y = top - (row + 1) * _ROW + (_ROW - _BAR) / 2
        bid = matrix.bids[index]
        label = clip(f"{position}  {bid.bid_id}", _LABEL_WIDTH - 2 * mm, size=7.5)
        drawing.add(
            String(
                left - 2 * mm,
                y + 0.6 * mm,
                label,
                fontName=FONT,
                fontSize=7.5,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
        x = left
        for value, colour in zip(segments[index].tolist(), palette, strict=True):
            if value > 0:
                drawing.add(
                    Rect(
                        x,
                        y,
                        value * scale,
                        _BAR,
                        fillColor=colour,
                        strokeColor=colors.white,
                        strokeWidth=0.3,
                    )
                )
                x += value * scale
        eligible = bool(matrix.eligible[index])
        note = f"{edition.scores.score[index]:.1f}" + ("" if eligible else " ineligible")
        drawing.add(
            String(
                x + 1.5 * mm,
                y + 0.6 * mm,
                note,
                fontName=FONT_BOLD if funded and bid.bid_id in funded else FONT,
                fontSize=7,
                fillColor=TEXT if eligible else SECONDARY_TEXT,
            )
        )
        if position == last_funded:
            line_y = top - (row + 1) * _ROW
            drawing.add(
                Line(
                    0,
                    line_y,
                    CONTENT_WIDTH,
                    line_y,
                    strokeColor=NHS_BLUE,
                    strokeWidth=1.2,
                    strokeDashArray=[3, 2],
                )
            )
            drawing.add(
                String(
                    CONTENT_WIDTH,
                    line_y + 1,
                    "funding line",
                    fontName=FONT_BOLD,
                    fontSize=7,
                    fillColor=NHS_BLUE,
                    textAnchor="end",
                )
            )
    return drawing
