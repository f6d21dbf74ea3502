"""How etprio writes money, percentages, dates, yes/no, lists of names and column labels:
one module, so the app, the command line and the PDF say the same thing the same way.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime


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


def yes_no(flag: bool | None) -> str:
    """A flag as the register, the bid pages and the tables write it; ``not given`` where
    the bids table left it blank.

    >>> yes_no(True), yes_no(False), yes_no(None)
    ('Yes', 'No', 'not given')
    """
    return "not given" if flag is None else "Yes" if flag else "No"


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
    """Money to three significant figures, for a projector and for chart axes in the app and
    the PDF: a column of £1,980,000s in large type leaves no room for the bids' titles.
    Read back by the importer's own money parser (``cells.money``) to within rounding.

    >>> format_gbp_short(1_980_000)
    '£1.98m'
    >>> format_gbp_short(118_000)
    '£118k'
    >>> format_gbp_short(39_600)
    '£39.6k'
    >>> format_gbp_short(999_999)
    '£1m'
    >>> format_gbp_short(900), format_gbp_short(0), format_gbp_short(-250_000)
    ('£900', '£0', '-£250k')
    >>> format_gbp_short(999_500_000)
    '£1,000m'
    """
    sign = "-" if amount <= -0.5 else ""
    value = abs(amount)
    rounded = float(f"{value:.3g}")
    for size, suffix in ((1e6, "m"), (1e3, "k")):
        if rounded >= size:
            return f"{sign}£{rounded / size:,g}{suffix}"
    return f"{sign}£{value:,.0f}"


COLUMN_LABELS = {
    "rank": "Rank",
    "bid_id": "Bid ID",
    "title": "Scheme name",
    "practice_code": "Practice (ODS code)",
    "scheme_type": "Scheme type",
    "premises_id": "Premises ID",
    "score": "Score",
    "eligible": "Eligible",
    "cohort": "Cohort",
    "capital_cost_gbp": "Capital cost (£)",
    "grant_pct": "Grant %",
    "grant_gbp": "Grant (£)",
    "recurrent_revenue_gbp": "Recurrent revenue (£/yr)",
    "funded": "Funded",
    "expected_completion": "Completion date",
    "land_secured": "Land secured",
    "planning_status": "Planning",
    "population_benefit": "Patients who benefit",
    "depends_on": "Depends on",
    "notes": "Notes",
    "access_score": "Access score (0–5)",
    "capacity_score": "Capacity score (0–5)",
    "training_score": "Training score (0–5)",
    "wider_services_score": "Wider services score (0–5)",
    "engagement_score": "Engagement score (0–5)",
    "strategy_fit_score": "Estates strategy fit score (0–5)",
    "digital_roadmap_score": "Digital roadmap score (0–5)",
    "ig_score": "Information governance score (0–5)",
    "premises_name": "Premises name",
    "survey_date": "Survey date",
    "physical_condition": "Physical condition",
    "functional_suitability": "Functional suitability",
    "space_utilisation": "Space utilisation",
    "quality": "Quality",
    "statutory_compliance": "Statutory compliance",
    "environmental_management": "Environmental management",
    "gia_m2": "Internal area (m²)",
    "backlog_cost_gbp": "Backlog maintenance (£)",
    "current_rent_gbp": "Current rent (£/yr)",
    "list_size": "List size",
}
"""Bid and survey columns (CONTRACT §1) as headings a person reads."""


def column_label(name: str) -> str:
    """A table column as a heading: the label above, or the name in words.

    >>> column_label("capital_cost_gbp"), column_label("grant_2017_18")
    ('Capital cost (£)', 'Grant 2017/18')
    """
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    year = re.fullmatch(r"grant_(\d{4})_(\d{2})", name)
    if year:
        return f"Grant {year.group(1)}/{year.group(2)}"
    words = name.replace("_", " ")
    return words[:1].upper() + words[1:]


_SETTING_LABELS = {
    "capital_envelope": "capital envelope",
    "recurrent_headroom": "recurrent headroom",
    "horizon_years": "horizon",
    "capital_by_year": "capital allocation by year",
    "carry_forward": "carry-forward of unspent allocation",
    "ccg_name": "CCG name",
    "ccg_code": "CCG code",
    "title": "report title",
    "version": "report version",
    "protective_marking": "protective marking",
    "confidential": "columns left out of the public edition",
    "logo": "logo",
}
_MONEY_SETTINGS = {"capital_envelope", "recurrent_headroom", "capital_by_year"}


def setting_change(name: str, old: object, new: object) -> str:
    """One changed setting as the decision log says it: what, from what, to what.

    >>> setting_change("capital_envelope", 4_500_000.0, 5_000_000.0)
    'capital envelope: £4,500,000 → £5,000,000'
    >>> setting_change("recurrent_headroom", None, 250_000)
    'recurrent headroom: not set → £250,000'
    >>> setting_change("capital_by_year", (), (("2017/18", 26.1e6), ("2018/19", 26.2e6)))
    'capital allocation by year: not set → 2017/18 £26,100,000, 2018/19 £26,200,000'
    >>> setting_change("confidential", ("notes",), ("notes", "title"))
    'columns left out of the public edition: Notes → Notes and Scheme name'
    """
    label = _SETTING_LABELS.get(name, name.replace("_", " "))
    money = name in _MONEY_SETTINGS
    return f"{label}: {setting_value(old, money=money)} → {setting_value(new, money=money)}"


def setting_value(value: object, *, money: bool = False) -> str:
    """A setting's value in words: money as money, years as years, columns by label."""
    if value is None or value == "" or value == () or value == {}:
        return "not set"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        if money:
            return format_gbp(float(value))
        return f"{value:g} years" if isinstance(value, int) else f"{value:g}"
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) for v in value):
        value = dict(value)
    if isinstance(value, dict):
        shown = [f"{k} {setting_value(v, money=money)}" for k, v in value.items()]
        return ", ".join(shown)
    if isinstance(value, tuple | list):
        return join_words([column_label(str(v)) for v in value], shown=len(value))
    return f"“{value}”"


def format_date(day: date) -> str:
    """``30 June 2016``: the way NHS documents write dates, never US order, and the same in
    the app, the command line and the PDF.

    >>> format_date(date(2019, 1, 31))
    '31 January 2019'
    """
    return f"{day.day} {day:%B %Y}"


def format_percent(fraction: float, places: int = 1) -> str:
    """A fraction as a percentage, ``places`` decimals: weights as shares of the total.

    >>> format_percent(0.125), format_percent(0.5, 0)
    ('12.5%', '50%')
    """
    return f"{fraction * 100:.{places}f}%"


def format_moment(moment: datetime) -> str:
    """``30 June 2016 14:05``: a moment in the decision log or a pack's receipt, the date
    as :func:`format_date` writes it.

    >>> format_moment(datetime(2017, 2, 1, 9, 30))
    '1 February 2017 09:30'
    """
    return f"{format_date(moment.date())} {moment:%H:%M}"
