"""Criterion values v in [0, 1] for every bid: the expensive part, done once per change of
data or criteria so that a weight change is only a matrix-vector product (DESIGN "Shape").

Values come from fixed scales, never from the bids in hand (CONTRACT §2), so adding or
removing a bid cannot move another bid's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from etprio.core.model import Bid, Dataset, Premises, SchemeType, population_benefit
from etprio.core.scoring.criteria import CriteriaSet, Criterion, CriterionKind, DeliverabilityRules
from etprio.core.tables.scales import GradeScales
from etprio.core.wording import join_words


@dataclass(frozen=True, eq=False)
class ValueMatrix:
    """Everything about the bids that does not depend on the weights.

    Rows follow ``bids``; columns follow ``criteria.criteria``.
    """

    bids: tuple[Bid, ...]
    criteria: CriteriaSet
    values: np.ndarray
    neutral: np.ndarray
    cohort: np.ndarray
    deliverability: np.ndarray
    eligible: np.ndarray
    ineligible_reason: tuple[str, ...]
    population: np.ndarray

    @property
    def bid_ids(self) -> tuple[str, ...]:
        return tuple(b.bid_id for b in self.bids)

    def neutral_keys(self, row: int) -> tuple[str, ...]:
        return tuple(
            k for k, flag in zip(self.criteria.keys, self.neutral[row], strict=True) if flag
        )

    def flags(self, row: int) -> tuple[str, ...]:
        """Plain-language remarks a committee member needs beside the score."""
        bid = self.bids[row]
        remarks: list[str] = []
        if not self.eligible[row]:
            remarks.append(f"ineligible: {self.ineligible_reason[row]}")
        if bid.depends_on:
            remarks.append(f"depends on {', '.join(bid.depends_on)}")
        neutral = [self.criteria.criterion(k).label for k in self.neutral_keys(row)]
        if neutral:
            remarks.append(f"neutral value for {join_words(neutral, shown=len(neutral))}")
        return tuple(remarks)


def premises_need(
    premises: Premises | None, facet_weights: Mapping[str, float], scales: GradeScales
) -> float | None:
    """CONTRACT §2.1: facet-weighted need over the facets present; None when none are."""
    if premises is None:
        return None
    total = weighted = 0.0
    for facet, grade in premises.grades.items():
        weight = facet_weights.get(facet, 0.0)
        total += weight
        weighted += weight * scales.need(facet, grade)
    return weighted / total if total > 0 else None


def deliverability(bid: Bid, rules: DeliverabilityRules) -> float:
    """CONTRACT §2.2. A blank land or planning answer counts as no / none, as on import."""
    cohort_value = rules.cohort_values[rules.cohort(bid.expected_completion) - 1]
    if bid.scheme_type is SchemeType.TECHNOLOGY:
        readiness = rules.technology_readiness
    else:
        land = rules.land["yes" if bid.land_secured else "no"]
        planning = rules.planning[bid.planning_status.value if bid.planning_status else "none"]
        readiness = (land + planning) / 2
    return rules.cohort_weight * cohort_value + rules.readiness_weight * readiness


def compute_values(dataset: Dataset, criteria: CriteriaSet, scales: GradeScales) -> ValueMatrix:
    premises = dataset.premises_by_id
    bids = dataset.bids
    n, m = len(bids), len(criteria.criteria)
    values = np.empty((n, m), dtype=float)
    neutral = np.zeros((n, m), dtype=bool)
    rules = criteria.deliverability
    delivery = np.array([deliverability(b, rules) for b in bids], dtype=float).reshape(n)
    list_sizes = {premises_id: site.list_size for premises_id, site in premises.items()}
    stated = (population_benefit(b.population_benefit, b.premises_id, list_sizes) for b in bids)
    population = np.array([np.nan if p is None else p for p in stated], dtype=float).reshape(n)
    for row, bid in enumerate(bids):
        site = premises.get(bid.premises_id) if bid.premises_id else None
        for col, criterion in enumerate(criteria.criteria):
            value = _value(criterion, bid, site, criteria, scales, delivery[row], population[row])
            if value is None:
                value, neutral[row, col] = criteria.neutral, True
            values[row, col] = value
    cohort = np.array([rules.cohort(b.expected_completion) for b in bids], dtype=int).reshape(n)
    reasons = _ineligibility(bids, cohort, criteria)
    return ValueMatrix(
        bids=bids,
        criteria=criteria,
        values=values,
        neutral=neutral,
        cohort=cohort,
        deliverability=delivery,
        eligible=np.array([not r for r in reasons], dtype=bool).reshape(n),
        ineligible_reason=reasons,
        population=population,
    )


def _value(
    criterion: Criterion,
    bid: Bid,
    site: Premises | None,
    criteria: CriteriaSet,
    scales: GradeScales,
    delivery: float,
    population: float,
) -> float | None:
    if not criterion.applies(bid.scheme_type):
        return None
    match criterion.kind:
        case CriterionKind.SIX_FACET:
            return premises_need(site, criteria.facet_weights, scales)
        case CriterionKind.DELIVERABILITY:
            return delivery
    assert criterion.column is not None
    if criterion.column == "population_benefit":
        measure = None if np.isnan(population) else float(population)
    else:
        measure = bid.number(criterion.column)
    if measure is None:
        return None
    match criterion.kind:
        case CriterionKind.ASSESSOR:
            return min(max(measure / 5.0, 0.0), 1.0)
        case CriterionKind.COST:
            assert criterion.cap is not None
            return 1.0 - min(max(measure, 0.0) / criterion.cap, 1.0)
        case CriterionKind.BENEFIT_CAPPED:
            assert criterion.cap is not None
            return min(max(measure, 0.0) / criterion.cap, 1.0)
    raise AssertionError(criterion.kind)


def _ineligibility(
    bids: tuple[Bid, ...], cohort: np.ndarray, criteria: CriteriaSet
) -> tuple[str, ...]:
    """CONTRACT §2.3 gates, spread along depends_on chains until nothing changes."""
    gates = criteria.gates
    last = len(criteria.deliverability.deadlines) + 1
    reasons: dict[str, str] = {}
    for bid, bid_cohort in zip(bids, cohort, strict=True):
        if int(bid_cohort) in gates.ineligible_cohorts:
            label = "unlikely within the scheme" if bid_cohort == last else f"cohort {bid_cohort}"
            reasons[bid.bid_id] = f"completes too late ({label})"
        elif (
            gates.technology_ig_zero
            and bid.scheme_type is SchemeType.TECHNOLOGY
            and bid.scores.get("ig_score") == 0
        ):
            reasons[bid.bid_id] = "technology bid with an information governance score of 0"
    changed = True
    while changed:
        changed = False
        for bid in bids:
            if bid.bid_id in reasons:
                continue
            blocked = [d for d in bid.depends_on if d in reasons]
            if blocked:
                reasons[bid.bid_id] = f"depends on ineligible {', '.join(blocked)}"
                changed = True
    return tuple(reasons.get(b.bid_id, "") for b in bids)
