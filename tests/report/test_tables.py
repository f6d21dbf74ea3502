"""CONTRACT §5 exports: every text cell that a spreadsheet would run as a formula is
neutralised with a leading apostrophe, in CSV and in XLSX (where it is stored as text,
never a formula), numbers stay numbers, and the XLSX looks like a finished table."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio import __version__
from etprio.core.errors import UsageError
from etprio.core.model import Dataset
from etprio.report.tables import csv_text, neutralise, ranking_table, write_table
from tests.report.builders import HOSTILE_TITLE, dataset, scores_of
from tests.strategies import datasets

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
XML_ILLEGAL = {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32)]}

# Any text, leaning on the formula triggers so that most examples start with one.
texts = st.one_of(
    st.text(max_size=40),
    st.builds(lambda t, s: t + s, st.sampled_from(TRIGGERS), st.text(max_size=40)),
)


def _expected(value: str) -> str:
    return "'" + value if value.startswith(TRIGGERS) else value


def _table_with_title(title: str) -> tuple[list[str], list[list]]:
    data = dataset(3)
    bids = (replace(data.bids[0], title=title, bid_id="=1+1"), *data.bids[1:])
    return ranking_table(scores_of(Dataset(bids, data.premises)), funded={"Z002"})


def test_neutralise_examples() -> None:
    assert neutralise(HOSTILE_TITLE) == HOSTILE_TITLE  # starts with "<": harmless
    assert neutralise("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert neutralise("-£5,000") == "'-£5,000"
    assert neutralise("\tx") == "'\tx"
    assert neutralise(-5.0) == -5.0
    assert neutralise(True) is True
    assert neutralise(None) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts)
def test_csv_cells_read_back_neutralised_and_numbers_stay_numbers(title: str) -> None:
    title = title.replace("\x00", "")  # CSV readers stop at NUL; no import produces one
    header, rows = _table_with_title(title)
    text = csv_text(header, rows)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert read[0] == header
    ours = next(row for row in read[1:] if row[header.index("bid_id")] == "'=1+1")
    assert ours[header.index("title")] == _expected(title)
    for row, original in zip(read[1:], rows, strict=True):
        for name in ("rank", "score", "capital_cost_gbp", "grant_gbp", "value_access"):
            cell = row[header.index(name)]
            assert not cell.startswith("'")
            assert float(cell) == pytest.approx(original[header.index(name)])
        assert row[header.index("funded")] in {"true", "false"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=texts)
def test_xlsx_text_is_stored_as_text_neutralised_and_numbers_stay_numbers(
    tmp_path_factory: pytest.TempPathFactory, title: str
) -> None:
    path = tmp_path_factory.mktemp("xlsx") / "ranking.xlsx"
    header, rows = _table_with_title(title)
    write_table(path, header, rows)
    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]] == header
    ours = next(r for r in range(2, len(rows) + 2) if rows[r - 2][1] == "=1+1")
    assert sheet.cell(row=ours, column=header.index("bid_id") + 1).value == "'=1+1"
    cell = sheet.cell(row=ours, column=header.index("title") + 1)
    expected = "".join("\ufffd" if ch in XML_ILLEGAL else ch for ch in _expected(title))
    assert cell.value == (expected.replace("\r\n", "\n").replace("\r", "\n") or None)
    assert cell.data_type in {"s", "inlineStr"}  # text, never "f" (formula)
    for r, original in enumerate(rows, start=2):
        for name in ("rank", "score", "capital_cost_gbp", "value_access", "points_access"):
            value = sheet.cell(row=r, column=header.index(name) + 1).value
            assert isinstance(value, int | float) and not isinstance(value, bool)
            assert value == pytest.approx(original[header.index(name)])
        assert isinstance(sheet.cell(row=r, column=header.index("funded") + 1).value, bool)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_the_csv_has_a_byte_order_mark_so_excel_shows_pounds(tmp_path: Path) -> None:
    path = tmp_path / "ranking.csv"
    write_table(path, *_table_with_title("Meddygfa Tŷ — £1.2m"))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "Meddygfa Tŷ — £1.2m" in raw.decode("utf-8-sig")


def test_the_xlsx_header_is_formatted_frozen_and_money_is_in_pounds(tmp_path: Path) -> None:
    path = tmp_path / "ranking.xlsx"
    header, rows = _table_with_title(HOSTILE_TITLE)
    write_table(path, header, rows)
    sheet = openpyxl.load_workbook(path).active
    first = sheet["A1"]
    assert first.font.bold
    assert first.fill.fgColor.rgb.endswith("005EB8")
    assert sheet.freeze_panes == "D2"
    assert sheet.auto_filter.ref
    money = sheet.cell(row=2, column=header.index("grant_gbp") + 1)
    assert money.number_format == "£#,##0"
    titles = [sheet.cell(row=r, column=header.index("title") + 1).value for r in (2, 3, 4)]
    assert HOSTILE_TITLE in titles


def test_other_suffixes_are_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        write_table(tmp_path / "ranking.txt", ["a"], [[1]])


# -- rounding as displayed, labels as headings, the About sheet ---------------------------

PLACES = {"score": 2, "capital_cost_gbp": 2, "grant_gbp": 2, "recurrent_revenue_gbp": 2}


def _places(name: str) -> int | None:
    if name.startswith("value_"):
        return 4
    if name.startswith("points_"):
        return 2
    return PLACES.get(name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(min_bids=1, max_bids=12))
def test_numbers_are_rounded_as_displayed_and_the_score_column_sorts_as_the_ranking(
    data: Dataset,
) -> None:
    scores = scores_of(data)
    header, rows = ranking_table(scores)
    read = list(csv.reader(io.StringIO(csv_text(header, rows))))[1:]
    for row in read:
        for position, name in enumerate(header):
            places = _places(name)
            if places is not None:
                decimals = row[position].partition(".")[2]
                assert len(decimals) <= places, (name, row[position])
    exact = [float(scores.score[i]) for i in scores.order.tolist()]
    shown = [row[header.index("score")] for row in rows]
    assert all(abs(s - e) <= 0.005 + 1e-9 for s, e in zip(shown, exact, strict=True))
    eligible = [row[header.index("eligible")] for row in rows]
    for group in (True, False):
        column = [s for s, ok in zip(shown, eligible, strict=True) if ok is group]
        assert column == sorted(column, reverse=True)


def test_float_noise_never_reaches_the_csv() -> None:
    data = dataset(12)
    text = csv_text(*ranking_table(scores_of(data)))
    assert not re.search(r"\d\.\d{5,}", text)


def test_the_xlsx_export_reads_like_the_app(capsys, tmp_path: Path) -> None:
    from etprio.cli import main
    from etprio.core.resources import demo_bids_path, demo_survey_path
    from etprio.core.scoring.criteria import load_criteria

    path = tmp_path / "ranking.xlsx"
    assert (
        main(["export", "--demo", "--capital", "£4.5m", "--recurrent", "£250k", "-o", str(path)])
        == 0
    )
    book = openpyxl.load_workbook(path)
    headings = [c.value for c in book["ranking"][1]]
    assert headings[:6] == [
        "Rank",
        "Bid ID",
        "Scheme name",
        "Practice (ODS code)",
        "Scheme type",
        "Score",
    ]
    assert "Capital cost (£)" in headings and "capital_cost_gbp" not in headings
    assert "Value: Extended and seven-day access" in headings
    assert "Points: Information governance" in headings
    about = [[c for c in row if c is not None] for row in book["About"].iter_rows(values_only=True)]
    flat_about = [c for row in about for c in row]
    criteria = load_criteria()
    assert criteria.name in flat_about
    for criterion, weight in zip(criteria.criteria, criteria.weights, strict=True):
        assert [criterion.label, weight, round(weight / sum(criteria.weights), 4)] in about
    assert ["Capital envelope", "£4,500,000"] in about
    assert ["Recurrent headroom a year", "£250,000"] in about
    for source in (demo_bids_path(), demo_survey_path()):
        digest = hashlib.sha256(source.read_bytes()).hexdigest()
        assert [source.name, digest] in about
    assert f"etprio {__version__}" in flat_about
    assert any(str(c).startswith("20") for c in flat_about)  # the time it was produced


def test_the_csv_export_keeps_the_contract_names(tmp_path: Path) -> None:
    from etprio.cli import main

    path = tmp_path / "ranking.csv"
    assert main(["export", "--demo", "-o", str(path)]) == 0
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert header[:3] == ["rank", "bid_id", "title"] and "capital_cost_gbp" in header
