"""One colour per criterion, shared by the app's charts and the submission PDF, so a
committee member sees access in the same colour on the projector and on paper.

The colours follow Okabe and Ito's palette, which stays distinguishable for the common
kinds of colour blindness; a committee of twelve has, on average, one member who cannot
tell red from green. A criterion's colour is fixed by its place in the criteria set, never
by which criteria happen to carry weight, so it does not change when a weight goes to zero.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#999999",  # grey, in place of black, which would swamp a stacked bar
)

_TINT_STEP = 0.35


def colour_at(position: int) -> str:
    """The colour (``#RRGGBB``) of the criterion at ``position`` in the criteria set.

    The eight palette colours come first; beyond them the same hues return as lighter
    tints, so a larger criteria set still gets distinct colours.

    >>> colour_at(0), colour_at(8)
    ('#E69F00', '#ECB842')
    """
    base = OKABE_ITO[position % len(OKABE_ITO)]
    tint = _TINT_STEP * (position // len(OKABE_ITO))
    if tint == 0:
        return base
    share = tint / (1 + tint)
    channels = (int(base[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * share):02X}" for c in channels)


def criterion_colours(keys: Sequence[str]) -> Mapping[str, str]:
    """Each criterion key of a criteria set (in its order) with its colour."""
    return {key: colour_at(position) for position, key in enumerate(keys)}
