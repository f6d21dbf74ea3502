"""Tables that fit their pane without scrolling sideways (DESIGN "Meeting mode": every tab
usable at 1280×720): the long text column takes the width the others leave and wraps,
and what a hidden column held moves into a tooltip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

from etprio.gui.main_window import MainWindow
from tests.gui.test_screen_fit import on_a_small_projector


def assert_fits_sideways(table: QTableView) -> None:
    """Every shown column inside the viewport, each heading whole, no sideways scroll."""
    header = table.horizontalHeader()
    model = table.model()
    bold = QFont(header.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
    widths = {model.headerData(c, Qt.Orientation.Horizontal): header.sectionSize(c) for c in shown}
    assert header.length() <= table.viewport().width(), (table.viewport().width(), widths)
    assert table.horizontalScrollBar().maximum() == 0, widths
    cut = [
        heading
        for c in shown
        if metrics.horizontalAdvance(heading := str(model.headerData(c, Qt.Orientation.Horizontal)))
        > header.sectionSize(c)
    ]
    assert not cut, f"headings cut: {cut}"


def test_meeting_mode_fits_the_committee_members_on_a_1280_by_720_screen(
    main_window: MainWindow, qtbot
) -> None:
    """Names wrap over two lines beside the narrow columns; "Conflicted on" stays whole."""
    on_a_small_projector(main_window, qtbot)
    committee = main_window.committee_panel
    main_window.tabs.setCurrentWidget(committee)
    qtbot.wait(5)
    table = committee.members_table
    assert_fits_sideways(table)
    assert table.wordWrap() and table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
    main_window.set_meeting_mode(False)
    assert not table.wordWrap()
