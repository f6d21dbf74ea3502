"""Property tests of the importer: random valid tables round-trip, one bad cell gives one
error at its row and column, and any mess gives bids or problems, never a traceback."""

from __future__ import annotations

import csv
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etprio.core.errors import ImportFailed
from etprio.core.model import ASSESSOR_COLUMNS, Bid, PlanningStatus, SchemeType
from etprio.core.tables.import_columns import BID_COLUMNS
from etprio.core.tables.importing import read_bids
from tests.core.import_builders import (
    ASSESSED,
    SURVEYED,
    write_csv,
)

# --- properties ----------------------------------------------------------------------------

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), include_characters="\t\n"),
    max_size=25,
)
HALVES = st.integers(0, 10).map(lambda half: half / 2)
YES = ["yes", "Y", "TRUE", "true", "1"]
NO = ["no", "N", "False", "0"]


def _money(draw: st.DrawFn, pounds: int) -> str:
    spelling = draw(st.sampled_from(["plain", "commas", "pound", "k", "m"]))
    return {
        "plain": str(pounds),
        "commas": f"{pounds:,}",
        "pound": f"£{pounds:,}",
        "k": f"£{Decimal(pounds) / 1000}k",
        "m": f"£{Decimal(pounds) / 1_000_000}m",
    }[spelling]


def _day(draw: st.DrawFn, day: date) -> str:
    return draw(
        st.sampled_from(
            [day.isoformat(), day.strftime("%d/%m/%Y"), f"{day.day}/{day.month}/{day:%y}"]
        )
    )


def _word(draw: st.DrawFn, value: str) -> str:
    return draw(st.sampled_from([value, value.upper(), value.replace("_", " ").title()]))


@st.composite
def bid_tables(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[Bid]]:
    """Valid rows in random spellings, and the bids they must import as."""
    fractions = draw(st.booleans())
    rows, expected = [], []
    for index in range(draw(st.integers(1, 8))):
        bid_id = f"B{index:03d}"
        scheme = draw(st.sampled_from(list(SchemeType)))
        estates = scheme is SchemeType.ESTATES
        code = draw(st.from_regex(r"[A-Z][0-9]{5}", fullmatch=True))
        title = draw(TEXT.filter(str.strip))
        capital = draw(st.integers(1, 5_000_000))
        grant = draw(st.integers(0, 100))
        recurrent = draw(st.none() | st.integers(0, 200_000))
        completion = draw(st.dates(date(1990, 1, 1), date(2060, 12, 31)))
        premises_id = draw(
            st.sampled_from(["P1", "P2"]) if estates else st.sampled_from(["", "P1"])
        )
        land = draw(st.booleans()) if estates else draw(st.none() | st.booleans())
        planning = draw(st.sampled_from(list(PlanningStatus)) if estates else st.none())
        scores = {name: draw(HALVES) for name in ASSESSOR_COLUMNS[:4]}
        scores |= {
            n: s for n in ASSESSOR_COLUMNS[4:] if (s := draw(st.none() | HALVES)) is not None
        }
        population = draw(st.none() | st.integers(0, 50_000))
        depends_on = tuple(
            draw(st.lists(st.sampled_from([b.bid_id for b in expected]), unique=True))
            if expected
            else ()
        )
        notes = draw(TEXT)
        if fractions:
            grant_cell = str(Decimal(grant) / 100)
        else:
            grant_cell = f"{grant}%" if grant < 2 or draw(st.booleans()) else str(grant)
        rows.append(
            {
                "bid_id": bid_id,
                "title": title,
                "practice_code": draw(st.sampled_from([code, code.lower(), f" {code} "])),
                "scheme_type": _word(draw, scheme.value),
                "premises_id": premises_id,
                "capital_cost_gbp": _money(draw, capital),
                "grant_pct": grant_cell,
                "recurrent_revenue_gbp": "" if recurrent is None else _money(draw, recurrent),
                "expected_completion": _day(draw, completion),
                "land_secured": "" if land is None else draw(st.sampled_from(YES if land else NO)),
                "planning_status": "" if planning is None else _word(draw, planning.value),
                **{name: f"{value:g}" for name, value in scores.items()},
                "population_benefit": "" if population is None else f"{population:,}",
                "depends_on": "; ".join(depends_on),
                "notes": notes,
            }
        )
        expected.append(
            Bid(
                bid_id=bid_id,
                title=title.strip(),
                practice_code=code,
                scheme_type=scheme,
                capital_cost_gbp=float(capital),
                expected_completion=completion,
                premises_id=premises_id or None,
                grant_pct=float(grant),
                recurrent_revenue_gbp=float(recurrent or 0),
                land_secured=land,
                planning_status=planning,
                scores=scores,
                population_benefit=None if population is None else float(population),
                depends_on=depends_on,
                notes=notes.strip(),
            )
        )
    return rows, expected


def _write_dialect(folder: Path, rows: list[dict[str, str]], delimiter: str, bom: bool) -> Path:
    path = folder / "bids.csv"
    header = [column.name for column in BID_COLUMNS]
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows([row.get(name, "") for name in header] for row in rows)
    return path


PROPERTY = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@PROPERTY
@given(bid_tables(), st.sampled_from([",", ";", "\t"]), st.booleans())
def test_valid_rows_round_trip_into_equal_bids(
    table: tuple[list[dict[str, str]], list[Bid]], delimiter: str, bom: bool
) -> None:
    rows, expected = table
    with tempfile.TemporaryDirectory() as folder:
        bids, warnings = read_bids(_write_dialect(Path(folder), rows, delimiter, bom), None)
    assert warnings == ()
    assert list(bids) == expected


BAD_CELLS = [
    ("title", " "),
    ("scheme_type", "hospital"),
    ("capital_cost_gbp", "lots"),
    ("capital_cost_gbp", "-£1"),
    ("grant_pct", "101%"),
    ("recurrent_revenue_gbp", "(£5)"),
    ("expected_completion", "31/02/2017"),
    ("land_secured", "maybe"),
    ("planning_status", "pending"),
    ("access_score", "5.5"),
    ("ig_score", "x"),
    ("population_benefit", "-1"),
    ("depends_on", "NOBODY"),
]


@PROPERTY
@given(bid_tables(), st.data())
def test_one_bad_cell_gives_exactly_one_error_at_its_row_and_column(
    table: tuple[list[dict[str, str]], list[Bid]], data: st.DataObject
) -> None:
    rows, _ = table
    index = data.draw(st.integers(0, len(rows) - 1))
    column, typed = data.draw(st.sampled_from(BAD_CELLS))
    rows[index][column] = typed
    with tempfile.TemporaryDirectory() as folder, pytest.raises(ImportFailed) as failed:
        read_bids(_write_dialect(Path(folder), rows, ",", False), None)
    assert [(p.row, p.column) for p in failed.value.problems] == [(index + 2, column)]


@settings(max_examples=100, deadline=None, derandomize=True)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                name: st.sampled_from(["", "x", "-1", "0.5", "£1k", "yes", "31/3/17", "B1; B1"])
                for name in [column.name for column in BID_COLUMNS]
            }
        ),
        min_size=1,
        max_size=5,
    )
)
def test_any_mess_of_cells_gives_bids_or_problems_never_a_traceback(
    rows: list[dict[str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write_csv(Path(folder) / "bids.csv", rows)
        try:
            read_bids(path, SURVEYED, assessment_date=ASSESSED)
        except ImportFailed as failed:
            assert all(problem.file == str(path) for problem in failed.problems)
