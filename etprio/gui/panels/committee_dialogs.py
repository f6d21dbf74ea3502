"""The small forms of the Committee tab. Each builds a core command from its fields and
never changes the project itself, so the panel runs the command through the undo stack
(and tests can fill the fields and call :meth:`command` without showing the dialog)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from etprio.core.committee.members import InterestKind, Role
from etprio.core.project.committee_commands import AddMember, DeclareInterest
from etprio.core.project.meeting_commands import OverrideScore
from etprio.core.project.state import Project
from etprio.core.scoring.criteria import CriterionKind


class _Form(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._buttons = buttons

    def add(self, label: str, widget: QWidget) -> QWidget:
        widget.setAccessibleName(label.rstrip(":").replace("&", ""))
        self.form.addRow(label, widget)
        return widget

    def finish(self) -> None:
        self.form.addRow(self._buttons)


def _combo(items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    return combo


def _day(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class AddMemberDialog(_Form):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Add a committee member", parent)
        self.name = QLineEdit()
        self.role = _combo([(r.label, r) for r in Role])
        self.voting = QCheckBox("Has a vote")
        self.voting.setChecked(True)
        self.practices = QLineEdit()
        self.practices.setPlaceholderText("ODS codes, e.g. Y02103; Y02104")
        self.add("&Name:", self.name)
        self.add("&Role:", self.role)
        self.add("Voting:", self.voting)
        self.add("&Practices:", self.practices)
        self.finish()

    def command(self) -> AddMember:
        codes = self.practices.text().replace(",", ";").split(";")
        return AddMember(
            self.name.text(),
            self.role.currentData(),
            voting=self.voting.isChecked(),
            practice_codes=[c for c in codes if c.strip()],
        )


class DeclarationDialog(_Form):
    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__("Declare an interest", parent)
        self.member = _combo([(m.name, m.member_id) for m in project.committee.members])
        self.kind = _combo([(k.value.capitalize(), k) for k in InterestKind])
        self.description = QLineEdit()
        self.declared_on = QDateEdit(QDate.currentDate())
        self.declared_on.setCalendarPopup(True)
        self.declared_on.setDisplayFormat("dd MMM yyyy")
        bids = [(f"{b.bid_id} — {b.title}", b.bid_id) for b in project.imported.bids]
        practices = sorted({b.practice_code for b in project.imported.bids})
        self.against = _combo(
            [("General (no practice or bid)", "")]
            + [(f"Practice {code}", f"practice:{code}") for code in practices]
            + [(f"Bid {text}", f"bid:{bid_id}") for text, bid_id in bids]
        )
        self.withheld = QCheckBox("Withhold from the public edition (publishing could cause harm)")
        self.add("&Member:", self.member)
        self.add("&Interest:", self.kind)
        self.add("&Description:", self.description)
        self.add("Declared &on:", self.declared_on)
        self.add("In:", self.against)
        self.add("", self.withheld)
        self.finish()

    def command(self) -> DeclareInterest:
        kind, _, value = str(self.against.currentData()).partition(":")
        return DeclareInterest(
            self.member.currentData(),
            self.kind.currentData(),
            self.description.text(),
            declared_on=_day(self.declared_on.date()),
            practice_code=value if kind == "practice" else None,
            bid_id=value if kind == "bid" else None,
            withheld=self.withheld.isChecked(),
        )


class OverrideDialog(_Form):
    """The chair's override of an assessor score; the rationale is required and minuted."""

    def __init__(self, project: Project, bid_id: str | None, parent: QWidget | None = None):
        super().__init__("Override a score (chair)", parent)
        self.bid = _combo([(f"{b.bid_id} — {b.title}", b.bid_id) for b in project.imported.bids])
        if bid_id is not None:
            self.bid.setCurrentIndex(max(0, self.bid.findData(bid_id)))
        assessor = [c for c in project.criteria.criteria if c.kind is CriterionKind.ASSESSOR]
        self.criterion = _combo([(c.label, c.key) for c in assessor])
        self.score = QDoubleSpinBox()
        self.score.setRange(0.0, 5.0)
        self.score.setSingleStep(0.5)
        self.score.setDecimals(1)
        self.rationale = QPlainTextEdit()
        self.rationale.setPlaceholderText("Why the committee departs from the assessors' score")
        self.add("&Bid:", self.bid)
        self.add("&Criterion:", self.criterion)
        self.add("&Score (0–5):", self.score)
        self.add("&Rationale:", self.rationale)
        self.finish()

    def command(self) -> OverrideScore:
        return OverrideScore(
            self.bid.currentData(),
            self.criterion.currentData(),
            self.score.value(),
            rationale=self.rationale.toPlainText(),
        )
