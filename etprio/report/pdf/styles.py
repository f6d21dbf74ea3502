"""How the submission looks: the embedded font, NHS identity colours used sparingly, and the
paragraph and table styles every section shares (DESIGN "Submission PDF").

The font is Liberation Sans (metric-compatible with Arial, the NHS identity's fallback
typeface), embedded from ``resources/fonts`` so that £, en dashes and Welsh ŵ ŷ print and
extract on any machine; reportlab's built-in Helvetica has none of the Welsh letters.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, TableStyle

from etprio.core.resources import resource_path
from etprio.report.pdf.plain_text import wrap_lines

FONT = "EtprioSans"
FONT_BOLD = "EtprioSans-Bold"
FONT_ITALIC = "EtprioSans-Italic"
_FONT_FILES = {
    FONT: "LiberationSans-Regular.ttf",
    FONT_BOLD: "LiberationSans-Bold.ttf",
    FONT_ITALIC: "LiberationSans-Italic.ttf",
}

NHS_BLUE = colors.HexColor("#005EB8")
NHS_DARK_BLUE = colors.HexColor("#003087")
TEXT = colors.HexColor("#212B32")
SECONDARY_TEXT = colors.HexColor("#4C6272")
PALE_GREY = colors.HexColor("#E8EDEE")
RULE_GREY = colors.HexColor("#AEB7BD")
FUNDED_TINT = colors.HexColor("#E6F0FA")
WARNING_TEXT = colors.HexColor("#8A1538")

PAGE_MARGIN = 18 * mm


def register_fonts() -> None:
    """Register the embedded font family once per process (reportlab's registry is global)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in _FONT_FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD
    )


def make_style(name: str, **kwargs: object) -> ParagraphStyle:
    base: dict[str, object] = {
        "fontName": FONT,
        "fontSize": 9.5,
        "leading": 13,
        "textColor": TEXT,
        "splitLongWords": 1,
    }
    base.update(kwargs)
    return ParagraphStyle(name, **base)


BODY = make_style("Body", spaceAfter=6)
SMALL = make_style("Small", fontSize=8, leading=10)
CELL = make_style("Cell", fontSize=8.5, leading=10.5)
CELL_BOLD = make_style("CellBold", fontName=FONT_BOLD, fontSize=8.5, leading=10.5)
CAPTION = make_style("Caption", fontSize=8, leading=10.5, textColor=SECONDARY_TEXT, spaceBefore=3)
HEADING_1 = make_style(
    "Heading1", fontName=FONT_BOLD, fontSize=18, leading=22, textColor=NHS_BLUE, spaceAfter=10
)
HEADING_2 = make_style(
    "Heading2", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5
)
BULLET = make_style("Bullet", leftIndent=12, bulletIndent=2, spaceAfter=3)
FIGURE = make_style("Figure", fontName=FONT_BOLD, fontSize=16, leading=19, textColor=NHS_DARK_BLUE)


def text(value: object) -> str:
    """User text as Paragraph markup that prints exactly as typed (CONTRACT §5: the PDF
    escapes all user text), so a title ``<b>R&D</b>`` is never read as bold."""
    return escape(str(value)).replace("\n", "<br/>")


def para(value: object, style: ParagraphStyle = CELL) -> Paragraph:
    """A Paragraph of user text, escaped."""
    return Paragraph(text(value), style)


def header_row(labels: Sequence[str], widths: Sequence[float]) -> list[str]:
    """A table's header cells, wrapped to their columns; :func:`grid_style` colours them.
    Plain cells rather than Paragraphs: a 200-bid report has over a thousand headers."""
    return [
        wrap(label, width - 8, FONT_BOLD, 8) for label, width in zip(labels, widths, strict=True)
    ]


def grid_style(*, right_columns: Sequence[int] = (), zebra: bool = True) -> TableStyle:
    """The house table: NHS Blue header row, thin grey rules, optional pale banding."""
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("LEADING", (0, 0), (-1, -1), 10.5),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
        ("BACKGROUND", (0, 0), (-1, 0), NHS_BLUE),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, 0), 8),
        ("LEADING", (0, 0), (-1, 0), 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE_GREY),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, PALE_GREY]))
    commands += [("ALIGN", (c, 0), (c, -1), "RIGHT") for c in right_columns]
    return TableStyle(commands)


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "bid")`` → ``1 bid``; ``plural(3, "bid")`` → ``3 bids``."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def clip(label: str, width: float, font: str = FONT, size: float = 8) -> str:
    """Shorten a one-line label with an ellipsis so that it never runs into its neighbour
    (footers and chart labels cannot wrap)."""
    if stringWidth(label, font, size) <= width:
        return label
    while label and stringWidth(label + "…", font, size) > width:
        label = label[:-1]
    return label.rstrip() + "…"


def wrap(value: object, width: float, font: str = FONT, size: float = 8.5) -> str:
    """User text broken into lines for a plain table cell, as a Paragraph would break it
    but many times faster: a regional submission has hundreds of thousands of such cells.
    Plain cells are drawn as literal text, so nothing needs escaping; a word wider than the
    cell is split, so it can never run into the next column."""
    return "\n".join(wrap_lines(value, width, font, size))


def cell(value: object, column_width: float) -> str:
    """User text for a :func:`grid_style` table cell of ``column_width``, wrapped inside
    its padding (plain, so printed exactly as typed)."""
    return wrap(value, column_width - 8)
