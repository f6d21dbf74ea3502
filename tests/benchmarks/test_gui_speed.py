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
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QSlider, QTableView

from etprio.core.scoring.weighted_sum import score_bids
from etprio.gui import create_main_window
from etprio.gui.main_window import MainWindow

pytestmark = pytest.mark.slow

FRAME_MS = 1000 / 60
OPEN_S = 1.0
MOVES = 40


def project_file(folder: Path, bids: int) -> Path:
    """A project made the way a user makes one: ``etprio demo`` then ``etprio new``."""
    cli = [sys.executable, "-m", "etprio"]
    subprocess.run(
        [*cli, "demo", "--bids", str(bids), "--seed", "7", "-o", str(folder / "d")],
        check=True, capture_output=True,
    )  # fmt: skip
    path = folder / "bench.etprio"
    subprocess.run(
        [*cli, "new", str(path), "--bids", str(folder / "d" / "bids.csv"),
         "--survey", str(folder / "d" / "survey.csv")],
        check=True, capture_output=True,
    )  # fmt: skip
    return path


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
    window = create_main_window(path)
    window.resize(1440, 900)
    window.show()
    qapp.processEvents()
    try:
        for index in range(window.tabs.count()):  # every tab built and laid out once
            window.tabs.setCurrentIndex(index)
            settle(qapp, 2)
        window.tabs.setCurrentIndex(0)
        settle(qapp)
        slider_to_screen_ms(qapp, window)  # warm caches and first paints
        settle(qapp)
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
        window.files.autosave.timer.stop()
        window.session.data.project.close()
        window.setWindowModified(False)
        window.hide()
        window.deleteLater()


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
