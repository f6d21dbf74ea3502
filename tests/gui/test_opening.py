"""Opening a project loads only what the first window needs (DESIGN performance targets:
a usable window in under a second). Every module imported before the window is on screen
is read and, without cached bytecode, compiled on every start, so a heavy import that
creeps into the opening path is a regression even when no test would notice it otherwise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

OPEN_AND_LIST = textwrap.dedent(
    """
    import json, os, sys
    from PySide6.QtWidgets import QApplication

    app = QApplication([])
    from etprio.gui import create_main_window

    window = create_main_window(sys.argv[1])
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    print(json.dumps(sorted(sys.modules)))
    window.files.autosave.timer.stop()
    window.session.data.project.close()
    os._exit(0)
    """
)

THIRD_PARTY_ALLOWED = {"PySide6", "shiboken6", "shibokensupport", "signature_bootstrap", "numpy"}
"""Qt and numpy (every score is a matrix product); not pyqtgraph (the charts of tabs not yet
shown), scipy or highspy (best value), pandas, openpyxl or python-calamine (importing and
exporting tables), reportlab (the PDF) or scikit-criteria (cross-checks)."""

DEFERRED = (
    "etprio.core.tables.importing",
    "etprio.core.sensitivity",
    "etprio.report.pdf",
    "etprio.gui.panels.import_preview",
    "etprio.gui.panels.funding",
    "etprio.gui.panels.budget_form",
    "etprio.gui.panels.funding_tables",
    "etprio.gui.panels.liability_chart",
    "etprio.gui.panels.sensitivity",
)
"""Parts of etprio loaded when first used: an import, the Funding and Sensitivity tabs,
the PDF."""


def modules_after_opening(project: Path, tmp_path: Path) -> set[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_AND_LIST, str(project)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_opening_a_project_loads_nothing_heavy(saved: Path, tmp_path: Path) -> None:
    modules = modules_after_opening(saved, tmp_path)
    top_level = {name.split(".")[0] for name in modules if not name.startswith("_")}
    third_party = top_level - set(sys.stdlib_module_names) - {"etprio"}
    assert third_party <= THIRD_PARTY_ALLOWED
    loaded = [m for m in DEFERRED if any(n == m or n.startswith(m + ".") for n in modules)]
    assert loaded == []
