"""Cover and contents. The cover carries what NHS England files the submission by: the CCG,
title, date, version and protective marking, and the CCG's own logo when the user gives one
(never the NHS logo itself: DESIGN "Submission PDF"). The public edition says so in large
type, so a printed copy cannot be mistaken for the full one."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from etprio.core.errors import FileAccessError
from etprio.core.wording import format_date
from etprio.report.pdf.document import CONTENT_WIDTH, ContentsList, Heading, PageRecord
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import (
    BODY,
    FONT_BOLD,
    NHS_BLUE,
    NHS_DARK_BLUE,
    SECONDARY_TEXT,
    TEXT,
    make_style,
    para,
    text,
)

_CCG = make_style("CoverCCG", fontName=FONT_BOLD, fontSize=16, leading=20, textColor=NHS_BLUE)
_TITLE = make_style("CoverTitle", fontName=FONT_BOLD, fontSize=26, leading=31, textColor=TEXT)
_SUBTITLE = make_style("CoverSubtitle", fontSize=13, leading=17, textColor=SECONDARY_TEXT)
_LABEL = make_style("CoverLabel", fontSize=10, leading=13, textColor=SECONDARY_TEXT)
_VALUE = make_style("CoverValue", fontName=FONT_BOLD, fontSize=10, leading=13)
_EDITION = make_style(
    "CoverEdition", fontName=FONT_BOLD, fontSize=14, leading=18, textColor=colors.white
)
_EDITION_NOTE = make_style("CoverEditionNote", fontSize=9.5, leading=13, textColor=colors.white)
_LOGO_BOX = (50 * mm, 24 * mm)


def cover(edition: Edition) -> list[Flowable]:
    settings = edition.content.cover
    criteria = edition.matrix.criteria
    heading: Flowable = para(settings.ccg_name, _CCG)
    if settings.logo is not None:
        logo_width = _LOGO_BOX[0] + 4 * mm
        heading = Table(
            [[para(settings.ccg_name, _CCG), _logo(settings.logo)]],
            colWidths=[CONTENT_WIDTH - logo_width, logo_width],
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
    details = [
        ("Submitted by", settings.ccg_name),
        ("Agreed by", settings.committee),
        ("Date", format_date(settings.date)),
        ("Version", settings.version),
        ("Protective marking", edition.marking),
        ("Criteria set", criteria.name),
    ]
    facts = Table(
        [[para(label, _LABEL), para(value, _VALUE)] for label, value in details],
        colWidths=[45 * mm, CONTENT_WIDTH - 45 * mm],
        style=TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LINEABOVE", (0, 0), (-1, 0), 1.5, NHS_BLUE),
            ]
        ),
    )
    return [
        heading,
        Spacer(1, 48 * mm),
        para(settings.title, _TITLE),
        Spacer(1, 5 * mm),
        Paragraph("Ranked list of bids for submission to NHS England", _SUBTITLE),
        Spacer(1, 16 * mm),
        facts,
        Spacer(1, 12 * mm),
        _edition_box(edition),
        NextPageTemplate("body"),
        PageBreak(),
    ]


def _logo(path: object) -> Image:
    """The CCG's logo scaled into a fixed box; an unreadable file is the user's to fix."""
    try:
        width, height = ImageReader(str(path)).getSize()
    except (OSError, ValueError) as exc:
        raise FileAccessError(f"{path}: cannot read the logo image ({exc})") from exc
    scale = min(_LOGO_BOX[0] / width, _LOGO_BOX[1] / height)
    return Image(str(path), width=width * scale, height=height * scale)


def _edition_box(edition: Edition) -> Table:
    if edition.public:
        title = "Public edition"
        note = (
            "For publication. Notes, confidential columns and declarations of interest "
            "marked as withheld are left out of this edition."
        )
        background = NHS_BLUE
    else:
        title = "Full edition"
        note = (
            "Includes assessors' notes and any confidential columns. Not for publication: "
            "the CCG's website carries the public edition."
        )
        background = NHS_DARK_BLUE
    return Table(
        [[Paragraph(text(title), _EDITION)], [Paragraph(text(note), _EDITION_NOTE)]],
        colWidths=[CONTENT_WIDTH],
        style=TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 4 * mm),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 4 * mm),
            ]
        ),
    )


def contents(entries: list[tuple[str, str]], record: PageRecord) -> list[Flowable]:
    return [
        Heading("Contents", "contents"),
        Spacer(1, 4 * mm),
        ContentsList(entries, record),
        Spacer(1, 8 * mm),
        Paragraph(
            "Every bid has its own page after the ranked list, in rank order. Ranks, scores "
            "and funding decisions are the same as in the etprio app and its exports: one "
            "calculation produces them all.",
            BODY,
        ),
        PageBreak(),
    ]
