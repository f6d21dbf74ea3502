"""Swing weighting: weights from one member's judgement of how much each criterion's swing
matters (DOMAIN "How committees weigh criteria"; the method of Hiview3 and of decision
conferencing generally).

A swing is a criterion's whole scale, from the worst a bid can be to the best, told in the
criterion's own words. The member puts the swings in order, gives the one that matters most
100 and every other a number from 0 to 100 against it; the weights are those numbers
divided by their sum. Because every value in etprio lies on a fixed scale (CONTRACT §2),
the swing is the same for every project, so the question can be asked once, before the
meeting, without the bids in hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from etprio.core.errors import InvalidDataError
from etprio.core.scoring.criteria import CriteriaSet, Criterion, CriterionKind
from etprio.core.wording import format_date, format_gbp

LARGEST_SWING = 100.0


class WeightAnswerError(InvalidDataError):
    """A member's answers that cannot give weights; the message says which answer."""


def swing_weights(points: Mapping[str, float], keys: Sequence[str]) -> dict[str, float]:
    """Weights (summing to 1, one per key in ``keys``) from swing points.

    A criterion the member left out counts 0: its swing did not matter to them.

    >>> swing_weights({"access": 100, "training": 50}, ["access", "training", "ig"])
    {'access': 0.6666666666666666, 'training': 0.3333333333333333, 'ig': 0.0}
    """
    unknown = sorted(set(points) - set(keys))
    if unknown:
        raise WeightAnswerError(f"no criterion called {', '.join(unknown)}")
    for key, value in points.items():
        if not 0 <= value <= LARGEST_SWING:
            raise WeightAnswerError(f"{key}: {value:g} is not between 0 and 100")
    if not any(value == LARGEST_SWING for value in points.values()):
        raise WeightAnswerError(
            "the swing that matters most gets 100 and the others are scored against it: "
            "give one criterion 100"
        )
    total = sum(points.values())
    return {key: float(points.get(key, 0.0)) / total for key in keys}


def swing_wording(criterion: Criterion, criteria: CriteriaSet) -> str:
    """The swing from worst to best in words a member can weigh without the scoring rules
    in front of them ("from no extended access to seven-day access")."""
    kind = criterion.kind
    if kind is CriterionKind.ASSESSOR:
        return f"{criterion.label}: from an assessor score of 0 to a score of 5"
    if kind is CriterionKind.SIX_FACET:
        return (
            f"{criterion.label}: from premises as new on every facet of the survey "
            "to premises at serious risk on every facet"
        )
    if kind is CriterionKind.DELIVERABILITY:
        deadlines = criteria.deliverability.deadlines
        first = format_date(deadlines[0]) if deadlines else "the first deadline"
        return (
            f"{criterion.label}: from a scheme unlikely to finish within the fund, with no "
            f"land or planning, to one finished by {first} with land and planning in place"
        )
    cap = criterion.cap or 0.0
    if kind is CriterionKind.COST:
        return (
            f"{criterion.label}: from {format_gbp(cap)} a year or more of new recurrent "
            "revenue to none"
        )
    return f"{criterion.label}: from none to {cap:,.0f} or more"
