"""The committee's weights from its members' answers, and what every member's weights would
fund (DOMAIN "How committees weigh criteria").

A funding committee's question is not only "what are our weights?" but "which schemes would
every member's weights fund, and which depend on whose view wins?". Each member's weights
rank the bids with :func:`~etprio.core.scoring.weighted_sum.score_bids` and draw the funding
line with :func:`~etprio.core.funding.selection.rank_order_selection`, exactly as the submission
does; a bid
funded under every member's weights is the robust core, one funded under none is out
whoever prevails, and the rest depend on whose view the committee adopts.

A member conflicted on some bid keeps their answers in the record and in these figures,
flagged with the bids concerned, so the chair can see whether their weights favour them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from etprio.core.committee.conflicts import Conflict
from etprio.core.committee.members import Aggregate, Committee
from etprio.core.committee.swing_weights import WeightAnswerError
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.funding.limits import FundingLimits, limits_in_words
from etprio.core.funding.selection import Selection, rank_order_selection
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.wording import format_gbp, join_words

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class MemberWeights:
    """One member's weights (fractions summing to 1, in criteria order) and how they got
    them. ``consistency_ratio`` is None for swing answers; ``conflicted_on`` lists the bids
    the member is conflicted on."""

    member_id: str
    name: str
    answers: WeightAnswers
    weights: Mapping[str, float]
    consistency_ratio: float | None
    advice: str
    conflicted_on: tuple[str, ...]

    @property
    def conflicted(self) -> bool:
        return bool(self.conflicted_on)


def members_weights(
    committee: Committee,
    keys: Sequence[str],
    conflicts: Mapping[str, Sequence[Conflict]] | None = None,
) -> tuple[MemberWeights, ...]:
    """Every member who has answered, in committee order."""
    conflicted: dict[str, list[str]] = {}
    for bid_id, found in (conflicts or {}).items():
        for conflict in found:
            conflicted.setdefault(conflict.member_id, []).append(bid_id)
    result = []
    for member in committee.members:
        answers = committee.weight_answers_of(member.member_id)
        if answers is None:
            continue
        try:
            weights = answers.weights(keys)
            pairwise = answers.pairwise(keys) if answers.method is WeightMethod.PAIRWISE else None
        except WeightAnswerError as exc:
            raise WeightAnswerError(f"{member.name}'s weighting answers: {exc}") from None
        result.append(
            MemberWeights(
                member.member_id,
                member.name,
                answers,
                weights,
                None if pairwise is None else pairwise.consistency_ratio,
                "" if pairwise is None else pairwise.advice(),
                tuple(sorted(conflicted.get(member.member_id, ()))),
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class CriterionSpread:
    """How far members differ on one criterion's weight (fractions of the total)."""

    key: str
    low: float
    q1: float
    median: float
    mean: float
    q3: float
    high: float
    committee: float


@dataclass(frozen=True)
class CommitteeWeights:
    """The committee's weights under its rule (median or mean of members' weights, then
    divided by their sum so they add up to 1, as every weighting in etprio does)."""

    rule: Aggregate
    weights: Mapping[str, float]
    spread: tuple[CriterionSpread, ...]
    members: int

    def spread_of(self, key: str) -> CriterionSpread:
        return next(s for s in self.spread if s.key == key)


def committee_weights(
    members: Sequence[MemberWeights], keys: Sequence[str], rule: Aggregate
) -> CommitteeWeights:
    """Median (or mean) weight per criterion across members, with min, quartiles and max.

    >>> from etprio.core.committee.weight_answers import WeightAnswers
    >>> def member(i, points):
    ...     answers = WeightAnswers(f"M{i}", "swing", points)
    ...     return MemberWeights(f"M{i}", "", answers, answers.weights("ab"), None, "", ())
    >>> team = [member(1, {"a": 100, "b": 100}), member(2, {"a": 100}), member(3, {"a": 100})]
    >>> mean = committee_weights(team, "ab", Aggregate.MEAN)
    >>> {key: round(weight, 4) for key, weight in mean.weights.items()}
    {'a': 0.8333, 'b': 0.1667}
    >>> committee_weights(team, "ab", Aggregate.MEDIAN).weights
    {'a': 1.0, 'b': 0.0}
    """
    if not members:
        raise WeightAnswerError("no member has answered the weighting questions yet")
    table = np.array([[m.weights[k] for k in keys] for m in members], dtype=float)
    median = np.median(table, axis=0)
    mean = table.mean(axis=0)
    central = median if rule is Aggregate.MEDIAN else mean
    if central.sum() <= 0:
        raise WeightAnswerError(
            "the members' median weights are all zero, because no criterion has weight from "
            "more than half of them: use the mean of members' weights instead"
        )
    agreed = central / central.sum()
    q1, q3 = np.quantile(table, [0.25, 0.75], axis=0)
    spread = tuple(
        CriterionSpread(
            key,
            float(table[:, i].min()),
            float(q1[i]),
            float(median[i]),
            float(mean[i]),
            float(q3[i]),
            float(table[:, i].max()),
            float(agreed[i]),
        )
        for i, key in enumerate(keys)
    )
    weights = dict(zip(keys, agreed.tolist(), strict=True))
    return CommitteeWeights(Aggregate(rule), weights, spread, len(members))


@dataclass(frozen=True)
class BidAcrossMembers:
    """One bid under every member's weights. ``funded_under`` is empty, and
    ``committee_funded`` None, when no budgets are set."""

    bid_id: str
    title: str
    eligible: bool
    ranks: Mapping[str, int]
    funded_under: tuple[str, ...]
    committee_rank: int
    committee_funded: bool | None

    @property
    def best_rank(self) -> int:
        return min(self.ranks.values())

    @property
    def worst_rank(self) -> int:
        return max(self.ranks.values())


@dataclass(frozen=True)
class CommitteeFunding:
    """What every member's weights rank and fund, and what the committee's weights do.

    ``selections`` (member id → the rank-order funding line) is empty without budgets.
    ``bids`` are in the committee's rank order.
    """

    members: tuple[MemberWeights, ...]
    committee: CommitteeWeights
    scores: Mapping[str, Scores]
    selections: Mapping[str, Selection]
    committee_scores: Scores
    committee_selection: Selection | None
    bids: tuple[BidAcrossMembers, ...]
    limits: FundingLimits | None

    @property
    def has_funding_line(self) -> bool:
        return self.limits is not None

    def _eligible_with_count(self, wanted: str) -> tuple[str, ...]:
        n = len(self.members)
        tests: dict[str, Callable[[int], bool]] = {
            "all": lambda c: c == n,
            "none": lambda c: c == 0,
            "some": lambda c: 0 < c < n,
        }
        if not self.has_funding_line:
            return ()
        test = tests[wanted]
        return tuple(b.bid_id for b in self.bids if b.eligible and test(len(b.funded_under)))

    @property
    def robust_core(self) -> tuple[str, ...]:
        """Funded under every member's weights."""
        return self._eligible_with_count("all")

    @property
    def funded_by_none(self) -> tuple[str, ...]:
        """Eligible, but funded under no member's weights."""
        return self._eligible_with_count("none")

    @property
    def depends(self) -> tuple[str, ...]:
        """Funded under some members' weights and not others': these depend on whose view
        prevails."""
        return self._eligible_with_count("some")

    def sentences(self) -> list[str]:
        """What the chair reads out: who answered, what is safe, what is contested."""
        n = len(self.members)
        rule = "median" if self.committee.rule is Aggregate.MEDIAN else "mean"
        said = [
            f"{n} {'member' if n == 1 else 'members'} gave weights; the committee's weights "
            f"are the {rule} of theirs."
        ]
        if not self.has_funding_line:
            said.append("No budgets are set, so no funding line is drawn.")
            return said
        groups = (
            (self.robust_core, "funded under every member's weights"),
            (self.depends, "funded under some members' weights and not others'"),
            (self.funded_by_none, "funded under no member's weights"),
        )
        for bids, words in groups:
            if bids:
                verb = "is" if len(bids) == 1 else "are"
                said.append(f"{join_words(list(bids), shown=len(bids))} {verb} {words}.")
        return [*said, *self.conflict_notes()]

    def to_json(self) -> dict[str, Any]:
        """``etprio weights --format json``."""
        limits = self.limits
        return {
            "rule": self.committee.rule.value,
            "capital_envelope": None if limits is None else limits.capital_envelope,
            "recurrent_headroom": None if limits is None else limits.recurrent_headroom,
            "criteria": [
                {
                    "key": s.key,
                    "committee": s.committee,
                    "low": s.low,
                    "q1": s.q1,
                    "median": s.median,
                    "mean": s.mean,
                    "q3": s.q3,
                    "high": s.high,
                }
                for s in self.committee.spread
            ],
            "members": [
                {
                    "member_id": m.member_id,
                    "name": m.name,
                    "method": m.answers.method.value,
                    "source": m.answers.source,
                    "weights": dict(m.weights),
                    "consistency_ratio": m.consistency_ratio,
                    "advice": m.advice,
                    "conflicted_on": list(m.conflicted_on),
                    "ranking": [
                        self.committee_scores.matrix.bid_ids[i]
                        for i in self.scores[m.member_id].order.tolist()
                    ],
                    "funded": list(self.selections[m.member_id].funded)
                    if self.has_funding_line
                    else None,
                }
                for m in self.members
            ],
            "bids": [
                {
                    "bid_id": b.bid_id,
                    "title": b.title,
                    "eligible": b.eligible,
                    "committee_rank": b.committee_rank,
                    "committee_funded": b.committee_funded,
                    "ranks": dict(b.ranks),
                    "funded_under": list(b.funded_under),
                }
                for b in self.bids
            ],
            "robust_core": list(self.robust_core),
            "funded_by_none": list(self.funded_by_none),
            "depends": list(self.depends),
            "findings": self.sentences(),
        }

    def conflict_notes(self) -> list[str]:
        """Where a conflicted member's weights fund a bid they are conflicted on that the
        committee's weights leave out: the one case the chair must be told about."""
        if self.committee_selection is None:
            return []
        agreed = self.committee_selection.funded_set
        notes = []
        for member in self.members:
            favoured = [
                b
                for b in member.conflicted_on
                if b in self.selections[member.member_id].funded_set and b not in agreed
            ]
            if favoured:
                notes.append(
                    f"{member.name}'s weights fund {', '.join(favoured)}, on which they are "
                    "conflicted; the committee's weights do not."
                )
        return notes


def what_members_fund(
    matrix: ValueMatrix,
    committee: Committee,
    conflicts: Mapping[str, Sequence[Conflict]] | None = None,
    limits: FundingLimits | None = None,
) -> CommitteeFunding:
    """Rank, and with ``limits`` fund, the bids under each member's weights and under the
    committee's (its aggregate rule over members' weights)."""
    keys = matrix.criteria.keys
    members = members_weights(committee, keys, conflicts)
    agreed = committee_weights(members, keys, committee.aggregate)
    scores = {m.member_id: _scores(matrix, m.weights) for m in members}
    committee_scores = _scores(matrix, agreed.weights)
    selections = (
        {}
        if limits is None
        else {member_id: rank_order_selection(s, limits) for member_id, s in scores.items()}
    )
    committee_selection = None if limits is None else rank_order_selection(committee_scores, limits)
    bids = []
    for index in committee_scores.order.tolist():
        bid = matrix.bids[index]
        bids.append(
            BidAcrossMembers(
                bid.bid_id,
                bid.title,
                bool(matrix.eligible[index]),
                {m: int(s.rank[index]) for m, s in scores.items()},
                tuple(m for m, sel in selections.items() if bid.bid_id in sel.funded_set),
                int(committee_scores.rank[index]),
                None
                if committee_selection is None
                else bid.bid_id in committee_selection.funded_set,
            )
        )
    return CommitteeFunding(
        members,
        agreed,
        scores,
        selections,
        committee_scores,
        committee_selection,
        tuple(bids),
        limits,
    )


def _scores(matrix: ValueMatrix, weights: Mapping[str, float]) -> Scores:
    return score_bids(matrix, [weights[k] for k in matrix.criteria.keys])


def budget_words(limits: FundingLimits | None) -> str:
    if limits is None:
        return "No budgets set: members' rankings only, no funding line."
    capital, recurrent = limits.capital_envelope, limits.recurrent_headroom
    if limits.capital_by_year is None and capital is not None and recurrent is not None:
        return (
            f"Funding line in rank order within {format_gbp(capital)} of capital "
            f"and {format_gbp(recurrent)} a year of recurrent revenue."
        )
    return f"Funding line in rank order within these limits: {limits_in_words(limits)}."
