"""Hostile spreadsheets (issue "Reliability and security hardening"): whatever a practice
sends, the importer ends in a clean import or clear FILE:ROW:COLUMN problems — never a
traceback, a hang or a memory blow-up — and ``etprio validate`` exits 3 or 4 for it
(CONTRACT §1.3, §4)."""

from __future__ import annotations

import csv
import io
import signal
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.cli import main
from etprio.core.errors import ImportFailed
from etprio.core.model import Bid
from etprio.core.tables import tabular
from etprio.core.tables.cells import MAX_CELL_CHARS
from etprio.core.tables.importing import read_bids
from tests.reliability.hostile_files import FORMULA_TITLE, cfb_container, workbook, zip_bomb

SECONDS = 20
"""No single hostile file may take longer than this: a hang fails, it does not stall CI."""

HEADER = [
    "bid_id",
    "title",
    "practice_code",
    "scheme_type",
    "capital_cost_gbp",
    "expected_completion",
    "access_score",
    "capacity_score",
    "training_score",
    "wider_services_score",
]

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def valid_row(bid_id: str = "B1", title: str = "Hub") -> list[str]:
    return [bid_id, title, "A81001", "technology", "100000", "2017-03-31", "3", "3", "3", "3"]


@contextmanager
def time_limit(seconds: int = SECONDS) -> Iterator[None]:
    """Turn a hang into a failure (POSIX alarm; elsewhere the test just runs)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(*_: object) -> None:
        raise TimeoutError(f"the import took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outcome(path: Path) -> tuple[Bid, ...] | ImportFailed:
    """The bids, or the ImportFailed with its problems; any other exception fails the test.

    A failure must carry at least one error, each addressed as FILE:ROW:COLUMN.
    """
    with time_limit():
        try:
            return read_bids(path, None)[0]
        except ImportFailed as failed:
            assert any(problem.is_error for problem in failed.problems)
            for problem in failed.problems:
                assert str(problem).startswith(f"{path}:{problem.row}:{problem.column}: ")
                assert problem.row >= 1 and problem.message
            return failed


def messages(result: tuple[Bid, ...] | ImportFailed) -> str:
    assert isinstance(result, ImportFailed), "expected the import to be refused"
    return "\n".join(problem.message for problem in result.problems)


def measured_import(path: Path) -> tuple[str, float, int]:
    """The import's messages, the seconds it took and its peak traced memory in bytes."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        text = messages(outcome(path))
        return text, time.perf_counter() - started, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


# -- fuzzing -------------------------------------------------------------------------------

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\x00")
hostile_text = st.one_of(
    st.text(max_size=30),
    st.builds(lambda t, s: t + s, st.sampled_from(TRIGGERS), st.text(max_size=30)),
    st.sampled_from([FORMULA_TITLE, "'); DROP TABLE bids;--", "<b>x</b>", "\ufeff", "£1.5k"]),
)


@st.composite
def hostile_csv(draw: st.DrawFn) -> bytes:
    """A bids header with rows of hostile cells, each row in its own encoding (so a file
    may mix UTF-8, Latin-1 and UTF-16), sometimes cut short."""
    rows = [HEADER, *draw(st.lists(st.lists(hostile_text, max_size=12), max_size=6))]
    parts = [csv_bytes([row], draw(st.sampled_from(ENCODINGS))) for row in rows]
    data = b"".join(parts)
    return data[: draw(st.integers(0, len(data)))] if draw(st.booleans()) else data


@FUZZ
@given(data=hostile_csv())
def test_fuzzed_csv_imports_cleanly_or_gives_clear_problems(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(data)
    outcome(path)


@FUZZ
@given(data=st.binary(max_size=2_000), prefix=st.sampled_from([b"", b"PK\x03\x04", b"\xff\xfe"]))
def test_random_bytes_give_clear_problems(tmp_path: Path, data: bytes, prefix: bytes) -> None:
    path = tmp_path / "bids.xlsx"
    path.write_bytes(prefix + data)
    outcome(path)


@pytest.fixture(scope="module")
def good_workbook(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("good") / "bids.xlsx"
    return workbook(path, [("bids", [HEADER, valid_row()])]).read_bytes()


@FUZZ
@given(cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255))))
def test_truncated_and_corrupted_workbooks_give_clear_problems(
    tmp_path: Path, good_workbook: bytes, cut: float, flips: list[tuple[float, int]]
) -> None:
    data = bytearray(good_workbook[: max(4, int(len(good_workbook) * cut))])
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    path = tmp_path / "bids.xlsx"
    path.write_bytes(bytes(data))
    outcome(path)


@FUZZ
@given(title=hostile_text.map(str.strip).filter(lambda t: t and t.isprintable()))
def test_formula_like_titles_import_as_plain_text(tmp_path: Path, title: str) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, valid_row(title=title)]))
    bids = outcome(path)
    assert not isinstance(bids, ImportFailed), messages(bids)
    assert bids[0].title == title


# -- encodings, NULs, long cells -----------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "latin-1", "cp1252"])
def test_other_encodings_import_the_same_text(tmp_path: Path, encoding: str) -> None:
    """UTF-16 without a BOM (some exporters write none) reads like UTF-16 with one."""
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, valid_row(title="Café £250k")], encoding))
    bids = outcome(path)
    assert not isinstance(bids, ImportFailed), messages(bids)
    assert bids[0].title == "Café £250k"


def test_mixed_encodings_import_without_a_crash(tmp_path: Path) -> None:
    """One UTF-8 row and one Latin-1 row: the file is read as Windows-1252 throughout, the
    Latin-1 row exactly (CONTRACT §1's fallback)."""
    path = tmp_path / "bids.csv"
    head = csv_bytes([HEADER, valid_row("B1", "Caf\u00e9 one")])
    path.write_bytes(head + csv_bytes([valid_row("B2", "Caf\u00e9 two")], "latin-1"))
    bids = outcome(path)
    assert not isinstance(bids, ImportFailed), messages(bids)
    assert bids[1].title == "Café two"


def test_nul_bytes_are_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, valid_row(title="Hub\x00Hub")]))
    assert "not text (binary data)" in messages(outcome(path))


def test_a_cell_over_the_limit_is_reported_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, valid_row(title="x" * (MAX_CELL_CHARS + 1))]))
    [problem] = outcome(path).problems  # type: ignore[union-attr]
    assert (problem.row, problem.column) == (2, "title")
    assert f"{MAX_CELL_CHARS:,} characters" in problem.message


def test_a_ten_megabyte_cell_is_refused_quickly(tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, valid_row(title="x" * 10_000_000)]))
    started = time.perf_counter()
    assert "not a readable CSV file" in messages(outcome(path))
    assert time.perf_counter() - started < 5


def test_ten_thousand_columns(tmp_path: Path) -> None:
    limit = f"more than {tabular.MAX_COLUMNS:,} columns"
    path = tmp_path / "wide.csv"
    path.write_bytes(csv_bytes([[f"c{i}" for i in range(10_000)], ["1"] * 10_000]))
    assert limit in messages(outcome(path))
    book = workbook(tmp_path / "wide.xlsx", [("bids", [list(range(10_000)), [1] * 10_000])])
    assert limit in messages(outcome(book))


# -- workbooks -----------------------------------------------------------------------------


def test_a_formula_cell_in_a_workbook_is_never_evaluated(tmp_path: Path) -> None:
    """A text cell holding formula syntax imports as that text; a real formula cell is
    read only through its saved result (none here), so the bid is refused, not run."""
    as_text = workbook(tmp_path / "text.xlsx", [("bids", [HEADER, valid_row()])])
    book = openpyxl.load_workbook(as_text)
    cell = book["bids"]["B2"]
    cell.value, cell.data_type = FORMULA_TITLE, "s"
    book.save(as_text)
    bids = outcome(as_text)
    assert not isinstance(bids, ImportFailed), messages(bids)
    assert bids[0].title == FORMULA_TITLE
    live = workbook(tmp_path / "live.xlsx", [("bids", [HEADER, valid_row(title=FORMULA_TITLE)])])
    result = outcome(live)
    assert isinstance(result, ImportFailed) or result[0].title in {"", FORMULA_TITLE}


def test_merged_cells_read_as_the_top_left_value(tmp_path: Path) -> None:
    """Excel keeps a merged area's value in its top-left cell; the others are blank, so a
    merged bid id over two rows is reported missing on the second, at its row."""
    path = workbook(tmp_path / "merged.xlsx", [("bids", [HEADER, valid_row(), valid_row("")])])
    book = openpyxl.load_workbook(path)
    book["bids"].merge_cells("A2:A3")
    book["bids"].merge_cells("B2:C2")
    book.save(path)
    found = [(p.row, p.column) for p in outcome(path).problems]  # type: ignore[union-attr]
    assert (3, "bid_id") in found
    assert (2, "practice_code") in found


def test_the_bids_sheet_is_chosen_among_many(tmp_path: Path) -> None:
    """CONTRACT §1: the sheet named ``bids`` in any spelling, else the first."""
    junk = [["Instructions"], ["Fill in the next sheet"]]
    path = workbook(tmp_path / "many.xlsx", [("Notes", junk), ("BIDS ", [HEADER, valid_row()])])
    assert [b.bid_id for b in outcome(path)] == ["B1"]  # type: ignore[union-attr]
    first = workbook(tmp_path / "first.xlsx", [("Sheet1", [HEADER, valid_row()]), ("x", junk)])
    assert [b.bid_id for b in outcome(first)] == ["B1"]  # type: ignore[union-attr]


def test_an_encrypted_workbook_says_password_protected(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(cfb_container())
    assert "password-protected" in messages(outcome(path))


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda data: data[: len(data) // 2], "damaged or incomplete"),
        (lambda data: data.replace(b"worksheets", b"worksheetz"), "damaged"),
        (lambda data: b"PK\x03\x04" + bytes(200), "damaged or incomplete"),
    ],
)
def test_corrupt_zips(
    tmp_path: Path, good_workbook: bytes, damage: Callable[[bytes], bytes], message: str
) -> None:
    path = tmp_path / "bids.xlsx"
    path.write_bytes(damage(good_workbook))
    assert message in messages(outcome(path))


def test_a_zip_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "bomb.xlsx", unpacked_mib=1_100)
    assert path.stat().st_size < 2 * 1024**2
    text, elapsed, peak = measured_import(path)
    assert "unzips to 1,100 MB" in text
    assert elapsed < 2
    assert peak < 20 * 1024**2


def test_a_zip_bomb_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    path = zip_bomb(tmp_path / "liar.xlsx", unpacked_mib=1_100, declared_mib=1)
    assert "damaged" in messages(outcome(path))


@pytest.mark.slow
def test_a_million_row_csv_hits_the_row_limit_in_bounded_memory(tmp_path: Path) -> None:
    """1,000,000 data rows plus a header is one row over MAX_ROWS: refused from a count of
    its records, before a million rows are kept."""
    path = tmp_path / "million.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        stream.write(",".join(HEADER) + "\r\n")
        row = ",A81001,technology,100000,2017-03-31,3,3,3,3\r\n"
        stream.writelines(f"B{i},Scheme {i}{row}" for i in range(1_000_000))
    size = path.stat().st_size
    text, elapsed, peak = measured_import(path)
    print(
        f"\n1,000,001-line CSV of {size / 1024**2:.0f} MB: refused in {elapsed:.1f} s, "
        f"peak traced memory {peak / 1024**2:.0f} MB"
    )
    assert f"more than {tabular.MAX_ROWS:,} rows" in text
    assert peak < 4 * size


# -- the command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "nul.csv": csv_bytes([HEADER, valid_row(title="a\x00b")]),
        "huge-cell.csv": csv_bytes([HEADER, valid_row(title="x" * (MAX_CELL_CHARS + 1))]),
        "wide.csv": csv_bytes([[f"c{i}" for i in range(10_000)], ["1"] * 10_000]),
        "encrypted.xlsx": cfb_container(),
        "corrupt.xlsx": b"PK\x03\x04" + bytes(300),
        "random.bin": bytes(range(256)) * 8,
        "header-only.csv": csv_bytes([HEADER]),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    zip_bomb(folder / "bomb.xlsx", unpacked_mib=1_100)
    return {path.name: path for path in folder.iterdir()}


@pytest.mark.parametrize(
    "name",
    [
        "nul.csv",
        "huge-cell.csv",
        "wide.csv",
        "encrypted.xlsx",
        "corrupt.xlsx",
        "random.bin",
        "header-only.csv",
        "bomb.xlsx",
    ],
)
def test_validate_exits_3_without_a_traceback(
    hostile_files: dict[str, Path], name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with time_limit():
        code = main(["validate", "--bids", str(hostile_files[name])])
    out, err = capsys.readouterr()
    assert code == 3
    assert "Traceback" not in out + err
    assert f"{hostile_files[name]}:1:-: " in out or f"{hostile_files[name]}:2:" in out


def test_validate_exits_4_for_an_unreadable_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--bids", str(tmp_path)]) == 4
    _, err = capsys.readouterr()
    assert "cannot read the file" in err and "Traceback" not in err


def test_validate_in_a_real_process_prints_no_traceback(hostile_files: dict[str, Path]) -> None:
    """The console script as a user runs it, on the worst file."""
    done = subprocess.run(
        [sys.executable, "-m", "etprio", "validate", "--bids", str(hostile_files["bomb.xlsx"])],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr + done.stdout
    assert "unzips to 1,100 MB" in done.stdout
