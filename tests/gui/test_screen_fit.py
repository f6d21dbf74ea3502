"""The window on a small screen and a projector (DESIGN "Meeting mode": every tab usable
at 1280×720, no tab makes the window wider than the screen), and what a slider move
costs the views."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QDoubleSpinBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSlider,
    QTableView,
    QTabWidget,
    QToolButton,
)

from etprio.gui.main_window import MainWindow
from etprio.gui.models.log import LogModel
from etprio.gui.models.rank_ordered import RankOrderedModel
from etprio.gui.models.ranking import Column, RankingModel
from etprio.gui.models.row_table import RowTableModel
from etprio.gui.session import Session, load_demo

SMALL_SCREEN = 1280


def each_tab(window: MainWindow):
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        yield window.tabs.tabText(index).replace("&", "")


@pytest.mark.parametrize("meeting", [False, True], ids=["desk", "meeting"])
def test_no_tab_needs_more_than_a_small_screen(main_window: MainWindow, meeting: bool) -> None:
    main_window.set_meeting_mode(meeting)
    main_window.showNormal()
    main_window.resize(SMALL_SCREEN, 720)
    too_wide = {}
    for name in each_tab(main_window):
        page = main_window.tabs.currentWidget()
        needs = max(page.minimumSizeHint().width(), main_window.minimumSizeHint().width())
        if needs > SMALL_SCREEN:
            too_wide[name] = needs
    assert not too_wide, f"tabs wider than {SMALL_SCREEN} px: {too_wide}"
    main_window.set_meeting_mode(False)


def test_visiting_every_tab_leaves_the_window_its_width(main_window: MainWindow, qtbot) -> None:
    main_window.resize(SMALL_SCREEN, 720)
    main_window.show()
    qtbot.waitExposed(main_window)
    for _ in each_tab(main_window):
        qtbot.wait(1)
        assert main_window.width() <= SMALL_SCREEN
    main_window.tabs.setCurrentIndex(0)
    assert main_window.width() <= SMALL_SCREEN


def elided_texts(window: MainWindow) -> list[str]:
    """Visible header sections and buttons whose text does not fit their width."""
    found = []
    for table in window.findChildren(QTableView):
        if not table.isVisible():
            continue
        header: QHeaderView = table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        model = table.model()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(model.headerData(section, Qt.Orientation.Horizontal) or "")
            if text and metrics.horizontalAdvance(text) > header.sectionSize(section):
                found.append(f"{table.objectName()}: {text}")
    for button in window.findChildren(QAbstractButton):
        if (
            button.isVisible()
            and button.text()
            and button.width() < button.minimumSizeHint().width()
        ):
            found.append(f"button {button.text()}")
    return found


def test_meeting_mode_cuts_no_heading_or_button_at_1440_by_900(
    main_window: MainWindow, qtbot
) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    main_window.showNormal()
    main_window.resize(1440, 900)
    cut = {}
    for name in each_tab(main_window):
        qtbot.wait(5)
        found = elided_texts(main_window)
        if found:
            cut[name] = found
    assert not cut, cut
    main_window.set_meeting_mode(False)


def test_meeting_mode_keeps_every_tab_a_key_away(main_window: MainWindow, qtbot) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)

    def shortcut(keys: str) -> QAction:
        wanted = QKeySequence(keys)
        return next(a for a in main_window.actions() if a.shortcut() == wanted)

    assert main_window.tabs.tabBar().isVisible()
    shortcut("Ctrl+3").trigger()
    assert main_window.tabs.currentWidget() is main_window.funding_panel
    shortcut("Ctrl+Tab").trigger()
    assert main_window.tabs.currentWidget() is main_window.sensitivity_panel
    shortcut("Ctrl+Shift+Tab").trigger()
    assert main_window.tabs.currentWidget() is main_window.funding_panel
    main_window.set_meeting_mode(False)


def test_meeting_mode_shows_flags_and_the_bid_with_its_title(main_window: MainWindow) -> None:
    main_window.resize(2560, 900)  # the desk then has room for the bid's own column
    main_window.set_meeting_mode(True)
    table = main_window.ranking.table
    assert not table.isColumnHidden(Column.FLAGS)
    assert table.isColumnHidden(Column.BID) and table.isColumnHidden(Column.NOTES)
    assert table.wordWrap()
    first = table.model().index(0, Column.TITLE).data()
    bid_id = table.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert first.startswith(f"{bid_id} ")
    main_window.set_meeting_mode(False)
    assert table.model().index(0, Column.TITLE).data() == first.removeprefix(f"{bid_id} ")


def on_a_small_projector(window: MainWindow, qtbot) -> None:
    """Meeting mode in a 1280×720 window, the weights dock at its meeting-mode share."""
    window.show()
    qtbot.waitExposed(window)
    window.set_meeting_mode(True)
    window.showNormal()
    window.resize(SMALL_SCREEN, 720)
    window.resizeDocks([window.weights_dock], [SMALL_SCREEN * 28 // 100], Qt.Orientation.Horizontal)
    qtbot.wait(5)


def test_meeting_mode_keeps_the_flags_on_a_1280_by_720_screen(
    main_window: MainWindow, qtbot
) -> None:
    """The chair sees every column of the ranking without scrolling sideways, and the
    titles keep room for a few words on each of their two lines."""
    on_a_small_projector(main_window, qtbot)
    table = main_window.ranking.table
    right = table.columnViewportPosition(Column.FLAGS) + table.columnWidth(Column.FLAGS)
    assert table.columnViewportPosition(Column.FLAGS) >= 0
    assert right <= table.viewport().width(), "the Flags column is off screen"
    assert not table.horizontalScrollBar().isVisible()
    assert table.columnWidth(Column.TITLE) >= table.fontMetrics().averageCharWidth() * 18, {
        c.name: table.columnWidth(c) for c in Column if not table.isColumnHidden(c)
    }
    lines = table.rowHeight(0) // table.fontMetrics().lineSpacing()
    assert lines >= 2, "titles wrap to two lines"
    tab_bar = main_window.tabs.tabBar()
    assert tab_bar.sizeHint().width() <= main_window.tabs.width(), "the tabs need scroll arrows"
    weights = main_window.weights
    total = weights.findChild(QLabel, "weightsTotal")
    assert total.isVisible()
    assert total.parentWidget() is weights and weights.rect().contains(total.geometry())
    assert not weights._scroll.horizontalScrollBar().isVisible(), "the sliders fit the panel"
    main_window.set_meeting_mode(False)


def test_meeting_mode_flags_are_short_words_one_to_a_line(main_window: MainWindow) -> None:
    main_window.resize(2560, 900)  # the desk then has room for the flags' full words
    model = main_window.ranking.model
    main_window.set_meeting_mode(True)
    flags = [model.index(row, Column.FLAGS).data() for row in range(model.rowCount())]
    assert any(flags), "the demo has flagged bids"
    for text in flags:
        assert " · " not in text and "Neutral:" not in text
        assert all(len(line) <= 18 for line in text.splitlines()), text
    main_window.set_meeting_mode(False)
    assert any(
        " · " in text or "Neutral: " in text
        for text in (model.index(row, Column.FLAGS).data() for row in range(model.rowCount()))
    )


def test_a_reweight_in_meeting_mode_lays_no_row_out_again(main_window: MainWindow, qtbot) -> None:
    """Rows have one fixed two-line height in meeting mode: a slider move never asks
    every row for its size (DESIGN performance targets)."""
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    table = main_window.ranking.table
    assert table.verticalHeader().sectionResizeMode(0) != QHeaderView.ResizeMode.ResizeToContents
    height = table.rowHeight(0)
    main_window.findChild(QSlider, "weightSlider_training").setValue(45)
    qtbot.wait(5)
    assert {table.rowHeight(row) for row in range(table.model().rowCount())} == {height}
    main_window.set_meeting_mode(False)


def test_meeting_mode_gives_the_premises_and_the_log_the_whole_width(
    main_window: MainWindow, qtbot
) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    assert main_window.weights_dock.isVisible()
    main_window.tabs.setCurrentWidget(main_window.premises)
    assert not main_window.weights_dock.isVisible()
    main_window.tabs.setCurrentWidget(main_window.funding_panel)
    assert main_window.weights_dock.isVisible(), "funding moves with the weights"
    main_window.tabs.setCurrentWidget(main_window.log_panel)
    assert not main_window.weights_dock.isVisible()
    main_window.set_meeting_mode(False)
    assert main_window.weights_dock.isVisible()


def test_meeting_mode_puts_the_premises_need_beside_the_name(main_window: MainWindow) -> None:
    table = main_window.premises.table
    header = table.horizontalHeader()
    model = table.model()
    need = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == "Need"
    )
    main_window.set_meeting_mode(True)
    shown = [header.logicalIndex(v) for v in range(header.count())]
    shown = [c for c in shown if not header.isSectionHidden(c)]
    assert shown[1] == need, "the need follows the name (which the id leads)"
    main_window.set_meeting_mode(False)
    assert [header.logicalIndex(v) for v in range(header.count())] == list(range(header.count()))


def test_the_funding_tables_take_the_free_height(main_window: MainWindow, qtbot) -> None:
    """Both selections fill what the budgets leave of the screen rather than showing a few
    rows above the charts; the charts are a scroll away."""
    main_window.showNormal()
    main_window.resize(1440, 900)
    qtbot.waitExposed(main_window)
    funding = main_window.funding_panel
    main_window.tabs.setCurrentWidget(funding)
    qtbot.wait(5)
    area = funding.findChild(QScrollArea)
    chart_top = funding.by_year_chart.mapTo(area.widget(), QPoint(0, 0)).y()
    assert chart_top >= area.viewport().height()


def test_meeting_mode_keeps_rows_of_both_selections_in_view(main_window: MainWindow, qtbot) -> None:
    """Large type stacks the two selections; each keeps the rows it asks for rather than
    the height it had side by side."""
    main_window.resize(SMALL_SCREEN, 720)
    main_window.show()
    qtbot.waitExposed(main_window)
    funding = main_window.funding_panel
    main_window.tabs.setCurrentWidget(funding)
    qtbot.wait(5)
    main_window.set_meeting_mode(True)
    main_window.showNormal()
    main_window.resize(SMALL_SCREEN, 720)
    main_window.tabs.setCurrentWidget(funding)
    qtbot.wait(5)
    for table in (funding.rank_order_table, funding.best_value_table):
        assert table.viewport().height() >= 4 * table.rowHeight(0), table.objectName()
    main_window.set_meeting_mode(False)


def test_the_contribution_bars_keep_half_the_chart_on_a_small_screen(
    main_window: MainWindow, qtbot
) -> None:
    """A legend of one criterion to a line would squash the bars into a strip at 1280×720;
    it gives way (the weights panel's chips name the colours)."""
    main_window.showNormal()
    main_window.resize(SMALL_SCREEN, 720)
    qtbot.waitExposed(main_window)
    qtbot.wait(5)
    chart = main_window.chart
    assert chart.plot_area().height() >= chart.height() / 2


def test_meeting_mode_type_reaches_the_funding_charts(main_window: MainWindow, qtbot) -> None:
    """Year labels and legends are read from the back of the room, not only the tables."""
    main_window.show()
    qtbot.waitExposed(main_window)
    funding = main_window.funding_panel
    desk = funding.chart.plot.getAxis("bottom").style["tickFont"]
    main_window.set_meeting_mode(True)
    main_window.tabs.setCurrentWidget(funding)
    qtbot.wait(5)
    for chart in (funding.chart, funding.by_year_chart):
        tick = chart.plot.getAxis("bottom").style["tickFont"]
        assert tick.pointSizeF() == chart.font().pointSizeF() > 14
        assert chart._legend.opts["labelTextSize"] == f"{chart.font().pointSizeF():g}pt"
    main_window.set_meeting_mode(False)
    tick = funding.chart.plot.getAxis("bottom").style["tickFont"]
    assert desk is None or tick.pointSizeF() < 14


def test_meeting_mode_sensitivity_charts_name_rows_in_large_type_without_overlap(
    main_window: MainWindow, qtbot
) -> None:
    main_window.resize(1440, 900)
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    panel = main_window.sensitivity_panel
    main_window.tabs.setCurrentWidget(panel)
    panel.settle()
    qtbot.wait(20)
    stability, heatmap = panel.stability_chart, panel.heatmap
    for chart in (stability, heatmap):
        tick = chart.plot.getAxis("left").style["tickFont"]
        assert tick is not None and tick.pointSizeF() == chart.font().pointSizeF() > 14
    criteria = len(main_window.session.criteria.criteria)
    assert stability.plot.vb.height() >= criteria * stability.fontMetrics().height()
    labelled = heatmap.plot.getAxis("left")._tickLevels[0]
    line = heatmap.fontMetrics().height()
    assert 0 < len(labelled) * line <= 0.8 * heatmap.plot.vb.height()
    main_window.set_meeting_mode(False)


# --- what a slider move costs -----------------------------------------------------------------


def test_a_weight_change_signals_only_the_score_columns(qtbot) -> None:
    session = Session(load_demo())
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    spans: list[tuple[int, int, int, int]] = []
    model.dataChanged.connect(
        lambda a, b, _roles=(): spans.append((a.row(), a.column(), b.row(), b.column()))
    )
    weights = list(session.weights)
    weights[session.criteria.keys.index("training")] += 7
    session.set_weights(weights)
    model.set_scores(session.scores, session.baseline_rank)
    *moved, scored = spans
    assert scored == (0, Column.MOVE, model.rowCount() - 1, Column.SCORE)
    assert len(moved) <= 1, "rows whose bid changed: one span, every column"
    assert all(first <= last and (a, b) == (0, len(Column) - 1) for first, a, last, b in moved)
    weights[session.criteria.keys.index("training")] = 0
    session.set_weights(weights)
    spans.clear()
    model.set_scores(session.scores, session.baseline_rank)
    assert spans[-1] == (0, Column.MOVE, model.rowCount() - 1, Column.FLAGS)


def test_row_tables_signal_only_the_rows_that_changed(qtbot) -> None:
    model = LogModel()
    session = Session(load_demo())
    log = session.data.project.log
    from etprio.core.project.decision_log import verify_chain

    model.set_log(log, verify_chain(log.entries))
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): spans.append((a.row(), b.row())))
    rows = list(model.rows)
    model.set_rows(rows)
    assert spans == []
    if len(rows) >= 2:
        rows[1] = rows[0]
        model.set_rows(rows)
        assert spans == [(1, 1)]


def test_a_slider_move_asks_the_views_for_few_cells(
    main_window: MainWindow, qtbot, monkeypatch
) -> None:
    """Hidden tabs wait until shown, and the ranking asks only for what is on screen."""
    calls: Counter[str] = Counter()
    for cls in (RowTableModel, RankOrderedModel):
        original = cls.data

        def counted(self, index: QModelIndex, role: int = 0, _o=original, _n=cls.__name__):
            calls[_n] += 1
            return _o(self, index, role)

        monkeypatch.setattr(cls, "data", counted)
    main_window.resize(1440, 900)
    main_window.show()
    qtbot.waitExposed(main_window)
    slider = main_window.findChild(QSlider, "weightSlider_training")
    log = main_window.session.data.project.log
    minutes = len(log.entries)
    qtbot.wait(50)
    calls.clear()
    for value in (30, 60, 45):
        slider.setValue(value)
        qtbot.wait(1)
    assert calls["RowTableModel"] == 0, "hidden committee and log tables were refreshed"
    qtbot.waitUntil(lambda: len(log.entries) == minutes + 1, timeout=3000)  # the run's minute
    assert main_window.log_panel.model.rowCount() < minutes + 1, "the hidden log was redrawn"
    main_window.tabs.setCurrentWidget(main_window.log_panel)
    assert main_window.log_panel.model.rowCount() == minutes + 1
    assert isinstance(main_window.tabs, QTabWidget)


def test_meeting_mode_fits_the_premises_and_the_log_on_a_1280_by_720_screen(
    main_window: MainWindow, qtbot
) -> None:
    """Names and what was decided wrap to two lines; the columns a committee does not read
    from the back of the room are hidden, with what they hold in the row's tooltip."""
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    main_window.showNormal()
    main_window.resize(SMALL_SCREEN, 720)
    for panel in (main_window.premises, main_window.log_panel):
        main_window.tabs.setCurrentWidget(panel)
        qtbot.wait(5)
        table = panel.table
        header = table.horizontalHeader()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        assert header.length() <= table.viewport().width(), {
            table.model().headerData(c, Qt.Orientation.Horizontal): header.sectionSize(c)
            for c in shown
        }
        assert not table.horizontalScrollBar().isVisible()
        assert table.wordWrap() and table.rowHeight(0) >= 2 * table.fontMetrics().lineSpacing()
    name = main_window.premises.table.model().index(0, 1)
    meeting_name = name.data()
    assert meeting_name.startswith("P001 ")
    assert "Practice: " in name.data(Qt.ItemDataRole.ToolTipRole)
    log = main_window.log_panel.model
    actor = log.rows[0].entry.actor
    assert actor in log.index(0, 4).data(Qt.ItemDataRole.ToolTipRole)
    main_window.set_meeting_mode(False)
    assert name.data() == meeting_name.removeprefix("P001 ")
    assert not main_window.log_panel.table.isColumnHidden(2)


def test_meeting_mode_keeps_the_override_button_under_the_room(
    main_window: MainWindow, qtbot
) -> None:
    """The quorum line above the room wraps to two lines in large type; the room and its
    button move down for it rather than overlap."""
    main_window.show()
    qtbot.waitExposed(main_window)
    main_window.set_meeting_mode(True)
    main_window.showNormal()
    main_window.resize(1440, 900)
    committee = main_window.committee_panel
    main_window.tabs.setCurrentWidget(committee)
    qtbot.wait(5)
    quorum, room = committee.item_quorum, committee.room_table
    override = next(b for b in committee.findChildren(QAbstractButton) if "Override" in b.text())
    assert quorum.height() >= quorum.heightForWidth(quorum.width())
    assert quorum.heightForWidth(quorum.width()) > quorum.fontMetrics().lineSpacing() * 1.5

    def on_page(widget) -> QRect:
        return QRect(widget.mapTo(committee, QPoint(0, 0)), widget.size())

    assert not on_page(override).intersects(on_page(room))
    assert not on_page(room).intersects(on_page(quorum))
    main_window.set_meeting_mode(False)


def test_the_desk_shows_every_tab_name_and_whole_funding_tables_at_1280_by_720(
    main_window: MainWindow, qtbot
) -> None:
    """The selected bid gives the tab bar room for every name, no scroll arrows; the two
    funding selections stack rather than cut their columns at the right."""
    main_window.resize(SMALL_SCREEN, 720)
    main_window.show()
    qtbot.waitExposed(main_window)
    qtbot.wait(5)
    bar = main_window.tabs.tabBar()
    assert bar.sizeHint().width() <= main_window.tabs.width()
    assert not [b for b in bar.findChildren(QToolButton) if b.isVisible()], "scroll arrows"
    funding = main_window.funding_panel
    main_window.tabs.setCurrentWidget(funding)
    funding.settle()
    qtbot.wait(5)
    for table in (funding.rank_order_table, funding.best_value_table):
        assert table.horizontalHeader().length() <= table.viewport().width(), table.objectName()
        assert not table.horizontalScrollBar().isVisible()


def test_meeting_mode_puts_each_criterion_name_over_its_slider(
    main_window: MainWindow, qtbot
) -> None:
    """In a projector's narrow weights panel a name takes the whole width, two lines at
    most, and its share sits on the slider's row; the weight box returns at the desk."""
    on_a_small_projector(main_window, qtbot)
    weights = main_window.weights
    body = weights._scroll.widget()

    def row_of(widget) -> QRect:
        return QRect(widget.mapTo(body, QPoint(0, 0)), widget.size())

    for key in main_window.session.criteria.keys:
        slider = weights.findChild(QSlider, f"weightSlider_{key}")
        name = next(
            label
            for label in body.findChildren(QLabel)
            if label.toolTip().endswith(f"({key})") and label.wordWrap()
        )
        share = weights._shares[weights._sliders.index(slider)]
        assert name.height() <= 2 * name.fontMetrics().lineSpacing() + 4, name.text()
        middle = row_of(share).center().y()
        assert row_of(slider).top() <= middle <= row_of(slider).bottom(), key
        assert not weights.findChild(QDoubleSpinBox, f"weightSpin_{key}").isVisible()
    main_window.set_meeting_mode(False)
    qtbot.wait(5)
    slider = weights._sliders[0]
    assert weights.findChild(
        QDoubleSpinBox, f"weightSpin_{main_window.session.criteria.keys[0]}"
    ).isVisible()
    assert row_of(weights._shares[0]).bottom() < row_of(slider).top(), "beside the name"
