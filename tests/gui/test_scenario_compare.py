"""The compare dialog: what it opens on, and the table once bids have moved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from etprio.core.project.commands import SaveScenario
from etprio.gui import style
from etprio.gui.main_window import MainWindow
from etprio.gui.models.scenario_compare import MOVE_COLUMN
from etprio.gui.panels.scenario_compare import CURRENT, ScenarioComparePanel
from etprio.gui.panels.weights import PRESETS
from etprio.gui.session import Session, load_demo


def test_the_dialog_opens_on_the_weights_on_screen_against_a_preset(
    main_window: MainWindow,
) -> None:
    main_window.compare_scenarios()
    panel = main_window.compare_dialog.panel
    assert panel.choice_a.currentText() == CURRENT
    assert panel.choice_b.currentText() == next(iter(PRESETS))
    assert any(r.movement for r in panel.model.rows), "A and B should differ"
    main_window.compare_dialog.close()


def test_b_starts_on_the_newest_saved_scenario(qtbot) -> None:
    session = Session(load_demo())
    SaveScenario("Before training").do(session.data.project)
    panel = ScenarioComparePanel(session)
    qtbot.addWidget(panel)
    assert (panel.choice_a.currentText(), panel.choice_b.currentText()) == (
        CURRENT,
        "Before training",
    )


def test_moved_bids_colour_the_move_column_by_direction(qtbot, qtmodeltester) -> None:
    session = Session(load_demo())
    panel = ScenarioComparePanel(session)
    qtbot.addWidget(panel)
    panel.choose(CURRENT, "Affordability first")
    qtmodeltester.check(panel.model)
    colours = {}
    for i, row in enumerate(panel.model.rows):
        brush = panel.model.index(i, MOVE_COLUMN).data(Qt.ItemDataRole.ForegroundRole)
        if row.movement:
            colours[row.movement > 0] = QColor(brush)
        else:
            assert brush is None
    assert colours == {True: QColor(style.MOVED_UP), False: QColor(style.MOVED_DOWN)}
