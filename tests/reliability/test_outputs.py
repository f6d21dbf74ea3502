"""Outputs under failure and hostile text (issue "Reliability and security, round
two"): an export onto a full disk leaves the previous file whole and says why, and a
title that would break the submission PDF cannot reach it from a crafted project file."""

from __future__ import annotations

import errno
import os
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core import atomic_files
from etprio.core.errors import FileAccessError, InvalidDataError
from etprio.core.project.store import open_project, save_project
from etprio.report.pdf import build_report
from etprio.report.tables import write_table
from tests.project_builders import sample_project
from tests.reliability.test_report_text import hostile_data
from tests.report.builders import content, scores_of

NO_SPACE = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills while the new content is being written."""
    real_open = Path.open

    def filling(self: Path, mode: str = "r", *args: object, **kwargs: object):
        stream = real_open(self, mode, *args, **kwargs)  # type: ignore[arg-type]
        if "x" in mode and self.name.endswith(atomic_files.PARTIAL_SUFFIX):
            stream.write = lambda _data: (_ for _ in ()).throw(NO_SPACE)  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr(Path, "open", filling)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_full_disk_keeps_the_previous_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    """Before: the previous CSV was truncated; XLSX printed a traceback."""
    path = tmp_path / f"ranking{suffix}"
    write_table(path, ["bid_id"], [["B1"]])
    before = path.read_bytes()
    full_disk(monkeypatch)
    with pytest.raises(FileAccessError, match="No space left on device"):
        write_table(path, ["bid_id"], [["B2"]])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_export_on_the_command_line_says_so_with_exit_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ranking.xlsx"
    assert main(["export", "--demo", "-o", str(path)]) == 0
    before = path.read_bytes()
    full_disk(monkeypatch)
    assert main(["export", "--demo", "-o", str(path)]) == 4
    _, err = capsys.readouterr()
    assert "No space left on device" in err and "Traceback" not in err
    assert path.read_bytes() == before


def test_a_full_disk_keeps_the_previous_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: the previous PDF was left unreadable."""
    path = tmp_path / "submission.pdf"
    path.write_bytes(b"%PDF-1.4 the previous good copy")
    full_disk(monkeypatch)
    with pytest.raises(FileAccessError, match="No space left on device"):
        build_report(path, content(3))
    assert path.read_bytes() == b"%PDF-1.4 the previous good copy"


def test_the_longest_title_an_import_accepts_prints_quickly(tmp_path: Path) -> None:
    """Six lines, or 300 unbroken characters: what validation lets through, the PDF lays
    out (before: 50 lines raised TypeError, 4,000 characters LayoutError)."""
    for title in ("\n".join(["x" * 49] * 6), "x" * 300, "\n".join(["x"] * 32)):
        started = time.perf_counter()
        data = hostile_data(title, "A81001")
        build_report(tmp_path / "report.pdf", replace(content(3), scores=scores_of(data)))
        assert time.perf_counter() - started < 20


def test_a_crafted_title_in_a_project_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pccc.etprio"
    with sample_project() as project:
        save_project(project, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE bids SET title = ? WHERE position = 0", ("\n".join("x" * 50),))
    conn.close()
    with pytest.raises(InvalidDataError, match="a title of 99 characters on 50 lines"):
        open_project(path, read_only=True)
