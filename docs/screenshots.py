"""Regenerate the screenshots in docs/images: every tab of the main window on the bundled
demo, at the desk and in meeting mode, on a 1280×720 projector and a 1440×900 laptop.

    uv run python docs/screenshots.py            # needs xvfb-run (Debian: apt install xvfb)

Each screen size runs in its own virtual X server of exactly that size, so meeting mode's
full screen is the size named in the file: ``screens/1280x720-meeting-funding.png``. The
README's ``main-window.png`` and ``meeting-mode.png`` are copied from the set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

IMAGES = Path(__file__).resolve().parent / "images"
SIZES = ((1280, 720), (1440, 900))
README_SHOTS = {
    "main-window.png": "1440x900-desk-ranking.png",
    "meeting-mode.png": "1280x720-meeting-ranking.png",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", help="WIDTHxHEIGHT: take this size's shots in this display")
    parser.add_argument("--out", type=Path, default=IMAGES / "screens")
    args = parser.parse_args()
    if args.size:
        width, height = (int(n) for n in args.size.split("x"))
        return take_shots(width, height, args.out)
    if shutil.which("xvfb-run") is None:
        print("screenshots: xvfb-run is needed (apt install xvfb)", file=sys.stderr)
        return 1
    for width, height in SIZES:
        subprocess.run(
            [
                "xvfb-run", "-a", "-s", f"-screen 0 {width}x{height}x24",
                sys.executable, __file__, "--size", f"{width}x{height}", "--out", str(args.out),
            ],
            check=True,
        )  # fmt: skip
    for name, source in README_SHOTS.items():
        shutil.copyfile(args.out / source, IMAGES / name)
    print(f"screenshots written to {args.out}")
    return 0


def take_shots(width: int, height: int, out: Path) -> NoReturn:
    """Open the demo in a window filling a ``width``×``height`` screen and grab each tab,
    at the desk and then in meeting mode."""
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtCore import QSettings

    from etprio.gui.launch import application

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    settings = out / ".settings"
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings))
    app = application()
    from etprio.gui import create_main_window

    out.mkdir(parents=True, exist_ok=True)
    window = create_main_window()
    window.resize(width, height)
    window.showMaximized()
    settle(app)
    for mode in ("desk", "meeting"):
        window.set_meeting_mode(mode == "meeting")
        settle(app)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            settle(app)
            window.funding_panel.settle()
            window.sensitivity_panel.settle()
            settle(app)
            tab = window.tabs.tabText(index).replace("&", "").lower()
            window.grab().save(str(out / f"{width}x{height}-{mode}-{tab}.png"))
    shutil.rmtree(settings, ignore_errors=True)
    os._exit(0)  # no Save question and no autosave: the demo was only looked at


def settle(app: object) -> None:
    """Let layouts, paints and short timers run, as a person looking would."""
    import time

    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    for _ in range(10):
        app.processEvents()
        time.sleep(0.03)


if __name__ == "__main__":
    sys.exit(main())
