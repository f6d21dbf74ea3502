"""Which bids get a page in a regional-scale submission, and that the PDF says who has none.

The limits are lowered so that 60 bids stand in for 20,000: the rule is the same."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import plan_funding
from etprio.report.pdf import ReportContent, build_report
from etprio.report.pdf import paged_bids as rule
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.paged_bids import paged_bids
from tests.report.builders import content, flat, page_texts

BIDS = 60


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rule, "EVERY_BID_UP_TO", 20)
    monkeypatch.setattr(rule, "TOP", 3)
    monkeypatch.setattr(rule, "AROUND_LINE", 2)
    monkeypatch.setattr(rule, "MOST_PAGES", 40)


def _regional() -> ReportContent:
    """Sixty bids with budgets that fund a fair share of them."""
    built = content(BIDS)
    return replace(built, funding=plan_funding(built.scores, FundingLimits(4_000_000, 150_000)))


def _positions(edition: Edition, bid_ids: set[str]) -> set[int]:
    bids = edition.matrix.bids
    return {p for p, i in enumerate(edition.order, start=1) if bids[i].bid_id in bid_ids}


def _always(edition: Edition) -> set[int]:
    """Pages the limit never takes away: the committee's bids, the top and the line."""
    line = edition.last_funded_position
    assert line is not None and line > 0
    return _positions(edition, {"Z002", "Z003"}) | set(range(1, 4)) | set(range(line - 1, line + 3))


def _funded(edition: Edition) -> set[int]:
    plan = edition.content.funding
    assert plan is not None
    return _positions(edition, set(plan.rank_order.funded_set | plan.best_value.funded_set))


def test_every_bid_has_a_page_up_to_the_limit() -> None:
    paged = paged_bids(Edition(_regional()))
    assert paged.positions == tuple(range(1, BIDS + 1))
    assert paged.left_out == 0
    assert paged.statement() == ""


def test_above_the_limit_the_bids_that_matter_have_pages(small_limits: None) -> None:
    edition = Edition(_regional())
    paged = paged_bids(edition)
    expected = _always(edition) | _funded(edition)
    assert set(paged.positions) == expected
    assert list(paged.positions) == sorted(paged.positions)
    assert paged.left_out == BIDS - len(expected) > 0
    assert paged.funded_cut_below is None


def test_the_page_limit_cuts_funded_bids_from_the_bottom(
    small_limits: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    edition = Edition(_regional())
    monkeypatch.setattr(rule, "MOST_PAGES", 12)
    paged = paged_bids(edition)
    assert len(paged.positions) == 12
    cut = paged.funded_cut_below
    assert cut is not None
    funded = _funded(edition)
    assert set(paged.positions) == _always(edition) | {p for p in funded if p <= cut}
    assert f"funded bids ranked below {paged.funded_cut_below}" in paged.statement()


def test_the_pdf_says_which_bids_have_no_page_and_prints_only_theirs(
    small_limits: None, tmp_path: Path
) -> None:
    built = _regional()
    edition = Edition(built)
    paged = paged_bids(edition)
    path = tmp_path / "regional.pdf"
    build_report(path, built)
    pages = page_texts(path)
    headings = [int(m.group(1)) for t in pages if (m := re.match(r"(\d+)\. Z\d{3} —", t))]
    assert tuple(headings) == paged.positions
    whole = flat("\n".join(pages))
    assert f"This submission ranks {BIDS} bids. Every one of them is in the ranked list" in whole
    assert f"the other {paged.left_out} do not" in whole
    start = next(i for i, t in enumerate(pages) if t.startswith("Ranked list of bids"))
    end = next(i for i, t in enumerate(pages) if t.startswith("How each score is made up"))
    ranked = re.findall(r"\bZ\d{3}\b", "\n".join(pages[start:end]))
    assert ranked == [built.scores.matrix.bids[i].bid_id for i in edition.order]
