"""The committee: members, declared interests and the conflicts they cause, quorum, members'
scores, and the weights members give (swing and pairwise questions, aggregated).
"""

from etprio.core.committee.governance import Governance, review
from etprio.core.committee.members import Committee, Declaration, InterestKind, Member, Role
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod

__all__ = [
    "Committee",
    "Declaration",
    "Governance",
    "InterestKind",
    "Member",
    "Role",
    "WeightAnswers",
    "WeightMethod",
    "review",
]
