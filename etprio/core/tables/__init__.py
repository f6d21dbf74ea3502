"""Reading and checking the spreadsheets users bring: bids, the six-facet survey, grade scales.

Owns everything between a file on disk and checked rows: bounded reading (a workbook cannot
exhaust memory), finding the sheet and heading row, forgiving column matching, cell parsing
(money, dates, grades) and every import problem at FILE:ROW:COLUMN. Knows nothing of scores.

The importer's names load on first use: scoring and opening a project need only the grade
scales, and the app opens a project before anyone imports a table (DESIGN performance
targets: a usable window in under a second).
"""

from typing import TYPE_CHECKING, Any

from etprio.core.tables.scales import GradeScales, load_scales

if TYPE_CHECKING:
    from etprio.core.tables.importing import (
        check_files,
        inspect_files,
        load_dataset,
        read_bids,
        read_survey,
    )

__all__ = [
    "GradeScales",
    "check_files",
    "inspect_files",
    "load_dataset",
    "load_scales",
    "read_bids",
    "read_survey",
]
_IMPORTING = frozenset({"check_files", "inspect_files", "load_dataset", "read_bids", "read_survey"})


def __getattr__(name: str) -> Any:
    if name in _IMPORTING:
        from etprio.core.tables import importing

        return getattr(importing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
