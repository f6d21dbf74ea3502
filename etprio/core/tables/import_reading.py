"""One table while it is imported: headings matched to columns, cells parsed column by
column, and every problem found so far at its FILE:ROW:COLUMN address (CONTRACT §1, §1.3).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from etprio.core.problems import Problem, Severity
from etprio.core.tables import cells
from etprio.core.tables.cells import MAX_CELL_CHARS, CellError
from etprio.core.tables.import_columns import Column, column_named, heading_key
from etprio.core.tables.tabular import FILE_COLUMN, Table


@dataclass
class Reading:
    """One table while it is imported: parsed columns and every problem found so far."""

    table: Table
    noun: str
    problems: list[Problem] = field(default_factory=list)
    positions: dict[str, int] = field(default_factory=dict)
    # Each column holds what its own parser returns (text, dates, amounts, enums...), chosen
    # by the column's name at run time, so no single element type fits them all.
    values: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def row_count(self) -> int:
        return len(self.table.rows)

    def report(
        self, index: int | None, column: str, message: str, severity: Severity = Severity.ERROR
    ) -> None:
        """``index`` is a data row's position in the table; None means the header row."""
        row = self.table.header_row if index is None else self.table.rows[index].number
        position = self.positions.get(column)
        heading = "" if position is None else self.heading(position)
        self.problems.append(Problem(self.table.file, row, column, message, severity, heading))

    def heading(self, position: int) -> str:
        """A column as the user's sheet labels it: its letter and own heading (the letter
        alone when the heading is the canonical name, which the problem shows anyway)."""
        letter, heading = self.table.letter(position), self.table.header[position]
        if self.positions.get(heading) == position:
            return letter
        return f"{letter} '{' '.join(heading.split())}'"  # a wrapped heading on one line

    def warn(self, index: int | None, column: str, message: str) -> None:
        self.report(index, column, message, Severity.WARNING)

    def sorted_problems(self) -> list[Problem]:
        """Problems in the order a user reads the sheet: by row, then left to right."""
        order = {name: position + 1 for name, position in self.positions.items()}
        return sorted(self.problems, key=lambda p: (p.row, order.get(p.column, 0)))

    @property
    def failed(self) -> bool:
        return any(problem.is_error for problem in self.problems)


def read_columns(table: Table, columns: Sequence[Column], noun: str) -> Reading:
    reading = Reading(table, noun, list(table.problems))
    _match_headings(reading, columns)
    for column in columns:
        reading.values[column.name] = _parse_column(reading, column)
    return reading


def _match_headings(reading: Reading, columns: Sequence[Column]) -> None:
    """Map headings to canonical columns (CONTRACT §1 aliases; §1.3 missing column)."""
    lookup = {
        heading_key(spelling): column.name
        for column in columns
        for spelling in (column.name, *column.aliases)
    }
    unknown = []
    for position, heading in enumerate(reading.table.header):
        if not heading:
            continue
        name = column_named(lookup, heading)
        if name is None:
            unknown.append(heading)
        elif name in reading.positions:
            first = reading.heading(reading.positions[name])
            reading.report(
                None,
                name,
                f"columns {first} and {reading.heading(position)} both hold {name}; keep one",
            )
        else:
            reading.positions[name] = position
    if unknown:
        names = ", ".join(repr(heading[:40]) for heading in unknown)
        reading.warn(None, FILE_COLUMN, f"unknown columns are ignored: {names}")
    where = reading.table.sheet and f" of sheet {reading.table.sheet!r}"
    for column in columns:
        if column.required and column.name not in reading.positions:
            spellings = ", ".join((column.name, *column.aliases[:2]))
            reading.report(
                None,
                column.name,
                f"missing required column (a heading such as {spellings}); headings were "
                f"read from row {reading.table.header_row}{where or ''}",
            )


def _parse_column(reading: Reading, column: Column) -> list[Any]:
    """Parsed values, None where the cell is blank or wrong; problems for each wrong cell."""
    position = reading.positions.get(column.name)
    if position is None:
        return [None] * reading.row_count
    parsed: list[Any] = []
    for index, cell in enumerate(reading.table.column(position)):
        if cells.is_blank(cell):
            if column.required:
                reading.report(index, column.name, f"missing value: every {reading.noun} needs one")
            parsed.append(None)
        elif isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            reading.report(
                index, column.name, f"longer than the {MAX_CELL_CHARS:,} characters of a cell"
            )
            parsed.append(None)
        else:
            try:
                parsed.append(cells.checked_text(column.name, column.read(cell)))
            except CellError as exc:
                reading.report(index, column.name, str(exc))
                parsed.append(None)
    return parsed
