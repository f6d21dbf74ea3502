"""Inputs that made the reader allocate without bound (issue "Reliability and security,
round two"): a tiny workbook whose one stray cell spans a rectangle of billions, and paths
that are no file at all — a device, a named pipe. Each is refused in its own process, with
exit 3 or 4, a message naming the file, and little memory."""

from __future__ import annotations

import os
import sys
import zipfile
from pathlib import Path

import pytest

from etprio.core.errors import FileAccessError, ImportFailed
from etprio.core.tables import sheet_extent
from etprio.core.tables.importing import read_bids
from tests.reliability.hostile_files import _PACKAGE
from tests.reliability.processes import posix_only, run_etprio


def stray_cell_workbook(path: Path, reference: str, *, prefix: str = "") -> Path:
    """A valid workbook with a heading in A1 and one value at ``reference``; with
    ``prefix`` the sheet XML uses a namespace prefix and omits the row numbers, so the
    exact (slow) path has to place the cells."""
    row = "".join(ch for ch in reference if ch.isdigit())
    p = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    row_attr = "" if prefix else f' r="{row}"'
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><{p}sheetData><{p}row r="1">'
        f'<{p}c r="A1" t="inlineStr"><{p}is><{p}t>bid_id</{p}t></{p}is></{p}c></{p}row>'
        f'<{p}row{row_attr}><{p}c r="{reference}"><{p}v>1</{p}v></{p}c></{p}row>'
        f"</{p}sheetData></{p}worksheet>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in _PACKAGE:
            package.writestr(name, content)
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


@posix_only
@pytest.mark.parametrize("corner", ["ALL999999", "ALL50000"])
def test_a_stray_far_cell_is_refused_before_the_reader_allocates(
    tmp_path: Path, corner: str
) -> None:
    """Before: 32 GB asked for and a Rust abort (exit 134); 2 GB for ALL50000."""
    path = stray_cell_workbook(tmp_path / "bids.xlsx", corner)
    assert path.stat().st_size < 3_000
    run = run_etprio("validate", "--bids", path)
    run.assert_clean_refusal(3, f"{path}:1:-: a sheet of this workbook is too big to read")
    assert f"its cells reach {corner}" in run.out
    assert run.seconds < 20


def test_the_refusal_in_the_app_process_loses_nothing(tmp_path: Path) -> None:
    """The app imports in its own process: a refusal is an ImportFailed, not an abort."""
    path = stray_cell_workbook(tmp_path / "bids.xlsx", "ALL999999")
    with pytest.raises(ImportFailed, match="1 error"):
        read_bids(path, None)


@pytest.mark.parametrize(
    ("corner", "prefix"), [("ALL999999", "x"), ("B2", "x"), ("ALL999999", ""), ("B2", "")]
)
def test_the_extent_is_found_with_and_without_references(
    tmp_path: Path, corner: str, prefix: str
) -> None:
    path = stray_cell_workbook(tmp_path / "bids.xlsx", corner, prefix=prefix)
    extent = sheet_extent.oversized_sheet(path.read_bytes(), max_cells=4)
    assert (extent is not None) == (corner != "B2")


def test_a_sheet_at_the_limit_still_reads(tmp_path: Path) -> None:
    """A rectangle of exactly the limit is allowed: the check refuses only what is over."""
    path = stray_cell_workbook(tmp_path / "bids.xlsx", "J10")
    assert sheet_extent.oversized_sheet(path.read_bytes(), max_cells=100) is None
    extent = sheet_extent.oversized_sheet(path.read_bytes(), max_cells=99)
    assert extent is not None and extent.cells == 100


def test_formatting_alone_far_away_does_not_count(tmp_path: Path) -> None:
    """Excel writes formatted empty cells as ``<c r="…" s="1"/>``; the reader skips them."""
    path = stray_cell_workbook(tmp_path / "bids.xlsx", "B2")
    data = path.read_bytes()
    with zipfile.ZipFile(path) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").replace(
            b"</sheetData>", b'<row r="999999"><c r="ALL999999" s="1"/></row></sheetData>'
        )
    with zipfile.ZipFile(path, "w") as package:
        for name, content in _PACKAGE:
            package.writestr(name, content)
        package.writestr("xl/worksheets/sheet1.xml", sheet)
    assert data != path.read_bytes()
    assert sheet_extent.oversized_sheet(path.read_bytes(), max_cells=4) is None


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_reading(device: str) -> None:
    """Before: /dev/zero read 3+ GB in 6 s, past the 100 MB limit."""
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    run = run_etprio("validate", "--bids", device)
    run.assert_clean_refusal(4, f"{device}: cannot read the file (it is a device, not a file)")
    assert run.seconds < 20


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_without_a_writer_is_refused_not_waited_on(tmp_path: Path) -> None:
    """Before: the read waited forever for a writer."""
    fifo = tmp_path / "bids.csv"
    os.mkfifo(fifo)
    run = run_etprio("validate", "--bids", fifo, "--survey", fifo, timeout=30)
    run.assert_clean_refusal(4, f"{fifo}: cannot read the file (it is a pipe, not a file)")


@pytest.mark.skipif(sys.platform == "win32", reason="/dev/stdin is POSIX")
def test_a_pipe_given_as_stdin_is_refused() -> None:
    with pytest.raises(FileAccessError, match="not a file"):
        read_bids(Path("/dev/stdin"), None)


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="it is a folder"):
        read_bids(tmp_path, None)
