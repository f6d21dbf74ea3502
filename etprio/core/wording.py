"""Money and lists of names as a committee reads them, in the funding line's reasons, the
differences between selections and the findings (CONTRACT §3).
"""

from __future__ import annotations

from collections.abc import Sequence


def format_gbp(amount: float) -> str:
    """Money as a committee reads it: whole pounds, pence only when there are some.

    >>> format_gbp(312000)
    '£312,000'
    >>> format_gbp(1234.5)
    '£1,234.50'
    >>> format_gbp(-5000)
    '-£5,000'
    """
    pence = round(amount * 100)
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" if rest == 0 else f"{sign}£{pounds:,}.{rest:02d}"


def join_words(items: Sequence[str], shown: int = 6) -> str:
    """``["B01", "B02", "B03"]`` → ``"B01, B02 and B03"``; long lists end "and N more".

    >>> join_words(["B12", "B14"])
    'B12 and B14'
    >>> join_words([f"B{i}" for i in range(10)], shown=3)
    'B0, B1, B2 and 7 more'
    """
    if len(items) <= 1:
        return "".join(items)
    if len(items) > shown:
        return f"{', '.join(items[:shown])} and {len(items) - shown} more"
    return f"{', '.join(items[:-1])} and {items[-1]}"


def format_gbp_short(amount: float) -> str:
    """Money to three significant figures, for a projector: a column of £1,980,000s in
    large type leaves no room for the bids' titles.

    >>> format_gbp_short(1_980_000)
    '£1.98m'
    >>> format_gbp_short(118_000)
    '£118k'
    >>> format_gbp_short(39_600)
    '£39.6k'
    >>> format_gbp_short(999_999)
    '£1m'
    >>> format_gbp_short(0)
    '£0'
    """
    sign = "-" if amount < 0 else ""
    value = abs(amount)
    for threshold, size, suffix in ((999_500, 1e6, "m"), (999.5, 1e3, "k")):
        if value >= threshold:
            return f"{sign}£{value / size:.3g}{suffix}"
    return f"{sign}£{value:.0f}"
