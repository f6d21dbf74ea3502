"""The Committee tab (DESIGN "Desktop app", "Governance"): members and who is at the
meeting, the register of interests, who is in the room for the item under discussion,
the quorum per bid, the spread of member scores, and the chair's overrides.

Every change is a core command run through :meth:`CommitteePanel.set_command_runner` (the
main window's undo stack), so it can be undone and is minuted in the decision log. The
panel computes nothing about conflicts or quorum itself; it shows
:attr:`Project.governance`.

Run it alone on the demo with ``python -m etprio.gui.panels.committee``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from etprio.core.committee.member_scores import read_member_scores
from etprio.core.committee.members import Aggregate, QuorumRule
from etprio.core.errors import EtprioError, ImportFailed
from etprio.core.project.commands import ProjectCommand
from etprio.core.project.committee_commands import (
    ChangeCommitteeRules,
    RemoveMember,
    WithdrawDeclaration,
)
from etprio.core.project.meeting_commands import ImportMemberScores, SetAbsent, StepOut
from etprio.core.project.state import Project
from etprio.gui import style
from etprio.gui.models.committee import (
    DeclarationsModel,
    MembersModel,
    QuorumModel,
    RoomModel,
    ScoreSpreadModel,
)
from etprio.gui.panels.committee_dialogs import AddMemberDialog, DeclarationDialog, OverrideDialog
from etprio.gui.panels.page_layout import (
    KeepsItsLines,
    ReflowRow,
    ReflowSplitter,
    TableFit,
    compact_combo,
    out_of_sight,
    scrolling_page,
)
from etprio.gui.panels.record_tables import button_row, record_table, stacked

Runner = Callable[[ProjectCommand], None]

MEETING_MEMBER_WIDTHS = {
    MembersModel.ROLE: "CCG officer",
    MembersModel.PRACTICES: "Y02101",
    MembersModel.CONFLICTED: "EV01, EV02",
}
"""The widest line of the members' columns in meeting mode, where a member's practices
and conflicts wrap to a second line."""


class CommitteePanel(QWidget):
    """Signals
    -------
    projectChanged:
        A command changed the project (scores may have changed: rescore the ranking).
    """

    projectChanged = Signal()

    def __init__(
        self,
        project: Project | None = None,
        run_command: Runner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("committeePanel")
        self.project = project
        self._run_command = run_command
        self._bid: str | None = None
        self._stale = False
        self.members, self.declarations = MembersModel(self), DeclarationsModel(self)
        self.room, self.quorum = RoomModel(self), QuorumModel(self)
        self.spread = ScoreSpreadModel(self)
        self.members.toggled.connect(self._presence_toggled)
        self.room.toggled.connect(self._room_toggled)

        self.status = QLabel()
        self.status.setObjectName("committeeStatus")
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color:{style.ERROR_TEXT};")
        layout = scrolling_page(self)
        layout.addWidget(self._rules_bar())
        splitter = ReflowSplitter()
        splitter.addWidget(self._records())
        splitter.addWidget(self._meeting())
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        if project is not None:
            self.set_project(project)

    # -- building -----------------------------------------------------------------------

    def _rules_bar(self) -> QWidget:
        self.min_voting = QSpinBox()
        self.min_voting.setRange(1, 30)
        self.min_voting.setAccessibleName("Voting members needed for a quorum")
        self.lay_member = QCheckBox("including a lay member")
        self.lay_majority = QCheckBox("lay majority")
        self.aggregate = QComboBox()
        self.aggregate.setAccessibleName("How member scores combine")
        for method in Aggregate:
            self.aggregate.addItem(f"{method.value} of member scores", method)
        self.chair = compact_combo(QComboBox())
        self.chair.setAccessibleName("Chair")
        bar = ReflowRow(
            (
                (QLabel("Quorum:"), self.min_voting, QLabel("voting, not conflicted,")),
                (self.lay_member, self.lay_majority),
                (QLabel("Chair:"), self.chair),
                (self.aggregate,),
            )
        )
        self.min_voting.editingFinished.connect(self._rules_edited)
        self.lay_member.toggled.connect(self._rules_edited)
        self.lay_majority.toggled.connect(self._rules_edited)
        self.aggregate.activated.connect(self._rules_edited)
        self.chair.activated.connect(self._rules_edited)
        return bar

    def _records(self) -> QWidget:
        tabs = QTabWidget()
        self.members_table = record_table("membersTable", "Committee members", self.members)
        add = QPushButton("&Add member…")
        add.clicked.connect(self._add_member)
        remove = QPushButton("Remove member")
        remove.clicked.connect(self._remove_member)
        scores = QPushButton("Import &scores…")
        scores.setToolTip("One member's scores sheet: bid_id and score columns (CSV or XLSX)")
        scores.clicked.connect(self._import_scores)
        tabs.addTab(stacked(self.members_table, button_row(add, remove, scores)), "Members")
        self.declarations_table = record_table(
            "declarationsTable", "Register of interests", self.declarations
        )
        declare = QPushButton("&Declare interest…")
        declare.clicked.connect(self._declare)
        withdraw = QPushButton("Withdraw")
        withdraw.clicked.connect(self._withdraw)
        tabs.addTab(
            stacked(self.declarations_table, button_row(declare, withdraw)),
            "Register of interests",
        )
        self.spread_table = record_table("scoreSpreadTable", "Spread of member scores", self.spread)
        tabs.addTab(self.spread_table, "Member scores")
        return tabs

    def _meeting(self) -> QWidget:
        self.item = compact_combo(QComboBox(), 24)
        self.item.setObjectName("itemUnderDiscussion")
        self.item.setAccessibleName("Item under discussion")
        self.item.activated.connect(lambda _: self.set_current_bid(self.item.currentData()))
        self.item_quorum = QLabel()
        self.item_quorum.setObjectName("itemQuorum")
        self.item_quorum.setWordWrap(True)
        KeepsItsLines(self.item_quorum)
        self.room_table = record_table("roomTable", "Who is in the room", self.room)
        override = QPushButton("&Override score…")
        override.setToolTip("The chair sets an assessor score, with a written rationale")
        override.clicked.connect(self._override)
        item_box = QGroupBox("Item under discussion")
        layout = QVBoxLayout(item_box)
        for widget in (self.item, self.item_quorum, self.room_table, button_row(override)):
            layout.addWidget(widget)
        self.quorum_table = record_table("quorumTable", "Quorum for each bid", self.quorum)
        self.quorum_table.selectionModel().currentRowChanged.connect(self._quorum_row_chosen)
        quorum_box = QGroupBox("Quorum for each bid")
        QVBoxLayout(quorum_box).addWidget(self.quorum_table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(item_box)
        splitter.addWidget(quorum_box)
        return splitter

    # -- public API -----------------------------------------------------------------------

    def set_meeting_columns(self, meeting: bool) -> None:
        """Meeting mode: the members' names take the width the other columns leave and
        wrap, so the table fits the projector without scrolling sideways."""
        TableFit.of(self.members_table).set_compact(
            MembersModel.NAME if meeting else None, MEETING_MEMBER_WIDTHS
        )

    def set_project(self, project: Project) -> None:
        self.project = project
        if self._bid not in project.imported.bids_by_id:
            self._bid = project.imported.bids[0].bid_id if project.imported.bids else None
        self.refresh()

    def set_command_runner(self, run_command: Runner | None) -> None:
        """``run_command(command)`` does the command (raising EtprioError to refuse it),
        e.g. by :func:`etprio.gui.project_undo.push_command` on the main undo stack."""
        self._run_command = run_command

    def set_current_bid(self, bid_id: str | None) -> None:
        """The item under discussion, e.g. the bid selected in the ranking."""
        self._bid = bid_id
        self.refresh()

    def conflict_badges(self) -> dict[str, str]:
        """bid_id → badge text for the ranking's flags column (empty: nothing to flag)."""
        if self.project is None:
            return {}
        governance = self.project.governance
        return {b.bid_id: governance.badge(b.bid_id) for b in self.project.imported.bids}

    def refresh(self) -> None:
        """Show the project as it is now (after a command, an undo or a redo); on a
        hidden tab, when the tab is next shown (every weight change is a command)."""
        project = self.project
        if project is None:
            return
        if out_of_sight(self):
            self._stale = True
            return
        self._stale = False
        for model in (self.members, self.declarations, self.quorum, self.spread):
            model.set_project(project)
        self.room.set_project(project, self._bid)
        self._show_rules(project)
        self._show_item(project)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    # -- showing ----------------------------------------------------------------------------

    def _show_rules(self, project: Project) -> None:
        committee = project.committee
        widgets = (self.min_voting, self.lay_member, self.lay_majority, self.aggregate, self.chair)
        for widget in widgets:
            widget.blockSignals(True)
        self.min_voting.setValue(committee.quorum.min_voting)
        self.lay_member.setChecked(committee.quorum.require_lay_member)
        self.lay_majority.setChecked(committee.quorum.lay_majority)
        self.aggregate.setCurrentIndex(self.aggregate.findData(committee.aggregate))
        self.chair.clear()
        self.chair.addItem("(no chair)", None)
        for member in committee.members:
            self.chair.addItem(member.name, member.member_id)
        self.chair.setCurrentIndex(max(0, self.chair.findData(committee.chair_id)))
        for widget in widgets:
            widget.blockSignals(False)

    def _show_item(self, project: Project) -> None:
        self.item.blockSignals(True)
        self.item.clear()
        for bid in project.imported.bids:
            self.item.addItem(f"{bid.bid_id} — {bid.title}", bid.bid_id)
        self.item.setCurrentIndex(self.item.findData(self._bid))
        self.item.blockSignals(False)
        status = project.governance.quorum.get(self._bid or "")
        if status is None:
            text = "Add the committee's members to judge the quorum."
        elif status.quorate:
            text = f"Quorate: {len(status.counted)} voting members count for this item."
        else:
            text = f"Not quorate: {status.reason}."
        if status is not None and status.conflicted_in_room:
            names = ", ".join(project.committee.name_of(m) for m in status.conflicted_in_room)
            text += f" Conflicted and still in the room: {names}."
        self.item_quorum.setText(text)

    # -- changing -------------------------------------------------------------------------

    def run(self, command: ProjectCommand) -> bool:
        """Run a command through the runner; a refusal is shown, not raised."""
        if self.project is None:
            return False
        try:
            if self._run_command is None:
                command.do(self.project)
            else:
                self._run_command(command)
        except EtprioError as exc:
            self.status.setText(str(exc))
            return False
        self.status.clear()
        self.refresh()
        self.projectChanged.emit()
        return True

    def _quorum_row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.set_current_bid(self.quorum.rows[current.row()].bid_id)

    def _presence_toggled(self, row: int, column: int, checked: bool) -> None:
        self.run(SetAbsent(self.members.rows[row].member.member_id, not checked))

    def _room_toggled(self, row: int, column: int, checked: bool) -> None:
        entry = self.room.rows[row]
        if entry.absent:
            self.status.setText(f"{entry.member.name} is absent from the meeting")
            return
        if self._bid is not None:
            self.run(StepOut(entry.member.member_id, self._bid, stepped_out=not checked))

    def _rules_edited(self) -> None:
        if self.project is None:
            return
        rule = QuorumRule(
            self.min_voting.value(), self.lay_member.isChecked(), self.lay_majority.isChecked()
        )
        committee = self.project.committee
        chair = self.chair.currentData()
        if (rule, self.aggregate.currentData(), chair) == (
            committee.quorum,
            committee.aggregate,
            committee.chair_id,
        ):
            return
        self.run(
            ChangeCommitteeRules(
                quorum=rule, aggregate=self.aggregate.currentData(), chair_id=chair
            )
        )

    def _selected(self, table: QTableView) -> int | None:
        index = table.currentIndex()
        return index.row() if index.isValid() else None

    def _add_member(self) -> None:
        dialog = AddMemberDialog(self)
        if dialog.exec():
            self.run(dialog.command())

    def _remove_member(self) -> None:
        row = self._selected(self.members_table)
        if row is not None:
            self.run(RemoveMember(self.members.rows[row].member.member_id))

    def _declare(self) -> None:
        if self.project is None or not self.project.committee.members:
            self.status.setText("Add the committee's members first")
            return
        dialog = DeclarationDialog(self.project, self)
        if dialog.exec():
            self.run(dialog.command())

    def _withdraw(self) -> None:
        row = self._selected(self.declarations_table)
        if row is not None:
            self.run(WithdrawDeclaration(self.declarations.rows[row].declaration.declaration_id))

    def _override(self) -> None:
        if self.project is not None:
            dialog = OverrideDialog(self.project, self._bid, self)
            if dialog.exec():
                self.run(dialog.command())

    def _import_scores(self) -> None:
        row = self._selected(self.members_table)
        if self.project is None or row is None:
            self.status.setText("Select the member whose scores sheet to import")
            return
        member = self.members.rows[row].member
        name, _ = QFileDialog.getOpenFileName(
            self, f"Scores of {member.name}", "", "Tables (*.csv *.xlsx);;All files (*)"
        )
        if name:
            self.import_scores(member.member_id, Path(name))

    def import_scores(self, member_id: str, path: Path) -> bool:
        """Read a member's scores sheet (all or nothing) and run the import command."""
        assert self.project is not None
        try:
            scores, _ = read_member_scores(path, member_id, self.project.imported)
        except ImportFailed as exc:
            problems = "\n".join(str(p) for p in exc.problems if p.is_error)
            self.status.setText(f"{exc}:\n{problems}")
            return False
        except EtprioError as exc:
            self.status.setText(str(exc))
            return False
        return self.run(ImportMemberScores(member_id, scores, path))


def main() -> int:
    from etprio.gui.panels.project_preview import run_project_preview

    return run_project_preview(CommitteePanel, "Committee")


if __name__ == "__main__":
    sys.exit(main())
