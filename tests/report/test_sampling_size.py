"""The submission's sampling is sized to the pipeline and the PDF says how precise it is."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from etprio.report.pdf import SensitivitySummary, build_report
from etprio.report.pdf.project_content import SensitivityOptions, sampling_precision
from tests.report.builders import content, flat, page_texts


def test_full_sampling_up_to_a_thousand_bids_then_fewer_never_below_five_hundred() -> None:
    options = SensitivityOptions()
    assert options.samples_for(200) == 10_000
    assert options.samples_for(1_000) == 10_000
    assert options.samples_for(2_000) == 5_000
    assert options.samples_for(20_000) == 500
    assert options.samples_for(100_000) == 500


def test_samples_asked_for_are_taken_whatever_the_size() -> None:
    assert SensitivityOptions(samples=10_000).samples_for(20_000) == 10_000


def test_the_precision_follows_the_sample_and_says_why_it_was_cut() -> None:
    full = sampling_precision(10_000, 200)
    assert "10,000 sampled weightings" in full
    assert "±1.0 percentage points" in full
    assert "fewer above" not in full
    cut = sampling_precision(500, 20_000)
    assert "±4.4 percentage points" in cut
    assert "fewer above, so that a pipeline of 20,000 bids is analysed in time" in cut


def test_the_sensitivity_section_prints_the_sampling_sentence(tmp_path: Path) -> None:
    built = content()
    assert built.sensitivity is not None
    sentence = sampling_precision(500, 20_000)
    summary = SensitivitySummary(built.sensitivity.findings, built.sensitivity.stability, sentence)
    path = tmp_path / "report.pdf"
    build_report(path, replace(built, sensitivity=summary))
    assert flat(sentence) in flat("\n".join(page_texts(path)))
