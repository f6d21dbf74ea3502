"""DESIGN "Shape": the core and the report never import Qt, and the app starts without the
heavy libraries that only some commands need."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import etprio.core
import etprio.report

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph")


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m.split('.')[0] for m in sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout))


def _all_modules(package) -> list[str]:
    return [
        info.name for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
    ]


def test_core_and_report_never_import_qt():
    loaded = _loaded_after_import(_all_modules(etprio.core) + _all_modules(etprio.report))
    assert not loaded & set(QT_MODULES)


def test_scoring_path_does_not_load_scikit_criteria():
    loaded = _loaded_after_import(["etprio.core.values", "etprio.core.scoring", "etprio.cli"])
    assert "skcriteria" not in loaded
    assert "reportlab" not in loaded
