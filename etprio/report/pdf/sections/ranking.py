"""The ranked list: the submission itself. One row per bid in CONTRACT §2.3 order, header
repeated on every page, the funding line drawn where the envelope runs out, and ineligible
bids set apart under their own heading so nobody reads them as ranked for funding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, TableStyle

from etprio.core.model import Bid
from etprio.core.wording import format_gbp
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.long_tables import long_table
from etprio.report.pdf.styles import (
    BODY,
    CELL,
    FONT_BOLD,
    FUNDED_TINT,
    NHS_BLUE,
    PALE_GREY,
    WARNING_TEXT,
    cell,
    grid_style,
    header_row,
    make_style,
    text,
)

_REASON = make_style("IneligibleReason", fontSize=7.5, leading=9.5, textColor=WARNING_TEXT)
_BAND = make_style("Band", fontName=FONT_BOLD, fontSize=8.5, leading=10.5, textColor=NHS_BLUE)


@dataclass(frozen=True)
class _Column:
    label: str
    width: float
    cell: Callable[[Edition, int, int, float], object]
    right: bool = False
    column: str | None = None


def _title(edition: Edition, index: int, _position: int, width: float) -> object:
    matrix = edition.matrix
    if matrix.eligible[index]:
        return cell(edition.title(matrix.bids[index]), width)
    return [
        Paragraph(text(edition.title(matrix.bids[index])), CELL),
        Paragraph(text(f"Ineligible: {matrix.ineligible_reason[index]}"), _REASON),
    ]


def _bid(edition: Edition, index: int) -> Bid:
    return edition.matrix.bids[index]


_COLUMNS = (
    _Column("Rank", 10 * mm, lambda e, i, p, w: str(p), right=True),
    _Column("Bid", 14 * mm, lambda e, i, p, w: cell(_bid(e, i).bid_id, w)),
    _Column("Title", 0, _title),
    _Column(
        "Type",
        17 * mm,
        lambda e, i, p, w: _bid(e, i).scheme_type.value.capitalize(),
        column="scheme_type",
    ),
    _Column(
        "Cohort",
        13 * mm,
        lambda e, i, p, w: str(int(e.matrix.cohort[i])),
        right=True,
        column="expected_completion",
    ),
    _Column("Score", 13 * mm, lambda e, i, p, w: f"{e.scores.score[i]:.2f}", right=True),
    _Column(
        "Grant",
        19 * mm,
        lambda e, i, p, w: format_gbp(_bid(e, i).grant_gbp),
        right=True,
        column="grant_gbp",
    ),
    _Column(
        "Recurrent £/yr",
        18 * mm,
        lambda e, i, p, w: format_gbp(_bid(e, i).recurrent_revenue_gbp),
        right=True,
        column="recurrent_revenue_gbp",
    ),
)
_FUNDED = _Column(
    "Funded",
    14 * mm,
    lambda e, i, p, w: "Yes" if e.funded is not None and _bid(e, i).bid_id in e.funded else "No",
)


def ranking_section(edition: Edition) -> list[Flowable]:
    columns = [c for c in _COLUMNS if c.column is None or edition.shows(c.column)]
    if edition.funded is not None:
        columns.append(_FUNDED)
    widths = [c.width for c in columns]
    title_at = next(i for i, c in enumerate(columns) if c.label == "Title")
    widths[title_at] = CONTENT_WIDTH - sum(widths)
    right = [i for i, c in enumerate(columns) if c.right]
    rows: list[list] = [header_row([c.label for c in columns], widths)]
    style = grid_style(right_columns=right, zebra=False)
    matrix = edition.matrix
    line_after = edition.last_funded_position
    if line_after == 0:
        _funding_line(rows, style, len(columns), edition)
    for position, index in enumerate(edition.order, start=1):
        if not matrix.eligible[index] and (
            position == 1 or matrix.eligible[edition.order[position - 2]]
        ):
            _band(rows, style, len(columns), "Ineligible bids: not put forward for funding")
        rows.append(
            [c.cell(edition, index, position, w) for c, w in zip(columns, widths, strict=True)]
        )
        if edition.funded is not None and matrix.bids[index].bid_id in edition.funded:
            style.add("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), FUNDED_TINT)
        if position == line_after:
            _funding_line(rows, style, len(columns), edition)
    return [
        Heading("Ranked list of bids", "ranking"),
        Paragraph(_intro(edition), BODY),
        *long_table(rows, widths, style),
    ]


def _intro(edition: Edition) -> str:
    words = (
        "The bids in the order the CCG submits them. Eligible bids come first, highest score "
        "first; ineligible bids follow under their own heading. Grant is the capital share "
        "requested from the fund; recurrent £/yr is the new annual revenue cost to the CCG."
    )
    if edition.funded is not None:
        words += (
            " Shaded rows are funded in rank order within the budgets; the blue rule marks "
            "the funding line, below the last funded bid. A bid above the line that is not "
            "funded was skipped because it did not fit what was left (see Funding line)."
        )
    hidden = [c.label for c in _COLUMNS if c.column is not None and not edition.shows(c.column)]
    if hidden:
        words += f" Not published in this edition: {', '.join(hidden).lower()}."
    return text(words)


def _funding_line(rows: list[list], style: TableStyle, width: int, edition: Edition) -> None:
    plan = edition.content.funding
    assert plan is not None
    selection = plan.rank_order
    limits = plan.limits
    capital = (
        f"of the {format_gbp(limits.capital_envelope)} capital envelope"
        if limits.capital_envelope is not None
        else "of grant within the allocations by year"
    )
    recurrent = (
        f" of {format_gbp(limits.recurrent_headroom)} a year recurrent headroom"
        if limits.recurrent_headroom is not None
        else " a year recurrent"
    )
    label = (
        f"Funding line: {len(selection.funded)} bids funded, "
        f"{format_gbp(selection.grant_total)} {capital} and "
        f"{format_gbp(selection.recurrent_total)}{recurrent}"
    )
    _band(rows, style, width, label)
    here = len(rows) - 1
    style.add("LINEABOVE", (0, here), (-1, here), 1.5, NHS_BLUE)
    style.add("LINEBELOW", (0, here), (-1, here), 1.5, NHS_BLUE)


def _band(rows: list[list], style: TableStyle, width: int, label: str) -> None:
    """A full-width row that separates groups of bids; its text is searchable."""
    rows.append([Paragraph(text(label), _BAND)] + [""] * (width - 1))
    here = len(rows) - 1
    style.add("SPAN", (0, here), (-1, here))
    style.add("BACKGROUND", (0, here), (-1, here), PALE_GREY)
