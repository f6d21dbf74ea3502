"""Colours, fonts and the meeting-mode stylesheet, kept in one place so every panel agrees.

Criterion colours follow Okabe and Ito's palette, which stays distinguishable for the
common kinds of colour blindness; a committee of twelve has, on average, one member who
cannot tell red from green. Accents use NHS Blue (#005EB8), as the NHS identity guidelines
ask, sparingly. Meaning is never carried by colour alone: arrows, text and lines go with it.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

from etprio.report.palette import OKABE_ITO as OKABE_ITO
from etprio.report.palette import colour_at

NHS_BLUE = "#005EB8"
NHS_DARK_BLUE = "#003087"
NHS_DARK_GREY = "#425563"
NHS_PALE_GREY = "#E8EDEE"
FUNDED_TINT = "#E3EEF9"
MOVED_UP = "#0072B2"
MOVED_DOWN = "#D55E00"
INELIGIBLE_TEXT = "#6B7780"
ERROR_TEXT = "#B3261E"
WARNING_TEXT = "#8A5A00"


# OrRd from ColorBrewer: a single-hue ramp that reads the same to colour-blind viewers and
# in greyscale print, from "no need" (pale) to "most need" (dark red).
_NEED_STOPS: tuple[tuple[float, QColor], ...] = (
    (0.0, QColor("#FEF0D9")),
    (0.33, QColor("#FDCC8A")),
    (0.5, QColor("#FC8D59")),
    (0.67, QColor("#E34A33")),
    (1.0, QColor("#B30000")),
)


def criterion_colour(position: int) -> QColor:
    """Colour of the criterion at ``position`` in the criteria file: the palette the
    submission PDF uses too (:mod:`etprio.report.palette`)."""
    return QColor(colour_at(position))


def need_colour(need: float) -> QColor:
    """Background for a graded survey cell: need 0 pale, need 1 dark red."""
    need = min(max(need, 0.0), 1.0)
    for (low, low_colour), (high, high_colour) in itertools.pairwise(_NEED_STOPS):
        if need <= high:
            t = (need - low) / (high - low)
            return QColor.fromRgbF(
                low_colour.redF() + t * (high_colour.redF() - low_colour.redF()),
                low_colour.greenF() + t * (high_colour.greenF() - low_colour.greenF()),
                low_colour.blueF() + t * (high_colour.blueF() - low_colour.blueF()),
            )
    return QColor(_NEED_STOPS[-1][1])


def text_colour_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background`` (WCAG relative luminance)."""
    return QColor("#000000") if background.lightnessF() > 0.55 else QColor("#FFFFFF")


def apply_app_style(app: QApplication) -> None:
    """Fusion everywhere, so the projector shows what the laptop showed, with NHS Blue
    selection and a font large enough for a committee room."""
    app.setStyle("Fusion")
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(NHS_BLUE))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#FFFFFF"))
    palette.setColor(QPalette.ColorRole.Link, QColor(NHS_BLUE))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.0))
    app.setFont(font)


WINDOW_QSS = f"""
QDockWidget::title {{
    background: {NHS_PALE_GREY}; padding: 4px 8px; font-weight: bold;
}}
QGroupBox {{ font-weight: bold; margin-top: 14px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 6px; padding: 0 2px; color: {NHS_DARK_BLUE}; }}
QHeaderView::section {{
    background: {NHS_PALE_GREY}; padding: 4px; border: none;
    border-right: 1px solid #C8D1D3; border-bottom: 1px solid #C8D1D3; font-weight: bold;
}}
QTableView {{ gridline-color: #DDE3E5; }}
QToolBar {{ spacing: 6px; padding: 2px; }}
QLabel#weightsMessage {{
    background: #FFF4E5; color: {WARNING_TEXT}; border: 1px solid #E6B87A;
    border-radius: 3px; padding: 6px;
}}
QLabel#importSummary[hasErrors="true"] {{ color: {ERROR_TEXT}; font-weight: bold; }}
QLabel#criterionChip {{ min-width: 12px; max-width: 12px; min-height: 12px; max-height: 12px; }}
"""

MEETING_QSS = f"""
QWidget {{ font-size: 17pt; color: #000000; }}
QMainWindow, QWidget#meetingBackground {{ background: #FFFFFF; }}
QTableView {{
    background: #FFFFFF; alternate-background-color: #F0F4F5; gridline-color: #7A8A90;
    selection-background-color: {NHS_DARK_BLUE}; selection-color: #FFFFFF;
}}
QHeaderView {{ font-size: 15pt; }}
QHeaderView::section {{
    background: {NHS_DARK_BLUE}; color: #FFFFFF; font-weight: bold; padding: 4px;
    border: none; border-right: 1px solid #FFFFFF;
}}
QDockWidget {{ color: #FFFFFF; }}
QDockWidget::title {{ background: {NHS_DARK_BLUE}; padding: 6px; }}
QGroupBox::title {{ color: {NHS_DARK_BLUE}; }}
QSlider::groove:horizontal {{ height: 10px; background: #C8D1D3; border-radius: 5px; }}
QSlider::sub-page:horizontal {{ background: {NHS_BLUE}; border-radius: 5px; }}
QSlider::handle:horizontal {{
    background: #FFFFFF; border: 3px solid {NHS_DARK_BLUE}; width: 22px; margin: -8px 0;
    border-radius: 12px;
}}
QToolBar {{ background: {NHS_DARK_BLUE}; }}
QToolBar QToolButton {{ color: #FFFFFF; font-weight: bold; padding: 6px 12px; }}
QToolBar QToolButton:checked {{
    background: #FFFFFF; color: {NHS_DARK_BLUE}; border-radius: 3px;
}}
QStatusBar {{ background: {NHS_DARK_BLUE}; color: #FFFFFF; font-size: 13pt; }}
QStatusBar QLabel {{ color: #FFFFFF; font-size: 13pt; }}
QTabBar::tab {{
    font-size: 15pt; padding: 6px 12px; margin-right: 2px; color: #000000;
    background: {NHS_PALE_GREY}; border: 1px solid #7A8A90; border-bottom: none;
}}
QTabBar::tab:selected {{ background: {NHS_DARK_BLUE}; color: #FFFFFF; font-weight: bold; }}
QCheckBox::indicator, QTableView::indicator {{ width: 24px; height: 24px; }}
QToolButton {{ qproperty-iconSize: 28px 28px; }}
QComboBox, QSpinBox, QDoubleSpinBox, QLineEdit, QPushButton {{ padding: 4px 8px; }}
QSlider {{ min-height: 32px; }}
QScrollBar:vertical {{ width: 22px; }}
QScrollBar:horizontal {{ height: 22px; }}
QLabel#criterionChip {{ min-width: 20px; max-width: 20px; min-height: 20px; max-height: 20px; }}
QLabel#weightsBaseline {{ font-size: 12pt; }}
QWidget#weightsPanel QGroupBox {{ font-size: 13pt; }}
QWidget#weightsPanel QDoubleSpinBox {{ padding: 2px 4px; max-width: 96px; }}
QWidget#weightsPanel QDoubleSpinBox::up-button, QWidget#weightsPanel QDoubleSpinBox::down-button {{
    width: 0px; border: none;
}}
"""


def padlock_icon() -> QIcon:
    """A drawn padlock, open when off and closed when on, for the weight lock buttons.

    Drawn rather than shipped as a file so it scales crisply on HiDPI projectors and needs
    no emoji font, which locked-down NHS desktops often lack.
    """
    icon = QIcon()
    for closed, state in ((False, QIcon.State.Off), (True, QIcon.State.On)):
        for size in (16, 24, 32, 48):
            icon.addPixmap(_padlock_pixmap(size, closed), QIcon.Mode.Normal, state)
    return icon


def _padlock_pixmap(size: int, closed: bool) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(NHS_BLUE if closed else NHS_DARK_GREY)
    s = size / 16.0
    painter.setPen(QPen(colour, 1.6 * s))
    lift = 0.0 if closed else 2.0  # an open shackle rises out of the body
    shackle = QPainterPath()
    shackle.moveTo(5.0 * s, 8.0 * s)
    shackle.lineTo(5.0 * s, (5.5 - lift) * s)
    shackle.arcTo(QRectF(5.0 * s, (2.5 - lift) * s, 6.0 * s, 6.0 * s), 180, -180)
    shackle.lineTo(11.0 * s, (8.0 if closed else 4.5) * s)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(QRectF(3.0 * s, 8.0 * s, 10.0 * s, 7.0 * s), 1.5 * s, 1.5 * s)
    painter.end()
    return pixmap
