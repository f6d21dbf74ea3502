"""The Sensitivity tab's sampling settings (CONTRACT §4 "Sampling"): how many weightings,
which seed, how far from the agreed weights, the size of the top set — with Recompute, the
progress of a run and what the last run was."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from etprio.core.sensitivity.analysis import (
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    DEFAULT_TOP,
    SensitivityOptions,
)
from etprio.core.sensitivity.smaa import MAX_SAMPLES
from etprio.gui.panels.page_layout import ReflowRow
from etprio.gui.work import Worker, WorkProgress


class SamplingBox(QGroupBox):
    """The sampling inputs and the progress of ``worker``'s runs.

    Signals
    -------
    optionsChanged():
        Any input changed: the shown run no longer matches them.
    """

    optionsChanged = Signal()

    def __init__(self, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__("Sampled weightings (SMAA-2)", parent)
        self.samples_input = QSpinBox()
        self.samples_input.setObjectName("sensitivitySamples")
        self.samples_input.setAccessibleName("Number of weightings to sample")
        self.samples_input.setRange(100, MAX_SAMPLES)
        self.samples_input.setSingleStep(1000)
        self.samples_input.setGroupSeparatorShown(True)
        self.samples_input.setValue(DEFAULT_SAMPLES)
        self.seed_input = QSpinBox()
        self.seed_input.setObjectName("sensitivitySeed")
        self.seed_input.setAccessibleName("Random seed")
        self.seed_input.setRange(0, 2**31 - 1)
        self.seed_input.setValue(DEFAULT_SEED)
        self.seed_input.setToolTip("The same seed gives the same numbers every time")
        self.spread_check = QCheckBox("Only &near the agreed weights, ±")
        self.spread_check.setObjectName("sensitivitySpreadOn")
        self.spread_check.setToolTip(
            "Off: weightings drawn uniformly over all the criteria in use. "
            "On: each weight within ± this share of its own value."
        )
        self.spread_input = QDoubleSpinBox()
        self.spread_input.setObjectName("sensitivitySpread")
        self.spread_input.setAccessibleName("Spread around each weight, percent")
        self.spread_input.setDecimals(0)
        self.spread_input.setRange(1.0, 100.0)
        self.spread_input.setValue(20.0)
        self.spread_input.setSuffix(" %")
        self.spread_input.setEnabled(False)
        self.spread_check.toggled.connect(self.spread_input.setEnabled)
        self.top_input = QSpinBox()
        self.top_input.setObjectName("sensitivityTop")
        self.top_input.setAccessibleName("Size of the top set")
        self.top_input.setRange(1, 10_000)
        self.top_input.setValue(DEFAULT_TOP)
        self.recompute_button = QPushButton("Recomp&ute")
        self.recompute_button.setObjectName("sensitivityRecompute")
        self.progress = WorkProgress(worker, "sensitivityProgress")
        self.status = QLabel()
        self.status.setObjectName("sensitivityStatus")
        self.status.setWordWrap(True)
        groups: list[tuple[QWidget, ...]] = []
        for text, field in (
            ("Sa&mples", self.samples_input),
            ("See&d", self.seed_input),
            ("&Top", self.top_input),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            groups.append((label, field))
        groups.append((self.spread_check, self.spread_input))
        groups.append((self.recompute_button,))
        rows = QVBoxLayout(self)
        rows.addWidget(ReflowRow(groups))
        rows.addWidget(self.progress)
        rows.addWidget(self.status)
        for spin in (self.samples_input, self.seed_input, self.top_input):
            spin.valueChanged.connect(self.optionsChanged)
        self.spread_input.valueChanged.connect(self.optionsChanged)
        self.spread_check.toggled.connect(self.optionsChanged)

    @property
    def options(self) -> SensitivityOptions:
        spread = self.spread_input.value() if self.spread_check.isChecked() else None
        return SensitivityOptions(
            samples=self.samples_input.value(),
            seed=self.seed_input.value(),
            spread_pct=spread,
            top=self.top_input.value(),
        )
