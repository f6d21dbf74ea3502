"""The regional table as a spreadsheet (CONTRACT §8 ``region -o OUT.xlsx``): the rows of
``region --format json`` with a column per financial year, every text cell neutralised
(CONTRACT §5), and an "About" sheet saying which projects and limits produced it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from etprio import __version__
from etprio.core.region.plan import RegionalPlan
from etprio.core.wording import format_gbp
from etprio.report.tables import Cell, write_table


def region_table(plan: RegionalPlan) -> tuple[list[str], list[list[Cell]]]:
    """Column names and rows, one row per bid in regional order."""
    years = [y.year for y in plan.years]
    header = [
        "regional_rank",
        "ccg",
        "bid_id",
        "title",
        "score",
        "local_rank",
        "grant_gbp",
        *(f"grant_{y.replace('/', '_')}" for y in years),
        "funded",
        "best_value",
        "reason",
    ]
    rows: list[list[Cell]] = [
        [
            b.regional_rank,
            b.ccg,
            b.bid_id,
            b.title,
            round(b.score, 2),
            b.local_rank,
            round(b.grant, 2),
            *(round(b.grant_by_year.get(y, 0.0), 2) for y in years),
            b.funded,
            b.best_value,
            b.reason or "",
        ]
        for b in plan.bids
    ]
    return header, rows


def about_region(plan: RegionalPlan, at: datetime | None = None) -> list[list[Cell]]:
    """What produced the table: the order, the criteria of the ``score`` order, the
    limits and every CCG's project."""
    moment = (at or datetime.now(UTC)).astimezone(UTC)
    limits = plan.limits
    rows: list[list[Cell]] = [
        ["Produced by", f"etprio {__version__}"],
        ["Produced at (UTC)", moment.strftime("%Y-%m-%d %H:%M:%S")],
        ["Regional order", plan.order],
        ["Criteria set (score order)", plan.criteria_name],
        ["Carry-forward", "yes" if limits.carry_forward else "no"],
        [
            "Capital in total",
            format_gbp(limits.capital) if limits.capital is not None else "no limit",
        ],
        [],
        ["Budget", "Amount"],
    ]
    rows += [[f"Allocation {y}", format_gbp(v)] for y, v in limits.capital_by_year.items()]
    rows += [[], ["Data file", "CCG"]]
    rows += [[str(c.path), f"{c.code} {c.name}"] for c in plan.ccgs]
    return rows


def write_region_table(path: Path, plan: RegionalPlan) -> None:
    header, rows = region_table(plan)
    write_table(path, header, rows, about=about_region(plan))
