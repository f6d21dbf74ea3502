"""CONTRACT §7 in the submission PDF: the funding section's capital by financial year —
allocation against what each selection draws, as a table and a chart — and budgets that
name only the limits set."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import plan_funding
from etprio.core.wording import format_gbp
from etprio.report.pdf import build_report
from tests.report.builders import content, flat, page_texts


def report_with(tmp_path: Path, limits: FundingLimits) -> tuple[str, object]:
    base = content()
    plan = plan_funding(base.scores, limits)
    path = tmp_path / "years.pdf"
    build_report(path, replace(base, funding=plan))
    return flat(" ".join(page_texts(path))), plan


def test_the_funding_section_shows_each_year_against_its_allocation(tmp_path: Path) -> None:
    years = {"2016/17": 300_000.0, "2017/18": 500_000.0}
    limits = FundingLimits(None, None, capital_by_year=years, carry_forward=True)
    text, plan = report_with(tmp_path, limits)
    assert "Capital by financial year" in text
    assert "Unspent allocation carries forward" in text
    assert "Financial year Allocation In rank order Best value Carried in (rank order)" in text
    for year in plan.capital_by_year:
        row = (
            f"{year.year} {format_gbp(year.allocation)} {format_gbp(year.rank_order)} "
            f"{format_gbp(year.best_value)} {format_gbp(year.rank_order_carried_in)}"
        )
        assert row in text
    assert "Allocation + carried in (rank order)" in text  # the chart's legend
    assert (
        "Budgets: Allocations 2016/17 £300,000 and 2017/18 £500,000, unspent allocation "
        "carried forward; every limit is inclusive." in text
    )
    assert "Capital envelope left" not in text and "Recurrent headroom left" not in text
    assert "No limit set" in text  # the liability has no headroom to compare against


def test_without_allocations_the_years_show_the_drawdown_only(tmp_path: Path) -> None:
    text, plan = report_with(tmp_path, FundingLimits(1_200_000, 40_000))
    assert "No allocations by year were given" in text
    first = plan.capital_by_year[0]
    assert f"{first.year} – {format_gbp(first.rank_order)}" in text
    assert "Carried in (rank order)" not in text
