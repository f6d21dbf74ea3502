"""Tables that fit their pane without scrolling sideways (DESIGN "Meeting mode": every tab
usable at 1280×720): the long text column takes the width the others leave and wraps,
and what a hidden column held moves into a tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableView

from etprio.gui.main_window import MainWindow
from etprio.gui.models.premises import FIRST_FACET, NAME_COLUMN
from etprio.gui.models.ranking import Column
from tests.gui.test_screen_fit import SMALL_SCREEN, on_a_small_projector


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


def at_the_desk(window: MainWindow, qtbot, width: int, height: int = 720) -> None:
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(5)


def test_the_desk_fits_the_ranking_on_a_1280_by_720_screen(main_window: MainWindow, qtbot) -> None:
    """Beside both docks the ranking takes the meeting's columns: the title, led by the
    bid's id, wraps beside the narrow columns, and the notes stay while the title keeps
    room for two lines; on a wide screen every desk column is back."""
    at_the_desk(main_window, qtbot, SMALL_SCREEN)
    table = main_window.ranking.table
    assert_fits_sideways(table)
    assert table.columnWidth(Column.TITLE) >= table.fontMetrics().averageCharWidth() * 16
    assert table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
    bid_id = table.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert table.model().index(0, Column.TITLE).data().startswith(f"{bid_id} ")
    assert table.isColumnHidden(Column.NOTES), "the title keeps room for its two lines"
    at_the_desk(main_window, qtbot, 1440, 900)
    assert_fits_sideways(table)
    assert table.isColumnHidden(Column.BID) and not table.isColumnHidden(Column.NOTES)
    at_the_desk(main_window, qtbot, 2560, 900)
    assert not table.isColumnHidden(Column.BID) and not table.isColumnHidden(Column.PRACTICE)
    assert table.rowHeight(0) < 2 * table.fontMetrics().lineSpacing()
    assert_fits_sideways(table)


def test_the_desk_fits_the_premises_on_a_1280_by_720_screen(main_window: MainWindow, qtbot) -> None:
    """The name wraps beside the need and the six grades, under shortened headings that
    name the facet in full in their tooltips; the other columns move into the name's
    tooltip, and come back on a wide screen."""
    premises = main_window.premises
    main_window.tabs.setCurrentWidget(premises)
    at_the_desk(main_window, qtbot, SMALL_SCREEN)
    table = premises.table
    assert_fits_sideways(table)
    assert table.columnWidth(NAME_COLUMN) >= table.fontMetrics().averageCharWidth() * 20
    name = table.model().index(0, NAME_COLUMN)
    assert "Practice: " in name.data(Qt.ItemDataRole.ToolTipRole)
    facet = table.model().headerData(FIRST_FACET, Qt.Orientation.Horizontal)
    tip = table.model().headerData(
        FIRST_FACET, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert len(facet) < len(tip)
    at_the_desk(main_window, qtbot, 2560, 900)
    assert not [c for c in range(table.model().columnCount()) if table.isColumnHidden(c)]
    assert table.model().headerData(FIRST_FACET, Qt.Orientation.Horizontal) == "Condition"
    assert_fits_sideways(table)


@pytest.mark.parametrize("meeting", [False, True], ids=["desk", "meeting"])
def test_the_member_weights_tables_fit_a_1440_by_900_screen(
    main_window: MainWindow, qtbot, meeting: bool
) -> None:
    """Each member's column folds into the row's tooltip (the bid's title too); the
    criterion wraps beside the committee's figures; on a wide desk every column is back."""
    panel = main_window.member_weights_panel
    main_window.tabs.setCurrentWidget(panel)
    at_the_desk(main_window, qtbot, 1440, 900)
    if meeting:
        main_window.set_meeting_mode(True)
        main_window.tabs.setCurrentWidget(panel)
        main_window.showNormal()
        main_window.resize(1440, 900)
        qtbot.wait(5)
    tables = [panel.findChild(QTableView, name) for name in MEMBER_WEIGHTS_TABLES]
    for table in tables:
        assert_fits_sideways(table)
    criteria = panel.criteria_model
    assert criteria.columnCount() < len(criteria._layout)
    tip = criteria.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Margaret Oduya: " in tip and "Lowest: " in tip
    bid_tip = panel.bids_model.index(0, panel.bids_model.column_of("Bid")).data(
        Qt.ItemDataRole.ToolTipRole
    )
    assert "rank" in bid_tip and "Title: " in bid_tip
    main_window.set_meeting_mode(False)
    at_the_desk(main_window, qtbot, 3840, 1200)
    assert criteria.columnCount() == len(criteria._layout)
    assert panel.bids_model.column_of("M01") is not None
    assert criteria.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


MEMBER_WEIGHTS_TABLES = ("memberWeightsCriteriaTable", "memberAnswersTable", "membersFundingTable")
