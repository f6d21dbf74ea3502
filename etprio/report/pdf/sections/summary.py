"""The one page a busy reader sees: how many bids, what they cost, what the envelope funds,
and the recurrent revenue the CCG takes on (DOMAIN "Recurrent revenue": finance needs the
pipeline's total, not just the first year's)."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from etprio.core.model import SchemeType
from etprio.core.wording import format_gbp
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.sections.statements import governance_statements
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    CELL,
    FIGURE,
    HEADING_2,
    NHS_BLUE,
    PALE_GREY,
    SMALL,
    grid_style,
    header_row,
    plural,
    text,
)

_TOP = 5


def summary(edition: Edition) -> list[Flowable]:
    matrix = edition.matrix
    bids = matrix.bids
    cover = edition.content.cover
    estates = sum(b.scheme_type is SchemeType.ESTATES for b in bids)
    eligible = int(matrix.eligible.sum())
    capital = sum(b.capital_cost_gbp for b in bids)
    grant = sum(b.grant_gbp for b in bids)
    pipeline = sum(
        b.recurrent_revenue_gbp for b, ok in zip(bids, matrix.eligible, strict=True) if ok
    )
    tiles = [
        (str(len(bids)), f"bids: {estates} estates, {len(bids) - estates} technology"),
        (
            str(eligible),
            f"eligible; {plural(len(bids) - eligible, 'bid')} ineligible and listed last",
        ),
        (format_gbp(capital), "total capital cost of all bids"),
        (format_gbp(grant), "total grant requested from the fund"),
        *_funding_tiles(edition, pipeline),
    ]
    intro = (
        f"{text(cover.ccg_name)} received {plural(len(bids), 'bid')} for the Estates and "
        f"Technology Transformation Fund. The {text(cover.committee)} scored every bid against "
        f"the criteria and weights on the following pages, and submits them to NHS England "
        "as one ranked list covering estates and technology schemes together."
    )
    return [
        Heading("Summary", "summary"),
        Paragraph(intro, BODY),
        Spacer(1, 3 * mm),
        _tile_grid(tiles),
        Spacer(1, 4 * mm),
        Paragraph("Top of the ranking", HEADING_2),
        _top_table(edition),
        Paragraph("How the committee decided", HEADING_2),
        *(Paragraph(text(s), BULLET, bulletText="•") for s in governance_statements(edition)),
    ]


def _funding_tiles(edition: Edition, pipeline: float) -> list[tuple[str, str]]:
    plan = edition.content.funding
    if plan is None:
        return [
            ("No funding line", "no budgets were given for this edition"),
            (
                f"{format_gbp(pipeline)} a year",
                "recurrent revenue if every eligible bid went ahead",
            ),
        ]
    selection = plan.rank_order
    limits = plan.limits
    within = (
        f"the {format_gbp(limits.capital_envelope)} capital envelope"
        if limits.capital_envelope is not None
        else "the allocations by financial year"
    )
    if limits.capital_envelope is not None and limits.capital_by_year is not None:
        within += " and the allocations by financial year"
    headroom = (
        f"headroom {format_gbp(limits.recurrent_headroom)} a year"
        if limits.recurrent_headroom is not None
        else "no recurrent limit set"
    )
    return [
        (
            f"{plural(len(selection.funded), 'bid')} · {format_gbp(selection.grant_total)}",
            f"funded in rank order within {within}",
        ),
        (
            f"{format_gbp(selection.recurrent_total)} a year",
            f"recurrent commitment of the funded bids ({headroom}; whole eligible pipeline "
            f"{format_gbp(pipeline)} a year)",
        ),
    ]


def _tile_grid(tiles: list[tuple[str, str]]) -> Table:
    gap = 5 * mm
    width = (CONTENT_WIDTH - gap) / 2
    cells = [
        [Paragraph(text(figure), FIGURE), Spacer(1, 1.5 * mm), Paragraph(text(caption), SMALL)]
        for figure, caption in tiles
    ]
    rows = [
        [cells[i], "", cells[i + 1] if i + 1 < len(cells) else ""] for i in range(0, len(cells), 2)
    ]
    commands: list[tuple] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
    ]
    for row in range(len(rows)):
        for column in (0, 2):
            if rows[row][column] != "":
                commands += [
                    ("BACKGROUND", (column, row), (column, row), PALE_GREY),
                    ("LINEBEFORE", (column, row), (column, row), 3, NHS_BLUE),
                ]
    table = Table(rows, colWidths=[width, gap, width], style=TableStyle(commands))
    table.spaceBefore = 0
    return table


def _top_table(edition: Edition) -> Table:
    matrix = edition.matrix
    widths = [12 * mm, 20 * mm, CONTENT_WIDTH - 50 * mm, 18 * mm]
    rows: list[list] = [header_row(["Rank", "Bid", "Title", "Score"], widths)]
    for position, index in enumerate(edition.order[:_TOP], start=1):
        bid = matrix.bids[index]
        rows.append(
            [
                str(position),
                Paragraph(text(bid.bid_id), CELL),
                Paragraph(text(edition.title(bid)), CELL),
                f"{edition.scores.score[index]:.2f}",
            ]
        )
    return Table(rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(0, 3)))
