"""Unsaved work, autosave and recovery, budgets kept in the project, scenario comparison
and who scored what: the project-level behaviour of the main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from etprio.core.committee.members import MemberScore
from etprio.core.funding.limits import FundingLimits
from etprio.core.project.commands import SaveScenario, SetWeights
from etprio.core.project.meeting_commands import ImportMemberScores
from etprio.core.project.recovery import pending_recoveries, write_recovery
from etprio.core.project.store import open_project
from etprio.gui.launch import show_main_window
from etprio.gui.main_window import MainWindow
from etprio.gui.models.scenario_compare import ScenarioCompareModel, compare_rankings
from etprio.gui.panels.scenario_compare import CURRENT, ScenarioComparePanel
from etprio.gui.session import Session, load_demo

Button = QMessageBox.StandardButton


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    """Answer every QMessageBox.question with ``button``; the questions asked are listed."""
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_args: object) -> Button:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def make_dirty(window: MainWindow) -> None:
    """A minuted weight change, as a finished slider gesture makes."""
    from etprio.gui.project_undo import push_command

    project = window.session.data.project
    push_command(
        window.undo_stack, project, SetWeights({"training": 40}), window.session.project_changed
    )


# --- unsaved changes ---------------------------------------------------------------------


def test_the_demo_opens_clean_and_a_change_marks_the_title(main_window: MainWindow) -> None:
    assert "[*]" in main_window.windowTitle()
    assert not main_window.isWindowModified()
    make_dirty(main_window)
    assert main_window.isWindowModified()
    main_window.undo_stack.undo()
    assert main_window.session.data.project.unsaved_changes() == {"log"}
    assert main_window.isWindowModified()  # the undo is minuted: still something to save


def test_cancel_keeps_the_window_open_and_the_work(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    main_window.show()
    make_dirty(main_window)
    asked = answer(monkeypatch, Button.Cancel)
    assert not main_window.close()
    assert main_window.isVisible()
    assert main_window.session.data.project.is_dirty
    assert len(asked) == 1 and "unsaved changes" in asked[0]


def test_a_clean_window_closes_without_asking(main_window: MainWindow) -> None:
    main_window.show()
    assert main_window.close()  # the no_modal_dialogs guard fails the test if it asks


def test_save_on_close_saves_the_project(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "july.etprio"
    main_window.files.save_project_as(path)
    make_dirty(main_window)
    answer(monkeypatch, Button.Save)
    assert main_window.close()
    with open_project(path, read_only=True) as saved:
        assert saved.criteria.criterion("training").weight == 40


def test_opening_another_project_asks_and_cancel_keeps_this_one(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    other = tmp_path / "other.etprio"
    main_window.files.save_project_as(other)
    make_dirty(main_window)
    current = main_window.session.data.project
    answer(monkeypatch, Button.Cancel)
    main_window.files.open_project(other)
    assert main_window.session.data.project is current
    answer(monkeypatch, Button.Discard)
    main_window.files.open_project(other)
    assert main_window.session.data.project is not current
    assert main_window.session.weight_mapping()["training"] != 40


def test_new_project_asks_first_and_starts_empty(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_dirty(main_window)
    asked = answer(monkeypatch, Button.Cancel)
    action = next(a for a in main_window.actions() if a.objectName() == "newProjectAction")
    action.trigger()
    assert len(main_window.session.bid_ids) > 0 and len(asked) == 1
    answer(monkeypatch, Button.Discard)
    action.trigger()
    assert main_window.session.bid_ids == ()
    assert not main_window.isWindowModified()
    assert main_window.windowTitle() == "etprio — new project (not saved)[*]"


def test_a_new_project_keeps_its_title_after_an_import(
    main_window: MainWindow, tmp_path: Path
) -> None:
    from etprio.core.tables.demo import write_demo

    bids, survey = write_demo(tmp_path, 6, seed=3)
    main_window.files.new_project()
    for kind, path in (("survey", survey), ("bids", bids)):
        dialog = main_window.files.import_files(**{kind: path})
        assert dialog is not None
        dialog.accept()
    assert len(main_window.session.bid_ids) == 6
    assert main_window.windowTitle() == "etprio — new project (not saved)[*]"


# --- autosave and recovery ----------------------------------------------------------------


def test_autosave_writes_while_dirty_and_a_save_discards_it(
    main_window: MainWindow, recovery_dir: Path, tmp_path: Path
) -> None:
    autosave = main_window.files.autosave
    assert autosave.timer.isActive() and autosave.timer.interval() == 60_000
    assert autosave.write_now() is None  # nothing unsaved yet
    make_dirty(main_window)
    autosave.timer.timeout.emit()
    written = list(recovery_dir.glob("*.etprio"))
    assert len(written) == 1
    main_window.files.save_project_as(tmp_path / "saved.etprio")
    assert not list(recovery_dir.glob("*.etprio"))


def test_a_clean_close_discards_the_autosave(
    main_window: MainWindow, recovery_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_dirty(main_window)
    assert main_window.files.autosave.write_now() is not None
    answer(monkeypatch, Button.Discard)
    main_window.close()
    assert not list(recovery_dir.glob("*.etprio"))


@pytest.fixture
def crashed(recovery_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A recovery file left by an etprio that is no longer running, with training at 40."""
    project = load_demo().project
    SetWeights({"training": 40}).do(project)
    monkeypatch.setattr("etprio.core.project.recovery.process_running", lambda pid: False)
    return write_recovery(project, folder=recovery_dir)


@pytest.mark.usefixtures("settings_dir", "leak_guard", "no_modal_dialogs")
@pytest.mark.parametrize("accept", [True, False])
def test_startup_offers_the_crashed_work(
    qtbot, crashed: Path, recovery_dir: Path, monkeypatch: pytest.MonkeyPatch, accept: bool
) -> None:
    asked = answer(monkeypatch, Button.Yes if accept else Button.No)
    window = show_main_window(MainWindow(Session(load_demo()), defer_charts=True))
    try:
        qtbot.waitUntil(lambda: bool(asked))
        assert "closed unexpectedly" in asked[0] and "Recover it?" in asked[0]
        if accept:
            assert window.session.weight_mapping()["training"] == 40
            assert window.isWindowModified()  # recovered work is unsaved until saved
            assert crashed.exists()  # kept until the work is saved
        else:
            assert window.session.weight_mapping()["training"] != 40
            assert not crashed.exists()
            assert pending_recoveries(folder=recovery_dir) == []
    finally:
        answer(monkeypatch, Button.Discard)
        window.close()
        window.deleteLater()
    assert not crashed.exists()  # discarding the recovered work discards its file


# --- budgets in the project -----------------------------------------------------------------


def test_budgets_are_kept_in_the_project_undone_and_restored(
    main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = main_window.funding_panel
    panel.budgets.capital_input.setValue(3_000_000)
    panel.budgets.horizon_input.setValue(7)
    funding = main_window.session.data.project.settings.funding
    assert (funding.capital_envelope, funding.horizon_years) == (3_000_000, 7)
    assert main_window.undo_stack.count() == 2
    main_window.undo_stack.undo()
    assert panel.budgets.horizon_input.value() == 10
    assert main_window.session.data.project.settings.funding.horizon_years == 10
    main_window.undo_stack.redo()
    path = tmp_path / "budgets.etprio"
    main_window.files.save_project_as(path)

    panel.budgets.capital_input.setValue(1_000_000)
    answer(monkeypatch, Button.Discard)
    main_window.files.open_project(path)
    assert panel.budgets.capital_input.value() == 3_000_000
    assert panel.limits.horizon_years == 7
    assert not main_window.isWindowModified()


# --- scenario comparison --------------------------------------------------------------------


def test_compare_lines_up_two_rankings_with_movements(qtbot, qtmodeltester) -> None:
    session = Session(load_demo())
    project = session.data.project
    SaveScenario("As shipped").do(project)
    panel = ScenarioComparePanel(session, limits=FundingLimits(1_500_000, 250_000))
    qtbot.addWidget(panel)
    qtmodeltester.check(panel.model)
    weights = dict.fromkeys(session.criteria.keys, 0.0) | {"training": 1.0}
    session.set_weights(tuple(weights.values()))
    panel.choose("As shipped", CURRENT)
    qtmodeltester.check(panel.model)
    rows = panel.model.rows
    expected = compare_rankings(
        session.score_weights(project.scenario("As shipped").weights.values()),
        session.scores,
        FundingLimits(1_500_000, 250_000),
    )
    assert rows == expected
    assert [r.rank_a for r in rows] == list(range(1, len(rows) + 1))
    moved = next(r for r in rows if r.movement)
    column = next(
        c
        for c in range(panel.model.columnCount())
        if panel.model.headerData(c, Qt.Orientation.Horizontal) == "Move"
    )
    text = panel.model.index(rows.index(moved), column).data()
    assert text == (f"▲{moved.movement}" if moved.movement > 0 else f"▼{-moved.movement}")
    crossing = [i for i, r in enumerate(rows) if r.crosses_line]
    assert crossing, "training-only weights should move some bid across the funding line"
    tint = panel.model.index(crossing[0], 0).data(Qt.ItemDataRole.BackgroundRole)
    assert tint is not None
    steady = next(i for i, r in enumerate(rows) if not r.crosses_line)
    assert panel.model.index(steady, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_comparing_a_ranking_with_itself_moves_nothing(qtbot) -> None:
    session = Session(load_demo())
    rows = compare_rankings(session.scores, session.score_weights(session.weights))
    assert all(r.movement == 0 and not r.crosses_line for r in rows)
    model = ScenarioCompareModel()
    model.set_rows(rows)
    assert model.rowCount() == len(session.bid_ids)


def test_the_compare_dialog_opens_from_the_weights_menu(main_window: MainWindow) -> None:
    action = next(a for a in main_window.actions() if a.objectName() == "compareScenariosAction")
    action.trigger()
    dialog = main_window.compare_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.panel.model.rowCount() == len(main_window.session.bid_ids)
    main_window.weights.save_scenario("Before training")
    assert dialog.panel.choice_a.findText("Before training") >= 0
    dialog.close()


# --- who scored what -------------------------------------------------------------------------


def test_detail_shows_who_scored_what_with_conflicts_excluded(main_window: MainWindow) -> None:
    session = main_window.session
    project = session.data.project
    governance = project.governance
    bid_id, conflicts = next((b, c) for b, c in governance.conflicts.items() if c)
    conflicted = conflicts[0].member_id
    others = [m.member_id for m in project.committee.members if m.member_id != conflicted][:2]
    for member, score in ((conflicted, 5.0), (others[0], 2.0), (others[1], 4.0)):
        assert main_window.committee_panel.run(
            ImportMemberScores(member, [MemberScore(member, bid_id, "access_score", score)])
        )
    session.set_current_bid(bid_id)
    main_window.detail.refresh()
    text = main_window.detail.browser.toPlainText()
    assert "Who scored what" in text
    assert project.committee.name_of(conflicted) in text
    assert "excluded: conflict of interest" in text
    assert "median of 2 members" in text and "spread 2–4" in text
