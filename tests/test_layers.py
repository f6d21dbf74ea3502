"""DESIGN "Shape": the layers hold (import-linter's contracts in pyproject.toml, checked in
CI), a new import across them fails the check, and the app starts without the heavy
libraries that only some commands need."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    """import-linter on the etprio package found in ``tree``, with its pyproject.toml."""
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(tree / "pyproject.toml")],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("tree")
    shutil.copytree(ROOT / "etprio", tree / "etprio", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tree / "pyproject.toml")
    return tree


def test_the_layers_hold(tree_copy: Path) -> None:
    result = _lint_imports(tree_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "imported", "contract"),
    [
        ("core/leak.py", "etprio.gui.session", "The core imports no other part of etprio"),
        ("core/leak.py", "etprio.report.tables", "The core imports no other part of etprio"),
        ("core/leak.py", "etprio.cli.common", "The core imports no other part of etprio"),
        ("report/leak.py", "etprio.gui.style", "The report never imports the app"),
        ("report/leak.py", "etprio.cli.common", "The report never imports the app"),
        ("cli/leak.py", "etprio.gui.session", "The command line reaches the app only"),
        ("cli/gui.py", "etprio.gui.main_window", "The command line reaches the app only"),
        ("report/leak.py", "PySide6.QtGui", "Only the app imports Qt"),
        ("core/leak.py", "pyqtgraph", "Only the app imports Qt"),
    ],
)
def test_a_new_cross_layer_import_fails(
    tree_copy: Path, module: str, imported: str, contract: str
) -> None:
    path = tree_copy / "etprio" / module
    before = path.read_text(encoding="utf-8") if path.exists() else None
    path.write_text(f"{before or ''}\nimport {imported}\n", encoding="utf-8")
    try:
        result = _lint_imports(tree_copy)
    finally:
        if before is None:
            path.unlink()
        else:
            path.write_text(before, encoding="utf-8")
    assert result.returncode != 0
    broken = [line for line in result.stdout.splitlines() if " BROKEN" in line]
    assert any(line.startswith(contract) for line in broken), result.stdout


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


def test_scoring_path_does_not_load_scikit_criteria() -> None:
    loaded = _loaded_after_import(
        ["etprio.core.scoring.values", "etprio.core.scoring.weighted_sum", "etprio.cli"]
    )
    assert "skcriteria" not in loaded
    assert "reportlab" not in loaded
