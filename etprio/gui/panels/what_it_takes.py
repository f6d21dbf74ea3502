""" "What would it take?" on the Sensitivity tab: the least change of weights that lifts a
chosen bid to a rank or above the funding line (CONTRACT §4 ``what-it-takes``), worked out
by the core on the thread pool."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from etprio.core.funding.limits import FundingLimits
from etprio.core.progress import TaskState
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.what_it_takes import WhatItTakes, what_it_takes
from etprio.gui.panels.page_layout import compact_combo
from etprio.gui.work import Worker, WorkProgress

ABOVE_LINE = "above the funding line"
TO_RANK = "to rank…"
_HINT = "The least change of weights, in percentage points moved between criteria."


class WhatItTakesBox(QGroupBox):
    """Choose a bid and a target, ask, read the answer in words. Call :meth:`set_scores`
    on every new ranking and :meth:`set_limits` when budgets change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("What would it take?", parent)
        self._scores: Scores | None = None
        self._limits: FundingLimits | None = None
        self._bid_choices: tuple[str, ...] = ()
        self.worker = Worker(
            self,
            "Working it out…",
            "Cancel stops waiting for the answer; nothing shown changes.",
        )
        self.worker.busyChanged.connect(self._busy)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.bid_input = compact_combo(QComboBox())
        self.bid_input.setObjectName("whatItTakesBid")
        self.bid_input.setAccessibleName("Bid to lift")
        self.target_input = QComboBox()
        self.target_input.setObjectName("whatItTakesTarget")
        self.target_input.setAccessibleName("Target")
        self.target_input.addItems([ABOVE_LINE, TO_RANK])
        self.rank_input = QSpinBox()
        self.rank_input.setObjectName("whatItTakesRank")
        self.rank_input.setAccessibleName("Target rank")
        self.rank_input.setRange(1, 1)
        self.target_input.currentIndexChanged.connect(self._target_changed)
        bid_label = QLabel("Bid t&o lift")
        bid_label.setBuddy(self.bid_input)
        row.addWidget(bid_label)
        row.addWidget(self.bid_input, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.target_input, 1)
        row.addWidget(self.rank_input)
        layout.addLayout(row)
        self.in_use_check = QCheckBox("Only change weights already in &use")
        self.in_use_check.setObjectName("whatItTakesInUse")
        self.ask_button = QPushButton("Wor&k it out")
        self.ask_button.setObjectName("whatItTakesButton")
        self.ask_button.clicked.connect(self.ask)
        self.ask_button.setEnabled(False)
        layout.addWidget(self.in_use_check)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.ask_button)
        layout.addLayout(row)
        layout.addWidget(WorkProgress(self.worker, "whatItTakesProgress"))
        self.answer = QLabel(_HINT)
        self.answer.setObjectName("whatItTakesAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.answer, 1)

    @property
    def answer_pending(self) -> bool:
        """True while an answer is being worked out."""
        return self.worker.busy

    def set_scores(self, scores: Scores) -> None:
        self._scores = scores
        ids = scores.matrix.bid_ids
        if ids != self._bid_choices:
            self._bid_choices = ids
            chosen = self.bid_input.currentData()
            self.bid_input.clear()
            for bid in scores.matrix.bids:
                self.bid_input.addItem(f"{bid.bid_id} — {bid.title}"[:60], bid.bid_id)
            if chosen in ids:
                self.bid_input.setCurrentIndex(ids.index(chosen))
        self.rank_input.setMaximum(max(1, len(ids)))
        self.ask_button.setEnabled(bool(ids) and not self.worker.busy)

    def set_limits(self, limits: FundingLimits | None) -> None:
        """Budgets for the funding line; without them only a rank can be the target."""
        self._limits = limits
        funding_target = self.target_input.model().item(0)  # type: ignore[attr-defined]
        funding_target.setEnabled(limits is not None)
        if limits is None and self.target_input.currentIndex() == 0:
            self.target_input.setCurrentIndex(1)
        self._target_changed()

    def ask(self) -> None:
        """Work out what it would take for the chosen bid, on the thread pool."""
        bid_id = self.bid_input.currentData()
        if self._scores is None or bid_id is None or self.worker.busy:
            return
        scores = self._scores
        above_line = self.target_input.currentText() == ABOVE_LINE
        rank = None if above_line else self.rank_input.value()
        limits = self._limits if above_line else None
        vary = None
        if self.in_use_check.isChecked():
            vary = [
                k for k, w in zip(scores.matrix.criteria.keys, scores.weights, strict=True) if w > 0
            ]

        def work(_state: TaskState) -> WhatItTakes:
            return what_it_takes(scores, bid_id, rank=rank, limits=limits, vary=vary)

        self.answer.setText("Working it out…")
        self.worker.start(
            work, self._answered, self._not_answered, self._dropped, counts_steps=False
        )

    def _busy(self, busy: bool) -> None:
        self.ask_button.setEnabled(not busy and bool(self._bid_choices))

    def _answered(self, answer: WhatItTakes) -> None:
        self.answer.setText(answer.sentence)

    def _not_answered(self, message: str) -> None:
        self.answer.setText(f"Could not work it out: {message}")

    def _dropped(self) -> None:
        self.answer.setText(_HINT)

    def _target_changed(self) -> None:
        self.rank_input.setEnabled(self.target_input.currentText() == TO_RANK)
