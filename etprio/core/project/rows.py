"""Project parts to table rows and back: the only module that knows both the domain values
and the file's columns (:mod:`etprio.core.project.schema`).

Values are written faithfully — the criteria set as JSON of every field, not a pointer to
a TOML file that may have changed since — because a reopened project must rank exactly as
it did when it was saved (DESIGN "Project file"). Readers raise KeyError, ValueError or
TypeError on anything malformed; the store turns those into one "damaged file" message.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date
from types import MappingProxyType
from typing import Any

from etprio.core.model import Bid, Dataset, PlanningStatus, Premises, SchemeType
from etprio.core.project.settings import FundingSettings, ProjectSettings, ReportSettings
from etprio.core.project.state import Scenario
from etprio.core.scoring.criteria import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    DeliverabilityRules,
    Gates,
)
from etprio.core.tables.scales import GradeScales


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


# -- data ------------------------------------------------------------------------------


def write_dataset(conn: sqlite3.Connection, dataset: Dataset) -> None:
    conn.executemany(
        "INSERT INTO premises VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                p.premises_id,
                p.practice_code,
                p.premises_name,
                _day(p.survey_date),
                p.gia_m2,
                p.backlog_cost_gbp,
                p.current_rent_gbp,
                p.list_size,
                json.dumps(list(p.grades.items()), ensure_ascii=False),
            )
            for i, p in enumerate(dataset.premises)
        ),
    )
    conn.executemany(
        "INSERT INTO bids VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                i,
                b.bid_id,
                b.title,
                b.practice_code,
                b.scheme_type.value,
                b.premises_id,
                b.capital_cost_gbp,
                b.grant_pct,
                b.recurrent_revenue_gbp,
                b.expected_completion.isoformat(),
                None if b.land_secured is None else int(b.land_secured),
                None if b.planning_status is None else b.planning_status.value,
                b.population_benefit,
                json.dumps(list(b.depends_on), ensure_ascii=False),
                b.notes,
            )
            for i, b in enumerate(dataset.bids)
        ),
    )
    conn.executemany(
        "INSERT INTO bid_scores VALUES (?, ?, ?, ?)",
        (
            (b.bid_id, column, position, score)
            for b in dataset.bids
            for position, (column, score) in enumerate(b.scores.items())
        ),
    )
    conn.executemany(
        "INSERT INTO bid_grant_years VALUES (?, ?, ?)",
        (
            (b.bid_id, year, amount)
            for b in dataset.bids
            for year, amount in b.grant_phasing.items()
        ),
    )


def read_dataset(conn: sqlite3.Connection) -> Dataset:
    premises = tuple(
        Premises(
            premises_id=r[0],
            practice_code=r[1],
            premises_name=r[2],
            survey_date=_date(r[3]),
            gia_m2=_float(r[4]),
            backlog_cost_gbp=_float(r[5]),
            current_rent_gbp=_float(r[6]),
            list_size=_float(r[7]),
            grades=dict(json.loads(r[8])),
        )
        for r in conn.execute(
            "SELECT premises_id, practice_code, premises_name, survey_date, gia_m2, "
            "backlog_cost_gbp, current_rent_gbp, list_size, grades FROM premises ORDER BY position"
        )
    )
    scores: dict[str, dict[str, float]] = {}
    for bid_id, column, score in conn.execute(
        "SELECT bid_id, column_name, score FROM bid_scores ORDER BY bid_id, position"
    ):
        scores.setdefault(bid_id, {})[column] = float(score)
    phasing: dict[str, dict[str, float]] = {}
    for bid_id, year, amount in conn.execute("SELECT bid_id, year, amount FROM bid_grant_years"):
        phasing.setdefault(bid_id, {})[year] = float(amount)
    bids = tuple(
        Bid(
            bid_id=r[0],
            title=r[1],
            practice_code=r[2],
            scheme_type=SchemeType(r[3]),
            premises_id=r[4],
            capital_cost_gbp=float(r[5]),
            grant_pct=float(r[6]),
            recurrent_revenue_gbp=float(r[7]),
            expected_completion=date.fromisoformat(r[8]),
            land_secured=None if r[9] is None else bool(r[9]),
            planning_status=None if r[10] is None else PlanningStatus(r[10]),
            population_benefit=_float(r[11]),
            depends_on=tuple(json.loads(r[12])),
            notes=r[13],
            scores=scores.get(r[0], {}),
            grant_phasing=phasing.get(r[0], {}),
        )
        for r in conn.execute(
            "SELECT bid_id, title, practice_code, scheme_type, premises_id, capital_cost_gbp, "
            "grant_pct, recurrent_revenue_gbp, expected_completion, land_secured, "
            "planning_status, population_benefit, depends_on, notes FROM bids ORDER BY position"
        )
    )
    return Dataset(bids, premises)


# -- criteria, weights and scales -------------------------------------------------------


def write_criteria(conn: sqlite3.Connection, criteria: CriteriaSet) -> None:
    rules = criteria.deliverability
    definition = {
        "name": criteria.name,
        "assessment_date": criteria.assessment_date.isoformat(),
        "neutral": criteria.neutral,
        "source": criteria.source,
        "deliverability": {
            "deadlines": [d.isoformat() for d in rules.deadlines],
            "cohort_values": list(rules.cohort_values),
            "cohort_weight": rules.cohort_weight,
            "readiness_weight": rules.readiness_weight,
            "land": dict(rules.land),
            "planning": dict(rules.planning),
            "technology_readiness": rules.technology_readiness,
        },
        "facet_weights": dict(criteria.facet_weights),
        "gates": {
            "ineligible_cohorts": sorted(criteria.gates.ineligible_cohorts),
            "technology_ig_zero": criteria.gates.technology_ig_zero,
        },
        "criteria": [
            {
                "key": c.key,
                "label": c.label,
                "kind": c.kind.value,
                "group": c.group,
                "column": c.column,
                "cap": c.cap,
                "applies_to": sorted(t.value for t in c.applies_to),
            }
            for c in criteria.criteria
        ],
    }
    conn.execute(
        "INSERT INTO criteria_set (id, definition) VALUES (1, ?)",
        (json.dumps(definition, ensure_ascii=False),),
    )
    write_weights(conn, criteria)


def write_weights(conn: sqlite3.Connection, criteria: CriteriaSet) -> None:
    conn.execute("DELETE FROM weights")
    conn.executemany(
        "INSERT INTO weights (position, key, weight) VALUES (?, ?, ?)",
        ((i, c.key, c.weight) for i, c in enumerate(criteria.criteria)),
    )


def read_criteria(conn: sqlite3.Connection) -> CriteriaSet:
    (text,) = conn.execute("SELECT definition FROM criteria_set WHERE id = 1").fetchone()
    d = json.loads(text)
    weights = dict(conn.execute("SELECT key, weight FROM weights"))
    rules = d["deliverability"]
    return CriteriaSet(
        name=d["name"],
        assessment_date=date.fromisoformat(d["assessment_date"]),
        neutral=float(d["neutral"]),
        deliverability=DeliverabilityRules(
            deadlines=tuple(date.fromisoformat(x) for x in rules["deadlines"]),
            cohort_values=tuple(float(x) for x in rules["cohort_values"]),
            cohort_weight=float(rules["cohort_weight"]),
            readiness_weight=float(rules["readiness_weight"]),
            land=MappingProxyType({k: float(v) for k, v in rules["land"].items()}),
            planning=MappingProxyType({k: float(v) for k, v in rules["planning"].items()}),
            technology_readiness=float(rules["technology_readiness"]),
        ),
        facet_weights=MappingProxyType({k: float(v) for k, v in d["facet_weights"].items()}),
        gates=Gates(
            frozenset(int(x) for x in d["gates"]["ineligible_cohorts"]),
            bool(d["gates"]["technology_ig_zero"]),
        ),
        criteria=tuple(
            Criterion(
                key=c["key"],
                label=c["label"],
                weight=float(weights[c["key"]]),
                kind=CriterionKind(c["kind"]),
                group=c["group"],
                column=c["column"],
                cap=_float(c["cap"]),
                applies_to=frozenset(SchemeType(t) for t in c["applies_to"]),
            )
            for c in d["criteria"]
        ),
        source=d["source"],
    )


def write_scales(conn: sqlite3.Connection, scales: GradeScales) -> None:
    definition = {
        "source": scales.source,
        "tables": [[facet, list(table.items())] for facet, table in scales.tables.items()],
    }
    conn.execute(
        "INSERT INTO grade_scales (id, definition) VALUES (1, ?)",
        (json.dumps(definition, ensure_ascii=False),),
    )


def read_scales(conn: sqlite3.Connection) -> GradeScales:
    (text,) = conn.execute("SELECT definition FROM grade_scales WHERE id = 1").fetchone()
    d = json.loads(text)
    tables = {
        facet: MappingProxyType({grade: float(need) for grade, need in grades})
        for facet, grades in d["tables"]
    }
    return GradeScales(MappingProxyType(tables), d["source"])


# -- scenarios and settings ------------------------------------------------------------


def write_scenarios(conn: sqlite3.Connection, scenarios: Iterable[Scenario]) -> None:
    conn.executemany(
        "INSERT INTO scenarios VALUES (?, ?, ?, ?, ?)",
        (
            (i, s.name, json.dumps(list(s.weights.items())), s.note, s.saved_at)
            for i, s in enumerate(scenarios)
        ),
    )


def read_scenarios(conn: sqlite3.Connection) -> tuple[Scenario, ...]:
    return tuple(
        Scenario(name, dict(json.loads(weights)), note, saved_at)
        for name, weights, note, saved_at in conn.execute(
            "SELECT name, weights, note, saved_at FROM scenarios ORDER BY position"
        )
    )


def write_settings(conn: sqlite3.Connection, settings: ProjectSettings) -> None:
    funding, report = settings.funding, settings.report
    values = {
        "funding": {
            "capital_envelope": funding.capital_envelope,
            "recurrent_headroom": funding.recurrent_headroom,
            "horizon_years": funding.horizon_years,
            "capital_by_year": [list(pair) for pair in funding.capital_by_year],
            "carry_forward": funding.carry_forward,
        },
        "report": {
            "ccg_name": report.ccg_name,
            "ccg_code": report.ccg_code,
            "title": report.title,
            "version": report.version,
            "protective_marking": report.protective_marking,
            "confidential": list(report.confidential),
            "logo": report.logo,
        },
    }
    conn.executemany(
        "INSERT INTO settings (key, value) VALUES (?, ?)",
        ((key, json.dumps(value, ensure_ascii=False)) for key, value in values.items()),
    )


def read_settings(conn: sqlite3.Connection) -> ProjectSettings:
    values = {
        key: json.loads(value) for key, value in conn.execute("SELECT key, value FROM settings")
    }
    funding, report = values["funding"], values["report"]
    return ProjectSettings(
        FundingSettings(
            _float(funding["capital_envelope"]),
            _float(funding["recurrent_headroom"]),
            int(funding["horizon_years"]),
            tuple(
                (str(year), float(amount)) for year, amount in funding.get("capital_by_year", [])
            ),
            bool(funding.get("carry_forward", False)),
        ),
        ReportSettings(
            ccg_name=str(report["ccg_name"]),
            ccg_code=str(report.get("ccg_code", "")),
            title=str(report["title"]),
            version=str(report["version"]),
            protective_marking=str(report["protective_marking"]),
            confidential=tuple(str(c) for c in report["confidential"]),
            logo=str(report.get("logo", "")),
        ),
    )
