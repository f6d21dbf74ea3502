"""Problems found in a user's file, addressed the way a spreadsheet user finds them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding at FILE:ROW:COLUMN (CONTRACT §1.3).

    ``row`` is the row number the user sees in their spreadsheet (header = 1), so a
    message can be followed straight to the cell. ``column`` stays the canonical name,
    which tools parse; ``heading`` is how the user's own sheet labels it (``C 'Grant %'``),
    blank when the column is not in the file.
    """

    file: str
    row: int
    column: str
    message: str
    severity: Severity = Severity.ERROR
    heading: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def place(self) -> str:
        """The column as the user knows it: ``C 'Grant %' (grant_pct)``."""
        return f"{self.heading} ({self.column})" if self.heading else self.column

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        heading = f"{self.place}: " if self.heading else ""
        return f"{self.file}:{self.row}:{self.column}: {prefix}{heading}{self.message}"
