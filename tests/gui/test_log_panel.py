"""The Log tab: a filterable, exportable decision log that shows when its chain is broken."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from etprio.core.project.decision_log import DecisionLog
from etprio.core.project.state import Project
from etprio.gui.models.log import LogFilter, LogModel
from etprio.gui.panels.log import LogPanel
from tests.project_builders import sample_project


@pytest.fixture
def project() -> Project:
    return sample_project()


@pytest.fixture
def panel(qtbot, leak_guard, project: Project) -> LogPanel:
    widget = LogPanel(project)
    qtbot.addWidget(widget)
    return widget


def test_the_model_passes_the_model_tester(qtmodeltester, panel: LogPanel) -> None:
    qtmodeltester.check(panel.model)
    qtmodeltester.check(panel.filter)


def test_new_entries_are_inserted_not_reset(qtbot, panel: LogPanel, project: Project) -> None:
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    project.log.append("override", {"summary": "B01 access 3 → 4"}, rationale="site visit")
    with qtbot.waitSignal(panel.model.rowsInserted, timeout=100):
        panel.refresh()
    assert not resets and panel.model.rowCount() == 4
    assert panel.model.index(3, 4).data() == "B01 access 3 → 4"
    assert panel.model.index(3, 3).data() == "override"
    assert "intact: 4 entries" in panel.chain.text()


def test_filter_by_action_and_words(panel: LogPanel) -> None:
    panel.action.setCurrentIndex(panel.action.findData("recusal"))
    assert panel.filter.rowCount() == 1
    panel.action.setCurrentIndex(0)
    panel.words.setText("WORKFORCE")
    assert panel.filter.rowCount() == 1
    assert panel.filter.index(0, 5).data() == "workforce strategy"
    panel.words.setText("nothing like this")
    assert panel.filter.rowCount() == 0


def test_a_broken_chain_is_shown_on_its_entry(qtbot, leak_guard) -> None:
    project = sample_project()
    entries = list(project.log.entries)
    entries[1] = replace(entries[1], rationale="edited behind the app's back")
    project.log = DecisionLog(entries)
    panel = LogPanel(project)
    qtbot.addWidget(panel)
    assert "broken at entry 2" in panel.chain.text()
    assert panel.model.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "Chain broken here" in panel.model.index(1, 2).data(Qt.ItemDataRole.ToolTipRole)
    assert panel.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_export_writes_the_shown_entries_with_formulas_neutralised(
    panel: LogPanel, project: Project, tmp_path: Path
) -> None:
    project.log.append("override", {"summary": '=HYPERLINK("x")'}, actor="chair", rationale="r")
    panel.refresh()
    panel.action.setCurrentIndex(panel.action.findData("override"))
    path = tmp_path / "log.csv"
    panel.export(path)
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[0] == ["seq", "time_utc", "actor", "action", "summary", "rationale"]
    assert rows[1][4] == '\'=HYPERLINK("x")' and len(rows) == 2


def test_an_empty_log(qtbot, leak_guard, qtmodeltester) -> None:
    panel = LogPanel()
    qtbot.addWidget(panel)
    panel.set_project(replace(sample_project(), log=DecisionLog()))
    assert panel.model.rowCount() == 0 and "0 entries" in panel.chain.text()
    model = LogModel()
    qtmodeltester.check(model)
    proxy = LogFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
