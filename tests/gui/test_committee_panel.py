"""The Committee tab: models pass Qt's model tester, and every change the chair makes goes
through a core command — undoable and minuted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from etprio.core.committee.members import InterestKind, Role
from etprio.core.project.state import Project
from etprio.gui.models.committee import (
    DeclarationsModel,
    MembersModel,
    QuorumModel,
    RoomModel,
    ScoreSpreadModel,
)
from etprio.gui.panels.committee import CommitteePanel
from etprio.gui.panels.committee_dialogs import AddMemberDialog, DeclarationDialog, OverrideDialog
from etprio.gui.project_undo import push_command
from tests.project_builders import sample_project


@pytest.fixture
def project() -> Project:
    return sample_project()


@pytest.fixture
def panel(qtbot, leak_guard, project: Project) -> CommitteePanel:
    widget = CommitteePanel(project)
    qtbot.addWidget(widget)
    return widget


def tick(model, row: int, column: int, checked: bool) -> None:
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    assert model.setData(model.index(row, column), state.value, Qt.ItemDataRole.CheckStateRole)


def test_every_model_passes_the_model_tester(qtmodeltester, project: Project) -> None:
    for model in (MembersModel(), DeclarationsModel(), QuorumModel(), ScoreSpreadModel()):
        model.set_project(project)
        qtmodeltester.check(model)
    room = RoomModel()
    room.set_project(project, "B01")
    qtmodeltester.check(room)
    room.set_project(project, None)
    qtmodeltester.check(room)


def test_models_show_the_governance_record(panel: CommitteePanel) -> None:
    members = panel.members
    assert members.index(0, 0).data() == "Margaret Oduya (chair)"
    assert members.index(5, MembersModel.PRESENT).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Unchecked
    )
    assert [r.conflicted_on for r in members.rows][2] == ("B01", "B02")
    assert panel.declarations.index(1, 6).data() == "Yes", "withheld is shown"
    quorum = {r.bid_id: r for r in panel.quorum.rows}
    assert quorum["B01"].quorate and quorum["B01"].conflicted == "Dr Helen Ashworth"
    spread = {(r.summary.bid_id, r.summary.column): r for r in panel.spread.rows}
    assert spread[("B01", "access_score")].left_out == "Dr Helen Ashworth"
    assert spread[("B04", "training_score")].summary.source == "override"


def test_marking_absent_and_stepping_out_are_minuted(panel: CommitteePanel, project) -> None:
    changes: list[bool] = []
    panel.projectChanged.connect(lambda: changes.append(True))
    tick(panel.members, 1, MembersModel.PRESENT, False)
    assert "M02" in project.committee.absent
    assert project.log[-1].summary == "David Fenwick marked absent"
    panel.set_current_bid("B01")
    row = [r.member.member_id for r in panel.room.rows].index("M03")
    tick(panel.room, row, RoomModel.IN_ROOM, False)
    assert ("M03", "B01") in project.committee.stepped_out
    assert project.log[-1].action == "recusal"
    assert "Quorate" in panel.item_quorum.text()
    assert changes == [True, True]


def test_an_absent_member_cannot_step_out(panel: CommitteePanel, project) -> None:
    panel.set_current_bid("B01")
    row = [r.member.member_id for r in panel.room.rows].index("M06")
    before = len(project.log)
    tick(panel.room, row, RoomModel.IN_ROOM, False)
    assert "absent" in panel.status.text() and len(project.log) == before


def test_quorum_rule_edits_are_commands(panel: CommitteePanel, project) -> None:
    panel.min_voting.setValue(5)
    panel.min_voting.editingFinished.emit()
    assert project.committee.quorum.min_voting == 5
    assert not project.governance.quorum["B01"].quorate
    assert "Not quorate" in panel.item_quorum.text()
    assert panel.conflict_badges()["B01"].endswith("not quorate")


def test_dialogs_build_commands(panel: CommitteePanel, project, qtbot) -> None:
    add = AddMemberDialog(panel)
    add.name.setText("Dr New")
    add.role.setCurrentIndex(add.role.findData(Role.GP))
    add.practices.setText("a81004; A81003")
    assert panel.run(add.command())
    assert project.committee.members[-1].practice_codes == ("A81004", "A81003")
    declare = DeclarationDialog(project, panel)
    declare.member.setCurrentIndex(declare.member.findData("M02"))
    declare.kind.setCurrentIndex(declare.kind.findData(InterestKind.FINANCIAL))
    declare.description.setText("Shareholder in the developer")
    declare.against.setCurrentIndex(declare.against.findData("bid:B04"))
    assert panel.run(declare.command())
    assert "M02" in {c.member_id for c in project.governance.conflicts["B04"]}
    override = OverrideDialog(project, "B03", panel)
    override.score.setValue(4.5)
    assert not panel.run(override.command()), "no rationale: refused"
    assert "rationale" in panel.status.text()
    override.rationale.setPlainText("Visited: the rooms exist")
    assert panel.run(override.command())
    assert project.dataset.bids_by_id["B03"].scores["access_score"] == 4.5
    for dialog in (add, declare, override):
        dialog.deleteLater()


def test_importing_a_scores_sheet(panel: CommitteePanel, project, tmp_path: Path) -> None:
    sheet = tmp_path / "fenwick.csv"
    sheet.write_text("Bid ID,Access\nB02,1\n", encoding="utf-8")
    assert panel.import_scores("M02", sheet)
    assert project.dataset.bids_by_id["B02"].scores["access_score"] == 1.0
    bad = tmp_path / "bad.csv"
    bad.write_text("Bid ID,Access\nB99,9\n", encoding="utf-8")
    before = project.committee
    assert not panel.import_scores("M02", bad)
    assert project.committee is before and "B99" in panel.status.text()


def test_commands_run_through_an_undo_stack(qtbot, leak_guard, project) -> None:
    stack = QUndoStack()
    panel = CommitteePanel()
    qtbot.addWidget(panel)
    panel.set_command_runner(lambda command: push_command(stack, project, command, panel.refresh))
    panel.set_project(project)
    tick(panel.members, 0, MembersModel.PRESENT, False)
    assert stack.count() == 1 and stack.undoText() == "Margaret Oduya marked absent"
    stack.undo()
    assert "M01" not in project.committee.absent
    assert panel.members.index(0, MembersModel.PRESENT).data(Qt.ItemDataRole.CheckStateRole) == (
        Qt.CheckState.Checked
    )
    assert project.log[-1].summary.startswith("Undone:")
    stack.redo()
    assert "M01" in project.committee.absent


def test_an_empty_committee_and_no_bids(qtbot, leak_guard) -> None:
    from dataclasses import replace

    from etprio.core.committee.members import Committee
    from etprio.core.model import Dataset

    empty = replace(sample_project(), committee=Committee())
    panel = CommitteePanel(empty)
    qtbot.addWidget(panel)
    assert "Add the committee's members" in panel.item_quorum.text()
    panel.set_project(replace(empty, imported=Dataset(())))
    assert panel.quorum.rowCount() == 0 and panel.room.rowCount() == 0
