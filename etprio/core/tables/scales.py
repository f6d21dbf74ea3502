"""Six-facet grade scales: which grades a survey may use and how much need each signals.

Survey providers grade differently, so the scale is data, not code (DOMAIN "Six-facet
survey"); CONTRACT §2.1 fixes the default values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from etprio.core.matching import normalise
from etprio.core.model import FACETS
from etprio.core.resources import default_scales_path
from etprio.core.tomlfile import check_keys, fail, number, read_toml


@dataclass(frozen=True)
class GradeScales:
    """Per facet, the grades as the scale file spells them and their need value in [0, 1]."""

    tables: Mapping[str, Mapping[str, float]]
    source: str = field(default="", compare=False)  # where it was read from, not what it is

    def canonical_grade(self, facet: str, text: str) -> str | None:
        """The scale's own spelling of a grade typed as ``text`` (``b(c)`` → ``B(C)``)."""
        wanted = normalise(text)
        for grade in self.tables[facet]:
            if normalise(grade) == wanted:
                return grade
        return None

    def need(self, facet: str, grade: str) -> float:
        return self.tables[facet][grade]

    def grades(self, facet: str) -> tuple[str, ...]:
        return tuple(self.tables[facet])


def load_scales(path: Path | None = None) -> GradeScales:
    """Load and check a scale file; every facet must be present with at least one grade."""
    path = path or default_scales_path()
    data = read_toml(path)
    check_keys(path, "", data, required=set(FACETS), allowed=set(FACETS))
    tables: dict[str, Mapping[str, float]] = {}
    for facet in FACETS:
        table = data[facet]
        if not isinstance(table, dict) or not table:
            raise fail(path, facet, "must be a table of grades, e.g. A = 0.0")
        seen: dict[str, str] = {}
        values: dict[str, float] = {}
        for grade, value in table.items():
            key = f"{facet}.{grade}"
            need = number(path, key, value, minimum=0.0)
            if need > 1.0:
                raise fail(path, key, f"need values run from 0 to 1, not {value!r}")
            folded = normalise(grade)
            if folded in seen:
                raise fail(path, key, f"is the same grade as {facet}.{seen[folded]}")
            seen[folded] = grade
            values[grade] = need
        tables[facet] = MappingProxyType(values)
    return GradeScales(MappingProxyType(tables), str(path))
