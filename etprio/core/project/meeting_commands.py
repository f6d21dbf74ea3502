"""What happens in the meeting, as undoable, minuted commands (DESIGN "Governance"): who
is in the room for each item, the members' scores, and the chair's overrides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from etprio.core.committee.member_scores import SCORE_HIGH, SCORE_LOW
from etprio.core.committee.members import Committee, CommitteeError, MemberScore, Override
from etprio.core.project.committee_commands import CommitteeCommand
from etprio.core.project.decision_log import Action, utc_now
from etprio.core.project.state import Project
from etprio.core.scoring.criteria import CriterionKind
from etprio.core.wording import column_label


class SetAbsent(CommitteeCommand):
    action = Action.ATTENDANCE

    def __init__(self, member_id: str, absent: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member_id, self.absent = member_id, absent

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        committee.member(self.member_id)
        change = {self.member_id}
        absent = committee.absent | change if self.absent else committee.absent - change
        return replace(committee, absent=absent)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        state = "absent" if self.absent else "present"
        name = after.name_of(self.member_id)
        return {"summary": f"{name} marked {state}", "member_id": self.member_id}


class StepOut(CommitteeCommand):
    """A member leaves (or comes back into) the room for one bid. Leaving for a bid they
    are conflicted on is logged as a recusal, with the reason."""

    action = Action.ATTENDANCE

    def __init__(
        self, member_id: str, bid_id: str, stepped_out: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.member_id, self.bid_id, self.stepped_out = member_id, bid_id, stepped_out

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        committee.member(self.member_id)
        if self.bid_id not in project.imported.bids_by_id:
            raise CommitteeError(f"no bid {self.bid_id} in the project")
        pair = {(self.member_id, self.bid_id)}
        out = committee.stepped_out
        return replace(committee, stepped_out=out | pair if self.stepped_out else out - pair)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        name = after.name_of(self.member_id)
        conflicts = project.governance.conflicts.get(self.bid_id, ())
        reasons = [c.reason for c in conflicts if c.member_id == self.member_id]
        if self.stepped_out and reasons:
            self.action = Action.RECUSAL
            summary = f"{name} recused from {self.bid_id} and left the room: {reasons[0]}"
        elif self.stepped_out:
            summary = f"{name} left the room for {self.bid_id}"
        else:
            summary = f"{name} returned to the room after {self.bid_id}"
        return {
            "summary": summary,
            "member_id": self.member_id,
            "bid_id": self.bid_id,
            "conflict": reasons[0] if reasons else "",
        }


class ImportMemberScores(CommitteeCommand):
    """Replace one member's assessor scores with those read from their scores sheet
    (:func:`etprio.core.committee.member_scores.read_member_scores`)."""

    action = Action.SCORE_CHANGE

    def __init__(
        self,
        member_id: str,
        scores: Iterable[MemberScore],
        source: Path | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.member_id, self.scores, self.source = member_id, tuple(scores), source

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        committee.member(self.member_id)
        if any(s.member_id != self.member_id for s in self.scores):
            raise CommitteeError("the scores sheet holds another member's scores")
        kept = tuple(s for s in committee.scores if s.member_id != self.member_id)
        return replace(committee, scores=(*kept, *self.scores))

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        name = after.name_of(self.member_id)
        bids = sorted({s.bid_id for s in self.scores})
        source = f" from {self.source.name}" if self.source else ""
        return {
            "summary": f"Scores of {name} for {len(bids)} bids imported{source}",
            "member_id": self.member_id,
            "scores": len(self.scores),
            "bids": bids,
        }


class OverrideScore(CommitteeCommand):
    """The chair sets a bid's score on an assessor criterion, with a written rationale.

    Only assessor criteria can be overridden: the other values come from facts (survey
    grades, dates, money) that are corrected by re-importing, not by decision.
    """

    action = Action.OVERRIDE

    def __init__(
        self, bid_id: str, criterion_key: str, score: float, rationale: str, **kwargs: Any
    ) -> None:
        super().__init__(rationale=rationale, **kwargs)
        self.bid_id, self.key, self.score = bid_id, criterion_key, float(score)

    def apply(self, project: Project) -> Committee:
        if not self.rationale:
            raise CommitteeError("an override needs a written rationale")
        try:
            criterion = project.criteria.criterion(self.key)
        except KeyError:
            raise CommitteeError(f"no criterion {self.key!r}") from None
        if criterion.kind is not CriterionKind.ASSESSOR or criterion.column is None:
            raise CommitteeError(
                f"{criterion.label} is not scored by assessors; correct its data instead"
            )
        if self.bid_id not in project.imported.bids_by_id:
            raise CommitteeError(f"no bid {self.bid_id} in the project")
        if not SCORE_LOW <= self.score <= SCORE_HIGH:
            raise CommitteeError(f"a score runs from 0 to 5, not {self.score:g}")
        committee = project.committee
        override = Override(
            self.bid_id, criterion.column, self.score, self.rationale, committee.chair_id, utc_now()
        )
        kept = tuple(
            o
            for o in committee.overrides
            if (o.bid_id, o.column) != (self.bid_id, criterion.column)
        )
        return replace(committee, overrides=(*kept, override))

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        criterion = project.criteria.criterion(self.key)
        column = criterion.column
        was = project.governance.scored.dataset.bids_by_id[self.bid_id].scores.get(column or "")
        old = "no score" if was is None else f"{was:g}"
        chair = after.name_of(after.chair_id) or "The chair"
        return {
            "summary": f"{chair} set the {criterion.label} score of {self.bid_id}: "
            f"{old} → {self.score:g}",
            "bid_id": self.bid_id,
            "column": column,
            "from": was,
            "to": self.score,
        }


class ClearOverride(CommitteeCommand):
    action = Action.OVERRIDE

    def __init__(self, bid_id: str, column: str, rationale: str = "", **kwargs: Any) -> None:
        super().__init__(rationale=rationale, **kwargs)
        self.bid_id, self.column = bid_id, column

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        if committee.override_for(self.bid_id, self.column) is None:
            raise CommitteeError(f"no override on {self.bid_id} {self.column}")
        kept = tuple(
            o for o in committee.overrides if (o.bid_id, o.column) != (self.bid_id, self.column)
        )
        return replace(committee, overrides=kept)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        labels = {c.column: c.label for c in project.criteria.criteria if c.column}
        label = labels.get(self.column, column_label(self.column))
        return {
            "summary": f"Override of the {label} score of {self.bid_id} removed",
            "bid_id": self.bid_id,
            "column": self.column,
        }
