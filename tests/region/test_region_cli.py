"""CONTRACT §8 ``etprio region`` from outside: JSON, exit codes, the spreadsheet with
formulas neutralised, and the same answer from the command line, the paper and the app."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from etprio.cli import main
from etprio.core.region.pipeline import open_ccgs
from etprio.core.region.plan import RegionLimits, plan_region
from etprio.report.pdf.region_paper import region_paper_bytes
from tests.region.builders import save_ccg
from tests.region.conftest import ALLOCATED, ALLOCATIONS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_json_from_the_console_script_is_the_plan(region_files):
    result = subprocess.run(
        [
            *(sys.executable, "-m", "etprio", "region", *map(str, region_files)),
            *("--capital-by-year", ALLOCATIONS, "--format", "json"),
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    plan = plan_region(open_ccgs(region_files), RegionLimits(ALLOCATED))
    assert document == json.loads(json.dumps(plan.to_json()))
    assert [c["code"] for c in document["ccgs"]] == ["01B", "02C", "03D", "04E"]
    funded = {(b["ccg"], b["bid_id"]) for b in document["bids"] if b["funded"]}
    for ccg in document["ccgs"]:
        own = [b for b in document["bids"] if b["ccg"] == ccg["code"]]
        assert ccg["bids"] == len(own)
        grant = sum(
            sum(b["grant_by_year"].values()) for b in own if (b["ccg"], b["bid_id"]) in funded
        )
        assert ccg["grant_funded"] == pytest.approx(grant, abs=0.01)
    for year in document["capital_by_year"]:
        if year["allocation"] is not None:
            assert year["rank_order"] <= year["allocation"] + 0.01
            assert year["best_value"] <= year["allocation"] + 0.01


def test_score_order_json_says_so_and_reasons_name_the_year(capsys, region_files):
    code, out, _ = run(
        capsys, "region", *map(str, region_files), "--capital-by-year", ALLOCATIONS,
        "--order", "score", "--weights", "training=40", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    assert document["order"] == "score"
    reasons = [b["reason"] for b in document["bids"] if not b["funded"]]
    assert any(r and "20" in r and "left that year" in r for r in reasons)


def exit_code(capsys, *argv: str) -> tuple[int, str]:
    """The exit code and stderr of a run, argparse's own usage errors included."""
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    "argv",
    [
        ["--order", "best"],
        ["--capital-by-year", "2017/19=£1m"],
        ["--capital-by-year", "2017/18=lots"],
        ["--weights", "nonsense=3"],
        ["--weights", "access=0,capacity=0,training=0,wider_services=0,premises_need=0,"
         "deliverability=0,recurrent_liability=0"],
        ["-o", "paper.docx"],
    ],
)  # fmt: skip
def test_usage_errors_exit_2(capsys, region_files, argv):
    code, err = exit_code(capsys, "region", *map(str, region_files), "--capital", "£5m", *argv)
    assert code == 2
    assert "error:" in err


def test_an_unreadable_file_exits_4_and_a_table_that_is_no_project_exits_3(
    capsys, region_files, tmp_path
):
    missing = tmp_path / "gone.etprio"
    code, _, err = run(capsys, "region", str(region_files[0]), str(missing), "--capital", "£1m")
    assert code == 4 and str(missing) in err
    table = region_files[0].parent / "bids.csv"
    code, _, err = run(capsys, "region", str(region_files[0]), str(table), "--capital", "£1m")
    assert code == 3 and str(table) in err


def test_the_same_ccg_twice_exits_3_naming_both_files(capsys, region_files, tmp_path):
    copy = tmp_path / "copy.etprio"
    copy.write_bytes(region_files[1].read_bytes())
    code, _, err = run(capsys, "region", *map(str, region_files), str(copy), "--capital", "£1m")
    assert code == 3
    assert str(region_files[1]) in err and str(copy) in err


def test_xlsx_holds_the_table_with_formulas_as_text(capsys, tmp_path):
    from tests.region.test_region_core import _fixed

    dataset = _fixed(5)
    first = dataset.bids[0]
    hostile = replace(first, title='=HYPERLINK("http://x","click")')
    dataset = replace(dataset, bids=(hostile, *dataset.bids[1:]))
    a = save_ccg(tmp_path / "a.etprio", dataset, "07L", "NHS Ashby CCG")
    b = save_ccg(tmp_path / "b.etprio", _fixed(6), "08A", "NHS Bramfield CCG")
    out = tmp_path / "region.xlsx"
    code, _, _ = run(capsys, "region", str(a), str(b), "--capital", "£2m", "-o", str(out))
    assert code == 0
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:7] == [
        "regional_rank", "ccg", "bid_id", "title", "score", "local_rank", "grant_gbp",
    ]  # fmt: skip
    titles = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2)}
    cell = titles['\'=HYPERLINK("http://x","click")']
    assert cell.data_type == "s"
    assert isinstance(sheet.cell(2, 7).value, float | int)


def test_command_line_paper_and_app_show_the_same_selection(capsys, region_files, qtbot):
    from etprio.gui.region_window import RegionWindow

    code, out, _ = run(
        capsys, "region", *map(str, region_files), "--capital-by-year", ALLOCATIONS,
        "--carry-forward", "--format", "json",
    )  # fmt: skip
    assert code == 0
    document = json.loads(out)
    funded = [f"{b['ccg']}:{b['bid_id']}" for b in document["bids"] if b["funded"]]
    not_funded = [f"{b['ccg']}:{b['bid_id']}" for b in document["bids"] if not b["funded"]]

    limits = RegionLimits(ALLOCATED, carry_forward=True)
    window = RegionWindow(open_ccgs(region_files), limits)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.planner.busy, timeout=20_000)
    model = window.bids_model
    shown = [model.bid(r).regional_id for r in range(model.rowCount()) if model.bid(r).funded]
    assert shown == funded

    plan = plan_region(open_ccgs(region_files), limits)
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(region_paper_bytes(plan))).pages
    )
    flat = " ".join(text.split())
    assert f"Supported in regional order {len(funded)}" in flat
    for bid_id in not_funded[:5]:
        assert bid_id in flat
    assert "carries forward" in flat


def test_a_region_without_limits_is_a_usage_error(capsys, region_files):
    code, _, err = run(capsys, "region", *map(str, region_files))
    assert code == 2 and "--capital-by-year" in err


def test_a_written_paper_is_a_pdf(capsys, region_files, tmp_path):
    out = tmp_path / "paper.pdf"
    code, stdout, _ = run(
        capsys, "region", *map(str, region_files), "--capital-by-year", ALLOCATIONS, "-o", str(out)
    )
    assert code == 0 and str(out) in stdout
    assert out.read_bytes().startswith(b"%PDF")
    assert Path(out).stat().st_size > 1000


@pytest.mark.parametrize("name", ["paper.pdf", "table.xlsx"])
def test_an_output_that_cannot_be_written_exits_4(capsys, region_files, tmp_path, name):
    out = tmp_path / "missing" / name
    code, _, err = run(
        capsys, "region", *map(str, region_files), "--capital", "£1m", "-o", str(out)
    )
    assert code == 4 and str(out) in err
