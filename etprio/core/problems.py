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
    message can be followed straight to the cell.
    """

    file: str
    row: int
    column: str
    message: str
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def __str__(self) -> str:
        prefix = "" if self.is_error else "warning: "
        return f"{self.file}:{self.row}:{self.column}: {prefix}{self.message}"
