"""Weights from pairwise comparisons: the analytic hierarchy process (AHP) with Saaty's
consistency ratio, for a member who would rather compare criteria two at a time than score
swings (DOMAIN "How committees weigh criteria").

A full AHP asks every pair — 66 questions for twelve criteria, more than a busy member gives.
:func:`pairwise_questions` asks a short cycle instead: each criterion against the next and
the last against the first, so each criterion is in exactly two questions and the last
answer checks the others. Weights from a matrix with gaps follow Harker (1987), which is
Saaty's principal eigenvector when every pair is answered; so the same function is checked
against Saaty's published worked example.

References: T. L. Saaty, "How to make a decision: the analytic hierarchy process",
European Journal of Operational Research 48 (1990) 9–26; P. T. Harker, "Incomplete
pairwise comparisons in the analytic hierarchy process", Mathematical Modelling 9 (1987)
837–848.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from etprio.core.committee.swing_weights import WeightAnswerError

RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
"""Saaty's random consistency index: the mean consistency index of random matrices of
each order."""

SAATY_SCALE = tuple([1 / s for s in range(9, 1, -1)] + list(range(1, 10)))
"""The 17 answers a comparison can give, as Saaty drew random matrices from them."""

_RANDOM_SAMPLES = 2000

CONSISTENT_ENOUGH = 0.10
"""Saaty's rule: above this ratio the answers should be looked at again."""

STRENGTHS: dict[int, str] = {
    1: "equally important",
    2: "equally to moderately more important",
    3: "moderately more important",
    4: "moderately to strongly more important",
    5: "strongly more important",
    6: "strongly to very strongly more important",
    7: "very strongly more important",
    8: "very strongly to extremely more important",
    9: "extremely more important",
}
"""Saaty's verbal scale, the even numbers lying between its words."""


@dataclass(frozen=True)
class Comparison:
    """One answer: ``more`` matters ``strength`` times as much as ``less`` (Saaty's scale,
    1 = equally, 9 = extremely)."""

    more: str
    less: str
    strength: int

    def __post_init__(self) -> None:
        if self.more == self.less:
            raise WeightAnswerError(f"{self.more} is compared with itself")
        if self.strength not in range(1, 10):
            raise WeightAnswerError(
                f"{self.more} against {self.less}: {self.strength!r} is not a whole number "
                "from 1 (equally important) to 9 (extremely more important)"
            )

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.more, self.less))


@dataclass(frozen=True)
class PairwiseWeights:
    """Weights and how consistent the answers were.

    ``least_consistent`` is the answer furthest from what the others imply and
    ``implied_strength`` what they imply for it (on Saaty's scale, > 1 meaning ``more``
    still wins); both are set only when the ratio is above :data:`CONSISTENT_ENOUGH`, so
    the member is pointed at the one answer to look at again.
    """

    weights: dict[str, float]
    lambda_max: float
    consistency_index: float
    consistency_ratio: float
    least_consistent: Comparison | None = None
    implied_strength: float | None = None

    @property
    def consistent(self) -> bool:
        return self.consistency_ratio <= CONSISTENT_ENOUGH

    def advice(self) -> str:
        """One sentence for the member, empty when the answers hang together."""
        if self.least_consistent is None or self.implied_strength is None:
            return ""
        answer = self.least_consistent
        implied = self.implied_strength
        other = (
            f"{answer.more} about {implied:.0f} times as important"
            if implied >= 1
            else f"{answer.less} about {1 / implied:.0f} times as important"
        )
        return (
            f"Consistency ratio {self.consistency_ratio:.2f}, above {CONSISTENT_ENOUGH:.2f}: "
            f"the answer {answer.more} {answer.strength} times as important as {answer.less} "
            f"fits the others least; they make {other}."
        )


def pairwise_questions(keys: Sequence[str]) -> list[tuple[str, str]]:
    """The short sequence a member answers: each criterion against the next, and the last
    against the first, so every criterion is in two questions and one answer checks the rest.

    >>> pairwise_questions(["a", "b", "c"])
    [('a', 'b'), ('b', 'c'), ('c', 'a')]
    """
    keys = list(keys)
    if len(keys) < 3:
        return [(keys[0], keys[1])] if len(keys) == 2 else []
    return [(keys[i], keys[(i + 1) % len(keys)]) for i in range(len(keys))]


def comparison_matrix(keys: Sequence[str], comparisons: Sequence[Comparison]) -> np.ndarray:
    """Saaty's reciprocal matrix, 0 where a pair was not asked."""
    index = {key: i for i, key in enumerate(keys)}
    n = len(keys)
    matrix = np.zeros((n, n))
    np.fill_diagonal(matrix, 1.0)
    seen: set[frozenset[str]] = set()
    for answer in comparisons:
        unknown = [k for k in (answer.more, answer.less) if k not in index]
        if unknown:
            raise WeightAnswerError(f"no criterion called {', '.join(unknown)}")
        if answer.pair in seen:
            raise WeightAnswerError(f"{answer.more} and {answer.less} are compared twice")
        seen.add(answer.pair)
        i, j = index[answer.more], index[answer.less]
        matrix[i, j], matrix[j, i] = answer.strength, 1.0 / answer.strength
    _check_connected(keys, matrix)
    return matrix


def _check_connected(keys: Sequence[str], matrix: np.ndarray) -> None:
    """Weights exist only when every criterion is linked to the others by answers."""
    reached, stack = {0}, [0]
    while stack:
        for j in np.flatnonzero(matrix[stack.pop()]).tolist():
            if j not in reached:
                reached.add(j)
                stack.append(j)
    missing = [key for i, key in enumerate(keys) if i not in reached]
    if missing:
        raise WeightAnswerError(
            f"{', '.join(missing)} not compared with the other criteria, directly or through "
            "others: answer every question"
        )


def priorities(matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """The principal eigenvector (summing to 1) and eigenvalue of Harker's completion:
    a missing entry counts 0 and adds 1 to its row's diagonal, which for a fully answered
    matrix is Saaty's own eigenvector method.

    >>> weights, lam = priorities(np.array([[1, 2], [0.5, 1]]))
    >>> weights.round(4).tolist(), round(lam, 6)
    ([0.6667, 0.3333], 2.0)
    """
    harker = np.array(matrix, dtype=float)
    np.fill_diagonal(harker, 1.0 + (harker == 0).sum(axis=1))
    eigenvalues, eigenvectors = np.linalg.eig(harker)
    top = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, top].real)
    return vector / vector.sum(), float(eigenvalues[top].real)


def consistency(
    lambda_max: float, n: int, pairs: Sequence[tuple[int, int]] = ()
) -> tuple[float, float]:
    """Saaty's consistency index (λmax − n)/(n − 1) and ratio CI/RI (0 for n ≤ 2, where
    answers cannot contradict each other).

    ``pairs`` are the answered pairs when not every pair was asked: a matrix with gaps has
    a much smaller index by chance, so its ratio is taken against :func:`random_index` for
    the same pairs (Forman 1990), not Saaty's table, which would call answers consistent
    that go round a cycle of questions to a contradiction.
    """
    if n <= 2:
        return 0.0, 0.0
    index = max(0.0, (lambda_max - n) / (n - 1))
    complete = not pairs or len(pairs) == n * (n - 1) // 2
    chance = RANDOM_INDEX.get(n) if complete else None
    if chance is None:
        chance = random_index(n, tuple(sorted(pairs)))
    if chance < 1e-9:  # no cycle among the questions: nothing can contradict
        return 0.0, 0.0
    return index, index / chance


@lru_cache(maxsize=64)
def random_index(n: int, pairs: tuple[tuple[int, int], ...]) -> float:
    """The mean consistency index of random answers to the same questions, as Saaty
    estimated his table: each answer drawn uniformly from :data:`SAATY_SCALE`. The seed is
    fixed, so a member's ratio is the same every time it is shown.

    >>> round(random_index(5, tuple((i, j) for i in range(5) for j in range(i + 1, 5))), 1)
    1.1
    """
    rng = np.random.default_rng(20161)
    draws = rng.choice(np.array(SAATY_SCALE), size=(_RANDOM_SAMPLES, len(pairs)))
    rows = np.array([i for i, _ in pairs], dtype=int)
    cols = np.array([j for _, j in pairs], dtype=int)
    stack = np.zeros((_RANDOM_SAMPLES, n, n))
    stack[:, rows, cols] = draws
    stack[:, cols, rows] = 1.0 / draws
    missing = (stack[0] == 0).sum(axis=1) - 1  # Harker's diagonal, as in priorities()
    stack[:, np.arange(n), np.arange(n)] = 1.0 + missing
    lambda_max = np.linalg.eigvals(stack).real.max(axis=1)
    return float(np.maximum(0.0, (lambda_max - n) / (n - 1)).mean())


def pairwise_weights(keys: Sequence[str], comparisons: Sequence[Comparison]) -> PairwiseWeights:
    """Weights for ``keys`` from a member's comparisons, and how consistent they were."""
    keys = list(keys)
    matrix = comparison_matrix(keys, comparisons)
    vector, lambda_max = priorities(matrix)
    index, ratio = consistency(lambda_max, len(keys), _answered_pairs(matrix))
    weights = dict(zip(keys, vector.tolist(), strict=True))
    if ratio <= CONSISTENT_ENOUGH:
        return PairwiseWeights(weights, lambda_max, index, ratio)
    misfits = [(_misfit(keys, comparisons, i), i) for i in reversed(range(len(comparisons)))]
    (_, implied), worst = max(misfits, key=lambda m: round(m[0][0], 9))
    return PairwiseWeights(weights, lambda_max, index, ratio, comparisons[worst], implied)


def _answered_pairs(matrix: np.ndarray) -> tuple[tuple[int, int], ...]:
    rows, cols = np.nonzero(np.triu(matrix, k=1))
    return tuple(zip(rows.tolist(), cols.tolist(), strict=True))


def _misfit(keys: list[str], comparisons: Sequence[Comparison], i: int) -> tuple[float, float]:
    """How far answer ``i`` is from what the other answers imply (a factor, as a log), and
    what they imply; 0 for an answer nothing else checks. Around a single cycle every answer
    is equally far out, and the later one (the check) is named."""
    answer = comparisons[i]
    others = [c for j, c in enumerate(comparisons) if j != i]
    try:
        matrix = comparison_matrix(keys, others)
    except WeightAnswerError:
        return 0.0, float(answer.strength)
    vector, _ = priorities(matrix)
    weights = dict(zip(keys, vector.tolist(), strict=True))
    implied = weights[answer.more] / weights[answer.less]
    return abs(math.log(answer.strength / implied)), implied
