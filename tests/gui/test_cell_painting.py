"""The ranking's own cell painter draws what Qt's table would: the same texts, colours,
selection, elision and wrapping, pixel for pixel but for sub-pixel glyph placement."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPaintEvent
from PySide6.QtWidgets import QTableView

from etprio.gui.main_window import MainWindow
from etprio.gui.models.ranking import Column
from etprio.gui.panels.ranking import RankingView

DESCENDING = Qt.SortOrder.DescendingOrder
DIFFERING_PIXELS = 0.01
"""Right-aligned glyphs may sit a fraction of a pixel apart; a wrong text, colour or row
differs in far more pixels than this share of the table."""


def painted(view: RankingView, qt_path: bool, monkeypatch: pytest.MonkeyPatch) -> QImage:
    if qt_path:
        monkeypatch.setattr(
            view._cells, "paint", lambda rect: QTableView.paintEvent(view, QPaintEvent(rect))
        )
    image = view.viewport().grab().toImage()
    monkeypatch.undo()
    return image


def differing_share(a: QImage, b: QImage) -> float:
    assert a.size() == b.size()
    width, height = a.width(), a.height()
    differing = sum(
        a.pixel(x, y) != b.pixel(x, y) for y in range(0, height, 2) for x in range(0, width, 2)
    )
    return differing / ((width // 2 + width % 2) * (height // 2 + height % 2))


def broken_lines(window: MainWindow) -> None:
    """Flags with a line break in them, one flag a line, as a compact table may show."""
    window.ranking.model._flags_text = lambda bid: "Ineligible\nNeeds EV01\nNeutral ×2"  # type: ignore[method-assign]
    window.ranking.table.setColumnWidth(Column.FLAGS, 140)
    window.ranking.table.scrollTo(window.ranking.proxy.index(0, Column.FLAGS))


@pytest.mark.parametrize(
    "arrange",
    [
        lambda window: None,
        lambda window: window.ranking.table.selectRow(3),
        lambda window: window.ranking.table.sortByColumn(
            Column.GRANT, Qt.SortOrder.DescendingOrder
        ),
        lambda window: window.ranking.set_filter("Surgery"),
        lambda window: window.set_meeting_mode(True),
        lambda window: broken_lines(window),
        lambda window: (window.set_meeting_mode(True), broken_lines(window)),
    ],
    ids=[
        "rank order",
        "selected row",
        "sorted",
        "filtered",
        "meeting mode",
        "line breaks",
        "line breaks in meeting mode",
    ],
)
def test_painted_like_qt_paints_it(
    main_window: MainWindow,
    qtbot,
    monkeypatch: pytest.MonkeyPatch,
    arrange: Callable[[MainWindow], None],
) -> None:
    main_window.resize(2560, 900)  # room for every desk column beside the docks
    main_window.show()
    qtbot.waitExposed(main_window)
    arrange(main_window)
    view = main_window.ranking.table
    view.setFocus()
    qtbot.wait(10)
    ours = painted(view, False, monkeypatch)
    qts = painted(view, True, monkeypatch)
    qts.save("/tmp/op/t_qt.png")
    assert differing_share(ours, qts) < DIFFERING_PIXELS
    main_window.set_meeting_mode(False)
