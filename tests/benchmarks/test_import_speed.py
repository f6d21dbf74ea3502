"""How long a 10,000-bid workbook takes to import and validate (target: well under 3 s).

Run with ``uv run pytest tests/benchmarks -m slow -s``; it prints the time rather than
asserting it, so a slow CI machine does not fail the build.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from etprio.core.tables.import_columns import BID_COLUMNS
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales

ROWS = 10_000
PREMISES = 500


def _survey(path: Path) -> Path:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Survey")
    sheet.append(["Premises ID", "ODS code", "Survey date", "Condition", "Space", "List size"])
    for index in range(PREMISES):
        sheet.append([f"P{index:04d}", f"A{index:05d}", date(2015, 3, 12), "B(C)", "O", 7400])
    workbook.save(path)
    return path


def _bids(path: Path) -> Path:
    """Every kind of cell: money, percentages, XLSX dates, enums, yes/no, dependencies."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Bids")
    sheet.append([column.name for column in BID_COLUMNS])
    for index in range(ROWS):
        estates = index % 3 != 0
        sheet.append(
            [
                f"B{index:05d}",
                f"Scheme {index}: new consulting rooms & <b>training</b> space",
                f"A{index % PREMISES:05d}",
                "Estates" if estates else "technology",
                f"P{index % PREMISES:04d}" if estates else None,
                f"£{250 + index % 700}k" if index % 2 else 125_000 + index,
                0.66 if index % 5 else "100%",
                "£12,500" if index % 4 else None,
                date(2017 + index % 4, 3, 31),
                "yes" if estates else None,
                "not required" if estates else None,
                3.5,
                4,
                2,
                5,
                1 if estates else None,
                2 if estates else None,
                None if estates else 3,
                None if estates else 4,
                12_000 if index % 7 else None,
                f"B{index - 1:05d}" if index % 10 == 1 else None,
                "Confidential: " + "notes " * 10,
            ]
        )
    workbook.save(path)
    return path


@pytest.mark.slow
def test_ten_thousand_bid_workbook_imports_quickly(tmp_path: Path) -> None:
    survey, bids = _survey(tmp_path / "survey.xlsx"), _bids(tmp_path / "bids.xlsx")
    scales = load_scales()
    started = time.perf_counter()
    dataset, _ = load_dataset(bids, survey, scales, assessment_date=date(2016, 6, 30))
    elapsed = time.perf_counter() - started
    assert len(dataset.bids) == ROWS
    print(f"\nimported and validated {ROWS:,} bids from XLSX in {elapsed:.2f} s")
