"""The frozen app leaves matplotlib and seaborn out; the TOPSIS view must not notice.

Fast: instead of building, a fresh interpreter is made unable to import either library, as
in the frozen folder, and given the frozen app's stand-in (``packaging/launchers``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etprio.cli import main

LAUNCHERS = Path(__file__).resolve().parents[2] / "packaging" / "launchers"
RANK_TOPSIS = ["rank", "--demo", "--method", "topsis", "--format", "json"]

WITHOUT_PLOTTING = f"""
import importlib.abc, sys

class LeftOutOfTheBuild(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name.split(".")[0] in {{"matplotlib", "seaborn"}}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, LeftOutOfTheBuild())
sys.path.insert(0, {str(LAUNCHERS)!r})
from frozen_setup import stand_in_for_plotting
stand_in_for_plotting()
from etprio.cli import main
code = main({RANK_TOPSIS!r})
assert "matplotlib" not in sys.modules, "matplotlib was imported"
try:
    sys.modules["seaborn"].heatmap
except ImportError as exc:
    print(exc, file=sys.stderr)
sys.exit(code)
"""


def test_topsis_view_works_without_matplotlib_and_seaborn(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_PLOTTING],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "seaborn is not part of the packaged etprio (heatmap)" in result.stderr
    assert main(RANK_TOPSIS) == 0
    assert json.loads(result.stdout) == json.loads(capsys.readouterr().out)
