"""The frozen one-folder app behaves like the source tree (issue "Packaging for locked-down
NHS Windows laptops"): it is what most users will run, on machines where nobody can debug it.

Slow (a PyInstaller build, 2-4 minutes on two cores), so marked ``slow`` and run by
``.ci/packaging``: ``uv run --group packaging pytest -m slow tests/packaging -q``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import etprio

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]


def _build_script() -> ModuleType:
    """packaging/build.py, loaded by path: ``import packaging`` is the PyPI library."""
    spec = importlib.util.spec_from_file_location("etprio_build", ROOT / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build_script() -> ModuleType:
    pytest.importorskip(
        "PyInstaller",
        reason="PyInstaller is in the `packaging` dependency group: uv sync --group packaging",
    )
    return _build_script()


@pytest.fixture(scope="module")
def frozen_app(build_script: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app built once for this module, into a temporary folder."""
    base = tmp_path_factory.mktemp("frozen")
    return build_script.build(base / "dist", base / "work")


@pytest.fixture
def sandbox(build_script: ModuleType, tmp_path: Path) -> dict[str, str]:
    """Headless, with settings, logs and caches under tmp_path rather than the user's."""
    return build_script.smoke_environment(tmp_path)


def run_frozen(
    build_script: ModuleType, app: Path, name: str, *args: str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    result: subprocess.CompletedProcess[str] = build_script.run_frozen(
        build_script.executable(app, name), *args, env=env
    )
    return result


def from_source(*args: str) -> Any:
    """What the source tree prints as JSON for the same command."""
    result = subprocess.run(
        [sys.executable, "-m", "etprio", *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_resources_are_bundled_where_resource_lookup_finds_them(frozen_app: Path) -> None:
    resources = frozen_app / "_internal" / "resources"  # sys._MEIPASS / "resources"
    for name in ("criteria/ettf-2016.toml", "scales/six-facet.toml", "demo/bids.csv"):
        assert (resources / name).is_file(), name
    assert list((resources / "fonts").glob("*.ttf"))
    assert (resources / "icons" / "etprio.svg").is_file()


def test_version(build_script: ModuleType, frozen_app: Path, sandbox: dict[str, str]) -> None:
    result = run_frozen(build_script, frozen_app, "etprio", "--version", env=sandbox)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"etprio {etprio.__version__}"


@pytest.mark.parametrize("method", ["wsm", "topsis"])  # topsis: scikit-criteria is bundled
def test_rank_json_matches_source(
    build_script: ModuleType, frozen_app: Path, sandbox: dict[str, str], method: str
) -> None:
    args = ("rank", "--demo", "--method", method, "--format", "json")
    result = run_frozen(build_script, frozen_app, "etprio", *args, env=sandbox)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == from_source(*args)


def test_user_error_is_a_message_not_a_traceback(
    build_script: ModuleType, frozen_app: Path, sandbox: dict[str, str]
) -> None:
    args = ("rank", "--demo", "--weights", "no_such_criterion=1")
    result = run_frozen(build_script, frozen_app, "etprio", *args, env=sandbox)
    assert result.returncode == 2  # CONTRACT §4: unknown weight key is a usage error
    assert "Traceback" not in result.stderr
    assert "no_such_criterion" in result.stderr


def test_gui_starts_offscreen_and_exits_cleanly(
    build_script: ModuleType, frozen_app: Path, sandbox: dict[str, str]
) -> None:
    result = run_frozen(build_script, frozen_app, "etprio-gui", env=sandbox)
    assert result.returncode == 0, result.stderr
    assert build_script.SMOKE_MARKER in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
