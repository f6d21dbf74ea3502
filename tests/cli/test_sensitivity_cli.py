"""CONTRACT §4 ``etprio sensitivity``: the JSON document, determinism, the table and exit
codes, from the outside."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from etprio.cli import main

DEMO_JSON = ("sensitivity", "--demo", "--format", "json", "--samples", "2000", "--seed", "1")


def _run_process(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "etprio", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.fixture(scope="module")
def demo_json() -> tuple[str, str]:
    """The same command run twice in fresh processes."""
    first, second = _run_process(*DEMO_JSON), _run_process(*DEMO_JSON)
    for done in (first, second):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    return first.stdout, second.stdout


def test_json_has_the_contract_shape(demo_json):
    data = json.loads(demo_json[0])
    assert list(data) == ["rank_acceptability", "rank_quantiles", "stability", "findings"]
    assert list(data["rank_quantiles"]) == list(data["rank_acceptability"])
    assert all(set(q) == {"p5", "p50", "p95"} for q in data["rank_quantiles"].values())
    acceptability = data["rank_acceptability"]
    n = len(acceptability)
    assert n == 25
    for row in acceptability.values():
        assert len(row) == n
        assert sum(row) == pytest.approx(1.0)
        assert all(0.0 <= p <= 1.0 for p in row)
    for entry in data["stability"]:
        assert set(entry) == {"criterion", "current", "low", "high", "scope", "n"}
        assert 0.0 <= entry["low"] <= entry["current"] <= entry["high"] <= 1.0
        assert (entry["scope"], entry["n"]) == ("top_n", 5)
    assert sum(entry["current"] for entry in data["stability"]) == pytest.approx(1.0)
    assert data["findings"] and all(isinstance(f, str) for f in data["findings"])


def test_the_same_seed_gives_the_same_document(demo_json):
    assert demo_json[0] == demo_json[1]


def test_budgets_add_funding_acceptability_and_the_funded_set_scope(capsys):
    code = main([*DEMO_JSON, "--capital", "£4m", "--recurrent", "250k", "--top", "3"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert list(data) == [
        "rank_acceptability",
        "rank_quantiles",
        "funding_acceptability",
        "stability",
        "findings",
    ]
    assert set(data["funding_acceptability"]) == set(data["rank_acceptability"])
    assert {entry["scope"] for entry in data["stability"]} == {"funded_set"}
    assert any("funded set" in finding for finding in data["findings"])


def test_spread_and_top_change_the_answer(capsys):
    main(list(DEMO_JSON))
    uniform = json.loads(capsys.readouterr().out)
    main([*DEMO_JSON, "--spread", "10", "--top", "2"])
    narrow = json.loads(capsys.readouterr().out)
    assert narrow["rank_acceptability"] != uniform["rank_acceptability"]
    assert {entry["n"] for entry in narrow["stability"]} == {2}


def test_table_fits_80_columns(capsys):
    code = main(
        ["sensitivity", "--demo", "--samples", "500", "--capital", "4m", "--recurrent", "250k"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Findings" in out and "Stability" in out and "Rank acceptability" in out


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("sensitivity", "--demo", "--samples", "0"), 2),
        (("sensitivity", "--demo", "--spread", "150"), 2),
        (("sensitivity", "--demo", "--top", "0"), 2),
        (("sensitivity", "--demo", "--seed", "-1"), 2),
        (("sensitivity", "--demo", "--capital", "4m"), 2),
        (("sensitivity", "--demo", "--weights", "nonsense=3"), 2),
        (("sensitivity",), 2),
        (("sensitivity", "--bids", "missing.csv", "--survey", "missing.csv"), 4),
    ],
)
def test_exit_codes(capsys, argv, code):
    assert main(list(argv)) == code
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.startswith("etprio: error:")


def test_ranks_cuts_the_table_beyond_200_bids(capsys, tmp_path):
    assert main(["demo", "--bids", "201", "--seed", "3", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    data_args = ["--bids", str(tmp_path / "bids.csv"), "--survey", str(tmp_path / "survey.csv")]
    code = main(["sensitivity", *data_args, "--samples", "200", "--ranks", "7", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {len(row) for row in data["rank_acceptability"].values()} == {7}
    assert len(data["rank_quantiles"]) == 201
