"""A bare Linux install lacks the X11 libraries Qt's xcb plugin links: ``etprio`` must say
so in one line with the command that installs them all, instead of letting Qt abort."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from etprio.gui import system_libraries
from etprio.gui.system_libraries import (
    DEBIAN,
    FEDORA,
    XCB_LIBRARIES,
    display_problem,
    distribution_family,
    install_command,
    missing_library_message,
    missing_sonames,
    package_for,
    platform_will_be_xcb,
)

ROOT = Path(__file__).resolve().parents[2]
ALL_SONAMES = [library.soname for library in XCB_LIBRARIES]

LDD_OUTPUT = """\
\tlinux-vdso.so.1 (0x00007ffc)
\tlibQt6XcbQpa.so.6 => /opt/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f89)
\tlibxcb-cursor.so.0 => not found
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f89)
"""


def fake_ldd(folder: Path, *sonames: str) -> Path:
    """An ``ldd`` that reports ``sonames`` as missing, first on a PATH."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = "".join(f'echo "\t{name} => not found"\n' for name in sonames)
    script = folder / "ldd"
    script.write_text(f"#!/bin/sh\n{lines}", encoding="utf-8")
    script.chmod(0o755)
    return folder


def test_missing_libraries_are_read_from_ldd_once_each() -> None:
    assert missing_sonames(LDD_OUTPUT) == ["libxcb-cursor.so.0", "libxcb-icccm.so.4"]
    assert missing_sonames("\tlibxcb.so.1 => /lib/libxcb.so.1 (0x1)\n") == []


def test_the_message_is_one_line_with_the_install_command() -> None:
    message = missing_library_message(missing_sonames(LDD_OUTPUT), DEBIAN)
    assert message == (
        "etprio: the desktop app needs system libraries that are missing "
        "(libxcb-cursor.so.0, libxcb-icccm.so.4): sudo apt install libxcb-cursor0 libxcb-icccm4"
    )
    fedora = missing_library_message(["libxcb-cursor.so.0", "libxcb-xkb.so.1"], FEDORA)
    assert fedora.endswith(": sudo dnf install xcb-util-cursor libxcb")


def test_an_unknown_distribution_gets_both_commands_on_one_line() -> None:
    message = missing_library_message(["libxcb-randr.so.0"], None)
    assert "\n" not in message
    assert "sudo apt install libxcb-randr0 (Debian, Ubuntu)" in message
    assert "sudo dnf install libxcb (Fedora)" in message


@pytest.mark.parametrize(
    ("soname", "debian", "fedora"),
    [
        ("libxcb-sync.so.1", "libxcb-sync1", "'libxcb-sync.so.1()(64bit)'"),
        ("libX11-xcb.so.1", "libx11-xcb1", "'libX11-xcb.so.1()(64bit)'"),
        ("libdbus-1.so.3", "libdbus-1-3", "'libdbus-1.so.3()(64bit)'"),
        ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ],
)
def test_libraries_outside_the_table_follow_each_distributions_naming(
    soname: str, debian: str, fedora: str
) -> None:
    assert package_for(soname, DEBIAN) == debian
    assert package_for(soname, FEDORA) == fedora


@pytest.mark.parametrize(
    ("os_release", "family"),
    [
        ({"ID": "debian"}, DEBIAN),
        ({"ID": "linuxmint", "ID_LIKE": "ubuntu debian"}, DEBIAN),
        ({"ID": "fedora"}, FEDORA),
        ({"ID": "rocky", "ID_LIKE": "rhel centos fedora"}, FEDORA),
        ({"ID": "arch"}, None),
    ],
)
def test_distribution_family(os_release: dict[str, str], family: str | None) -> None:
    assert distribution_family(os_release) == family


@pytest.mark.parametrize(
    ("environ", "system", "xcb"),
    [
        ({}, "linux", True),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", False),
        ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux", False),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"XDG_SESSION_TYPE": "x11", "DISPLAY": ":0"}, "linux", True),
        ({}, "win32", False),
        ({}, "darwin", False),
    ],
)
def test_the_check_runs_only_where_qt_will_use_xcb(
    environ: dict[str, str], system: str, xcb: bool
) -> None:
    assert platform_will_be_xcb(environ, system) is xcb


def test_no_check_under_the_offscreen_platform(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(fake_ldd(tmp_path, "libxcb-cursor.so.0")))
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_check_reads_the_real_plugin_through_ldd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(fake_ldd(tmp_path, "libxcb-keysyms.so.1")))
    monkeypatch.setattr(system_libraries, "this_distribution", lambda: DEBIAN)
    problem = display_problem({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"})
    assert problem is not None
    assert problem.endswith("(libxcb-keysyms.so.1): sudo apt install libxcb-keysyms1")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_etprio_prints_one_line_and_exits_1_instead_of_a_qt_abort(tmp_path: Path) -> None:
    env = dict(os.environ)
    env |= {
        "PATH": f"{fake_ldd(tmp_path / 'bin', 'libxcb-cursor.so.0')}{os.pathsep}{env['PATH']}",
        "QT_QPA_PLATFORM": "xcb",
        "DISPLAY": ":0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "etprio"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("etprio: the desktop app needs system libraries that are missing")
    assert re.search(r"install \S*xcb-(util-)?cursor", lines[0])
    assert "platform plugin" not in result.stderr


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the xcb plugin is Linux's")
def test_no_display_is_one_line_too(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    env |= {"PATH": f"{fake_ldd(tmp_path)}{os.pathsep}{env['PATH']}", "QT_QPA_PLATFORM": "xcb"}
    result = subprocess.run(
        [sys.executable, "-m", "etprio"], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "etprio: there is no display to open the window on (DISPLAY is not set); "
        "the command line works without one: etprio --help"
    ]


def readme_command(tool: str) -> str:
    """The README's ``sudo apt install ...`` (or dnf) line, without its comment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.findall(rf"^(sudo {tool} install [^#\n]*?)\s*(?:#.*)?$", readme, re.MULTILINE)
    assert len(found) == 1, f"README.md should show one `sudo {tool} install` line"
    return found[0]


def test_readme_names_exactly_the_packages_the_check_asks_for() -> None:
    assert readme_command("apt") == install_command(ALL_SONAMES, DEBIAN)
    assert readme_command("dnf") == install_command(ALL_SONAMES, FEDORA)
