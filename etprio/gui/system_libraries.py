"""Whether Qt's X11 platform plugin can load, found out before Qt tries.

Qt's xcb plugin links small X11 libraries that a bare Debian, Ubuntu or Fedora install
lacks. When one is missing Qt aborts with a paragraph naming only the first, so a newcomer
installs them one at a time. Asking the dynamic linker (``ldd``) about the plugin finds
every missing library at once and turns them into one install command.

Qt-free on purpose: it must run before anything loads a Qt platform plugin.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SystemLibrary:
    """A shared library Qt's xcb plugin links, and the package that provides it."""

    soname: str
    debian: str
    fedora: str


# What Qt 6 documents under "Qt for X11 Requirements" beyond the X11 basics every desktop
# has; README.md ("On Linux") lists the same packages, and a test keeps the two equal.
XCB_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
)
_BY_SONAME = {library.soname: library for library in XCB_LIBRARIES}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_SONAME = re.compile(r"^(?P<name>.+)\.so\.(?P<version>[0-9.]+)$")

DEBIAN = "debian"
FEDORA = "fedora"


def platform_will_be_xcb(environ: Mapping[str, str], system: str = sys.platform) -> bool:
    """Whether Qt will pick its X11 plugin: on Linux, unless QT_QPA_PLATFORM names another
    first (offscreen, minimal, wayland...) or, unset, the session is Wayland (Qt 6 then
    prefers its Wayland plugin)."""
    if not system.startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return re.split(r"[;:]", requested, maxsplit=1)[0].strip() == "xcb"
    wayland = environ.get("XDG_SESSION_TYPE") == "wayland" and bool(environ.get("WAYLAND_DISPLAY"))
    return not wayland


def missing_sonames(ldd_output: str) -> list[str]:
    """The libraries ``ldd`` could not find, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def linker_report(plugin: Path) -> str | None:
    """What ``ldd`` says about ``plugin``'s libraries, or None when that cannot be known
    (no ldd, no plugin, ldd failing): then Qt is left to speak for itself."""
    ldd = shutil.which("ldd")
    if ldd is None or not plugin.is_file():
        return None
    try:
        result = subprocess.run(
            [ldd, str(plugin)], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout


def distribution_family(os_release: Mapping[str, str]) -> str | None:
    """``debian`` (Debian, Ubuntu, Mint...), ``fedora`` (Fedora, RHEL, Rocky...) or None."""
    names = {os_release.get("ID", ""), *os_release.get("ID_LIKE", "").split()}
    if names & {"debian", "ubuntu"}:
        return DEBIAN
    if names & {"fedora", "rhel", "centos"}:
        return FEDORA
    return None


def this_distribution() -> str | None:
    try:
        return distribution_family(platform.freedesktop_os_release())
    except OSError:
        return None


def package_for(soname: str, family: str) -> str:
    """The package providing ``soname``: from the table for Qt's xcb libraries; otherwise
    Debian's naming rule (``libfoo.so.1`` is in ``libfoo1``, ``libfoo-x11.so.0`` in
    ``libfoo-x11-0``) or what an RPM provides for a 64-bit library, which dnf accepts."""
    known = _BY_SONAME.get(soname)
    if known is not None:
        return known.debian if family == DEBIAN else known.fedora
    if family == FEDORA:
        return f"'{soname}()(64bit)'"
    match = _SONAME.match(soname)
    if match is None:
        return soname
    name, version = match["name"].lower(), match["version"].split(".")[0]
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def install_command(sonames: Iterable[str], family: str) -> str:
    """``sudo apt install ...`` or ``sudo dnf install ...``, each package once."""
    packages = dict.fromkeys(package_for(soname, family) for soname in sonames)
    tool = "apt" if family == DEBIAN else "dnf"
    return f"sudo {tool} install {' '.join(packages)}"


def missing_library_message(sonames: list[str], family: str | None) -> str:
    """One line naming what is missing and the command that installs all of it."""
    if family is None:
        command = (
            f"{install_command(sonames, DEBIAN)} (Debian, Ubuntu) "
            f"or {install_command(sonames, FEDORA)} (Fedora)"
        )
    else:
        command = install_command(sonames, family)
    listed = ", ".join(sonames)
    return f"etprio: the desktop app needs system libraries that are missing ({listed}): {command}"


def xcb_plugin() -> Path:
    """Qt's X11 platform plugin, wherever this Qt keeps its plugins (a wheel, a frozen
    build, a distribution's Qt). Only QtCore is loaded to ask."""
    from PySide6.QtCore import QLibraryInfo

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    return plugins / "platforms" / "libqxcb.so"


def display_problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the desktop app cannot open its window here, in one line, or None when nothing
    stands in the way that can be seen before Qt starts."""
    environ = os.environ if environ is None else environ
    if not platform_will_be_xcb(environ):
        return None
    report = linker_report(xcb_plugin())
    missing = missing_sonames(report) if report is not None else []
    if missing:
        return missing_library_message(missing, this_distribution())
    if not environ.get("DISPLAY"):
        return (
            "etprio: there is no display to open the window on (DISPLAY is not set); "
            "the command line works without one: etprio --help"
        )
    return None
