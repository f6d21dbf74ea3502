"""The Region window: File → Open regional pipeline… opens several projects read-only and
shows the core's plan; its models pass qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QFileDialog, QPushButton

from etprio.core.funding.limits import parse_capital_by_year
from etprio.core.region.pipeline import open_ccgs
from etprio.core.region.plan import RegionLimits, plan_region
from etprio.gui.region_window import RegionWindow, RegionYearChart
from tests.region.conftest import ALLOCATED, ALLOCATIONS


def _window(qtbot, region_files, limits: RegionLimits | None = None) -> RegionWindow:
    window = RegionWindow(open_ccgs(region_files), limits)
    qtbot.addWidget(window)
    _planned(qtbot, window)
    return window


def _planned(qtbot, window: RegionWindow) -> None:
    """The window plans on the worker: wait until no plan is being worked out."""
    qtbot.waitUntil(lambda: not window.planner.busy, timeout=20_000)


def test_models_pass_the_model_tester(qtbot, qtmodeltester, region_files):
    window = _window(qtbot, region_files, RegionLimits(ALLOCATED))
    qtmodeltester.check(window.bids_model)
    qtmodeltester.check(window.ccg_model)
    assert window.bids_model.rowCount() == len(window.plan.bids)
    assert window.ccg_model.rowCount() == 4


def test_the_allocations_box_shows_the_allocations_in_the_spelling_it_reads_back(
    qtbot, region_files
):
    window = _window(qtbot, region_files, RegionLimits(ALLOCATED))
    assert dict(parse_capital_by_year(window.allocations.text())) == dict(ALLOCATED)
    qtbot.mouseClick(window.findChild(QPushButton, "regionApply"), Qt.MouseButton.LeftButton)
    _planned(qtbot, window)
    assert window.limits.capital_by_year == RegionLimits(ALLOCATED).capital_by_year


def test_allocations_typed_in_replan_and_a_mistake_is_shown(qtbot, region_files):
    window = _window(qtbot, region_files)
    window.show()
    assert window.plan is None
    assert window.message.isVisible() and "allocations" in window.message.text()
    window.allocations.setText("2017/19=£1m")
    qtbot.mouseClick(window.findChild(QPushButton, "regionApply"), Qt.MouseButton.LeftButton)
    assert window.plan is None and "2017/19" in window.message.text()
    window.allocations.setText(ALLOCATIONS.replace(",", ", "))
    window.carry_forward.setChecked(True)
    qtbot.keyClick(window.allocations, Qt.Key.Key_Return)
    _planned(qtbot, window)
    assert not window.message.isVisible()
    expected = plan_region(
        open_ccgs(region_files),
        RegionLimits(ALLOCATED, carry_forward=True),
    )
    assert window.plan.to_json() == expected.to_json()


def test_the_order_switch_shows_the_score_order(qtbot, region_files):
    window = _window(qtbot, region_files, RegionLimits(ALLOCATED))
    window.order.setCurrentIndex(window.order.findData("score"))
    _planned(qtbot, window)
    assert window.plan.order == "score"
    overturned = {c.code for c in window.plan.overturned}
    shown = {
        window.ccg_model.ccg(r).code
        for r in range(window.ccg_model.rowCount())
        if window.ccg_model.data(window.ccg_model.index(r, 6)) != "stands"
    }
    assert shown == overturned


def test_the_file_menu_opens_the_region_window(qtbot, main_window, monkeypatch, region_files):
    chosen = ([str(p) for p in region_files], "")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: chosen)
    action = main_window.findChild(QAction, "openRegionAction")
    action.trigger()
    windows = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, RegionWindow) and w.isVisible()
    ]
    assert len(windows) == 1 and windows[0].isVisible()
    qtbot.waitUntil(lambda: not windows[0].planner.busy, timeout=20_000)
    assert [c.code for c in windows[0].ccgs] == ["01B", "02C", "03D", "04E"]
    windows[0].close()


def test_the_window_stays_responsive_while_the_region_is_planned(qtbot, region_files):
    """Planning runs on the worker: the window returns at once and shows the plan when it
    comes, with the progress row ready for a long plan."""
    window = RegionWindow(open_ccgs(region_files), RegionLimits(ALLOCATED))
    qtbot.addWidget(window)
    assert window.planner.busy and window.plan is None
    _planned(qtbot, window)
    assert window.plan is not None
    assert window.bids_model.rowCount() == len(window.plan.bids)


def test_the_chart_thins_its_year_labels_and_takes_the_window_type(qtbot, region_files):
    """A narrow chart labels every other year (or fewer) rather than overlap them, and
    meeting mode's larger type reaches its ticks and legend."""
    plan = _window(qtbot, region_files, RegionLimits(ALLOCATED)).plan
    chart = RegionYearChart()
    qtbot.addWidget(chart)
    chart.resize(1200, 400)
    chart.show()
    qtbot.waitExposed(chart)
    chart.show_years(plan)
    (wide,) = chart.plot.getAxis("bottom")._tickLevels
    assert [label for _, label in wide] == [y.year for y in plan.years]
    chart.resize(160, 400)
    (narrow,) = chart.plot.getAxis("bottom")._tickLevels
    assert 0 < len(narrow) < len(wide)
    large = QFont(chart.font())
    large.setPointSizeF(20)
    chart.setFont(large)
    assert chart.plot.getAxis("bottom").style["tickFont"].pointSizeF() == 20
    assert chart._legend.opts["labelTextSize"] == "20pt"
