"""A meeting as a random sequence of what a committee does in the app — imports, weight
changes with locks and keep-total, undo and redo, members joining and leaving, declarations,
stepping out, new budgets, saves and reopening — with the app checked against the command
line on the saved file after every step (CONTRACT §6: what the projector showed is what is
minuted, printed and sent)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtWidgets import QDoubleSpinBox, QMessageBox

from etprio.cli import main
from etprio.core.committee.members import InterestKind, Role
from etprio.core.project.committee_commands import AddMember, DeclareInterest, RemoveMember
from etprio.core.project.meeting_commands import StepOut
from etprio.core.project.store import verify_project
from etprio.core.resources import demo_bids_path, demo_survey_path
from tests.gui.test_one_truth import shown

KEYS = ("access", "capacity", "training", "premises_need", "deliverability")


def cli_json(*argv: object) -> dict | None:
    """A command's JSON, or None when it refuses (``funding`` without budgets)."""
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    assert "Traceback" not in err.getvalue()
    return json.loads(out.getvalue()) if code == 0 else None


def fewer_bids(folder: Path, keep: int) -> Path:
    """The demo bids table with only its first ``keep`` rows whose dependencies stay
    inside it (a practice sending a shorter table)."""
    with demo_bids_path().open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kept: list[dict[str, str]] = []
    for row in rows:
        needs = {d.strip() for d in row.get("depends_on", "").split(";") if d.strip()}
        if len(kept) < keep and needs <= {r["bid_id"] for r in kept}:
            kept.append(row)
    path = folder / f"bids-{keep}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    return path


@pytest.mark.usefixtures("settings_dir", "recovery_dir", "no_modal_dialogs")
def test_the_app_and_the_command_line_agree_through_any_meeting(
    qapp, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etprio.gui import create_main_window

    discard = QMessageBox.StandardButton.Discard
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: discard)

    class Meeting(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.folder = tmp_path_factory.mktemp("meeting")
            self.path = self.folder / "meeting.etprio"
            assert main(
                ["new", str(self.path), "--bids", str(demo_bids_path()),
                 "--survey", str(demo_survey_path()), "--capital", "£3m",
                 "--recurrent", "£150k"]
            ) == 0  # fmt: skip
            self.window = create_main_window(self.path)
            self.window.build_charts()
            self.added: list[str] = []

        def teardown(self) -> None:
            self.window.close()
            self.window.deleteLater()

        # --- what happens in the meeting --------------------------------------------------

        @rule(key=st.sampled_from(KEYS), weight=st.integers(0, 60))
        def change_a_weight(self, key: str, weight: int) -> None:
            spin = self.window.findChild(QDoubleSpinBox, f"weightSpin_{key}")
            spin.setValue(float(weight))

        @rule(key=st.sampled_from(KEYS), keep_total=st.booleans())
        def lock_a_weight(self, key: str, keep_total: bool) -> None:
            self.window.weights.set_locked(key, True)
            self.window.weights._keep_total.setChecked(keep_total)

        @rule()
        def undo(self) -> None:
            self.window.undo_stack.undo()

        @rule()
        def redo(self) -> None:
            self.window.undo_stack.redo()

        @rule(practice=st.sampled_from(["Y02101", "Y02103", "Y02104"]))
        def add_a_member(self, practice: str) -> None:
            command = AddMember("Dr Visitor", Role.GP, practice_codes=(practice,))
            if self.window.committee_panel.run(command):
                self.added.append(self.window.session.data.project.committee.members[-1].member_id)

        @precondition(lambda self: bool(self.added))
        @rule()
        def remove_a_member(self) -> None:
            committee = self.window.session.data.project.committee
            member_id = self.added.pop()
            if any(m.member_id == member_id for m in committee.members):
                self.window.committee_panel.run(RemoveMember(member_id))

        @precondition(lambda self: bool(self.added))
        @rule(bid=st.sampled_from(["EV01", "EV02", "EV05"]), withheld=st.booleans())
        def declare_and_step_out(self, bid: str, withheld: bool) -> None:
            member_id = self.added[-1]
            panel = self.window.committee_panel
            panel.run(
                DeclareInterest(member_id, InterestKind.PERSONAL, "Family", bid_id=bid,
                                withheld=withheld)
            )  # fmt: skip
            panel.run(StepOut(member_id, bid))

        @rule(
            capital=st.sampled_from([0, 800_000, 1_500_000, 2_500_000]),
            recurrent=st.sampled_from([0, 40_000, 90_000, 150_000]),
        )
        def change_budgets(self, capital: int, recurrent: int) -> None:
            panel = self.window.funding_panel
            panel.budgets.recurrent_input.setValue(float(recurrent))
            panel.budgets.capital_input.setValue(float(capital))

        @rule(keep=st.integers(8, 25))
        def import_bids(self, keep: int) -> None:
            dialog = self.window.files.import_files(bids=fewer_bids(self.folder, keep))
            if dialog is not None:
                dialog.accept()

        @rule()
        def import_survey(self) -> None:
            dialog = self.window.files.import_files(survey=demo_survey_path())
            if dialog is not None:
                dialog.accept()

        @rule()
        def reopen(self) -> None:
            self.window.files.save_project()
            self.window.close()
            self.window.deleteLater()
            self.window = create_main_window(self.path)
            self.window.build_charts()

        # --- after every step --------------------------------------------------------------

        @invariant()
        def the_app_shows_what_the_command_line_reports(self) -> None:
            window = self.window
            window.files.save_project()
            ranking = cli_json("rank", "--project", self.path, "--format", "json")
            funding = cli_json("funding", "--project", self.path, "--format", "json")
            funded = None if funding is None else set(funding["rank_order"]["funded"])
            expected = [
                (
                    b["bid_id"],
                    "–" if funded is None else "Funded" if b["bid_id"] in funded else "Not funded",
                )
                for b in ranking["bids"]
            ]
            assert shown(window) == expected
            window.tabs.setCurrentWidget(window.funding_panel)  # a hidden tab catches up
            selection = window.funding_panel.rank_order
            if funding is None:
                assert selection is None
            else:
                assert list(selection.funded) == funding["rank_order"]["funded"]
                assert selection.grant_total == pytest.approx(funding["rank_order"]["grant_total"])
                assert selection.recurrent_total == pytest.approx(
                    funding["rank_order"]["recurrent_total"]
                )
            assert verify_project(self.path).ok
            window.tabs.setCurrentIndex(0)

    run_state_machine_as_test(
        Meeting,
        settings=settings(
            max_examples=5,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
