"""Plain-language findings from the sensitivity numbers (CONTRACT §4 ``findings``), the
sentences a chair reads out and the submission PDF prints: "EV03 stays above the funding
line unless the weight of Training capacity rises above 27% (now 10%)", "The top five are
the same in 98% of weightings", "EV01 is ranked first in 64% of weightings".

Every number in a sentence comes from the intervals or the SMAA result passed in; nothing
here computes a score. Shares are never rounded into a claim they do not support: 99.7%
is "over 99%", not "100%", and only a share of exactly 1 is "every".
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from etprio.core.scoring.weighted_sum import Scores
from etprio.core.sensitivity.smaa import SmaaResult, describe_sampling
from etprio.core.sensitivity.stability import FUNDED_SET, SetChange, StabilityInterval
from etprio.core.wording import join_words

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
_NOTABLE_FIRST = 0.05  # a bid first in at least this share of weightings is worth naming
_MAX_NAMED = 5


def number_word(n: int) -> str:
    """Small counts in words, as a committee paper writes them.

    >>> number_word(5), number_word(12)
    ('five', '12')
    """
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def percent(share: float) -> str:
    """A share of samples as a whole percentage that never claims all or none wrongly.

    >>> percent(0.9973), percent(0.4), percent(0.001), percent(1.0)
    ('over 99%', '40%', 'under 1%', '100%')
    """
    if 0.99 < share < 1.0:
        return "over 99%"
    if 0.0 < share < 0.01:
        return "under 1%"
    return f"{share:.0%}"


def in_share(share: float) -> str:
    """'in 98% of weightings'; only a share of exactly 1 or 0 is 'every' or 'no'.

    >>> in_share(1.0), in_share(0.9973), in_share(0.0)
    ('in every weighting', 'in over 99% of weightings', 'in no weighting')
    """
    if share >= 1.0:
        return "in every weighting"
    if share <= 0.0:
        return "in no weighting"
    return f"in {percent(share)} of weightings"


def weight_share(value: float, current: float) -> str:
    """A weight share as a percentage, with a decimal where whole percentages would hide
    the gap to the current weight.

    >>> weight_share(0.2734, 0.1), weight_share(0.0936, 0.1), weight_share(0.0, 0.015)
    ('27%', '9.4%', '0%')
    """
    if value == 0.0:
        return "0%"
    close = abs(value - current) < 0.01 or value < 0.095
    return f"{value:.1%}" if close else f"{value:.0%}"


def _verb(ids: Sequence[str], single: str, plural: str) -> str:
    return single if len(ids) == 1 else plural


def _place(n: int) -> str:
    return "ranked first" if n == 1 else f"in the top {number_word(n)}"


def interval_sentence(interval: StabilityInterval, side: int) -> str | None:
    """What happens past one end of an interval (side −1: the weight falls, +1: it rises)."""
    bound, change = (interval.low, interval.below) if side < 0 else (interval.high, interval.above)
    if (side < 0 and bound <= 0.0) or (side > 0 and bound >= 1.0):
        return None
    move = "falls below" if side < 0 else "rises above"
    condition = (
        f"the weight of {interval.label} {move} "
        f"{weight_share(bound, interval.current)} (now {weight_share(interval.current, bound)})"
    )
    funded = interval.scope == FUNDED_SET
    if change is None or not (change.leaving or change.entering):
        what = "funded set" if funded else f"top {number_word(interval.n)}"
        return f"The {what} changes if {condition}."
    return _change_sentence(change, condition, funded, interval.n)


def _change_sentence(change: SetChange, condition: str, funded: bool, n: int) -> str:
    leaving, entering = list(change.leaving), list(change.entering)
    if not leaving:
        return f"{join_words(entering)} would also be funded if {condition}."
    where = "above the funding line" if funded else _place(n)
    sentence = f"{join_words(leaving)} {_verb(leaving, 'stays', 'stay')} {where} unless {condition}"
    if entering:
        if funded:
            sentence += f", when {join_words(entering)} would be funded instead"
        else:
            whose = "its" if len(leaving) == 1 else "their"
            takes = _verb(entering, "takes", "take")
            sentence += f", when {join_words(entering)} {takes} {whose} place"
    return sentence + "."


def stability_findings(intervals: Sequence[StabilityInterval]) -> list[str]:
    """For each weighted criterion, the nearer end at which the set changes, most sensitive
    first; criteria at 0 are summed up by the one that matters soonest; criteria that cannot
    change the set on their own are named together."""
    if not intervals:
        return []
    scope = intervals[0]
    what = "funded set" if scope.scope == FUNDED_SET else f"top {number_word(scope.n)}"
    ranked: list[tuple[float, str]] = []
    steady: list[str] = []
    unused: list[tuple[float, str]] = []
    for interval in intervals:
        if interval.low <= 0.0 and interval.high >= 1.0:
            steady.append(interval.label)
            continue
        sides = [
            (interval.current - interval.low, -1) if interval.low > 0 else (np.inf, -1),
            (interval.high - interval.current, +1) if interval.high < 1 else (np.inf, +1),
        ]
        distance, side = min(sides)
        sentence = interval_sentence(interval, side)
        if sentence is None:
            continue
        (ranked if interval.current > 0 else unused).append((distance, sentence))
    sentences = [s for _, s in sorted(ranked, key=lambda item: item[0])]
    if unused:
        sentences.append(min(unused, key=lambda item: item[0])[1])
    if steady:
        named = join_words(steady, shown=len(steady))
        criteria = (
            f"the weight of {named}" if len(steady) == 1 else f"any one of the weights of {named}"
        )
        sentences.append(f"No change to {criteria} alone changes the {what}.")
    return sentences


def smaa_findings(scores: Scores, result: SmaaResult) -> list[str]:
    """How often the top set, first place and the funding line hold under sampled weights."""
    ids = result.bid_ids
    sampled = describe_sampling(result)
    top = result.top
    subject = "the first-ranked bid is" if top == 1 else f"the top {number_word(top)} are"
    sentences = [
        f"Across {sampled}, {subject} the same {in_share(result.top_same / result.samples)}."
    ]
    first = result.first_rank()
    notable = [i for i in np.argsort(-first, kind="stable") if first[i] >= _NOTABLE_FIRST]
    if notable:
        lead, *others = notable[:3]
        sentence = f"{ids[lead]} is ranked first {in_share(float(first[lead]))}"
        if others:
            sentence += ", " + join_words(
                [f"{ids[i]} in {percent(float(first[i]))}" for i in others]
            )
        sentences.append(sentence + ".")
    funding = result.funding_acceptability()
    if funding is not None and result.funded_same is not None and result.funded_now is not None:
        sentences.append(
            f"The funded set is the same {in_share(result.funded_same / result.samples)}."
        )
        sentences.extend(_funding_findings(scores, funding, result.funded_now))
    return sentences


def _funding_findings(scores: Scores, funding: np.ndarray, funded_now: np.ndarray) -> list[str]:
    """Bids funded in every weighting, then those whose place on either side of the line
    most weightings would reverse."""
    ids = scores.matrix.bid_ids
    order = scores.order.tolist()
    sentences = []
    always = [ids[i] for i in order if funding[i] >= 1.0]
    if always:
        named = always[:_MAX_NAMED]
        more = f" and {len(always) - len(named)} more" if len(always) > len(named) else ""
        verb = "is" if len(always) == 1 else "are"
        sentences.append(f"{join_words(named)}{more} {verb} funded in every weighting.")
    doubtful = []
    for i in order:
        if funded_now[i] and funding[i] < 0.5:
            doubtful.append(f"{ids[i]} is funded now but only {in_share(float(funding[i]))}.")
        elif not funded_now[i] and funding[i] >= 0.5:
            doubtful.append(
                f"{ids[i]} is not funded now but would be {in_share(float(funding[i]))}."
            )
    return sentences + doubtful[:_MAX_NAMED]


def findings(
    scores: Scores,
    intervals: Sequence[StabilityInterval],
    result: SmaaResult | None = None,
) -> tuple[str, ...]:
    """All findings: the SMAA headline first when there is one, then the intervals."""
    if not scores.matrix.bids:
        return ("There are no bids to rank.",)
    sentences = smaa_findings(scores, result) if result is not None else []
    return (*sentences, *stability_findings(intervals))
