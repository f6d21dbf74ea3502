"""Qt table models over core objects (STYLE "Qt models are thin adapters").

Models format text only for DisplayRole and hand raw values back through the named roles
below, so sorting, copying and tests never parse formatted text.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    """Custom item data roles shared by every etprio model."""

    BID_ID = Qt.ItemDataRole.UserRole  # CONTRACT §4: column 0 of rankingTable gives bid_id
    SORT = Qt.ItemDataRole.UserRole + 1  # a value QSortFilterProxyModel can compare
    RAW = Qt.ItemDataRole.UserRole + 2  # the unformatted value (float, bool, Problem, …)
    BID_INDEX = Qt.ItemDataRole.UserRole + 3  # row of the bid in the value matrix
    FUNDING_LINE = Qt.ItemDataRole.UserRole + 4  # the funding line runs under this row
    FILTER_KEY = Qt.ItemDataRole.UserRole + 5  # text the filter bar's pattern matches
