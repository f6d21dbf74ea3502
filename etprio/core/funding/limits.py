"""The budgets a funding line must stay within, and the same budgets as constraint rows
(CONTRACT §3 and §7).

Every limit is knapsack-shaped: each bid takes a fixed number of pence from it, and a set of
bids fits when, row by row, what they take together is at most what the row allows. The
capital envelope, the recurrent headroom, a cohort's capital limit, a financial year's
allocation and, with carry-forward, the allocation up to a year are all such rows. They are
built once, by :func:`limit_rows`, and every selection reads the same rows — the rank-order
walk's fit test, the best-value programme, the sampled walks of sensitivity and "what would
it take" — so no two of them can disagree about what fits.

Budgets are compared in whole pence, so a limit that a set meets exactly is met (limits are
inclusive) whatever the floating-point rounding of the grants.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeGuard

import numpy as np

from etprio.core.errors import EtprioError
from etprio.core.financial_years import parse_financial_year, year_start
from etprio.core.wording import format_gbp, join_words

if TYPE_CHECKING:
    from etprio.core.funding.selection import BidArrays


class FundingError(EtprioError):
    """Budgets a user typed that cannot make a funding line (a usage error, exit code 2)."""

    exit_code = 2


def pence(amount: float) -> int:
    """Whole pence, so that budget limits are inclusive exactly (CONTRACT §3: ≤) with no
    floating-point residue deciding whether a bid fits."""
    return round(amount * 100)


@dataclass(frozen=True)
class FundingLimits:
    """The budgets a funding line must stay within (CONTRACT §3, §7).

    ``capital_envelope`` is £ of grant; ``recurrent_headroom`` the new recurrent revenue
    the CCG can carry, £ per year; either may be None (no such limit), as CONTRACT §7
    allows with allocations by year and §8 for a region's capital alone, as long as some
    limit is set. ``capital_by_year`` is the fund's allocation per
    financial year (``2017/18`` → £), a year not named having £0 while any is named;
    ``carry_forward`` passes a year's unspent allocation to the next, so the limits become
    cumulative. ``horizon_years`` is how many financial years the liability covers, from the
    one containing the assessment date. ``cohort_capital_limits`` optionally caps the grant
    spent on each delivery cohort (CONTRACT §2.2), e.g. what must be spent by March 2017.
    ``rent_uplift_pct`` grows recurrent costs each year in the liability only; at 0 (the
    default) the liability is exactly the contract's.
    """

    capital_envelope: float | None
    recurrent_headroom: float | None
    horizon_years: int = 10
    cohort_capital_limits: Mapping[int, float] | None = None
    rent_uplift_pct: float = 0.0
    capital_by_year: Mapping[str, float] | None = None
    carry_forward: bool = False

    def __post_init__(self) -> None:
        years = _checked_years(self.capital_by_year)
        object.__setattr__(self, "capital_by_year", years)
        if self.capital_envelope is None and self.recurrent_headroom is None and years is None:
            raise FundingError(
                "a funding line needs a limit: a capital envelope, a recurrent headroom or "
                "allocations by financial year"
            )
        for label, amount in (
            ("capital envelope", self.capital_envelope),
            ("recurrent headroom", self.recurrent_headroom),
        ):
            if amount is not None and (not _is_amount(amount) or amount <= 0):
                raise FundingError(f"the {label} must be more than £0, not {_shown(amount)}")
        horizon = self.horizon_years
        if not isinstance(horizon, numbers.Integral) or isinstance(horizon, bool):
            raise FundingError(f"the horizon must be a whole number of years, not {horizon!r}")
        if not 1 <= horizon <= 100:
            raise FundingError(f"the horizon must be 1 to 100 years, not {horizon}")
        uplift = self.rent_uplift_pct
        if not _is_amount(uplift) or not 0 <= uplift <= 100:
            raise FundingError(
                f"the rent uplift must be 0% to 100% a year, not {self.rent_uplift_pct!r}%"
            )
        if self.cohort_capital_limits is not None:
            limits: dict[int, float] = {}
            for cohort, amount in self.cohort_capital_limits.items():
                if not _is_amount(amount) or amount < 0:
                    raise FundingError(
                        f"the cohort {cohort} capital limit must be £0 or more, "
                        f"not {_shown(amount)}"
                    )
                limits[int(cohort)] = float(amount)
            object.__setattr__(self, "cohort_capital_limits", MappingProxyType(limits))
        object.__setattr__(self, "carry_forward", bool(self.carry_forward))

    def __hash__(self) -> int:
        cohorts = tuple(sorted((self.cohort_capital_limits or {}).items()))
        years = tuple((self.capital_by_year or {}).items())
        return hash(
            (
                self.capital_envelope,
                self.recurrent_headroom,
                self.horizon_years,
                cohorts,
                self.rent_uplift_pct,
                years,
                self.carry_forward,
            )
        )


def limits_in_words(limits: FundingLimits) -> str:
    """The budgets as one sentence a committee reads out, naming only the limits set:
    "capital envelope £4,500,000; recurrent headroom £250,000 a year; allocations 2017/18
    £26,100,000 and 2018/19 £26,200,000, unspent allocation carried forward"."""
    parts = []
    if limits.capital_envelope is not None:
        parts.append(f"capital envelope {format_gbp(limits.capital_envelope)}")
    if limits.recurrent_headroom is not None:
        parts.append(f"recurrent headroom {format_gbp(limits.recurrent_headroom)} a year")
    if limits.capital_by_year is not None:
        years = [f"{y} {format_gbp(a)}" for y, a in limits.capital_by_year.items()]
        carried = (
            ", unspent allocation carried forward"
            if limits.carry_forward
            else ", no carry-forward between years"
        )
        parts.append(f"allocations {join_words(years, shown=len(years))}{carried}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def _checked_years(years: Mapping[str, float] | None) -> Mapping[str, float] | None:
    """Allocations keyed by their canonical labels, earliest year first; None when no year
    is named (an empty mapping sets no allocation)."""
    if not years:
        return None
    checked: dict[str, float] = {}
    for label, amount in years.items():
        year = parse_financial_year(str(label))
        if year is None:
            raise FundingError(
                f"{label!r} is not a financial year; write it as 2017/18 (April 2017 to March 2018)"
            )
        if year in checked:
            raise FundingError(f"{year} is given more than once")
        if not _is_amount(amount) or amount < 0:
            raise FundingError(f"the {year} allocation must be £0 or more, not {_shown(amount)}")
        checked[year] = float(amount)
    return MappingProxyType(dict(sorted(checked.items(), key=lambda kv: year_start(kv[0]))))


_NEXT_YEAR = re.compile(r",\s*(?=\d{4}\s*[/_\-]\s*\d{2}\s*=)")


def parse_capital_by_year(text: str) -> tuple[tuple[str, float], ...]:
    """Allocations as typed on the command line (CONTRACT §7): ``2017/18=£26.1m,2018/19=
    £26,200,000``; money in any CONTRACT §1 spelling, thousands separators included, so
    the list is split only before a year. Earliest year first.

    >>> parse_capital_by_year("2018/19=£26,200,000, 2017/18=£26.1m")
    (('2017/18', 26100000.0), ('2018/19', 26200000.0))
    """
    from etprio.core.tables.cells import CellError, money

    allocation: dict[str, float] = {}
    for item in _NEXT_YEAR.split(text.strip()):
        label, equals, amount = item.partition("=")
        if not equals or not amount.strip():
            raise FundingError(
                f"{item.strip()!r} is not a year's allocation; write YEAR=£, e.g. "
                "2017/18=£26.1m,2018/19=£26.2m"
            )
        label = label.strip()
        if label in allocation:
            raise FundingError(f"{label} is given more than once")
        try:
            allocation[label] = money(amount.strip())
        except CellError as exc:
            raise FundingError(f"the {label} allocation: {exc}") from None
    return tuple((_checked_years(allocation) or {}).items())


def _is_amount(value: object) -> TypeGuard[numbers.Real]:
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


def _shown(amount: object) -> str:
    return format_gbp(float(amount)) if _is_amount(amount) else repr(amount)


@dataclass(frozen=True)
class LimitLabel:
    """What one constraint row stands for, so a bid that breaks it is told which limit in
    words: ``kind`` is ``capital``, ``recurrent``, ``cohort`` or ``year``; ``year`` is the
    financial year (up to which, when ``cumulative``)."""

    kind: str
    cohort: int | None = None
    year: str | None = None
    cumulative: bool = False

    def exceeded(self, over_pence: int) -> str:
        """The envelope-like limits: "the capital envelope by £30,000"."""
        over = format_gbp(over_pence / 100)
        if self.kind == "capital":
            return f"the capital envelope by {over}"
        if self.kind == "recurrent":
            return f"recurrent headroom by {over}/yr"
        return f"the cohort {self.cohort} capital limit by {over}"

    def overdrawn(self, drawn_pence: int, left_pence: int) -> str:
        """A year's allocation: "draws £420,000 in 2018/19, £180,000 left that year"."""
        drawn, left = format_gbp(drawn_pence / 100), format_gbp(max(left_pence, 0) / 100)
        if self.cumulative:
            return f"draws {drawn} up to {self.year}, {left} left up to then with carry-forward"
        return f"draws {drawn} in {self.year}, {left} left that year"


@dataclass(frozen=True, eq=False)
class LimitRows:
    """Every limit as one row of ``matrix`` (rows × bids, whole pence each bid takes) with
    its ``limit`` (pence) and ``labels``: the one description of "fits" that every selection
    reads. ``columns`` lists, per bid, the rows it takes anything from, for the walk's fast
    fit test in plain integers."""

    matrix: np.ndarray
    limit: np.ndarray
    labels: tuple[LimitLabel, ...]
    columns: tuple[tuple[tuple[int, int], ...], ...]

    def __len__(self) -> int:
        return len(self.labels)

    def floors(self, candidates: np.ndarray) -> list[tuple[int, int]]:
        """(row, pence) for each limit every one of ``candidates`` (a mask of bids) takes
        something from, with the least any of them takes: once a limit has less than that
        left, none of them fits any more, so a walk can stop."""
        if not candidates.any():
            return []
        least = self.matrix[:, candidates].min(axis=1).tolist()
        return [(r, need) for r, need in enumerate(least) if need > 0]


def years_in_play(limits: FundingLimits, arrays: BidArrays) -> tuple[str, ...]:
    """Every financial year with an allocation or in which any bid draws grant, in order
    (CONTRACT §7: the years of ``capital_by_year``)."""
    named = set(limits.capital_by_year or {})
    return tuple(sorted(named | set(arrays.years), key=year_start))


@lru_cache(maxsize=32)
def limit_rows(limits: FundingLimits, arrays: BidArrays) -> LimitRows:
    """The constraint rows of ``limits`` for the bids of ``arrays`` (CONTRACT §3, §7).

    Rows in order: capital envelope, recurrent headroom (each when given), cohort capital
    limits, then one row per financial year when allocations are named — the grant drawn
    that year against that year's allocation, or with carry-forward the grant drawn up to
    that year against the allocation up to it. A year a bid draws in but no allocation
    names has £0; one neither named nor drawn in adds nothing.
    """
    rows: list[np.ndarray] = []
    caps: list[int] = []
    labels: list[LimitLabel] = []
    grant = np.array(arrays.grant_pence, dtype=np.int64)
    if limits.capital_envelope is not None:
        rows.append(grant)
        caps.append(pence(limits.capital_envelope))
        labels.append(LimitLabel("capital"))
    if limits.recurrent_headroom is not None:
        rows.append(np.array(arrays.recurrent_pence, dtype=np.int64))
        caps.append(pence(limits.recurrent_headroom))
        labels.append(LimitLabel("recurrent"))
    cohort = np.array(arrays.cohort, dtype=np.int64)
    for c, cap in sorted((limits.cohort_capital_limits or {}).items()):
        rows.append(np.where(cohort == c, grant, 0))
        caps.append(pence(cap))
        labels.append(LimitLabel("cohort", cohort=c))
    if limits.capital_by_year is not None:
        allocation = limits.capital_by_year
        drawn = arrays.grant_by_year_pence
        position = {year: k for k, year in enumerate(arrays.years)}
        running_row = np.zeros(len(arrays.ids), dtype=np.int64)
        running_cap = 0
        for year in years_in_play(limits, arrays):
            row = drawn[position[year]] if year in position else np.zeros_like(running_row)
            cap = pence(allocation.get(year, 0.0))
            if limits.carry_forward:
                running_row = running_row + row
                running_cap += cap
                row, cap = running_row, running_cap
            rows.append(row)
            caps.append(cap)
            labels.append(LimitLabel("year", year=year, cumulative=limits.carry_forward))
    n = len(arrays.ids)
    matrix = np.vstack(rows) if rows else np.zeros((0, n), dtype=np.int64)
    columns = tuple(
        tuple((r, amount) for r, amount in enumerate(column) if amount)
        for column in matrix.T.tolist()
    )
    return LimitRows(
        matrix=matrix,
        limit=np.array(caps, dtype=np.int64),
        labels=tuple(labels),
        columns=columns,
    )
