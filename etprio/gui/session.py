"""The Qt-side holder of what the app is showing: data, criteria, weights and scores.

Panels never score anything themselves: they ask the session to change something and
redraw when it says something changed. It is the one place in the GUI that calls
:func:`etprio.core.scoring.weighted_sum.score_bids`, so the table, the chart, the funding line
and the detail panel always show the same ranking (DESIGN "Shape": one place computes a score).

The expensive work, the value matrix, is redone only when the data or criteria change; a
weight change is a single :func:`score_bids` call that passes the previous scores, which
makes the re-sort nearly free (DESIGN "Expensive work once, cheap work often").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal

from etprio.core.model import Dataset, Premises
from etprio.core.problems import Problem
from etprio.core.project.workspace import Workspace, funding_limits
from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.criteria import CriteriaSet, load_criteria
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.scoring.weighted_sum import AllWeightsZero, Scores, score_bids
from etprio.core.tables.scales import GradeScales, load_scales

if TYPE_CHECKING:
    from etprio.core.funding.limits import FundingLimits
    from etprio.core.funding.selection import Selection
    from etprio.core.project.state import Project


@dataclass(frozen=True)
class SessionData:
    """One consistent set of inputs; an import swaps the whole object, which is what
    makes an import a single undo step.

    ``bid_rows`` maps each bid to its spreadsheet row so that import warnings can be shown
    beside the bid they are about; it is empty when the bids did not come from a file.
    ``project`` is the open project (committee, decision log, scenarios), when there is
    one; ``dataset`` is then the project's, with the committee's scores in place.
    """

    dataset: Dataset
    criteria: CriteriaSet
    scales: GradeScales
    warnings: tuple[Problem, ...] = ()
    bids_path: Path | None = None
    survey_path: Path | None = None
    bid_rows: Mapping[str, int] = field(default_factory=dict)
    project: Project | None = None

    def with_project_data(self) -> SessionData:
        """This data with the dataset the project now ranks (after a committee command)."""
        if self.project is None or self.project.dataset is self.dataset:
            return self
        return replace(self, dataset=self.project.dataset)

    def warnings_for(self, bid_id: str) -> tuple[Problem, ...]:
        """Import warnings on ``bid_id``'s own row of the bids file."""
        row = self.bid_rows.get(bid_id)
        if row is None or self.bids_path is None:
            return ()
        file = str(self.bids_path)
        return tuple(p for p in self.warnings if p.file == file and p.row == row)


def load_files(
    bids: Path,
    survey: Path,
    criteria: CriteriaSet | None = None,
    scales: GradeScales | None = None,
) -> SessionData:
    """Import both tables (all or nothing, CONTRACT §1.3); raises ImportFailed on errors."""
    from etprio.core.tables.importing import load_dataset

    criteria = criteria or load_criteria()
    scales = scales or load_scales()
    dataset, warnings = load_dataset(bids, survey, scales, assessment_date=criteria.assessment_date)
    return SessionData(
        dataset,
        criteria,
        scales,
        warnings,
        bids_path=bids,
        survey_path=survey,
        bid_rows=bid_rows(bids, dataset),
    )


def load_demo() -> SessionData:
    """The bundled demo project: the fictional CCG's bids and survey with its committee
    (CONTRACT §4: the app opens on it when given no project). It is not saved anywhere
    until the user saves it."""
    from etprio.core.project.demo_project import demo_project

    data = load_files(demo_bids_path(), demo_survey_path())
    project = demo_project()
    project.mark_saved(None)  # as shipped: only the user's own changes are unsaved work
    return replace(data, dataset=project.dataset, criteria=project.criteria, project=project)


def load_project(path: Path) -> SessionData:
    """An ``.etprio`` project file, opened (and locked) through the project store."""
    from etprio.core.project.store import open_project

    return project_data(open_project(path))


def project_data(project: Project) -> SessionData:
    """What the window shows for ``project``: its own data, criteria and scales."""
    return SessionData(project.dataset, project.criteria, project.scales, project=project)


def bid_rows(bids_path: Path, dataset: Dataset) -> dict[str, int]:
    """Spreadsheet row of each bid: the importer keeps one bid per non-blank row, in order,
    so the table's row numbers line up with ``dataset.bids``."""
    from etprio.core.tables.tabular import read_table

    table = read_table(bids_path, sheet="bids")
    if len(table.rows) != len(dataset.bids):
        return {}
    return {bid.bid_id: row.number for bid, row in zip(dataset.bids, table.rows, strict=True)}


class Session(QObject):
    """Current data, weights and scores, with signals panels redraw from.

    Signals
    -------
    dataReplaced:
        New bids, survey or criteria; models rebuild themselves.
    scoresChanged(Scores):
        New scores for the same bids; models update in place.
    weightsChanged(tuple):
        The raw weights now in force, on the criteria file's scale.
    weightsRejected(str):
        A change was refused (every weight zero); the last valid ranking stays.
    projectChanged:
        A project command was done, undone or redone (committee, log, scenarios).
    baselineChanged:
        The scenario that movement arrows are measured against changed.
    fundedChanged(object):
        The rank-order funded set (a frozenset of bid ids), or None when the project has
        no budgets. It is worked out here, from the project's saved budgets, by the same
        core function as ``etprio funding --project``, after every change of scores, data
        or project; no widget holds a budget.
    currentBidChanged(object):
        The bid selected in any panel (a bid_id, or None).
    """

    dataReplaced = Signal()
    projectChanged = Signal()
    scoresChanged = Signal(object)
    weightsChanged = Signal(object)
    weightsRejected = Signal(str)
    baselineChanged = Signal()
    fundedChanged = Signal(object)
    currentBidChanged = Signal(object)

    def __init__(self, data: SessionData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data = data
        self._weights = tuple(float(w) for w in data.criteria.weights)
        self._set_matrix(compute_values(data.dataset, data.criteria, data.scales))
        self._scores = score_bids(self._matrix, self._weights)
        self._baseline_name = "the criteria set's weights"
        self._baseline_weights = self._weights
        self._baseline_rank = self._scores.rank
        self._rank_order: Selection | None = None
        self._funded: frozenset[str] | None = None
        self._current_bid: str | None = None
        self._refresh_funding_line()

    def _set_matrix(self, matrix: ValueMatrix) -> None:
        self._matrix = matrix
        self._bid_ids = matrix.bid_ids
        self._rows = {bid_id: row for row, bid_id in enumerate(self._bid_ids)}

    @property
    def data(self) -> SessionData:
        return self._data

    @property
    def bid_ids(self) -> tuple[str, ...]:
        """Bid ids in value-matrix order, built once per data set (panels look them up on
        every slider tick)."""
        return self._bid_ids

    def row_of(self, bid_id: str) -> int | None:
        """Row of ``bid_id`` in the value matrix, or None for an unknown id."""
        return self._rows.get(bid_id)

    @property
    def criteria(self) -> CriteriaSet:
        return self._data.criteria

    @property
    def matrix(self) -> ValueMatrix:
        return self._matrix

    @property
    def weights(self) -> tuple[float, ...]:
        return self._weights

    @property
    def default_weights(self) -> tuple[float, ...]:
        return tuple(float(w) for w in self._data.criteria.weights)

    @property
    def scores(self) -> Scores:
        return self._scores

    @property
    def baseline_name(self) -> str:
        return self._baseline_name

    @property
    def baseline_rank(self) -> np.ndarray:
        """Rank of each bid (indexed like ``matrix.bids``) under the baseline weights."""
        return self._baseline_rank

    @property
    def limits(self) -> FundingLimits | None:
        """The project's saved budgets, or None when it has none (or there is no project)."""
        project = self._data.project
        return None if project is None else funding_limits(project.settings.funding)

    @property
    def rank_order(self) -> Selection | None:
        """The funding line: the rank-order selection under :attr:`limits`, with a reason
        for every bid left out. Worked out when first asked for after a change: a slider
        tick needs only the funded set, and wording the reasons costs more than the walk."""
        if self._rank_order is None and self._funded is not None:
            from etprio.core.funding.selection import rank_order_selection

            limits = self.limits
            if limits is not None:
                self._rank_order = rank_order_selection(self._scores, limits)
        return self._rank_order

    @property
    def funded(self) -> frozenset[str] | None:
        return self._funded

    def _refresh_funding_line(self) -> bool:
        """Work out the funded set for the current scores and budgets; True when it changed
        (the caller emits :attr:`fundedChanged` after its own signals, so listeners see
        scores and funding line agree)."""
        before = self._funded
        limits = self.limits
        self._rank_order = None
        if limits is None:
            self._funded = None
        else:
            from etprio.core.funding.selection import rank_order_funded

            ids = self._bid_ids
            self._funded = frozenset(ids[i] for i in rank_order_funded(self._scores, limits))
        return self._funded != before

    @property
    def current_bid(self) -> str | None:
        return self._current_bid

    def weight_mapping(self) -> dict[str, float]:
        return dict(zip(self.criteria.keys, self._weights, strict=True))

    def set_weights(self, weights: Sequence[float]) -> bool:
        """Re-rank under ``weights``; refuse (and keep the ranking) when all are zero."""
        weights = tuple(float(w) for w in weights)
        if weights == self._weights:
            return True
        try:
            scores = score_bids(self._matrix, weights, previous=self._scores)
        except AllWeightsZero as exc:
            self.weightsRejected.emit(f"{exc}. The last valid ranking is still shown.")
            return False
        self._weights, self._scores = weights, scores
        funded_changed = self._refresh_funding_line()
        self.weightsChanged.emit(weights)
        self.scoresChanged.emit(scores)
        if funded_changed:
            self.fundedChanged.emit(self.funded)
        return True

    def replace_data(self, data: SessionData, *, keep_weights: bool = True) -> None:
        """Swap in new inputs. An import keeps the weights on screen (when the criteria
        keys are unchanged); opening a project takes the project's own."""
        keep_weights = keep_weights and data.criteria.keys == self._data.criteria.keys
        self._data = data
        self._set_matrix(compute_values(data.dataset, data.criteria, data.scales))
        if not keep_weights:
            self._weights = self.default_weights
            self._baseline_weights = self._weights
            self._baseline_name = "the criteria set's weights"
        self._scores = score_bids(self._matrix, self._weights)
        self._baseline_rank = score_bids(self._matrix, self._baseline_weights).rank
        self._refresh_funding_line()
        if self._current_bid not in data.dataset.bids_by_id:
            self._current_bid = None
        self.dataReplaced.emit()
        self.weightsChanged.emit(self._weights)
        self.scoresChanged.emit(self._scores)
        self.fundedChanged.emit(self.funded)
        self.currentBidChanged.emit(self._current_bid)

    def project_changed(self) -> None:
        """After any project command: rescore if the committee changed the data, and let
        the project's panels (committee, log) redraw."""
        data = self._data.with_project_data()
        if data is not self._data:
            self.replace_data(data)
        funded_changed = self._refresh_funding_line()
        self.projectChanged.emit()
        if funded_changed:
            self.fundedChanged.emit(self.funded)

    def snapshot(self) -> Workspace:
        """A core workspace holding exactly what the window shows — the project (or, for
        tables not yet saved as one, an unsaved project on them) and the weights on
        screen — that later changes in the window do not touch, so a submission can be
        written from it on a worker thread (CONTRACT §6: what the projector showed is what
        is printed)."""
        from etprio.core.project.decision_log import DecisionLog

        project = self._data.project
        if project is None:
            from etprio.core.project.store import new_project

            data = self._data
            sources = [p for p in (data.bids_path, data.survey_path) if p is not None]
            copy = new_project(data.dataset, data.criteria, data.scales, sources=sources)
        else:
            copy = replace(project, log=DecisionLog(project.log.entries), lock=None, saved=None)
        workspace = Workspace(copy, self._data.warnings)
        workspace.preview_weights(self._weights)
        return workspace

    def score_weights(self, weights: Sequence[float]) -> Scores:
        """The ranking the current data would have under ``weights`` (a saved scenario),
        without changing what is shown; raises AllWeightsZero like any ranking."""
        return score_bids(self._matrix, tuple(float(w) for w in weights))

    def set_baseline(self, name: str, weights: Sequence[float]) -> None:
        """Measure movement arrows against ``weights`` from now on (a saved scenario)."""
        self._baseline_name = name
        self._baseline_weights = tuple(float(w) for w in weights)
        self._baseline_rank = score_bids(self._matrix, self._baseline_weights).rank
        self.baselineChanged.emit()

    def set_current_bid(self, bid_id: str | None) -> None:
        if bid_id != self._current_bid:
            self._current_bid = bid_id
            self.currentBidChanged.emit(bid_id)


def read_import(
    data: SessionData, bids: Path | None, survey: Path | None
) -> tuple[SessionData | None, tuple[Problem, ...]]:
    """Read new tables into a copy of ``data`` without touching the session.

    Returns the new data (None when any file has an error: all or nothing, CONTRACT §1.3)
    and the problems to preview. A new survey re-reads the current bids file, because bids
    are checked against the survey's premises and take their default population from it;
    that re-read only adds its errors to the preview, its warnings were seen before.
    """
    from etprio.core.errors import ImportFailed
    from etprio.core.tables.importing import read_bids, read_survey

    day = data.criteria.assessment_date
    shown: list[Problem] = []
    failed = False
    # A project ranks its data with the committee's scores in place; imports replace
    # what was imported.
    base = data.project.imported if data.project is not None else data.dataset
    premises: tuple[Premises, ...] | None = base.premises
    survey_warnings = tuple(p for p in data.warnings if p.file == str(data.survey_path))
    if survey is not None:
        try:
            premises, survey_warnings = read_survey(survey, data.scales, assessment_date=day)
        except ImportFailed as exc:
            premises, failed = None, True
            shown += exc.problems
        else:
            shown += survey_warnings
    bids_path = bids or data.bids_path
    found = base.bids
    bid_warnings: tuple[Problem, ...] = ()
    if bids_path is not None:
        try:
            found, bid_warnings = read_bids(bids_path, premises, assessment_date=day)
        except ImportFailed as exc:
            failed = True
            shown += exc.problems if bids is not None else [p for p in exc.problems if p.is_error]
        else:
            shown += bid_warnings if bids is not None else ()
    if failed or premises is None:
        return None, tuple(shown)
    dataset = Dataset(found, premises)
    new = SessionData(
        dataset,
        data.criteria,
        data.scales,
        (*survey_warnings, *bid_warnings),
        bids_path=bids_path,
        survey_path=survey or data.survey_path,
        bid_rows=bid_rows(bids_path, dataset) if bids_path else {},
        project=data.project,
    )
    return new, tuple(shown)
