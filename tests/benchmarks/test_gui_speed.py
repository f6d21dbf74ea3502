"""How fast the window answers a slider (DESIGN performance targets), printed as figures.

What is measured is what a committee waits for: a 500-bid project *file* opened with
``create_main_window``, the window shown at 1440×900 with every tab built and visited
once, then 40 moves of the training slider of realistic sizes, each timed from
``setValue`` to the end of the event processing that repaints the window (table, chart,
status bar and whatever the moves changed). The figures sit next to the bare
``score_bids`` call the move wraps.

* slider move → repainted window, 500 bids: p90 under one 60 Hz frame (16 ms), beside the
  ranking's repaint by its own cell painter and by Qt's item painting, measured in the
  same window;
* the same moves on the same 500 bids with budgets at 30% of the pipeline, beside the
  project without budgets, and the funding line's own share of a move: the funded set of
  an order not walked before, of an order just walked, and the line with every reason;
* project file → usable window, 500 bids: under 1 s, in a fresh interpreter where only Qt
  is loaded, so everything the window imports counts;
* window on screen from launch: under 2 s, in a fresh interpreter.

Run with ``uv run pytest -m slow tests/benchmarks/test_gui_speed.py -s``.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QSlider, QTableView

from etprio.core.funding.selection import _walk_order, rank_order_funded, rank_order_selection
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales
from etprio.gui import create_main_window
from etprio.gui.main_window import MainWindow

pytestmark = pytest.mark.slow

FRAME_MS = 1000 / 60
OPEN_S = 1.0
MOVES = 40


def project_file(folder: Path, bids: int, budget_share: float | None = None) -> Path:
    """A project made the way a user makes one: ``etprio demo`` then ``etprio new``; with
    ``budget_share``, capital and recurrent budgets that share of the pipeline's."""
    cli = [sys.executable, "-m", "etprio"]
    subprocess.run(
        [*cli, "demo", "--bids", str(bids), "--seed", "7", "-o", str(folder / "d")],
        check=True, capture_output=True,
    )  # fmt: skip
    demo = folder / "d"
    tables = ["--bids", str(demo / "bids.csv"), "--survey", str(demo / "survey.csv")]
    budgets = [] if budget_share is None else pipeline_budgets(demo, budget_share)
    path = folder / "bench.etprio"
    subprocess.run([*cli, "new", str(path), *tables, *budgets], check=True, capture_output=True)
    return path


def pipeline_budgets(tables: Path, share: float) -> list[str]:
    """``--capital`` and ``--recurrent`` at ``share`` of every bid's grant and recurrent
    revenue: budgets that fund some bids and leave the rest below the line."""
    criteria = load_criteria()
    dataset, _ = load_dataset(
        tables / "bids.csv", tables / "survey.csv", load_scales(),
        assessment_date=criteria.assessment_date,
    )  # fmt: skip
    grant = sum(bid.grant_gbp for bid in dataset.bids)
    recurrent = sum(bid.recurrent_revenue_gbp for bid in dataset.bids)
    return ["--capital", f"{grant * share:.0f}", "--recurrent", f"{recurrent * share:.0f}"]


def settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.02)


def slider_positions(slider: QSlider) -> list[int]:
    """Jumps of one to twenty steps up and down, as arrow keys, page keys and drags give."""
    low, high = slider.minimum(), slider.maximum()
    return [low + (high - low) * ((i * 7) % 20 + 1) // 21 for i in range(MOVES)]


def slider_to_screen_ms(app: QApplication, window: MainWindow) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU milliseconds per move. On a shared, loaded machine the wall clock
    also counts time spent waiting for a core; the CPU time is the steadier figure."""
    slider = window.findChild(QSlider, "weightSlider_training")
    wall, cpu = [], []
    for value in slider_positions(slider):
        start, start_cpu = time.perf_counter(), time.process_time()
        slider.setValue(value)
        app.processEvents()
        cpu.append((time.process_time() - start_cpu) * 1000)
        wall.append((time.perf_counter() - start) * 1000)
    return wall, cpu


def median_and_p90(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.9 * len(ordered)) - 1]


def bare_scoring_ms(window: MainWindow) -> float:
    """The same weight changes through score_bids alone, passing the previous scores."""
    session = window.session
    slider = window.findChild(QSlider, "weightSlider_training")
    weights = list(session.weights)
    index = session.criteria.keys.index("training")
    top = max(session.default_weights) * 2
    previous = session.scores
    samples = []
    for value in slider_positions(slider):
        weights[index] = top * value / slider.maximum()
        start = time.perf_counter()
        previous = score_bids(session.matrix, weights, previous=previous)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


class QtCells:
    """Qt's own painting of a view's cells, in place of its cell painter."""

    def __init__(self, view: QTableView) -> None:
        self._view = view

    def paint(self, rect: QRect) -> None:
        QTableView.paintEvent(self._view, QPaintEvent(rect))


def table_repaint_ms(window: MainWindow, qt_path: bool) -> float:
    """Median of repainting the ranking's visible cells, by its cell painter or by Qt's
    item painting (a style option, a delegate call and a text layout per cell)."""
    view = window.ranking.table
    painter = view._cells
    if qt_path:
        view._cells = QtCells(view)
    samples = []
    try:
        for _ in range(30):
            start = time.perf_counter()
            view.viewport().repaint()
            samples.append((time.perf_counter() - start) * 1000)
    finally:
        view._cells = painter
    return statistics.median(samples)


OPEN_SCRIPT = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from etprio.gui import create_main_window

    start, start_cpu = time.perf_counter(), time.process_time()
    window = create_main_window(sys.argv[1])
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    print(time.perf_counter() - start, time.process_time() - start_cpu, flush=True)
    window.files.autosave.timer.stop()
    os._exit(0)
    """
)


def open_in_fresh_interpreter(path: Path, settings: Path) -> tuple[float, float]:
    """Seconds (wall, CPU) from ``create_main_window`` to the shown window, in a process
    that has loaded only Qt: the modules the window needs are read, and compiled when
    no bytecode is cached, inside the measured time, as on a user's machine."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(settings)}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_SCRIPT, str(path)],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    wall, cpu = result.stdout.split()
    return float(wall), float(cpu)


def test_slider_to_repainted_window_on_a_500_bid_project(
    tmp_path: Path, qapp: QApplication, settings_dir: Path, recovery_dir: Path
) -> None:
    path = project_file(tmp_path, 500)
    opened, opened_cpu = open_in_fresh_interpreter(path, tmp_path / "fresh-settings")
    window = shown_window(qapp, path)
    try:
        wall, cpu = slider_to_screen_ms(qapp, window)
        median, p90 = median_and_p90(wall)
        cpu_median, cpu_p90 = median_and_p90(cpu)
        bare = bare_scoring_ms(window)
        ours, qts = table_repaint_ms(window, False), table_repaint_ms(window, True)
        verdict = "met" if p90 < FRAME_MS and opened < OPEN_S else "MISSED"
        print(
            f"\n500-bid project file: open to usable window {opened:.2f} s, CPU {opened_cpu:.2f} s "
            f"(target < {OPEN_S:g}); slider → repainted window median {median:.1f} ms, "
            f"p90 {p90:.1f} ms, CPU median {cpu_median:.1f} ms, p90 {cpu_p90:.1f} ms "
            f"(target p90 < {FRAME_MS:.1f}); bare score_bids {bare:.3f} ms, the move "
            f"{median / bare:,.0f}× that; ranking repaint {ours:.1f} ms, Qt's item painting "
            f"{qts:.1f} ms ({qts / ours:.1f}×); targets {verdict} "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
        )
        assert median < 20 * FRAME_MS, "a slider move takes a third of a second"
    finally:
        close_window(window)


def shown_window(qapp: QApplication, path: Path) -> MainWindow:
    """``path`` opened in the main window at 1440×900, every tab built and laid out once,
    the slider moved through the measured positions once to warm caches and first paints."""
    window = create_main_window(path)
    window.resize(1440, 900)
    window.show()
    qapp.processEvents()
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        settle(qapp, 2)
    window.tabs.setCurrentIndex(0)
    settle(qapp)
    slider_to_screen_ms(qapp, window)
    settle(qapp)
    return window


def close_window(window: MainWindow) -> None:
    window.files.autosave.timer.stop()
    window.session.data.project.close()
    window.setWindowModified(False)
    window.hide()
    window.deleteLater()


def elapsed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def funding_line_ms(window: MainWindow) -> tuple[float, float, float]:
    """Median milliseconds of the funding line for each measured move's ranking: the funded
    set of an order not seen before (what a move that reorders bids pays), of the order
    just walked (a move that reorders none), and the full line with a reason for every bid
    left out (what the Funding tab asks for when shown)."""
    session = window.session
    slider = window.findChild(QSlider, "weightSlider_training")
    limits = session.limits
    assert limits is not None
    weights = list(session.weights)
    index = session.criteria.keys.index("training")
    top = max(session.default_weights) * 2
    fresh, again, explained = [], [], []
    for value in slider_positions(slider):
        weights[index] = top * value / slider.maximum()
        scores = score_bids(session.matrix, weights)
        _walk_order.cache_clear()
        fresh.append(elapsed_ms(lambda s=scores: rank_order_funded(s, limits)))
        again.append(elapsed_ms(lambda s=scores: rank_order_funded(s, limits)))
        _walk_order.cache_clear()
        explained.append(elapsed_ms(lambda s=scores: rank_order_selection(s, limits)))
    return statistics.median(fresh), statistics.median(again), statistics.median(explained)


def test_slider_with_budgets_on_a_500_bid_project(
    tmp_path: Path, qapp: QApplication, settings_dir: Path, recovery_dir: Path
) -> None:
    """The same moves on the same bids with and without budgets: what the funding line
    (the funded column, the line under the funded run, the count in the status bar) adds
    to a move."""
    figures = {}
    for name, share in (("no budgets", None), ("budgets at 30% of the pipeline", 0.3)):
        window = shown_window(qapp, project_file(tmp_path / str(share), 500, share))
        try:
            wall, cpu = slider_to_screen_ms(qapp, window)
            figures[name] = (*median_and_p90(wall), *median_and_p90(cpu))
            if share is not None:
                session = window.session
                assert session.limits is not None and session.funded is not None
                shown = rank_order_selection(session.scores, session.limits).funded_set
                assert session.funded == shown
                fresh, again, explained = funding_line_ms(window)
        finally:
            close_window(window)
    print("\n500-bid project file, slider → repainted window, per move:")
    for name, (median, p90, cpu_median, cpu_p90) in figures.items():
        print(
            f"  {name}: median {median:.1f} ms, p90 {p90:.1f} ms, CPU median "
            f"{cpu_median:.1f} ms, p90 {cpu_p90:.1f} ms (target p90 < {FRAME_MS:.1f})"
        )
    print(
        f"  funding line per move: funded set of a new order {fresh:.2f} ms, of the order "
        f"walked last {again:.3f} ms ({fresh / again:,.0f}× less), with every reason "
        f"{explained:.2f} ms ({explained / fresh:.1f}× the funded set); load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
    )
    assert figures["budgets at 30% of the pipeline"][0] < 20 * FRAME_MS


STARTUP_SCRIPT = textwrap.dedent(
    """
    import time
    from PySide6.QtCore import QTimer
    from etprio.gui.launch import application, run_app

    app = application()

    def complete():
        print(f"complete {time.perf_counter():.6f}", flush=True)
        app.quit()

    def on_screen():
        print(f"on_screen {time.perf_counter():.6f}", flush=True)
        QTimer.singleShot(0, complete)

    QTimer.singleShot(0, on_screen)
    run_app(None)
    """
)


def test_window_on_screen_from_launch() -> None:
    """A fresh interpreter: time from process start until the event loop has shown the
    window, and until the chart and the other tabs have been added behind it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", STARTUP_SCRIPT], capture_output=True, text=True, env=env, check=True
    )
    marks = dict(line.split() for line in result.stdout.splitlines() if line.strip())
    # perf_counter is CLOCK_MONOTONIC on Linux, shared by both processes.
    on_screen = float(marks["on_screen"]) - start
    complete = float(marks["complete"]) - start
    print(f"\nwindow on screen {on_screen:.2f} s after launch; complete {complete:.2f} s")
    assert on_screen < 2.0
