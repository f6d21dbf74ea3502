"""The licences the frozen app must carry, gathered by ``etprio.spec`` into ``licenses/``.

Whoever receives the folder receives Python, Qt and some thirty libraries, each of which
asks that its licence travel with it; Qt (through PySide6) is under the LGPL, which also
asks for a notice of what is used, where its source is, and that the user may swap the
Qt libraries for their own build. The layout, inside the app's ``_internal`` folder:

    licenses/README.txt            every component, its version and its licence
    licenses/etprio/LICENSE        etprio's own (MIT)
    licenses/Qt/                   the LGPL notice, LGPL-3.0.txt and GPL-3.0.txt
    licenses/fonts/                Liberation Sans (SIL Open Font License 1.1)
    licenses/Python/LICENSE.txt    the Python interpreter's
    licenses/<distribution>/...    what each bundled library ships in its .dist-info

Only libraries that PyInstaller actually bundled are listed, so a library left out of the
build (matplotlib, seaborn) takes no licence with it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from importlib.metadata import Distribution, distribution, packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "licenses"
FOLDER = "licenses"
_LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|AUTHORS)", re.IGNORECASE)
_QT_DISTRIBUTIONS = {"pyside6-essentials", "pyside6", "shiboken6"}


def bundled_distributions(top_level_names: Iterable[str]) -> list[Distribution]:
    """The installed distributions that provide these top-level modules, each once, sorted
    by name; modules of the standard library or of etprio itself have none."""
    providers = packages_distributions()
    names = {dist for name in top_level_names for dist in providers.get(name, [])}
    names.discard("etprio")
    return sorted((distribution(name) for name in names), key=lambda d: d.metadata["Name"].lower())


def licence_summary(dist: Distribution) -> str:
    """A distribution's licence in a few words: its SPDX expression when it declares one,
    else a one-line License field, else its trove classifier."""
    metadata = dist.metadata
    expression = metadata.get("License-Expression")
    if expression:
        return expression
    text = (metadata.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    for classifier in metadata.get_all("Classifier") or []:
        if classifier.startswith("License ::"):
            return classifier.split(" :: ")[-1]
    return "see the files in this folder"


def licence_files(dist: Distribution) -> dict[str, Path]:
    """The licence, copying, notice and authors files a distribution installed with its
    metadata, by their path under ``*.dist-info/licenses/`` (or ``*.dist-info/``): numpy,
    for one, ships a dozen files that are all called LICENSE.txt."""
    found = {}
    for entry in dist.files or []:
        parts = Path(entry).parts
        if not parts[0].endswith(".dist-info"):
            continue
        inner = parts[2:] if len(parts) > 2 and parts[1] == "licenses" else parts[1:]
        if parts[1] == "licenses" or (len(inner) == 1 and _LICENCE_NAME.match(inner[0])):
            found["/".join(inner)] = Path(str(dist.locate_file(entry)))
    return dict(sorted(found.items()))


def qt_notice(qt_version: str, pyside_version: str) -> str:
    """What the LGPL asks a binary distribution of Qt to tell its user."""
    return f"""\
Qt {qt_version} and Qt for Python (PySide6, shiboken6) {pyside_version}
Copyright (C) The Qt Company Ltd. and other contributors.

etprio uses the Qt libraries under the GNU Lesser General Public License version 3
(LGPL-3.0-only), whose text is in LGPL-3.0.txt beside this file; the LGPL builds on the GNU
General Public License version 3, in GPL-3.0.txt.

The Qt libraries are the unmodified ones from the PySide6-Essentials {pyside_version} wheel,
dynamically linked, in the PySide6 folder of this application ("PySide6/Qt/lib" on Linux and
macOS, "PySide6" on Windows). You may replace them with your own build of the same Qt
version, including one you have modified.

Source code:
  Qt           https://download.qt.io/official_releases/qt/
  Qt for Python https://download.qt.io/official_releases/QtForPython/
               https://code.qt.io/cgit/pyside/pyside-setup.git/
The Qt Company's licensing: https://www.qt.io/licensing/
"""


def readme(entries: list[tuple[str, str, str]]) -> str:
    """The index: one line per component with its version and licence."""
    width = max(len(name) for name, _, _ in entries)
    lines = [
        "etprio and the software it includes, with their licences.",
        "Each component's licence texts are in the folder of the same name.",
        "",
    ]
    lines += [f"{name:<{width}}  {version:<12}  {licence}" for name, version, licence in entries]
    return "\n".join(lines) + "\n"


def python_licence() -> Path | None:
    """The interpreter's own LICENSE.txt (Linux and macOS keep it in lib/python3.X/)."""
    version = f"python{sys.version_info[0]}.{sys.version_info[1]}"
    for candidate in (
        Path(sys.base_prefix) / "lib" / version / "LICENSE.txt",
        Path(sys.base_prefix) / "LICENSE.txt",
    ):
        if candidate.is_file():
            return candidate
    return None


def licence_datas(
    top_level_names: Iterable[str], work: Path, *, qt_version: str, etprio_version: str
) -> list[tuple[str, Path]]:
    """(path in the app folder, source file) for every licence the folder needs. Generated
    files (the Qt notice, the index) are written under ``work``."""
    work.mkdir(parents=True, exist_ok=True)
    datas = [(f"{FOLDER}/etprio/LICENSE", ROOT / "LICENSE")]
    entries = [("etprio", etprio_version, "MIT")]
    interpreter = python_licence()
    if interpreter is not None:
        datas.append((f"{FOLDER}/Python/LICENSE.txt", interpreter))
    entries.append(("Python", sys.version.split()[0], "PSF-2.0"))
    for font in sorted((ROOT / "resources" / "fonts").glob("LICENSE*")):
        datas.append((f"{FOLDER}/fonts/{font.name}", font))
    entries.append(("Liberation Sans (fonts)", "2.1.5", "OFL-1.1"))

    pyside_version = ""
    for dist in bundled_distributions(top_level_names):
        name, version = dist.metadata["Name"], dist.version
        entries.append((name, version, licence_summary(dist)))
        datas += [(f"{FOLDER}/{name}/{inner}", path) for inner, path in licence_files(dist).items()]
        if re.sub(r"[-_.]+", "-", name).lower() in _QT_DISTRIBUTIONS:
            pyside_version = version
    if pyside_version:
        notice = work / "Qt-NOTICE.txt"
        notice.write_text(qt_notice(qt_version, pyside_version), encoding="utf-8")
        datas.append((f"{FOLDER}/Qt/NOTICE.txt", notice))
        datas += [(f"{FOLDER}/Qt/{text}", HERE / text) for text in ("LGPL-3.0.txt", "GPL-3.0.txt")]
        entries.append(("Qt", qt_version, "LGPL-3.0-only"))
    index = work / "licenses-README.txt"
    index.write_text(readme(entries), encoding="utf-8")
    datas.append((f"{FOLDER}/README.txt", index))
    return datas
