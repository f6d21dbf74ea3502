"""The domain values everything else works on: premises from the six-facet survey, bids,
and the data set that pairs them.

Values are frozen: a change to the data is a new object, which keeps undo, the decision
log and cached value matrices honest.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from etprio.core.financial_years import financial_year_of, year_start


class SchemeType(StrEnum):
    ESTATES = "estates"
    TECHNOLOGY = "technology"


class PlanningStatus(StrEnum):
    NONE = "none"
    APPLIED = "applied"
    GRANTED = "granted"
    NOT_REQUIRED = "not_required"


FACETS: tuple[str, ...] = (
    "physical_condition",
    "functional_suitability",
    "space_utilisation",
    "quality",
    "statutory_compliance",
    "environmental_management",
)

ASSESSOR_COLUMNS: tuple[str, ...] = (
    "access_score",
    "capacity_score",
    "training_score",
    "wider_services_score",
    "engagement_score",
    "strategy_fit_score",
    "digital_roadmap_score",
    "ig_score",
)


def _frozen[V](mapping: Mapping[str, V]) -> Mapping[str, V]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Premises:
    """One surveyed building (CONTRACT §1.1). Grades are stored as the scale file spells them."""

    premises_id: str
    practice_code: str
    premises_name: str = ""
    survey_date: date | None = None
    grades: Mapping[str, str] = field(default_factory=dict)
    gia_m2: float | None = None
    backlog_cost_gbp: float | None = None
    current_rent_gbp: float | None = None
    list_size: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "grades", _frozen(self.grades))


@dataclass(frozen=True)
class Bid:
    """One practice's bid (CONTRACT §1.2).

    ``scores`` holds the assessor scores by column name (``access_score`` …) so that a
    criteria file can point a criterion at any of them. ``grant_phasing`` is the grant by
    financial year (``2017/18`` → £) as the bid's year columns gave it, empty when they were
    all blank (CONTRACT §7); :attr:`grant_by_year` is the profile every selection uses.
    """

    bid_id: str
    title: str
    practice_code: str
    scheme_type: SchemeType
    capital_cost_gbp: float
    expected_completion: date
    premises_id: str | None = None
    grant_pct: float = 66.0
    recurrent_revenue_gbp: float = 0.0
    land_secured: bool | None = None
    planning_status: PlanningStatus | None = None
    scores: Mapping[str, float] = field(default_factory=dict)
    population_benefit: float | None = None
    depends_on: tuple[str, ...] = ()
    notes: str = ""
    grant_phasing: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _frozen(self.scores))
        object.__setattr__(self, "depends_on", tuple(self.depends_on))
        object.__setattr__(
            self,
            "grant_phasing",
            _frozen(dict(sorted(self.grant_phasing.items(), key=lambda kv: year_start(kv[0])))),
        )

    @property
    def grant_gbp(self) -> float:
        """Grant requested from the fund: the capital share the fund pays (CONTRACT §3)."""
        return self.capital_cost_gbp * self.grant_pct / 100.0

    @property
    def grant_by_year(self) -> Mapping[str, float]:
        """The grant drawn in each financial year, earliest first (CONTRACT §7): the bid's
        own phasing when its year columns held any value, else the whole grant in the year
        of ``expected_completion``. ``grant_phasing`` keeps the columns as given, so
        the project file stores what the user typed."""
        if self.grant_phasing:
            return self.grant_phasing
        return {financial_year_of(self.expected_completion): self.grant_gbp}

    def number(self, column: str) -> float | None:
        """A numeric input by its canonical column name, for criteria that name a column."""
        if column in self.scores:
            return self.scores[column]
        value = getattr(self, column, None) if column in _NUMERIC_FIELDS else None
        return None if value is None else float(value)


_NUMERIC_FIELDS = frozenset(
    {"capital_cost_gbp", "grant_pct", "recurrent_revenue_gbp", "population_benefit"}
)


def population_benefit(
    stated: float | None, premises_id: str | None, list_sizes: Mapping[str, float | None]
) -> float | None:
    """Patients who benefit from a bid: its own figure, else the list size of its premises
    (CONTRACT §1.2). The importer fills it in; scoring asks again for bids whose premises
    arrived later.

    >>> sizes = {"P1": 9000.0}
    >>> population_benefit(None, "P1", sizes), population_benefit(120.0, "P1", sizes)
    (9000.0, 120.0)
    """
    if stated is not None or premises_id is None:
        return stated
    return list_sizes.get(premises_id)


@dataclass(frozen=True)
class Dataset:
    """Bids with the survey they are judged against; the unit that scoring consumes."""

    bids: tuple[Bid, ...]
    premises: tuple[Premises, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "bids", tuple(self.bids))
        object.__setattr__(self, "premises", tuple(self.premises))

    @property
    def premises_by_id(self) -> Mapping[str, Premises]:
        return {p.premises_id: p for p in self.premises}

    @property
    def bids_by_id(self) -> Mapping[str, Bid]:
        return {b.bid_id: b for b in self.bids}
