"""CONTRACT §7 in the app: the Funding tab takes allocations per financial year and
carry-forward (typed, undoable, minuted, saved), shows allocation against each selection's
drawdown by year, agrees with ``etprio funding --project`` on the same file, and the bid
detail shows each bid's grant profile."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import YearDrawdown, drawdown_by_year
from etprio.core.funding.selection import rank_order_selection
from etprio.core.project.store import open_project
from etprio.gui.main_window import MainWindow
from etprio.gui.models import Role
from etprio.gui.models.capital_by_year import CapitalByYearModel, YearColumn
from etprio.gui.panels.bid_detail import BidDetailPanel
from etprio.gui.panels.funding import FundingPanel
from etprio.gui.session import Session, load_demo
from tests.gui.helpers import bid, session_of
from tests.gui.test_one_truth import cli, make_project, open_window, shown

__all__ = ["open_window"]  # the fixture, shared with the one-truth tests

YEARS = {"2016/17": 1_000_000.0, "2017/18": 1_500_000.0, "2018/19": 1_000_000.0}
LIMITS = FundingLimits(None, None, capital_by_year=YEARS, carry_forward=True)


@pytest.fixture
def session() -> Session:
    return Session(load_demo())


@pytest.fixture
def panel(qtbot, session: Session) -> FundingPanel:
    widget = FundingPanel(limits=LIMITS)
    qtbot.addWidget(widget)
    widget.set_scores(session.scores)
    widget.settle()
    return widget


def column(model: CapitalByYearModel, which: YearColumn) -> list:
    return [model.index(row, which).data(Role.RAW) for row in range(model.rowCount())]


def test_the_year_model_passes_the_model_tester(qtmodeltester, panel: FundingPanel) -> None:
    qtmodeltester.check(panel.by_year_model)
    empty = CapitalByYearModel()
    qtmodeltester.check(empty)
    empty.set_years(
        [YearDrawdown("2017/18", 10.0, 5.0, 6.0)], carry_forward=False, best_value_shown=False
    )
    qtmodeltester.check(empty)
    assert empty.index(0, YearColumn.BEST_VALUE).data() == "working out…"
    assert empty.index(0, YearColumn.CARRIED_IN).data() == "–"


def test_table_and_chart_show_the_cores_drawdown(panel: FundingPanel, session: Session) -> None:
    best = best_value_selection(session.scores, LIMITS)
    expected = drawdown_by_year(
        session.scores, LIMITS, rank_order_selection(session.scores, LIMITS), best
    )
    model = panel.by_year_model
    assert column(model, YearColumn.YEAR) == [y.year for y in expected]
    assert column(model, YearColumn.ALLOCATION) == [y.allocation for y in expected]
    assert column(model, YearColumn.RANK_ORDER) == [y.rank_order for y in expected]
    assert column(model, YearColumn.BEST_VALUE) == [y.best_value for y in expected]
    assert column(model, YearColumn.CARRIED_IN) == [y.rank_order_carried_in for y in expected]
    assert column(model, YearColumn.CARRIED_IN)[1] > 0  # 2016/17's underspend, carried in
    chart = panel.by_year_chart
    np.testing.assert_allclose(chart.rank_order.opts["height"], [y.rank_order for y in expected])
    np.testing.assert_allclose(chart.best_value.opts["height"], [y.best_value for y in expected])
    _, levels = chart.allocation.getData()
    assert levels.tolist() == [a for y in expected for a in (y.allocation, y.allocation)]
    _, room = chart.available.getData()
    assert room[2] == pytest.approx(expected[1].allocation + expected[1].rank_order_carried_in)


def test_typed_allocations_and_carry_forward_change_the_limits(qtbot, session: Session) -> None:
    widget = FundingPanel()
    qtbot.addWidget(widget)
    widget.set_scores(session.scores)
    field = widget.budgets.allocations_input
    with qtbot.waitSignal(widget.limitsEdited) as blocker:
        qtbot.keyClicks(field, "2017/18=£1.5m, 2016/17=1,000,000")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args[0] == FundingLimits(
        None, None, capital_by_year={"2016/17": 1e6, "2017/18": 1.5e6}
    )
    assert widget.rank_order == rank_order_selection(session.scores, blocker.args[0])
    with qtbot.waitSignal(widget.limitsEdited) as blocker:
        widget.budgets.carry_forward_input.click()
    assert blocker.args[0].carry_forward is True
    field.setText("2017/19=£1m")
    field.editingFinished.emit()
    assert "2017/19" in widget.message.text() and widget.limits == blocker.args[0]


def test_set_limits_fills_the_allocations_and_the_box(panel: FundingPanel) -> None:
    assert panel.budgets.allocations_input.text() == (
        "2016/17=£1,000,000, 2017/18=£1,500,000, 2018/19=£1,000,000"
    )
    assert panel.budgets.carry_forward_input.isChecked()
    assert panel.budgets.capital_input.text() == "not set"
    panel.set_limits(FundingLimits(2_000_000, 100_000))
    assert (
        panel.budgets.allocations_input.text() == ""
        and not panel.budgets.carry_forward_input.isChecked()
    )


def test_the_bid_detail_shows_the_grant_profile(qtbot) -> None:
    session = session_of(
        bid("B1", 4, 4, grant_phasing={"2017/18": 16_000.0, "2016/17": 50_000.0}),
        bid("B2", 3, 3, expected_completion=date(2017, 6, 1)),
    )
    panel = BidDetailPanel(session)
    qtbot.addWidget(panel)
    session.set_current_bid("B1")
    text = panel.browser.toPlainText()
    assert "Grant by financial year: 2016/17 £50,000 · 2017/18 £16,000 (as phased" in text
    session.set_current_bid("B2")
    assert "2017/18 £66,000 (all in the year it completes)" in panel.browser.toPlainText()


def test_allocations_typed_in_the_app_are_undoable_minuted_and_used_by_the_command_line(
    open_window: Callable[[Path], MainWindow], capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path, budgets=False)
    window = open_window(path)
    panel = window.funding_panel
    assert panel is not None
    panel.budgets.allocations_input.setText("2016/17=£1m, 2017/18=£1.5m, 2018/19=£1m")
    panel.budgets.allocations_input.editingFinished.emit()
    panel.budgets.carry_forward_input.setChecked(True)
    assert any(funded == "Funded" for _, funded in shown(window))
    window.undo_stack.undo()
    assert window.session.data.project.settings.funding.carry_forward is False
    window.undo_stack.redo()
    window.files.save_project()
    window.session.data.project.close()
    funding = json.loads(cli(capsys, "funding", "--project", path, "--format", "json"))
    assert funding["carry_forward"] is True
    assert list(panel.rank_order.funded) == funding["rank_order"]["funded"]
    panel.settle()
    assert [y.to_json() for y in panel.by_year_model.years] == funding["capital_by_year"]
    with open_project(path, read_only=True) as project:
        minutes = " ".join(entry.details_json for entry in project.log)
    assert "capital allocation by year: not set → 2016/17 £1,000,000" in minutes
    assert "carry-forward of unspent allocation: no → yes" in minutes


def test_a_project_with_allocations_opens_as_the_command_line_reports_it(
    open_window: Callable[[Path], MainWindow], capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path, budgets=False)
    with open_project(path) as project:
        from dataclasses import replace

        from etprio.core.project.commands import ChangeSettings
        from etprio.core.project.store import save_project

        funding = replace(
            project.settings.funding, capital_by_year=tuple(YEARS.items()), carry_forward=True
        )
        ChangeSettings(replace(project.settings, funding=funding)).do(project)
        save_project(project, path)
    document = json.loads(cli(capsys, "funding", "--project", path, "--format", "json"))
    window = open_window(path)
    panel = window.funding_panel
    assert panel is not None and panel.limits == LIMITS
    assert list(panel.rank_order.funded) == document["rank_order"]["funded"]
    panel.settle()
    assert [y.to_json() for y in panel.by_year_model.years] == document["capital_by_year"]
