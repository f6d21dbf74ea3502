"""The licences gathered for the frozen folder (``packaging/third_party.py``), checked
without a build: the slow packaging tests check the built folder itself."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]


def _third_party() -> ModuleType:
    """Loaded by path: ``packaging`` is also the name of a PyPI library."""
    path = ROOT / "packaging" / "third_party.py"
    spec = importlib.util.spec_from_file_location("etprio_third_party", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bundled_libraries_bring_their_licences_and_qt_its_lgpl_notice(tmp_path: Path) -> None:
    datas = dict(
        _third_party().licence_datas(
            ["numpy", "PySide6", "shiboken6", "json"],
            tmp_path,
            qt_version="6.9.9",
            etprio_version="1.2.3",
        )
    )
    assert datas["licenses/etprio/LICENSE"] == ROOT / "LICENSE"
    assert datas["licenses/fonts/LICENSE-LiberationSans.txt"].is_file()
    assert {"licenses/Qt/LGPL-3.0.txt", "licenses/Qt/GPL-3.0.txt"} <= datas.keys()
    notice = datas["licenses/Qt/NOTICE.txt"].read_text(encoding="utf-8")
    assert notice.startswith("Qt 6.9.9 and Qt for Python")
    numpy_files = [dest for dest in datas if dest.startswith("licenses/numpy/")]
    assert len(numpy_files) > 1  # numpy's several LICENSE.txt files keep their own paths
    assert all(source.is_file() for source in datas.values())
    index = datas["licenses/README.txt"].read_text(encoding="utf-8").splitlines()
    names = [re.sub(r"[-_.]+", "-", line.split()[0]).lower() for line in index[3:]]
    assert names == [
        "etprio", "python", "liberation", "numpy", "pyside6-essentials", "shiboken6", "qt",
    ]  # fmt: skip
    assert index[3].split() == ["etprio", "1.2.3", "MIT"]


def test_libraries_left_out_of_the_build_bring_nothing(tmp_path: Path) -> None:
    datas = _third_party().licence_datas(
        ["numpy"], tmp_path, qt_version="6.9.9", etprio_version="1.2.3"
    )
    assert not any(dest.startswith("licenses/Qt/") for dest, _ in datas)
    assert not any("matplotlib" in dest for dest, _ in datas)
