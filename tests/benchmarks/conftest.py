"""Benchmarks compare against baselines measured in the same run and print ratios: the
machines are noisy, so absolute times drift but ratios hold. Run them with
``uv run pytest tests/benchmarks -m slow -s``."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from etprio.core.scoring.criteria import load_criteria
from etprio.core.scoring.values import ValueMatrix, compute_values
from etprio.core.tables.demo import write_demo
from etprio.core.tables.importing import load_dataset
from etprio.core.tables.scales import load_scales

# Importing etprio set NumPy's huge-page switch for this process; the commands the
# benchmarks start run as from a user's shell, so that a baseline checkout behaves as it
# did and each checkout's own choice is what is measured.
os.environ.pop("NUMPY_MADVISE_HUGEPAGE", None)


def best_time(action: Callable[[], object], *, repeat: int = 7, number: int | None = None) -> float:
    """Best per-call time in seconds over several rounds, calibrated to ~20 ms a round."""
    if number is None:
        number, start = 1, time.perf_counter()
        action()
        elapsed = time.perf_counter() - start
        number = max(1, int(0.02 / max(elapsed, 1e-7)))
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            action()
        best = min(best, (time.perf_counter() - start) / number)
    return best


@pytest.fixture(scope="session")
def synthetic_matrix(tmp_path_factory) -> Callable[[int], ValueMatrix]:
    cache: dict[int, ValueMatrix] = {}
    criteria, scales = load_criteria(), load_scales()

    def make(n_bids: int) -> ValueMatrix:
        if n_bids not in cache:
            folder: Path = tmp_path_factory.mktemp(f"demo{n_bids}")
            bids, survey = write_demo(folder, n_bids, seed=n_bids)
            dataset, _ = load_dataset(
                bids, survey, scales, assessment_date=criteria.assessment_date
            )
            cache[n_bids] = compute_values(dataset, criteria, scales)
        return cache[n_bids]

    return make
