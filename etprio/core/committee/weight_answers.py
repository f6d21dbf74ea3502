"""One member's answers to the weighting questions, as the project keeps them (DESIGN
"Governance": what a committee must be able to show afterwards).

The answers are kept, not only the weights they give, so a member can see and change what
they said, and the minutes can show it; the weights are worked out from them whenever they
are needed. ``source`` says where the answers came from (typed in the app, or the workbook
a member filled in offline, with its SHA-256).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from etprio.core.committee.pairwise_weights import Comparison, PairwiseWeights, pairwise_weights
from etprio.core.committee.swing_weights import WeightAnswerError, swing_weights


class WeightMethod(StrEnum):
    SWING = "swing"
    PAIRWISE = "pairwise"

    @property
    def label(self) -> str:
        return "swing weighting" if self is WeightMethod.SWING else "pairwise comparisons"


@dataclass(frozen=True)
class WeightAnswers:
    """A member's swing points (criterion → 0–100) or pairwise comparisons."""

    member_id: str
    method: WeightMethod
    swing: Mapping[str, float] = MappingProxyType({})
    comparisons: tuple[Comparison, ...] = ()
    answered_at: str = ""
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "method", WeightMethod(self.method))
        points = {k: float(v) for k, v in self.swing.items()}
        object.__setattr__(self, "swing", MappingProxyType(points))
        object.__setattr__(self, "comparisons", tuple(self.comparisons))
        if self.method is WeightMethod.SWING and self.comparisons:
            raise WeightAnswerError("swing answers carry no pairwise comparisons")
        if self.method is WeightMethod.PAIRWISE and self.swing:
            raise WeightAnswerError("pairwise answers carry no swing points")

    def weights(self, keys: Sequence[str]) -> dict[str, float]:
        """The member's weights over ``keys``, summing to 1."""
        if self.method is WeightMethod.SWING:
            return swing_weights(self.swing, keys)
        return self.pairwise(keys).weights

    def pairwise(self, keys: Sequence[str]) -> PairwiseWeights:
        if self.method is not WeightMethod.PAIRWISE:
            raise WeightAnswerError("these are swing answers, not pairwise comparisons")
        return pairwise_weights(keys, self.comparisons)

    def answers_json(self) -> Any:
        """The answers as stored and minuted."""
        if self.method is WeightMethod.SWING:
            return dict(self.swing)
        return [[c.more, c.less, c.strength] for c in self.comparisons]

    @classmethod
    def from_json(
        cls, member_id: str, method: str, answers: Any, answered_at: str, source: str
    ) -> WeightAnswers:
        if WeightMethod(method) is WeightMethod.SWING:
            return cls(member_id, WeightMethod.SWING, dict(answers), (), answered_at, source)
        comparisons = tuple(
            Comparison(str(more), str(less), int(strength)) for more, less, strength in answers
        )
        return cls(member_id, WeightMethod.PAIRWISE, {}, comparisons, answered_at, source)
