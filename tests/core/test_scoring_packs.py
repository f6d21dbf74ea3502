"""Scoring packs for offline scoring: issued per member with conflicted bids locked,
filled in, returned and imported as minuted member scores; tampered, foreign, missing,
late and changed packs are reported."""

from __future__ import annotations

import hashlib
import statistics
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest

from etprio.cli import main
from etprio.core.errors import ImportFailed
from etprio.core.project.scoring_pack_returns import check_returns, import_commands, read_pack
from etprio.core.project.scoring_packs import (
    DETAILS_SHEET,
    HEADING_ROW,
    NOT_YOURS,
    SCORES_SHEET,
    issue_packs,
    last_issue,
)
from etprio.core.project.state import Project
from etprio.core.project.store import new_project, open_project, save_project
from tests.project_builders import CRITERIA, SCALES, sample_project

# access_score each member gives each bid; conflicted pairs are absent (M03: B01, B02
# through the dependency; M04: B03 by declaration).
GIVEN = {
    "M01": {"B01": 4, "B02": 2, "B03": 1, "B04": 3.5},
    "M02": {"B01": 2, "B02": 3, "B03": 4, "B04": 3},
    "M03": {"B03": 5, "B04": 1},
    "M04": {"B01": 5, "B02": 4, "B04": 2},
    "M05": {"B01": 3, "B02": 5, "B03": 2, "B04": 4},
}


@pytest.fixture
def project() -> Project:
    return sample_project()


def _fill(path: Path, scores: dict[str, float], column: str = "access_score") -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[SCORES_SHEET]
    headings = [cell.value for cell in sheet[HEADING_ROW]]
    position = next(i for i, h in enumerate(headings, 1) if h and h.endswith(f"({column})"))
    for row in range(HEADING_ROW + 1, sheet.max_row + 1):
        bid_id = sheet.cell(row, 1).value
        if bid_id in scores:
            sheet.cell(row, position, scores[bid_id])
    book.save(path)


def _packs(project: Project, folder: Path, **kwargs) -> dict[str, Path]:
    paths = issue_packs(project, folder, **kwargs)
    return {path.name.split("-")[2]: path for path in paths}


def test_one_pack_per_voting_member_with_conflicted_bids_locked(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    assert sorted(packs) == ["M01", "M02", "M03", "M04", "M05"]  # M06 is an observer
    book = openpyxl.load_workbook(packs["M03"])
    sheet = book[SCORES_SHEET]
    assert sheet.protection.sheet
    rows = {sheet.cell(r, 1).value: r for r in range(HEADING_ROW + 1, sheet.max_row + 1)}
    assert list(rows) == ["B01", "B02", "B03", "B04"]
    status = sheet.cell(HEADING_ROW, sheet.max_column).value
    assert status == "Status"
    for bid_id in ("B01", "B02"):
        assert sheet.cell(rows[bid_id], sheet.max_column).value.startswith(NOT_YOURS)
        assert sheet.cell(rows[bid_id], 6).protection.locked
    assert not sheet.cell(rows["B03"], 6).protection.locked
    assert "£250,000.50 capital" in sheet.cell(rows["B01"], 5).value
    details = book[DETAILS_SHEET]
    assert details.sheet_state == "veryHidden"
    assert dict(details.iter_rows(values_only=True))["member_id"] == "M03"
    rules = sheet.data_validations.dataValidation
    assert any((r.type, r.formula1, r.formula2) == ("decimal", "0", "5") for r in rules)


def test_titles_that_look_like_formulas_are_stored_as_text(project, tmp_path) -> None:
    from dataclasses import replace

    bids = list(project.imported.bids)
    bids[0] = replace(bids[0], title='=HYPERLINK("http://x","Click")')
    project.imported = replace(project.imported, bids=tuple(bids))
    packs = _packs(project, tmp_path)
    cell = openpyxl.load_workbook(packs["M01"])[SCORES_SHEET].cell(HEADING_ROW + 1, 2)
    assert (cell.value, cell.data_type) == ('\'=HYPERLINK("http://x","Click")', "s")


def test_returned_packs_give_each_bid_the_hand_computed_median_and_spread(
    project, tmp_path
) -> None:
    packs = _packs(project, tmp_path)
    for member, scores in GIVEN.items():
        _fill(packs[member], scores)
    returns = check_returns(project, packs.values())
    assert [p for p in returns.problems if p.is_error] == []
    assert returns.missing == ()
    for command in import_commands(returns):
        command.do(project)
    summaries = project.governance.scored.summaries
    for bid_id in ("B01", "B02", "B03", "B04"):
        given = [scores[bid_id] for scores in GIVEN.values() if bid_id in scores]
        summary = summaries[(bid_id, "access_score")]
        assert summary.value == statistics.median(given)
        assert (summary.minimum, summary.maximum, summary.n) == (min(given), max(given), len(given))
        assert summary.excluded == ()
    assert summaries[("B01", "access_score")].value == 3.5  # 4, 2, 5, 3
    bid = project.dataset.bids_by_id["B03"]
    assert bid.scores["access_score"] == 3  # 1, 4, 5, 2 — M04 conflicted


def test_each_import_is_minuted_with_file_name_and_sha256(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    _fill(packs["M01"], GIVEN["M01"])
    (command,) = import_commands(check_returns(project, [packs["M01"]]))
    entry = command.do(project)
    pack = entry.details["scoring_pack"]
    assert pack["file"] == packs["M01"].name
    assert pack["sha256"] == hashlib.sha256(packs["M01"].read_bytes()).hexdigest()
    assert {(s["bid_id"], s["score"]) for s in pack["scores"]} == set(GIVEN["M01"].items())
    assert entry.details["member_id"] == "M01"


def _tamper_details(path: Path, key: str, value: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book[DETAILS_SHEET]
    for row in sheet.iter_rows():
        if row[0].value == key:
            row[1].value = value
    book.save(path)


def _refusal(project: Project, path: Path, **kwargs) -> str:
    with pytest.raises(ImportFailed) as failed:
        read_pack(path, project, **kwargs)
    return " ".join(p.message for p in failed.value.problems if p.is_error)


def test_a_pack_passed_off_as_another_members_is_refused(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    _fill(packs["M01"], GIVEN["M01"])
    _tamper_details(packs["M01"], "member_id", "M02")
    assert "hidden details were changed" in _refusal(project, packs["M01"])


def test_a_score_typed_into_a_locked_row_is_refused(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    _fill(packs["M03"], {"B01": 5, "B03": 4})
    message = _refusal(project, packs["M03"])
    assert f"bid B01 is {NOT_YOURS} yet holds a score" in message


def test_rows_removed_from_a_pack_are_refused(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    book = openpyxl.load_workbook(packs["M02"])
    book[SCORES_SHEET].delete_rows(HEADING_ROW + 2)
    book.save(packs["M02"])
    assert "the bids listed were changed" in _refusal(project, packs["M02"])


def test_a_pack_for_another_member_or_project_is_refused(project, tmp_path) -> None:
    packs = _packs(project, tmp_path)
    _fill(packs["M01"], GIVEN["M01"])
    assert "Margaret Oduya's (M01), not David Fenwick's (M02)" in _refusal(
        project, packs["M01"], member_id="M02"
    )
    other = new_project(project.imported, CRITERIA, SCALES)
    other.committee = project.committee
    assert "issued by another project" in _refusal(other, packs["M01"])


def test_an_ordinary_workbook_is_not_a_pack(project, tmp_path) -> None:
    path = tmp_path / "scores.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["bid_id", "access_score"])
    book.save(path)
    assert "not a scoring pack issued by etprio" in _refusal(project, path)
    text = tmp_path / "scores.csv"
    text.write_text("bid_id,access_score\nB01,3\n", encoding="utf-8")
    assert "not an Excel workbook" in _refusal(project, text)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (300 * 1024 * 1024))
    assert "not an Excel workbook" in _refusal(project, bomb)


def test_missing_late_unchanged_and_changed_packs_are_reported(project, tmp_path) -> None:
    packs = _packs(project, tmp_path, deadline=datetime(2016, 6, 20, 17, tzinfo=UTC))
    assert last_issue(project).deadline == "2016-06-20T17:00:00Z"
    _fill(packs["M01"], GIVEN["M01"])
    _fill(packs["M02"], GIVEN["M02"])
    returns = check_returns(project, [packs["M01"], packs["M02"], packs["M04"]])
    assert returns.missing == ("M03", "M04", "M05")  # M04 returned an empty pack
    assert returns.late == {"M01", "M02"}
    messages = [p.message for p in returns.problems]
    assert any("after the deadline 20 June 2016 17:00 UTC" in m for m in messages)
    assert any("holds no scores yet" in m for m in messages)
    for command in import_commands(returns):
        command.do(project)
    again = check_returns(project, [packs["M01"]])
    assert (again.packs, again.unchanged) == ((), ("M01",))
    _fill(packs["M01"], {"B01": 0})
    changed = check_returns(project, [packs["M01"]])
    assert any("changed after it was imported" in p.message for p in changed.problems)
    (command,) = import_commands(changed)
    command.do(project)
    assert project.governance.scored.summaries[("B01", "access_score")].minimum == 0


def test_scoring_pack_command_issues_and_imports(project, tmp_path, capsys) -> None:
    path = tmp_path / "june.etprio"
    save_project(project, path)
    project.close()
    out = tmp_path / "packs"
    assert main(["scoring-pack", str(path), "-o", str(out), "--deadline", "2030-06-20"]) == 0
    _fill(out / "scoring-pack-M01-margaret-oduya.xlsx", GIVEN["M01"])
    capsys.readouterr()
    assert main(["scoring-pack", str(path), "--returned", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "1 pack(s) imported, 0 refused, 4 missing"
    reopened = open_project(path, read_only=True)
    assert last_issue(reopened).deadline == "2030-06-20T23:59:59Z"
    assert {s.member_id for s in reopened.committee.scores} >= {"M01"}
    (tmp_path / "junk.xlsx").write_bytes(b"not a workbook")
    assert main(["scoring-pack", str(path), "--returned", str(tmp_path / "junk.xlsx")]) == 3
    assert main(["scoring-pack", str(path), "-o", str(out), "--deadline", "soon"]) == 2
