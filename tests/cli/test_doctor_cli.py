"""``etprio doctor`` answers support's first questions about a machine in one report, and
exits 1 when something there would stop the app."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from etprio import __version__
from etprio.cli import doctor, main
from tests.gui.test_system_libraries import fake_ldd


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's folders under tmp_path, so the folder checks never touch the real ones."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["doctor", *argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out


def line(out: str, name: str) -> str:
    """The report's line for one check without its padding, e.g. ``ok Display works: ...``."""
    found = [
        f"{match[1]} {match[2]} {match[3]}"
        for match in re.finditer(r"^(ok|!!)  (.+?) {2,}(.*)$", out, re.MULTILINE)
        if match[2] == name
    ]
    assert len(found) == 1, out
    return found[0]


def test_a_healthy_machine_gets_every_answer_and_exit_0(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    code, out = run(capsys)
    assert code == 0, out
    assert line(out, "etprio").endswith(
        f"{__version__} (Python package in {Path(doctor.__file__).parents[1]})"
    )
    assert sys.executable in line(out, "Python")
    assert "(from QT_QPA_PLATFORM)" in line(out, "Qt platform")
    assert "works: offscreen, 1 screen(s)" in line(out, "Display")
    assert line(out, "Screen fonts").startswith("ok")
    assert line(out, "PDF fonts").startswith("ok PDF fonts 3 files in")
    assert str(home / "xdg_data_home" / "etprio" / "recovery") in line(out, "Autosaves")
    for name in ("Settings", "Autosaves", "Logs", "Cache", *doctor.KEY_LIBRARIES):
        assert line(out, name).startswith("ok"), name
    assert out.rstrip().endswith("No problems found.")


def test_a_folder_that_cannot_be_written_is_a_problem(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = home / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    monkeypatch.setattr(doctor, "probe_display", lambda: "skipped in this test")
    code, out = run(capsys)
    assert code == 1
    assert line(out, "Autosaves").startswith(
        f"!! Autosaves {blocker}/etprio/recovery is not writable"
    )
    assert out.rstrip().endswith("2 problem(s): Display, Autosaves")


def test_a_display_qt_cannot_open_is_reported_in_qts_words(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qt_abort = (
        "import sys; sys.stderr.write('qt.qpa.xcb: could not connect to display \\n"
        "This application failed to start because no Qt platform plugin could be initialized.\\n');"
        "sys.exit(134)"
    )
    monkeypatch.setattr(doctor, "probe_command", lambda: [sys.executable, "-c", qt_abort])
    code, out = run(capsys)
    assert code == 1
    assert (
        line(out, "Display") == "!! Display does not work: qt.qpa.xcb: could not connect to display"
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_missing_x11_libraries_come_with_their_install_command(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(fake_ldd(home / "bin", "libxcb-cursor.so.0")))
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr("etprio.gui.system_libraries.this_distribution", lambda: "debian")
    code, out = run(capsys)
    assert code == 1
    assert line(out, "X11 libraries").endswith(
        "missing (libxcb-cursor.so.0): sudo apt install libxcb-cursor0"
    )
    assert line(out, "Display") == "!! Display not tried: X11 libraries are missing"


def test_json_report(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out = run(capsys, "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert report["ok"] is True
    names = [check["name"] for check in report["checks"]]
    assert names[:5] == ["etprio", "Python", "System", "Qt", "Qt platform"]
    assert {"Display", "Screen fonts", "PDF fonts", "Settings", "Autosaves"} <= set(names)
