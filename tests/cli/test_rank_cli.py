"""CONTRACT §4: rank, export and validate from the outside — outputs and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from etprio.cli import main
from etprio.core.resources import demo_bids_path, demo_survey_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_rank_json_has_the_contract_shape(capsys):
    code, out, _ = run(capsys, "rank", "--demo", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert sum(c["weight"] for c in data["criteria"]) == pytest.approx(1.0)
    assert {"key", "label", "weight"} <= set(data["criteria"][0])
    ranks = [b["rank"] for b in data["bids"]]
    assert ranks == list(range(1, len(ranks) + 1))
    first = data["bids"][0]
    assert set(first) >= {
        "rank",
        "bid_id",
        "title",
        "scheme_type",
        "score",
        "eligible",
        "cohort",
        "values",
        "contributions",
        "neutral",
        "flags",
    }
    for bid in data["bids"]:
        assert sum(bid["contributions"].values()) == pytest.approx(bid["score"])
    eligible = [b["eligible"] for b in data["bids"]]
    assert eligible == sorted(eligible, reverse=True)


def test_weights_override_changes_the_ranking(capsys):
    _, base, _ = run(capsys, "rank", "--demo", "--format", "json")
    _, heavy, _ = run(capsys, "rank", "--demo", "--format", "json", "--weights", "training=200")
    order = [b["bid_id"] for b in json.loads(base)["bids"]]
    assert [b["bid_id"] for b in json.loads(heavy)["bids"]] != order
    weights = {c["key"]: c["weight"] for c in json.loads(heavy)["criteria"]}
    assert weights["training"] == pytest.approx(200 / 290)


def test_csv_output_is_the_export_table(capsys, tmp_path):
    _, out, _ = run(capsys, "rank", "--demo", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:11] == [
        "rank",
        "bid_id",
        "title",
        "practice_code",
        "scheme_type",
        "score",
        "eligible",
        "cohort",
        "capital_cost_gbp",
        "grant_gbp",
        "recurrent_revenue_gbp",
    ]
    assert rows[0][11] == "value_access"
    assert rows[0][-1] == "points_ig"
    exported = tmp_path / "ranking.csv"
    assert run(capsys, "export", "--demo", "-o", str(exported))[0] == 0
    raw = exported.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == out.replace("\n", "\r\n").replace("\r\r\n", "\r\n")


def test_table_fits_80_columns(capsys):
    _, out, _ = run(capsys, "rank", "--demo")
    assert max(len(line) for line in out.splitlines()) <= 80


def _hostile_bids(tmp_path: Path) -> Path:
    text = demo_bids_path().read_text(encoding="utf-8")
    lines = text.splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[1]]))
    row[header.index("title")] = '=HYPERLINK("http://evil","x")'
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    path = tmp_path / "bids.csv"
    path.write_text("\n".join([lines[0], buffer.getvalue().strip(), *lines[2:]]), encoding="utf-8")
    return path


def test_exports_neutralise_formulas(capsys, tmp_path):
    bids = _hostile_bids(tmp_path)
    data = ["--bids", str(bids), "--survey", str(demo_survey_path())]
    out_xlsx = tmp_path / "r.xlsx"
    assert run(capsys, "export", *data, "-o", str(out_xlsx))[0] == 0
    sheet = load_workbook(out_xlsx).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://evil","x")' in titles
    assert all(
        isinstance(row[5], int | float) for row in sheet.iter_rows(min_row=2, values_only=True)
    )
    _, out, _ = run(capsys, "rank", *data, "--format", "csv")
    assert "'=HYPERLINK" in out


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["rank"], 2),
        (["rank", "--demo", "--weights", "nonsense=3"], 2),
        (
            [
                "rank",
                "--demo",
                "--weights",
                "access=0,capacity=0,training=0,wider_services=0,"
                "premises_need=0,deliverability=0,recurrent_liability=0",
            ],
            2,
        ),
        (["rank", "--demo", "--method", "nope"], 2),
        (["rank", "--bids", "missing.csv", "--survey", "missing.csv"], 4),
        (["rank", "--demo", "--criteria", "missing.toml"], 4),
        (["export", "--demo", "-o", "out.pdf"], 2),
    ],
)
def test_exit_codes(capsys, tmp_path, monkeypatch, argv, code):
    monkeypatch.chdir(tmp_path)
    try:
        result = main(argv)
    except SystemExit as exc:  # argparse's own usage errors
        result = exc.code
    assert result == code
    assert "Traceback" not in capsys.readouterr().err


def test_bad_criteria_file_exits_3(capsys, tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text("name = 'x'\n", encoding="utf-8")
    code, _, err = run(capsys, "rank", "--demo", "--criteria", str(bad))
    assert code == 3
    assert str(bad) in err


def test_validate_reports_every_problem_and_exits_3(capsys, tmp_path):
    bids = tmp_path / "bids.csv"
    lines = demo_bids_path().read_text(encoding="utf-8").splitlines()
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[1]]))
    row[header.index("capital_cost_gbp")] = "lots"
    row[header.index("access_score")] = "7"
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    bids.write_text("\n".join([lines[0], buffer.getvalue().strip(), *lines[2:]]), encoding="utf-8")
    code, out, _ = run(capsys, "validate", "--bids", str(bids), "--survey", str(demo_survey_path()))
    assert code == 3
    assert f"{bids}:2:capital_cost_gbp:" in out
    assert f"{bids}:2:access_score:" in out
    code, _, err = run(capsys, "rank", "--bids", str(bids), "--survey", str(demo_survey_path()))
    assert code == 3
    assert f"{bids}:2:capital_cost_gbp:" in err


def test_validate_clean_demo_exits_0(capsys):
    code, out, _ = run(
        capsys, "validate", "--bids", str(demo_bids_path()), "--survey", str(demo_survey_path())
    )
    assert code == 0
    assert "0 error(s)" in out


def test_topsis_is_labelled_as_an_alternative(capsys):
    code, out, _ = run(capsys, "rank", "--demo", "--method", "topsis", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["method"] == "topsis"
    assert all(0 <= b["score"] <= 100 for b in data["bids"])
    _, table, _ = run(capsys, "rank", "--demo", "--method", "topsis")
    assert "alternative" in table


def test_demo_generator_is_reproducible(capsys, tmp_path):
    for name in ("a", "b"):
        assert (
            run(capsys, "demo", "--bids", "40", "--seed", "7", "-o", str(tmp_path / name))[0] == 0
        )
    for table in ("bids.csv", "survey.csv"):
        assert (tmp_path / "a" / table).read_bytes() == (tmp_path / "b" / table).read_bytes()
    data = [
        "--bids",
        str(tmp_path / "a" / "bids.csv"),
        "--survey",
        str(tmp_path / "a" / "survey.csv"),
    ]
    code, out, _ = run(capsys, "rank", *data, "--format", "json")
    assert code == 0
    assert len(json.loads(out)["bids"]) == 40


def test_console_script_runs_without_a_traceback(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "etprio",
            "rank",
            "--bids",
            str(tmp_path / "nope.csv"),
            "--survey",
            str(tmp_path / "nope.csv"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 4
    assert "Traceback" not in result.stderr
    assert "nope.csv" in result.stderr
