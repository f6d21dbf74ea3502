"""Each panel stands on its own over a session (as ``python -m etprio.gui.panels.X`` runs
it), and the pieces around the main window: session, undo, settings, startup imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.gui.models.premises import FIRST_FACET
from etprio.gui.panels.bid_detail import BidDetailPanel
from etprio.gui.panels.contribution_chart import ContributionChart
from etprio.gui.panels.import_preview import guess_kind
from etprio.gui.panels.premises import PremisesPanel
from etprio.gui.panels.weights import WeightsPanel
from etprio.gui.session import Session, load_demo, read_import
from etprio.gui.settings import AppSettings
from etprio.gui.undo import SetWeights

from .helpers import bid, session_of


def test_the_leak_guard_catches_a_stray_window(leak_guard) -> None:
    stray = QWidget()
    stray.setObjectName("stray")
    stray.show()
    assert stray in leak_guard.leaked()
    stray.close()
    stray.deleteLater()
    assert leak_guard.leaked() == []


def test_bid_detail_escapes_user_text_and_hides_notes_for_meetings(qtbot) -> None:
    session = session_of(
        bid("B1", 4, 4, title="<script>x</script> & sons", notes="Partner <b>conflicted</b>"),
        bid("B2", 1, 1),
    )
    panel = BidDetailPanel(session)
    qtbot.addWidget(panel)
    session.set_current_bid("B1")
    text = panel.browser.toPlainText()
    assert "<script>x</script> & sons" in text
    assert "Partner <b>conflicted</b>" in text
    panel.set_show_notes(False)
    assert "conflicted" not in panel.browser.toPlainText()
    assert "Rank 1 of 2" in panel.browser.toPlainText()


def test_premises_panel_lists_the_survey(qtbot) -> None:
    session = Session(load_demo())
    panel = PremisesPanel(session)
    qtbot.addWidget(panel)
    assert panel.proxy.rowCount() == len(session.data.dataset.premises)
    panel.proxy.setFilterFixedString(session.data.dataset.premises[0].premises_name)
    assert panel.proxy.rowCount() >= 1
    assert panel.proxy.index(0, FIRST_FACET).data() is not None


def test_weights_panel_runs_alone_and_a_drag_merges(qtbot) -> None:
    session = Session(load_demo())
    stack = QUndoStack()
    panel = WeightsPanel(session, stack)
    qtbot.addWidget(panel)
    first = session.weights
    for value in (12, 14, 16, 18):
        stack.push(SetWeights(session, (value, *first[1:]), "drag", gesture=1))
    assert stack.count() == 1
    stack.push(SetWeights(session, (40, *first[1:]), "another drag", gesture=2))
    assert stack.count() == 2
    stack.undo()
    assert session.weights[0] == 18
    stack.undo()
    assert session.weights == first


def test_a_drag_back_to_where_it_started_leaves_no_undo_step() -> None:
    session = Session(load_demo())
    stack = QUndoStack()
    first = session.weights
    stack.push(SetWeights(session, (50, *first[1:]), "drag", gesture=1))
    stack.push(SetWeights(session, first, "drag", gesture=1))
    assert stack.count() == 0


def test_all_zero_weights_are_rejected_by_the_session(qtbot) -> None:
    session = Session(load_demo())
    before = session.scores
    with qtbot.waitSignal(session.weightsRejected):
        assert not session.set_weights([0.0] * len(session.weights))
    assert session.scores is before


def test_a_new_survey_rereads_the_bids_against_it(tmp_path: Path) -> None:
    data = load_demo()
    survey = tmp_path / "survey.csv"
    lines = demo_survey_path().read_text(encoding="utf-8").splitlines()
    survey.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    new, problems = read_import(data, None, survey)
    assert new is None
    assert any(p.column == "premises_id" and p.is_error for p in problems)
    same, problems = read_import(data, None, demo_survey_path())
    assert same is not None and same.dataset.bids == data.dataset.bids
    assert all(not p.is_error for p in problems)


def test_dropped_files_are_told_apart_by_their_headings(tmp_path: Path) -> None:
    renamed = tmp_path / "download (3).csv"
    renamed.write_bytes(demo_survey_path().read_bytes())
    assert guess_kind(demo_bids_path()) == "bids"
    assert guess_kind(renamed) == "survey"


def test_settings_are_versioned_and_recent_files_deduplicated(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "etprio.ini"), QSettings.Format.IniFormat)
    settings = AppSettings(store)
    settings.add_recent_file("bids", demo_bids_path())
    settings.add_recent_file("survey", demo_survey_path())
    settings.add_recent_file("bids", demo_bids_path())
    assert [f.kind for f in settings.recent_files()] == ["bids", "survey"]
    settings.save_scenario("set", "A", {"access": 30.0})
    assert AppSettings(store).scenarios("set") == {"A": {"access": 30.0}}
    assert store.value("settings_version") == 1 or store.value("settings_version") == "1"
    assert any(key.startswith("v1/") for key in store.allKeys())


def test_the_gui_package_imports_no_heavy_modules() -> None:
    """Startup (DESIGN "Startup is a feature"): nothing heavy until the window is shown."""
    code = (
        "import sys, etprio.gui, etprio.gui.launch, etprio.gui.main_window;"
        "heavy = {'scipy', 'pandas', 'skcriteria', 'reportlab', 'pyqtgraph'};"
        "print(sorted(heavy & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_chart_legend_columns_follow_the_width(qtbot, settings_dir: Path) -> None:
    """A narrow chart stacks the legend so no criterion's label is cut off."""
    chart = ContributionChart(Session(load_demo()))
    qtbot.addWidget(chart)
    chart.resize(1400, 400)
    chart.show()
    qtbot.waitExposed(chart)
    wide = chart.legend_column_count()
    chart.resize(420, 400)
    assert 1 <= chart.legend_column_count() < wide
