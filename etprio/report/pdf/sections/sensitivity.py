"""Sensitivity in plain words (DESIGN "Submission PDF": "Bid B07 stays above the line unless
the training weight rises above 27%"). Committees argued about weights (DOMAIN "What they
argued about"); this page shows NHS England how far each weight could move before the
answer would change, using the CONTRACT §4 stability intervals."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from etprio.core.wording import format_percent
from etprio.report.pdf.content import Stability
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import BODY, BULLET, CELL, HEADING_2, grid_style, header_row, text


def sensitivity_section(edition: Edition) -> list[Flowable]:
    summary = edition.content.sensitivity
    story: list[Flowable] = [Heading("How stable is the ranking?", "sensitivity")]
    if summary is None:
        story.append(
            Paragraph(
                text(
                    "No sensitivity analysis was attached to this edition. The app's "
                    "Sensitivity tab and the etprio sensitivity command show how far each "
                    "weight can move before the ranking or the funding line changes."
                ),
                BODY,
            )
        )
        return story
    if edition.findings:
        story.append(Paragraph("Findings", HEADING_2))
        if summary.sampling:
            story.append(Paragraph(text(summary.sampling), BODY))
        story += [Paragraph(text(f), BULLET, bulletText="•") for f in edition.findings]
    if summary.stability:
        story += [
            Paragraph("How far each weight can move", HEADING_2),
            Paragraph(text(_scope_words(summary.stability[0])), BODY),
            _stability_table(edition, summary.stability),
        ]
    return story


def _scope_words(row: Stability) -> str:
    if row.scope == "funded_set":
        what = "the set of bids funded in rank order stays"
    elif row.n == 1:
        what = "the first-ranked bid stays"
    else:
        what = f"the top {row.n} bids stay"
    return (
        f"For each criterion, the range of its share of the total weight over which {what} "
        "the same (which bids, not their order), with the other weights rescaled in "
        "proportion. A narrow range means the answer depends closely on that weight."
    )


def _stability_table(edition: Edition, rows_in: tuple[Stability, ...]) -> Table:
    criteria = edition.matrix.criteria
    labels = {c.key: c.label for c in criteria.criteria}
    widths = [CONTENT_WIDTH - 66 * mm, 22 * mm, 22 * mm, 22 * mm]
    rows: list[list] = [header_row(["Criterion", "Weight now", "Holds from", "to"], widths)]
    for row in rows_in:
        rows.append(
            [
                Paragraph(text(labels.get(row.criterion, row.criterion)), CELL),
                format_percent(row.current),
                format_percent(row.low),
                format_percent(row.high),
            ]
        )
    return Table(rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(1, 2, 3)))
