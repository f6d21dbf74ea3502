"""CONTRACT §7 on the command line: ``--capital-by-year`` and ``--carry-forward`` on every
data command that takes budgets and on ``etprio new``, the ``capital_by_year`` JSON, phased
tables, the project remembering allocations and a flag overriding them for one run."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.project.store import open_project
from etprio.core.resources import demo_bids_path, demo_survey_path

YEARS = "2016/17=£1m,2017/18=£1,500,000,2018/19=£1m"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in argv])
    except SystemExit as exit_:  # argparse's own usage errors
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def funding(capsys: pytest.CaptureFixture[str], *argv: object) -> dict:
    code, out, err = run(capsys, "funding", *argv, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def phased_bids(tmp_path: Path) -> Path:
    """The demo bids with EV01's £1,980,000 grant phased over two years."""
    rows = list(csv.DictReader(demo_bids_path().open(encoding="utf-8")))
    for row in rows:
        row["Grant 2017/18"], row["ETTF 2018/19"] = (
            ("£980k", "£1m") if row["bid_id"] == "EV01" else ("", "")
        )
    path = tmp_path / "phased.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("carry", [False, True])
def test_funding_json_by_year_has_the_contract_shape(capsys, carry: bool) -> None:
    flags = ["--carry-forward"] if carry else []
    document = funding(capsys, "--demo", "--capital-by-year", YEARS, *flags)
    assert list(document)[-2:] == ["capital_by_year", "carry_forward"]
    assert document["carry_forward"] is carry
    assert document["capital_envelope"] is None and document["recurrent_headroom"] is None
    years = document["capital_by_year"]
    assert [y["year"] for y in years] == ["2016/17", "2017/18", "2018/19"]
    assert all(set(y) == {"year", "allocation", "rank_order", "best_value"} for y in years)
    assert [y["allocation"] for y in years] == [1_000_000, 1_500_000, 1_000_000]
    for key in ("rank_order", "best_value"):
        drawn = [y[key] for y in years]
        allocated = [y["allocation"] for y in years]
        if carry:
            assert all(sum(drawn[: k + 1]) <= sum(allocated[: k + 1]) for k in range(3))
        else:
            assert all(d <= a for d, a in zip(drawn, allocated, strict=True))
        assert sum(drawn) == pytest.approx(document[key]["grant_total"])
    if not carry:
        reasons = [n["reason"] for n in document["rank_order"]["not_funded"]]
        assert "skipped: draws £1,980,000 in 2018/19, £1,000,000 left that year" in reasons


def test_the_total_and_the_recurrent_limit_apply_with_the_years(capsys) -> None:
    document = funding(
        capsys, "--demo", "--capital-by-year", YEARS, "--capital", "£1.2m", "--recurrent", "£50k"
    )
    assert document["capital_envelope"] == 1_200_000
    for key in ("rank_order", "best_value"):
        assert document[key]["grant_total"] <= 1_200_000
        assert document[key]["recurrent_total"] <= 50_000


def test_a_phased_table_draws_its_grant_in_its_years(capsys, tmp_path: Path) -> None:
    bids = phased_bids(tmp_path)
    everything = "2016/17=£10m,2017/18=£10m,2018/19=£10m,2019/20=£10m,2020/21=£10m"
    document = funding(
        capsys, "--bids", bids, "--survey", demo_survey_path(), "--capital-by-year", everything
    )
    assert "EV01" in document["rank_order"]["funded"]
    tight = "2016/17=£10m,2017/18=£10m,2018/19=£999,999"
    document = funding(
        capsys, "--bids", bids, "--survey", demo_survey_path(), "--capital-by-year", tight
    )
    reasons = {n["bid_id"]: n["reason"] for n in document["rank_order"]["not_funded"]}
    assert reasons["EV01"] == "skipped: draws £1,000,000 in 2018/19, £999,999 left that year"


def test_a_phasing_that_does_not_add_up_is_an_import_error_at_its_cell(
    capsys, tmp_path: Path
) -> None:
    bids = phased_bids(tmp_path)
    bids.write_text(bids.read_text("utf-8").replace("£980k", "£900k"), "utf-8")
    code, out, err = run(capsys, "validate", "--bids", bids, "--survey", demo_survey_path())
    assert code == 3
    assert f"{bids}:2:grant_2017_18: " in out + err
    assert "the grant by year adds up to £1,900,000, not the bid's grant of £1,980,000" in out
    code, _, err = run(capsys, "funding", "--bids", bids, "--survey", demo_survey_path())
    assert code == 3 and f"{bids}:2:grant_2017_18: " in err


@pytest.mark.parametrize(
    ("spelling", "message"),
    [
        ("2017/19=£1m", "'2017/19' is not a financial year"),
        ("17/18=£1m", "'17/18' is not a financial year"),
        ("2017/18", "not a year's allocation"),
        ("2017/18=lots", "the 2017/18 allocation: not an amount of money"),
        ("2017/18=£1m,2017/18=£2m", "2017/18 is given more than once"),
        ("2017/18=-£1", "the 2017/18 allocation must be £0 or more"),
    ],
)
@pytest.mark.parametrize("command", ["funding", "rank", "sensitivity", "export", "report"])
def test_bad_allocations_are_usage_errors(
    capsys, tmp_path: Path, command: str, spelling: str, message: str
) -> None:
    out = ["-o", tmp_path / ("x.pdf" if command == "report" else "x.csv")]
    extra = out if command in {"export", "report"} else []
    code, _, err = run(capsys, command, "--demo", "--capital-by-year", spelling, *extra)
    assert code == 2
    assert message in err
    assert not any(tmp_path.iterdir())


def test_every_data_command_takes_the_years(capsys, tmp_path: Path) -> None:
    flags = ("--demo", "--capital-by-year", YEARS, "--carry-forward")
    funded = set(funding(capsys, *flags)["rank_order"]["funded"])
    code, out, _ = run(capsys, "rank", *flags, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {r["bid_id"] for r in rows if r["funded"] == "true"} == funded
    assert run(capsys, "export", *flags, "-o", tmp_path / "r.csv")[0] == 0
    code, out, _ = run(capsys, "sensitivity", *flags, "--samples", "100", "--format", "json")
    assert code == 0 and "funding_acceptability" in json.loads(out)
    assert run(capsys, "report", *flags, "--samples", "100", "-o", tmp_path / "r.pdf")[0] == 0


@pytest.fixture
def allocated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "years.etprio"
    code, _, err = run(
        capsys, "new", path, "--bids", demo_bids_path(), "--survey", demo_survey_path(),
        "--capital-by-year", YEARS, "--carry-forward",
    )  # fmt: skip
    assert code == 0, err
    return path


def test_new_remembers_the_allocations_and_minutes_them(allocated: Path) -> None:
    with open_project(allocated, read_only=True) as project:
        funding_settings = project.settings.funding
        summaries = [entry.details_json for entry in project.log]
    assert funding_settings.capital_by_year == (
        ("2016/17", 1_000_000.0),
        ("2017/18", 1_500_000.0),
        ("2018/19", 1_000_000.0),
    )
    assert funding_settings.carry_forward is True
    assert funding_settings.capital_envelope is None
    assert any("capital allocation by year: not set → 2016/17 £1,000,000" in s for s in summaries)
    assert any("carry-forward of unspent allocation: no → yes" in s for s in summaries)


def test_project_allocations_apply_and_a_flag_overrides_them_for_one_run(
    allocated: Path, capsys
) -> None:
    saved = funding(capsys, "--project", allocated)
    assert saved["carry_forward"] is True
    assert [y["allocation"] for y in saved["capital_by_year"]] == [1e6, 1.5e6, 1e6]
    once = funding(
        capsys, "--project", allocated, "--no-carry-forward", "--capital-by-year", "2016/17=£2m"
    )
    assert once["carry_forward"] is False
    assert [(y["year"], y["allocation"]) for y in once["capital_by_year"]][:2] == [
        ("2016/17", 2_000_000),
        ("2017/18", 0),
    ]
    with open_project(allocated, read_only=True) as project:
        assert project.settings.funding.carry_forward is True
        assert dict(project.settings.funding.capital_by_year)["2016/17"] == 1_000_000


def test_the_table_shows_the_years_against_the_allocations(capsys) -> None:
    code, out, _ = run(capsys, "funding", "--demo", "--capital-by-year", YEARS, "--carry-forward")
    assert code == 0
    assert "Capital by financial year (unspent allocation carried forward)" in out
    assert max(len(line) for line in out.splitlines()) <= 80
