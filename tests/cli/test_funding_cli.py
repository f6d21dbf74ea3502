"""CONTRACT §4 ``etprio funding``: the JSON shape, a table that fits 80 columns, and exit
codes 0 and 2 without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from etprio.cli import main

DEMO_BUDGETS = ("--demo", "--capital", "£4.5m", "--recurrent", "£250k")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_funding_json_from_the_console_script_has_the_contract_shape():
    result = subprocess.run(
        [sys.executable, "-m", "etprio", "funding", *DEMO_BUDGETS, "--format", "json"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    document = json.loads(result.stdout)  # the whole of stdout: nothing else printed there
    assert list(document) == [
        "capital_envelope",
        "recurrent_headroom",
        "rank_order",
        "best_value",
        "liability",
        "capital_by_year",
        "carry_forward",
    ]
    assert document["carry_forward"] is False
    assert document["capital_envelope"] == 4_500_000
    assert document["recurrent_headroom"] == 250_000
    for key, extra in (("rank_order", set()), ("best_value", {"gap", "optimality"})):
        selection = document[key]
        assert set(selection) == {
            "funded",
            "not_funded",
            "total_score",
            "grant_total",
            "recurrent_total",
            *extra,
        }
        assert all(isinstance(bid_id, str) for bid_id in selection["funded"])
        assert all(set(n) == {"bid_id", "reason"} and n["reason"] for n in selection["not_funded"])
        assert selection["grant_total"] <= 4_500_000
        assert selection["recurrent_total"] <= 250_000
    assert document["best_value"]["total_score"] >= document["rank_order"]["total_score"]
    assert document["best_value"]["gap"] == 0.0
    assert document["best_value"]["optimality"] == "proven optimal"
    years = document["liability"]
    assert [y["year"] for y in years][:2] == ["2016/17", "2017/18"]
    assert len(years) == 10
    assert all(set(y) == {"year", "funded", "pipeline"} for y in years)
    assert all(y["funded"] <= y["pipeline"] for y in years)


def test_horizon_sets_the_number_of_years(capsys):
    code, out, _ = run(capsys, "funding", *DEMO_BUDGETS, "--horizon", "3", "--format", "json")
    assert code == 0
    assert [y["year"] for y in json.loads(out)["liability"]] == ["2016/17", "2017/18", "2018/19"]


def test_table_fits_80_columns_and_shows_both_selections(capsys):
    code, out, _ = run(capsys, "funding", *DEMO_BUDGETS)
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 79
    text = "\n".join(lines)
    for heading in (
        "In rank order",
        "Best value",
        "Not funded in rank order",
        "What best value does differently",
        "2016/17",
        "Headroom left",
    ):
        assert heading in text


def test_budgets_big_enough_for_everything_fund_every_eligible_bid(capsys):
    code, out, _ = run(
        capsys,
        "funding",
        "--demo",
        "--capital",
        "£1000m",
        "--recurrent",
        "£100m",
        "--format",
        "json",
    )
    assert code == 0
    document = json.loads(out)
    assert document["rank_order"]["funded"] == document["best_value"]["funded"]
    reasons = [n["reason"] for n in document["rank_order"]["not_funded"]]
    assert all(not r.startswith(("skipped", "waiting")) for r in reasons)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("--demo", "--capital", "0", "--recurrent", "£250k"), "capital envelope"),
        (("--demo", "--capital", "£4.5m", "--recurrent=-£1"), "recurrent headroom"),
        (("--demo", "--capital", "lots", "--recurrent", "£250k"), "--capital"),
        (("--demo", "--capital", "£4.5m"), "--recurrent"),
        ((*DEMO_BUDGETS, "--horizon", "0"), "horizon"),
        ((*DEMO_BUDGETS, "--format", "xml"), "--format"),
        (("--capital", "£4.5m", "--recurrent", "£250k"), "--demo"),
    ],
)
def test_user_mistakes_exit_2_with_a_message(capsys, arguments, message):
    try:
        code = main(["funding", *arguments])
    except SystemExit as exit_:  # argparse's own usage errors
        code = exit_.code
    _, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_the_table_says_how_close_best_value_is_to_the_best_possible(capsys):
    code, out, _ = run(capsys, "funding", *DEMO_BUDGETS, "--time-limit", "5")
    assert code == 0
    assert "Best value is proven optimal." in out.splitlines()


@pytest.mark.parametrize("limit", ["0", "-1", "soon", "nan"])
def test_a_time_limit_that_is_not_a_positive_number_is_a_usage_error(capsys, limit):
    with pytest.raises(SystemExit) as exit_info:
        main(["funding", *DEMO_BUDGETS, "--time-limit", limit])
    assert exit_info.value.code == 2
    assert "--time-limit" in capsys.readouterr().err
