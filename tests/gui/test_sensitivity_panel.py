"""The Sensitivity tab: intervals that follow the weights, SMAA on the thread pool that
matches the core, "what would it take", and models that pass Qt's model tester."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
import subprocess
import sys

import numpy as np
import pytest

from etprio.core.funding.limits import FundingLimits
from etprio.core.sensitivity.analysis import SensitivityOptions, run
from etprio.core.sensitivity.stability import FUNDED_SET, TOP_N, stability_intervals
from etprio.gui.models import Role
from etprio.gui.models.sensitivity import AcceptabilityColumn, StabilityColumn
from etprio.gui.panels.sensitivity import SensitivityPanel, _preview
from etprio.gui.session import Session, SessionData, load_demo
from tests.gui.helpers import AWKWARD, CRITERIA, SCALES

DEMO = load_demo()
LIMITS = FundingLimits(capital_envelope=4_500_000, recurrent_headroom=250_000)
WAIT_MS = 15_000


@pytest.fixture
def session() -> Session:
    return Session(DEMO)


@pytest.fixture
def panel(qtbot, session) -> SensitivityPanel:
    widget = SensitivityPanel()
    qtbot.addWidget(widget)
    widget.sampling.samples_input.setValue(2000)
    widget.set_scores(session.scores)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _settled(qtbot, panel: SensitivityPanel) -> None:
    qtbot.waitUntil(lambda: not panel.smaa_pending and panel.report is not None, timeout=WAIT_MS)


def test_models_pass_the_model_tester(qtbot, qtmodeltester, panel, session):
    _settled(qtbot, panel)
    qtmodeltester.check(panel.stability_model)
    qtmodeltester.check(panel.acceptability_model)
    weights = list(session.weights)
    weights[2] = 40.0
    session.set_weights(weights)
    panel.set_scores(session.scores)
    panel.set_limits(LIMITS)
    panel.settle()
    qtmodeltester.check(panel.stability_model)
    qtmodeltester.check(panel.acceptability_model)


def test_background_run_matches_the_core(qtbot, panel, session):
    _settled(qtbot, panel)
    options = SensitivityOptions(samples=2000, seed=0, top=5)
    assert panel.report.to_json() == run(session.scores, None, options).to_json()
    model = panel.acceptability_model
    first_bid = model.index(0, AcceptabilityColumn.BID).data(Role.BID_ID)
    assert first_bid == session.bid_ids[int(session.scores.order[0])]
    first = model.index(0, AcceptabilityColumn.FIRST).data(Role.RAW)
    assert first == pytest.approx(panel.report.smaa.first_rank()[session.scores.order[0]])
    assert panel.findings_text.toPlainText().startswith("• Across 2,000 weightings")


def test_intervals_follow_every_weight_change(qtbot, panel, session):
    qtbot.waitUntil(lambda: len(panel.intervals) == len(CRITERIA.keys), timeout=WAIT_MS)
    weights = list(session.weights)
    weights[0] = 45.0
    session.set_weights(weights)
    panel.set_scores(session.scores)
    expected = stability_intervals(session.scores, top=5)
    qtbot.waitUntil(lambda: panel.intervals == expected, timeout=WAIT_MS)
    model = panel.stability_model
    assert model.index(0, StabilityColumn.CRITERION).data(Role.RAW) == "access"
    assert model.index(0, StabilityColumn.NOW).data(Role.RAW) == pytest.approx(
        session.scores.weights[0]
    )
    assert {i.scope for i in panel.intervals} == {TOP_N}


def test_a_stale_run_is_never_shown(qtbot, panel, session):
    _settled(qtbot, panel)
    panel.recompute()
    weights = list(session.weights)
    weights[1] = 70.0
    session.set_weights(weights)
    panel.set_scores(session.scores)
    qtbot.waitUntil(
        lambda: not panel.smaa_pending and panel.report.scores is session.scores,
        timeout=WAIT_MS,
    )


def test_budgets_switch_to_the_funded_set(qtbot, panel):
    panel.set_limits(LIMITS)
    panel.settle()
    assert {i.scope for i in panel.intervals} == {FUNDED_SET}
    assert "funded set" in panel.stability_box.title()
    assert not panel.acceptability_table.isColumnHidden(AcceptabilityColumn.FUNDED)
    funded = panel.acceptability_model.index(0, AcceptabilityColumn.FUNDED).data(Role.RAW)
    assert 0.0 <= funded <= 1.0
    assert "funded set is the same" in panel.findings_text.toPlainText()
    panel.set_limits(None)
    panel.settle()
    assert panel.acceptability_table.isColumnHidden(AcceptabilityColumn.FUNDED)
    assert not panel.what_it_takes.target_input.model().item(0).isEnabled()


def test_options_reach_the_run(qtbot, panel):
    panel.sampling.spread_check.setChecked(True)
    panel.sampling.spread_input.setValue(10)
    panel.sampling.seed_input.setValue(4)
    panel.sampling.top_input.setValue(3)
    panel.settle()
    smaa = panel.report.smaa
    assert (smaa.spread_pct, smaa.seed, smaa.top) == (10.0, 4, 3)
    assert "top three" in panel.stability_box.title()
    assert {i.n for i in panel.intervals} == {3}


def test_what_it_takes_answers_in_words(qtbot, panel, session):
    weakest = session.bid_ids[int(session.scores.order[10])]
    panel.what_it_takes.bid_input.setCurrentIndex(panel.what_it_takes.bid_input.findData(weakest))
    panel.what_it_takes.target_input.setCurrentIndex(1)
    panel.what_it_takes.rank_input.setValue(1)
    panel.what_it_takes.ask_button.click()
    qtbot.waitUntil(lambda: not panel.what_it_takes.answer_pending, timeout=WAIT_MS)
    answer = panel.what_it_takes.answer.text()
    assert weakest in answer and ("points of weight" in answer or "No weighting" in answer)
    panel.set_limits(LIMITS)
    panel.what_it_takes.target_input.setCurrentIndex(0)
    assert not panel.what_it_takes.rank_input.isEnabled()
    panel.what_it_takes.ask_button.click()
    qtbot.waitUntil(lambda: not panel.what_it_takes.answer_pending, timeout=WAIT_MS)
    assert "funding line" in panel.what_it_takes.answer.text()


def test_heatmap_shows_bids_in_rank_order(qtbot, panel, session):
    panel.settle()
    image = panel.heatmap.image.image
    n = len(session.bid_ids)
    assert image.shape == (n, n)
    np.testing.assert_allclose(image.sum(axis=1), 1.0)
    assert panel.heatmap._ids[0] == session.bid_ids[int(session.scores.order[0])]


@pytest.mark.parametrize("name", list(AWKWARD))
def test_awkward_tables(qtbot, qtmodeltester, name):
    session = Session(SessionData(AWKWARD[name], CRITERIA, SCALES))
    widget = SensitivityPanel()
    qtbot.addWidget(widget)
    widget.sampling.samples_input.setValue(200)
    widget.set_limits(FundingLimits(capital_envelope=150_000, recurrent_headroom=10_000))
    widget.set_scores(session.scores)
    widget.settle()
    qtmodeltester.check(widget.stability_model)
    qtmodeltester.check(widget.acceptability_model)
    assert widget.findings_text.toPlainText()
    assert widget.what_it_takes.ask_button.isEnabled() == bool(session.bid_ids)


def test_preview_builds_with_budgets(qtbot, session):
    widget = _preview(session, None)
    qtbot.addWidget(widget)
    widget.settle()
    assert {i.scope for i in widget.intervals} == {FUNDED_SET}
    json.dumps(widget.report.to_json())


def test_the_panel_module_does_not_load_scipy():
    probe = (
        "import sys, etprio.gui.panels.sensitivity; "
        "print(sorted(m for m in ('scipy', 'pandas', 'reportlab', 'skcriteria') "
        "if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
