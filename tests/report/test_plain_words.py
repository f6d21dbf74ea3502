"""Every string a person reads for a project — decision-log entries, flags, findings, chart
axes, the submission PDF and the command line's help — uses the criteria set's labels and
plain text: no criterion, column or setting key, no backtick, no "CONTRACT"."""

from __future__ import annotations

import argparse
import io
import re
from collections.abc import Iterable
from dataclasses import replace

import pytest
from pypdf import PdfReader

from etprio.cli import build_parser
from etprio.core.committee.members import MemberScore
from etprio.core.funding.limits import FundingLimits
from etprio.core.model import ASSESSOR_COLUMNS
from etprio.core.project.commands import ChangeSettings, SaveScenario, SetWeights
from etprio.core.project.demo_project import demo_project
from etprio.core.project.meeting_commands import (
    ClearOverride,
    ImportMemberScores,
    OverrideScore,
    StepOut,
)
from etprio.core.project.state import Project
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.sensitivity.analysis import SensitivityOptions, run
from etprio.report.pdf import ReportContent, SensitivitySummary, report_bytes
from etprio.report.pdf.committee_record import committee_record

_SETTING_KEYS = (
    "capital_envelope",
    "recurrent_headroom",
    "horizon_years",
    "ccg_name",
    "protective_marking",
    "funding.",
    "report.",
)


def _forbidden(project: Project) -> re.Pattern[str]:
    keys = [k for k in project.criteria.keys if "_" in k or len(k) <= 3]
    columns = [
        *ASSESSOR_COLUMNS,
        "capital_cost_gbp",
        "recurrent_revenue_gbp",
        "grant_pct",
        "grant_gbp",
        "population_benefit",
        "expected_completion",
    ]
    words = "|".join(re.escape(w) for w in [*keys, *columns, *_SETTING_KEYS])
    return re.compile(rf"`|CONTRACT|(?<![\w.]){'(?:' + words + ')'}(?!\w)")


def _offending(project: Project, texts: Iterable[str]) -> list[str]:
    pattern = _forbidden(project)
    return [t for t in texts if pattern.search(t)]


def _busy_project() -> Project:
    """The demo project after a meeting that touched every kind of log entry."""
    project = demo_project()
    bid = project.imported.bids[0].bid_id
    settings = project.settings
    commands = [
        SetWeights({"premises_need": 30, "digital_roadmap": 5, "ig": 5}),
        ChangeSettings(
            replace(
                settings,
                funding=replace(
                    settings.funding, capital_envelope=4_500_000.0, recurrent_headroom=250_000.0
                ),
                report=replace(settings.report, confidential=("notes", "recurrent_revenue_gbp")),
            )
        ),
        OverrideScore(bid, "ig", 4.0, "Data protection impact assessment done"),
        ClearOverride(bid, "ig_score"),
        OverrideScore(bid, "access", 4.0, "Site visit"),
        ImportMemberScores("M03", [MemberScore("M03", bid, "wider_services_score", 2.0)]),
        StepOut("M04", bid),
        SaveScenario("Premises first"),
    ]
    for command in commands:
        command.do(project)
    commands[0].undo(project)
    commands[0].do(project)
    return project


@pytest.fixture(scope="module")
def project() -> Project:
    return _busy_project()


def _scores(project: Project) -> Scores:
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    return score_bids(matrix, project.criteria.weights)


def test_decision_log_entries_say_what_changed_in_words(project: Project) -> None:
    summaries = [e.summary for e in project.log.entries]
    assert _offending(project, summaries + [e.rationale for e in project.log.entries]) == []
    text = "\n".join(summaries)
    assert "Premises need (six-facet survey) 15 → 30" in text
    assert "capital envelope: not set → £4,500,000" in text
    assert "recurrent headroom: not set → £250,000" in text
    assert "Notes → Notes and Recurrent revenue (£/yr)" in text
    assert "from bids.csv and survey.csv" in text
    assert "Information governance score of" in text


def test_flags_and_findings_use_labels(project: Project) -> None:
    scores = _scores(project)
    matrix = scores.matrix
    flags = [f for i in range(len(matrix.bids)) for f in matrix.flags(i)]
    governance = project.governance
    flags += [f for b in matrix.bids for f in governance.flags(b.bid_id)]
    assert any("neutral value for" in f for f in flags)
    limits = FundingLimits(4_500_000, 250_000)
    report = run(scores, limits, SensitivityOptions(samples=500, seed=1))
    assert _offending(project, flags + list(report.findings)) == []


def test_the_submission_pdf_has_no_keys_or_markup(project: Project) -> None:
    scores = _scores(project)
    report = run(scores, None, SensitivityOptions(samples=200, seed=1))
    content = ReportContent(
        scores=scores,
        sensitivity=SensitivitySummary(report.findings, report.stability),
        committee=committee_record(
            project.governance, project.log, project.log.head, project.criteria
        ),
        premises=project.dataset.premises,
    )
    reader = PdfReader(io.BytesIO(report_bytes(content)))
    lines = [line for page in reader.pages for line in (page.extract_text() or "").splitlines()]
    assert _offending(project, lines) == []


def _help_texts(parser: argparse.ArgumentParser) -> Iterable[str]:
    yield parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _help_texts(sub)


def test_help_texts_are_plain(project: Project) -> None:
    texts = list(_help_texts(build_parser()))
    assert len(texts) > 8
    pattern = re.compile(r"`|CONTRACT")
    assert [t.splitlines()[0] for t in texts if pattern.search(t)] == []


def test_the_stability_chart_names_criteria_by_label(qtbot, project: Project) -> None:
    from etprio.gui.panels.sensitivity_charts import StabilityChart

    chart = StabilityChart()
    qtbot.addWidget(chart)
    report = run(_scores(project), None, SensitivityOptions(samples=100, seed=1))
    chart.show_intervals(report.stability)
    ticks = [label for level in chart.plot.getAxis("left")._tickLevels for _, label in level]
    assert "Information governance" in ticks
    axes = [chart.plot.getAxis(side).labelText for side in ("bottom", "left")]
    assert _offending(project, ticks + axes) == []


def test_the_ranking_tables_flags_column_names_criteria_by_label(qapp, project: Project) -> None:
    from PySide6.QtCore import Qt

    from etprio.gui.models.ranking import Column, RankingModel

    scores = _scores(project)
    model = RankingModel()
    model.set_scores(scores, scores.rank)
    flags = [
        str(model.index(row, Column.FLAGS).data(Qt.ItemDataRole.DisplayRole) or "")
        for row in range(model.rowCount())
    ]
    assert any("Neutral: " in f for f in flags)
    assert _offending(project, flags) == []
