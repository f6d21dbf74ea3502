"""Compare two weightings: pick two saved scenarios (or the weights on screen) and see
both rankings side by side, each bid's movement, and the bids the funding line funds
under one and not the other (DESIGN "Project file").

Both rankings are scored by the session (``score_bids``, the one scoring path), never
here. Run it alone on the bundled demo with ``python -m etprio.gui.panels.scenario_compare``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from etprio.core.funding.limits import FundingLimits
from etprio.core.scoring.weighted_sum import AllWeightsZero
from etprio.gui.models.scenario_compare import ScenarioCompareModel, compare_rankings
from etprio.gui.panels.message_label import error_message_label
from etprio.gui.panels.record_tables import record_table
from etprio.gui.panels.weights import PRESETS, with_preset
from etprio.gui.session import Session
from etprio.gui.settings import AppSettings

CURRENT = "Current weights"


def saved_scenarios(
    session: Session, settings: AppSettings | None = None
) -> dict[str, Mapping[str, float]]:
    """The scenarios a user can compare: the project's own, or without a project those
    kept in the user's settings for this criteria set (as the weights panel lists them)."""
    project = session.data.project
    if project is not None:
        return {s.name: s.weights for s in project.scenarios}
    if settings is None:
        return {}
    return dict(settings.scenarios(session.criteria.name))


class ScenarioComparePanel(QWidget):
    """Two scenario pickers over one side-by-side table; ``limits`` (the Funding tab's
    budgets) places the funding line under each ranking, None leaves it out."""

    def __init__(
        self,
        session: Session,
        settings: AppSettings | None = None,
        limits: FundingLimits | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioCompare")
        self._session = session
        self._settings = settings
        self._limits = limits
        self.model = ScenarioCompareModel(self)
        self.choice_a = self._picker("compareScenarioA", "Scenario A")
        self.choice_b = self._picker("compareScenarioB", "Scenario B")
        pickers = QHBoxLayout()
        for text, combo in (("Ranking &A:", self.choice_a), ("Ranking &B:", self.choice_b)):
            label = QLabel(text)
            label.setBuddy(combo)
            pickers.addWidget(label)
            pickers.addWidget(combo, 1)
        self.summary = QLabel()
        self.summary.setObjectName("compareSummary")
        self.summary.setWordWrap(True)
        self.message = error_message_label("compareMessage")
        self.table = record_table("compareTable", "Two rankings side by side", self.model)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.fill_choices()
        session.scoresChanged.connect(self.refresh)
        session.projectChanged.connect(self.fill_choices)

    def _picker(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.currentTextChanged.connect(self.refresh)
        return combo

    def set_limits(self, limits: FundingLimits | None) -> None:
        self._limits = limits
        self.refresh()

    def choose(self, a: str, b: str) -> None:
        """Compare scenario ``a`` with scenario ``b`` (names as listed, or CURRENT)."""
        for combo, name in ((self.choice_a, a), (self.choice_b, b)):
            index = combo.findText(name)
            if index < 0:
                raise KeyError(name)
            combo.setCurrentIndex(index)

    def fill_choices(self) -> None:
        """List the weights on screen, the saved scenarios and the presets, keeping each
        picker's choice where it still exists. A starts on the weights on screen and B on
        the newest saved scenario, or the first preset when none is saved, so the dialog
        never opens comparing a ranking with itself."""
        saved = list(saved_scenarios(self._session, self._settings))
        names = [CURRENT, *saved, *(p for p in PRESETS if p not in saved)]
        first_b = saved[-1] if saved else next(iter(PRESETS))
        for combo, fallback in ((self.choice_a, CURRENT), (self.choice_b, first_b)):
            kept = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(names)
            combo.setCurrentText(kept if kept in names else fallback)
            combo.blockSignals(False)
        self.refresh()

    def _weights(self, name: str) -> tuple[float, ...]:
        """The named scenario's weights in the criteria's order; keys it lacks keep the
        weights on screen, as applying it would (``apply_scenario``). A preset is applied
        as the weights panel applies it (:func:`with_preset`)."""
        current = self._session.weight_mapping()
        if name == CURRENT:
            return tuple(current.values())
        saved = saved_scenarios(self._session, self._settings)
        if name not in saved and name in PRESETS:
            criteria = self._session.criteria.criteria
            unlocked = [False] * len(criteria)
            return with_preset(tuple(current.values()), criteria, PRESETS[name], unlocked)
        scenario = saved[name]
        return tuple(float(scenario.get(k, w)) for k, w in current.items())

    def refresh(self, *_args: object) -> None:
        a, b = self.choice_a.currentText(), self.choice_b.currentText()
        if not a or not b:
            return
        try:
            scores_a = self._session.score_weights(self._weights(a))
            scores_b = self._session.score_weights(self._weights(b))
        except AllWeightsZero as exc:
            self.message.setText(f"{exc}: pick another scenario.")
            self.message.show()
            self.model.set_rows(())
            return
        except KeyError:
            return  # a scenario deleted meanwhile; fill_choices follows
        self.message.hide()
        rows = compare_rankings(scores_a, scores_b, self._limits)
        self.model.set_rows(rows)
        moved = sum(1 for r in rows if r.movement)
        crossing = [r.bid_id for r in rows if r.crosses_line]
        text = f"{moved} of {len(rows)} bids change place from A to B."
        if crossing:
            text += f" Funding line crossed by {', '.join(crossing)} (tinted)."
        elif self._limits is not None:
            text += " The same bids are funded under both."
        self.summary.setText(text)


class ScenarioCompareDialog(QDialog):
    """The panel in a window of its own, opened from the Weights menu; not modal, so the
    committee can keep moving weights while it is open."""

    def __init__(
        self,
        session: Session,
        settings: AppSettings | None = None,
        limits: FundingLimits | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioCompareDialog")
        self.setWindowTitle("Compare scenarios")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.panel = ScenarioComparePanel(session, settings, limits, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        self.resize(900, 600)


def _preview(session: Session, _undo_stack: QUndoStack) -> QWidget:
    from etprio.core.project.commands import SaveScenario, SetWeights

    project = session.data.project
    if project is not None:
        SaveScenario("As shipped").do(project)
        SetWeights({"training": 40.0}).do(project)
        SaveScenario("Training matters more").do(project)
    return ScenarioComparePanel(session, limits=FundingLimits(4_500_000, 250_000))


if __name__ == "__main__":
    from etprio.gui.panels.preview import run_preview

    sys.exit(run_preview(_preview, "Compare scenarios"))
