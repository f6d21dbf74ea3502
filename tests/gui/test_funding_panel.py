"""The Funding tab: budgets in, both selections, differences and the liability chart out
(CONTRACT §3), cheap on every weight change and with models that pass Qt's model tester."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPersistentModelIndex, Qt, QThreadPool

from etprio.core.funding.best_value import best_value_selection
from etprio.core.funding.liability import LiabilityYear, liability
from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import describe_differences
from etprio.core.funding.selection import rank_order_selection
from etprio.gui.models import Role
from etprio.gui.models.funding import LiabilityColumn, LiabilityModel, SelectionColumn
from etprio.gui.panels.funding import FundingPanel, _preview
from etprio.gui.session import Session, SessionData, load_demo
from tests.gui.helpers import AWKWARD, CRITERIA, SCALES

DEMO = load_demo()
LIMITS = FundingLimits(capital_envelope=4_500_000, recurrent_headroom=250_000)


@pytest.fixture
def session() -> Session:
    return Session(DEMO)


@pytest.fixture
def panel(qtbot, session) -> FundingPanel:
    widget = FundingPanel(limits=LIMITS)
    qtbot.addWidget(widget)
    widget.set_scores(session.scores)
    return widget


def column_values(model, column: int, role: int = Role.RAW) -> list:
    return [model.index(row, column).data(role) for row in range(model.rowCount())]


def test_models_pass_the_model_tester(qtbot, qtmodeltester, panel, session):
    qtbot.waitUntil(lambda: not panel.best_value_pending, timeout=10_000)
    for model in (panel.rank_order_model, panel.best_value_model, panel.liability_model):
        qtmodeltester.check(model)
    weights = list(session.weights)
    weights[2] = 60.0
    session.set_weights(weights)
    panel.set_scores(session.scores)
    panel.settle()
    panel.budgets.horizon_input.setValue(5)
    for model in (panel.rank_order_model, panel.best_value_model, panel.liability_model):
        qtmodeltester.check(model)


def test_empty_models_pass_the_model_tester(qtbot, qtmodeltester):
    widget = FundingPanel()
    qtbot.addWidget(widget)
    for model in (widget.rank_order_model, widget.best_value_model, widget.liability_model):
        qtmodeltester.check(model)


def test_rank_order_is_immediate_and_best_value_follows_once_scores_settle(qtbot, session):
    widget = FundingPanel(limits=LIMITS)
    qtbot.addWidget(widget)
    funded: list[frozenset[str]] = []
    limits: list[FundingLimits] = []
    widget.fundedChanged.connect(funded.append)
    widget.limitsChanged.connect(limits.append)
    widget.set_scores(session.scores)
    expected = rank_order_selection(session.scores, LIMITS)
    assert widget.rank_order == expected
    assert funded == [expected.funded_set]
    assert limits == [LIMITS]
    widget.set_scores(session.scores)
    assert len(funded) == len(limits) == 1
    assert widget.best_value_pending
    assert widget.best_value is None
    qtbot.waitUntil(lambda: not widget.best_value_pending, timeout=10_000)
    best = best_value_selection(session.scores, LIMITS)
    assert widget.best_value == best
    assert widget.differences.text() == " ".join(
        describe_differences(session.scores, expected, best)
    )
    assert widget.best_value_summary.text().startswith(f"{len(best.funded)} bids funded")


def test_only_the_newest_state_is_solved_in_the_background(qtbot, panel, session):
    weights = list(session.weights)
    for training in (20.0, 40.0, 60.0):
        weights[list(session.criteria.keys).index("training")] = training
        session.set_weights(weights)
        panel.set_scores(session.scores)
        panel._solve_in_background()  # start at once, as if the user paused
    panel.set_limits(FundingLimits(3_000_000, 200_000))
    assert panel.best_value_pending
    qtbot.waitUntil(lambda: not panel.best_value_pending, timeout=10_000)
    limits = FundingLimits(3_000_000, 200_000)
    assert panel.best_value == best_value_selection(session.scores, limits)
    assert panel.rank_order == rank_order_selection(session.scores, limits)


def test_closing_the_panel_during_a_solve_is_harmless(qtbot, session):
    widget = FundingPanel(limits=LIMITS)
    widget.set_scores(session.scores)
    widget._solve_in_background()
    widget.deleteLater()
    qtbot.wait(50)
    assert QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)


def test_both_tables_list_every_bid_in_rank_order_with_a_status(panel, session):
    panel.settle()
    ids = [session.matrix.bid_ids[i] for i in session.scores.order]
    for model, selection in (
        (panel.rank_order_model, panel.rank_order),
        (panel.best_value_model, panel.best_value),
    ):
        assert column_values(model, SelectionColumn.BID, Qt.ItemDataRole.UserRole) == ids
        funded = column_values(model, SelectionColumn.STATUS)
        assert [b for b, f in zip(ids, funded, strict=True) if f] == list(selection.funded)
        statuses = column_values(model, SelectionColumn.STATUS, Qt.ItemDataRole.DisplayRole)
        reasons = dict(selection.not_funded)
        for bid_id, status in zip(ids, statuses, strict=True):
            if bid_id in reasons:
                assert status.lower() == reasons[bid_id].lower()
            else:
                assert status == "Funded"


def test_a_weight_change_moves_rows_without_a_reset(qtbot, panel, session):
    model = panel.rank_order_model
    resets: list[bool] = []
    layouts: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.layoutChanged.connect(lambda: layouts.append(True))
    top = session.matrix.bid_ids[session.scores.order[0]]
    followed = QPersistentModelIndex(model.index(0, SelectionColumn.BID))
    weights = [0.0] * len(session.weights)
    weights[list(session.criteria.keys).index("training")] = 1.0
    with qtbot.waitSignal(panel.fundedChanged, raising=False):
        session.set_weights(weights)
        panel.set_scores(session.scores)
    assert not resets
    assert layouts
    assert followed.data(Role.BID_ID) == top
    assert followed.row() == int(session.scores.rank[session.matrix.bid_ids.index(top)]) - 1
    assert panel.rank_order == rank_order_selection(session.scores, LIMITS)


def test_typed_money_spellings_change_the_limits(qtbot, panel, session):
    field = panel.budgets.capital_input
    field.lineEdit().selectAll()
    with qtbot.waitSignal(panel.limitsChanged) as blocker:
        qtbot.keyClicks(field, "£2.5m")
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert blocker.args[0].capital_envelope == 2_500_000
    assert field.text() == "£2,500,000"
    panel.budgets.recurrent_input.lineEdit().selectAll()
    with qtbot.waitSignal(panel.limitsChanged) as blocker:
        qtbot.keyClicks(panel.budgets.recurrent_input, "150k")
        qtbot.keyClick(panel.budgets.recurrent_input, Qt.Key.Key_Return)
    limits = FundingLimits(2_500_000, 150_000)
    assert blocker.args[0] == limits
    assert panel.rank_order == rank_order_selection(session.scores, limits)


def test_set_limits_fills_the_inputs_and_recomputes(panel, session):
    limits = FundingLimits(1_000_000, 60_000, horizon_years=4)
    panel.set_limits(limits)
    assert panel.limits == limits
    assert panel.budgets.capital_input.value() == 1_000_000
    assert panel.budgets.recurrent_input.value() == 60_000
    assert panel.budgets.horizon_input.value() == 4
    assert panel.rank_order == rank_order_selection(session.scores, limits)
    assert panel.liability_model.rowCount() == 4


def test_liability_table_and_chart_show_the_contract_amounts(panel, session):
    years = liability(session.scores, panel.rank_order.funded, LIMITS)
    model = panel.liability_model
    assert column_values(model, LiabilityColumn.YEAR) == [y.year for y in years]
    assert column_values(model, LiabilityColumn.YEAR)[0] == "2016/17"
    assert column_values(model, LiabilityColumn.FUNDED) == [y.funded for y in years]
    assert column_values(model, LiabilityColumn.PIPELINE) == [y.pipeline for y in years]
    spare = column_values(model, LiabilityColumn.SPARE)
    assert spare == [LIMITS.recurrent_headroom - y.funded for y in years]
    chart = panel.chart
    np.testing.assert_allclose(chart.funded.opts["height"], [y.funded for y in years])
    np.testing.assert_allclose(chart.pipeline.opts["height"], [y.pipeline for y in years])
    _, heights = chart.headroom.getData()
    assert set(heights.tolist()) == {LIMITS.recurrent_headroom}


def test_headroom_overrun_reads_as_over(qtmodeltester):
    model = LiabilityModel()
    model.set_liability([LiabilityYear(2016, 300, 400), LiabilityYear(2017, 200, 400)], 250)
    qtmodeltester.check(model)
    texts = column_values(model, LiabilityColumn.SPARE, Qt.ItemDataRole.DisplayRole)
    assert texts == ["£50 over", "£50"]
    over = model.index(0, LiabilityColumn.SPARE).data(Qt.ItemDataRole.ForegroundRole)
    assert over is not None
    assert model.index(1, LiabilityColumn.SPARE).data(Qt.ItemDataRole.ForegroundRole) is None


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_data_never_breaks_the_panel(qtbot, qtmodeltester, name):
    session = Session(SessionData(AWKWARD[name], CRITERIA, SCALES))
    widget = FundingPanel(limits=LIMITS)
    qtbot.addWidget(widget)
    widget.set_scores(session.scores)
    widget.settle()
    assert widget.best_value is not None
    assert len(widget.rank_order.funded) + len(widget.rank_order.not_funded) == len(
        session.matrix.bids
    )
    for model in (widget.rank_order_model, widget.best_value_model, widget.liability_model):
        qtmodeltester.check(model)


def test_preview_wires_the_funded_set_into_the_session(qtbot, session):
    widget = _preview(session, None)
    qtbot.addWidget(widget)
    assert session.funded == widget.rank_order.funded_set


def test_the_panel_module_does_not_load_scipy_until_best_value_is_needed():
    probe = (
        "import sys, etprio.gui.panels.funding; "
        "print(sorted(m for m in ('scipy', 'pandas', 'reportlab', 'skcriteria') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_without_budgets_there_is_no_funding_line_nor_a_default(qtbot, session):
    widget = FundingPanel()
    qtbot.addWidget(widget)
    widget.set_scores(session.scores)
    assert widget.limits is None and widget.rank_order is None
    assert widget.rank_order_model.rowCount() == 0
    assert "No budgets are set" in widget.rank_order_summary.text()
    assert widget.budgets.capital_input.text() == "not set"
    assert not widget.best_value_pending
    widget.budgets.capital_input.setValue(1_000_000)
    assert widget.limits is None
    assert "Give both" in widget.message.text()
    with qtbot.waitSignal(widget.limitsEdited) as blocker:
        widget.budgets.recurrent_input.setValue(80_000)
    assert blocker.args[0] == FundingLimits(1_000_000, 80_000)
    assert widget.rank_order == rank_order_selection(session.scores, blocker.args[0])
    widget.set_limits(None)
    assert widget.rank_order is None and widget.rank_order_model.rowCount() == 0


def test_a_funding_line_already_drawn_is_shown_not_walked_again(qtbot, panel, session):
    drawn = rank_order_selection(session.scores, LIMITS)
    panel.set_scores(session.scores, drawn)
    assert panel.rank_order is drawn


@pytest.fixture(scope="module")
def demo_session() -> Session:
    """The bundled demo project, which has budgets."""
    return Session(load_demo())


@given(weights=st.lists(st.integers(0, 50), min_size=5, max_size=5))
@settings(max_examples=25, deadline=None)
def test_the_session_funded_set_is_its_funding_lines(
    demo_session: Session, weights: list[int]
) -> None:
    """A slider tick works out only which bids are funded; the funding line with its
    reasons, worked out when asked for, funds exactly those bids."""
    session = demo_session
    if not session.set_weights([*weights, *session.weights[5:]]):
        return
    assert session.limits is not None
    expected = rank_order_selection(session.scores, session.limits)
    assert session.funded == expected.funded_set
    assert session.rank_order == expected
