"""Long tables cut into blocks keep every row, in order, with its own style."""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.platypus import LongTable, TableStyle

from etprio.report.pdf import long_tables
from etprio.report.pdf.long_tables import long_table


def _table(body: int) -> tuple[list[list], TableStyle]:
    rows = [["Rank", "Bid"]] + [[str(n), f"B{n}"] for n in range(1, body + 1)]
    style = TableStyle([("FONTSIZE", (0, 0), (-1, -1), 8), ("BACKGROUND", (0, 0), (-1, 0), "blue")])
    for row in (3, 7, 12):
        style.add("BACKGROUND", (0, row), (-1, row), colors.yellow)
    return rows, style


def test_a_short_table_stays_one_table() -> None:
    rows, style = _table(12)
    (table,) = long_table(rows, [40, 40], style)
    assert isinstance(table, LongTable)
    assert table._cellvalues == rows  # type: ignore[attr-defined]


def test_a_long_table_is_cut_into_blocks_each_with_the_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(long_tables, "BLOCK_ROWS", 5)
    rows, style = _table(12)
    blocks = long_table(rows, [40, 40], style)
    values = [b._cellvalues for b in blocks]  # type: ignore[attr-defined]
    assert [len(v) for v in values] == [6, 6, 3]
    assert all(v[0] == rows[0] for v in values)
    assert [r for v in values for r in v[1:]] == rows[1:]
    tinted = [
        [c[1][1] for c in b._bkgrndcmds if c[3] == colors.yellow]  # type: ignore[attr-defined]
        for b in blocks
    ]
    assert tinted == [[3], [2], [2]]  # rows 3, 7 and 12 of the whole table
    assert all(b._bkgrndcmds[0][1:3] == ((0, 0), (-1, 0)) for b in blocks)  # type: ignore[attr-defined]
