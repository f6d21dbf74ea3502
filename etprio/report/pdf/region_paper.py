"""The regional paper (CONTRACT §8 ``region -o OUT.pdf``): what a regional team takes to its
capital committee. It opens with the allocations against the pipeline year by year — the
committee's first question is whether the pipeline fits its approval limits — then each
CCG's position, both selections, every CCG's schemes in regional order, what does not fit
and why, and whose own order a single regional scoring would overturn.

It shares the submission's look (styles, palette, the by-year chart's scale) but not its
frame: the paper is the region's, not a CCG's, so it has no cover edition or sign-off.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Table,
)

from etprio import __version__
from etprio.core.atomic_files import write_bytes_atomically
from etprio.core.errors import FileAccessError
from etprio.core.region.pipeline import LOCAL
from etprio.core.region.plan import CcgTotals, RegionalBid, RegionalPlan
from etprio.core.wording import format_date, format_gbp
from etprio.report.palette import OKABE_ITO
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    FONT,
    FONT_BOLD,
    HEADING_1,
    HEADING_2,
    NHS_BLUE,
    PAGE_MARGIN,
    PALE_GREY,
    RULE_GREY,
    SECONDARY_TEXT,
    SMALL,
    TEXT,
    cell,
    grid_style,
    header_row,
    make_style,
    plural,
    register_fonts,
    text,
)
from etprio.report.pdf.year_bars import year_axes

HEADING_3 = make_style("Heading3", fontName=FONT_BOLD, fontSize=10.5, leading=13, spaceBefore=8)
TITLE = "Estates and Technology Transformation Fund: regional pipeline"
PAGE_WIDTH, PAGE_HEIGHT = A4
CONTENT_WIDTH = PAGE_WIDTH - 2 * PAGE_MARGIN
# The colours of the app's Funding tab and the submission's capital-by-year chart.
_PIPELINE = colors.HexColor(OKABE_ITO[0])
_BEST_VALUE = colors.HexColor(OKABE_ITO[2])
_ALLOCATION = colors.HexColor("#425563")
_AVAILABLE = colors.HexColor(OKABE_ITO[5])
_CHART_HEIGHT = 78 * mm


def region_paper_bytes(plan: RegionalPlan, *, today: date | None = None) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=TITLE,
        author="NHS England regional team",
        subject=f"Regional pipeline of {plan_size(plan)}",
        creator=f"etprio {__version__}",
        lang="en-GB",
    )
    document.build(_story(plan, today or date.today()), canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def write_region_paper(path: Path, plan: RegionalPlan) -> None:
    data = region_paper_bytes(plan)
    try:
        write_bytes_atomically(Path(path), data)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the paper ({exc.strerror or exc})") from exc


def plan_size(plan: RegionalPlan) -> str:
    return f"{plural(len(plan.ccgs), 'CCG')} and {plural(len(plan.bids), 'scheme')}"


class _NumberedCanvas(Canvas):
    """Pages are held back until the count is known, then get "Page X of Y"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._furnish(self.getPageNumber(), total)
            super().showPage()
        super().save()

    def _furnish(self, page: int, total: int) -> None:
        left, right = PAGE_MARGIN, PAGE_WIDTH - PAGE_MARGIN
        self.saveState()
        self.setStrokeColor(RULE_GREY)
        self.setLineWidth(0.5)
        self.setFillColor(SECONDARY_TEXT)
        self.setFont(FONT, 8)
        if page > 1:
            self.drawString(left, PAGE_HEIGHT - 11 * mm, TITLE)
            self.line(left, PAGE_HEIGHT - 13.5 * mm, right, PAGE_HEIGHT - 13.5 * mm)
        self.line(left, 14 * mm, right, 14 * mm)
        self.drawString(left, 10 * mm, "OFFICIAL-SENSITIVE · for the regional capital committee")
        self.drawRightString(right, 10 * mm, f"Page {page} of {total}")
        self.restoreState()


def _story(plan: RegionalPlan, today: date) -> list[Flowable]:
    return [
        Paragraph(text(TITLE), HEADING_1),
        Paragraph(text(_opening(plan, today)), BODY),
        *_summary(plan),
        Paragraph("Allocations against the pipeline by year", HEADING_2),
        Paragraph(text(_year_rule(plan)), BODY),
        _year_chart(plan),
        _year_table(plan),
        CondPageBreak(50 * mm),
        Paragraph("Each CCG's schemes: requested and supported", HEADING_2),
        _ccg_table(plan),
        CondPageBreak(50 * mm),
        Paragraph("Both selections", HEADING_2),
        Paragraph(
            text(
                "In regional order funds each scheme in turn while every limit still holds — "
                "the pipeline as the CCGs ranked it. Best value is the check: the schemes with "
                "the largest total score the same allocations can buy, found by an exact "
                f"solver and {plan.best_value.optimality}."
            ),
            BODY,
        ),
        _selections_table(plan),
        *[Paragraph(text(s), BULLET, bulletText="•") for s in plan.differences],
        CondPageBreak(50 * mm),
        Paragraph("Local orders a single regional score would overturn", HEADING_2),
        *_overturned(plan),
        CondPageBreak(60 * mm),
        Paragraph("What does not fit, and why", HEADING_2),
        _not_fitting(plan),
        CondPageBreak(60 * mm),
        Paragraph("Each CCG's schemes in regional order", HEADING_2),
        *_schemes_by_ccg(plan),
    ]


def _opening(plan: RegionalPlan, today: date) -> str:
    order = (
        "each CCG's own scores and order (no CCG's order is changed)"
        if plan.order == LOCAL
        else f"one criteria set for every scheme ({plan.criteria_name})"
    )
    return (
        f"Prepared {format_date(today)}. {plan_size(plan)} from the CCGs' "
        f"prioritised submissions, merged into one regional order by {order}. Every scheme "
        "is known by its CCG's code and its own bid id (e.g. 07L:B03)."
    )


def _summary(plan: RegionalPlan) -> list[Flowable]:
    requested = sum(b.grant for b in plan.bids)
    allocated = sum(plan.limits.capital_by_year.values())
    tiles = [
        ("Schemes", f"{len(plan.bids):,}"),
        ("Grant requested", format_gbp(requested)),
        ("Allocations", format_gbp(allocated) if plan.limits.capital_by_year else "none given"),
        ("Supported in regional order", f"{len(plan.rank_order.funded):,}"),
        ("Their grant", format_gbp(plan.rank_order.grant_total)),
        ("Best value supports", f"{len(plan.best_value.funded):,}"),
    ]
    widths = [CONTENT_WIDTH / 3] * 3
    rows = [
        [
            Paragraph(
                f'<font size="8" color="#4C6272">{text(label)}</font><br/>'
                f'<font name="{FONT_BOLD}" size="14" color="#003087">{text(value)}</font>',
                BODY,
            )
            for label, value in tiles[start : start + 3]
        ]
        for start in (0, 3)
    ]
    style = grid_style(zebra=False)
    style.add("BACKGROUND", (0, 0), (-1, -1), PALE_GREY)
    style.add("LINEBELOW", (0, 0), (-1, -1), 2, colors.white)
    style.add("LINEAFTER", (0, 0), (-1, -1), 2, colors.white)
    return [Table(rows, colWidths=widths, style=style, spaceBefore=2 * mm, spaceAfter=4 * mm)]


def _year_rule(plan: RegionalPlan) -> str:
    limits = plan.limits
    if not limits.capital_by_year:
        rule = "No allocation by year was given, so only the total limits the selections."
    elif limits.carry_forward:
        rule = (
            "Unspent allocation carries forward: in every year, the grant drawn up to and "
            "including that year stays within the allocations up to that year."
        )
    else:
        rule = "Each year's grant stays within that year's allocation; nothing carries forward."
    total = (
        f" The total is limited to {format_gbp(limits.capital)}."
        if limits.capital is not None
        else ""
    )
    return (
        f"{rule}{total} Revenue consequences stay with each CCG, so no recurrent limit applies. "
        "Pipeline is every scheme's grant in the year it is drawn."
    )


def _year_chart(plan: RegionalPlan) -> Drawing:
    years = plan.years
    allocations = [y.allocation for y in years if y.allocation is not None]
    top_value = max(
        [1.0, *allocations, *plan.pipeline_by_year.values(), *(y.rank_order for y in years)]
    )
    axes = year_axes(top_value, len(years), height=_CHART_HEIGHT, top_margin=11 * mm)
    drawing, bottom, left, scale = axes.drawing, axes.bottom, axes.left, axes.scale
    slot = axes.slot
    bar = min(slot * 0.26, 9 * mm)
    for n, year in enumerate(years):
        centre = axes.centre(n)
        axes.year(
            n,
            year.year,
            bar,
            (
                (-1.5 * bar, plan.pipeline_by_year.get(year.year, 0.0), _PIPELINE),
                (-0.5 * bar, year.rank_order, NHS_BLUE),
                (0.5 * bar, year.best_value, _BEST_VALUE),
            ),
        )
        if year.allocation is not None:
            y = bottom + year.allocation * scale
            drawing.add(
                Line(
                    centre - 2 * bar,
                    y,
                    centre + 2 * bar,
                    y,
                    strokeColor=_ALLOCATION,
                    strokeWidth=1.6,
                )
            )
            if plan.limits.carry_forward and year.rank_order_carried_in:
                y += year.rank_order_carried_in * scale
                drawing.add(
                    Line(
                        centre - 2 * bar, y, centre + 2 * bar, y,
                        strokeColor=_AVAILABLE, strokeWidth=1.2, strokeDashArray=[3, 2],
                    )
                )  # fmt: skip
    _legend(drawing, left, _CHART_HEIGHT - 5 * mm, carry_forward=plan.limits.carry_forward)
    return drawing


def _legend(drawing: Drawing, x: float, y: float, *, carry_forward: bool) -> None:
    lines = {_ALLOCATION: [], _AVAILABLE: [3, 2]}
    entries = [
        (_PIPELINE, "Whole pipeline"),
        (NHS_BLUE, "In regional order"),
        (_BEST_VALUE, "Best value"),
        (_ALLOCATION, "Allocation"),
    ]
    if carry_forward:
        entries.append((_AVAILABLE, "With carry-forward"))
    for colour, label in entries:
        if colour in lines:
            middle = y + 1.75 * mm
            drawing.add(
                Line(
                    x, middle, x + 3.5 * mm, middle,
                    strokeColor=colour, strokeWidth=1.6, strokeDashArray=lines[colour] or None,
                )
            )  # fmt: skip
        else:
            drawing.add(Rect(x, y, 3.5 * mm, 3.5 * mm, fillColor=colour, strokeColor=None))
        drawing.add(
            String(x + 5 * mm, y + 0.8 * mm, label, fontName=FONT, fontSize=8, fillColor=TEXT)
        )
        x += 9 * mm + stringWidth(label, FONT, 8)


def _year_table(plan: RegionalPlan) -> Table:
    labels = [
        "Financial year",
        "Allocation",
        "Whole pipeline",
        "In regional order",
        "Best value",
        "Left in regional order",
    ]
    widths = [24 * mm, 26 * mm, 27 * mm, 27 * mm, 26 * mm, CONTENT_WIDTH - 130 * mm]
    rows: list[list] = [header_row(labels, widths)]
    for year in plan.years:
        allocated = "—" if year.allocation is None else format_gbp(year.allocation)
        if year.allocation is None:
            left = "—"
        else:
            spare = year.allocation + year.rank_order_carried_in - year.rank_order
            left = format_gbp(spare) if spare >= 0 else f"{format_gbp(-spare)} drawn beyond it"
            if year.rank_order_carried_in:
                left += f" ({format_gbp(year.rank_order_carried_in)} carried in)"
        rows.append(
            [
                year.year,
                allocated,
                format_gbp(plan.pipeline_by_year.get(year.year, 0.0)),
                format_gbp(year.rank_order),
                format_gbp(year.best_value),
                cell(left, widths[-1]),
            ]
        )
    rows.append(
        [
            "Total",
            format_gbp(sum(y.allocation or 0.0 for y in plan.years)),
            format_gbp(sum(plan.pipeline_by_year.values())),
            format_gbp(sum(y.rank_order for y in plan.years)),
            format_gbp(sum(y.best_value for y in plan.years)),
            "",
        ]
    )
    style = grid_style(right_columns=(1, 2, 3, 4, 5))
    style.add("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)
    return Table(rows, colWidths=widths, repeatRows=1, style=style, spaceBefore=4 * mm)


def _ccg_table(plan: RegionalPlan) -> Table:
    labels = [
        "Code",
        "CCG",
        "Schemes",
        "Requested",
        "In regional order",
        "Best value",
        "Share supported",
    ]
    widths = [14 * mm, CONTENT_WIDTH - 136 * mm, 18 * mm, 28 * mm, 28 * mm, 26 * mm, 22 * mm]
    rows: list[list] = [header_row(labels, widths)]
    for ccg in plan.ccgs:
        share = ccg.grant_funded / ccg.grant_requested if ccg.grant_requested else 0.0
        rows.append(
            [
                ccg.code,
                cell(ccg.name, widths[1]),
                str(ccg.bids),
                format_gbp(ccg.grant_requested),
                format_gbp(ccg.grant_funded),
                format_gbp(ccg.grant_best_value),
                f"{share:.0%}",
            ]
        )
    return LongTable(
        rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(2, 3, 4, 5, 6))
    )


def _selections_table(plan: RegionalPlan) -> Table:
    widths = [CONTENT_WIDTH - 90 * mm, 45 * mm, 45 * mm]
    rows: list[list] = [header_row(["", "In regional order", "Best value"], widths)]
    for label, figure in (
        ("Schemes supported", lambda s: f"{len(s.funded):,}"),
        ("Total score", lambda s: f"{s.total_score:,.1f}"),
        ("Grant", lambda s: format_gbp(s.grant_total)),
    ):
        rows.append([label, figure(plan.rank_order), figure(plan.best_value)])
    return Table(rows, colWidths=widths, style=grid_style(right_columns=(1, 2)), spaceAfter=3 * mm)


def _overturned(plan: RegionalPlan) -> list[Flowable]:
    lead = (
        "Scoring every scheme with one criteria set and one set of weights "
        f"({plan.criteria_name}) instead of each CCG's own would change the order of "
    )
    overturned = plan.overturned
    if not overturned:
        return [Paragraph(text(lead + "no CCG's schemes: every CCG's own order stands."), BODY)]
    story: list[Flowable] = [
        Paragraph(text(lead + f"{plural(len(overturned), 'CCG')}' schemes:"), BODY)
    ]
    story += [
        Paragraph(
            text(f"{c.code} {c.name}: {c.overturned[0]} would rank above {c.overturned[1]}."),
            BULLET,
            bulletText="•",
        )
        for c in overturned
        if c.overturned
    ]
    stands = len(plan.ccgs) - len(overturned)
    if stands:
        story.append(
            Paragraph(text(f"The order of the other {plural(stands, 'CCG')} stands."), SMALL)
        )
    return story


def _not_fitting(plan: RegionalPlan) -> Flowable:
    rows_in = [b for b in plan.bids if not b.funded]
    if not rows_in:
        return Paragraph(text("Every scheme fits within the allocations."), BODY)
    labels = ["Rank", "Scheme", "Title", "Grant", "Why it does not fit in regional order"]
    widths = [12 * mm, 22 * mm, 50 * mm, 22 * mm, CONTENT_WIDTH - 106 * mm]
    rows: list[list] = [header_row(labels, widths)]
    rows += [
        [
            str(b.regional_rank),
            b.regional_id,
            cell(b.title, widths[2]),
            format_gbp(b.grant),
            cell(b.reason or "", widths[4]),
        ]
        for b in rows_in
    ]
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(0, 3)))


def _schemes_by_ccg(plan: RegionalPlan) -> list[Flowable]:
    by_ccg: dict[str, list[RegionalBid]] = {c.code: [] for c in plan.ccgs}
    for bid in plan.bids:
        by_ccg[bid.ccg].append(bid)
    story: list[Flowable] = []
    for ccg in plan.ccgs:
        story += [
            CondPageBreak(45 * mm),
            Paragraph(text(f"{ccg.code} {ccg.name}"), HEADING_3),
            Paragraph(text(_ccg_line(ccg)), SMALL),
            _scheme_table(by_ccg[ccg.code], [y.year for y in plan.years]),
        ]
    return story


def _ccg_line(ccg: CcgTotals) -> str:
    return (
        f"{plural(ccg.bids, 'scheme')}, {format_gbp(ccg.grant_requested)} requested, "
        f"{format_gbp(ccg.grant_funded)} supported in regional order, "
        f"{format_gbp(ccg.grant_best_value)} by best value."
    )


def _scheme_table(bids: Sequence[RegionalBid], years: Sequence[str]) -> Flowable:
    labels = [
        "Regional",
        "Local",
        "Bid",
        "Title",
        "Score",
        "Grant",
        "Drawn in",
        "Regional order",
        "Best value",
    ]
    fixed = [16 * mm, 10 * mm, 16 * mm, 0, 12 * mm, 21 * mm, 17 * mm, 16 * mm, 14 * mm]
    widths = [w or CONTENT_WIDTH - sum(fixed) for w in fixed]
    rows: list[list] = [header_row(labels, widths)]
    for b in bids:
        drawn = ", ".join(y for y in years if b.grant_by_year.get(y))
        rows.append(
            [
                str(b.regional_rank),
                str(b.local_rank),
                b.bid_id,
                cell(b.title, widths[3]),
                f"{b.score:.1f}",
                format_gbp(b.grant),
                cell(drawn, widths[6]),
                "Yes" if b.funded else "No",
                "Yes" if b.best_value else "No",
            ]
        )
    return LongTable(
        rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(0, 1, 4, 5))
    )
