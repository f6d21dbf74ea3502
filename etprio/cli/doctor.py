"""``etprio doctor``: what support needs to know about this machine, in one report.

When the app will not start, or starts without its fonts, the first questions are always
the same: which Python and Qt, which Qt platform, does the display work, are the X11
libraries there, can etprio write its settings, autosaves and logs, which library versions.
The report answers them; exit 1 when any check fails, so a script can tell too.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from etprio import __version__

# The libraries whose version support asks for first: the GUI stack, the numbers, the
# spreadsheet readers and writers, the PDF, the alternative methods.
KEY_LIBRARIES = (
    "PySide6-Essentials",
    "pyqtgraph",
    "numpy",
    "scipy",
    "pandas",
    "python-calamine",
    "openpyxl",
    "reportlab",
    "scikit-criteria",
    "platformdirs",
)
PROBE_TIMEOUT_S = 60


@dataclass(frozen=True)
class Check:
    name: str
    value: str
    ok: bool = True


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check this machine: Python, Qt, display, fonts, folders, library versions",
        description="Report what etprio finds on this machine; exit 1 if anything is wrong.",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--probe-display", action="store_true", help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.probe_display:
        from etprio.gui.display_probe import print_display_facts

        return print_display_facts()
    checks = all_checks()
    if args.format == "json":
        print(json.dumps({"ok": all(c.ok for c in checks), "checks": [asdict(c) for c in checks]}))
    else:
        print(report(checks))
    return 0 if all(check.ok for check in checks) else 1


def all_checks() -> list[Check]:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import qVersion

    checks = [
        Check("etprio", f"{__version__} ({installation()})"),
        Check("Python", f"{platform.python_version()} ({sys.executable})"),
        Check("System", platform.platform()),
        Check("Qt", f"{qVersion()} (PySide6 {pyside_version})"),
        Check("Qt platform", expected_platform(os.environ)),
    ]
    libraries = x11_libraries()
    if libraries is not None:
        checks.append(libraries)
    display = display_check(probe_display() if libraries is None or libraries.ok else None)
    checks += display
    checks.append(bundled_fonts())
    checks += folder_checks()
    checks += [library_version(name) for name in KEY_LIBRARIES]
    return checks


def installation() -> str:
    if getattr(sys, "frozen", False):
        return f"packaged app in {Path(sys.executable).parent}"
    return f"Python package in {Path(__file__).resolve().parents[1]}"


def expected_platform(environ: Mapping[str, str]) -> str:
    """The Qt platform plugin the app will start with, and why."""
    from etprio.gui.system_libraries import platform_will_be_xcb

    requested = environ.get("QT_QPA_PLATFORM")
    if requested:
        return f"{requested} (from QT_QPA_PLATFORM)"
    if sys.platform == "win32":
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    return "xcb (X11)" if platform_will_be_xcb(environ) else "wayland (Wayland session)"


def x11_libraries() -> Check | None:
    """On Linux under X11, whether Qt's xcb plugin finds all its system libraries; None
    where that plugin is not used."""
    from etprio.gui.system_libraries import (
        linker_report,
        missing_library_message,
        missing_sonames,
        platform_will_be_xcb,
        this_distribution,
        xcb_plugin,
    )

    if not platform_will_be_xcb(os.environ):
        return None
    plugin = xcb_plugin()
    output = linker_report(plugin)
    if output is None:
        return Check("X11 libraries", f"not checked (no ldd, or no {plugin})")
    missing = missing_sonames(output)
    if missing:
        message = missing_library_message(missing, this_distribution())
        return Check("X11 libraries", message.removeprefix("etprio: "), ok=False)
    return Check("X11 libraries", "all present")


def probe_command() -> list[str]:
    """This same etprio, in a child process, asked to open the display."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "doctor", "--probe-display"]
    return [sys.executable, "-m", "etprio", "doctor", "--probe-display"]


def probe_display() -> subprocess.CompletedProcess[str] | str:
    """The child's result, or why it could not be run."""
    try:
        return subprocess.run(
            probe_command(), capture_output=True, text=True, timeout=PROBE_TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return f"no answer within {PROBE_TIMEOUT_S} s"
    except OSError as exc:
        return f"could not be tried: {exc.strerror or exc}"


def display_check(probe: subprocess.CompletedProcess[str] | str | None) -> list[Check]:
    """The display line and, when Qt started, the fonts it can draw with."""
    if probe is None:
        return [Check("Display", "not tried: X11 libraries are missing", ok=False)]
    if isinstance(probe, str):
        return [Check("Display", f"does not work: {probe}", ok=False)]
    facts = _facts(probe.stdout) if probe.returncode == 0 else None
    if facts is None:
        return [Check("Display", f"does not work: {first_line(probe.stderr)}", ok=False)]
    screen = f"{facts['width']}×{facts['height']} at {facts['dpi']} dpi"
    families = facts["font_families"] if isinstance(facts["font_families"], int) else 0
    return [
        Check("Display", f"works: {facts['platform']}, {facts['screens']} screen(s), {screen}"),
        Check(
            "Screen fonts",
            f"{families} families, default {facts['default_font'] or 'none'}",
            ok=families > 0,
        ),
    ]


def _facts(stdout: str) -> dict[str, object] | None:
    lines = stdout.strip().splitlines()
    try:
        facts = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None
    return facts if isinstance(facts, dict) else None


def first_line(stderr: str) -> str:
    """Qt's own words for the failure: its first line, or how the process ended."""
    for line in stderr.splitlines():
        if line.strip():
            return line.strip()[:300]
    return "the display could not be opened"


def bundled_fonts() -> Check:
    """The fonts the submission PDF embeds (for £ and Welsh characters)."""
    from etprio.core.resources import resource_path

    try:
        fonts = sorted(resource_path("fonts").glob("*.ttf"))
    except FileNotFoundError as exc:
        return Check("PDF fonts", str(exc), ok=False)
    if not fonts:
        return Check("PDF fonts", f"missing from {resource_path('fonts')}", ok=False)
    return Check("PDF fonts", f"{len(fonts)} files in {fonts[0].parent}")


def folder_checks() -> list[Check]:
    """The folders etprio writes to on its own (project files go wherever the user saves
    them), each created if need be and tried with a temporary file."""
    from platformdirs import user_cache_path, user_log_path
    from PySide6.QtCore import QSettings

    from etprio.core.project.recovery import recovery_folder

    checks = []
    settings = QSettings("etprio", "etprio").fileName()
    if Path(settings).is_absolute():  # on Windows the settings live in the registry
        checks.append(writable("Settings", Path(settings).parent))
    else:
        checks.append(Check("Settings", f"registry {settings}"))
    checks.append(writable("Autosaves", recovery_folder()))
    checks.append(writable("Logs", user_log_path("etprio", appauthor=False)))
    checks.append(writable("Cache", user_cache_path("etprio", appauthor=False)))
    return checks


def writable(name: str, folder: Path) -> Check:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        return Check(name, f"{folder} is not writable: {exc.strerror or exc}", ok=False)
    return Check(name, f"{folder} (writable)")


def library_version(name: str) -> Check:
    try:
        return Check(name, version(name))
    except PackageNotFoundError:
        return Check(name, "not installed", ok=False)


def report(checks: list[Check]) -> str:
    width = max(len(check.name) for check in checks)
    lines = [f"{'ok' if c.ok else '!!'}  {c.name:<{width}}  {c.value}" for c in checks]
    problems = [check.name for check in checks if not check.ok]
    if problems:
        lines.append(f"{len(problems)} problem(s): {', '.join(problems)}")
    else:
        lines.append("No problems found.")
    return "\n".join(lines)
