"""Weighting questions offline: ``etprio weights-pack`` writes a workbook per member and
``etprio weights-import`` records the filled-in ones, with provenance, all or nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from etprio.cli import main
from etprio.core.committee.weights_pack import FIRST_ROW, SHEET
from etprio.core.project.store import open_project, save_project
from tests.project_builders import sample_project


@pytest.fixture
def project_file(tmp_path: Path) -> Path:
    path = tmp_path / "p.etprio"
    project = sample_project()
    save_project(project, path)
    project.close()
    return path


def fill(path: Path, points: dict[str, object]) -> None:
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    for row in range(FIRST_ROW, sheet.max_row + 1):
        key = sheet.cell(row, 1).value
        if key in points:
            sheet.cell(row, 3, points[key])
    workbook.save(path)


def test_a_filled_in_workbook_is_recorded_with_its_file_and_sha256(
    tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["weights-pack", str(project_file), "-o", str(tmp_path / "pack")]) == 0
    workbook = tmp_path / "pack" / "weights-M02.xlsx"
    assert workbook.exists() and (tmp_path / "pack" / "weights-M06.xlsx").exists()
    fill(workbook, {"access": 100, "deliverability": 50})
    digest = hashlib.sha256(workbook.read_bytes()).hexdigest()
    assert main(["weights-import", str(project_file), str(workbook)]) == 0
    assert "David Fenwick: answers recorded" in capsys.readouterr().out
    with open_project(project_file, read_only=True) as project:
        answers = project.committee.weight_answers_of("M02")
        assert answers is not None and dict(answers.swing) == {
            "access": 100.0,
            "deliverability": 50.0,
        }
        assert answers.source == f"workbook weights-M02.xlsx, SHA-256 {digest}"
        entry = project.log.entries[-1]
        assert entry.action == "weight_answers" and digest in entry.details["source"]
        assert entry.rationale == "returned in weights-M02.xlsx"
    assert main(["weights-pack", str(project_file), "-o", str(tmp_path / "again")]) == 0
    again = load_workbook(tmp_path / "again" / "weights-M02.xlsx")[SHEET]
    assert again.cell(FIRST_ROW, 3).value == 100  # earlier answers come back filled in


def test_a_workbook_with_problems_records_nothing_and_names_each_cell(
    tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["weights-pack", str(project_file), "-o", str(tmp_path)])
    workbook = tmp_path / "weights-M01.xlsx"
    fill(workbook, {"access": 120, "training": "lots"})
    before = project_file.read_bytes()
    assert main(["weights-import", str(project_file), str(workbook)]) == 3
    err = capsys.readouterr().err
    assert f"{workbook}:{FIRST_ROW}:points: 120 is not between 0 and 100" in err
    assert f"{workbook}:{FIRST_ROW + 2}:points: 'lots' is not a number" in err
    assert project_file.read_bytes() == before


def test_a_file_that_is_not_a_weighting_workbook_is_refused(
    tmp_path: Path, project_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "notes.xlsx"
    other.write_text("not a workbook", "utf-8")
    assert main(["weights-import", str(project_file), str(other)]) == 3
    assert "not a weighting workbook" in capsys.readouterr().err
