"""The contribution chart repaints only its bars and bid ids on a slider tick, and the
ranking only the cells it paints; what is on screen afterwards must be what a full repaint
draws."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QSlider

from etprio.gui.main_window import MainWindow


def on_screen(window: MainWindow) -> QImage:
    """The window as last painted, partial repaints and all."""
    QApplication.processEvents()
    return window.screen().grabWindow(window.winId()).toImage()


def test_partial_repaints_leave_what_a_full_repaint_draws(main_window: MainWindow, qtbot) -> None:
    main_window.resize(1440, 900)
    main_window.show()
    qtbot.waitExposed(main_window)
    for key, value in (("training", 90), ("training", 5), ("access", 0), ("training", 60)):
        main_window.findChild(QSlider, f"weightSlider_{key}").setValue(value)
        QApplication.processEvents()
    moved = on_screen(main_window)
    assert main_window.chart is not None
    main_window.chart.repaint()
    main_window.ranking.table.viewport().repaint()
    assert on_screen(main_window) == moved


def test_a_short_chart_gives_its_height_to_the_bars(qtbot, settings_dir) -> None:
    """Under the table in meeting mode the chart may be short: the legend goes before the
    bars are squeezed, and large type stays at most a little above the desk's."""
    from etprio.gui.panels.contribution_chart import LARGEST_TYPE, ContributionChart
    from etprio.gui.session import Session, load_demo

    chart = ContributionChart(Session(load_demo()))
    qtbot.addWidget(chart)
    chart.setStyleSheet("QWidget { font-size: 40pt; }")
    chart.resize(900, 220)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart._type().pointSizeF() <= QApplication.font().pointSizeF() * LARGEST_TYPE
    assert chart.plot_area().height() > chart.height() / 3


def test_ids_never_run_together_when_bars_are_shorter_than_a_line(qtbot, settings_dir) -> None:
    """Large type under the table in meeting mode: the legend goes first, then ids are
    thinned to every other (every third…) bar, so the bars stay named without overlapping."""
    import numpy as np

    from etprio.gui.panels.contribution_chart import ContributionChart
    from etprio.gui.panels.ranking import ShownRows
    from etprio.gui.session import Session, load_demo

    session = Session(load_demo())
    chart = ContributionChart(session)
    qtbot.addWidget(chart)
    chart.show_rows(
        ShownRows(bids=np.asarray(session.scores.order[:12]), first_row=0, line_after=4)
    )
    chart.setStyleSheet("QWidget { font-size: 20pt; }")
    chart.resize(1000, 240)
    chart.show()
    qtbot.waitExposed(chart)
    rows = chart.labelled_rows()
    line = chart._metrics().height()  # the chart's own type, capped near the desk's
    pitch = chart.plot_area().height() / (len(chart.tick_labels) + 0.2)
    assert pitch < line, "the case needs bars shorter than a line"
    assert chart.legend_column_count() and chart.plot_area().bottom() > chart.height() * 0.6
    assert rows[0] == 0 and len(rows) < len(chart.tick_labels)
    assert all((b - a) * pitch >= line * 0.95 for a, b in itertools.pairwise(rows))
