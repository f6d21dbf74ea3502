"""Committee changes as undoable, minuted commands (DESIGN "Governance").

Each command's log entry also lists the member scores that the change newly excludes
or lets back in (``scores_excluded`` / ``scores_readmitted``): a declaration made after
scoring takes that member's scores out of the bid, and the minutes must show it.
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from typing import Any

from etprio.core.committee.governance import review
from etprio.core.committee.members import (
    Aggregate,
    Committee,
    CommitteeError,
    Declaration,
    InterestKind,
    Member,
    QuorumRule,
    Role,
)
from etprio.core.committee.swing_weights import WeightAnswerError
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.project.commands import ProjectCommand
from etprio.core.project.decision_log import Action, utc_now
from etprio.core.project.state import Project


class CommitteeCommand(ProjectCommand):
    part = "committee"

    def describe(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        details = self.details(project, before, after)
        old = review(project.imported, before).scored.exclusions
        new = review(project.imported, after).scored.exclusions
        if new - old:
            details["scores_excluded"] = _pairs(after, new - old)
        if old - new:
            details["scores_readmitted"] = _pairs(after, old - new)
        return details

    @abstractmethod
    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        """The entry's own details; :meth:`describe` adds the score exclusions."""


def _pairs(committee: Committee, pairs: Iterable[tuple[str, str]]) -> list[str]:
    return [f"{committee.name_of(m)} on {b}" for m, b in sorted(pairs)]


class AddMember(CommitteeCommand):
    action = Action.COMMITTEE_CHANGE

    def __init__(
        self,
        name: str,
        role: Role,
        *,
        voting: bool = True,
        practice_codes: Iterable[str] = (),
        member_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        """``member_id`` keeps the id a members table gives (CONTRACT §6); by default the
        next free ``M`` number."""
        super().__init__(**kwargs)
        self.name, self.role, self.voting = name.strip(), Role(role), voting
        self.practice_codes = tuple(practice_codes)
        self.member_id = (member_id or "").strip() or None

    def apply(self, project: Project) -> Committee:
        if not self.name:
            raise CommitteeError("a member needs a name")
        committee = project.committee
        member_id = self.member_id or committee.next_member_id()
        if any(m.member_id == member_id for m in committee.members):
            raise CommitteeError(f"member id {member_id} is already on the committee")
        member = Member(member_id, self.name, self.role, self.voting, self.practice_codes)
        return replace(committee, members=(*committee.members, member))

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        member = after.members[-1]
        return {"summary": f"Member added: {_label(member)}", **_member_fields(member)}


class RemoveMember(CommitteeCommand):
    """Remove a member and their declarations, scores and attendance from the record."""

    action = Action.COMMITTEE_CHANGE

    def __init__(self, member_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member_id = member_id

    def apply(self, project: Project) -> Committee:
        return project.committee.without_member(self.member_id)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        member = before.member(self.member_id)
        return {"summary": f"Member removed: {_label(member)}", "member_id": self.member_id}


class DeclareInterest(CommitteeCommand):
    action = Action.DECLARATION

    def __init__(
        self,
        member_id: str,
        kind: InterestKind,
        description: str,
        *,
        declared_on: date | None = None,
        practice_code: str | None = None,
        bid_id: str | None = None,
        withheld: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        # Numbered when applied: the next free number depends on the committee it joins.
        self.declaration = Declaration(
            declaration_id=0,
            member_id=member_id,
            kind=InterestKind(kind),
            description=description.strip(),
            declared_on=declared_on or date.today(),
            practice_code=(practice_code or "").strip().upper() or None,
            bid_id=(bid_id or "").strip() or None,
            withheld=withheld,
        )

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        committee.member(self.declaration.member_id)
        if not self.declaration.description:
            raise CommitteeError("a declaration needs a description of the interest")
        bid_id = self.declaration.bid_id
        if bid_id and bid_id not in project.imported.bids_by_id:
            raise CommitteeError(f"no bid {bid_id} in the project")
        declaration = replace(self.declaration, declaration_id=committee.next_declaration_id())
        return replace(committee, declarations=(*committee.declarations, declaration))

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        d = max(after.declarations, key=lambda x: x.declaration_id)
        summary = f"{after.name_of(d.member_id)} declared a {d.kind.value} interest ({d.against})"
        return {
            "summary": summary + (", withheld from publication" if d.withheld else ""),
            "declaration_id": d.declaration_id,
            "member_id": d.member_id,
            "against": d.against,
            "withheld": d.withheld,
        }


class WithdrawDeclaration(CommitteeCommand):
    action = Action.DECLARATION

    def __init__(self, declaration_id: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.declaration_id = declaration_id

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        kept = tuple(d for d in committee.declarations if d.declaration_id != self.declaration_id)
        if len(kept) == len(committee.declarations):
            raise CommitteeError(f"no declaration number {self.declaration_id}")
        return replace(committee, declarations=kept)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        d = next(x for x in before.declarations if x.declaration_id == self.declaration_id)
        return {
            "summary": f"Declaration {d.declaration_id} by {before.name_of(d.member_id)} "
            f"({d.against}) withdrawn",
            "declaration_id": d.declaration_id,
        }


class ChangeCommitteeRules(CommitteeCommand):
    """The quorum rule, how member scores aggregate, and who chairs."""

    action = Action.COMMITTEE_CHANGE

    def __init__(
        self,
        *,
        quorum: QuorumRule | None = None,
        aggregate: Aggregate | None = None,
        chair_id: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.quorum, self.aggregate, self.chair_id = quorum, aggregate, chair_id

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        if self.chair_id is not None:
            committee.member(self.chair_id)
        if self.quorum is not None and self.quorum.min_voting < 1:
            raise CommitteeError("a quorum needs at least one voting member")
        return replace(
            committee,
            quorum=self.quorum or committee.quorum,
            aggregate=Aggregate(self.aggregate or committee.aggregate),
            chair_id=self.chair_id or committee.chair_id,
        )

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        rule = after.quorum
        lay = ", a lay member" if rule.require_lay_member else ""
        majority = ", lay majority" if rule.lay_majority else ""
        return {
            "summary": f"Committee rules: quorum {rule.min_voting} voting{lay}{majority}; "
            f"{after.aggregate.value} of member scores; chair {after.name_of(after.chair_id)}",
            "quorum_min_voting": rule.min_voting,
            "require_lay_member": rule.require_lay_member,
            "lay_majority": rule.lay_majority,
            "aggregate": after.aggregate.value,
            "chair_id": after.chair_id,
        }


class RecordWeightAnswers(CommitteeCommand):
    """A member's answers to the weighting questions, replacing any they gave before.

    The answers are checked (they must give weights for the project's criteria) before
    anything changes. A member conflicted on some bid keeps their answers; the entry names
    the bids, so the minutes show the chair knew.
    """

    action = Action.WEIGHT_ANSWERS

    def __init__(self, answers: WeightAnswers, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answers = answers

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        committee.member(self.answers.member_id)
        try:
            self.answers.weights(project.criteria.keys)
        except WeightAnswerError as exc:
            name = committee.name_of(self.answers.member_id)
            raise WeightAnswerError(f"{name}'s weighting answers: {exc}") from None
        if not self.answers.answered_at:
            self.answers = replace(self.answers, answered_at=utc_now())
        kept = tuple(a for a in committee.weight_answers if a.member_id != self.answers.member_id)
        return replace(committee, weight_answers=(*kept, self.answers))

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        answers = self.answers
        keys = project.criteria.keys
        weights = answers.weights(keys)
        conflicted = sorted(
            bid_id
            for bid_id, found in project.governance.conflicts.items()
            if any(c.member_id == answers.member_id for c in found)
        )
        labels = {c.key: c.label for c in project.criteria.criteria}
        shown = ", ".join(f"{labels[k]} {w:.0%}" for k, w in weights.items() if w > 0)
        summary = f"Weights from {after.name_of(answers.member_id)} ({answers.method.label}): "
        details: dict[str, Any] = {
            "summary": summary + shown,
            "member_id": answers.member_id,
            "method": answers.method.value,
            "answers": answers.answers_json(),
            "weights": {k: round(w, 6) for k, w in weights.items()},
            "source": answers.source,
        }
        if answers.method is WeightMethod.PAIRWISE:
            details["consistency_ratio"] = round(answers.pairwise(keys).consistency_ratio, 4)
        if before.weight_answers_of(answers.member_id) is not None:
            details["replaces_earlier_answers"] = True
        if conflicted:
            details["conflicted_on"] = conflicted
            details["summary"] += f" (flagged: conflicted on {', '.join(conflicted)})"
        return details


class WithdrawWeightAnswers(CommitteeCommand):
    action = Action.WEIGHT_ANSWERS

    def __init__(self, member_id: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.member_id = member_id

    def apply(self, project: Project) -> Committee:
        committee = project.committee
        if committee.weight_answers_of(self.member_id) is None:
            name = committee.name_of(self.member_id)
            raise CommitteeError(f"{name} has given no weighting answers")
        kept = tuple(a for a in committee.weight_answers if a.member_id != self.member_id)
        return replace(committee, weight_answers=kept)

    def details(self, project: Project, before: Committee, after: Committee) -> dict[str, Any]:
        return {
            "summary": f"Weighting answers withdrawn: {before.name_of(self.member_id)}",
            "member_id": self.member_id,
        }


def _label(member: Member) -> str:
    vote = "voting" if member.voting else "non-voting"
    return f"{member.name} ({member.role.label}, {vote})"


def _member_fields(member: Member) -> dict[str, Any]:
    return {
        "member_id": member.member_id,
        "name": member.name,
        "role": member.role.value,
        "voting": member.voting,
        "practice_codes": list(member.practice_codes),
    }
