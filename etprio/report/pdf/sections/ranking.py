"""The ranked list: the submission itself. One row per bid in CONTRACT §2.3 order, header
repeated on every page, the funding line drawn where the envelope runs out, and ineligible
bids set apart under their own heading so nobody reads them as ranked for funding."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from etprio.core.model import Bid
from etprio.core.wording import format_gbp
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.long_tables import BODY as BODY_LOOK
from etprio.report.pdf.long_tables import Band, Cell, Look, Row, TextTable
from etprio.report.pdf.styles import (
    BODY,
    FUNDED_TINT,
    WARNING_TEXT,
    cell,
    header_row,
    text,
    wrap,
)

_REASON = Look(size=7.5, leading=9.5, colour=WARNING_TEXT)


@dataclass(frozen=True)
class _Column:
    label: str
    width: float
    cell: Callable[[Edition, int, int, float], Cell]
    right: bool = False
    column: str | None = None


def _title(edition: Edition, index: int, _position: int, width: float) -> Cell:
    matrix = edition.matrix
    title = cell(edition.title(matrix.bids[index]), width)
    if matrix.eligible[index]:
        return title
    reason = wrap(
        f"Ineligible: {matrix.ineligible_reason[index]}", width - 8, _REASON.font, _REASON.size
    )
    return ((title, BODY_LOOK), (reason, _REASON))


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
    rows: list[Row | Band] = []
    matrix = edition.matrix
    funded = edition.funded
    line_after = edition.last_funded_position
    if line_after == 0:
        rows.append(_funding_line(edition))
    for position, index in enumerate(edition.order, start=1):
        if not matrix.eligible[index] and (
            position == 1 or matrix.eligible[edition.order[position - 2]]
        ):
            rows.append(Band("Ineligible bids: not put forward for funding"))
        tint = FUNDED_TINT if funded is not None and matrix.bids[index].bid_id in funded else None
        rows.append(
            Row(
                [c.cell(edition, index, position, w) for c, w in zip(columns, widths, strict=True)],
                tint,
            )
        )
        if position == line_after:
            rows.append(_funding_line(edition))
    return [
        Heading("Ranked list of bids", "ranking"),
        Paragraph(_intro(edition), BODY),
        TextTable(header_row([c.label for c in columns], widths), rows, widths, right=right),
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


def _funding_line(edition: Edition) -> Band:
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
    return Band(
        f"Funding line: {len(selection.funded)} bids funded, "
        f"{format_gbp(selection.grant_total)} {capital} and "
        f"{format_gbp(selection.recurrent_total)}{recurrent}",
        ruled=True,
    )
