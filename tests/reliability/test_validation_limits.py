"""Values that passed ``validate`` and then broke everything after it (issue "Reliability
and security, round two"): money of 1e308 or 400 digits (OverflowError in funding,
report and export), control characters in XLSX cells (raw escapes printed by ``rank``),
U+FFFE in a title (an XLSX export openpyxl cannot reload), titles too long for the PDF,
and bid IDs that differ only by what nobody can see. Each is now an error at
FILE:ROW:COLUMN, with exit 3, and ``new`` writes nothing."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.tables import cells
from tests.reliability.hostile_files import workbook
from tests.reliability.test_hostile_imports import HEADER, csv_bytes, valid_row

SURVEY = "resources/demo/survey.csv"


def bids_file(tmp_path: Path, rows: list[list[str]], *, xlsx: bool = False) -> Path:
    if xlsx:
        return workbook(tmp_path / "bids.xlsx", [("bids", [HEADER, *rows])])
    path = tmp_path / "bids.csv"
    path.write_bytes(csv_bytes([HEADER, *rows]))
    return path


def validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["validate", "--bids", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


def with_cell(column: str, value: str, bid_id: str = "B1") -> list[str]:
    row = valid_row(bid_id)
    row[HEADER.index(column)] = value
    return row


@pytest.mark.parametrize(
    ("value", "xlsx"),
    [("1" + "0" * 400, False), ("1e308", False), ("£1,000,000,001", False), ("1e308", True)],
)
def test_money_over_a_billion_is_refused_at_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str, xlsx: bool
) -> None:
    row = with_cell("capital_cost_gbp", value)
    if xlsx:
        row[HEADER.index("capital_cost_gbp")] = float(value)  # type: ignore[call-overload]
    path = bids_file(tmp_path, [row], xlsx=xlsx)
    code, text = validate(path, capsys)
    assert code == 3
    assert f"{path}:2:capital_cost_gbp: " in text
    assert "over £1bn" in text or "not an amount of money" in text


def test_a_billion_exactly_is_allowed() -> None:
    assert cells.money("£1,000,000,000") == 1e9
    assert cells.money("£1000m") == 1e9


@pytest.mark.parametrize("control", ["\x1b[31m", "\x00", "\x07", "\ufffe", "\uffff"])
def test_control_characters_in_workbook_cells_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], control: str
) -> None:
    """Before: ESC/NUL/BEL from an XLSX were accepted (CSV refused them) and ``rank``
    printed raw escape sequences; U+FFFE made an export openpyxl could not reload."""
    path = tmp_path / "bids.xlsx"
    workbook(path, [("bids", [HEADER, valid_row()])])
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    for name, data in parts.items():
        if b">Hub<" in data:
            parts[name] = data.replace(b">Hub<", f">Hub{control}x<".encode())
    with zipfile.ZipFile(path, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    code, text = validate(path, capsys)
    assert code == 3, text
    assert f"{path}:2:title: " in text and "holds a control character" in text
    assert "\x1b" not in text


def test_a_title_of_many_lines_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: 50 line breaks passed validation and the PDF failed with a TypeError."""
    path = bids_file(tmp_path, [with_cell("title", "\n".join(["line"] * 51))])
    code, text = validate(path, capsys)
    assert code == 3 and f"{path}:2:title: " in text and "the title has 51 lines" in text


def test_a_title_too_long_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before: ~4,000 characters made the PDF fail; 32,767 unbroken ones took 10 minutes."""
    path = bids_file(tmp_path, [with_cell("title", "x" * 4_000)])
    code, text = validate(path, capsys)
    assert code == 3 and f"{path}:2:title: " in text and "the title is 4,000 characters" in text


def test_titles_at_the_limit_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    title = "\n".join(["x" * 49] * 6)
    assert len(title) <= cells.MAX_TITLE_CHARS
    code, _ = validate(bids_file(tmp_path, [with_cell("title", title)]), capsys)
    assert code == 0


@pytest.mark.parametrize(
    "look_alike",
    ["B\u200b1", "\ufeffB1", "B\u20601", "\u202eB1", "\u04121", "\u0392\u0031"],
    ids=["zero-width-space", "bom", "word-joiner", "rtl-override", "cyrillic", "greek"],
)
def test_look_alike_bid_ids_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], look_alike: str
) -> None:
    """Before: these were separate bids with no warning, and a depends_on linked
    silently to the invisible variant."""
    path = bids_file(tmp_path, [valid_row("B1"), valid_row(look_alike)])
    code, text = validate(path, capsys)
    assert code == 3
    assert f"{path}:3:bid_id: " in text


def test_a_full_width_id_is_the_same_bid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """NFKC brings ``Ｂ１`` to ``B1``: a duplicate, reported as one."""
    path = bids_file(tmp_path, [valid_row("B1"), valid_row("\uff22\uff11")])
    code, text = validate(path, capsys)
    assert code == 3 and f"{path}:3:bid_id: " in text
    assert "duplicate bid_id 'B1': already used on row 2" in text


def test_new_writes_nothing_for_such_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = bids_file(tmp_path, [with_cell("capital_cost_gbp", "9" * 400)])
    project = tmp_path / "june.etprio"
    assert main(["new", str(project), "--bids", str(path), "--survey", SURVEY]) == 3
    capsys.readouterr()
    assert not project.exists()
