"""A project: everything a committee's prioritisation needs to be reopened and defended
later (DESIGN "Project file") — the bids and survey as imported, the criteria set and its
current weights, grade scales, named scenarios, settings, the committee and the decision
log.

The parts are frozen values and a change replaces one, which is what lets the store see
what changed since the last save by identity alone (a weights-only save is then a few
rows, not the whole file).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from etprio import __version__
from etprio.core.committee.governance import Governance, review
from etprio.core.committee.members import Committee
from etprio.core.model import Dataset
from etprio.core.project.decision_log import DecisionLog, utc_now
from etprio.core.project.settings import ProjectSettings
from etprio.core.scoring.criteria import CriteriaSet
from etprio.core.tables.scales import GradeScales

if TYPE_CHECKING:
    from etprio.core.project.lock import ProjectLock

PARTS: tuple[str, ...] = (
    "data",
    "criteria",
    "weights",
    "scales",
    "scenarios",
    "settings",
    "committee",
    "log",
)
"""Names :meth:`Project.unsaved_changes` reports."""


@dataclass(frozen=True)
class Scenario:
    """A named set of weights the committee may come back to ("what if training mattered
    more?"), with a note on why and when it was saved."""

    name: str
    weights: Mapping[str, float]
    note: str = ""
    saved_at: str = ""

    def __post_init__(self) -> None:
        weights = {k: float(v) for k, v in self.weights.items()}
        object.__setattr__(self, "weights", MappingProxyType(weights))


@dataclass(frozen=True)
class ProjectMetadata:
    """Which etprio made the file and who saved it last, for the governance record."""

    created_at: str
    created_with: str
    saved_at: str = ""
    saved_by: str = ""
    saved_with: str = ""


def fresh_metadata() -> ProjectMetadata:
    return ProjectMetadata(created_at=utc_now(), created_with=__version__)


@dataclass(frozen=True)
class SavedState:
    """The parts as they were at the last save or open. ``path`` is the file that holds
    exactly them in the current format, or None when there is no such file."""

    path: Path | None
    imported: Dataset
    criteria: CriteriaSet
    scales: GradeScales
    scenarios: tuple[Scenario, ...]
    settings: ProjectSettings
    committee: Committee
    log_length: int


@dataclass
class Project:
    """A mutable container of frozen parts; equality compares content, not where the
    project lives or who holds its lock.

    ``imported`` is the data as imported; :attr:`dataset` is what every ranking uses: the
    same data with the committee's scores and the chair's overrides in place.
    """

    imported: Dataset
    criteria: CriteriaSet
    scales: GradeScales
    scenarios: tuple[Scenario, ...] = ()
    settings: ProjectSettings = field(default_factory=ProjectSettings)
    committee: Committee = field(default_factory=Committee)
    log: DecisionLog = field(default_factory=DecisionLog)
    metadata: ProjectMetadata = field(default_factory=fresh_metadata)
    path: Path | None = field(default=None, compare=False)
    read_only: bool = field(default=False, compare=False)
    lock: ProjectLock | None = field(default=None, compare=False, repr=False)
    saved: SavedState | None = field(default=None, compare=False, repr=False)
    _review: tuple[Dataset, Committee, Governance] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def governance(self) -> Governance:
        """Conflicts, committee scores and quorum; recomputed only when the data or the
        committee object changes."""
        cached = self._review
        if cached is None or cached[0] is not self.imported or cached[1] is not self.committee:
            cached = (self.imported, self.committee, review(self.imported, self.committee))
            self._review = cached
        return cached[2]

    @property
    def dataset(self) -> Dataset:
        """The data every ranking uses (CLI ``--project``, GUI, PDF)."""
        return self.governance.scored.dataset

    def scenario(self, name: str) -> Scenario:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        raise KeyError(name)

    def unsaved_changes(self) -> frozenset[str]:
        """Which :data:`PARTS` differ from the last save; all of them for a new project."""
        saved = self.saved
        if saved is None:
            return frozenset(PARTS)
        changed = {
            name
            for name, now, then in (
                ("data", self.imported, saved.imported),
                ("scales", self.scales, saved.scales),
                ("scenarios", self.scenarios, saved.scenarios),
                ("settings", self.settings, saved.settings),
                ("committee", self.committee, saved.committee),
            )
            if now is not then
        }
        if self.criteria is not saved.criteria:
            if self.criteria.weights != saved.criteria.weights:
                changed.add("weights")
            if self.criteria.without_weights() != saved.criteria.without_weights():
                changed.add("criteria")
        if len(self.log) != saved.log_length:
            changed.add("log")
        return frozenset(changed)

    @property
    def is_dirty(self) -> bool:
        return bool(self.unsaved_changes())

    def mark_saved(self, path: Path | None) -> None:
        """Record the current parts as saved in ``path`` (the store calls this)."""
        self.saved = SavedState(
            path,
            self.imported,
            self.criteria,
            self.scales,
            self.scenarios,
            self.settings,
            self.committee,
            len(self.log),
        )

    def close(self) -> None:
        """Release the lock, so others may open the file for editing."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
