"""Projects for the project-store, governance, CLI and GUI tests: one fixed sample with
every part filled in, and a Hypothesis strategy for any project."""

from __future__ import annotations

import string
from dataclasses import replace
from datetime import date

from hypothesis import strategies as st

from etprio.core.committee.members import (
    Aggregate,
    Committee,
    Declaration,
    InterestKind,
    Member,
    MemberScore,
    Override,
    QuorumRule,
    Role,
)
from etprio.core.model import Bid, Dataset, PlanningStatus, Premises, SchemeType
from etprio.core.project.decision_log import Action, DecisionLog
from etprio.core.project.settings import FundingSettings, ProjectSettings, ReportSettings
from etprio.core.project.state import Project, ProjectMetadata, Scenario
from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.scales import load_scales
from tests.strategies import datasets

CRITERIA = load_criteria()
SCALES = load_scales()
AT = "2016-06-30T10:00:00Z"


def sample_dataset() -> Dataset:
    """Four bids: B02 (technology) depends on B01 (estates); B03 and B04 stand alone."""
    premises = (
        Premises("P1", "A81001", "Mill Street", date(2015, 3, 1), {"physical_condition": "C"}),
        Premises("P3", "A81003", "Riverside", None, {"space_utilisation": "O"}, list_size=9000),
    )

    def bid(bid_id: str, practice: str, kind: SchemeType, **extra: object) -> Bid:
        scores = {"access_score": 3.0, "capacity_score": 4.0, "training_score": 2.5}
        scores |= {"wider_services_score": 3.5}
        return Bid(
            bid_id=bid_id,
            title=f"Scheme {bid_id} — £ & <b>",
            practice_code=practice,
            scheme_type=kind,
            capital_cost_gbp=250_000.5,
            expected_completion=date(2017, 2, 28),
            scores=scores,
            **extra,  # type: ignore[arg-type]
        )

    return Dataset(
        (
            bid(
                "B01",
                "A81001",
                SchemeType.ESTATES,
                premises_id="P1",
                land_secured=True,
                planning_status=PlanningStatus.GRANTED,
                notes="confidential note",
            ),
            bid("B02", "A81002", SchemeType.TECHNOLOGY, depends_on=("B01",)),
            bid(
                "B03",
                "A81003",
                SchemeType.ESTATES,
                premises_id="P3",
                land_secured=False,
                recurrent_revenue_gbp=12_000.0,
                population_benefit=4000.0,
            ),
            bid("B04", "A81004", SchemeType.TECHNOLOGY),
        ),
        premises,
    )


def sample_committee() -> Committee:
    """A lay chair, two GPs (M03 at B01's practice), an officer and a non-voting LMC
    observer; M04 declared an interest in B03; M05 stepped out for B04."""
    members = (
        Member("M01", "Margaret Oduya", Role.LAY_MEMBER),
        Member("M02", "David Fenwick", Role.LAY_MEMBER),
        Member("M03", "Dr Helen Ashworth", Role.GP, practice_codes=("A81001",)),
        Member("M04", "Dr Rajesh Patel", Role.GP, practice_codes=("A81009",)),
        Member("M05", "Sarah Quinlan", Role.CCG_OFFICER),
        Member("M06", "Dr Tom Hale", Role.LMC_OBSERVER, voting=False),
    )
    declarations = (
        Declaration(
            1,
            "M04",
            InterestKind.PERSONAL,
            "Sister is practice manager",
            date(2016, 6, 1),
            bid_id="B03",
        ),
        Declaration(
            2,
            "M05",
            InterestKind.PROFESSIONAL,
            "Governor of the hospice",
            date(2016, 5, 2),
            withheld=True,
        ),
    )
    scores = tuple(
        MemberScore(member, bid, "access_score", score)
        for member, bid, score in (
            ("M01", "B01", 4.0),
            ("M02", "B01", 2.0),
            ("M03", "B01", 5.0),
            ("M01", "B03", 1.0),
            ("M04", "B03", 5.0),
            ("M05", "B03", 3.0),
        )
    )
    return Committee(
        members=members,
        declarations=declarations,
        scores=scores,
        overrides=(Override("B04", "training_score", 4.5, "Teaching practice", "M01", AT),),
        absent=frozenset({"M06"}),
        stepped_out=frozenset({("M05", "B04")}),
        quorum=QuorumRule(min_voting=3, require_lay_member=True),
        chair_id="M01",
    )


def sample_project() -> Project:
    """Every part filled in, with fixed times, so it can be compared across saves."""
    log = DecisionLog()
    log.append(Action.IMPORT, {"summary": "Imported 4 bids"}, actor="lead@ccg", at=AT)
    log.append(
        Action.WEIGHT_CHANGE,
        {"summary": "training 10 → 20", "to": {"training": 20.0}},
        actor="lead@ccg",
        at=AT,
        rationale="workforce strategy",
    )
    log.append(
        Action.RECUSAL, {"summary": "Dr Helen Ashworth left for B01"}, actor="lead@ccg", at=AT
    )
    return Project(
        imported=sample_dataset(),
        criteria=CRITERIA.with_weights({"training": 20.0}),
        scales=SCALES,
        scenarios=(Scenario("Training first", {"training": 30.0, "access": 10.0}, "what if", AT),),
        settings=ProjectSettings(
            FundingSettings(2_500_000.0, 150_000.0, 7),
            ReportSettings("NHS Valeton CCG", "ETTF 2016", "0.3", "OFFICIAL", ("notes", "title")),
        ),
        committee=sample_committee(),
        log=log,
        metadata=ProjectMetadata(AT, "0.1.0"),
    )


# -- any project --------------------------------------------------------------------------

names = st.text(string.ascii_letters + " '-éŵ£", min_size=1, max_size=12)
any_text = st.text(max_size=30)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
score = st.floats(0, 5, allow_nan=False)


@st.composite
def committees(draw: st.DrawFn, dataset: Dataset) -> Committee:
    bid_ids = [b.bid_id for b in dataset.bids]
    practices = [*sorted({b.practice_code for b in dataset.bids}), "Z99999"]
    n = draw(st.integers(0, 5))
    members = tuple(
        Member(
            f"M{i:02d}",
            draw(names),
            draw(st.sampled_from(list(Role))),
            draw(st.booleans()),
            tuple(draw(st.lists(st.sampled_from(practices), max_size=2))),
        )
        for i in range(1, n + 1)
    )
    ids = [m.member_id for m in members]
    if not ids:
        return Committee(quorum=QuorumRule(draw(st.integers(1, 4))))
    declarations = tuple(
        Declaration(
            i,
            draw(st.sampled_from(ids)),
            draw(st.sampled_from(list(InterestKind))),
            draw(any_text),
            draw(st.dates()),
            draw(st.none() | st.sampled_from(practices)),
            draw(st.none() | st.sampled_from(bid_ids)),
            draw(st.booleans()),
        )
        for i in range(1, draw(st.integers(0, 3)) + 1)
    )
    cells = st.tuples(
        st.sampled_from(ids),
        st.sampled_from(bid_ids),
        st.sampled_from(["access_score", "training_score"]),
    )
    scores = tuple(
        MemberScore(*cell, draw(score)) for cell in draw(st.lists(cells, max_size=8, unique=True))
    )
    override_cells = draw(st.lists(st.sampled_from(bid_ids), max_size=2, unique=True))
    overrides = tuple(
        Override(
            b,
            "capacity_score",
            draw(score),
            draw(any_text),
            draw(st.none() | st.sampled_from(ids)),
            AT,
        )
        for b in override_cells
    )
    return Committee(
        members=members,
        declarations=declarations,
        scores=scores,
        overrides=overrides,
        absent=frozenset(draw(st.lists(st.sampled_from(ids), max_size=2))),
        stepped_out=frozenset(
            draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(bid_ids)), max_size=3))
        ),
        quorum=QuorumRule(draw(st.integers(1, 4)), draw(st.booleans()), draw(st.booleans())),
        aggregate=draw(st.sampled_from(list(Aggregate))),
        chair_id=draw(st.none() | st.sampled_from(ids)),
    )


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | finite | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    dataset = draw(datasets(max_bids=6))
    bids = tuple(
        replace(
            b,
            title=draw(any_text),
            notes=draw(any_text),
            capital_cost_gbp=draw(st.floats(0.01, 1e9)),
            recurrent_revenue_gbp=draw(st.floats(0, 1e6)),
        )
        for b in dataset.bids
    )
    dataset = Dataset(bids, dataset.premises)
    weights = {k: draw(st.floats(0, 1000)) for k in CRITERIA.keys}
    weights["access"] = draw(st.floats(0.001, 1000))
    log = DecisionLog()
    for _ in range(draw(st.integers(0, 4))):
        log.append(
            draw(st.sampled_from(list(Action))),
            draw(st.dictionaries(any_text, json_values, max_size=3)),
            actor=draw(any_text) or "x",
            rationale=draw(any_text),
            at=AT,
        )
    scenario_names = draw(st.lists(names, max_size=3, unique=True))
    return Project(
        imported=dataset,
        criteria=CRITERIA.with_weights(weights),
        scales=SCALES,
        scenarios=tuple(
            Scenario(n, {"access": draw(finite), "ig": draw(finite)}, draw(any_text), AT)
            for n in scenario_names
        ),
        settings=ProjectSettings(
            FundingSettings(
                draw(st.none() | finite), draw(st.none() | finite), draw(st.integers(1, 30))
            ),
            ReportSettings(
                draw(any_text),
                draw(any_text),
                draw(any_text),
                draw(any_text),
                tuple(draw(st.lists(any_text, max_size=3))),
            ),
        ),
        committee=draw(committees(dataset)),
        log=log,
        metadata=ProjectMetadata(AT, draw(any_text)),
    )
