"""Criteria sets: what is scored, how each input becomes a value in [0, 1], and the
weights a committee argues about (CONTRACT §2).

The TOML layout is fixed so that files travel between CCGs; every key is checked because
a misspelt key silently ignored would change a ranking without anyone noticing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any

from etprio.core.errors import UsageError
from etprio.core.matching import normalise
from etprio.core.model import ASSESSOR_COLUMNS, FACETS, SchemeType
from etprio.core.resources import default_criteria_path
from etprio.core.tomlfile import check_keys, fail, number, read_toml


class CriterionKind(StrEnum):
    ASSESSOR = "assessor"
    SIX_FACET = "six_facet"
    DELIVERABILITY = "deliverability"
    COST = "cost"
    BENEFIT_CAPPED = "benefit_capped"


_KINDS_WITH_COLUMN = {CriterionKind.ASSESSOR, CriterionKind.COST, CriterionKind.BENEFIT_CAPPED}
_KINDS_WITH_CAP = {CriterionKind.COST, CriterionKind.BENEFIT_CAPPED}
_MEASURE_COLUMNS = (
    "capital_cost_gbp",
    "grant_pct",
    "recurrent_revenue_gbp",
    "population_benefit",
    *ASSESSOR_COLUMNS,
)
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: float
    kind: CriterionKind
    group: str = "Other"
    column: str | None = None
    cap: float | None = None
    applies_to: frozenset[SchemeType] = frozenset(SchemeType)

    def applies(self, scheme_type: SchemeType) -> bool:
        return scheme_type in self.applies_to


@dataclass(frozen=True)
class DeliverabilityRules:
    """CONTRACT §2.2: a cohort from the completion date, blended with readiness."""

    deadlines: tuple[date, ...]
    cohort_values: tuple[float, ...]
    cohort_weight: float
    readiness_weight: float
    land: Mapping[str, float]
    planning: Mapping[str, float]
    technology_readiness: float

    def cohort(self, completion: date) -> int:
        """1 for the first deadline, 2 for the second …, len(deadlines)+1 for 'unlikely'."""
        return 1 + sum(completion > deadline for deadline in self.deadlines)


@dataclass(frozen=True)
class Gates:
    ineligible_cohorts: frozenset[int]
    technology_ig_zero: bool


@dataclass(frozen=True)
class CriteriaSet:
    name: str
    assessment_date: date
    neutral: float
    deliverability: DeliverabilityRules
    facet_weights: Mapping[str, float]
    gates: Gates
    criteria: tuple[Criterion, ...]
    source: str = field(default="", compare=False)  # where it was read from, not what it is

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.criteria)

    @property
    def weights(self) -> tuple[float, ...]:
        return tuple(c.weight for c in self.criteria)

    def criterion(self, key: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.key == key:
                return criterion
        raise KeyError(key)

    def without_weights(self) -> CriteriaSet:
        """The set with every weight at zero: what the value matrix depends on, and what
        tells a change of criteria from a change of weights."""
        return replace(self, criteria=tuple(replace(c, weight=0.0) for c in self.criteria))

    def with_weights(self, weights: Mapping[str, float]) -> CriteriaSet:
        """Replace only the named weights, on the file's own scale (CONTRACT §4 --weights)."""
        unknown = sorted(set(weights) - set(self.keys))
        if unknown:
            raise UsageError(
                f"unknown criterion {', '.join(unknown)}; known: {', '.join(self.keys)}"
            )
        for key, weight in weights.items():
            if weight < 0:
                raise UsageError(f"weight for {key} must not be negative")
        criteria = tuple(
            replace(c, weight=float(weights[c.key])) if c.key in weights else c
            for c in self.criteria
        )
        return replace(self, criteria=criteria)


def parse_weight_overrides(text: str) -> dict[str, float]:
    """``access=30,training=5`` → ``{"access": 30.0, "training": 5.0}``.

    >>> parse_weight_overrides("access=30, training=5")
    {'access': 30.0, 'training': 5.0}
    """
    overrides: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, sep, value = part.partition("=")
        if not sep:
            raise UsageError(f"--weights: expected key=weight, got {part!r}")
        try:
            overrides[key.strip()] = float(value)
        except ValueError:
            raise UsageError(f"--weights: {key.strip()} needs a number, not {value!r}") from None
    return overrides


def load_criteria(path: Path | None = None) -> CriteriaSet:
    """Load and check a criteria set; the default is the bundled ETTF 2016 set."""
    path = path or default_criteria_path()
    data = read_toml(path)
    top = {"name", "assessment_date", "neutral", "deliverability", "premises_need", "gates"}
    check_keys(path, "", data, required=top | {"criteria"}, allowed=top | {"criteria"})
    if not isinstance(data["name"], str) or not data["name"].strip():
        raise fail(path, "name", "must be a non-empty text")
    assessment_date = _date(path, "assessment_date", data["assessment_date"])
    neutral = _fraction(path, "neutral", data["neutral"])
    criteria = _criteria(path, data["criteria"])
    if not any(c.weight > 0 for c in criteria):
        raise fail(path, "criteria", "every weight is zero; at least one must be above zero")
    return CriteriaSet(
        name=data["name"].strip(),
        assessment_date=assessment_date,
        neutral=neutral,
        deliverability=_deliverability(path, data["deliverability"]),
        facet_weights=_facet_weights(path, data["premises_need"]),
        gates=_gates(path, data["gates"]),
        criteria=criteria,
        source=str(path),
    )


def _table(path: Path, key: str, value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise fail(path, key, "must be a table")
    return value


def _date(path: Path, key: str, value: object) -> date:
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise fail(path, key, f"must be a date like 2017-03-31, not {value!r}")
    return value


def _fraction(path: Path, key: str, value: object) -> float:
    result = number(path, key, value, minimum=0.0)
    if result > 1.0:
        raise fail(path, key, f"must be between 0 and 1, not {value!r}")
    return result


def _fractions(path: Path, key: str, table: object, names: Sequence[str]) -> Mapping[str, float]:
    table = _table(path, key, table)
    check_keys(path, key, table, required=set(names), allowed=set(names))
    return MappingProxyType({n: _fraction(path, f"{key}.{n}", table[n]) for n in names})


def _deliverability(path: Path, value: object) -> DeliverabilityRules:
    key = "deliverability"
    table = _table(path, key, value)
    names = {
        "deadlines",
        "cohort_values",
        "cohort_weight",
        "readiness_weight",
        "land",
        "planning",
        "technology_readiness",
    }
    check_keys(path, key, table, required=names, allowed=names)
    deadlines = table["deadlines"]
    if not isinstance(deadlines, list) or not deadlines:
        raise fail(path, f"{key}.deadlines", "must be a list of dates")
    dates = tuple(_date(path, f"{key}.deadlines", d) for d in deadlines)
    if list(dates) != sorted(set(dates)):
        raise fail(path, f"{key}.deadlines", "must be in increasing order, without repeats")
    values = table["cohort_values"]
    if not isinstance(values, list) or len(values) != len(dates) + 1:
        raise fail(
            path,
            f"{key}.cohort_values",
            f"needs {len(dates) + 1} values: one per deadline and one for 'unlikely'",
        )
    cohort_weight = _fraction(path, f"{key}.cohort_weight", table["cohort_weight"])
    readiness_weight = _fraction(path, f"{key}.readiness_weight", table["readiness_weight"])
    if abs(cohort_weight + readiness_weight - 1.0) > 1e-9:
        raise fail(
            path,
            f"{key}.readiness_weight",
            "cohort_weight and readiness_weight must add up to 1 so the value stays in 0–1",
        )
    return DeliverabilityRules(
        deadlines=dates,
        cohort_values=tuple(_fraction(path, f"{key}.cohort_values", v) for v in values),
        cohort_weight=cohort_weight,
        readiness_weight=readiness_weight,
        land=_fractions(path, f"{key}.land", table["land"], ("yes", "no")),
        planning=_fractions(
            path,
            f"{key}.planning",
            table["planning"],
            ("granted", "not_required", "applied", "none"),
        ),
        technology_readiness=_fraction(
            path, f"{key}.technology_readiness", table["technology_readiness"]
        ),
    )


def _facet_weights(path: Path, value: object) -> Mapping[str, float]:
    table = _table(path, "premises_need", value)
    check_keys(path, "premises_need", table, required={"facet_weights"}, allowed={"facet_weights"})
    weights = _table(path, "premises_need.facet_weights", table["facet_weights"])
    where = "premises_need.facet_weights"
    check_keys(path, where, weights, required=set(FACETS), allowed=set(FACETS))
    result = {f: number(path, f"{where}.{f}", weights[f], minimum=0.0) for f in FACETS}
    if not any(result.values()):
        raise fail(path, where, "at least one facet weight must be above zero")
    return MappingProxyType(result)


def _gates(path: Path, value: object) -> Gates:
    table = _table(path, "gates", value)
    names = {"ineligible_cohorts", "technology_ig_zero"}
    check_keys(path, "gates", table, required=names, allowed=names)
    cohorts = table["ineligible_cohorts"]
    if not isinstance(cohorts, list) or not all(
        isinstance(c, int) and not isinstance(c, bool) and c >= 1 for c in cohorts
    ):
        raise fail(path, "gates.ineligible_cohorts", "must be a list of cohort numbers like [3]")
    if not isinstance(table["technology_ig_zero"], bool):
        raise fail(path, "gates.technology_ig_zero", "must be true or false")
    return Gates(frozenset(cohorts), table["technology_ig_zero"])


def _criteria(path: Path, value: object) -> tuple[Criterion, ...]:
    if not isinstance(value, list) or not value:
        raise fail(path, "criteria", "needs at least one [[criteria]] table")
    criteria: list[Criterion] = []
    for index, raw in enumerate(value, start=1):
        where = f"criteria[{index}]"
        table = _table(path, where, raw)
        allowed = {"key", "label", "group", "weight", "kind", "column", "cap", "applies_to"}
        check_keys(path, where, table, required={"key", "label", "weight", "kind"}, allowed=allowed)
        key = table["key"]
        if not isinstance(key, str) or not _KEY_PATTERN.match(key):
            raise fail(path, f"{where}.key", "must be lower-case letters, digits and _")
        where = f"criteria.{key}"
        if key in {c.key for c in criteria}:
            raise fail(path, where, "appears twice")
        criteria.append(_criterion(path, where, table))
    return tuple(criteria)


def _criterion(path: Path, where: str, table: dict[str, Any]) -> Criterion:
    try:
        kind = CriterionKind(normalise(str(table["kind"])))
    except ValueError:
        known = ", ".join(k.value for k in CriterionKind)
        raise fail(path, f"{where}.kind", f"must be one of {known}") from None
    for text_key in ("label", "group"):
        if text_key in table and not isinstance(table[text_key], str):
            raise fail(path, f"{where}.{text_key}", "must be text")
    column = table.get("column")
    if kind in _KINDS_WITH_COLUMN:
        if column not in _MEASURE_COLUMNS:
            raise fail(path, f"{where}.column", f"must be one of {', '.join(_MEASURE_COLUMNS)}")
    elif column is not None:
        raise fail(path, f"{where}.column", f"is not used by kind {kind.value}")
    cap = table.get("cap")
    if kind in _KINDS_WITH_CAP:
        if cap is None:
            raise fail(path, f"{where}.cap", f"is required for kind {kind.value}")
        cap = number(path, f"{where}.cap", cap)
        if cap <= 0:
            raise fail(path, f"{where}.cap", "must be above zero")
    elif cap is not None:
        raise fail(path, f"{where}.cap", f"is not used by kind {kind.value}")
    return Criterion(
        key=table["key"],
        label=table["label"].strip(),
        weight=number(path, f"{where}.weight", table["weight"], minimum=0.0),
        kind=kind,
        group=table.get("group", "Other").strip() or "Other",
        column=column,
        cap=cap,
        applies_to=_applies_to(path, f"{where}.applies_to", table.get("applies_to")),
    )


def _applies_to(path: Path, key: str, value: object) -> frozenset[SchemeType]:
    if value is None:
        return frozenset(SchemeType)
    if not isinstance(value, list) or not value:
        raise fail(path, key, 'must be a list such as ["estates", "technology"]')
    try:
        return frozenset(SchemeType(normalise(str(v))) for v in value)
    except ValueError:
        raise fail(path, key, "scheme types are estates and technology") from None
