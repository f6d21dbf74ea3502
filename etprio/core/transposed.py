"""A large table turned on its side, for the sampling code that reads one layout and writes
the other.

``np.ascontiguousarray(table.T)`` copies element by element along the source's rows, so it
writes the destination across the grain: on a table of 2,500 × 10,000 rank positions it
took 0.9 s, most of a block's funding walk set-up. Copying a band of rows at a time keeps
both sides in cache and takes about a seventh of that. A square table (the rank counts,
800 MB at 20,000 bids) is turned where it lies, so no second copy is ever held.
"""

from __future__ import annotations

import numpy as np

_ROWS_AT_ONCE = 256


def transposed(table: np.ndarray) -> np.ndarray:
    """A C-ordered copy of ``table.T`` for a 2-D ``table``.

    >>> transposed(np.arange(6).reshape(2, 3)).tolist()
    [[0, 3], [1, 4], [2, 5]]
    """
    out = np.empty(table.shape[::-1], dtype=table.dtype)
    for start in range(0, len(table), _ROWS_AT_ONCE):
        out[:, start : start + _ROWS_AT_ONCE] = table[start : start + _ROWS_AT_ONCE].T
    return out


def transpose_in_place(square: np.ndarray) -> np.ndarray:
    """Turn a C-ordered square ``square`` on its side where it lies, a pair of bands at a
    time, and return it.

    >>> transpose_in_place(np.arange(4).reshape(2, 2)).tolist()
    [[0, 2], [1, 3]]
    """
    n = len(square)
    for start in range(0, n, _ROWS_AT_ONCE):
        stop = start + _ROWS_AT_ONCE
        diagonal = square[start:stop, start:stop]
        diagonal[...] = diagonal.T.copy()
        for other in range(stop, n, _ROWS_AT_ONCE):
            upper = square[start:stop, other : other + _ROWS_AT_ONCE]
            lower = square[other : other + _ROWS_AT_ONCE, start:stop]
            kept = upper.copy()
            upper[...] = lower.T
            lower[...] = kept.T
    return square
