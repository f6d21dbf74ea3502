"""The Member weights tab: each member's weights from their answers to the weighting
questions, the committee's weights with how far members differ, and what every member's
weights would fund — "funded under 7 of 9 members' weights", the robust core, the bids
funded under none, and those that depend on whose view prevails.

Everything shown is :func:`etprio.core.committee.member_weights.what_members_fund` over the
session's value matrix and the project's saved budgets; the panel computes nothing itself. Answers
are recorded, and the committee's weights applied, through core commands on the window's undo stack,
so each is minuted in the decision log.

Run it alone on the demo with ``python -m etprio.gui.panels.member_weights``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from etprio.core.committee.member_weights import CommitteeFunding, what_members_fund
from etprio.core.errors import EtprioError
from etprio.core.project.commands import SaveScenario
from etprio.core.project.committee_commands import RecordWeightAnswers
from etprio.core.project.workspace import funding_limits
from etprio.gui import style
from etprio.gui.menu_ownership import menus_owned_by
from etprio.gui.models.member_weights import (
    BidsAcrossMembersModel,
    CriterionWeightsModel,
    LayoutTableModel,
    MemberAnswersModel,
)
from etprio.gui.panels.member_weights_chart import MembersFundingChart
from etprio.gui.panels.page_layout import FoldsWhenNarrow, TableFit
from etprio.gui.panels.record_tables import record_table, stacked
from etprio.gui.panels.weight_questions import WeightQuestionsDialog
from etprio.gui.project_undo import push_command
from etprio.gui.session import Session
from etprio.gui.undo import SetWeights

TABLE_ROWS = 2
"""Rows each table keeps in sight however small the screen: three tables of two-line rows in
meeting mode's type fit a 720-pixel screen only at two rows each."""
FOLDED_CRITERIA_WIDTHS = {"Committee": "100%", "Middle half": "10%–20%"}
FOLDED_ANSWERS_WIDTHS = {"Method": "comparisons", "Flag": "⚑ conflicted"}
FOLDED_BIDS_WIDTHS = {
    "Rank": "99",
    "Bid": "EV01",
    "Funded under": "5 of 7",
}
"""The widest line of each column a folded table keeps, where cells wrap to two lines."""


class MemberWeightsPanel(QWidget):
    def __init__(
        self, session: Session, undo_stack: QUndoStack, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberWeightsPanel")
        self._session = session
        self._undo = undo_stack
        self.result: CommitteeFunding | None = None
        self._shown_for: tuple[object, ...] | None = None

        self.criteria_model = CriterionWeightsModel(self)
        self.answers_model = MemberAnswersModel(self)
        self.bids_model = BidsAcrossMembersModel(self)
        self.summary = QLabel()
        self.summary.setObjectName("memberWeightsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem = QLabel()
        self.problem.setObjectName("memberWeightsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {style.ERROR_TEXT};")
        self.problem.hide()
        self.answer_button = QPushButton("&Answer the weighting questions…")
        self.answer_button.setObjectName("answerWeightsButton")
        self.answer_button.setToolTip("Record a member's swing weights or pairwise comparisons")
        self.answer_button.clicked.connect(self.ask_answers)
        self.apply_button = QPushButton("Apply the &committee's weights")
        self.apply_button.setObjectName("applyCommitteeWeightsButton")
        self.apply_button.setToolTip(
            "Set the weights to the committee's and save them as a scenario (one undo step each)"
        )
        self.apply_button.clicked.connect(self.apply_committee_weights)

        buttons = QHBoxLayout()
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        criteria_table = record_table(
            "memberWeightsCriteriaTable",
            "The committee's weights and each member's",
            self.criteria_model,
            TABLE_ROWS,
        )
        answers_table = record_table(
            "memberAnswersTable", "Who answered and how", self.answers_model, TABLE_ROWS
        )
        self.bids_table = record_table(
            "membersFundingTable", "What every member's weights would fund", self.bids_model,
            TABLE_ROWS,
        )  # fmt: skip
        for table, model, stretch, widths in (
            (criteria_table, self.criteria_model, "Criterion", FOLDED_CRITERIA_WIDTHS),
            (answers_table, self.answers_model, "Member", FOLDED_ANSWERS_WIDTHS),
            (self.bids_table, self.bids_model, "Where it stands", FOLDED_BIDS_WIDTHS),
        ):
            FoldsWhenNarrow(table, _folding(table, model, stretch, widths))
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(stacked(_heading("The committee's weights and the spread"), criteria_table))
        top.addWidget(stacked(_heading("Members' answers"), answers_table))
        with menus_owned_by(self):
            self.chart = MembersFundingChart()
        funding = QSplitter(Qt.Orientation.Horizontal)
        funding.addWidget(self.bids_table)
        funding.addWidget(self.chart)
        funding.setSizes([600, 300])
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(stacked(_heading("What every member's weights would fund"), funding))
        body.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(body, 1)

        session.projectChanged.connect(self.refresh)
        session.dataReplaced.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Recompute when the data, the committee or the budgets changed (not on a weight
        move: members' weights do not depend on the sliders)."""
        project = self._session.data.project
        matrix = self._session.matrix
        key = (
            None
            if project is None
            else (matrix, project.committee, project.settings.funding, project.imported)
        )
        if key is not None and key == self._shown_for:
            return
        self._shown_for = key
        self.result, problem = None, ""
        if project is None:
            problem = "Weighting answers belong to a project: save these bids as one first."
        elif project.committee.weight_answers:
            try:
                self.result = what_members_fund(
                    matrix,
                    project.committee,
                    project.governance.conflicts,
                    funding_limits(project.settings.funding),
                )
            except EtprioError as exc:
                problem = str(exc)
        labels = {c.key: c.label for c in matrix.criteria.criteria}
        self.criteria_model.set_result(self.result, labels)
        self.answers_model.set_result(self.result)
        self.bids_model.set_result(self.result)
        self.chart.show_result(self.result)
        self._show_summary(problem)

    def _show_summary(self, problem: str) -> None:
        project = self._session.data.project
        self.answer_button.setEnabled(project is not None and bool(project.committee.members))
        self.apply_button.setEnabled(self.result is not None)
        self.problem.setText(problem)
        self.problem.setVisible(bool(problem))
        if self.result is None:
            self.summary.setText(
                "No member has answered the weighting questions yet. Each member gives about "
                "ten minutes: put the criteria's swings in order and score them, or compare "
                "the criteria two at a time."
            )
            return
        said = list(self.result.sentences())
        if not self.result.has_funding_line:
            said.append("Set budgets on the Funding tab to see what each member's weights fund.")
        self.summary.setText(" ".join(said))

    def ask_answers(self, member_id: str | None = None) -> None:
        """Open the questions for a member (the first without answers, by default)."""
        project = self._session.data.project
        if project is None:
            return
        committee = project.committee
        if member_id is None:
            waiting = [
                m.member_id
                for m in committee.members
                if committee.weight_answers_of(m.member_id) is None
            ]
            member_id = waiting[0] if waiting else None
        dialog = WeightQuestionsDialog(committee, project.criteria, member_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record(dialog)

    def record(self, dialog: WeightQuestionsDialog) -> None:
        project = self._session.data.project
        if project is None:
            return
        try:
            push_command(
                self._undo,
                project,
                RecordWeightAnswers(dialog.answers()),
                self._session.project_changed,
            )
        except EtprioError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        self.refresh()

    def apply_committee_weights(self) -> None:
        """Set the weights to the committee's (one undo step, minuted) and keep them as a
        scenario the chair can come back to."""
        project = self._session.data.project
        if project is None or self.result is None:
            return
        agreed = self.result.committee
        weights = [round(100 * agreed.weights[k], 2) for k in self._session.criteria.keys]
        rule = agreed.rule.value
        name = f"Committee's weights ({rule} of {agreed.members} members)"
        self._undo.push(SetWeights(self._session, weights, "Apply the committee's weights"))
        push_command(
            self._undo,
            project,
            SaveScenario(name, "From members' answers to the weighting questions"),
            self._session.project_changed,
        )


def _folding(
    table: QTableView, model: LayoutTableModel, stretch: str, widths: Mapping[str, str]
) -> Callable[[bool], None]:
    """Fold ``model``'s less read columns into tooltips and stretch its ``stretch``
    column, wrapping, over the width the others leave; or show every column again."""

    def fold(folded: bool) -> None:
        model.set_folded(folded)
        fit = TableFit.of(table)
        if not folded:
            fit.set_compact(None)
            return
        shown = {model.column_of(h): sample for h, sample in widths.items()}
        fit.set_compact(model.column_of(stretch), {c: w for c, w in shown.items() if c is not None})

    return fold


def _heading(text: str) -> QLabel:
    label = QLabel(f"<b>{text}</b>")
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def preview() -> int:
    """Show the tab alone on the demo project."""
    from PySide6.QtWidgets import QApplication

    from etprio.gui.session import load_demo

    app = QApplication.instance() or QApplication(sys.argv)
    panel = MemberWeightsPanel(Session(load_demo()), QUndoStack())
    panel.resize(1280, 720)
    panel.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(preview())
