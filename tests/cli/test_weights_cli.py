"""``etprio weights PROJECT``: members' weights and what each member's weights would fund."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.project.demo_project import demo_project
from etprio.core.project.member_funding import project_member_funding
from etprio.core.project.settings import FundingSettings
from etprio.core.project.store import save_project
from tests.project_builders import sample_project


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo committee's answers, with budgets saved in the project."""
    project = demo_project()
    project.settings = replace(project.settings, funding=FundingSettings(4_500_000, 250_000))
    path = tmp_path_factory.mktemp("weights") / "demo.etprio"
    save_project(project, path)
    project.close()
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_table_shows_the_spread_each_member_and_the_robust_core(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "weights", demo_file)
    assert code == 0
    assert "Committee" in out and "Middle half" in out
    assert "M04 Dr Rajesh Patel (pairwise comparisons, consistency ratio" in out
    assert "£4,500,000 of capital" in out
    assert "funded under every member's weights" in out
    assert "7 of 7" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_json_matches_the_core_and_uses_the_saved_budgets(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "weights", demo_file, "--format", "json")
    assert code == 0
    data = json.loads(out)
    from etprio.core.project.store import open_project

    with open_project(demo_file, read_only=True) as project:
        expected = project_member_funding(project)
    assert data["capital_envelope"] == 4_500_000
    assert data["robust_core"] == list(expected.robust_core)
    assert data["depends"] == list(expected.depends)
    assert data["funded_by_none"] == list(expected.funded_by_none)
    assert len(data["members"]) == 7
    assert sum(c["committee"] for c in data["criteria"]) == pytest.approx(1.0)
    for bid in data["bids"]:
        member_funded = [m["member_id"] for m in data["members"] if bid["bid_id"] in m["funded"]]
        assert bid["funded_under"] == member_funded


def test_budgets_on_the_command_line_override_the_saved_ones(
    demo_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(
        capsys,
        "weights",
        demo_file,
        "--capital",
        "£100m",
        "--recurrent",
        "£10m",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert data["capital_envelope"] == 100_000_000
    assert data["funded_by_none"] == [] and data["depends"] == []


def test_without_budgets_only_the_rankings_are_shown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = demo_project()
    project.settings = replace(project.settings, funding=FundingSettings())
    path = tmp_path / "no-budgets.etprio"
    save_project(project, path)
    project.close()
    code, out, _ = run(capsys, "weights", path)
    assert code == 0
    assert "No budgets set" in out and "Funded under" not in out


@pytest.mark.parametrize(
    ("argv", "exit_code", "message"),
    [
        (["--capital", "£1m"], 2, "--capital and --recurrent go together"),
        ([], 3, "no member has answered the weighting questions yet"),
    ],
)
def test_mistakes_are_explained_with_an_exit_code(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    exit_code: int,
    message: str,
) -> None:
    project = sample_project()
    path = tmp_path / "p.etprio"
    save_project(project, path)
    project.close()
    code, _, err = run(capsys, "weights", path, *argv)
    assert code == exit_code and message in err


def test_a_file_that_is_not_a_project_is_refused_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_text("bid_id\nB01\n", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "etprio", "weights", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3 and "Traceback" not in result.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "etprio", "weights", str(tmp_path / "none.etprio")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert missing.returncode == 4 and "no such file" in missing.stderr
