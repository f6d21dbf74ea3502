"""The bundled demo as a whole project: the fictional CCG's bids and survey with a PCCC
around them, so the committee and log panels have something true to life to show
(CONTRACT §4: the app opens on the demo when given no project).

The committee is fictional. It is built through the same commands a user would run, so
its decision log reads like a real meeting's: GPs linked to their practices, a lay chair,
a declared interest, and the Wharf Lane partner stepping out for that practice's bid.
"""

from __future__ import annotations

from datetime import date

from etprio.core.committee.members import InterestKind, QuorumRule, Role
from etprio.core.committee.pairwise_weights import Comparison
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.project.commands import ChangeSettings, ProjectCommand
from etprio.core.project.committee_commands import (
    AddMember,
    ChangeCommitteeRules,
    DeclareInterest,
    RecordWeightAnswers,
)
from etprio.core.project.meeting_commands import StepOut
from etprio.core.project.settings import FundingSettings, ProjectSettings, ReportSettings
from etprio.core.project.state import Project
from etprio.core.resources import DEMO_CCG_NAME, demo_bids_path, demo_survey_path
from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.scales import load_scales

DEMO_ACTOR = "governance.lead@valeton-ccg"

_DEMO_SETTINGS = ProjectSettings(
    funding=FundingSettings(capital_envelope=4_500_000, recurrent_headroom=250_000),
    report=ReportSettings(ccg_name=DEMO_CCG_NAME, ccg_code="99X"),
)

_MEMBERS: tuple[tuple[str, Role, bool, tuple[str, ...]], ...] = (
    ("Margaret Oduya", Role.LAY_MEMBER, True, ()),
    ("David Fenwick", Role.LAY_MEMBER, True, ()),
    ("Dr Helen Ashworth", Role.GP, True, ("Y02103",)),
    ("Dr Rajesh Patel", Role.GP, True, ("Y02101",)),
    ("Sarah Quinlan", Role.CCG_OFFICER, True, ()),
    ("Priya Shah", Role.CCG_OFFICER, True, ()),
    ("Dr Tom Hale", Role.LMC_OBSERVER, False, ()),
)

_SWINGS: dict[str, dict[str, float]] = {
    "M01": {
        "access": 100,
        "capacity": 70,
        "wider_services": 60,
        "deliverability": 50,
        "premises_need": 40,
        "recurrent_liability": 40,
        "population": 30,
        "training": 20,
    },
    "M02": {
        "access": 100,
        "population": 80,
        "capacity": 60,
        "recurrent_liability": 50,
        "deliverability": 40,
        "wider_services": 40,
        "premises_need": 20,
    },
    "M03": {
        "premises_need": 100,
        "capacity": 80,
        "training": 60,
        "access": 40,
        "deliverability": 40,
        "wider_services": 30,
        "recurrent_liability": 10,
    },
    "M05": {
        "recurrent_liability": 100,
        "deliverability": 90,
        "capacity": 50,
        "access": 40,
        "premises_need": 30,
        "wider_services": 30,
    },
    "M06": {
        "deliverability": 100,
        "access": 60,
        "capacity": 60,
        "wider_services": 50,
        "recurrent_liability": 50,
        "premises_need": 40,
        "training": 20,
    },
    "M07": {
        "capacity": 100,
        "training": 80,
        "premises_need": 70,
        "access": 50,
        "deliverability": 30,
    },
}
"""Fictional members' swing points, as they might answer before the meeting."""

_COMPARISONS: tuple[tuple[str, str, int], ...] = (
    ("access", "capacity", 1),
    ("capacity", "training", 3),
    ("wider_services", "training", 2),
    ("premises_need", "wider_services", 2),
    ("premises_need", "deliverability", 1),
    ("deliverability", "recurrent_liability", 2),
    ("recurrent_liability", "population", 3),
    ("population", "engagement", 2),
    ("engagement", "strategy_fit", 1),
    ("strategy_fit", "digital_roadmap", 1),
    ("digital_roadmap", "ig", 1),
    ("access", "ig", 3),
)
"""Dr Patel answers the short pairwise sequence instead."""


def demo_project() -> Project:
    """A new (unsaved) project on the demo data with the demo committee."""
    from etprio.core.project.store import new_project
    from etprio.core.tables.importing import load_dataset

    criteria, scales = load_criteria(), load_scales()
    sources = (demo_bids_path(), demo_survey_path())
    dataset, _ = load_dataset(*sources, scales, assessment_date=criteria.assessment_date)
    project = new_project(dataset, criteria, scales, sources=sources, actor=DEMO_ACTOR)
    for name, role, voting, practices in _MEMBERS:
        _run(project, AddMember(name, role, voting=voting, practice_codes=practices))
    _run(
        project,
        ChangeCommitteeRules(
            quorum=QuorumRule(min_voting=3, require_lay_member=True), chair_id="M01"
        ),
    )
    _run(
        project,
        DeclareInterest(
            "M02",
            InterestKind.PERSONAL,
            "Registered patient at Riverside Surgery",
            declared_on=date(2016, 6, 1),
            practice_code="Y02104",
        ),
    )
    _run(
        project,
        DeclareInterest(
            "M03",
            InterestKind.FINANCIAL,
            "Senior partner at Wharf Lane Surgery, which owns its premises",
            declared_on=date(2016, 4, 12),
            practice_code="Y02103",
        ),
    )
    if "EV02" in project.imported.bids_by_id:
        _run(project, StepOut("M03", "EV02"))
    for member_id, points in _SWINGS.items():
        answers = WeightAnswers(member_id, WeightMethod.SWING, points, source="demo")
        _run(project, RecordWeightAnswers(answers))
    comparisons = tuple(Comparison(*answer) for answer in _COMPARISONS)
    pairwise = WeightAnswers("M04", WeightMethod.PAIRWISE, comparisons=comparisons, source="demo")
    _run(project, RecordWeightAnswers(pairwise))
    _run(project, ChangeSettings(_DEMO_SETTINGS, rationale="the CCG's budgets for 2016/17"))
    return project


def _run(project: Project, command: ProjectCommand) -> None:
    command.actor = DEMO_ACTOR
    command.do(project)
