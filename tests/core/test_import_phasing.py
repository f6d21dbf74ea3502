"""CONTRACT §7 on import: a bid's grant phased over financial years in ``grant_YYYY_YY``
columns (and their aliases), blanks as £0, adding up to the grant within £1, else an error at
the bid's first year column; no phasing puts the grant in the completion year."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.model import Dataset
from etprio.core.project.rows import read_dataset, write_dataset
from etprio.core.project.schema import create
from tests.core.import_builders import bid_row, bids_of, failures, tech_row

# bid_row: capital £100,000 at 66% → grant £66,000, completing 31 March 2017 (2016/17).


def test_year_columns_in_every_spelling_phase_the_grant(tmp_path: Path) -> None:
    row = tech_row(
        **{
            "grant_2016_17": "£6,000",
            "Grant 2017/18": "£30k",
            "ETTF 2018/19": "",
            "2019/20": "30000",
        }
    )
    (bid,), warnings = bids_of(tmp_path, [row])
    assert warnings == ()
    assert dict(bid.grant_phasing) == {"2016/17": 6_000, "2017/18": 30_000, "2019/20": 30_000}
    assert dict(bid.grant_by_year) == dict(bid.grant_phasing)


def test_without_phasing_the_grant_falls_in_the_completion_year(tmp_path: Path) -> None:
    rows = [
        tech_row(bid_id="B1", expected_completion="2017-03-31", grant_2017_18=""),
        tech_row(bid_id="B2", expected_completion="2017-04-01", grant_2017_18=""),
    ]
    (first, second), _ = bids_of(tmp_path, rows)
    assert first.grant_phasing == {} and second.grant_phasing == {}
    assert dict(first.grant_by_year) == {"2016/17": 66_000}
    assert dict(second.grant_by_year) == {"2017/18": 66_000}


def test_a_phasing_within_one_pound_of_the_grant_is_accepted(tmp_path: Path) -> None:
    rows = [
        tech_row(bid_id="B1", grant_2016_17="33000.99", grant_2017_18="33000"),
        tech_row(bid_id="B2", grant_2016_17="65999", grant_2017_18=""),
    ]
    bids, _ = bids_of(tmp_path, rows)
    assert [sum(b.grant_by_year.values()) for b in bids] == pytest.approx([66_000.99, 65_999])


def test_a_phasing_off_by_more_than_a_pound_is_an_error_at_the_first_year_column(
    tmp_path: Path,
) -> None:
    rows = [
        tech_row(bid_id="B1", **{"Grant 2017/18": "", "Grant 2016/17": "30,000"}),
        tech_row(bid_id="B2", **{"Grant 2017/18": "66,001.01", "Grant 2016/17": ""}),
        tech_row(bid_id="B3", **{"Grant 2017/18": "", "Grant 2016/17": ""}),
    ]
    assert failures(tmp_path, rows) == [
        (
            2,
            "grant_2016_17",
            "the grant by year adds up to £30,000, not the bid's grant of £66,000 (£100,000 "
            "at 66%); the year columns must add up to it within £1",
        ),
        (
            3,
            "grant_2016_17",
            "the grant by year adds up to £66,001.01, not the bid's grant of £66,000 (£100,000 "
            "at 66%); the year columns must add up to it within £1",
        ),
    ]


def test_year_cells_are_money_and_never_negative(tmp_path: Path) -> None:
    rows = [
        tech_row(bid_id="B1", grant_2016_17="lots", grant_2017_18="66000"),
        tech_row(bid_id="B2", grant_2016_17="(£6,000)", grant_2017_18="72000"),
    ]
    found = failures(tmp_path, rows)
    assert [(row, column) for row, column, _ in found] == [
        (2, "grant_2016_17"),
        (3, "grant_2016_17"),
    ]
    assert "negative" in found[1][2]


def test_one_year_in_two_headings_is_reported_like_any_doubled_column(tmp_path: Path) -> None:
    found = failures(tmp_path, [bid_row(**{"Grant 2017/18": "66000", "2017_18": "66000"})])
    assert [(row, column) for row, column, _ in found] == [(1, "grant_2017_18")]


def test_a_heading_that_is_not_a_financial_year_stays_an_unknown_column(tmp_path: Path) -> None:
    (bid,), warnings = bids_of(tmp_path, [bid_row(**{"Grant 2017/19": "5"})])
    assert bid.grant_phasing == {}
    assert any("Grant 2017/19" in p.message for p in warnings)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=2, max_value=50_000), min_size=1, max_size=4),
    st.integers(min_value=-150, max_value=150),
)
def test_the_one_pound_rule_over_any_phasing(
    tmp_path_factory: pytest.TempPathFactory, amounts: list[int], pence_off: int
) -> None:
    folder = tmp_path_factory.mktemp("phasing")
    grant = sum(amounts)
    years = {f"grant_{2016 + k}_{(17 + k) % 100:02d}": f"{a}" for k, a in enumerate(amounts)}
    years["grant_2016_17"] = f"{amounts[0] + pence_off / 100:.2f}"
    row = tech_row(capital_cost_gbp=f"{grant}", grant_pct="100%", **years)
    if abs(pence_off) > 100:
        assert [column for _, column, _ in failures(folder, [row])] == ["grant_2016_17"]
    else:
        (bid,), _ = bids_of(folder, [row])
        assert abs(sum(bid.grant_by_year.values()) - grant) <= 1


def test_a_project_keeps_each_bids_phasing(tmp_path: Path) -> None:
    rows = [
        tech_row(bid_id="B1", grant_2016_17="16000", grant_2017_18="50000"),
        tech_row(bid_id="B2"),
    ]
    bids, _ = bids_of(tmp_path, rows)
    with sqlite3.connect(":memory:") as conn:
        create(conn)
        write_dataset(conn, Dataset(bids))
        assert read_dataset(conn).bids == bids
    conn.close()
