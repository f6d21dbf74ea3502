"""Weight sliders: the controls a committee moves on the projector (DESIGN "Desktop app").

One slider and one spin box per criterion, grouped as the criteria file groups them, with
each weight's share of the total beside it. Every change is an undo step (a drag merges into
one); a change that would leave every weight at zero is refused with a message and the last
valid ranking stays on screen (CONTRACT §2.3: all weights zero is an error, never NaN).

The arithmetic of locks, normalising and presets is in plain functions at the top so it
can be tested without widgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby, pairwise

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from etprio.core.scoring.criteria import Criterion
from etprio.core.scoring.weighted_sum import weights_acceptable
from etprio.gui import style
from etprio.gui.session import Session
from etprio.gui.settings import AppSettings
from etprio.gui.undo import SetWeights, finish_open_gesture

SLIDER_STEPS = 100
KEY_RUN_REST_MS = 1000
"""Arrow-key or spin-box steps on one weight less than this apart are one change: one
undo step and one line in the decision log, as a drag is."""

PRESETS: Mapping[str, Mapping[str, float]] = {
    "Access first": {
        "access": 35, "capacity": 20, "training": 5, "wider_services": 15,
        "premises_need": 10, "deliverability": 10, "recurrent_liability": 5,
    },
    "Affordability first": {
        "access": 15, "capacity": 15, "training": 5, "wider_services": 5,
        "premises_need": 10, "deliverability": 15, "recurrent_liability": 35,
    },
    "Deliverability first": {
        "access": 15, "capacity": 15, "training": 5, "wider_services": 5,
        "premises_need": 10, "deliverability": 40, "recurrent_liability": 10,
    },
}  # fmt: skip
"""Named weightings a committee can start from; keys a criteria set lacks are ignored and
criteria a preset does not name keep the set's own weight."""


def rebalanced(
    weights: Sequence[float], index: int, value: float, locked: Sequence[bool]
) -> tuple[float, ...]:
    """Set ``weights[index]`` to ``value`` and rescale the other unlocked weights in
    proportion so the total stays the same ("keep total").

    The moved weight cannot take more than the unlocked others can give up.

    >>> rebalanced([50, 30, 20], 0, 60, [False, False, False])
    (60.0, 24.0, 16.0)
    >>> rebalanced([50, 30, 20], 0, 90, [False, True, False])
    (70.0, 30.0, 0.0)
    """
    total = float(sum(weights))
    others = [j for j in range(len(weights)) if j != index and not locked[j]]
    if not others:
        return tuple(float(w) for w in weights)
    room = total - sum(w for j, w in enumerate(weights) if locked[j] and j != index)
    value = min(max(float(value), 0.0), room)
    remaining = room - value
    current = sum(weights[j] for j in others)
    result = [float(w) for w in weights]
    result[index] = value
    for j in others:
        share = weights[j] / current if current > 0 else 1.0 / len(others)
        result[j] = remaining * share
    return tuple(result)


def normalised_to(
    weights: Sequence[float], locked: Sequence[bool], total: float
) -> tuple[float, ...]:
    """Scale the unlocked weights so that all of them add up to ``total``; locked weights
    stay where they are. Unlocked weights that are all zero share what is left equally.

    >>> normalised_to([20, 20, 20], [True, False, False], 100)
    (20.0, 40.0, 40.0)
    """
    free = [j for j in range(len(weights)) if not locked[j]]
    left = max(total - sum(w for j, w in enumerate(weights) if locked[j]), 0.0)
    current = sum(weights[j] for j in free)
    result = [float(w) for w in weights]
    for j in free:
        result[j] = left * (weights[j] / current if current > 0 else 1.0 / len(free))
    return tuple(result)


def with_preset(
    weights: Sequence[float],
    criteria: Sequence[Criterion],
    preset: Mapping[str, float],
    locked: Sequence[bool],
) -> tuple[float, ...]:
    """Weights after applying ``preset``; locked weights are left alone.

    >>> from etprio.core.scoring.criteria import load_criteria
    >>> criteria = load_criteria().criteria
    >>> with_preset([1.0] * len(criteria), criteria, {"access": 35}, [False] * len(criteria))[0]
    35.0
    """
    return tuple(
        float(w) if lock else float(preset.get(c.key, c.weight))
        for w, c, lock in zip(weights, criteria, locked, strict=True)
    )


class _WeightScale:
    """Maps weights on the criteria file's own scale to slider positions.

    The slider spans 0 to the set's default total in :data:`SLIDER_STEPS` steps (one step
    is 1 on the usual 0–100 scale); the spin box reaches ten times further for the rare
    weight that must dominate.
    """

    def __init__(self, defaults: Sequence[float]) -> None:
        self.top = max(sum(defaults), max(defaults), 1e-9)
        self.step = self.top / SLIDER_STEPS
        self.decimals = max(0, 1 - math.floor(math.log10(self.step)))

    def position(self, weight: float) -> int:
        return min(SLIDER_STEPS, max(0, round(weight / self.step)))

    def weight(self, position: int) -> float:
        return round(position * self.step, self.decimals)


class SteadyLabel(QLabel):
    """A label in a box fixed to the widest text it will show (a share of 100.0%, the
    largest total the spin boxes allow).

    Every slider tick rewrites the shares and the total; Qt lays the whole panel out
    again after a label's text changes unless the label's size is fixed, and that
    relayout is a good part of a frame (DESIGN performance targets). The box follows the
    font, which meeting mode enlarges.
    """

    def __init__(self, widest: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widest = widest
        self._fit()

    def set_widest(self, widest: str) -> None:
        self._widest = widest
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        text = self.text()
        self.setText(self._widest)
        hint = super().sizeHint()
        self.setText(text)
        self.setFixedSize(hint.width() + 4, hint.height())


@dataclass(frozen=True)
class _CriterionRow:
    """A criterion's name above its lock, slider and weight. At the desk its share sits
    beside the name. In large type the name takes the whole width (two lines rather than
    four in a narrow panel) and the share takes the weight box's place beside the slider,
    which keeps its length: the weight is typed at the desk, moved by slider or arrow keys
    in the meeting."""

    grid: QGridLayout
    line: int
    head: QHBoxLayout
    share: QLabel
    spin: QDoubleSpinBox

    def place(self, meeting: bool) -> None:
        grid, line = self.grid, self.line
        grid.removeItem(self.head)
        grid.removeWidget(self.share)
        grid.removeWidget(self.spin)
        self.spin.setVisible(not meeting)
        if meeting:
            grid.addLayout(self.head, line, 0, 1, 3)
            grid.addWidget(self.share, line + 1, 2)
        else:
            grid.addLayout(self.head, line, 0, 1, 2)
            grid.addWidget(self.share, line, 2)
            grid.addWidget(self.spin, line + 1, 2)


class WeightsPanel(QWidget):
    """Sliders, spin boxes, locks, presets and scenarios for the session's criteria.

    ``message(str)`` carries text for the status bar.
    """

    message = Signal(str)

    def __init__(
        self,
        session: Session,
        undo_stack: QUndoStack,
        settings: AppSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("weightsPanel")
        self.setMinimumWidth(290)
        self._session = session
        self._undo = undo_stack
        self._settings = settings
        self._gesture = 0
        self._run_criterion: int | None = None
        self._run_rest = QTimer(self)
        self._run_rest.setSingleShot(True)
        self._run_rest.setInterval(KEY_RUN_REST_MS)
        self._run_rest.timeout.connect(self._end_run)
        self._sliders: list[QSlider] = []
        self._spins: list[QDoubleSpinBox] = []
        self._shares: list[QLabel] = []
        self._locks: list[QToolButton] = []
        self._rows: list[_CriterionRow] = []
        self._meeting = False
        self._lock_icon = style.padlock_icon()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        layout.addWidget(self._scroll, 1)

        self._warning = QLabel()
        self._warning.setObjectName("weightsMessage")
        self._warning.setWordWrap(True)
        self._warning.hide()
        layout.addWidget(self._warning)

        layout.addLayout(self._total_row())

        self._keep_total = QCheckBox("Keep the total")
        self._keep_total.setToolTip(
            "Others make room: when one weight moves, the unlocked others move the opposite "
            "way in proportion"
        )
        layout.addWidget(self._keep_total)

        buttons = QHBoxLayout()
        self._normalise = QPushButton("Normalise")
        self._normalise.setToolTip("Scale the unlocked weights so all weights add up to 100")
        self._normalise.clicked.connect(self.normalise)
        self._reset = QPushButton("Reset")
        self._reset.setToolTip("Back to the criteria set's own weights")
        self._reset.clicked.connect(self.reset)
        buttons.addWidget(self._normalise)
        buttons.addWidget(self._reset)
        layout.addLayout(buttons)

        scenarios = QHBoxLayout()
        self._scenario = QComboBox()
        self._scenario.setObjectName("scenarioCombo")
        self._scenario.setAccessibleName("Apply a weighting scenario")
        self._scenario.activated.connect(self._scenario_chosen)
        self._save = QPushButton("Save…")
        self._save.setToolTip("Save these weights as a named scenario and measure movement from it")
        self._save.clicked.connect(self.ask_scenario_name)
        scenarios.addWidget(self._scenario, 1)
        scenarios.addWidget(self._save)
        layout.addLayout(scenarios)

        self._baseline = QLabel()
        self._baseline.setObjectName("weightsBaseline")
        self._baseline.setWordWrap(True)
        self._baseline.setStyleSheet(f"color: {style.NHS_DARK_GREY};")
        layout.addWidget(self._baseline)

        session.dataReplaced.connect(self._rebuild)
        session.weightsChanged.connect(self._show_weights)
        session.weightsRejected.connect(self._show_rejection)
        session.baselineChanged.connect(self._show_baseline)
        session.projectChanged.connect(self._fill_scenarios)
        self._rebuild()

    def _total_row(self) -> QHBoxLayout:
        """The total in a label of fixed size, so a tick repaints it without laying the
        panel out again, beside what the total means."""
        self._total = SteadyLabel("")
        self._total.setObjectName("weightsTotal")
        self._total.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._meaning = meaning = QLabel("— each weight counts as its share of this")
        meaning.setObjectName("weightsTotalMeaning")
        meaning.setWordWrap(True)
        self._total.setToolTip("Each weight counts as its share of the total")
        total_row = QHBoxLayout()
        total_row.setSpacing(4)
        total_row.addWidget(self._total, 0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        total_row.addWidget(meaning, 1)
        return total_row

    # --- public actions (menus and tests call these) -----------------------------------

    @property
    def locked(self) -> tuple[bool, ...]:
        return tuple(button.isChecked() for button in self._locks)

    def set_meeting_mode(self, on: bool) -> None:
        """On a projector the sliders need the height: what the total means is left to
        its tooltip."""
        self._meaning.setVisible(not on)
        self._meeting = on
        for row in self._rows:
            row.place(on)

    def set_locked(self, key: str, locked: bool) -> None:
        self._locks[self._session.criteria.keys.index(key)].setChecked(locked)

    def normalise(self) -> None:
        total = sum(self._session.default_weights) or 100.0
        self._propose(normalised_to(self._session.weights, self.locked, total), "Normalise weights")

    def reset(self) -> None:
        self._propose(self._session.default_weights, "Reset weights")

    def apply_preset(self, name: str) -> None:
        preset = PRESETS.get(name) or self._saved_scenarios().get(name)
        if preset is None:
            raise KeyError(name)
        weights = with_preset(
            self._session.weights, self._session.criteria.criteria, preset, self.locked
        )
        self._propose(weights, f"Apply scenario “{name}”")

    def save_scenario(self, name: str) -> None:
        """Keep the current weights under ``name`` and measure movement from them.

        In a project the scenario is saved in the project (an undoable, minuted command);
        without one it goes to the user's settings, per criteria set.
        """
        project = self._session.data.project
        if project is not None:
            from etprio.core.project.commands import SaveScenario
            from etprio.gui.project_undo import push_command

            push_command(self._undo, project, SaveScenario(name), self._session.project_changed)
        elif self._settings is not None:
            self._settings.save_scenario(
                self._session.criteria.name, name, self._session.weight_mapping()
            )
        self._session.set_baseline(f"scenario “{name}”", self._session.weights)
        self._fill_scenarios()
        self.message.emit(f"Saved scenario “{name}”; movement is now measured from it")

    def scenario_names(self) -> list[str]:
        return [*PRESETS, *self._saved_scenarios()]

    # --- building ----------------------------------------------------------------------

    def _rebuild(self) -> None:
        """Build one row per criterion, grouped by the criterion's group in file order."""
        criteria = self._session.criteria.criteria
        self._scale = _WeightScale(self._session.default_weights)
        largest = self._scale.top * 10 * len(criteria)
        self._total.set_widest(f"<b>Total {largest:.{self._scale.decimals}f}</b>")
        self._sliders, self._spins, self._shares, self._locks = [], [], [], []
        self._rows = []
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 4, 0)
        position = 0
        for group, members in groupby(criteria, key=lambda c: c.group):
            box = QGroupBox(group)
            grid = QGridLayout(box)
            grid.setHorizontalSpacing(6)
            grid.setVerticalSpacing(2)
            grid.setColumnStretch(1, 1)
            for line, criterion in enumerate(members):
                self._add_row(grid, 2 * line, position, criterion)
                position += 1
            column.addWidget(box)
        column.addStretch(1)
        self._scroll.setWidget(body)
        self._fill_scenarios()
        self._show_weights(self._session.weights)
        self._show_baseline()
        self._set_tab_order()

    def _add_row(self, grid: QGridLayout, line: int, position: int, criterion: Criterion) -> None:
        key, label = criterion.key, criterion.label
        name = QLabel(label)
        name.setWordWrap(True)
        name.setToolTip(f"{label} ({key})")
        chip = QLabel()
        chip.setObjectName("criterionChip")  # sized by the style sheet, larger in meeting mode
        chip.setStyleSheet(
            f"background: {style.criterion_colour(position).name()}; border: 1px solid #555;"
        )
        share = SteadyLabel("100.0%")
        share.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        share.setToolTip("Share of the total weight")
        lock = QToolButton()
        lock.setCheckable(True)
        lock.setIcon(self._lock_icon)
        lock.setAutoRaise(True)
        lock.setObjectName(f"weightLock_{key}")
        lock.setAccessibleName(f"Lock the weight for {label}")
        lock.setToolTip("Lock: normalising, keeping the total and presets leave this weight alone")
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setObjectName(f"weightSlider_{key}")
        slider.setRange(0, SLIDER_STEPS)
        slider.setPageStep(5)
        slider.setAccessibleName(f"Weight for {label}")
        slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        spin = QDoubleSpinBox()
        spin.setObjectName(f"weightSpin_{key}")
        spin.setRange(0.0, self._scale.top * 10)
        spin.setDecimals(self._scale.decimals)
        spin.setSingleStep(self._scale.step)
        spin.setKeyboardTracking(False)
        spin.setAccessibleName(f"Weight value for {label}")

        head = QHBoxLayout()
        head.addWidget(chip)
        head.addWidget(name, 1)
        grid.addWidget(lock, line + 1, 0)
        grid.addWidget(slider, line + 1, 1)
        row = _CriterionRow(grid, line, head, share, spin)
        row.place(self._meeting)
        self._rows.append(row)

        index = position
        slider.sliderPressed.connect(self._start_gesture)
        slider.sliderReleased.connect(self._finish_gesture)
        slider.valueChanged.connect(lambda value: self._slider_moved(index, value))
        spin.valueChanged.connect(lambda value: self._spin_changed(index, value))
        lock.toggled.connect(lambda on: self._lock_toggled(index, on))
        self._sliders.append(slider)
        self._spins.append(spin)
        self._shares.append(share)
        self._locks.append(lock)

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = []
        for lock, slider, spin in zip(self._locks, self._sliders, self._spins, strict=True):
            chain += [slider, spin, lock]
        chain += [self._keep_total, self._normalise, self._reset, self._scenario, self._save]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _fill_scenarios(self) -> None:
        self._scenario.clear()
        self._scenario.addItem("Apply a scenario…")
        self._scenario.addItems(list(PRESETS))
        saved = list(self._saved_scenarios())
        if saved:
            self._scenario.insertSeparator(self._scenario.count())
            self._scenario.addItems(saved)

    def _saved_scenarios(self) -> dict[str, dict[str, float]]:
        project = self._session.data.project
        if project is not None:
            return {s.name: dict(s.weights) for s in project.scenarios}
        if self._settings is None:
            return {}
        return self._settings.scenarios(self._session.criteria.name)

    # --- reacting ----------------------------------------------------------------------

    def _start_gesture(self) -> None:
        self._end_run()
        self._gesture += 1

    def _finish_gesture(self) -> None:
        """The drag is over: its one undo step is minuted in the project's log now."""
        finish_open_gesture(self._undo)

    def _run_gesture(self, index: int) -> int:
        """The gesture of a run of key or spin steps on weight ``index``: a new one when
        another weight was stepped last or the last step has come to rest."""
        if self._run_criterion != index or not self._run_rest.isActive():
            self._end_run()
            self._gesture += 1
            self._run_criterion = index
        self._run_rest.start()
        return self._gesture

    def _end_run(self) -> None:
        """The steps have come to rest: minute them as one change."""
        if self._run_criterion is not None:
            self._run_criterion = None
            self._run_rest.stop()
            finish_open_gesture(self._undo)

    def _slider_moved(self, index: int, position: int) -> None:
        slider = self._sliders[index]
        dragged = slider.isSliderDown()
        gesture = self._gesture if dragged else self._run_gesture(index)
        self._weight_edited(index, self._scale.weight(position), gesture)

    def _spin_changed(self, index: int, value: float) -> None:
        self._weight_edited(index, value, self._run_gesture(index))

    def _weight_edited(self, index: int, value: float, gesture: int | None) -> None:
        weights = self._session.weights
        if self._keep_total.isChecked():
            proposed = rebalanced(weights, index, value, self.locked)
        else:
            proposed = tuple(value if j == index else w for j, w in enumerate(weights))
        label = self._session.criteria.criteria[index].label
        self._propose(proposed, f"Weight of {label}", gesture)

    def _propose(self, weights: Sequence[float], text: str, gesture: int | None = None) -> None:
        """Push the change as an undo step, or refuse it and put the controls back."""
        if gesture is None:
            self._end_run()
        if tuple(weights) == self._session.weights:
            self._show_weights(self._session.weights)
            return
        if not weights_acceptable(weights):
            self._show_weights(self._session.weights)
            self._show_rejection(
                "At least one weight must be above zero. The last valid ranking is still shown."
            )
            return
        self._undo.push(SetWeights(self._session, weights, text, gesture))

    def _lock_toggled(self, index: int, locked: bool) -> None:
        self._sliders[index].setEnabled(not locked)
        self._spins[index].setEnabled(not locked)

    def _scenario_chosen(self, row: int) -> None:
        name = self._scenario.itemText(row)
        self._scenario.setCurrentIndex(0)
        if row > 0 and name:
            self.apply_preset(name)

    def ask_scenario_name(self) -> None:
        """Ask for a name (a modal dialog) and save the current weights under it."""
        name, ok = QInputDialog.getText(self, "Save scenario", "Name for these weights:")
        if ok and name.strip():
            self.save_scenario(name.strip())

    def _show_weights(self, weights: Sequence[float]) -> None:
        total = sum(weights)
        for slider, spin, share, weight in zip(
            self._sliders, self._spins, self._shares, weights, strict=True
        ):
            # A spin box repaints on every setValue, changed or not; a tick moves one weight.
            with QSignalBlocker(slider), QSignalBlocker(spin):
                slider.setValue(self._scale.position(weight))
                if spin.value() != weight:
                    spin.setValue(weight)
            share.setText(f"{100 * weight / total:.1f}%" if total > 0 else "–")
        self._total.setText(f"<b>Total {total:g}</b>")
        if weights_acceptable(weights):
            self._warning.hide()

    def _show_rejection(self, text: str) -> None:
        self._warning.setText(text)
        self._warning.show()
        self.message.emit(text)

    def _show_baseline(self) -> None:
        self._baseline.setText(f"Movement ▲▼ is measured from {self._session.baseline_name}.")


if __name__ == "__main__":
    import sys

    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(lambda session, undo: WeightsPanel(session, undo), "Weights"))
