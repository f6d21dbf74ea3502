"""The weighting questions one member answers, in the app: swing weighting, or the short
sequence of pairwise comparisons with the consistency ratio shown as they answer.

Built for a busy member with ten minutes: each swing is told in the criterion's own words,
the largest gets 100 and the rest are one number each; the pairwise sequence asks each
criterion twice. The dialog only gathers answers; the weights, the consistency ratio and
every check come from the core (:mod:`etprio.core.committee.weight_answers`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from etprio.core.committee.members import Committee
from etprio.core.committee.pairwise_weights import STRENGTHS, Comparison, pairwise_questions
from etprio.core.committee.swing_weights import WeightAnswerError, swing_wording
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.scoring.criteria import CriteriaSet
from etprio.gui import style

SOURCE = "answered in the app"


class WeightQuestionsDialog(QDialog):
    """Ask one member the weighting questions; :meth:`answers` gives what they said."""

    def __init__(
        self,
        committee: Committee,
        criteria: CriteriaSet,
        member_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("weightQuestionsDialog")
        self.setWindowTitle("Weighting questions")
        self._criteria = criteria
        self._keys = criteria.keys
        self.member = QComboBox()
        self.member.setObjectName("weightsMemberCombo")
        self.member.setAccessibleName("Member answering")
        for m in committee.members:
            self.member.addItem(f"{m.name} ({m.role.label})", m.member_id)
        if member_id is not None:
            self.member.setCurrentIndex(max(0, self.member.findData(member_id)))
        self.method = QTabWidget()
        self.method.setObjectName("weightsMethodTabs")
        self.swing: dict[str, QSpinBox] = {}
        self.method.addTab(self._swing_page(), "&Swing weighting")
        self.questions = pairwise_questions(self._keys)
        self.more: list[QComboBox] = []
        self.strength: list[QSpinBox] = []
        self.method.addTab(self._pairwise_page(), "&Pairwise comparisons")
        self.feedback = QLabel()
        self.feedback.setObjectName("weightsFeedback")
        self.feedback.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("&Member:", self.member)
        self.member.currentIndexChanged.connect(lambda _: self._load(committee))
        layout.addLayout(form)
        layout.addWidget(self.method, 1)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.method.currentChanged.connect(self._method_changed)
        self.resize(920, 620)
        self._load(committee)

    # -- pages ------------------------------------------------------------------------

    def _swing_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        intro = QLabel(
            "Each line is a swing from the worst a bid can be on a criterion to the best. "
            "Which swing would you most like to see? Give it 100. Then score every other "
            "swing against it, from 0 (does not matter) to 100 (matters as much)."
        )
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 3)
        self.swing_shares: dict[str, QLabel] = {}
        for row, criterion in enumerate(self._criteria.criteria, start=1):
            words = QLabel(swing_wording(criterion, self._criteria))
            words.setWordWrap(True)
            spin = QSpinBox()
            spin.setRange(0, 100)
            spin.setObjectName(f"swingSpin_{criterion.key}")
            spin.setAccessibleName(f"Swing points for {criterion.label}")
            spin.valueChanged.connect(self._show_swing_weights)
            words.setBuddy(spin)
            share = QLabel()
            self.swing[criterion.key] = spin
            self.swing_shares[criterion.key] = share
            grid.addWidget(words, row, 0)
            grid.addWidget(spin, row, 1)
            grid.addWidget(share, row, 2)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(self._criteria.criteria) + 1, 1)
        return _scrolled(page)

    def _pairwise_page(self) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        intro = QLabel(
            f"{len(self.questions)} questions, each criterion in two of them. For each pair of "
            "swings, choose the one that matters more, then how much more: 1 equally, "
            "3 moderately, 5 strongly, 7 very strongly, 9 extremely."
        )
        intro.setWordWrap(True)
        grid.addWidget(intro, 0, 0, 1, 3)
        labels = {c.key: c.label for c in self._criteria.criteria}
        for row, (a, b) in enumerate(self.questions, start=1):
            more = QComboBox()
            more.setObjectName(f"pairMore_{row - 1}")
            more.setAccessibleName(f"Question {row}: which matters more")
            more.addItem(f"{labels[a]}, rather than {labels[b]}", a)
            more.addItem(f"{labels[b]}, rather than {labels[a]}", b)
            strength = QSpinBox()
            strength.setRange(1, 9)
            strength.setObjectName(f"pairStrength_{row - 1}")
            strength.setAccessibleName(f"Question {row}: how much more")
            words = QLabel(STRENGTHS[1])
            strength.valueChanged.connect(lambda v, w=words: w.setText(STRENGTHS[v]))
            strength.valueChanged.connect(self._show_consistency)
            more.currentIndexChanged.connect(self._show_consistency)
            self.more.append(more)
            self.strength.append(strength)
            grid.addWidget(more, row, 0)
            grid.addWidget(strength, row, 1)
            grid.addWidget(words, row, 2)
        grid.setColumnStretch(0, 1)
        grid.setRowStretch(len(self.questions) + 1, 1)
        return _scrolled(page)

    # -- answers ----------------------------------------------------------------------

    def _load(self, committee: Committee) -> None:
        """Show the chosen member's earlier answers, if any, so they can change them."""
        earlier = committee.weight_answers_of(self.member.currentData() or "")
        for key, spin in self.swing.items():
            spin.setValue(0)
            if earlier is not None and earlier.method is WeightMethod.SWING:
                spin.setValue(round(earlier.swing.get(key, 0)))
        given = {} if earlier is None else {c.pair: c for c in earlier.comparisons}
        for (a, b), more, strength in zip(self.questions, self.more, self.strength, strict=True):
            answer = given.get(frozenset((a, b)))
            more.setCurrentIndex(0 if answer is None or answer.more == a else 1)
            strength.setValue(1 if answer is None else answer.strength)
        pairwise = earlier is not None and earlier.method is WeightMethod.PAIRWISE
        self.method.setCurrentIndex(1 if pairwise else 0)
        self._show_swing_weights()

    def _method_changed(self) -> None:
        if self.chosen_method is WeightMethod.PAIRWISE:
            self._show_consistency()
        else:
            self._say("")

    @property
    def chosen_method(self) -> WeightMethod:
        return WeightMethod.PAIRWISE if self.method.currentIndex() == 1 else WeightMethod.SWING

    def answers(self) -> WeightAnswers:
        member_id = self.member.currentData()
        if self.chosen_method is WeightMethod.SWING:
            points = {k: float(s.value()) for k, s in self.swing.items() if s.value() > 0}
            return WeightAnswers(member_id, WeightMethod.SWING, points, source=SOURCE)
        comparisons = []
        for (a, b), more, strength in zip(self.questions, self.more, self.strength, strict=True):
            first = more.currentData()
            comparisons.append(Comparison(first, b if first == a else a, strength.value()))
        return WeightAnswers(
            member_id, WeightMethod.PAIRWISE, comparisons=tuple(comparisons), source=SOURCE
        )

    def _show_swing_weights(self) -> None:
        points = {k: float(s.value()) for k, s in self.swing.items()}
        total = sum(points.values())
        for key, share in self.swing_shares.items():
            share.setText(f"{points[key] / total:.0%}" if total else "")
        if self.chosen_method is WeightMethod.SWING:
            self._say("")

    def _show_consistency(self) -> None:
        try:
            result = self.answers().pairwise(self._keys)
        except WeightAnswerError as exc:
            self._say(str(exc), error=True)
            return
        if result.consistent:
            self._say(
                f"Consistency ratio {result.consistency_ratio:.2f}: the answers hang together."
            )
        else:
            self._say(result.advice(), error=True)

    def accept(self) -> None:
        """Close only on answers that give weights; otherwise say what to change."""
        try:
            self.answers().weights(self._keys)
        except WeightAnswerError as exc:
            self._say(str(exc), error=True)
            return
        super().accept()

    def _say(self, text: str, *, error: bool = False) -> None:
        colour = style.ERROR_TEXT if error else style.NHS_DARK_GREY
        self.feedback.setStyleSheet(f"color: {colour};")
        self.feedback.setText(text)


def _scrolled(page: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(page)
    area.setWidgetResizable(True)
    return area
