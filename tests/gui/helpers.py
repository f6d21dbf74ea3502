"""Small data sets built in code for GUI tests: fast, and each shaped for one behaviour."""

from __future__ import annotations

from datetime import date

from etprio.core.model import Bid, Dataset, Premises, SchemeType
from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.scales import load_scales
from etprio.gui.session import Session, SessionData

CRITERIA = load_criteria()
SCALES = load_scales()


def bid(bid_id: str, access: float, training: float, **changes: object) -> Bid:
    """An estates bid whose access and training scores decide its place."""
    fields: dict[str, object] = {
        "bid_id": bid_id,
        "title": f"Scheme {bid_id}",
        "practice_code": "A81001",
        "scheme_type": SchemeType.ESTATES,
        "capital_cost_gbp": 100_000.0,
        "expected_completion": date(2017, 1, 31),
        "premises_id": "P1",
        "land_secured": True,
        "scores": {
            "access_score": access,
            "capacity_score": 3.0,
            "training_score": training,
            "wider_services_score": 3.0,
        },
    }
    fields.update(changes)
    return Bid(**fields)  # type: ignore[arg-type]


def dataset(*bids: Bid) -> Dataset:
    premises = Premises("P1", "A81001", "Test Surgery", grades={"physical_condition": "C"})
    return Dataset(bids, (premises,))


def session_of(*bids: Bid) -> Session:
    return Session(SessionData(dataset(*bids), CRITERIA, SCALES))


# Awkward tables every panel must survive (STYLE "Tests that guard behaviour").
AWKWARD: dict[str, Dataset] = {
    "one bid": dataset(bid("B1", 3, 3)),
    "constant criterion": dataset(bid("B1", 3, 3), bid("B2", 3, 3), bid("B3", 3, 3)),
    "all ineligible": dataset(
        bid("B1", 5, 5, expected_completion=date(2022, 1, 1)),
        bid("B2", 1, 1, expected_completion=date(2022, 1, 1)),
    ),
    "technology without premises": dataset(
        bid("T1", 4, 2, scheme_type=SchemeType.TECHNOLOGY, premises_id=None),
        bid("B2", 2, 4, depends_on=("T1",), notes="=cmd|' /C calc'!A0 <b>not bold</b>"),
    ),
    "no bids": Dataset((), ()),
}
