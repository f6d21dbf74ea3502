"""One-cell parsers: every spelling CONTRACT §1 promises, and the ones it refuses."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etprio.core.model import PlanningStatus, SchemeType
from etprio.core.tables import cells
from etprio.core.tables.cells import CellError, Percentage

FAST = settings(max_examples=150, deadline=None, derandomize=True)


@pytest.mark.parametrize(
    ("typed", "pounds"),
    [
        ("1250000", 1_250_000),
        ("1,250", 1_250),
        ("£1,250,000", 1_250_000),
        ("£1.25m", 1_250_000),
        ("£1.25M", 1_250_000),
        ("£1.1m", 1_100_000),
        ("£250k", 250_000),
        ("£250K", 250_000),
        ("£1.5k", 1_500),
        ("£ 1,250.50", 1_250.5),
        ("  £12k ", 12_000),
        ("-£5,000", -5_000),
        ("£-5,000", -5_000),
        ("(£5,000)", -5_000),
        ("(5,000)", -5_000),
        ("−£5,000", -5_000),
        ("£0", 0),
        (".5", 0.5),
        (1250.0, 1250),
        (1250, 1250),
        (-5000.0, -5000),
    ],
)
def test_money_accepts_every_contract_spelling(typed: cells.Cell, pounds: float) -> None:
    assert cells.money(typed) == pounds


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "£",
        "lots",
        "1,25",
        "12,50,000",
        "£1,2345",
        "1.2.3",
        "--5",
        "-£-5",
        "(-£5,000)",
        "£5k k",
        "5 pounds",
        "nan",
        "inf",
        True,
        date(2017, 3, 31),
    ],
)
def test_money_refuses_anything_else_with_a_hint(typed: cells.Cell) -> None:
    with pytest.raises(CellError, match=r"not an amount of money.*£1\.25m"):
        cells.money(typed)


@pytest.mark.parametrize("typed", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_workbook_numbers_are_refused(typed: float) -> None:
    with pytest.raises(CellError, match="not a number"):
        cells.money(typed)


@FAST
@given(
    pence_free=st.integers(-(10**9), 10**9),
    spelling=st.sampled_from(["plain", "commas", "pound", "k", "m", "brackets"]),
)
def test_any_whole_amount_round_trips_through_every_spelling(
    pence_free: int, spelling: str
) -> None:
    amount = abs(pence_free)
    sign = "-" if pence_free < 0 else ""
    typed = {
        "plain": f"{sign}{amount}",
        "commas": f"{sign}{amount:,}",
        "pound": f"{sign}£{amount:,}",
        "k": f"{sign}£{Decimal(amount) / 1000}k",
        "m": f"{sign}£{Decimal(amount) / 1_000_000}m",
        "brackets": f"(£{amount:,})" if pence_free < 0 else f"£{amount:,}",
    }[spelling]
    assert cells.money(typed) == pence_free


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1,250", 1250), ("-3.5", -3.5), ("+2", 2), ("7", 7), (7.0, 7), (3, 3), ("0.5", 0.5)],
)
def test_number_accepts_thousands_separators(typed: cells.Cell, value: float) -> None:
    assert cells.number(typed) == value


@pytest.mark.parametrize("typed", ["£5", "1,25", "five", "1e3", "5%", False, date(2017, 1, 1)])
def test_number_refuses_text_money_and_booleans(typed: cells.Cell) -> None:
    with pytest.raises(CellError, match="not a number"):
        cells.number(typed)


@FAST
@given(st.integers(-(10**12), 10**12))
def test_any_integer_with_separators_is_read_back(value: int) -> None:
    assert cells.number(f"{value:,}") == value


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2017-03-31", date(2017, 3, 31)),
        ("2017-3-1", date(2017, 3, 1)),
        ("2017-03-31 00:00:00", date(2017, 3, 31)),
        ("2017-03-31T12:30", date(2017, 3, 31)),
        ("31/03/2017", date(2017, 3, 31)),
        ("31/3/2017", date(2017, 3, 31)),
        ("31/3/17", date(2017, 3, 31)),
        ("01/02/99", date(1999, 2, 1)),
        ("31-03-2017", date(2017, 3, 31)),
        ("31.03.2017", date(2017, 3, 31)),
        ("31/03/2017 00:00", date(2017, 3, 31)),
        ("1/2/2017", date(2017, 2, 1)),
        ("31 Mar 2017", date(2017, 3, 31)),
        ("31 March 2017", date(2017, 3, 31)),
        ("31-Mar-17", date(2017, 3, 31)),
        (" 2017-03-31 ", date(2017, 3, 31)),
        (date(2017, 3, 31), date(2017, 3, 31)),
        (datetime(2017, 3, 31, 10, 30), date(2017, 3, 31)),
    ],
)
def test_dates_are_iso_uk_or_real_date_cells(typed: cells.Cell, expected: date) -> None:
    assert cells.calendar_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("03/31/2017", "month/day order"),
        ("31/02/2017", "no such day"),
        ("2017-02-30", "no such day"),
        ("31/13/2017", "no such day"),
        ("2017/03/31", "use 2017-03-31 or 31/03/2017"),
        ("31 Foo 2017", "use 2017-03-31 or 31/03/2017"),
        ("soon", "use 2017-03-31 or 31/03/2017"),
        ("31/03/2017x", "use 2017-03-31 or 31/03/2017"),
        (42825.0, "use 2017-03-31 or 31/03/2017"),
        (True, "use 2017-03-31 or 31/03/2017"),
        (time(10, 0), "use 2017-03-31 or 31/03/2017"),
    ],
)
def test_dates_never_read_in_us_order_or_as_numbers(typed: cells.Cell, hint: str) -> None:
    with pytest.raises(CellError, match="not a date") as raised:
        cells.calendar_date(typed)
    assert hint in str(raised.value)


@FAST
@given(st.dates(date(1970, 1, 1), date(2068, 12, 31)))
def test_any_date_round_trips_in_every_format(day: date) -> None:
    for typed in (
        day.isoformat(),
        day.strftime("%d/%m/%Y"),
        f"{day.day}/{day.month}/{day:%y}",
        day.strftime("%d %b %Y"),
    ):
        assert cells.calendar_date(typed) == day


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        *((word, True) for word in ("yes", "YES", "Yes", "y", "Y", "true", "TRUE", "1", " yes ")),
        *((word, False) for word in ("no", "NO", "n", "N", "false", "False", "0")),
        (True, True),
        (False, False),
        (1.0, True),
        (0.0, False),
        (1, True),
    ],
)
def test_yes_no_in_any_case(typed: cells.Cell, answer: bool) -> None:
    assert cells.yes_no(typed) is answer


@pytest.mark.parametrize("typed", ["maybe", "2", "yess", 2.0, 0.5])
def test_yes_no_refuses_anything_else(typed: cells.Cell) -> None:
    with pytest.raises(CellError, match="not yes or no"):
        cells.yes_no(typed)


@pytest.mark.parametrize(
    ("typed", "member"),
    [
        ("Not required", PlanningStatus.NOT_REQUIRED),
        ("not-required", PlanningStatus.NOT_REQUIRED),
        ("NOT_REQUIRED", PlanningStatus.NOT_REQUIRED),
        ("GRANTED", PlanningStatus.GRANTED),
        (" applied ", PlanningStatus.APPLIED),
        ("None", PlanningStatus.NONE),
    ],
)
def test_enum_values_match_forgivingly(typed: str, member: PlanningStatus) -> None:
    assert cells.enum_member(typed, PlanningStatus) is member


def test_enum_error_lists_the_allowed_values() -> None:
    with pytest.raises(CellError, match="not one of estates, technology: 'hospital'"):
        cells.enum_member("hospital", SchemeType)


@pytest.mark.parametrize(
    ("typed", "reading"),
    [
        ("66%", Percentage(66.0, marked=True)),
        ("66.5 %", Percentage(66.5, marked=True)),
        ("0.66", Percentage(0.66, marked=False)),
        ("66", Percentage(66.0, marked=False)),
        (0.66, Percentage(0.66, marked=False)),
        ("-5%", Percentage(-5.0, marked=True)),
    ],
)
def test_percentage_cells_remember_whether_they_had_a_percent_sign(
    typed: cells.Cell, reading: Percentage
) -> None:
    assert cells.percentage(typed) == reading


@pytest.mark.parametrize("typed", ["sixty", "%", "66%%", "£66"])
def test_percentage_refuses_text(typed: str) -> None:
    with pytest.raises(CellError, match="not a percentage"):
        cells.percentage(typed)


@pytest.mark.parametrize(
    ("column", "points"),
    [
        (["0.66", "1", "0"], [66.0, 100.0, 0.0]),
        (["0.66", "66"], [0.66, 66.0]),
        (["66%", "0.5"], [66.0, 50.0]),
        (["0.5%", "0.5"], [0.5, 50.0]),
        (["66%", "100%"], [66.0, 100.0]),
        (["66", "100"], [66.0, 100.0]),
        (["0.29"], [29.0]),
    ],
)
def test_bare_numbers_are_fractions_only_when_all_are_at_most_one(
    column: list[str], points: list[float]
) -> None:
    assert cells.percentages([cells.percentage(cell) for cell in column]) == points


def test_blank_cells_do_not_count_for_the_percentage_rule() -> None:
    assert cells.percentages([None, cells.percentage("0.5"), None]) == [None, 50.0, None]


@FAST
@given(st.lists(st.integers(0, 100), min_size=1, max_size=20))
def test_fraction_columns_read_as_the_same_points(whole: list[int]) -> None:
    as_fractions = [cells.percentage(str(Decimal(value) / 100)) for value in whole]
    assert cells.percentages(as_fractions) == [float(value) for value in whole]


@FAST
@given(
    st.lists(st.integers(0, 100), min_size=1, max_size=20),
    st.lists(st.integers(0, 100), max_size=5),
)
def test_marked_cells_never_change_and_one_big_bare_number_keeps_points(
    bare: list[int], marked: list[int]
) -> None:
    column = [cells.percentage(f"{value}%") for value in marked] + [
        cells.percentage(str(value)) for value in bare
    ]
    points = cells.percentages(column)
    assert points[: len(marked)] == [float(value) for value in marked]
    expected = [value * 100.0 if max(bare) <= 1 else float(value) for value in bare]
    assert points[len(marked) :] == expected


@pytest.mark.parametrize(
    ("cell", "shown"),
    [
        ("  Mill Street  ", "Mill Street"),
        (101.0, "101"),
        (2.5, "2.5"),
        (7, "7"),
        (True, "TRUE"),
        (None, ""),
        (date(2017, 3, 31), "2017-03-31"),
        (datetime(2017, 3, 31), "2017-03-31"),
        (datetime(2017, 3, 31, 9, 5), "2017-03-31T09:05:00"),
    ],
)
def test_text_of_any_cell(cell: cells.Cell, shown: str) -> None:
    assert cells.text(cell) == shown


def test_long_cells_are_cut_short_in_messages() -> None:
    with pytest.raises(CellError) as raised:
        cells.number("x" * 500)
    assert len(str(raised.value)) < 80
