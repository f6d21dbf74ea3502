"""NHS financial years (1 April–31 March) as finance writes them, ``2017/18`` (CONTRACT §7).

Allocations, a bid's grant profile and the liability are all counted by financial year;
one module reads and writes the labels so that ``2017_18`` in a heading, ``2017/18`` on the
command line and the year a completion date falls in are the same key everywhere.
"""

from __future__ import annotations

import re
from datetime import date

_LABEL = re.compile(r"(\d{4})\s*[/_\-]\s*(\d{2})")


def financial_year_start(day: date) -> int:
    """Calendar year in which the NHS financial year (April–March) containing ``day`` starts.

    >>> financial_year_start(date(2016, 6, 30)), financial_year_start(date(2017, 3, 31))
    (2016, 2016)
    """
    return day.year if day.month >= 4 else day.year - 1


def financial_year_label(start_year: int) -> str:
    """``2016`` → ``"2016/17"``, the way NHS finance writes a financial year.

    >>> financial_year_label(2099)
    '2099/00'
    """
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def financial_year_of(day: date) -> str:
    """The label of the financial year containing ``day``.

    >>> financial_year_of(date(2018, 4, 1)), financial_year_of(date(2018, 3, 31))
    ('2018/19', '2017/18')
    """
    return financial_year_label(financial_year_start(day))


def parse_financial_year(text: str) -> str | None:
    """``2017/18``, ``2017_18`` or ``2017-18`` as the label ``2017/18``; None when the text
    is not a financial year, including a second half that does not follow the first
    (``2017/19``).

    >>> parse_financial_year(" 2017_18 "), parse_financial_year("2099/00")
    ('2017/18', '2099/00')
    >>> parse_financial_year("2017/19") is None, parse_financial_year("17/18") is None
    (True, True)
    """
    match = _LABEL.fullmatch(text.strip())
    if match is None:
        return None
    start = int(match.group(1))
    label = financial_year_label(start)
    return label if label.endswith(match.group(2)) else None


def year_start(label: str) -> int:
    """The calendar year a label's financial year starts in: the sort key of years.

    >>> year_start("2017/18")
    2017
    """
    return int(label[:4])
