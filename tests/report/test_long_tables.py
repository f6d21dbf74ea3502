"""Long tables: every row once, in order, under the header on every page; plain text
measured and wrapped exactly as reportlab measures and wraps it."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate

from etprio.report.pdf.long_tables import Band, Look, Row, TextTable
from etprio.report.pdf.plain_text import text_width, wrap_lines
from etprio.report.pdf.styles import FONT, FONT_BOLD, FUNDED_TINT, WARNING_TEXT, register_fonts

register_fonts()

_WORDS = st.text(alphabet="abcdefghij KLMNOP £—ŵŷ,.()&<>1234567890\n\t", max_size=90)


def _reportlab_wrap(value: str, width: float, font: str, size: float) -> list[str]:
    """What the report printed before: reportlab's simpleSplit, long words cut."""
    lines = []
    for paragraph in value.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    return lines


@settings(max_examples=400, deadline=None)
@given(_WORDS, st.floats(2, 200), st.sampled_from([FONT, FONT_BOLD]), st.sampled_from([7.5, 8.5]))
def test_text_is_measured_and_wrapped_as_reportlab_does(
    value: str, width: float, font: str, size: float
) -> None:
    assert text_width(value, font, size) == stringWidth(value, font, size)
    assert wrap_lines(value, width, font, size) == _reportlab_wrap(value, width, font, size)


def _rows(count: int) -> list[Row | Band]:
    rows: list[Row | Band] = []
    for n in range(1, count + 1):
        title = "Title\nsecond line" if n % 3 else "Title"
        cells = [str(n), f"B{n:04d}", title]
        if n % 7 == 0:
            cells[2] = (("Title", Look()), ("Ineligible:\nno land", Look(colour=WARNING_TEXT)))
        rows.append(Row(cells, FUNDED_TINT if n % 5 == 0 else None))
        if n == count // 2:
            rows.append(Band("Funding line: half the bids funded", ruled=True))
    return rows


def test_a_page_break_keeps_every_row_once_in_order_under_the_header() -> None:
    table = TextTable(["Rank", "Bid", "Title"], _rows(300), [40, 60, 200], right=(0,))
    parts = []
    rest = table
    while True:
        rest.wrap(300, 500)
        pieces = rest.split(300, 500)
        if pieces == [rest] or not pieces:
            parts.append(rest)
            break
        first, rest = pieces
        _, height = first.wrap(300, 500)
        assert height <= 500
        parts.append(first)
    assert len(parts) > 5
    assert sum(p.row_count for p in parts) == 301  # 300 bids and the funding line


def test_nothing_fits_below_the_header_moves_the_table_to_the_next_page() -> None:
    table = TextTable(["Rank"], [Row(["1"]), Row(["2"])], [40])
    assert table.split(40, 20) == []


def test_a_drawn_table_reads_back_row_by_row_with_the_header_on_every_page() -> None:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    table = TextTable(["Rank", "Bid", "Title"], _rows(300), [40, 60, 300], right=(0,))
    document.build([table])
    pages = [p.extract_text() for p in PdfReader(buffer).pages]
    assert len(pages) > 5
    assert all(t.startswith("Rank Bid Title") for t in pages)
    text = "\n".join(pages)
    found = [int(word[1:]) for word in text.split() if word.startswith("B0")]
    assert found == list(range(1, 301))
    assert text.index("B0150") < text.index("Funding line: half") < text.index("B0151")
    assert "Ineligible:\nno land" in text
