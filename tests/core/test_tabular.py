"""Reading whatever file a commissioner sends into a header and numbered rows (CONTRACT §1)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.errors import FileAccessError, ImportFailed
from etprio.core.problems import Problem, Severity
from etprio.core.tables import tabular
from etprio.core.tables.tabular import Row, Table, read_table

DATA = Path(__file__).parent.parent / "data" / "import"

ENCODED_VARIANTS = [
    "bids-utf8-bom.csv",
    "bids-cp1252.csv",
    "bids-crlf.csv",
    "bids-semicolon.csv",
    "bids-unicode.txt",
]


def _write(path: Path, content: str | bytes) -> Path:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _workbook(path: Path, sheets: dict[str, list[tuple[str, list[object]]]]) -> Path:
    """An XLSX with each sheet's cells given as (top-left cell, row values) pairs."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for anchor, values in rows:
            first = sheet[anchor]
            for offset, value in enumerate(values):
                sheet.cell(first.row, first.column + offset, value)
    workbook.save(path)
    return path


def _only_problem(path: Path, *, sheet: str = "bids") -> Problem:
    with pytest.raises(ImportFailed) as failed:
        read_table(path, sheet=sheet)
    (problem,) = failed.value.problems
    return problem


@pytest.mark.parametrize("name", ENCODED_VARIANTS)
def test_every_encoding_and_delimiter_gives_the_same_table(name: str) -> None:
    reference = read_table(DATA / "bids-utf8-bom.csv", sheet="bids")
    table = read_table(DATA / name, sheet="bids")
    assert table.header == reference.header
    assert table.rows == reference.rows
    assert table.header[0] == "Bid ref"
    assert table.rows[0].cells[1] == "Mill Street hub — phase 1"
    assert table.rows[0].cells[-1] == "Café costs in £"
    assert [row.number for row in table.rows] == [2, 3]


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_any_line_ending(tmp_path: Path, ending: str) -> None:
    path = _write(tmp_path / "t.csv", ending.join(["a,b", "1,2", "3,4"]) + ending)
    table = read_table(path, sheet="bids")
    assert table.header == ("a", "b")
    assert table.rows == (Row(2, ("1", "2")), Row(3, ("3", "4")))


def test_quoted_line_break_stays_in_one_row_like_excel(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", 'a,b\r\n"two\r\nlines",x\r\n5,y\r\n')
    table = read_table(path, sheet="bids")
    assert table.rows == (Row(2, ("two\r\nlines", "x")), Row(3, ("5", "y")))


def test_leading_and_inner_blank_rows_keep_the_sheet_row_numbers(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "\n,,\n a , b \n1,2\n,\n  ,  \n3,4\n")
    table = read_table(path, sheet="bids")
    assert table.header_row == 3
    assert table.header == ("a", "b")
    assert [row.number for row in table.rows] == [4, 7]


def test_short_rows_are_padded_and_trailing_blank_headings_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "a,b,c,,\n1\n1,2,3,,\n")
    table = read_table(path, sheet="bids")
    assert table.header == ("a", "b", "c")
    assert table.rows == (Row(2, ("1", "", "")), Row(3, ("1", "2", "3")))
    assert table.problems == ()


def test_values_under_no_heading_are_ignored_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "a,,c\n1,lost,3\n1,2,3,4\n")
    table = read_table(path, sheet="bids")
    assert table.rows == (Row(2, ("1", "lost", "3")), Row(3, ("1", "2", "3")))
    assert [(p.row, p.column, p.severity) for p in table.problems] == [
        (1, "-", Severity.WARNING),
        (1, "-", Severity.WARNING),
    ]
    assert "column B has no heading" in table.problems[0].message
    assert "rows 3" in table.problems[1].message


def test_semicolon_wins_even_with_a_comma_inside_a_heading(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "id;Cost (£, incl VAT);name\nB1;1,250;x\n")
    table = read_table(path, sheet="bids")
    assert table.header == ("id", "Cost (£, incl VAT)", "name")
    assert table.rows[0].cells == ("B1", "1,250", "x")


def test_quoted_comma_heading_does_not_vote_for_comma(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", 'id\t"a, b"\tc\nB1\t2\t3\n')
    assert read_table(path, sheet="bids").header == ("id", "a, b", "c")


def test_excel_separator_hint_line_is_obeyed_and_not_counted(tmp_path: Path) -> None:
    path = _write(tmp_path / "t.csv", "sep=;\r\nid;cost\r\nB1;1,250\r\n")
    table = read_table(path, sheet="bids")
    assert (table.header, table.rows) == (("id", "cost"), (Row(2, ("B1", "1,250")),))


def test_column_gives_one_cell_per_row() -> None:
    table = Table("f", ("a", "b"), 1, (Row(2, ("1", "2")), Row(3, ("3", "4"))))
    assert table.column(1) == ["2", "4"]


def test_workbook_prefers_the_named_sheet_in_any_case(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {
            "Notes": [("A1", ["not", "this"]), ("A2", ["x", "y"])],
            "BIDS ": [("A1", ["bid_id", "when"]), ("A2", ["B1", date(2017, 3, 31)])],
            "Survey": [("A1", ["premises_id", "n"]), ("A2", ["P1", 5])],
        },
    )
    assert read_table(path, sheet="bids").rows == (Row(2, ("B1", date(2017, 3, 31))),)
    assert read_table(path, sheet="survey").rows == (Row(2, ("P1", 5.0)),)


def test_workbook_without_the_named_sheet_uses_the_first(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {"Sheet1": [("A1", ["a", "b"]), ("A2", [1, "x"])], "Other": [("A1", ["z"])]},
    )
    table = read_table(path, sheet="bids")
    assert table.header == ("a", "b")


def test_workbook_dates_and_row_numbers_match_the_sheet(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {
            "Bids": [
                ("B3", ["bid_id", "completion", "n", 2017]),
                ("B4", ["B1", datetime(2017, 3, 31, 0, 0), 1250, None]),
                ("B6", ["B2", date(2019, 3, 31), 3.5, True]),
            ]
        },
    )
    table = read_table(path, sheet="bids")
    assert table.header_row == 3
    assert table.header == ("bid_id", "completion", "n", "2017")
    assert table.rows == (
        Row(4, ("B1", date(2017, 3, 31), 1250.0, "")),
        Row(6, ("B2", date(2019, 3, 31), 3.5, True)),
    )


def test_workbook_saved_as_csv_is_still_read(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "book.xlsx", {"Bids": [("A1", ["a", "b"]), ("A2", [1, 2])]})
    renamed = book.rename(tmp_path / "bids.csv")
    assert read_table(renamed, sheet="bids").header == ("a", "b")


def test_workbook_cells_under_no_heading_name_the_sheet_column(tmp_path: Path) -> None:
    path = _workbook(
        tmp_path / "book.xlsx",
        {"Bids": [("C1", ["a", None, "c"]), ("C2", [1, "lost", 3])]},
    )
    (problem,) = read_table(path, sheet="bids").problems
    assert "column D has no heading" in problem.message


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "the file is empty"),
        ("header-only.csv", "the file has a header but no rows of data"),
        ("report.pdf.csv", "not a table: this is a PDF document"),
        ("junk.bin", "not a table: the file is not text"),
        ("archive-not-workbook.xlsx", "not a table: this is a ZIP archive"),
        ("password-protected.xlsx", "password-protected or an old-format .xls"),
        ("readme.md", "not a table: no commas, semicolons or tabs"),
    ],
)
def test_files_that_are_not_tables_give_one_problem(name: str, message: str) -> None:
    path = DATA / name
    problem = _only_problem(path)
    assert (problem.file, problem.row, problem.column) == (str(path), 1, "-")
    assert problem.is_error
    assert message in problem.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"   \r\n\r\n", "the file is empty"),
        (b"\xef\xbb\xbf", "the file is empty"),
        (b"\xff\xfe", "the file is empty"),
        (b",,,\n,,\n", "the file is empty"),
        (b"a,b\n,\n  ,  \n", "header but no rows"),
        (b"\x89PNG\r\n\x1a\n" + bytes(40), "this is a PNG image"),
        (b"a,b\n1,\x002\n", "not text"),
        (b"a,b\n1,\x81\x8d\n", "not text"),
    ],
)
def test_degenerate_content_gives_one_problem(tmp_path: Path, content: bytes, message: str) -> None:
    problem = _only_problem(_write(tmp_path / "t.dat", content))
    assert message in problem.message


def test_empty_workbook_sheet_is_an_error(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"Bids": []})
    assert "is empty" in _only_problem(path).message


def test_workbook_header_without_rows_is_reported_on_the_header_row(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "book.xlsx", {"Bids": [("A2", ["a", "b"])]})
    problem = _only_problem(path)
    assert (problem.row, problem.message) == (2, "sheet 'Bids' has a header but no rows of data")


def test_damaged_workbook_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    whole = _workbook(tmp_path / "book.xlsx", {"Bids": [("A1", ["a"]), ("A2", [1])]})
    data = whole.read_bytes()
    damaged = _write(tmp_path / "damaged.xlsx", data[: len(data) // 2])
    assert "cannot read this workbook" in _only_problem(damaged).message


def test_missing_file_and_folder_are_access_errors(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot read the file"):
        read_table(tmp_path / "nowhere.csv", sheet="bids")
    with pytest.raises(FileAccessError):
        read_table(tmp_path, sheet="bids")


def test_too_big_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tabular, "MAX_FILE_BYTES", 10)
    problem = _only_problem(_write(tmp_path / "t.csv", "a,b\n1,2\n3,4\n"))
    assert "files over 0 MB are not accepted" in problem.message


def test_too_many_rows_and_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    monkeypatch.setattr(tabular, "MAX_COLUMNS", 3)
    rows = _write(tmp_path / "rows.csv", "a,b\n1,2\n3,4\n5,6\n")
    assert "more than 3 rows" in _only_problem(rows).message
    columns = _write(tmp_path / "cols.csv", "a,b,c,d\n1,2,3,4\n")
    assert "more than 3 columns" in _only_problem(columns).message
    book = _workbook(tmp_path / "book.xlsx", {"Bids": [("A1", ["a", "b", "c", "d"])]})
    assert "more than 3 columns" in _only_problem(book).message
    tall = _workbook(tmp_path / "tall.xlsx", {"Bids": [("A1", ["a"]), ("A9", [1])]})
    assert "more than 3 rows" in _only_problem(tall).message


def test_csv_module_errors_are_a_problem(tmp_path: Path) -> None:
    previous = tabular.csv.field_size_limit(10)
    try:
        problem = _only_problem(_write(tmp_path / "t.csv", "a,b\n1,2\nx," + "y" * 20 + "\n"))
    finally:
        tabular.csv.field_size_limit(previous)
    assert (problem.row, problem.column) == (3, "-")
    assert "not a readable CSV file" in problem.message


@pytest.mark.parametrize(
    ("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ")]
)
def test_column_letters(index: int, letters: str) -> None:
    assert tabular.column_letter(index) == letters


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.binary(max_size=600))
def test_any_bytes_give_a_table_or_one_problem_never_a_traceback(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "any.csv", data)
        try:
            table = read_table(path, sheet="bids")
        except ImportFailed as failed:
            assert len(failed.problems) == 1
        else:
            assert all(len(row.cells) == len(table.header) for row in table.rows)


@cache
def _small_workbook() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        book = _workbook(
            Path(folder) / "book.xlsx",
            {"Bids": [("A1", ["a", "b"]), ("A2", [date(2017, 3, 31), 2.5])]},
        )
        return book.read_bytes()


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_workbooks_give_one_problem_never_a_traceback(
    changes: list[tuple[int, int]],
) -> None:
    damaged = bytearray(_small_workbook())
    for position, value in changes:
        damaged[position % len(damaged)] = value
    with tempfile.TemporaryDirectory() as folder:
        path = _write(Path(folder) / "book.xlsx", bytes(damaged))
        try:
            read_table(path, sheet="bids")
        except ImportFailed as failed:
            assert len(failed.problems) == 1
