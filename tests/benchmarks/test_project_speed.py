"""Saving a 500-bid project with a full committee: a weights-only save (the app may save
after every weight decision) under 5 ms, a full atomic save under 200 ms, opening under
200 ms. Run with ``uv run pytest tests/benchmarks -m slow -s`` to see the figures.

A durable save waits for the disk (fsync), and a shared or busy disk can take longer
than the whole 5 ms budget for that alone. So the 5 ms target is checked on the CPU time
of the save — the work etprio and SQLite do, without the wait — and the wall-clock time
is printed beside the floor measured in the same run: SQLite committing a one-row change
to the same file, which no durable save can beat.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from etprio.core.committee.members import Committee, Member, MemberScore, Role
from etprio.core.project.state import Project
from etprio.core.project.store import new_project, open_project, save_project, save_weights
from etprio.core.scoring.criteria import load_criteria
from etprio.core.tables.demo import write_demo
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales
from tests.benchmarks.conftest import best_time

N_BIDS = 500


@pytest.fixture(scope="module")
def big_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    criteria, scales = load_criteria(), load_scales()
    bids, survey = write_demo(tmp_path_factory.mktemp("demo500"), N_BIDS, seed=7)
    dataset, _ = load_dataset(bids, survey, scales, assessment_date=criteria.assessment_date)
    project = new_project(dataset, criteria, scales)
    members = tuple(
        Member(
            f"M{i:02d}",
            f"Member {i}",
            Role.GP if i % 2 else Role.LAY_MEMBER,
            practice_codes=(dataset.bids[i].practice_code,),
        )
        for i in range(10)
    )
    scores = tuple(
        MemberScore(m.member_id, b.bid_id, "access_score", float((i + j) % 6))
        for i, m in enumerate(members)
        for j, b in enumerate(dataset.bids)
    )
    project.committee = Committee(members=members, scores=scores)
    for n in range(200):
        project.log.append("weight_change", {"summary": f"tick {n}"}, actor="bench")
    return project


def best_cpu_time(action: Callable[[], object], repeat: int = 15) -> float:
    """Best CPU time of one call: the process's own work, not its waits for the disk."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        action()
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow
def test_project_save_speed(big_project: Project, tmp_path: Path) -> None:
    path = tmp_path / "big.etprio"
    save_project(big_project, path)
    weights = [20.0, 25.0]

    def weights_only() -> None:
        weights.reverse()
        big_project.criteria = big_project.criteria.with_weights({"access": weights[0]})
        big_project.log.append("weight_change", {"summary": "access"}, actor="bench")
        save_weights(big_project, path)
        assert not big_project.is_dirty

    def full() -> None:
        save_project(big_project, path)

    def reopen() -> None:
        open_project(path, read_only=True)

    def floor() -> None:
        weights.reverse()
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE weights SET weight = ? WHERE key = 'access'", (weights[0],))
            conn.execute("COMMIT")

    timings = (best_time(f, repeat=5, number=3) for f in (weights_only, full, reopen, floor))
    fast, slow, opening, disk = timings
    cpu = best_cpu_time(weights_only)
    size = path.stat().st_size / 1024
    print(
        f"\n{N_BIDS} bids, {len(big_project.committee.scores)} member scores, "
        f"{len(big_project.log)} log entries, {size:,.0f} KiB: weights-only save "
        f"{cpu * 1e3:.2f} ms CPU (target < 5), {fast * 1e3:.2f} ms wall against a bare SQLite "
        f"commit of {disk * 1e3:.2f} ms on the same disk; full save "
        f"{slow * 1e3:.1f} ms (target < 200); open {opening * 1e3:.1f} ms"
    )
    big_project.close()
    assert cpu < 0.005
    assert slow < 0.2
    assert opening < 0.2
