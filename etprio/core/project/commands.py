"""Changes to a project as command objects with do and undo (STYLE "Layers that cannot
leak": every UI maps interactions to command objects; the GUI wraps each in a
QUndoCommand).

Every do, undo and redo appends a decision-log entry (DESIGN "Governance"): undo never
deletes history, it records that something was undone. A command checks everything in
its first :meth:`~ProjectCommand.do` before it changes anything, so a refused command
leaves no trace. Commands must be undone in the reverse order they were done, as an undo
stack does.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import fields
from pathlib import Path
from typing import Any

from etprio.core.errors import EtprioError, UsageError
from etprio.core.model import Dataset
from etprio.core.project.decision_log import Action, LogEntry, utc_now
from etprio.core.project.settings import ProjectSettings
from etprio.core.project.state import Project, Scenario
from etprio.core.scoring.criteria import CriteriaSet
from etprio.core.scoring.weighted_sum import AllWeightsZero, weights_acceptable
from etprio.core.wording import setting_change


class ProjectCommand(ABC):
    """One undoable change to one part of a project (an attribute of :class:`Project`)."""

    part: str
    action: Action

    def __init__(self, *, actor: str | None = None, rationale: str = "") -> None:
        self.actor = actor
        self.rationale = rationale.strip()
        self._before: Any = None
        self._after: Any = None
        self._details: dict[str, Any] = {}
        self._first: LogEntry | None = None

    @property
    def text(self) -> str:
        """The undo-menu text ("Undo Weights: access 20 → 30"); known after the first do."""
        return str(self._details.get("summary", type(self).__name__))

    @abstractmethod
    def apply(self, project: Project) -> Any:
        """The new value of :attr:`part`; raise an EtprioError to refuse the change."""

    @abstractmethod
    def describe(self, project: Project, before: Any, after: Any) -> dict[str, Any]:
        """Details for the log; must include a ``summary`` sentence."""

    def do(self, project: Project) -> LogEntry:
        if self._first is None:
            before = getattr(project, self.part)
            after = self.apply(project)
            self._details = self.describe(project, before, after)
            self._before, self._after = before, after
            setattr(project, self.part, after)
            self._first = self._log(project, self._details)
            return self._first
        setattr(project, self.part, self._after)
        return self._log(project, self._again("Redone", "redoes"))

    def undo(self, project: Project) -> LogEntry:
        if self._first is None:
            raise EtprioError("nothing to undo: the command was never done")
        setattr(project, self.part, self._before)
        return self._log(project, self._again("Undone", "undoes"))

    def _again(self, verb: str, key: str) -> dict[str, Any]:
        assert self._first is not None
        return {**self._details, "summary": f"{verb}: {self.text}", key: self._first.seq}

    def _log(self, project: Project, details: Mapping[str, Any]) -> LogEntry:
        return project.log.append(self.action, details, actor=self.actor, rationale=self.rationale)


class ReplaceData(ProjectCommand):
    """A new import of bids and survey (all or nothing already happened in the importer)."""

    part, action = "imported", Action.IMPORT

    def __init__(self, dataset: Dataset, sources: Sequence[Path] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.dataset, self.sources = dataset, tuple(sources)

    def apply(self, project: Project) -> Dataset:
        return self.dataset

    def describe(self, project: Project, before: Dataset, after: Dataset) -> dict[str, Any]:
        from etprio.core.project.store import import_details

        return {
            **import_details(after, project.criteria, self.sources),
            "replaced_bids": len(before.bids),
        }


class SetWeights(ProjectCommand):
    """New weights on the criteria file's scale (CONTRACT §2: divided by their sum).

    Push one per finished gesture (slider released, spin box edited), not per tick: each
    do is a log entry, and the minutes need the decision, not the drag.
    """

    part, action = "criteria", Action.WEIGHT_CHANGE

    def __init__(self, weights: Mapping[str, float], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.weights = {k: float(v) for k, v in weights.items()}

    def apply(self, project: Project) -> CriteriaSet:
        criteria = project.criteria.with_weights(self.weights)
        if not weights_acceptable(criteria.weights):
            raise AllWeightsZero
        return criteria

    def describe(self, project: Project, before: CriteriaSet, after: CriteriaSet) -> dict[str, Any]:
        old = dict(zip(before.keys, before.weights, strict=True))
        new = dict(zip(after.keys, after.weights, strict=True))
        changed = [k for k in after.keys if old[k] != new[k]]
        parts = [f"{after.criterion(k).label} {old[k]:g} → {new[k]:g}" for k in changed]
        return {
            "summary": "Weights: " + (", ".join(parts) if parts else "no change"),
            "from": {k: old[k] for k in changed},
            "to": {k: new[k] for k in changed},
        }


def apply_scenario(project: Project, name: str, **kwargs: Any) -> SetWeights:
    """The command that brings back a saved scenario's weights (keys the criteria set no
    longer has are left out)."""
    scenario = project.scenario(name)
    weights = {k: w for k, w in scenario.weights.items() if k in project.criteria.keys}
    kwargs.setdefault("rationale", f"scenario {name!r}")
    return SetWeights(weights, **kwargs)


class SaveScenario(ProjectCommand):
    """Keep the current weights under a name (replacing a scenario of the same name)."""

    part, action = "scenarios", Action.SCENARIO_SAVE

    def __init__(self, name: str, note: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.name, self.note = name.strip(), note.strip()

    def apply(self, project: Project) -> tuple[Scenario, ...]:
        if not self.name:
            raise UsageError("a scenario needs a name")
        weights = dict(zip(project.criteria.keys, project.criteria.weights, strict=True))
        scenario = Scenario(self.name, weights, self.note, utc_now())
        kept = tuple(s for s in project.scenarios if s.name != self.name)
        return (*kept, scenario)

    def describe(
        self, project: Project, before: Any, after: tuple[Scenario, ...]
    ) -> dict[str, Any]:
        scenario = after[-1]
        return {
            "summary": f"Scenario saved: {scenario.name}",
            "name": scenario.name,
            "note": scenario.note,
            "weights": dict(scenario.weights),
        }


class ChangeSettings(ProjectCommand):
    """Funding or report settings (CONTRACT §3 budgets, §5 confidential columns)."""

    part, action = "settings", Action.SETTINGS_CHANGE

    def __init__(self, settings: ProjectSettings, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.settings = settings

    def apply(self, project: Project) -> ProjectSettings:
        return self.settings

    def describe(
        self, project: Project, before: ProjectSettings, after: ProjectSettings
    ) -> dict[str, Any]:
        changes = {}
        words = []
        for group in ("funding", "report"):
            old, new = getattr(before, group), getattr(after, group)
            for name in (f.name for f in fields(old)):
                if getattr(old, name) != getattr(new, name):
                    value = getattr(new, name)
                    changes[f"{group}.{name}"] = list(value) if isinstance(value, tuple) else value
                    words.append(setting_change(name, getattr(old, name), value))
        listed = "; ".join(words) or "no change"
        return {"summary": f"Settings changed: {listed}", "changes": changes}
