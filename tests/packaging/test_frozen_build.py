"""The frozen one-folder app behaves like the source tree (issue "Packaging for locked-down
NHS Windows laptops"): it is what most users will run, on machines where nobody can debug it.

Slow (a PyInstaller build, 2-4 minutes on two cores), so marked ``slow`` and run by
``.ci/packaging``: ``uv run --group packaging pytest -m slow tests/packaging -q``. With
``ETPRIO_FROZEN_APP=dist/etprio`` the tests check that folder instead of building one.
"""

from __future__ import annotations

import importlib.util
import json
import os
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
    """The app built once for this module into a temporary folder, or the one already built
    that ``ETPRIO_FROZEN_APP`` names."""
    if os.environ.get("ETPRIO_FROZEN_APP"):
        return Path(os.environ["ETPRIO_FROZEN_APP"])
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


def test_folder_stays_within_its_size_budget(build_script: ModuleType, frozen_app: Path) -> None:
    total = build_script.report_size(frozen_app)
    assert total <= build_script.SIZE_BUDGET_MB * 1_000_000


def test_plotting_libraries_are_left_out(frozen_app: Path) -> None:
    internal = frozen_app / "_internal"
    for name in ("matplotlib", "seaborn"):
        assert not (internal / name).exists(), name
        assert not list(internal.glob(f"{name}-*.dist-info")), name


def test_licences_travel_with_the_app(frozen_app: Path) -> None:
    licences = frozen_app / "_internal" / "licenses"
    assert (licences / "etprio" / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    notice = (licences / "Qt" / "NOTICE.txt").read_text(encoding="utf-8")
    assert "GNU Lesser General Public License version 3" in notice
    lgpl = (licences / "Qt" / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl
    assert "GNU GENERAL PUBLIC LICENSE" in (licences / "Qt" / "GPL-3.0.txt").read_text("utf-8")
    font = (licences / "fonts" / "LICENSE-LiberationSans.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in font
    index = (licences / "README.txt").read_text(encoding="utf-8")
    for component in ("etprio", "Qt", "numpy", "scikit-criteria", "reportlab"):
        assert f"\n{component} " in index, component
    assert "matplotlib" not in index
    assert "seaborn" not in index


def test_doctor_reports_a_working_frozen_app(
    build_script: ModuleType, frozen_app: Path, sandbox: dict[str, str]
) -> None:
    result = run_frozen(
        build_script, frozen_app, "etprio", "doctor", "--format", "json", env=sandbox
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checks = {check["name"]: check["value"] for check in json.loads(result.stdout)["checks"]}
    assert checks["etprio"].startswith(f"{etprio.__version__} (packaged app in ")
    assert checks["Display"].startswith("works: offscreen")
    assert checks["scikit-criteria"] != "not installed"
