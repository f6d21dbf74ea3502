"""Report content built from Dataset objects made here, so the PDF tests depend on no file:
bids with distinctive notes, a hostile and a Welsh title, a committee record with one
published and one withheld declaration, budgets, and sensitivity findings."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from pypdf import PdfReader

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.plan import plan_funding
from etprio.core.model import Bid, Dataset, PlanningStatus, Premises, SchemeType
from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.sensitivity.stability import stability_intervals
from etprio.core.tables.scales import load_scales
from etprio.report.pdf import (
    CommitteeRecord,
    CoverSettings,
    Declaration,
    LogEntry,
    Member,
    Recusal,
    ReportContent,
    SensitivitySummary,
)

CRITERIA = load_criteria()
SCALES = load_scales()

HOSTILE_TITLE = "<b>R&D</b> & =cmd|' /C calc'!A0"
WELSH_TITLE = "Ysbyty Gŵyr — Meddygfa Tŷ"
PUBLISHED_INTEREST = "Trustee of the Valeton League of Friends"
WITHHELD_INTEREST = "Spouse treated at Hillside for a sensitive condition"
SECRET_RECURRENT = 87_654.0


def note_of(bid_id: str) -> str:
    """A note no other text in the report could contain."""
    return f"Confidential assessor note NOTE{bid_id}QX: landlord dispute pending."


def dataset(n: int = 12) -> Dataset:
    """``n`` bids, ids Z001…, with a spread of scores, types, costs and cohorts; Z001 has
    the hostile title, Z002 the Welsh one, Z004 depends on Z003."""
    premises = tuple(
        Premises(
            f"P{i:03d}",
            f"A8{i:04d}",
            f"Surgery {i}",
            date(2015, 3, 1),
            {"physical_condition": "BCD"[i % 3], "space_utilisation": "UFO"[i % 3]},
            list_size=4000.0 + 500 * i,
        )
        for i in range(1, n + 1)
    )
    bids = []
    for i in range(1, n + 1):
        bid_id = f"Z{i:03d}"
        estates = i % 3 != 0
        title = {1: HOSTILE_TITLE, 2: WELSH_TITLE}.get(i, f"Scheme number {i} for practice {i}")
        bids.append(
            Bid(
                bid_id=bid_id,
                title=title,
                practice_code=f"A8{i:04d}",
                scheme_type=SchemeType.ESTATES if estates else SchemeType.TECHNOLOGY,
                capital_cost_gbp=100_000.0 + 37_000 * i,
                expected_completion=date(2017 if i % 4 else 2018, 1 + i % 12, 15),
                premises_id=f"P{i:03d}" if estates else None,
                recurrent_revenue_gbp=SECRET_RECURRENT if i == 5 else 1_000.0 * (i % 7),
                land_secured=bool(i % 2) if estates else None,
                planning_status=PlanningStatus.GRANTED if estates else None,
                scores={
                    "access_score": (i * 7) % 6,
                    "capacity_score": (i * 5) % 6,
                    "training_score": (i * 3) % 6,
                    "wider_services_score": (i * 2) % 6,
                    "ig_score": 3.0,
                },
                depends_on=("Z003",) if i == 4 else (),
                notes=note_of(bid_id),
            )
        )
    return Dataset(tuple(bids), premises)


def scores_of(data: Dataset) -> Scores:
    return score_bids(compute_values(data, CRITERIA, SCALES), CRITERIA.weights)


def committee_record() -> CommitteeRecord:
    return CommitteeRecord(
        members=(
            Member("Margaret Oduya", "Lay member"),
            Member("Dr Helen Ashworth", "GP"),
            Member("Dr Tom Hale", "LMC observer", voting=False),
        ),
        declarations=(
            Declaration("Margaret Oduya", PUBLISHED_INTEREST, "general", "Registered"),
            Declaration(
                "Dr Helen Ashworth", WITHHELD_INTEREST, "bid Z002", "Scores excluded", True
            ),
        ),
        recusals=(
            Recusal(
                "Dr Helen Ashworth", "Z002", "declared a personal interest", "stepped out", True
            ),
            Recusal("Dr Tom Hale", "Z003", "works at A80003, the bid's practice", "absent"),
        ),
        log=(
            LogEntry(
                datetime(2016, 6, 30, 10),
                "lead@ccg",
                "weight change",
                "training 10 → 20",
                "workforce strategy",
            ),
            LogEntry(
                datetime(2016, 6, 30, 11),
                "lead@ccg",
                "declaration",
                f"Declared: {WITHHELD_INTEREST}",
                withheld=True,
            ),
        ),
        log_head="ab" * 32,
    )


def content(n: int = 12, *, budgets: bool = True, **changes: object) -> ReportContent:
    """A full report: budgets, sensitivity, committee and premises."""
    data = dataset(n)
    scores = scores_of(data)
    limits = FundingLimits(1_200_000, 40_000)
    plan = plan_funding(scores, limits) if budgets else None
    intervals = stability_intervals(scores, top=3, limits=limits if budgets else None)
    built = ReportContent(
        scores=scores,
        cover=CoverSettings(date=date(2016, 6, 30), version="0.9"),
        funding=plan,
        sensitivity=SensitivitySummary(("Z003 stays above the funding line.",), intervals),
        committee=committee_record(),
        premises=data.premises,
    )
    return replace(built, **changes)


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces as single spaces: wrapping in a
    table cell must not count as changing what was typed."""
    return re.sub(r"\s+", " ", text)
