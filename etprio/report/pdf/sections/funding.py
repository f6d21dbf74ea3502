"""The funding line with both selections (CONTRACT §3): in rank order, which is what the CCG
submits, and best value, the proven optimum the same budgets could buy, so that "we could
have had more for the money" is shown rather than suspected. Every unfunded bid carries
its reason, because a practice will ask."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Table

from etprio.core.funding.limits import limits_in_words
from etprio.core.funding.plan import FundingPlan
from etprio.core.funding.selection import Selection
from etprio.core.wording import format_gbp
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.long_tables import Band, Row, TextTable
from etprio.report.pdf.sections.capital_by_year import capital_by_year_flowables
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    FONT_BOLD,
    HEADING_2,
    cell,
    grid_style,
    header_row,
    text,
)


def funding_section(edition: Edition) -> list[Flowable]:
    plan = edition.content.funding
    story: list[Flowable] = [Heading("Funding line", "funding")]
    if plan is None:
        story.append(
            Paragraph(
                text(
                    "No capital envelope or recurrent headroom was given for this edition, nor "
                    "allocations by financial year, so it has no funding line and no recurrent "
                    "liability forecast. Give both budgets, or the allocations, in the app's "
                    "Funding tab, or as --capital and --recurrent or --capital-by-year to the "
                    "etprio report command, to add them."
                ),
                BODY,
            )
        )
        return story
    limits = plan.limits
    story += [
        Paragraph(
            text(
                f"Budgets: {limits_in_words(limits)}; every limit is inclusive. A bid is funded "
                "only together with every bid it depends on, and ineligible bids are never "
                "funded."
            ),
            BODY,
        ),
        _comparison(plan),
        *[Paragraph(text(s), BULLET, bulletText="•") for s in plan.differences],
        *capital_by_year_flowables(plan),
        Paragraph("Funded in rank order: the submission's funding line", HEADING_2),
        *_funded_table(edition, plan.rank_order),
        CondPageBreak(40 * mm),
        Paragraph("Not funded in rank order, and why", HEADING_2),
        *_reasons_table(edition, plan.rank_order),
        CondPageBreak(40 * mm),
        Paragraph("Best value: the highest total score the budgets can buy", HEADING_2),
        Paragraph(
            text(
                "A check on the ranking, not the submission: the set of bids with the largest "
                "total score within both budgets, found by an exact solver and "
                f"{plan.best_value.optimality}."
            ),
            BODY,
        ),
        *_funded_table(edition, plan.best_value, compare=plan.rank_order),
    ]
    return story


def _comparison(plan: FundingPlan) -> Table:
    limits = plan.limits
    widths = [CONTENT_WIDTH - 90 * mm, 45 * mm, 45 * mm]
    rows: list[list] = [header_row(["", "In rank order (submitted)", "Best value (check)"], widths)]
    capital, recurrent = limits.capital_envelope, limits.recurrent_headroom
    figures: list[tuple[str, Callable[[Selection], str]]] = [
        ("Bids funded", lambda s: str(len(s.funded))),
        ("Total score of funded bids", lambda s: f"{s.total_score:.1f}"),
        ("Grant", lambda s: format_gbp(s.grant_total)),
    ]
    if capital is not None:
        figures.append(("Capital envelope left", lambda s: format_gbp(capital - s.grant_total)))
    figures.append(("Recurrent revenue a year", lambda s: format_gbp(s.recurrent_total)))
    if recurrent is not None:
        figures.append(
            ("Recurrent headroom left a year", lambda s: format_gbp(recurrent - s.recurrent_total))
        )
    for label, figure in figures:
        rows.append([label, figure(plan.rank_order), figure(plan.best_value)])
    style = grid_style(right_columns=(1, 2))
    style.add("FONTNAME", (0, 1), (0, -1), FONT_BOLD)
    return Table(rows, colWidths=widths, style=style, spaceAfter=4 * mm)


_FIXED_WIDTHS = {
    "Rank": 11 * mm,
    "Bid": 15 * mm,
    "Grant": 21 * mm,
    "Running total": 22 * mm,
    "Recurrent £/yr": 20 * mm,
    "Also in rank order": 18 * mm,
}
_MONEY = {"Grant", "Running total", "Recurrent £/yr"}


def _funded_table(
    edition: Edition, selection: Selection, compare: Selection | None = None
) -> list[Flowable]:
    if not selection.funded:
        return [Paragraph(text("No bid fits within the budgets."), BODY)]
    money = edition.shows("grant_gbp"), edition.shows("recurrent_revenue_gbp")
    labels = ["Rank", "Bid", "Title"]
    labels += ["Grant", "Running total"] if money[0] else []
    labels += ["Recurrent £/yr"] if money[1] else []
    if compare is not None:
        labels.append("Also in rank order")
    widths = [_FIXED_WIDTHS.get(label, 0.0) for label in labels]
    widths[2] = CONTENT_WIDTH - sum(widths)
    right = [i for i, label in enumerate(labels) if label == "Rank" or label in _MONEY]
    rows: list[Row | Band] = []
    also = compare.funded_set if compare is not None else frozenset()
    running = 0.0
    for bid_id in selection.funded:
        index = edition.index_of[bid_id]
        bid = edition.matrix.bids[index]
        running += bid.grant_gbp
        row: list = [
            str(int(edition.scores.rank[index])),
            cell(bid_id, widths[1]),
            cell(edition.title(bid), widths[2]),
        ]
        if money[0]:
            row += [format_gbp(bid.grant_gbp), format_gbp(running)]
        if money[1]:
            row.append(format_gbp(bid.recurrent_revenue_gbp))
        if compare is not None:
            row.append("Yes" if bid_id in also else "No")
        rows.append(Row(row))
    return [TextTable(header_row(labels, widths), rows, widths, right=right, zebra=True)]


def _reasons_table(edition: Edition, selection: Selection) -> list[Flowable]:
    if not selection.not_funded:
        return [Paragraph(text("Every bid is funded."), BODY)]
    rest = CONTENT_WIDTH - 26 * mm
    widths = [11 * mm, 15 * mm, rest * 0.55, rest * 0.45]
    rows: list[Row | Band] = []
    for bid_id, reason in selection.not_funded:
        index = edition.index_of[bid_id]
        rows.append(
            Row(
                [
                    str(int(edition.scores.rank[index])),
                    cell(bid_id, widths[1]),
                    cell(edition.title(edition.matrix.bids[index]), widths[2]),
                    cell(reason[:1].upper() + reason[1:], widths[3]),
                ]
            )
        )
    header = header_row(["Rank", "Bid", "Title", "Reason"], widths)
    return [TextTable(header, rows, widths, right=(0,), zebra=True)]
