"""CONTRIBUTING.md draws the core's layers by hand; import-linter enforces them from
pyproject.toml. A newcomer reads the drawing, so it must say what the contract checks."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["id"] == "core-layers"]
    return [layer.removeprefix("etprio.") for layer in layers]


def _drawn_layers() -> list[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    drawing = text.split("<!-- layers:", 1)[1].split("<!-- /layers -->", 1)[0]
    return re.findall(r"\b(core\.[a-z_]+)\b", drawing)


def test_the_drawing_of_the_layers_is_the_contract_top_first():
    assert _drawn_layers() == _contract_layers()


def test_every_core_package_is_in_a_layer():
    packages = sorted(
        f"core.{path.parent.name}" for path in (ROOT / "etprio" / "core").glob("*/__init__.py")
    )
    assert sorted(_contract_layers()) == packages
