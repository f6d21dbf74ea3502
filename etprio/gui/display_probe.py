"""Whether Qt can open a display here, asked in a process of its own.

A Qt platform plugin that cannot start aborts the whole process, so ``etprio doctor`` runs
this in a child (``etprio doctor --probe-display``) and reports what it printed, or how
it died, instead of dying with it.
"""

from __future__ import annotations

import json
import sys


def display_facts() -> dict[str, object]:
    """The platform Qt chose, its screens and the fonts it can draw with."""
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    assert isinstance(app, QGuiApplication)
    primary = app.primaryScreen()
    size = primary.size() if primary is not None else None
    return {
        "platform": app.platformName(),
        "screens": len(app.screens()),
        "width": size.width() if size is not None else 0,
        "height": size.height() if size is not None else 0,
        "dpi": round(primary.logicalDotsPerInch()) if primary is not None else 0,
        "font_families": len(QFontDatabase.families()),
        "default_font": app.font().family(),
    }


def print_display_facts() -> int:
    """The child's side: one JSON line on stdout."""
    print(json.dumps(display_facts()))
    return 0
