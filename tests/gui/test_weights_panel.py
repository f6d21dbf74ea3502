"""Weight sliders drive the ranking: a drag re-ranks exactly as score_bids says and undoes
in one step; locks, normalising, presets and the all-zero guard behave as documented."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDoubleSpinBox, QLabel, QSlider, QStyle, QStyleOptionSlider

from etprio.core.scoring.weighted_sum import score_bids
from etprio.gui.panels.weights import (
    PRESETS,
    SLIDER_STEPS,
    SteadyLabel,
    normalised_to,
    rebalanced,
    with_preset,
)

from .helpers import CRITERIA


def table_order(window) -> list[str]:
    proxy = window.ranking.proxy
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(proxy.rowCount())]


def predicted_order(window) -> list[str]:
    session = window.session
    scores = score_bids(session.matrix, session.weights)
    return [session.matrix.bid_ids[i] for i in scores.order]


def handle_centre(slider: QSlider) -> QPoint:
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    rect = slider.style().subControlRect(
        QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider
    )
    return rect.center()


def test_dragging_the_training_slider_reranks_as_score_bids_predicts(main_window, qtbot) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    slider = main_window.findChild(QSlider, "weightSlider_training")
    before = table_order(main_window)
    start = handle_centre(slider)
    end = QPoint(slider.width() - 2, start.y())
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 11):
        qtbot.mouseMove(slider, QPoint(start.x() + (end.x() - start.x()) * step // 10, start.y()))
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=end)

    training = main_window.session.weight_mapping()["training"]
    assert training > 80
    assert table_order(main_window) == predicted_order(main_window)
    assert table_order(main_window) != before
    assert main_window.undo_stack.count() == 1, "a drag is one undo step"

    main_window.undo_stack.undo()
    assert main_window.session.weights == main_window.session.default_weights
    assert table_order(main_window) == before
    assert slider.value() == 10
    main_window.undo_stack.redo()
    assert main_window.session.weight_mapping()["training"] == training


def weight_minutes(window) -> int:
    return sum(e.action == "weight_change" for e in window.session.data.project.log.entries)


def test_a_run_of_key_steps_is_one_undo_step_and_one_minute(main_window, qtbot) -> None:
    """Held or repeated keys on one weight move the ranking at every step but, like a
    drag, make one undo step and one line in the decision log once they come to rest."""
    slider = main_window.findChild(QSlider, "weightSlider_training")
    minutes = weight_minutes(main_window)
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert main_window.session.weight_mapping()["training"] == 20.0
    assert table_order(main_window) == predicted_order(main_window)
    assert main_window.undo_stack.count() == 1
    assert weight_minutes(main_window) == minutes
    qtbot.waitUntil(lambda: weight_minutes(main_window) == minutes + 1, timeout=3000)
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert main_window.undo_stack.count() == 2
    main_window.undo_stack.undo()  # the open run is minuted first, then its undoing
    assert main_window.session.weight_mapping()["training"] == 20.0
    assert weight_minutes(main_window) == minutes + 3
    main_window.undo_stack.undo()
    assert main_window.session.weights == main_window.session.default_weights


def test_weights_stepped_just_before_a_save_are_saved(main_window, tmp_path) -> None:
    slider = main_window.findChild(QSlider, "weightSlider_training")
    slider.setValue(slider.value() + 7)
    stepped = main_window.session.weight_mapping()["training"]
    path = tmp_path / "stepped.etprio"
    main_window.files.save_project_as(path)
    criteria = main_window.session.data.project.criteria
    assert dict(zip(criteria.keys, criteria.weights, strict=True))["training"] == stepped


def test_spin_box_sets_the_exact_weight(main_window) -> None:
    spin = main_window.findChild(type(main_window.weights._spins[0]), "weightSpin_access")
    spin.setValue(32.5)
    assert main_window.session.weight_mapping()["access"] == 32.5
    slider = main_window.findChild(QSlider, "weightSlider_access")
    assert slider.value() == round(32.5 * SLIDER_STEPS / 100)


def test_all_weights_zero_is_refused_and_the_ranking_kept(main_window) -> None:
    session = main_window.session
    keys = session.criteria.keys
    for key in keys[1:]:
        main_window.findChild(QSlider, f"weightSlider_{key}").setValue(0)
    before = table_order(main_window)
    last = main_window.findChild(QSlider, f"weightSlider_{keys[0]}")
    last.setValue(0)
    assert session.weight_mapping()[keys[0]] > 0
    assert last.value() > 0, "the slider springs back to the last valid weight"
    assert table_order(main_window) == before
    message = main_window.weights.findChild(type(main_window.weights._warning), "weightsMessage")
    assert not message.isHidden()
    assert "zero" in message.text()


def test_lock_keeps_a_weight_through_normalise(main_window) -> None:
    panel = main_window.weights
    session = main_window.session
    main_window.findChild(QSlider, "weightSlider_access").setValue(50)
    panel.set_locked("access", True)
    assert not main_window.findChild(QSlider, "weightSlider_access").isEnabled()
    panel.normalise()
    weights = session.weight_mapping()
    assert weights["access"] == 50
    assert abs(sum(weights.values()) - 100) < 1e-9


def test_keep_total_moves_the_unlocked_others(main_window) -> None:
    panel = main_window.weights
    panel._keep_total.setChecked(True)
    panel.set_locked("access", True)
    main_window.findChild(QSlider, "weightSlider_training").setValue(30)
    weights = main_window.session.weight_mapping()
    assert weights["training"] == 30
    assert weights["access"] == 20
    assert abs(sum(weights.values()) - 100) < 1e-9


def test_presets_and_reset(main_window) -> None:
    panel = main_window.weights
    panel.apply_preset("Affordability first")
    assert main_window.session.weight_mapping()["recurrent_liability"] == 35
    assert table_order(main_window) == predicted_order(main_window)
    panel.reset()
    assert main_window.session.weights == main_window.session.default_weights
    assert main_window.undo_stack.count() == 2


def test_saved_scenario_becomes_the_baseline_and_is_remembered(main_window) -> None:
    panel = main_window.weights
    panel.apply_preset("Access first")
    panel.save_scenario("Committee June")
    assert "Committee June" in panel.scenario_names()
    project = main_window.session.data.project
    assert project.scenario("Committee June").weights["access"] == 35
    moves = [
        main_window.ranking.model.index(r, 1).data()
        for r in range(main_window.ranking.model.rowCount())
    ]
    assert set(moves) == {"–"}, "no movement against the scenario just saved"
    panel.reset()
    panel.apply_preset("Committee June")
    assert main_window.session.weight_mapping()["access"] == 35


def test_without_a_project_scenarios_go_to_the_settings(qtbot, settings_dir, leak_guard) -> None:
    from etprio.gui.main_window import MainWindow

    from .helpers import bid, session_of

    window = MainWindow(session_of(bid("B1", 4, 1), bid("B2", 1, 4)))
    qtbot.addWidget(window)
    window.weights.save_scenario("Training first")
    assert "Training first" in window.settings.scenarios(CRITERIA.name)


def test_a_drag_is_minuted_once_and_its_undo_too(main_window, qtbot) -> None:
    """DESIGN "Governance": the decision log records the decision, not every tick."""
    log = main_window.session.data.project.log
    before = len(log)
    slider = main_window.findChild(QSlider, "weightSlider_training")
    slider.setSliderDown(True)  # as a mouse press does: sliderPressed
    for value in (12, 16, 20, 24):
        slider.setSliderPosition(value)
    assert len(log) == before, "nothing is minuted while the slider is held"
    slider.setSliderDown(False)  # sliderReleased
    assert len(log) == before + 1
    assert "Training capacity 10 → 24" in log.entries[-1].details["summary"]
    main_window.undo_stack.undo()
    assert len(log) == before + 2
    assert log.entries[-1].details["summary"].startswith("Undone")
    assert main_window.session.data.project.criteria.weights == CRITERIA.weights


def test_each_criterion_has_a_labelled_slider_and_spin(main_window) -> None:
    for criterion in CRITERIA.criteria:
        slider = main_window.findChild(QSlider, f"weightSlider_{criterion.key}")
        assert slider is not None
        assert criterion.label in slider.accessibleName()
        assert main_window.findChild(
            type(main_window.weights._spins[0]), f"weightSpin_{criterion.key}"
        )


weights_lists = st.lists(st.floats(0, 100), min_size=2, max_size=8)


@given(weights_lists, st.data())
def test_rebalanced_keeps_the_total_and_the_locks(weights: list[float], data) -> None:
    n = len(weights)
    index = data.draw(st.integers(0, n - 1))
    value = data.draw(st.floats(0, 200))
    locked = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    result = rebalanced(weights, index, value, locked)
    assert abs(sum(result) - sum(weights)) < 1e-6 * max(1.0, sum(weights))
    assert all(w >= -1e-9 for w in result)
    assert all(result[j] == weights[j] for j in range(n) if locked[j] and j != index)


@given(weights_lists, st.data())
def test_normalised_to_hits_the_target_when_possible(weights: list[float], data) -> None:
    locked = data.draw(st.lists(st.booleans(), min_size=len(weights), max_size=len(weights)))
    result = normalised_to(weights, locked, 100.0)
    fixed = sum(w for w, lock in zip(weights, locked, strict=True) if lock)
    if not all(locked) and fixed <= 100:
        assert abs(sum(result) - 100) < 1e-6
    assert all(r == w for r, w, lock in zip(result, weights, locked, strict=True) if lock)


def test_presets_name_only_criteria_of_the_default_set() -> None:
    for preset in PRESETS.values():
        assert set(preset) <= set(CRITERIA.keys)
        assert sum(preset.values()) == 100
        weights = with_preset(CRITERIA.weights, CRITERIA.criteria, preset, [False] * 12)
        assert weights[CRITERIA.keys.index("training")] == preset["training"]


def test_share_and_total_labels_keep_their_size_and_fit_their_widest_text(
    main_window, qtbot
) -> None:
    """A fixed size is what spares the panel a relayout on every slider tick."""
    main_window.show()
    qtbot.waitExposed(main_window)
    labels = main_window.weights.findChildren(SteadyLabel)
    assert len(labels) == len(CRITERIA.criteria) + 1
    sizes = [label.size() for label in labels]
    main_window.findChild(QSlider, "weightSlider_training").setValue(SLIDER_STEPS)
    assert [label.size() for label in labels] == sizes
    for label in labels:
        assert label.minimumSize() == label.maximumSize()
        assert label.width() > label.fontMetrics().horizontalAdvance("100.0%")
        assert label.height() >= label.fontMetrics().height()
    total = main_window.findChild(SteadyLabel, "weightsTotal")
    assert total.text() == f"<b>Total {sum(main_window.session.weights):g}</b>"
    for spin in main_window.weights.findChildren(QDoubleSpinBox):
        spin.setValue(spin.maximum())
    assert total.text() == f"<b>Total {sum(main_window.session.weights):g}</b>"
    assert total.width() >= QLabel(total.text(), font=total.font()).sizeHint().width()
    bigger = total.font()
    bigger.setPointSizeF(bigger.pointSizeF() * 2)
    total.setFont(bigger)
    assert total.width() >= QLabel(total.text(), font=total.font()).sizeHint().width()
