"""The submission's content from a workspace: the project's committee record, decision log
and settings turned into the report's own small types (:mod:`etprio.report.pdf.content`), so
the PDF depends on what it prints and not on how the project store keeps it.

:func:`write_submission` is the one way a submission is made: ``etprio report`` and the
app's export actions both call it on the workspace they show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.progress import TaskState, stage, stop_if_asked
from etprio.core.project.member_funding import member_funding_for_report
from etprio.report.pdf.committee_record import committee_record
from etprio.report.pdf.content import CoverSettings, ReportContent, SensitivitySummary

if TYPE_CHECKING:
    from etprio.core.funding.limits import FundingLimits
    from etprio.core.project.workspace import Workspace
    from etprio.core.scoring.weighted_sum import Scores

_UNSET_CCG = "CCG name not set"


FULL_SAMPLES = 10_000
MIN_SAMPLES = 500
SAMPLED_CELLS = 10_000_000


@dataclass(frozen=True)
class SensitivityOptions:
    """How the submission's sensitivity section is sampled; the same defaults in the app
    and ``etprio report``, so both print the same sentences for the same project.

    ``samples`` None sizes the sampling to the pipeline (:meth:`samples_for`)."""

    samples: int | None = None
    seed: int = 0
    top: int = 5

    def samples_for(self, bids: int) -> int:
        """10,000 weightings up to 1,000 bids, then fewer, so that bids × weightings stays
        near 10 million and a regional pipeline's report finishes while the committee
        waits; never fewer than 500, whose shares are still within ±4.4 points."""
        if self.samples is not None:
            return self.samples
        return max(MIN_SAMPLES, min(FULL_SAMPLES, SAMPLED_CELLS // max(bids, 1)))


def sampling_precision(samples: int, bids: int) -> str:
    """The sampling's size and precision in the words the PDF prints: a share estimated
    from n weightings is within 1.96 × √(¼ ÷ n) of its true value 19 times in 20."""
    margin = 100 * 1.96 * (0.25 / samples) ** 0.5
    words = (
        f"The shares below come from {samples:,} sampled weightings; each is within "
        f"±{margin:.1f} percentage points of the value an unlimited sample would give, "
        "19 times in 20."
    )
    if samples < FULL_SAMPLES and bids * FULL_SAMPLES > SAMPLED_CELLS:
        words += (
            f" The report samples {FULL_SAMPLES:,} weightings up to "
            f"{SAMPLED_CELLS // FULL_SAMPLES:,} bids and fewer above, so that a pipeline of "
            f"{bids:,} bids is analysed in time; the app's Sensitivity tab and the etprio "
            "sensitivity command sample as many as asked for. The stability ranges are exact "
            "and do not depend on sampling."
        )
    return words


def submission_content(
    workspace: Workspace,
    *,
    on: date | None = None,
    logo: Path | None = None,
    sensitivity: SensitivityOptions = SensitivityOptions(),
    state: TaskState | None = None,
) -> ReportContent:
    """The whole submission for what ``workspace`` shows: its ranking, its funding line
    under its budgets, sensitivity, the committee record and the cover from its report
    settings. ``etprio report`` and the app's File → Export submission PDF both call this
    (CONTRACT §6: the same document, apart from when it was generated).

    ``state`` hears the funding plan and the sampling as the first and second half of the
    work, and can stop it between them or during sampling."""
    project = workspace.project
    scores = workspace.scores
    limits = workspace.limits
    settings = project.settings.report
    cover = CoverSettings(
        ccg_name=settings.ccg_name.strip() or _UNSET_CCG,
        title=settings.title,
        date=on or date.today(),
        version=settings.version,
        protective_marking=settings.protective_marking,
        logo=logo or _logo(settings.logo),
    )
    funding = workspace.funding_plan()
    stop_if_asked(state)
    if state is not None:
        state.set_progress_value(50.0)
    summary = _sensitivity(scores, limits, sensitivity, stage(state, 50.0, 100.0))
    return ReportContent(
        scores=scores,
        cover=cover,
        funding=funding,
        sensitivity=summary,
        committee=committee_record(
            project.governance, project.log, project.log.head, project.criteria
        ),
        premises=project.dataset.premises,
        confidential=settings.confidential,
        member_weights=member_funding_for_report(project, limits),
    )


def write_submission(
    path: Path,
    workspace: Workspace,
    *,
    public: bool = False,
    on: date | None = None,
    logo: Path | None = None,
    sensitivity: SensitivityOptions = SensitivityOptions(),
    state: TaskState | None = None,
) -> None:
    """Write the full or the public edition of the submission for ``workspace``.

    ``state`` hears gathering the content as the first 40 % and laying out the pages as the
    rest; a stop leaves no file behind (the PDF is written only once whole)."""
    from etprio.report.pdf import build_report

    content = submission_content(
        workspace, on=on, logo=logo, sensitivity=sensitivity, state=stage(state, 0.0, 40.0)
    )
    build_report(path, content, public=public, state=stage(state, 40.0, 100.0))


def _logo(saved: str) -> Path | None:
    """The logo saved in the project, when the file is still there (a cover without a
    logo is better than no submission)."""
    if not saved:
        return None
    path = Path(saved)
    return path if path.is_file() else None


def _sensitivity(
    scores: Scores,
    limits: FundingLimits | None,
    options: SensitivityOptions,
    state: TaskState | None,
) -> SensitivitySummary:
    """Stability intervals and plain-language findings, seeded so that the same project
    prints the same sentences every time."""
    from etprio.core.sensitivity.findings import findings
    from etprio.core.sensitivity.smaa import smaa
    from etprio.core.sensitivity.stability import stability_intervals

    intervals = stability_intervals(scores, top=options.top, limits=limits)
    bids = len(scores.matrix.bids)
    samples = options.samples_for(bids)
    result = smaa(
        scores,
        samples=samples,
        seed=options.seed,
        top=options.top,
        limits=limits,
        state=state,
    )
    return SensitivitySummary(
        findings(scores, intervals, result), intervals, sampling_precision(samples, bids)
    )
