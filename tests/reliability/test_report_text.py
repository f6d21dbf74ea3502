"""Arbitrary user text in the outputs (issue "Reliability and security hardening"): titles,
notes, practice codes and member names never become a live formula in CSV or XLSX, and
the PDF shows them exactly as typed (CONTRACT §1.2 title, §5 exports)."""

from __future__ import annotations

import csv
import io
import string
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.core.model import Dataset
from etprio.report.pdf import Member, build_report
from etprio.report.tables import csv_text, ranking_table, write_table
from tests.report.builders import committee_record, content, dataset, page_texts, scores_of

TRIGGERS = ("=", "+", "-", "@")
# Printable text the report font covers, rich in markup, quoting and formula characters.
ALPHABET = string.ascii_letters + string.digits + " <>&;'\"=+-@|!/\\()[]{}%£€—ŵŷ#*"
user_text = st.builds(
    lambda lead, body: (lead + body).strip(),
    st.sampled_from(["", *TRIGGERS]),
    st.text(ALPHABET, min_size=1, max_size=30),
).filter(bool)

SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def hostile_data(title: str, code: str) -> Dataset:
    data = dataset(3)
    first = replace(data.bids[0], title=title, practice_code=code, notes=f"Note: {title}")
    return Dataset((first, *data.bids[1:]), data.premises)


def live(value: object) -> bool:
    return isinstance(value, str) and value.startswith(TRIGGERS)


@SETTINGS
@given(title=user_text, code=user_text)
def test_csv_and_xlsx_never_hold_a_live_formula(tmp_path: Path, title: str, code: str) -> None:
    header, rows = ranking_table(scores_of(hostile_data(title, code)), funded=set())
    text_columns = [header.index(name) for name in ("bid_id", "title", "practice_code")]
    for row in csv.reader(io.StringIO(csv_text(header, rows), newline="")):
        assert not any(live(row[i]) for i in text_columns)
    path = tmp_path / "ranking.xlsx"
    write_table(path, header, rows)
    sheet = openpyxl.load_workbook(path).active
    for cells in sheet.iter_rows():
        for cell in cells:
            assert cell.data_type != "f" and not live(cell.value)
    shown = {sheet.cell(r, header.index("title") + 1).value for r in range(2, sheet.max_row + 1)}
    assert title in shown or "'" + title in shown


@SETTINGS
@given(title=user_text, code=user_text, member=user_text)
def test_the_pdf_shows_user_text_exactly(
    tmp_path_factory: pytest.TempPathFactory, title: str, code: str, member: str
) -> None:
    data = hostile_data(title, code)
    record = committee_record()
    record = replace(record, members=(*record.members, Member(member, "Lay member")))
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    build_report(path, replace(content(3), scores=scores_of(data), committee=record))
    text = unspaced(" ".join(page_texts(path)))
    for typed in (title, code, member, f"Note: {title}"):
        assert unspaced(typed) in text


def unspaced(text: str) -> str:
    """Text without whitespace: a narrow column may wrap a long code mid-word, which changes
    where lines break, never which characters are shown."""
    return "".join(text.split())
