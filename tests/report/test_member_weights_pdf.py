"""The submission's "How the committee weighted the criteria" section."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from etprio.core.demo_project import demo_project
from etprio.core.funding import FundingLimits
from etprio.core.funding_plan import plan_funding
from etprio.core.member_weights import member_funding_for_report
from etprio.core.scoring import score_bids
from etprio.core.values import compute_values
from etprio.report.pdf import build_report
from etprio.report.pdf.project_content import project_content
from tests.project_builders import sample_project
from tests.report.builders import flat, page_texts

LIMITS = FundingLimits(4_500_000, 250_000)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    project = demo_project()
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    scores = score_bids(matrix, project.criteria.weights)
    content = project_content(project, scores, funding=plan_funding(scores, LIMITS))
    content = replace(content, member_weights=member_funding_for_report(project, LIMITS))
    folder = tmp_path_factory.mktemp("pdf")
    texts = []
    for public in (False, True):
        path = folder / f"{public}.pdf"
        build_report(path, content, public=public)
        texts.append(flat(" ".join(page_texts(path))))
    return texts[0], texts[1]


def test_the_section_shows_the_spread_members_and_what_every_members_weights_fund(
    editions: tuple[str, str],
) -> None:
    full, _ = editions
    assert full.count("How the committee weighted the criteria") >= 2  # contents and heading
    assert "The committee's weights and how far members differ" in full
    assert "median of members' weights" in full
    assert "M04: Dr Rajesh Patel (pairwise comparisons, consistency ratio" in full
    assert "funded under every member's weights" in full
    assert "7 of 7" in full
    assert "conflicted on EV02" in full


def test_the_public_edition_names_no_members_conflicts_here(editions: tuple[str, str]) -> None:
    _, public = editions
    assert "How the committee weighted the criteria" in public
    section = public.split("How the committee weighted the criteria")[-1]
    section = section.split("Ranked list of bids")[0]
    assert "conflicted" not in section


def test_without_answers_the_section_is_left_out(tmp_path: Path) -> None:
    project = sample_project()
    assert member_funding_for_report(project) is None
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    content = project_content(project, score_bids(matrix, project.criteria.weights))
    path = tmp_path / "r.pdf"
    build_report(path, content)
    assert "How the committee weighted" not in " ".join(page_texts(path))
