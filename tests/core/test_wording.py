"""Money reads the same in the app, the command line and the PDF: one full form with pence
only when there are some, one compact form for projectors and chart axes."""

from __future__ import annotations

import math

from hypothesis import example, given
from hypothesis import strategies as st

from etprio.core.tables import cells
from etprio.core.wording import format_gbp, format_gbp_short

AMOUNTS = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
# Rounding to the penny moves an amount by at most half a penny; a float such as 0.125 sits a
# hair past that once written in binary.
HALF_PENNY = 0.005 + 1e-9


@given(AMOUNTS)
@example(0.125)
def test_full_money_reads_back_to_the_penny(amount: float) -> None:
    assert math.isclose(cells.money(format_gbp(amount)), amount, abs_tol=HALF_PENNY)


@given(AMOUNTS)
def test_compact_money_reads_back_to_three_significant_figures(amount: float) -> None:
    shown = format_gbp_short(amount)
    assert math.isclose(cells.money(shown), amount, rel_tol=0.005, abs_tol=0.5), shown


def test_pence_show_only_when_there_are_some() -> None:
    assert format_gbp(4073.85) == "£4,073.85"
    assert format_gbp(4073.0) == "£4,073"
