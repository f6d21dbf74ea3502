"""A synthetic region: several CCGs' bids, surveys and project files (``etprio demo --ccgs``).

Regional tests and benchmarks need many CCGs that look like a region's: distinct names and
codes, each with its own realistic tables (:mod:`etprio.core.tables.demo`) imported and saved as the
project the CCG would send, so that ``etprio region`` reads exactly what a regional team
receives. The same seed always gives the same region.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from etprio.core.errors import UsageError
from etprio.core.financial_years import financial_year_label, financial_year_start, year_start
from etprio.core.scoring.criteria import CriteriaSet
from etprio.core.tables.demo import BID_COLUMNS, generate, write_tables
from etprio.core.tables.import_columns import grant_year_column

_TOWNS = (
    "Ash", "Bram", "Cole", "Dun", "Elm", "Fern", "Glen", "Hol", "Kings", "Lang", "Mill",
    "Nor", "Oak", "Pen", "Ral", "Stan", "Thorn", "Wal", "Wick", "Yew", "Brack", "Crow",
    "Fell", "Marl",
)  # fmt: skip
_ENDINGS = (
    "by", "field", "ford", "gate", "ham", "hurst", "ley", "mere", "stead", "ton", "wick",
    "worth", "combe", "dale",
)  # fmt: skip
_SHAPES = ("NHS {} CCG", "NHS {} and District CCG", "NHS North {} CCG", "NHS South {} CCG")
_CODE_LETTERS = "ABCDEFGHJKLMNPQRTVWXY"
MAX_CCGS = len(_SHAPES) * len(_ENDINGS) * len(_TOWNS)


@dataclass(frozen=True)
class DemoCcg:
    """One synthetic CCG: its ODS-style code (two digits and a letter, as ``07L``) and name."""

    code: str
    name: str

    @property
    def folder(self) -> str:
        return self.code


def demo_ccgs(count: int) -> list[DemoCcg]:
    """``count`` CCGs with distinct codes and names, the same list every time.

    >>> [(c.code, c.name) for c in demo_ccgs(2)]
    [('01B', 'NHS Ashby CCG'), ('02C', 'NHS Bramfield CCG')]
    """
    return [ccg for ccg, _ in zip(_ccgs(), range(count), strict=False)]


def _ccgs() -> Iterator[DemoCcg]:
    index = 0
    for shape in _SHAPES:
        for step in range(len(_ENDINGS)):
            for t, town in enumerate(_TOWNS):
                ending = _ENDINGS[(t + step) % len(_ENDINGS)]
                index += 1
                # (index mod 100, letter) is distinct for the first 2,100 CCGs: 101 and
                # the 21 letters have no common factor.
                letter = _CODE_LETTERS[(index + index // 100) % len(_CODE_LETTERS)]
                yield DemoCcg(f"{index % 100:02d}{letter}", shape.format(f"{town}{ending}"))


def write_region(directory: Path, n_ccgs: int, n_bids: int, seed: int) -> list[Path]:
    """Write one folder per CCG — ``bids.csv``, ``survey.csv`` and ``<code>.etprio`` with
    the CCG's name and code — and return the project files, in CCG order."""
    from etprio.core.project.commands import ChangeSettings
    from etprio.core.project.store import new_project, save_project
    from etprio.core.scoring.criteria import load_criteria
    from etprio.core.tables.importing import load_dataset
    from etprio.core.tables.scales import load_scales

    if not 1 <= n_ccgs <= MAX_CCGS:
        raise UsageError(f"--ccgs must be from 1 to {MAX_CCGS:,}, not {n_ccgs}")
    criteria, scales = load_criteria(), load_scales()
    projects = []
    for k, ccg in enumerate(demo_ccgs(n_ccgs)):
        folder = directory / ccg.folder
        rows, survey_rows = generate(n_bids, seed * 10_007 + k)
        columns = _phase_grants(rows, np.random.default_rng(seed * 10_007 + k))
        bids, survey = write_tables(folder, rows, survey_rows, columns)
        dataset, _ = load_dataset(bids, survey, scales, assessment_date=criteria.assessment_date)
        path = folder / f"{ccg.code}.etprio"
        own = criteria.with_weights(_local_weights(criteria, seed * 10_007 + k))
        with new_project(dataset, own, scales, sources=(bids, survey)) as project:
            report = replace(project.settings.report, ccg_name=ccg.name, ccg_code=ccg.code)
            settings = replace(project.settings, report=report)
            ChangeSettings(settings, rationale="synthetic region").do(project)
            save_project(project, path)
        projects.append(path)
    return projects


def _local_weights(criteria: CriteriaSet, seed: int) -> dict[str, float]:
    """Each CCG's committee weighs the criteria a little differently (whole numbers within
    half and one and a half times the default), as local weights do."""
    rng = np.random.default_rng(seed)
    return {
        c.key: float(max(1, round(c.weight * rng.uniform(0.5, 1.5))))
        for c in criteria.criteria
        if c.weight > 0
    }


_PHASED_SHARE = 0.4
_FIRST_YEAR = 2016  # the fund's first financial year, 2016/17
_PROFILES = ((0.3, 0.7), (0.2, 0.5, 0.3), (0.5, 0.5))


def _phase_grants(rows: list[dict[str, str]], rng: np.random.Generator) -> list[str]:
    """Phase the grant of some larger schemes over the years up to completion (CONTRACT §7
    ``grant_YYYY_YY``), as capital schemes draw it: a share in each year, the last year
    taking what rounding leaves so the years add up to the grant exactly. Adds the year
    columns to every row (blank where a bid is not phased) and returns the table's columns."""
    years: set[str] = set()
    for row in rows:
        cost = float(row["capital_cost_gbp"])
        if cost < 250_000 or rng.random() >= _PHASED_SHARE:
            continue
        last = financial_year_start(date.fromisoformat(row["expected_completion"]))
        fits = [p for p in _PROFILES if last - len(p) + 1 >= _FIRST_YEAR]
        if not fits:
            continue
        profile = fits[int(rng.integers(len(fits)))]
        grant = cost * float(row["grant_pct"].rstrip("%") or 66) / 100
        first = last - len(profile) + 1
        amounts = [float(round(grant * share)) for share in profile[:-1]]
        amounts.append(round(grant - sum(amounts), 2))
        for offset, amount in enumerate(amounts):
            year = financial_year_label(first + offset)
            row[grant_year_column(year)] = f"{amount:.2f}".removesuffix(".00")
            years.add(year)
    added = [grant_year_column(y) for y in sorted(years, key=year_start)]
    for row in rows:
        for column in added:
            row.setdefault(column, "")
    return [*BID_COLUMNS, *added]
