"""What every member's weights fund, for a project as it is saved: its data as scored, its
conflicts and its budgets. The computation is the committee's
(:func:`~etprio.core.committee.member_weights.what_members_fund`); this joins it to a project.
"""

from __future__ import annotations

from etprio.core.committee.member_weights import CommitteeFunding, what_members_fund
from etprio.core.funding.limits import FundingLimits
from etprio.core.project.state import Project
from etprio.core.project.workspace import funding_limits
from etprio.core.scoring.values import compute_values


def project_member_funding(
    project: Project, limits: FundingLimits | None = None
) -> CommitteeFunding:
    """:func:`what_members_fund` for a project: its data as scored (committee scores and
    overrides in place), its conflicts, and ``limits`` (its saved budgets when None)."""
    matrix = compute_values(project.dataset, project.criteria, project.scales)
    chosen = limits if limits is not None else funding_limits(project.settings.funding)
    return what_members_fund(matrix, project.committee, project.governance.conflicts, chosen)


def member_funding_for_report(
    project: Project, limits: FundingLimits | None = None
) -> CommitteeFunding | None:
    """What the submission's "How the committee weighted the criteria" section prints:
    None when no member has answered, so the section is left out."""
    if not project.committee.weight_answers:
        return None
    return project_member_funding(project, limits)
