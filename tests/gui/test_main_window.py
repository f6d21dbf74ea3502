"""The main window as a committee uses it: contract objectNames, selection shared by the
table, chart and detail panel, import preview, meeting mode, exports and layout memory."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDropEvent
from PySide6.QtWidgets import QMessageBox, QSlider, QStyleOptionViewItem, QTableView

from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.gui import launch
from etprio.gui.launch import show_unexpected_error
from etprio.gui.main_window import MainWindow
from etprio.gui.models.ranking import Column
from etprio.gui.panels.contribution_chart import ContributionChart
from etprio.gui.session import Session, SessionData

from .helpers import AWKWARD, CRITERIA, SCALES


def rewrite_demo_bids(path: Path, change: dict[tuple[int, str], str], drop: str = "") -> Path:
    """The demo bids with some cells changed (row index, column) and a column dropped."""
    with demo_bids_path().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for (index, column), value in change.items():
        rows[index][column] = value
    columns = [c for c in rows[0] if c != drop]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_contract_object_names_and_user_role(main_window: MainWindow) -> None:
    table = main_window.findChild(QTableView, "rankingTable")
    assert main_window.findChild(ContributionChart, "contributionChart") is not None
    assert main_window.findChild(QAction, "meetingModeAction") is not None
    assert main_window.findChild(QAction, "exportPdfAction") is not None
    for key in CRITERIA.keys:
        assert main_window.findChild(QSlider, f"weightSlider_{key}") is not None
    session = main_window.session
    model = table.model()
    first = session.matrix.bid_ids[int(session.scores.order[0])]
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) == first
    assert model.index(0, 0).data() == "1"
    table.sortByColumn(Column.TITLE, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, Column.TITLE).data() for r in range(model.rowCount())]
    assert titles == sorted(titles)
    assert model.index(0, 0).data(Qt.ItemDataRole.UserRole) != first or titles[0].startswith("V")


def test_selection_is_shared_by_table_chart_and_detail(main_window: MainWindow, qtbot) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    table = main_window.ranking.table
    table.selectRow(2)
    chosen = table.model().index(2, 0).data(Qt.ItemDataRole.UserRole)
    assert main_window.session.current_bid == chosen
    assert chosen in main_window.detail.browser.toPlainText()

    chart = main_window.chart
    target = chart.bar_centre(4)
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=target.toPoint())
    clicked = table.model().index(4, 0).data(Qt.ItemDataRole.UserRole)
    assert main_window.session.current_bid == clicked
    assert table.currentIndex().row() == 4
    assert clicked in main_window.detail.browser.toPlainText()


def test_chart_follows_the_table(main_window: MainWindow, qtbot) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    chart = main_window.chart
    main_window.findChild(QSlider, "weightSlider_training").setValue(90)
    shown = main_window.ranking.shown_rows()
    session = main_window.session
    assert shown.bids.tolist() == session.scores.order[: len(shown.bids)].tolist()
    training = CRITERIA.keys.index("training")
    widths = chart.widths[:, training]
    assert widths.tolist() == session.scores.contributions[shown.bids, training].tolist()
    assert chart.tick_labels == [session.bid_ids[b] for b in shown.bids]


def test_painted_cells_follow_sorting_and_filtering(main_window: MainWindow) -> None:
    """The cell painter skips the proxy's mapping while it passes rows through; sorted or
    filtered, each painted cell still shows what the proxy's row holds."""
    panel = main_window.ranking
    delegate = panel.table.itemDelegate()

    def painted(row: int, column: Column) -> str:
        option = QStyleOptionViewItem()
        delegate.initStyleOption(option, panel.proxy.index(row, column))
        return option.text

    setups = (
        lambda: None,
        lambda: panel.table.sortByColumn(Column.GRANT, Qt.SortOrder.DescendingOrder),
        lambda: panel.set_filter("2"),
        lambda: panel.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder),
    )
    for setup in setups:
        setup()
        assert panel.proxy.rowCount() > 0
        for row in range(panel.proxy.rowCount()):
            for column in (Column.RANK, Column.BID, Column.SCORE, Column.FUNDED):
                assert painted(row, column) == panel.proxy.index(row, column).data()


def test_bad_file_is_previewed_and_nothing_is_imported(
    main_window: MainWindow, tmp_path: Path
) -> None:
    bad = rewrite_demo_bids(
        tmp_path / "bids.csv",
        {(2, "capital_cost_gbp"): "lots", (4, "access_score"): "7"},
        drop="training_score",
    )
    before = main_window.session.data
    dialog = main_window.files.import_files(bids=bad)
    assert dialog is not None
    listed = [(p.row, p.column) for p in dialog.model.problems if p.is_error]
    assert (1, "training_score") in listed
    assert (4, "capital_cost_gbp") in listed
    assert (6, "access_score") in listed
    assert not dialog.import_button.isEnabled()
    dialog.accept()
    assert main_window.session.data is before
    assert main_window.undo_stack.count() == 0
    dialog.reject()


def test_warnings_do_not_block_and_an_import_undoes(
    main_window: MainWindow, tmp_path: Path
) -> None:
    changed = rewrite_demo_bids(tmp_path / "bids.csv", {(0, "access_score"): "0"})
    before = main_window.session.data
    dialog = main_window.files.import_files(bids=changed)
    assert dialog is not None and dialog.import_button.isEnabled()
    dialog.accept()
    assert main_window.session.data.bids_path == changed
    assert main_window.session.data.dataset.bids[0].scores["access_score"] == 0
    assert main_window.settings.recent_files()[0].path == changed.resolve()
    project = main_window.session.data.project
    assert project is not None and project.imported.bids[0].scores["access_score"] == 0
    assert project.log.entries[-1].action == "import"
    main_window.undo_stack.undo()
    assert main_window.session.data.dataset == before.dataset
    assert main_window.session.data.bids_path == before.bids_path
    assert "Undone" in project.log.entries[-1].details["summary"]


def test_problems_can_be_copied_and_exported(main_window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtGui import QGuiApplication

    bad = rewrite_demo_bids(tmp_path / "bids.csv", {(1, "grant_pct"): "140"})
    dialog = main_window.files.import_files(bids=bad)
    dialog.copy_all()
    text = QGuiApplication.clipboard().text()
    assert "grant_pct" in text and "\t3\t" in text
    out = tmp_path / "problems.csv"
    dialog.export_csv(out)
    assert "grant_pct" in out.read_text(encoding="utf-8-sig")
    dialog.reject()


def test_dropping_a_survey_and_bids_imports_them_together(
    main_window: MainWindow, tmp_path: Path
) -> None:
    bids = rewrite_demo_bids(tmp_path / "new-bids.csv", {(0, "title"): "Dropped in"})
    survey = tmp_path / "new-survey.csv"
    survey.write_bytes(demo_survey_path().read_bytes())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(survey)), QUrl.fromLocalFile(str(bids))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime,
        Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    main_window.dropEvent(event)
    dialog = main_window.files.import_dialog
    assert dialog is not None and dialog.import_button.isEnabled()
    dialog.accept()
    assert main_window.session.data.survey_path == survey
    assert main_window.session.data.dataset.bids[0].title == "Dropped in"


def test_meeting_mode_hides_confidential_columns(main_window: MainWindow, qtbot) -> None:
    main_window.resize(2560, 900)  # room for every desk column beside the docks
    main_window.show()
    qtbot.waitExposed(main_window)
    table = main_window.ranking.table
    notes_bid = next(b for b in main_window.session.matrix.bids if b.notes)
    main_window.session.set_current_bid(notes_bid.bid_id)
    assert not table.isColumnHidden(Column.NOTES)
    assert notes_bid.notes[:30] in main_window.detail.browser.toPlainText()

    main_window.findChild(QAction, "meetingModeAction").trigger()
    assert main_window.meeting_mode
    assert table.isColumnHidden(Column.NOTES)
    assert notes_bid.notes[:30] not in main_window.detail.browser.toPlainText()
    assert main_window.detail_dock.isHidden()
    assert main_window.chart.isHidden()
    assert main_window.weights_dock.isVisible()
    assert main_window.isFullScreen()
    hub = table.model().index(0, Column.GRANT)
    assert hub.data() == "£1.98m"
    assert table.model().headerData(Column.RECURRENT, Qt.Orientation.Horizontal) == "£/yr"

    main_window.findChild(QAction, "meetingModeAction").trigger()
    assert not main_window.meeting_mode
    assert not table.isColumnHidden(Column.NOTES)
    assert hub.data() == "£1,980,000"
    recurrent = table.model().headerData(Column.RECURRENT, Qt.Orientation.Horizontal)
    assert recurrent == "Recurrent £/yr"
    assert not main_window.detail_dock.isHidden()


def test_filters_narrow_the_table_and_keep_rank_order(main_window: MainWindow) -> None:
    panel = main_window.ranking
    panel.set_filter(scheme="technology")
    proxy = panel.proxy
    session = main_window.session
    ids = [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]
    by_id = session.data.dataset.bids_by_id
    assert ids and all(by_id[i].scheme_type.value == "technology" for i in ids)
    ranks = [int(proxy.index(r, Column.RANK).data()) for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks)
    panel.set_filter(text=ids[0])
    assert proxy.rowCount() == 1
    panel.set_filter()
    assert proxy.rowCount() == len(session.matrix.bids)


def test_export_ranking_writes_the_contract_table(main_window: MainWindow, tmp_path: Path) -> None:
    out = tmp_path / "ranking.csv"
    main_window.files.export_ranking(out)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["rank", "bid_id", "title"]
    session = main_window.session
    assert rows[1][1] == session.matrix.bid_ids[int(session.scores.order[0])]


def test_funding_panel_draws_the_line(main_window: MainWindow) -> None:
    if main_window.funding_panel is None:
        pytest.skip("the funding panel is not installed")
    funded = main_window.session.funded
    assert funded
    model = main_window.ranking.model
    statuses = {model.index(r, Column.FUNDED).data() for r in range(model.rowCount())}
    assert "Funded" in statuses
    assert any(model.index(r, 0).data(Role_FUNDING_LINE) for r in range(model.rowCount()))


Role_FUNDING_LINE = Qt.ItemDataRole.UserRole + 4


def test_window_layout_is_remembered(qtbot, settings_dir: Path, leak_guard) -> None:
    from etprio.gui import create_main_window

    first = create_main_window()
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.resize(first.minimumWidth(), 540)  # the offscreen screen is only 800×600
    first.weights_dock.hide()
    first.close()
    second = create_main_window()
    qtbot.addWidget(second)
    assert second.height() == 540
    assert second.weights_dock.isHidden()
    assert second.weights_dock.isHidden()


def test_unexpected_errors_show_a_dialog_with_details(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(launch, "log_folder", lambda: tmp_path / "logs")

    def fake_exec(box: QMessageBox) -> int:
        shown.append(box.detailedText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise RuntimeError("slot broke")
    except RuntimeError as exc:
        show_unexpected_error(type(exc), exc, exc.__traceback__)
    assert shown and "slot broke" in shown[0] and "Traceback" in shown[0]
    assert "slot broke" in (tmp_path / "logs" / "etprio.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_data_sets_open_in_every_panel(
    name: str, qtbot, settings_dir: Path, leak_guard
) -> None:
    session = Session(SessionData(AWKWARD[name], CRITERIA, SCALES))
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.ranking.proxy.rowCount() == len(AWKWARD[name].bids)
    window.findChild(QSlider, "weightSlider_training").setValue(55)
    window.set_meeting_mode(True)
    window.set_meeting_mode(False)
    if AWKWARD[name].bids:
        window.session.set_current_bid(AWKWARD[name].bids[-1].bid_id)
        assert "<b>not bold</b>" not in window.detail.browser.toHtml()


def test_submission_pdf_is_written_in_the_background(
    main_window: MainWindow, tmp_path: Path, qtbot
) -> None:
    action = main_window.findChild(QAction, "exportPdfAction")
    if not action.isEnabled():
        pytest.skip("the PDF report is not installed")
    out = tmp_path / "submission.pdf"
    main_window.files.export_pdf(out)
    qtbot.waitUntil(lambda: action.isEnabled(), timeout=30_000)
    assert out.read_bytes().startswith(b"%PDF")


def test_committee_commands_rescore_undo_and_reach_the_log(main_window: MainWindow) -> None:
    """A chair's override is a committee command on the window's undo stack: the ranking
    moves, the log panel shows it, and Ctrl+Z takes it back."""
    from etprio.core.project.meeting_commands import OverrideScore

    session = main_window.session
    last = session.bid_ids[int(session.scores.order[-1])]
    rows_before = main_window.log_panel.model.rowCount()
    assert main_window.committee_panel.run(
        OverrideScore(last, "access", 5, "The access plan was missing from the papers")
    )
    assert session.data.dataset.bids_by_id[last].scores["access_score"] == 5
    assert session.scores.rank[session.row_of(last)] < len(session.bid_ids)
    assert main_window.log_panel.model.rowCount() == rows_before + 1
    main_window.undo_stack.undo()
    assert session.data.dataset.bids_by_id[last].scores["access_score"] != 5
    assert main_window.log_panel.model.rowCount() == rows_before + 2


def test_conflicts_show_in_the_flags_column(main_window: MainWindow) -> None:
    model = main_window.ranking.model
    flags = [model.index(r, Column.FLAGS).data() for r in range(model.rowCount())]
    assert any("conflicted" in text for text in flags)


def test_projects_save_and_open(
    main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "june.etprio"
    main_window.findChild(QSlider, "weightSlider_training").setValue(30)
    main_window.files.save_project_as(path)
    assert path.exists()
    assert main_window.windowTitle() == "etprio — june.etprio[*]"
    assert not main_window.isWindowModified()
    main_window.findChild(QSlider, "weightSlider_training").setValue(10)
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: discard)
    main_window.files.open_project(path)
    assert main_window.session.data.project.path == path
    assert main_window.session.weight_mapping()["training"] == 30
    assert main_window.undo_stack.count() == 0


def test_a_hidden_funding_tab_catches_up_when_shown(main_window: MainWindow) -> None:
    """Slider ticks redraw only what is on screen; the Funding tab, hidden meanwhile,
    shows the session's funding line as soon as it is shown again."""
    panel, session = main_window.funding_panel, main_window.session
    main_window.tabs.setCurrentIndex(0)
    slider = main_window.findChild(QSlider, "weightSlider_training")
    slider.setValue(slider.maximum())
    assert panel.rank_order is not session.rank_order
    main_window.tabs.setCurrentWidget(panel)
    assert panel.rank_order is session.rank_order
    slider.setValue(slider.minimum())
    assert panel.rank_order is session.rank_order


def test_the_selection_stays_on_the_current_bid_when_the_ranking_moves(
    main_window: MainWindow,
) -> None:
    table = main_window.ranking.table
    table.selectRow(3)
    chosen = main_window.session.current_bid
    slider = main_window.findChild(QSlider, "weightSlider_training")
    for value in (slider.maximum(), slider.minimum(), 37):
        slider.setValue(value)
        selected = table.selectionModel().selectedRows()
        assert [index.data(Qt.ItemDataRole.UserRole) for index in selected] == [chosen]
        assert table.currentIndex().data(Qt.ItemDataRole.UserRole) == chosen


def test_project_tabs_are_listed_at_once_and_built_when_first_shown(
    main_window: MainWindow,
) -> None:
    """Opening a project does not build the Funding, Sensitivity, Committee, Member
    weights and Log tabs; they are in the tab bar and built the first time one is shown."""
    from etprio.gui.panels.funding import FundingPanel
    from etprio.gui.panels.log import LogPanel

    tabs = main_window.tabs
    titles = [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]
    assert titles[2:] == ["Funding", "Sensitivity", "Committee", "Member weights", "Log"]
    assert main_window.findChild(FundingPanel) is None
    tabs.setCurrentIndex(titles.index("Log"))
    assert isinstance(tabs.currentWidget(), LogPanel)
    assert tabs.currentIndex() == titles.index("Log")
    assert isinstance(tabs.widget(titles.index("Funding")), FundingPanel)
    assert [tabs.tabText(i).replace("&", "") for i in range(tabs.count())] == titles
