"""The main window's menus, toolbar and keyboard actions: what each command is called, its
shortcut, tooltip and place, kept apart from what the window does when one is chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from etprio.gui.panels.weights import PRESETS
from etprio.gui.workbook_actions import WorkbookActions

if TYPE_CHECKING:
    from etprio.gui.main_window import MainWindow


def add_action(
    window: QMainWindow,
    text: str,
    slot: Callable[..., object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    name: str = "",
    tip: str = "",
) -> QAction:
    """An action of ``window`` whose shortcut works while the menu bar is hidden."""
    action = QAction(text, window)
    action.triggered.connect(slot)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if name:
        action.setObjectName(name)
    if tip:
        action.setToolTip(tip)
        action.setStatusTip(tip)
    window.addAction(action)  # shortcuts keep working while the menu bar is hidden
    return action


def _history_action(
    window: MainWindow, text: str, shortcut: QKeySequence.StandardKey, *, redo: bool
) -> QAction:
    """Undo or Redo with a short fixed label (the toolbar stays tidy) and the step it
    would undo or redo in its tooltip."""
    stack = window.undo_stack
    action = add_action(window, text, stack.redo if redo else stack.undo, shortcut)
    action.setEnabled(False)
    (stack.canRedoChanged if redo else stack.canUndoChanged).connect(action.setEnabled)
    (stack.redoTextChanged if redo else stack.undoTextChanged).connect(
        lambda step: action.setToolTip(f"{text.replace('&', '')}: {step}" if step else "")
    )
    return action


class WindowMenus:
    """Builds ``window``'s menus and toolbar, and keeps what the window changes later: the
    PDF actions (disabled while a PDF is written), the meeting-mode action, the recent
    files menu, the workbook actions and the toolbar entries meeting mode hides."""

    def __init__(self, window: MainWindow) -> None:
        undo = _history_action(window, "&Undo", QKeySequence.StandardKey.Undo, redo=False)
        redo = _history_action(window, "&Redo", QKeySequence.StandardKey.Redo, redo=True)
        import_bids = add_action(
            window,
            "Import &bids…",
            lambda: window.files.ask_import("bids"),
            "Ctrl+I",
            "importBidsAction",
            "Import a bids table (CSV or XLSX) and preview its problems first",
        )
        import_survey = add_action(
            window,
            "Import &survey…",
            lambda: window.files.ask_import("survey"),
            "Ctrl+Shift+I",
            "importSurveyAction",
            "Import a six-facet survey (CSV or XLSX)",
        )
        export_ranking = add_action(
            window,
            "Export &ranking (CSV/XLSX)…",
            window.files.ask_export_ranking,
            "Ctrl+E",
            "exportRankingAction",
            "Write the ranking table as CSV or Excel",
        )
        export_pdf = add_action(
            window,
            "Export submission &PDF…",
            lambda: window.files.ask_export_pdf(),
            "Ctrl+P",
            "exportPdfAction",
            "Write the ranked submission to NHS England as a PDF",
        )
        export_public = add_action(
            window,
            "Export p&ublic edition…",
            lambda: window.files.ask_export_pdf(public=True),
            None,
            "exportPublicPdfAction",
            "The submission for the CCG's website: no notes, confidential columns or withheld "
            "declarations",
        )
        for pdf_action in (export_pdf, export_public):
            window.files.pdfBusy.connect(lambda busy, a=pdf_action: a.setEnabled(not busy))
        meeting = add_action(
            window,
            "&Meeting mode",
            window.set_meeting_mode,
            "F11",
            "meetingModeAction",
            "Full screen, large type, confidential columns hidden: for the projector",
        )
        meeting.setCheckable(True)
        leave_meeting = add_action(
            window, "Leave meeting mode", lambda: window.set_meeting_mode(False)
        )
        leave_meeting.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave_meeting.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        find = add_action(window, "&Filter the ranking", window.focus_filter, "Ctrl+F")
        normalise = add_action(
            window, "&Normalise weights", window.weights.normalise, "Ctrl+Shift+N"
        )
        reset = add_action(window, "&Reset weights", window.weights.reset, "Ctrl+Shift+R")
        save_scenario = add_action(window, "Save &scenario…", window.weights.ask_scenario_name)
        about = add_action(window, "&About etprio", window.show_about)
        quit_action = add_action(window, "&Quit", window.close, QKeySequence.StandardKey.Quit)

        menu_bar = window.menuBar()
        file_menu = menu_bar.addMenu("&File")
        file_menu.addAction(
            add_action(
                window,
                "&New project",
                window.files.new_project,
                QKeySequence.StandardKey.New,
                "newProjectAction",
                "Start an empty project on the current criteria",
            )
        )
        file_menu.addAction(
            add_action(
                window,
                "&Open project…",
                window.files.ask_open_project,
                QKeySequence.StandardKey.Open,
            )
        )
        file_menu.addAction(
            add_action(
                window,
                "&Save project",
                window.files.save_project,
                QKeySequence.StandardKey.Save,
                "saveProjectAction",
                "Save the project: data, weights, committee and log",
            )
        )
        file_menu.addAction(
            add_action(
                window,
                "Save project &as…",
                window.files.ask_save_project_as,
                QKeySequence.StandardKey.SaveAs,
            )
        )
        file_menu.addAction(
            add_action(
                window,
                "Open &regional pipeline…",
                window.ask_open_region,
                None,
                "openRegionAction",
                "Several CCGs' projects against the region's allocations, read-only",
            )
        )
        file_menu.addSeparator()
        file_menu.addActions([import_bids, import_survey])
        recent = file_menu.addMenu("Recent &files")
        recent.aboutToShow.connect(lambda: window.files.fill_recent(recent))
        file_menu.addSeparator()
        file_menu.addActions([export_ranking, export_pdf, export_public])
        file_menu.addAction(
            add_action(
                window,
                "Report se&ttings…",
                window.ask_report_settings,
                None,
                "reportSettingsAction",
                "The CCG's name and code, version, protective marking and logo on the cover",
            )
        )
        workbooks = WorkbookActions(window, window.session, window.run_project_command)
        workbooks.add_to(file_menu)
        workbooks.message.connect(window.show_message)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menu_bar.addMenu("&Edit")
        edit_menu.addActions([undo, redo])
        edit_menu.addSeparator()
        edit_menu.addAction(find)
        weights_menu = menu_bar.addMenu("&Weights")
        compare = add_action(
            window,
            "&Compare scenarios…",
            window.compare_scenarios,
            "Ctrl+Shift+C",
            "compareScenariosAction",
            "Two scenarios' rankings side by side, with movements",
        )
        weights_menu.addActions([normalise, reset, save_scenario, compare])
        presets = weights_menu.addMenu("&Presets")
        for name in PRESETS:
            presets.addAction(name, window.preset_applier(name))
        view_menu = menu_bar.addMenu("&View")
        view_menu.addAction(meeting)
        view_menu.addSeparator()
        view_menu.addActions(
            [window.weights_dock.toggleViewAction(), window.detail_dock.toggleViewAction()]
        )
        help_menu = menu_bar.addMenu("&Help")
        help_menu.addAction(about)

        toolbar = QToolBar("Main", window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addActions([import_bids, import_survey])
        after_import = toolbar.addSeparator()
        toolbar.addActions([undo, redo])
        toolbar.addSeparator()
        toolbar.addActions([export_ranking, export_pdf])
        after_export = toolbar.addSeparator()
        toolbar.addAction(meeting)
        window.addToolBar(toolbar)
        self.desk: tuple[QAction, ...] = (
            import_bids,
            import_survey,
            after_import,
            export_ranking,
            export_pdf,
            after_export,
        )
        self.export_pdfs = (export_pdf, export_public)
        self.meeting, self.recent, self.workbooks = meeting, recent, workbooks
