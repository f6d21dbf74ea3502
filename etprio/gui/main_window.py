"""The main window: a composition of panels, menus and the undo stack, nothing more.

Panels talk to the :class:`~etprio.gui.session.Session`, not to each other; this module
only places them, builds the menus and wires the few signals that cross panels (table ↔
chart, funding panel → funded column); file work lives in :mod:`etprio.gui.file_workflows`.
Panels written by other parts of the project (Funding, Sensitivity, Committee, Log) are
added as tabs when they are installed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QSize, Qt
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QWidget,
)

from etprio import __version__
from etprio.core.errors import UsageError
from etprio.core.project.commands import ProjectCommand
from etprio.core.resources import demo_bids_path
from etprio.gui import style
from etprio.gui.file_workflows import FileWorkflows
from etprio.gui.menu_ownership import menus_owned_by
from etprio.gui.panels.bid_detail import BidDetailPanel
from etprio.gui.panels.premises import PremisesPanel
from etprio.gui.panels.ranking import RankingPanel
from etprio.gui.panels.weights import WeightsPanel
from etprio.gui.project_undo import push_command
from etprio.gui.session import Session
from etprio.gui.settings import AppSettings
from etprio.gui.undo import UndoStack
from etprio.gui.window_menus import WindowMenus, add_action
from etprio.gui.work import WorkProgress

if TYPE_CHECKING:
    from etprio.gui.funding_budgets import ProjectBudgets
    from etprio.gui.panels.committee import CommitteePanel
    from etprio.gui.panels.contribution_chart import ContributionChart
    from etprio.gui.panels.funding import FundingPanel
    from etprio.gui.panels.log import LogPanel
    from etprio.gui.panels.member_weights import MemberWeightsPanel
    from etprio.gui.panels.scenario_compare import ScenarioCompareDialog
    from etprio.gui.panels.sensitivity import SensitivityPanel

WEIGHTS_WIDTH, DETAIL_WIDTH = 310, 400
"""First widths (px) of the weights and the selected bid beside the tabs."""
MEETING_CHART_HEIGHT = 850
"""Least screen height (px) at which meeting mode keeps the contribution chart on screen."""


class MainWindow(QMainWindow):
    """Weights on the left, ranking and chart in the middle, the selected bid on the right."""

    def __init__(
        self,
        session: Session,
        settings: AppSettings | None = None,
        *,
        defer_charts: bool = False,
    ) -> None:
        """``defer_charts`` leaves the chart and the other modules' tabs to
        :meth:`build_charts`, so :func:`etprio.gui.launch.run_app` can put the window on
        screen first."""
        super().__init__()
        self.setObjectName("mainWindow")
        self.session = session
        self.settings = settings or AppSettings()
        self.undo_stack = UndoStack(self)
        self.files = FileWorkflows(self, session, self.undo_stack, self.settings)
        self.files.message.connect(self.show_message)
        self.chart: ContributionChart | None = None
        self._funding_panel: FundingPanel | None = None
        self._sensitivity_panel: SensitivityPanel | None = None
        self._committee_panel: CommitteePanel | None = None
        self._log_panel: LogPanel | None = None
        self._member_weights_panel: MemberWeightsPanel | None = None
        self._budgets: ProjectBudgets | None = None
        self._tabs_to_build: list[QWidget] = []
        self.compare_dialog: ScenarioCompareDialog | None = None
        self._meeting = False
        self._normal_state: tuple[bytes, bool] | None = None
        self.setAcceptDrops(True)
        self.setStyleSheet(style.WINDOW_QSS)

        self.weights = WeightsPanel(session, self.undo_stack, self.settings)
        self.ranking = RankingPanel(session)
        self.detail = BidDetailPanel(session)
        self.detail.setMinimumWidth(320)
        self.premises = PremisesPanel(session)
        self.weights.message.connect(self.show_message)

        self._ranking_page = QSplitter(Qt.Orientation.Vertical)
        self._ranking_page.setObjectName("rankingPage")
        self._ranking_page.addWidget(self.ranking)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self._ranking_page, "&Ranking")
        self.tabs.addTab(self.premises, "&Premises")
        self.tabs.currentChanged.connect(self._tab_shown)
        self._stale: dict[QWidget, dict[Callable[[], None], None]] = {}
        self.setCentralWidget(self.tabs)

        self.weights_dock = self._dock("Weights", "weightsDock", self.weights)
        self.detail_dock = self._dock("Selected bid", "detailDock", self.detail)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.weights_dock)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.detail_dock)

        menus = WindowMenus(self)
        self.export_pdf_action, self.export_public_pdf_action = menus.export_pdfs
        self.meeting_action, self.recent_menu = menus.meeting, menus.recent
        self.workbooks, self._desk_actions = menus.workbooks, menus.desk
        self._build_tab_keys()
        self._build_status_bar()
        self.setTabOrder(self.weights, self.ranking)
        self.setTabOrder(self.ranking, self.detail)
        session.dataReplaced.connect(self._update_title)
        session.projectChanged.connect(self._update_title)
        session.scoresChanged.connect(self._update_counts)
        session.fundedChanged.connect(self._update_counts)
        session.dataReplaced.connect(self._update_counts)
        self._update_title()
        self._update_counts()
        self._restore_layout()
        if session.current_bid is None and session.matrix.bids:
            session.set_current_bid(session.bid_ids[int(session.scores.order[0])])
        if not defer_charts:
            self.build_charts()
        self.files.autosave.start()

    def build_charts(self) -> None:
        """Add the contribution chart and the Funding, Sensitivity, Committee and Log tabs."""
        if self.chart is not None:
            return
        from etprio.gui.panels.contribution_chart import ContributionChart

        self.chart = ContributionChart(self.session)
        self._ranking_page.addWidget(self.chart)
        height = max(self._ranking_page.height(), 500)
        self._ranking_page.setSizes([height * 11 // 20, height * 9 // 20])
        self.chart.setVisible(self._chart_fits())
        self.ranking.rowsShown.connect(self.chart.show_rows)
        self.ranking.emit_rows_shown()
        self.setTabOrder(self.ranking, self.chart)
        self.setTabOrder(self.chart, self.detail)
        self._add_project_tabs()

    # --- construction ------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        return dock

    def _add_project_tabs(self) -> None:
        """Funding, Sensitivity, Committee, Member weights and Log: in the tab bar (and a
        key away) at once, built when one of them is first shown or asked for. Building
        them takes about a quarter of opening a project, and a meeting may never need
        them."""
        for title in ("&Funding", "&Sensitivity", "&Committee", "Member wei&ghts", "&Log"):
            page = QWidget()
            self._tabs_to_build.append(page)
            self.tabs.addTab(page, title)
        self._size_tabs_by_current(self.tabs.currentIndex())

    def _build_project_tabs(self) -> None:
        if not self._tabs_to_build:
            return
        from etprio.gui.funding_budgets import ProjectBudgets
        from etprio.gui.panels.committee import CommitteePanel
        from etprio.gui.panels.funding import FundingPanel
        from etprio.gui.panels.log import LogPanel
        from etprio.gui.panels.member_weights import MemberWeightsPanel
        from etprio.gui.panels.sensitivity import SensitivityPanel

        pages, self._tabs_to_build = self._tabs_to_build, []
        session = self.session
        with menus_owned_by(self):
            funding = self._funding_panel = FundingPanel(limits=session.limits)
            sensitivity = self._sensitivity_panel = SensitivityPanel()
            committee = self._committee_panel = CommitteePanel(run_command=self.run_project_command)
            log = self._log_panel = LogPanel()
            log.set_meeting_columns(self._meeting)
            committee.set_meeting_columns(self._meeting)
            members = self._member_weights_panel = MemberWeightsPanel(session, self.undo_stack)
        current = self.tabs.currentIndex()
        with QSignalBlocker(self.tabs):
            panels = (funding, sensitivity, committee, members, log)
            for page, panel in zip(pages, panels, strict=True):
                index = self.tabs.indexOf(page)
                title = self.tabs.tabText(index)
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, panel, title)
                page.deleteLater()
            self.tabs.setCurrentIndex(current)
        self._size_tabs_by_current(current)
        self._budgets = ProjectBudgets(session, funding, self.run_project_command)
        session.scoresChanged.connect(self._when_shown(funding, self._show_funding_line))
        session.scoresChanged.connect(self._when_shown(sensitivity, self._show_sensitivity_scores))
        session.dataReplaced.connect(self._show_project)
        session.projectChanged.connect(committee.refresh)
        session.projectChanged.connect(log.refresh)
        session.fundedChanged.connect(self._budgets_changed)
        session.projectChanged.connect(self._budgets_changed)
        sensitivity.set_limits(session.limits)
        session.currentBidChanged.connect(self._bid_under_discussion)
        self._show_funding_line()
        sensitivity.set_scores(session.scores)
        self._show_project()

    @property
    def funding_panel(self) -> FundingPanel | None:
        self._build_project_tabs()
        return self._funding_panel

    @property
    def sensitivity_panel(self) -> SensitivityPanel | None:
        self._build_project_tabs()
        return self._sensitivity_panel

    @property
    def committee_panel(self) -> CommitteePanel | None:
        self._build_project_tabs()
        return self._committee_panel

    @property
    def log_panel(self) -> LogPanel | None:
        self._build_project_tabs()
        return self._log_panel

    @property
    def member_weights_panel(self) -> MemberWeightsPanel | None:
        self._build_project_tabs()
        return self._member_weights_panel

    @property
    def budgets(self) -> ProjectBudgets | None:
        self._build_project_tabs()
        return self._budgets

    def _tab_shown(self, index: int) -> None:
        if self.tabs.widget(index) in self._tabs_to_build:
            self._build_project_tabs()
        self._size_tabs_by_current(index)
        self._catch_up(index)
        if self._meeting:
            self.weights_dock.setVisible(self._weights_matter(self.tabs.widget(index)))

    def _weights_matter(self, page: QWidget | None) -> bool:
        """In meeting mode the weights make way for the premises and the log, which do
        not move with them and whose wide tables need the projector's whole width."""
        return page not in (self.premises, self._log_panel)

    def run_project_command(self, command: ProjectCommand) -> None:
        """Committee commands go on the window's undo stack and into the decision log."""
        project = self.session.data.project
        if project is None:
            raise UsageError("the committee belongs to a project: save these bids as one first")
        push_command(self.undo_stack, project, command, self.session.project_changed)

    def _show_project(self) -> None:
        project = self.session.data.project
        if project is not None and self._committee_panel and self._log_panel:
            self._committee_panel.set_project(project)
            self._log_panel.set_project(project)
        self._bid_under_discussion(self.session.current_bid)

    def _when_shown(self, page: QWidget, refresh: Callable[[], None]) -> Callable[..., None]:
        """A slot that runs ``refresh`` now while ``page`` is the tab on show, and otherwise
        when it is next shown: a hidden tab costs nothing on a slider tick."""

        def slot(*_args: object) -> None:
            if self.tabs.currentWidget() is page:
                refresh()
            else:
                self._stale.setdefault(page, {})[refresh] = None

        return slot

    def _catch_up(self, index: int) -> None:
        """The tab now on show redraws what changed while it was hidden."""
        page = self.tabs.widget(index)
        for refresh in self._stale.pop(page, {}) if page is not None else ():
            refresh()

    def _show_sensitivity_scores(self) -> None:
        if self._sensitivity_panel is not None:
            self._sensitivity_panel.set_scores(self.session.scores)

    def _bid_under_discussion(self, bid_id: str | None) -> None:
        if bid_id and self._committee_panel is not None and self.session.data.project:
            self._committee_panel.set_current_bid(bid_id)

    def _size_tabs_by_current(self, current: int) -> None:
        """Only the page on show sets the window's minimum size: a wide Funding page
        must not push the window past a laptop or projector screen while hidden. Pages
        scroll rather than grow (:mod:`etprio.gui.panels.page_layout`); a window left
        wider than its screen (by a page of an older layout, or a restored geometry)
        is brought back within it."""
        for index in range(self.tabs.count()):
            page = self.tabs.widget(index)
            assert page is not None, "an index below count() always has a page"
            ignored = QSizePolicy.Policy.Ignored
            policy = QSizePolicy.Policy.Preferred if index == current else ignored
            page.setSizePolicy(policy, policy)
            self.tabs.setTabToolTip(index, f"Ctrl+{index + 1}" if index < 6 else "")
        screen = self.screen().availableGeometry()
        if self.isVisible() and not self.isFullScreen() and self.width() > screen.width():
            self.resize(max(screen.width(), self.minimumSizeHint().width()), self.height())

    def _build_tab_keys(self) -> None:
        """Every tab from the keyboard, menus or not (DESIGN "Meeting mode"): Ctrl+1 to
        Ctrl+6 for a tab, Ctrl+Tab and Ctrl+Shift+Tab for the next and previous one,
        wherever the focus is."""
        for number in range(1, 7):
            add_action(
                self,
                f"Tab {number}",
                lambda _=False, i=number - 1: self._show_tab(i),
                f"Ctrl+{number}",
            )
        step = {"Ctrl+Tab": 1, "Ctrl+PgDown": 1, "Ctrl+Shift+Tab": -1, "Ctrl+PgUp": -1}
        for key, offset in step.items():
            add_action(self, key, lambda _=False, o=offset: self._step_tab(o), key)

    def _show_tab(self, index: int) -> None:
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def _step_tab(self, offset: int) -> None:
        count = self.tabs.count()
        self._show_tab((self.tabs.currentIndex() + offset) % count)

    def ask_open_region(self) -> None:
        from etprio.gui.region_window import ask_open_region

        ask_open_region(self)

    def _build_status_bar(self) -> None:
        self._counts = QLabel()
        self._counts.setObjectName("statusCounts")
        self.statusBar().addPermanentWidget(self._counts)
        self.statusBar().addPermanentWidget(WorkProgress(self.files.pdf_worker, "pdfProgress"))
        self.statusBar().showMessage("Move a weight to re-rank the bids", 5000)

    # --- meeting mode ------------------------------------------------------------------

    @property
    def meeting_mode(self) -> bool:
        return self._meeting

    def set_meeting_mode(self, on: bool) -> None:
        """Projector view: full screen, large high-contrast type, confidential columns and
        notes hidden, every tab still a key away (DESIGN "Meeting mode")."""
        on = bool(on)
        self.meeting_action.setChecked(on)
        if on == self._meeting:
            return
        self._meeting = on
        if on:
            self._normal_state = (bytes(self.saveState().data()), self.isMaximized())
            self.tabs.setCurrentWidget(self._ranking_page)
            self.weights_dock.show()
        self.detail_dock.setVisible(not on)
        self.menuBar().setVisible(not on)
        self.ranking.set_meeting_columns(on)
        self.premises.set_meeting_columns(on)
        if self._log_panel is not None:
            self._log_panel.set_meeting_columns(on)
        if self._committee_panel is not None:
            self._committee_panel.set_meeting_columns(on)
        self.weights.set_meeting_mode(on)
        for action in self._desk_actions:
            action.setVisible(not on)
        self.detail.set_show_notes(not on)
        self.setStyleSheet(style.WINDOW_QSS + (style.MEETING_QSS if on else ""))
        self.ranking.fit_rows_and_columns()
        self.meeting_action.setText("Leave &meeting mode" if on else "&Meeting mode")
        screen = self.screen().geometry()
        if on:
            self.showFullScreen()
            self.resizeDocks(
                [self.weights_dock], [screen.width() * 28 // 100], Qt.Orientation.Horizontal
            )
        if self.chart is not None:
            self.chart.setVisible(self._chart_fits())
            if on:
                self._ranking_page.setSizes([screen.height() * 2 // 3, screen.height() // 3])
        if on:
            return
        state, maximised = self._normal_state or (b"", False)
        if state:
            self.restoreState(state)
        if maximised:
            self.showMaximized()
        else:
            self.showNormal()

    def _chart_fits(self) -> bool:
        """Meeting mode shows the contribution chart under the ranking only on a screen
        tall enough for both: at 720 px, two-line rows in large type leave room for about
        eight bids, and the chart would halve that."""
        return not self._meeting or self.screen().geometry().height() >= MEETING_CHART_HEIGHT

    # --- files -------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and all(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        event.acceptProposedAction()
        self.files.drop([Path(url.toLocalFile()) for url in event.mimeData().urls()])

    def preset_applier(self, name: str) -> Callable[[], None]:
        return lambda: self.weights.apply_preset(name)

    def compare_scenarios(self) -> None:
        """Open (or raise) the scenario comparison, with the project's budgets."""
        from etprio.gui.panels.scenario_compare import ScenarioCompareDialog

        if self.compare_dialog is None:
            dialog = ScenarioCompareDialog(self.session, self.settings, self.session.limits, self)
            dialog.destroyed.connect(lambda: setattr(self, "compare_dialog", None))
            self.compare_dialog = dialog
        self.compare_dialog.show()
        self.compare_dialog.raise_()

    def _show_funding_line(self) -> None:
        """The Funding tab shows the session's funding line when its budgets are the
        project's (they differ only while a typed budget is on its way to the project)."""
        panel, session = self._funding_panel, self.session
        if panel is not None:
            drawn = session.rank_order if panel.limits == session.limits else None
            panel.set_scores(session.scores, drawn)

    def ask_report_settings(self) -> None:
        from etprio.gui.panels.report_settings import ReportSettingsDialog

        project = self.session.data.project
        if project is None:
            self.show_message("Save the bids as a project first: report settings live in it")
            return
        dialog = ReportSettingsDialog(project, self)
        dialog.setObjectName("reportSettingsDialog")
        if dialog.exec() != ReportSettingsDialog.DialogCode.Accepted:
            return
        command = dialog.command()
        if command is not None:
            self.run_project_command(command)
            self.show_message("Report settings saved in the project")

    def _budgets_changed(self) -> None:
        """The project's budgets, wherever they are shown, follow the session's."""
        limits = self.session.limits
        if self.compare_dialog is not None:
            self.compare_dialog.panel.set_limits(limits)
        if self._sensitivity_panel is not None:
            self._sensitivity_panel.set_limits(limits)

    # --- small slots -------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def focus_filter(self) -> None:
        self.tabs.setCurrentWidget(self._ranking_page)
        self.ranking.focus_filter()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "About etprio",
            f"<h3>etprio {__version__}</h3>"
            "<p>Prioritise Estates and Technology Transformation Fund bids: weighted "
            "scoring, funding line, committee governance and the submission to NHS England."
            "</p><p>Scores are computed by one engine shared by the app, the command line, "
            "the exports and the PDF, so they always agree.</p><p>MIT licence.</p>",
        )

    def _update_title(self) -> None:
        data = self.session.data
        project = data.project
        if project is None:
            name = data.bids_path.name if data.bids_path else "untitled"
        elif project.path is None:
            demo = data.bids_path is not None and data.bids_path == demo_bids_path()
            name = "demo project (not saved)" if demo else "new project (not saved)"
        else:
            name = project.path.name
        self.setWindowTitle(f"etprio — {name}[*]")
        self.setWindowModified(project is not None and project.is_dirty)

    def _update_counts(self, *_args: object) -> None:
        matrix = self.session.matrix
        parts = [f"{len(matrix.bids)} bids", f"{int(matrix.eligible.sum())} eligible"]
        if self.session.funded is not None:
            parts.append(f"{len(self.session.funded)} funded")
        warnings = len(self.session.data.warnings)
        if warnings:
            parts.append(f"{warnings} import warning{'s' if warnings != 1 else ''}")
        self._counts.setText("  ·  ".join(parts))

    def _restore_layout(self) -> None:
        geometry, state = self.settings.window_layout()
        if geometry is None:
            self.resize(QSize(1440, 900))
        else:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._docks_sized = state is not None

    def showEvent(self, event: QShowEvent) -> None:
        """Docks get their first widths once the window has its real size: the selected
        bid gives up width (down to its least) until every tab's name shows between them,
        rather than the tab bar growing scroll arrows on a 1280-pixel screen."""
        super().showEvent(event)
        if not self._docks_sized:
            self._docks_sized = True
            tabs = self.tabs.tabBar().sizeHint().width() + 4 * self.style().pixelMetric(
                QStyle.PixelMetric.PM_DockWidgetSeparatorExtent
            )
            detail = min(DETAIL_WIDTH, self.width() - WEIGHTS_WIDTH - tabs)
            self.resizeDocks(
                [self.weights_dock, self.detail_dock],
                [WEIGHTS_WIDTH, max(detail, self.detail.minimumWidth())],
                Qt.Orientation.Horizontal,
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved work (Cancel keeps the window open), then remember the
        layout, release the project's lock for the next person and delete the autosave:
        a clean close leaves nothing to recover."""
        if not self.files.settle_unsaved("closing etprio"):
            event.ignore()
            return
        self.files.autosave.timer.stop()
        self.files.autosave.discard()
        if self._meeting:
            self.set_meeting_mode(False)
        self.settings.save_window_layout(self.saveGeometry(), self.saveState())
        if self.session.data.project is not None:
            self.session.data.project.close()
        super().closeEvent(event)
