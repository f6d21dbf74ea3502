"""The Member weights tab: models pass Qt's model tester; answers are recorded through a
core command (undoable, minuted); one click applies the committee's weights as a scenario."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from etprio.core.project.demo_project import demo_project
from etprio.core.project.member_funding import project_member_funding
from etprio.core.project.settings import FundingSettings
from etprio.gui.models.member_weights import (
    BidsAcrossMembersModel,
    CriterionWeightsModel,
    MemberAnswersModel,
)
from etprio.gui.panels.member_weights import MemberWeightsPanel
from etprio.gui.panels.weight_questions import WeightQuestionsDialog
from etprio.gui.session import Session, project_data
from tests.project_builders import sample_project

BUDGETS = FundingSettings(4_500_000, 250_000)


@pytest.fixture
def session(qapp) -> Session:
    project = demo_project()
    project.settings = replace(project.settings, funding=BUDGETS)
    return Session(project_data(project))


@pytest.fixture
def panel(qtbot, leak_guard, session: Session) -> MemberWeightsPanel:
    widget = MemberWeightsPanel(session, QUndoStack())
    qtbot.addWidget(widget)
    return widget


def test_every_model_passes_the_model_tester(qtmodeltester, session: Session) -> None:
    project = session.data.project
    result = project_member_funding(project)
    labels = {c.key: c.label for c in project.criteria.criteria}
    criteria, answers, bids = (
        CriterionWeightsModel(),
        MemberAnswersModel(),
        BidsAcrossMembersModel(),
    )
    for shown, folded in ((result, False), (None, False), (result, True), (None, True)):
        for model in (criteria, answers, bids):
            model.set_folded(folded)
        criteria.set_result(shown, labels)
        answers.set_result(shown)
        bids.set_result(shown)
        for model in (criteria, answers, bids):
            qtmodeltester.check(model)


def test_the_tab_shows_each_bid_funded_under_k_of_n_members_weights(
    panel: MemberWeightsPanel,
) -> None:
    result = panel.result
    assert result is not None and len(result.members) == 7
    bids = panel.bids_model
    headers = [bids.headerData(c, Qt.Orientation.Horizontal) for c in range(bids.columnCount())]
    assert headers[:5] == ["Rank", "Bid", "Funded under", "Where it stands", "Committee's weights"]
    assert "M01" in headers and headers[-1] == "Title"
    shown = {
        bids.index(r, 1).data(): (bids.index(r, 2).data(), bids.index(r, 3).data())
        for r in range(bids.rowCount())
    }
    for bid_id in result.robust_core:
        assert shown[bid_id] == ("7 of 7", "robust core")
    for bid_id in result.depends:
        assert shown[bid_id][1] == "depends"
    for bid_id in result.funded_by_none:
        assert shown[bid_id] == ("0 of 7", "none")
    assert "funded under every member's weights" in panel.summary.text()
    flags = [panel.answers_model.index(r, 3).data() for r in range(7)]
    assert "⚑ conflicted on EV02" in flags
    chart = panel.chart
    assert len(chart.core.opts["x"]) == len(result.robust_core)


def test_without_budgets_the_tab_asks_for_them(qtbot, leak_guard) -> None:
    from dataclasses import replace

    from etprio.core.project.settings import FundingSettings

    project = demo_project()
    project.settings = replace(project.settings, funding=FundingSettings())
    widget = MemberWeightsPanel(Session(project_data(project)), QUndoStack())
    qtbot.addWidget(widget)
    assert "Set budgets on the Funding tab" in widget.summary.text()
    assert widget.bids_model.index(0, 3).data() == "no funding line"


def test_answers_typed_in_the_dialog_are_recorded_minuted_and_undoable(
    qtbot, leak_guard, session: Session
) -> None:
    project = sample_project()
    s = Session(project_data(project))
    stack = QUndoStack()
    widget = MemberWeightsPanel(s, stack)
    qtbot.addWidget(widget)
    assert widget.result is None and "No member has answered" in widget.summary.text()
    dialog = WeightQuestionsDialog(project.committee, project.criteria, "M02", widget)
    dialog.swing["access"].setValue(100)
    dialog.swing["deliverability"].setValue(50)
    assert dialog.swing_shares["access"].text() == "67%"
    widget.record(dialog)
    assert project.log.entries[-1].action == "weight_answers"
    assert widget.result is not None and widget.answers_model.rowCount() == 1
    assert widget.criteria_model.index(0, 0).data() == "Extended and seven-day access"
    stack.undo()
    assert project.committee.weight_answers == ()
    assert widget.result is None


def test_pairwise_answers_show_the_consistency_ratio_and_the_answer_to_look_at(
    qtbot, leak_guard
) -> None:
    project = sample_project()
    dialog = WeightQuestionsDialog(project.committee, project.criteria, "M01")
    qtbot.addWidget(dialog)
    dialog.method.setCurrentIndex(1)
    assert "Consistency ratio 0.00" in dialog.feedback.text()
    for i in range(len(dialog.questions) - 1):
        dialog.strength[i].setValue(3)
    assert "fits the others least" in dialog.feedback.text()
    answers = dialog.answers()
    assert answers.method == "pairwise" and len(answers.comparisons) == len(project.criteria.keys)


def test_answers_that_give_no_weights_keep_the_dialog_open(qtbot, leak_guard) -> None:
    project = sample_project()
    dialog = WeightQuestionsDialog(project.committee, project.criteria, "M01")
    qtbot.addWidget(dialog)
    dialog.swing["access"].setValue(80)
    dialog.accept()
    assert "give one criterion 100" in dialog.feedback.text()
    assert dialog.result() != dialog.DialogCode.Accepted


def test_earlier_answers_are_shown_to_change(qtbot, leak_guard, session: Session) -> None:
    project = session.data.project
    dialog = WeightQuestionsDialog(project.committee, project.criteria, "M04")
    qtbot.addWidget(dialog)
    assert dialog.method.currentIndex() == 1  # Dr Patel answered pairwise
    dialog.member.setCurrentIndex(dialog.member.findData("M01"))
    assert dialog.method.currentIndex() == 0 and dialog.swing["access"].value() == 100


def test_one_click_applies_the_committees_weights_as_a_scenario(
    qtbot, leak_guard, session: Session
) -> None:
    stack = QUndoStack()
    widget = MemberWeightsPanel(session, stack)
    qtbot.addWidget(widget)
    project = session.data.project
    agreed = widget.result.committee.weights
    qtbot.mouseClick(widget.apply_button, Qt.MouseButton.LeftButton)
    shares = dict(zip(session.criteria.keys, session.scores.weights.tolist(), strict=True))
    assert shares == pytest.approx(dict(agreed), abs=1e-4)
    assert project.scenarios[-1].name == "Committee's weights (median of 7 members)"
    actions = [e.action for e in project.log.entries[-2:]]
    assert actions == ["weight_change", "scenario_save"]
    stack.undo()
    stack.undo()
    assert project.scenarios == ()


def test_the_main_window_has_the_tab(main_window) -> None:
    tabs = main_window.tabs
    titles = [tabs.tabText(i) for i in range(tabs.count())]
    assert "Member wei&ghts" in titles
    assert main_window.member_weights_panel.result is not None
