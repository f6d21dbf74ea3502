"""Plain text measured, wrapped and written straight into a page's content stream.

A regional submission prints hundreds of thousands of table cells. reportlab measures a
string through three function calls and writes one through a text object that encodes it
again character by character, and at that size this is most of the report's time. Here a
word is measured once from the same font tables, so lines break exactly where reportlab's
``simpleSplit`` breaks them, and a string is encoded through a table of each character's
code in the embedded font subset; reportlab still assigns that code, the first time the
document meets the character.
"""

from __future__ import annotations

from functools import lru_cache
from weakref import WeakKeyDictionary

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfdoc import PDFDocument
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import TTFont


@lru_cache(maxsize=1 << 17)
def _units(word: str, font: str) -> float:
    """Width of ``word`` in thousandths of the font size, as reportlab sums it."""
    face = getFont(font).face
    widths, default = face.charWidths, face.defaultWidth
    return sum([widths.get(ord(c), default) for c in word])


def text_width(value: str, font: str, size: float) -> float:
    """``reportlab.pdfbase.pdfmetrics.stringWidth`` for the embedded TrueType fonts."""
    return _units(value, font) * size * 0.001


def wrap_lines(value: object, width: float, font: str, size: float) -> list[str]:
    """``value`` broken into lines no wider than ``width``: at spaces as ``simpleSplit``
    breaks them (one space between words, greedy), and a word wider than the cell split
    wherever it must be, so that it can never run into the next column."""
    space = text_width(" ", font, size)
    lines: list[str] = []
    for paragraph in str(value).splitlines() or [""]:
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        line: list[str] = []
        used = -space
        for word in words:
            wide = text_width(word, font, size)
            if used + space + wide <= width or not line:
                line.append(word)
                used = used + space + wide
            else:
                lines += _cut(line, used, width, font, size)
                line, used = [word], wide
        lines += _cut(line, used, width, font, size)
    return lines


def _cut(words: list[str], used: float, width: float, font: str, size: float) -> list[str]:
    """The words of one line; only a single word can be wider than the cell, and it is
    split wherever it must be."""
    line = " ".join(words)
    if used <= width:
        return [line]
    pieces: list[str] = []
    while len(line) > 1 and text_width(line, font, size) > width:
        cut = len(line) - 1
        while cut > 1 and text_width(line[:cut], font, size) > width:
            cut -= 1
        pieces.append(line[:cut])
        line = line[cut:]
    pieces.append(line)
    return pieces


_CODES: WeakKeyDictionary[PDFDocument, dict[str, dict[str, str]]] = WeakKeyDictionary()


class PageText:
    """PDF operators for plain text, rectangles and rules on one page, added to the canvas
    in one piece (``canvas.addLiteral``) inside a saved graphics state, so that the
    canvas's own idea of its font and colours stays true."""

    def __init__(self, doc: PDFDocument) -> None:
        self._doc = doc
        self._codes = _CODES.setdefault(doc, {})
        self._ops: list[str] = ["q"]
        self._in_text = False
        self._font: tuple[str, float, int] | None = None
        self._fill: Color | None = None

    def fill(self, colour: Color) -> None:
        if colour is not self._fill:
            self._fill = colour
            self._ops.append(f"{colour.red:.4f} {colour.green:.4f} {colour.blue:.4f} rg")

    def rect(self, x: float, y: float, width: float, height: float, colour: Color) -> None:
        self._end_text()
        self.fill(colour)
        self._ops.append(f"{x:.2f} {y:.2f} {width:.2f} {height:.2f} re f")

    def rule(self, x0: float, x1: float, y: float, width: float, colour: Color) -> None:
        self._end_text()
        self._ops.append(
            f"{width:g} w {colour.red:.4f} {colour.green:.4f} {colour.blue:.4f} RG "
            f"{x0:.2f} {y:.2f} m {x1:.2f} {y:.2f} l S"
        )

    def show(self, x: float, y: float, value: str, font: str, size: float) -> None:
        """``value`` with its baseline starting at (``x``, ``y``)."""
        if not value:
            return
        if not self._in_text:
            self._ops.append("BT")
            self._in_text = True
            self._font = None
        table = self._codes.get(font)
        try:
            runs = [(0, "".join([table[c] for c in value]))]  # type: ignore[index]
        except (KeyError, TypeError):
            runs = self._encoded(value, font)
        place = f"1 0 0 1 {x:.2f} {y:.2f} Tm "
        for subset, literal in runs:
            if self._font != (font, size, subset):
                self._font = (font, size, subset)
                name = self._ttf(font).getSubsetInternalName(subset, self._doc)
                self._ops.append(f"{name} {size:g} Tf")
            self._ops.append(f"{place}({literal}) Tj")
            place = ""

    def operators(self) -> str:
        self._end_text()
        return "\n".join([*self._ops, "Q"])

    def _end_text(self) -> None:
        if self._in_text:
            self._ops.append("ET")
            self._in_text = False

    def _ttf(self, font: str) -> TTFont:
        found = getFont(font)
        assert isinstance(found, TTFont), f"{font} is not an embedded TrueType font"
        return found

    def _encoded(self, value: str, font: str) -> list[tuple[int, str]]:
        """``value`` as (subset, escaped bytes) runs, the first time one of its characters
        is met: each character of the font's first subset (any text short of 200 distinct
        letters) goes into the table that :meth:`show` encodes from."""
        table = self._codes.setdefault(font, {})
        ttf = self._ttf(font)
        runs = ttf.splitString(value, self._doc)
        for c in set(value):
            if c not in table:
                ((subset, code),) = ttf.splitString(c, self._doc)
                if subset == 0:
                    table[c] = escapePDF(code)
        return [(subset, escapePDF(code)) for subset, code in runs]
