"""Tables of thousands of rows laid out in linear time.

reportlab splits a table at each page by building a new table from the rows left, with
every style command re-applied: a regional ranking of 20,000 rows over 400 pages costs
400 × 20,000 row copies. Cut into blocks of :data:`BLOCK_ROWS` rows, each block with the
header, the same table costs a few hundred rows per page. A block that starts part-way
down a page repeats the header there, which also helps the reader of a long list; tables
shorter than one block are a single table, exactly as before.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable, LongTable, TableStyle

BLOCK_ROWS = 400


def long_table(
    rows: list[list], widths: Sequence[float], style: TableStyle, *, header_rows: int = 1
) -> list[Flowable]:
    """``rows`` (the first ``header_rows`` repeated on every page) as one table or, beyond
    :data:`BLOCK_ROWS`, as blocks; style commands on one body row follow that row into its
    block, every other command applies to each block."""
    if len(rows) - header_rows <= BLOCK_ROWS:
        return [LongTable(rows, colWidths=list(widths), repeatRows=header_rows, style=style)]
    shared: list[tuple] = []
    by_row: dict[int, list[tuple]] = {}
    for command in style.getCommands():
        (_, first), (_, last) = command[1], command[2]
        if first == last and first >= header_rows:
            by_row.setdefault(first, []).append(command)
        else:
            shared.append(command)
    blocks: list[Flowable] = []
    for start in range(header_rows, len(rows), BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, len(rows))
        block_style = TableStyle(shared)
        for row in range(start, stop):
            here = row - start + header_rows
            for name, (c0, _), (c1, _), *values in by_row.get(row, ()):
                block_style.add(name, (c0, here), (c1, here), *values)
        blocks.append(
            LongTable(
                rows[:header_rows] + rows[start:stop],
                colWidths=list(widths),
                repeatRows=header_rows,
                style=block_style,
            )
        )
    return blocks
