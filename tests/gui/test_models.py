"""Every model passes Qt's model tester, and the ranking model moves rows, not resets."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import Qt

from etprio.core.problems import Problem, Severity
from etprio.core.scoring.weighted_sum import score_bids
from etprio.gui.models import Role
from etprio.gui.models.premises import PremisesModel
from etprio.gui.models.problems import ProblemsModel
from etprio.gui.models.ranking import Column, RankingModel
from etprio.gui.session import Session, load_demo

DEMO = load_demo()


def test_ranking_model_passes_the_model_tester(qtmodeltester) -> None:
    session = Session(DEMO)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    qtmodeltester.check(model)
    weights = list(session.weights)
    weights[2] = 60.0
    session.set_weights(weights)
    model.set_scores(session.scores, session.baseline_rank)
    model.set_funded(frozenset(session.matrix.bid_ids[:5]))
    qtmodeltester.check(model)


def test_ranking_rows_are_in_rank_order_with_bid_id_for_user_role() -> None:
    session = Session(DEMO)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    ids = [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    expected = [session.matrix.bid_ids[i] for i in session.scores.order]
    assert ids == expected
    assert model.index(0, Column.RANK).data() == "1"
    assert (
        model.index(0, Column.SCORE).data(Role.RAW) == session.scores.score[session.scores.order[0]]
    )


def test_reweighting_shows_the_new_order_without_a_layout_change(qtbot) -> None:
    """Rows stay put and show the bids in their new order: a layout change would make the
    proxy and the view redo their whole layout on every slider tick."""
    session = Session(DEMO)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    before = [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    changes: list[str] = []
    model.modelReset.connect(lambda: changes.append("reset"))
    model.layoutChanged.connect(lambda: changes.append("layout"))
    spans: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, _roles=(): spans.append((a.row(), b.row())))
    weights = [0.0] * len(session.weights)
    weights[session.criteria.keys.index("recurrent_liability")] = 1.0
    session.set_weights(weights)
    model.set_scores(session.scores, session.baseline_rank)
    after = [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]
    assert not changes
    assert after == [session.matrix.bid_ids[i] for i in session.scores.order]
    moved = [r for r, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert spans[0] == (moved[0], moved[-1])
    assert all(model.row_of(bid_id) == row for row, bid_id in enumerate(after))


def test_movement_is_measured_from_the_baseline() -> None:
    session = Session(DEMO)
    model = RankingModel()
    weights = [0.0] * len(session.weights)
    weights[session.criteria.keys.index("training")] = 1.0
    session.set_weights(weights)
    model.set_scores(session.scores, session.baseline_rank)
    moves = np.array([model.index(r, Column.MOVE).data(Role.RAW) for r in range(model.rowCount())])
    order = session.scores.order
    assert moves.tolist() == (session.baseline_rank[order] - session.scores.rank[order]).tolist()
    assert any(model.index(r, Column.MOVE).data().startswith("▲") for r in range(len(moves)))


def test_funding_line_sits_under_the_funded_run() -> None:
    session = Session(DEMO)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    ids = [session.matrix.bid_ids[i] for i in session.scores.order]
    model.set_funded(frozenset({ids[0], ids[1], ids[3]}))
    lines = [r for r in range(model.rowCount()) if model.index(r, 0).data(Role.FUNDING_LINE)]
    assert lines == [1]
    assert model.index(3, Column.FUNDED).data() == "Funded"
    assert model.index(2, Column.FUNDED).data() == "Not funded"


def test_premises_model_passes_the_model_tester(qtmodeltester) -> None:
    model = PremisesModel()
    model.set_survey(DEMO.dataset, DEMO.scales, DEMO.criteria.facet_weights)
    qtmodeltester.check(model)
    assert model.rowCount() == len(DEMO.dataset.premises)


def test_premises_grades_are_coloured_by_need() -> None:
    model = PremisesModel()
    model.set_survey(DEMO.dataset, DEMO.scales, DEMO.criteria.facet_weights)
    first = DEMO.dataset.premises[0]
    column = 4  # physical condition
    grade = first.grades["physical_condition"]
    assert model.index(0, column).data() == grade
    assert model.index(0, column).data(Role.SORT) == DEMO.scales.need("physical_condition", grade)
    assert model.index(0, column).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_problems_model_passes_the_model_tester(qtmodeltester) -> None:
    problems = [
        Problem("bids.csv", 1, "training_score", "missing required column"),
        Problem("bids.csv", 4, "capital_cost_gbp", "not a number: 'lots'"),
        Problem("survey.csv", 2, "practice_code", "odd ODS code", Severity.WARNING),
    ]
    model = ProblemsModel(problems)
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "4"
    assert model.index(2, 0).data() == "Warning"
    assert model.index(0, 0).data(Role.RAW) is problems[0]


def test_scores_in_the_table_are_the_engines() -> None:
    """The GUI never computes a score: what it shows is score_bids's answer."""
    session = Session(DEMO)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    expected = score_bids(session.matrix, session.criteria.weights)
    shown = [model.index(r, Column.SCORE).data(Role.RAW) for r in range(model.rowCount())]
    assert shown == expected.score[expected.order].tolist()


def test_money_in_the_table_keeps_its_pence() -> None:
    """The table writes money as the command line and the PDF do (core.wording)."""
    first, *rest = DEMO.dataset.bids
    odd = replace(first, capital_cost_gbp=12_345.0, grant_pct=33.0)
    data = replace(DEMO, dataset=replace(DEMO.dataset, bids=(odd, *rest)), project=None)
    session = Session(data)
    model = RankingModel()
    model.set_scores(session.scores, session.baseline_rank)
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == odd.bid_id
    )
    assert model.index(row, Column.GRANT).data() == "£4,073.85"
