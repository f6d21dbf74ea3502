"""The submission's "How the committee weighted the criteria" section."""

from __future__ import annotations

from pathlib import Path

import pytest

from etprio.core.project.demo_project import demo_project
from etprio.core.project.member_funding import member_funding_for_report
from etprio.core.project.workspace import Workspace
from etprio.report.pdf.project_content import SensitivityOptions, write_submission
from tests.project_builders import sample_project
from tests.report.builders import flat, page_texts

FAST = SensitivityOptions(samples=200)


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    workspace = Workspace(demo_project())
    folder = tmp_path_factory.mktemp("pdf")
    texts = []
    for public in (False, True):
        path = folder / f"{public}.pdf"
        write_submission(path, workspace, public=public, sensitivity=FAST)
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
    path = tmp_path / "r.pdf"
    write_submission(path, Workspace(project), sensitivity=FAST)
    assert "How the committee weighted" not in " ".join(page_texts(path))
