"""Workbooks made the way practice managers make them: a merged title above the headings,
a cover sheet, headings in their own words and odd spacing (CONTRACT §1)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import openpyxl

USER_HEADINGS = {
    "bid_id": "BID REF",
    "title": "Scheme\xa0 Name",
    "practice_code": "practice-code",
    "scheme_type": "Scheme Type",
    "premises_id": "Premises ID",
    "capital_cost_gbp": "Capital\ncost (£)",
    "grant_pct": "Grant %",
    "recurrent_revenue_gbp": "Revenue consequence",
    "expected_completion": "Completion Date",
    "land_secured": "Land secured?",
    "planning_status": "PLANNING",
    "access_score": "Access",
    "capacity_score": "capacity",
    "training_score": " Training ",
    "wider_services_score": "Wider_Services",
}
TITLE = "Example Vale CCG – ETTF bid submissions"


def sheet_rows(rows: Sequence[dict[str, str]], headings: dict[str, str]) -> list[list[str]]:
    names = list(dict.fromkeys(key for row in rows for key in row))
    return [[headings.get(n, n) for n in names], *([row.get(n, "") for n in names] for row in rows)]


def bids_sheet(sheet, rows: Sequence[dict[str, str]], *, title_rows: int = 2) -> None:
    """Bids as a practice manager lays them out: a merged title, a blank row, headings."""
    if title_rows:
        sheet.cell(1, 1, TITLE)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    for r, values in enumerate(sheet_rows(rows, USER_HEADINGS), start=title_rows + 1):
        for c, value in enumerate(values, start=1):
            sheet.cell(r, c, value)


def cover(sheet) -> None:
    sheet["A1"] = "ETTF 2017 — submissions from practices"
    sheet["A3"] = "Deadline: 20 June 2016. Questions to the estates lead."
    sheet["A4"] = "Bid ID"  # one stray heading-like cell must not win the sheet


def workbook(path: Path, sheets: Sequence[tuple[str, object]], hidden: Sequence[str] = ()) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, fill in sheets:
        sheet = book.create_sheet(name)
        fill(sheet)
        if name in hidden:
            sheet.sheet_state = "hidden"
    book.save(path)
    return path
