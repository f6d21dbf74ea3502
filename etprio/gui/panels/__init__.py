"""Panels of the main window, each its own module and each runnable alone with
``python -m etprio.gui.panels.<name>`` on the bundled demo (STYLE "Small, named,
previewable pieces")."""
