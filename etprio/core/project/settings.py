"""Settings a project carries for the funding line and the submission PDF, so that
reopening a project gives the same report (DESIGN "Project file", CONTRACT §3 and §5)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FundingSettings:
    """CONTRACT §3 and §7 inputs; None until the finance lead gives a figure.

    ``capital_by_year`` holds the allocations as (year, £) pairs, earliest first, empty
    when none is set; ``carry_forward`` passes unspent allocation to the next year.
    """

    capital_envelope: float | None = None
    recurrent_headroom: float | None = None
    horizon_years: int = 10
    capital_by_year: tuple[tuple[str, float], ...] = ()
    carry_forward: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "capital_by_year",
            tuple((str(year), float(amount)) for year, amount in self.capital_by_year),
        )


@dataclass(frozen=True)
class ReportSettings:
    """The submission's cover and what the public edition leaves out (CONTRACT §5:
    ``confidential`` columns, default notes). ``ccg_code`` tells CCGs apart in a regional
    pipeline (CONTRACT §8); ``logo`` is the path of the CCG's own logo for the cover, empty
    for none."""

    ccg_name: str = ""
    title: str = "Estates and Technology Transformation Fund: prioritised bids"
    version: str = "1.0"
    protective_marking: str = "OFFICIAL-SENSITIVE"
    confidential: tuple[str, ...] = ("notes",)
    ccg_code: str = ""
    logo: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "confidential", tuple(self.confidential))


@dataclass(frozen=True)
class ProjectSettings:
    funding: FundingSettings = field(default_factory=FundingSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
