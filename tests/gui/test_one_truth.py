"""CONTRACT §6: the app opened on a project shows what the command line reports on the same
file — the ranking's order and Funded column, the Funding tab's totals, the submission PDF —
whatever happens in the window (committee changes, undo, budgets, imports)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider

from etprio.cli import main
from etprio.core.committee.members import Role
from etprio.core.funding.selection import Selection, rank_order_selection
from etprio.core.project.committee_commands import AddMember
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from etprio.gui.main_window import MainWindow
from etprio.gui.models.ranking import Column
from tests.report.builders import page_texts

MEMBERS = "member_id,name,role,practice_codes\nL1,Ann Lay,Lay member,\nG1,Dr Gee,GP,Y02103\n"


def cli(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def make_project(capsys: pytest.CaptureFixture[str], folder: Path, *, budgets: bool = True) -> Path:
    (folder / "members.csv").write_text(MEMBERS, encoding="utf-8")
    path = folder / "vale.etprio"
    extra = ["--capital", "£3m", "--recurrent", "£150k"] if budgets else []
    cli(
        capsys, "new", path, "--bids", demo_bids_path(), "--survey", demo_survey_path(),
        "--members", folder / "members.csv", "--ccg-name", "NHS Riverside CCG",
        "--ccg-code", "01A", *extra,
    )  # fmt: skip
    return path


@pytest.fixture
def open_window(
    qtbot, settings_dir, recovery_dir, leak_guard, no_modal_dialogs, monkeypatch
) -> Iterator[Callable[[Path], MainWindow]]:
    from PySide6.QtWidgets import QMessageBox

    from etprio.gui import create_main_window

    windows: list[MainWindow] = []

    def open_on(path: Path) -> MainWindow:
        window = create_main_window(path)
        windows.append(window)
        return window

    yield open_on
    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: discard)
    for window in windows:
        window.close()
        window.deleteLater()


def shown(window: MainWindow) -> list[tuple[str, str]]:
    """The ranking table as a person reads it: bid id and Funded cell, top to bottom."""
    model = window.ranking.table.model()
    rows = []
    for row in range(model.rowCount()):
        bid_id = model.index(row, 0).data(Qt.ItemDataRole.UserRole)
        funded = model.index(row, Column.FUNDED).data(Qt.ItemDataRole.DisplayRole)
        rows.append((bid_id, funded))
    return rows


def cli_view(capsys: pytest.CaptureFixture[str], path: Path) -> list[tuple[str, str]]:
    """What ``rank`` and ``funding --project`` say about the same file, in the app's words."""
    ranking = json.loads(cli(capsys, "rank", "--project", path, "--format", "json"))
    try:
        funding = json.loads(cli(capsys, "funding", "--project", path, "--format", "json"))
    except AssertionError:
        funding = None
    funded = set(funding["rank_order"]["funded"]) if funding else None
    return [
        (
            b["bid_id"],
            "–" if funded is None else "Funded" if b["bid_id"] in funded else "Not funded",
        )
        for b in ranking["bids"]
    ]


def test_the_ranking_and_funded_column_equal_the_command_line(
    open_window, capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path)
    expected = cli_view(capsys, path)
    window = open_window(path)
    assert shown(window) == expected
    assert any(funded == "Funded" for _, funded in expected)
    funding = json.loads(cli(capsys, "funding", "--project", path, "--format", "json"))
    panel = window.funding_panel
    assert panel is not None and panel.rank_order is not None
    assert list(panel.rank_order.funded) == funding["rank_order"]["funded"]
    assert panel.rank_order.grant_total == pytest.approx(funding["rank_order"]["grant_total"])
    assert f"{len(funding['rank_order']['funded'])} funded" in window._counts.text()


def walked_afresh(window: MainWindow) -> tuple[list[tuple[str, str]], int, Selection]:
    """The ranking, Funded column and funding line row the window's weights give on the
    window's data scored anew, so that nothing walked for the window is looked up."""
    session = window.session
    assert session.limits is not None
    data = session.data
    matrix = compute_values(data.dataset, data.criteria, data.scales)
    scores = score_bids(matrix, session.weights)
    selection = rank_order_selection(scores, session.limits)
    ids = matrix.bid_ids
    rows = [
        (ids[i], "Funded" if ids[i] in selection.funded_set else "Not funded") for i in scores.order
    ]
    run = next((row for row, (_, funded) in enumerate(rows) if funded != "Funded"), len(rows))
    return rows, run - 1, selection


def test_slider_moves_and_their_undo_keep_the_funding_line_a_fresh_walk_draws(
    open_window, capsys, tmp_path: Path
) -> None:
    """Moves that reorder the bids, moves back to an order walked before, undo and redo:
    after each, the Funded column, the line under the funded run and the count in the
    status bar are those of a funding line walked afresh for the weights on screen."""
    window = open_window(make_project(capsys, tmp_path))
    slider = window.findChild(QSlider, "weightSlider_training")
    seen = set()

    def check() -> None:
        rows, line_row, selection = walked_afresh(window)
        assert shown(window) == rows
        assert window.ranking.model.funding_line_row == line_row
        assert f"{len(selection.funded)} funded" in window._counts.text()
        seen.add(selection.funded)

    for value in (90, 0, 45, 90, 100, 0):
        slider.setValue(value)
        check()
    window.undo_stack.undo()
    check()
    window.undo_stack.undo()
    check()
    window.undo_stack.redo()
    check()
    assert len(seen) > 1, "the moves should move the funding line"
    window.tabs.setCurrentWidget(window.funding_panel)
    assert window.funding_panel.rank_order == walked_afresh(window)[2]


def test_a_committee_change_and_its_undo_keep_the_funding_line(
    open_window, capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path)
    window = open_window(path)
    before = shown(window)
    window.run_project_command(AddMember("Dr New", Role.GP, practice_codes=("Y02101",)))
    assert shown(window) == before
    assert any(funded == "Funded" for _, funded in shown(window))
    window.undo_stack.undo()
    assert shown(window) == before
    window.files.save_project()
    window.session.data.project.close()
    assert cli_view(capsys, path) == before


def test_a_project_without_budgets_funds_nothing_anywhere(
    open_window, capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path, budgets=False)
    window = open_window(path)
    assert {funded for _, funded in shown(window)} == {"–"}
    assert "funded" not in window._counts.text()
    assert window.funding_panel is not None and window.funding_panel.rank_order is None
    assert cli_view(capsys, path) == shown(window)


def test_budgets_typed_in_the_app_are_what_the_command_line_uses(
    open_window, capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path, budgets=False)
    window = open_window(path)
    panel = window.funding_panel
    assert panel is not None
    panel.budgets.capital_input.setValue(2_000_000)
    panel.budgets.recurrent_input.setValue(100_000)
    assert any(funded == "Funded" for _, funded in shown(window))
    window.files.save_project()
    window.session.data.project.close()
    assert cli_view(capsys, path) == shown(window)


def test_the_exported_ranking_is_the_command_lines(open_window, capsys, tmp_path: Path) -> None:
    import csv

    path = make_project(capsys, tmp_path)
    window = open_window(path)
    app_csv, cli_csv = tmp_path / "app.csv", tmp_path / "cli.csv"
    window.files.export_ranking(app_csv)
    cli(capsys, "export", "--project", path, "-o", cli_csv)
    assert app_csv.read_bytes() == cli_csv.read_bytes()
    with app_csv.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["bid_id"] for r in rows] == [bid for bid, _ in shown(window)]
    funded_cells = {r["funded"] for r in rows if (r["bid_id"], "Funded") in shown(window)}
    assert len(funded_cells) == 1


def _without_generation_time(texts: list[str]) -> list[str]:
    import re

    return [re.sub(r"\d{1,2}:\d{2}(:\d{2})?", "HH:MM", t) for t in texts]


def test_the_app_and_the_command_line_write_the_same_submission(
    open_window, qtbot, capsys, tmp_path: Path
) -> None:
    path = make_project(capsys, tmp_path)
    window = open_window(path)
    app_pdf, public_pdf = tmp_path / "app.pdf", tmp_path / "app-public.pdf"
    for out, public in ((app_pdf, False), (public_pdf, True)):
        with qtbot.waitSignal(
            window.files.pdfBusy, timeout=60_000, check_params_cb=lambda b: not b
        ):
            window.files.export_pdf(out, public=public)
    window.session.data.project.close()
    cli_pdf, cli_public = tmp_path / "cli.pdf", tmp_path / "cli-public.pdf"
    cli(capsys, "report", "--project", path, "-o", cli_pdf)
    cli(capsys, "report", "--project", path, "--public", "-o", cli_public)
    app_pages = _without_generation_time(page_texts(app_pdf))
    assert app_pages == _without_generation_time(page_texts(cli_pdf))
    assert _without_generation_time(page_texts(public_pdf)) == _without_generation_time(
        page_texts(cli_public)
    )
    text = " ".join(app_pages)
    assert "NHS Riverside CCG" in text and "NHS Example Vale CCG" not in text
    assert "No committee record is attached" not in text
    assert "No decision log is attached" not in text
    assert "No sensitivity analysis was attached" not in text


def test_both_export_actions_ask_only_for_a_file_name(
    open_window, capsys, tmp_path: Path, monkeypatch, qtbot
) -> None:
    from PySide6.QtWidgets import QFileDialog

    path = make_project(capsys, tmp_path)
    window = open_window(path)
    asked: list[str] = []

    def save_name(*args: object, **kwargs: object) -> tuple[str, str]:
        asked.append(str(args[1]))
        return ("", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    for name in ("exportPdfAction", "exportPublicPdfAction"):
        action = window.findChild(type(window.export_pdf_action), name)
        assert action is not None, name
        action.trigger()
    assert asked == ["Export submission PDF", "Export public edition"]


def test_report_settings_are_kept_in_the_project(open_window, capsys, tmp_path: Path) -> None:
    from etprio.gui.panels.report_settings import ReportSettingsDialog

    path = make_project(capsys, tmp_path)
    window = open_window(path)
    project = window.session.data.project
    dialog = ReportSettingsDialog(project, window)
    dialog.ccg_name.setText("NHS Hillside CCG")
    dialog.version.setText("2.1")
    command = dialog.command()
    dialog.deleteLater()
    assert command is not None
    window.run_project_command(command)
    window.files.save_project()
    project.close()
    out = tmp_path / "s.pdf"
    cli(capsys, "report", "--project", path, "--samples", "200", "-o", out)
    text = " ".join(page_texts(out))
    assert "NHS Hillside CCG" in text and "2.1" in text
