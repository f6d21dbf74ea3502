"""The Funding tab's budgets kept in the project (DESIGN "Project file": reopening a
project gives the same funding line and report, CONTRACT §3).

A budget the user types is a :class:`~etprio.core.project.commands.ChangeSettings` on the
undo stack, so it is minuted and can be undone; opening a project, or undoing, puts the
project's budgets back into the inputs. Budgets the finance lead has not given yet (None)
show as "not set": there is then no funding line anywhere, never a default envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject

from etprio.core.funding.limits import FundingLimits
from etprio.core.project.commands import ChangeSettings, ProjectCommand
from etprio.core.project.settings import FundingSettings
from etprio.core.project.workspace import funding_limits
from etprio.gui.panels.funding import FundingPanel
from etprio.gui.session import Session


def limits_from_settings(
    funding: FundingSettings, current: FundingLimits | None
) -> FundingLimits | None:
    """The budgets ``funding`` holds (None until enough are set, as in the core); the cohort
    limits and rent uplift, which the project does not store, stay as they are."""
    limits = funding_limits(funding)
    if limits is None or current is None:
        return limits
    return replace(
        limits,
        cohort_capital_limits=current.cohort_capital_limits,
        rent_uplift_pct=current.rent_uplift_pct,
    )


def settings_from_limits(limits: FundingLimits) -> FundingSettings:
    return FundingSettings(
        capital_envelope=limits.capital_envelope,
        recurrent_headroom=limits.recurrent_headroom,
        horizon_years=limits.horizon_years,
        capital_by_year=tuple((limits.capital_by_year or {}).items()),
        carry_forward=limits.carry_forward,
    )


class ProjectBudgets(QObject):
    """Keeps ``panel``'s budgets and the open project's funding settings in step;
    ``run_command`` puts a project command on the window's undo stack."""

    def __init__(
        self,
        session: Session,
        panel: FundingPanel,
        run_command: Callable[[ProjectCommand], None],
    ) -> None:
        super().__init__(panel)
        self._session = session
        self._panel = panel
        self._run_command = run_command
        panel.limitsEdited.connect(self._edited)
        session.dataReplaced.connect(self.show_project_budgets)
        session.projectChanged.connect(self.show_project_budgets)
        self.show_project_budgets()

    def show_project_budgets(self) -> None:
        """Put the project's budgets in the inputs (after an open, an undo or a redo)."""
        project = self._session.data.project
        if project is None:
            self._panel.set_limits(None)
            return
        limits = limits_from_settings(project.settings.funding, self._panel.limits)
        if limits != self._panel.limits:
            self._panel.set_limits(limits)

    def _edited(self, limits: FundingLimits) -> None:
        project = self._session.data.project
        if project is None:
            return
        funding = settings_from_limits(limits)
        if funding == project.settings.funding:
            return
        settings = replace(project.settings, funding=funding)
        self._run_command(ChangeSettings(settings, rationale="budgets on the Funding tab"))
