"""CONTRACT §4 ``etprio new`` and ``etprio verify`` from the outside, as a user runs them,
and ``--project`` as DATA."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from etprio.core.resources import demo_bids_path, demo_survey_path

REPO = Path(__file__).resolve().parents[2]
ETPRIO = (
    ["uv", "run", "--quiet", "etprio"] if shutil.which("uv") else [sys.executable, "-m", "etprio"]
)


def etprio(*argv: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [*ETPRIO, *map(str, argv)], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in result.stderr
    return result


@pytest.fixture(scope="module")
def demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.etprio"
    result = etprio("new", path, "--bids", demo_bids_path(), "--survey", demo_survey_path())
    assert result.returncode == 0, result.stderr
    assert f"created {path}" in result.stdout and "25 bids" in result.stdout
    return path


def copy_of(path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / path.name
    shutil.copyfile(path, copy)
    return copy


def test_new_then_verify(demo_project: Path) -> None:
    result = etprio("verify", demo_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "decision log intact (1 entry)" in result.stdout
    assert "25 bids" in result.stdout
    assert not Path(str(demo_project) + ".lock").exists(), "new must not leave its lock behind"


def test_new_refuses_to_overwrite(demo_project: Path) -> None:
    result = etprio("new", demo_project, "--bids", demo_bids_path(), "--survey", demo_survey_path())
    assert result.returncode == 2 and "--force" in result.stderr


def test_new_with_bad_data_writes_nothing(tmp_path: Path) -> None:
    bids = tmp_path / "bids.csv"
    bids.write_text("bid_id,title\nB01,x\n", encoding="utf-8")
    result = etprio("new", tmp_path / "p.etprio", "--bids", bids, "--survey", demo_survey_path())
    assert result.returncode == 3
    assert not (tmp_path / "p.etprio").exists()


def test_verify_names_a_tampered_entry(demo_project: Path, tmp_path: Path) -> None:
    path = copy_of(demo_project, tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TRIGGER decision_log_no_update")
        conn.execute("UPDATE decision_log SET actor = 'someone else' WHERE seq = 1")
    conn.close()
    result = etprio("verify", path)
    assert result.returncode == 3
    assert "broken at entry 1" in result.stdout


def test_verify_names_data_changed_outside_etprio(demo_project: Path, tmp_path: Path) -> None:
    path = copy_of(demo_project, tmp_path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE bids SET capital_cost_gbp = 1 WHERE position = 0")
    conn.close()
    result = etprio("verify", path)
    assert result.returncode == 3 and "changed outside etprio" in result.stdout
    assert "bids" in result.stdout


def test_verify_a_file_that_is_not_a_project() -> None:
    result = etprio("verify", demo_bids_path())
    assert result.returncode == 3 and "not an etprio project" in result.stderr


def test_verify_a_missing_file(tmp_path: Path) -> None:
    result = etprio("verify", tmp_path / "missing.etprio")
    assert result.returncode == 4 and "no such file" in result.stderr


def test_rank_from_the_project_matches_the_demo(demo_project: Path) -> None:
    from_project = json.loads(etprio("rank", "--project", demo_project, "--format", "json").stdout)
    from_demo = json.loads(etprio("rank", "--demo", "--format", "json").stdout)
    assert [b["bid_id"] for b in from_project["bids"]] == [b["bid_id"] for b in from_demo["bids"]]
    assert from_project["bids"] == from_demo["bids"]


def test_rank_reads_a_project_someone_has_open(demo_project: Path) -> None:
    from etprio.core.project.store import open_project

    with open_project(demo_project):
        result = etprio("rank", "--project", demo_project, "--format", "json")
    assert result.returncode == 0, result.stderr
