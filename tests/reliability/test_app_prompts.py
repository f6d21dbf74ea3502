"""The app's side of locks and seals (issue "Reliability and security, round two"): it
offers "Open read-only" and "Take over" naming the holder and the lock's age, opens
read-only when the folder cannot be locked, warns about a file that failed its seal
check and saves it only after a minuted acceptance, and the Log tab reports the same
check as ``etprio verify``."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QInputDialog, QWidget

from etprio.core.project import lock as project_lock
from etprio.core.project.lock import LockHolder, lock_file_of
from etprio.core.project.store import open_project, unaccepted_problem
from etprio.gui import lock_prompt
from etprio.gui.panels.log import LogPanel


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    return widget


def held_elsewhere(path: Path) -> None:
    holder = LockHolder("sam.jones", "estates-pc", 4242, "2016-06-30T10:00:00Z")
    lock_file_of(path).write_text(json.dumps(holder.__dict__), encoding="utf-8")


def test_the_question_names_the_holder_and_the_age(saved: Path) -> None:
    held_elsewhere(saved)
    text = lock_prompt.lock_question(saved, project_lock.holder_of(saved))
    assert "sam.jones on estates-pc" in text and "days" in text


@pytest.mark.parametrize(
    ("choice", "read_only"), [(lock_prompt.READ_ONLY, True), (lock_prompt.TAKE_OVER, False)]
)
def test_a_locked_project_opens_read_only_or_is_taken_over(
    saved: Path, window: QWidget, monkeypatch: pytest.MonkeyPatch, choice: str, read_only: bool
) -> None:
    held_elsewhere(saved)
    asked: list[str] = []
    monkeypatch.setattr(
        lock_prompt, "_ask", lambda _w, _t, text, _alt: asked.append(text) or choice
    )
    project = lock_prompt.open_asking(window, saved)
    assert project is not None and project.read_only is read_only
    assert "sam.jones" in asked[0]
    holder = project_lock.holder_of(saved)
    assert (holder is not None and holder.user == "sam.jones") is read_only
    project.close()


def test_cancel_opens_nothing(
    saved: Path, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    held_elsewhere(saved)
    monkeypatch.setattr(lock_prompt, "_ask", lambda *_: None)
    assert lock_prompt.open_asking(window, saved) is None


def test_a_folder_that_cannot_be_locked_opens_read_only(
    saved: Path, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a project in a read-only folder could not be opened at all."""

    def denied(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(project_lock, "_create", denied)
    monkeypatch.setattr(lock_prompt, "_ask", lambda *_: lock_prompt.READ_ONLY)
    project = lock_prompt.open_asking(window, saved)
    assert project is not None and project.read_only


def tampered(path: Path) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE weights SET weight = weight * 3 WHERE position = 0")
    conn.close()


def test_a_failed_seal_is_shown_and_accepted_only_with_a_reason(
    saved: Path, window: QWidget, monkeypatch: pytest.MonkeyPatch
) -> None:
    tampered(saved)
    monkeypatch.setattr(lock_prompt, "_wants_to_accept", lambda *_: True)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("", True))
    project = lock_prompt.open_asking(window, saved)
    assert project is not None and "weights" in unaccepted_problem(project)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("agreed by email", True))
    lock_prompt.ask_about_failed_seal(window, project)
    assert not unaccepted_problem(project)
    assert project.log[-1].rationale == "agreed by email"
    project.close()


def test_the_log_tab_reports_the_same_check_as_verify(saved: Path, qtbot) -> None:
    """Before: the Log tab checked the chain without the head and said "intact"."""
    tampered(saved)
    with open_project(saved, read_only=True) as project:
        panel = LogPanel(project)
        qtbot.addWidget(panel)
        assert "failed its seal check" in panel.chain.text()
        assert "weights" in panel.chain.text()
