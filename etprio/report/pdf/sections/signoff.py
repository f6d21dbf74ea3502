"""The sign-off block: the submission goes to NHS England signed (DESIGN "Who uses it").
What the signatories confirm is generated from the record (CONTRACT §6), one statement to a
paragraph, so the page never contradicts the recusals or quorum pages before it. Names print
when the project records them; otherwise the lines are left to fill in by hand, because a
blank line is honest where a guessed name is not."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.sections.statements import funding_statement, governance_statements
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    CELL,
    CELL_BOLD,
    PALE_GREY,
    SECONDARY_TEXT,
    TEXT,
    make_style,
    text,
)

_FIELD = make_style("SignField", fontSize=8, leading=10, textColor=SECONDARY_TEXT)


def signoff_section(edition: Edition) -> list[Flowable]:
    cover = edition.content.cover
    opening = (
        f"On behalf of {cover.ccg_name}, we confirm that the {cover.committee} prioritised the "
        f"bids in this document (version {cover.version}) using the criteria and weights it "
        "shows, and that the record of how it decided is as follows:"
    )
    statements = [*governance_statements(edition), funding_statement(edition)]
    story: list[Flowable] = [
        Heading("Sign-off", "signoff"),
        Paragraph(text(opening), BODY),
        *(Paragraph(text(s), BULLET, bulletText="•") for s in statements),
        Spacer(1, 4 * mm),
    ]
    story += [
        KeepTogether([_block(s.role, s.name), Spacer(1, 5 * mm)])
        for s in edition.content.signatories
    ]
    return story


def _block(role: str, name: str) -> Table:
    label_width = 28 * mm
    rows = [
        [Paragraph(text(role), CELL_BOLD), ""],
        [Paragraph("Name", _FIELD), Paragraph(text(name), CELL)],
        [Paragraph("Signature", _FIELD), ""],
        [Paragraph("Date", _FIELD), ""],
    ]
    style = TableStyle(
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), PALE_GREY),
            ("LINEBELOW", (1, 1), (1, -1), 0.6, TEXT),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 1), (-1, -1), 7 * mm),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    return Table(rows, colWidths=[label_width, CONTENT_WIDTH - label_width], style=style)
