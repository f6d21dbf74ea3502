"""The red line a panel shows above its work when an input cannot be used ("the capital
envelope must be more than £0"), so every tab tells the user about a refused input in the
same place and the same way."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from etprio.gui import style


def error_message_label(name: str) -> QLabel:
    """A hidden, word-wrapped label in the error colour; ``name`` is its objectName for
    tests. Panels fill it with ``setText`` and ``show`` it, and ``hide`` it once the
    input is accepted."""
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {style.ERROR_TEXT};")
    label.hide()
    return label
