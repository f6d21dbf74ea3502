"""An open project and everything derived from it, in one place (DESIGN "One workspace holds
an open project's state").

The project holds what is decided — data, criteria and weights, budgets, scenarios, the
committee, report settings and the log; the workspace adds what follows from it — the value
matrix, the scores and the rank-order funding line — and recomputes each only when what it
depends on has changed. The command line loads one from a file; the app wraps one and
shows it; the submission is built from one. That is what makes the ranking on the projector,
``etprio funding --project`` and the printed funding line the same list.

Weights may be *previewed* while a slider is dragged (:meth:`Workspace.preview_weights`): the
ranking moves at once, and the project's weights change only when the gesture ends, as one
minuted :class:`~etprio.core.project.commands.SetWeights`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.errors import UsageError
from etprio.core.project.state import Project
from etprio.core.scoring.criteria import CriteriaSet
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.scoring.weighted_sum import AllWeightsZero, Scores, normalised_weights, score_bids
from etprio.core.tables.scales import GradeScales

if TYPE_CHECKING:
    from etprio.core.funding.limits import FundingLimits
    from etprio.core.funding.plan import FundingPlan
    from etprio.core.funding.selection import Selection
    from etprio.core.problems import Problem
    from etprio.core.project.commands import ProjectCommand
    from etprio.core.project.settings import FundingSettings


def funding_limits(funding: FundingSettings) -> FundingLimits | None:
    """The budgets a project's settings hold, or None until there are enough of them.

    A funding line needs both the capital envelope and the recurrent headroom (CONTRACT
    §3), or allocations by financial year, with which either may be absent (CONTRACT §7);
    short of that there is no funding line and nothing reads "Not funded" — never a
    default envelope nobody set.
    """
    by_year = funding.capital_by_year
    if not by_year and (funding.capital_envelope is None or funding.recurrent_headroom is None):
        return None
    from etprio.core.funding.limits import FundingLimits

    return FundingLimits(
        capital_envelope=funding.capital_envelope,
        recurrent_headroom=funding.recurrent_headroom,
        horizon_years=funding.horizon_years,
        capital_by_year=dict(by_year) or None,
        carry_forward=funding.carry_forward,
    )


@dataclass(frozen=True)
class RunOverrides:
    """What one command-line run changes for itself only (CONTRACT §6: "a flag given on the
    command line overrides the saved value for that run only"). None leaves the project's
    own value."""

    criteria: CriteriaSet | None = None
    scales: GradeScales | None = None
    weights: Mapping[str, float] | None = None
    capital: float | None = None
    recurrent: float | None = None
    horizon: int | None = None
    ccg_name: str | None = None
    capital_by_year: tuple[tuple[str, float], ...] | None = None
    carry_forward: bool | None = None


class Workspace:
    """One open project with its derived scores and funding line.

    ``warnings`` are the import warnings of the tables the data came from (empty for a
    project file, whose data were checked when imported).
    """

    def __init__(self, project: Project, warnings: Sequence[Problem] = ()) -> None:
        self.project = project
        self.warnings = tuple(warnings)
        self._preview: tuple[float, ...] | None = None
        self._matrix_key: tuple[object, ...] | None = None
        self._matrix: ValueMatrix | None = None
        self._scores_key: tuple[object, ...] | None = None
        self._scores: Scores | None = None
        self._selection_key: tuple[object, ...] | None = None
        self._selection: Selection | None = None

    # --- loading -------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> Workspace:
        from etprio.core.project.store import open_project

        return cls(open_project(path, read_only=read_only))

    @classmethod
    def from_tables(
        cls,
        bids: Path,
        survey: Path,
        criteria: CriteriaSet | None = None,
        scales: GradeScales | None = None,
    ) -> Workspace:
        """An unsaved project on two tables, as ``--bids F --survey F`` gives (all or
        nothing: raises ImportFailed on any error, CONTRACT §1.3)."""
        from etprio.core.project.store import new_project
        from etprio.core.scoring.criteria import load_criteria
        from etprio.core.tables.importing import load_dataset
        from etprio.core.tables.scales import load_scales

        criteria = criteria or load_criteria()
        scales = scales or load_scales()
        dataset, warnings = load_dataset(
            bids, survey, scales, assessment_date=criteria.assessment_date
        )
        project = new_project(dataset, criteria, scales, sources=(bids, survey))
        return cls(project, warnings)

    def override(self, overrides: RunOverrides) -> None:
        """Apply one run's flags to this open copy. The copy is not saved: a project opened
        read-only for a command keeps its file exactly as it was."""
        project = self.project
        if overrides.criteria is not None:
            project.criteria = overrides.criteria
        if overrides.scales is not None:
            project.scales = overrides.scales
        if overrides.weights:
            criteria = project.criteria.with_weights(overrides.weights)
            try:
                normalised_weights(criteria.weights)
            except AllWeightsZero:
                raise UsageError("--weights leaves every weight at zero") from None
            project.criteria = criteria
        funding = project.settings.funding
        funding = replace(
            funding,
            capital_envelope=_given(overrides.capital, funding.capital_envelope),
            recurrent_headroom=_given(overrides.recurrent, funding.recurrent_headroom),
            horizon_years=_given(overrides.horizon, funding.horizon_years),
            capital_by_year=_given(overrides.capital_by_year, funding.capital_by_year),
            carry_forward=_given(overrides.carry_forward, funding.carry_forward),
        )
        report = project.settings.report
        if overrides.ccg_name:
            report = replace(report, ccg_name=overrides.ccg_name)
        project.settings = replace(project.settings, funding=funding, report=report)

    # --- what is decided -----------------------------------------------------------------

    @property
    def criteria(self) -> CriteriaSet:
        return self.project.criteria

    @property
    def weights(self) -> tuple[float, ...]:
        """The weights the ranking uses now: a slider's preview, else the project's."""
        if self._preview is not None:
            return self._preview
        return tuple(float(w) for w in self.project.criteria.weights)

    @property
    def limits(self) -> FundingLimits | None:
        return funding_limits(self.project.settings.funding)

    # --- what follows --------------------------------------------------------------------

    @property
    def matrix(self) -> ValueMatrix:
        """Values of every bid on every criterion; recomputed only when the data, the
        criteria (apart from their weights) or the scales change."""
        project = self.project
        key = (project.dataset, project.criteria.without_weights(), project.scales)
        if self._matrix is None or not _same(key, self._matrix_key):
            self._matrix = compute_values(project.dataset, project.criteria, project.scales)
            self._matrix_key = key
            self._scores = None
        return self._matrix

    @property
    def scores(self) -> Scores:
        """The one ranking (CONTRACT §2.3), from :func:`score_bids`; a weight change reuses
        the previous order, so re-sorting is nearly free."""
        matrix = self.matrix
        weights = self.weights
        key = (matrix, weights)
        if self._scores is None or not _same(key, self._scores_key):
            self._scores = score_bids(matrix, weights, previous=self._scores)
            self._scores_key = key
        return self._scores

    def scores_under(self, weights: Sequence[float]) -> Scores:
        """The ranking the data would have under other ``weights`` (a scenario), without
        changing what is shown; raises AllWeightsZero like any ranking."""
        return score_bids(self.matrix, tuple(float(w) for w in weights))

    @property
    def rank_order(self) -> Selection | None:
        """The funding line: the rank-order selection under the project's budgets (CONTRACT
        §3), or None when no budgets are set."""
        limits = self.limits
        if limits is None:
            return None
        scores = self.scores
        key = (scores, limits)
        if self._selection is None or not _same(key, self._selection_key):
            from etprio.core.funding.selection import rank_order_selection

            self._selection = rank_order_selection(scores, limits)
            self._selection_key = key
        return self._selection

    @property
    def funded(self) -> frozenset[str] | None:
        """Bid ids above the funding line, or None when no budgets are set."""
        selection = self.rank_order
        return None if selection is None else selection.funded_set

    def funded_under(self, scores: Scores) -> frozenset[str] | None:
        """The funding line another ranking (TOPSIS, a scenario) would draw under the same
        budgets."""
        limits = self.limits
        if limits is None:
            return None
        from etprio.core.funding.selection import rank_order_selection

        return rank_order_selection(scores, limits).funded_set

    def funding_plan(self) -> FundingPlan | None:
        """Both selections and the liability (the best value is a proven optimum, so this
        may take a while on a large pipeline); None without budgets."""
        limits = self.limits
        if limits is None:
            return None
        from etprio.core.funding.plan import plan_funding

        return plan_funding(self.scores, limits)

    # --- changing it ---------------------------------------------------------------------

    def preview_weights(self, weights: Sequence[float]) -> Scores:
        """Rank under ``weights`` now without touching the project (a slider being
        dragged); raises AllWeightsZero and keeps the last ranking when all are zero."""
        weights = tuple(float(w) for w in weights)
        normalised_weights(weights)
        committed = tuple(float(w) for w in self.project.criteria.weights)
        self._preview = None if weights == committed else weights
        return self.scores

    def end_preview(self) -> None:
        """Show the project's own weights again."""
        self._preview = None

    def run(self, command: ProjectCommand) -> None:
        """Do a project command (minuted in the log); any preview ends with it."""
        command.do(self.project)
        self._preview = None

    def undo(self, command: ProjectCommand) -> None:
        command.undo(self.project)
        self._preview = None


def _given[T](value: T | None, saved: T) -> T:
    return saved if value is None else value


def _same(key: tuple[object, ...], cached: tuple[object, ...] | None) -> bool:
    """Derived results (a matrix, scores) are compared by identity, since a new one means
    new content; the parts of a project, weights and budgets by equality, which for the
    frozen parts is an identity check first."""
    if cached is None or len(key) != len(cached):
        return False
    return all(
        a is b or (not isinstance(a, ValueMatrix | Scores) and a == b)
        for a, b in zip(key, cached, strict=True)
    )
