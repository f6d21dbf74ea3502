"""Committee and decision-log parts to table rows and back; the counterpart of
:mod:`etprio.core.project.rows` for DESIGN "Governance" data. Readers raise KeyError,
ValueError or TypeError on anything malformed, which the store reports as a damaged file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import date

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
from etprio.core.committee.weight_answers import WeightAnswers
from etprio.core.project.decision_log import LogEntry

# -- committee ----------------------------------------------------------------------------


def write_committee(conn: sqlite3.Connection, committee: Committee) -> None:
    conn.executemany(
        "INSERT INTO members VALUES (?, ?, ?, ?, ?, ?)",
        (
            (i, m.member_id, m.name, m.role.value, int(m.voting), json.dumps(m.practice_codes))
            for i, m in enumerate(committee.members)
        ),
    )
    conn.executemany(
        "INSERT INTO declarations VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (
                d.declaration_id,
                d.member_id,
                d.kind.value,
                d.description,
                d.declared_on.isoformat(),
                d.practice_code,
                d.bid_id,
                int(d.withheld),
            )
            for d in committee.declarations
        ),
    )
    conn.executemany(
        "INSERT INTO member_scores VALUES (?, ?, ?, ?)",
        ((s.member_id, s.bid_id, s.column, s.score) for s in committee.scores),
    )
    conn.executemany(
        "INSERT INTO overrides VALUES (?, ?, ?, ?, ?, ?)",
        (
            (o.bid_id, o.column, o.score, o.rationale, o.member_id, o.at)
            for o in committee.overrides
        ),
    )
    conn.executemany("INSERT INTO absences VALUES (?)", ((m,) for m in sorted(committee.absent)))
    conn.executemany("INSERT INTO stepped_out VALUES (?, ?)", sorted(committee.stepped_out))
    rule = committee.quorum
    conn.execute(
        "INSERT INTO committee_rules VALUES (1, ?, ?, ?, ?, ?)",
        (
            rule.min_voting,
            int(rule.require_lay_member),
            int(rule.lay_majority),
            committee.aggregate.value,
            committee.chair_id,
        ),
    )
    write_weight_answers(conn, committee.weight_answers)


def read_committee(conn: sqlite3.Connection) -> Committee:
    members = tuple(
        Member(member_id, name, Role(role), bool(voting), tuple(json.loads(codes)))
        for member_id, name, role, voting, codes in conn.execute(
            "SELECT member_id, name, role, voting, practice_codes FROM members ORDER BY position"
        )
    )
    declarations = tuple(
        Declaration(
            int(r[0]),
            r[1],
            InterestKind(r[2]),
            r[3],
            date.fromisoformat(r[4]),
            r[5],
            r[6],
            bool(r[7]),
        )
        for r in conn.execute(
            "SELECT declaration_id, member_id, kind, description, declared_on, practice_code, "
            "bid_id, withheld FROM declarations"
        )
    )
    scores = tuple(
        MemberScore(m, b, c, float(s))
        for m, b, c, s in conn.execute(
            "SELECT member_id, bid_id, column_name, score FROM member_scores"
        )
    )
    overrides = tuple(
        Override(b, c, float(s), r, m, at)
        for b, c, s, r, m, at in conn.execute(
            "SELECT bid_id, column_name, score, rationale, member_id, at FROM overrides"
        )
    )
    rules = conn.execute(
        "SELECT quorum_min_voting, quorum_lay_member, quorum_lay_majority, aggregate, chair_id "
        "FROM committee_rules WHERE id = 1"
    ).fetchone()
    return Committee(
        members=members,
        declarations=declarations,
        scores=scores,
        overrides=overrides,
        absent=frozenset(m for (m,) in conn.execute("SELECT member_id FROM absences")),
        stepped_out=frozenset(
            (m, b) for m, b in conn.execute("SELECT member_id, bid_id FROM stepped_out")
        ),
        quorum=QuorumRule(int(rules[0]), bool(rules[1]), bool(rules[2])),
        aggregate=Aggregate(rules[3]),
        chair_id=rules[4],
        weight_answers=read_weight_answers(conn),
    )


def write_weight_answers(conn: sqlite3.Connection, answers: Iterable[WeightAnswers]) -> None:
    conn.executemany(
        "INSERT INTO weight_answers VALUES (?, ?, ?, ?, ?)",
        (
            (
                a.member_id,
                a.method.value,
                json.dumps(a.answers_json(), ensure_ascii=False),
                a.answered_at,
                a.source,
            )
            for a in answers
        ),
    )


def read_weight_answers(conn: sqlite3.Connection) -> tuple[WeightAnswers, ...]:
    return tuple(
        WeightAnswers.from_json(member_id, method, json.loads(answers), answered_at, source)
        for member_id, method, answers, answered_at, source in conn.execute(
            "SELECT member_id, method, answers, answered_at, source FROM weight_answers"
        )
    )


# -- decision log ------------------------------------------------------------------------


def write_log(conn: sqlite3.Connection, entries: Iterable[LogEntry]) -> None:
    conn.executemany(
        "INSERT INTO decision_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            (e.seq, e.at, e.actor, e.action, e.details_json, e.rationale, e.prev_hash, e.hash)
            for e in entries
        ),
    )


def read_log(conn: sqlite3.Connection) -> list[LogEntry]:
    return [
        LogEntry(int(r[0]), *(str(v) for v in r[1:]))
        for r in conn.execute(
            "SELECT seq, at, actor, action, details, rationale, prev_hash, hash "
            "FROM decision_log ORDER BY seq"
        )
    ]
