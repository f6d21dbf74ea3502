"""Reading and checking the spreadsheets users bring: bids, the six-facet survey, grade scales.

Owns everything between a file on disk and checked rows: bounded reading (a workbook cannot
exhaust memory), finding the sheet and heading row, forgiving column matching, cell parsing
(money, dates, grades) and every import problem at FILE:ROW:COLUMN. Knows nothing of scores.
"""

from etprio.core.tables.importing import (
    check_files,
    inspect_files,
    load_dataset,
    read_bids,
    read_survey,
)
from etprio.core.tables.scales import GradeScales, load_scales

__all__ = [
    "GradeScales",
    "check_files",
    "inspect_files",
    "load_dataset",
    "load_scales",
    "read_bids",
    "read_survey",
]
