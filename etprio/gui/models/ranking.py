"""The ranking as a table: one row per bid, row 0 = rank 1 (CONTRACT §4).

Row ``r`` always shows the bid ranked ``r + 1``, so a reweight changes what rows show,
not which rows exist: the model emits ``dataChanged`` over the rows whose bid changed and
over the score columns of the rest. A ``layoutChanged`` would make the proxy rebuild its
mapping and the view repaint its headers and scroll bars on every slider tick, and a
reset would lose the scroll position; the ranking panel puts the selection back on the
current bid instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import IntEnum
from typing import Any, ClassVar

import numpy as np
from PySide6.QtCore import (
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import format_gbp, format_gbp_short
from etprio.gui import style
from etprio.gui.models import Role
from etprio.gui.models.rank_ordered import RankOrderedModel


class Column(IntEnum):
    RANK = 0
    MOVE = 1
    BID = 2
    TITLE = 3
    PRACTICE = 4
    TYPE = 5
    SCORE = 6
    COHORT = 7
    GRANT = 8
    RECURRENT = 9
    FUNDED = 10
    FLAGS = 11
    NOTES = 12


Cell = tuple[str, Qt.AlignmentFlag, QBrush | None, QBrush | None]
"""A painted cell: its text, alignment, text colour and background."""

HEADERS: dict[Column, str] = {
    Column.RANK: "Rank",
    Column.MOVE: "Move",
    Column.BID: "Bid",
    Column.TITLE: "Title",
    Column.PRACTICE: "Practice",
    Column.TYPE: "Type",
    Column.SCORE: "Score",
    Column.COHORT: "Cohort",
    Column.GRANT: "Grant £",
    Column.RECURRENT: "Recurrent £/yr",
    Column.FUNDED: "Funded",
    Column.FLAGS: "Flags",
    Column.NOTES: "Notes",
}

HEADER_TIPS: dict[Column, str] = {
    Column.MOVE: "Places moved since the baseline scenario (▲ up, ▼ down)",
    Column.SCORE: "Weighted score out of 100 (CONTRACT §2.3)",
    Column.COHORT: "1: complete by 31 March 2017 · 2: by 31 March 2019 · 3: unlikely",
    Column.GRANT: "Capital grant requested from the fund",
    Column.RECURRENT: "New recurrent revenue cost to the CCG each year",
    Column.FUNDED: "Funded in rank order within the budgets on the Funding tab",
    Column.NOTES: "Confidential: hidden in meeting mode and in the public PDF",
}

COMPACT_HEADERS = {Column.MOVE: "▲▼", Column.GRANT: "Grant", Column.RECURRENT: "£/yr"}
CONFIDENTIAL_COLUMNS: tuple[Column, ...] = (Column.NOTES,)
_NUMERIC = {Column.RANK, Column.MOVE, Column.SCORE, Column.COHORT, Column.GRANT, Column.RECURRENT}


def movement_text(places: int) -> str:
    if places > 0:
        return f"▲{places}"
    if places < 0:
        return f"▼{-places}"
    return "–"


class RankingModel(RankOrderedModel):
    """Rows in rank order over one :class:`Scores`; bid facts are formatted once per data
    set, so a repaint after a slider tick only formats the scores."""

    column_type = Column
    headers = HEADERS
    header_tips = HEADER_TIPS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._movement = np.zeros(0, dtype=np.int64)
        self._funded: frozenset[str] | None = None
        self._line_after = -1
        self._static: list[tuple[Any, ...]] = []
        self._filter_keys: list[str] = []
        self._bid_ids: list[str] = []
        self._index_of: dict[str, int] = {}
        self._eligible: list[bool] = []
        self._flags: list[tuple[str, ...]] = []
        self._neutral = np.zeros((0, 0), dtype=bool)
        self._counting = np.zeros(0, dtype=bool)
        self._labels: tuple[str, ...] = ()
        self._badges: list[str] = []
        self._money: Callable[[float], str] = format_gbp
        self._compact = False

    # --- feeding the model -------------------------------------------------------------

    def set_scores(self, scores: Scores, baseline_rank: np.ndarray) -> None:
        """Show ``scores``: a reset for new bids, else a data change."""
        self._counting = scores.weights > 0
        if self._scores is None or scores.matrix is not self._scores.matrix:
            self.beginResetModel()
            self._scores = scores
            self._prepare(scores)
            self._order = scores.order.tolist()
            self._movement = baseline_rank - scores.rank
            self._line_after = self._funding_line_row()
            self.endResetModel()
            return
        counting_before = self._scores.weights > 0
        moved = np.flatnonzero(scores.order != self._scores.order)
        self._order = scores.order.tolist()
        self._scores = scores
        self._movement = baseline_rank - scores.rank
        self._line_after = self._funding_line_row()
        if len(moved):
            first, last = int(moved[0]), int(moved[-1])
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))
        # Only the movement and the score follow every weight; the flags name neutral
        # criteria that count, so they change only when a weight reaches or leaves zero.
        flags = not np.array_equal(counting_before, self._counting)
        self._emit_rescored(Column.MOVE, Column.FLAGS if flags else Column.SCORE)

    def set_badges(self, badges: Mapping[str, str]) -> None:
        """Governance badges (``⚠ 1 conflicted · not quorate``) for the Flags column."""
        new = [badges.get(bid_id, "") for bid_id in self._bid_ids]
        if new != self._badges:
            self._badges = new
            self._emit_rescored(Column.FLAGS, Column.FLAGS)

    def set_compact(self, compact: bool) -> None:
        """Meeting mode shows £1.98m rather than £1,980,000, shorter headings (``▲▼`` for
        the places moved) and flags in a few words (``Neutral ×2``; the tooltip names the
        criteria), leaving the titles room on a projector."""
        self._compact = compact
        self._money = format_gbp_short if compact else format_gbp
        self.headers = HEADERS | COMPACT_HEADERS if compact else HEADERS
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Column) - 1)
        self._emit_rescored()

    def set_baseline(self, baseline_rank: np.ndarray) -> None:
        if self._scores is not None:
            self._movement = baseline_rank - self._scores.rank
            self._emit_rescored()

    def set_funded(self, funded: frozenset[str] | None) -> None:
        """Fill the Funded column and place the funding line (FundingPanel's answer)."""
        self._funded = funded
        self._line_after = self._funding_line_row()
        self._emit_rescored(Column.RANK, Column.NOTES)  # the funded tint spans the row

    @property
    def funding_line_row(self) -> int:
        """Row under which the funding line runs; −1 when there is none."""
        return self._line_after

    def row_of(self, bid_id: str) -> int | None:
        """The row showing ``bid_id``: rank − 1."""
        if self._scores is None:
            return None
        index = self._index_of.get(bid_id)
        return None if index is None else int(self._scores.rank[index]) - 1

    def bid_index(self, row: int) -> int:
        return self._order[row]

    def _emit_rescored(self, first: Column = Column.MOVE, last: Column = Column.FLAGS) -> None:
        """Every row's cells from ``first`` to ``last`` changed: the narrowest signal that
        still covers them (the view repaints only what is on screen either way)."""
        if self._order:
            bottom = len(self._order) - 1
            self.dataChanged.emit(self.index(0, int(first)), self.index(bottom, int(last)))

    def _funding_line_row(self) -> int:
        """Last row of the unbroken funded run from rank 1: where the money runs out.

        Bids further down may still be funded (they fit what is left); they are tinted
        but sit below the line, as a committee paper would show them.
        """
        if not self._funded or self._scores is None:
            return -1
        row = -1
        for position, index in enumerate(self._order):
            if self._bid_ids[index] not in self._funded:
                break
            row = position
        return row

    def _prepare(self, scores: Scores) -> None:
        """Everything about a bid that no weight change can alter, formatted once."""
        matrix = scores.matrix
        self._bid_ids = [b.bid_id for b in matrix.bids]
        self._index_of = {bid_id: i for i, bid_id in enumerate(self._bid_ids)}
        self._eligible = matrix.eligible.tolist()
        self._flags = [matrix.flags(i) for i in range(len(matrix.bids))]
        self._neutral = matrix.neutral
        self._labels = tuple(c.label for c in matrix.criteria.criteria)
        self._badges = [""] * len(matrix.bids)
        self._static = []
        self._filter_keys = []
        for i, bid in enumerate(matrix.bids):
            cohort = int(matrix.cohort[i])
            self._static.append(
                (
                    bid.bid_id,
                    bid.title,
                    bid.practice_code,
                    bid.scheme_type.value.capitalize(),
                    cohort,
                    bid.grant_gbp,
                    bid.recurrent_revenue_gbp,
                    _short_flags(bid.depends_on, bool(matrix.eligible[i])),
                    bid.notes,
                )
            )
            self._filter_keys.append(
                f"{bid.scheme_type.value}\t{cohort}\t"
                f"{bid.bid_id} {bid.title} {bid.practice_code} {bid.premises_id or ''}"
            )

    def _display(self, row: int, bid: int, column: Column) -> Any:
        match column:
            case Column.RANK:
                return str(row + 1)
            case Column.MOVE:
                return movement_text(int(self._movement[bid]))
            case Column.SCORE:
                return f"{self._scores.score[bid]:.1f}"  # type: ignore[union-attr]
            case Column.GRANT | Column.RECURRENT:
                return self._money(self._raw(row, bid, column))
            case Column.FUNDED:
                return self._funded_text(bid)
            case Column.NOTES:
                return self._static[bid][8].replace("\n", " ")
            case Column.TITLE if self._compact:
                return f"{self._static[bid][0]} {self._static[bid][1]}"
            case Column.COHORT:
                return str(self._static[bid][4])
            case Column.FLAGS:
                return self._flags_text(bid)
        return self._raw(row, bid, column)

    def _raw(self, row: int, bid: int, column: Column) -> Any:
        static = self._static[bid]
        match column:
            case Column.RANK:
                return row + 1
            case Column.MOVE:
                return int(self._movement[bid])
            case Column.SCORE:
                return float(self._scores.score[bid])  # type: ignore[union-attr]
            case Column.FUNDED:
                return None if self._funded is None else self._bid_ids[bid] in self._funded
            case Column.FLAGS:
                return self._flags[bid]
        return static[_STATIC_POSITION[column]]

    def _sort(self, row: int, bid: int, column: Column) -> Any:
        if column == Column.FUNDED:
            return -1 if self._funded is None else int(self._bid_ids[bid] in self._funded)
        if column == Column.FLAGS:
            return self._flags_text(bid)
        return self._raw(row, bid, column)

    def _flags_text(self, bid: int) -> str:
        """Ineligible, dependencies, and the criteria that count (weight above zero) for
        which this bid has the neutral value; neutral zero-weight criteria change nothing.
        Meeting mode puts each flag on a line of its own, so none is cut mid-word."""
        mask = self._neutral[bid] & self._counting
        neutral = [label for label, flag in zip(self._labels, mask, strict=True) if flag]
        if self._compact and neutral:
            named = f"Neutral ×{len(neutral)}"
        else:
            named = f"Neutral: {', '.join(neutral)}" if neutral else ""
        words = [self._badges[bid], self._static[bid][7], named]
        text = " · ".join(w for w in words if w)
        return text.replace(" · ", "\n") if self._compact else text

    def _funded_text(self, bid: int) -> str:
        """Funded or Not funded under the project's budgets, – without them (CONTRACT §4);
        why an ineligible bid is not funded is the Flags column's to say."""
        if self._funded is None:
            return "–"
        return "Funded" if self._bid_ids[bid] in self._funded else "Not funded"

    def _tooltip(self, row: int, bid: int, column: Column) -> str | None:
        match column:
            case Column.TITLE | Column.NOTES:
                text = self._static[bid][_STATIC_POSITION[column]]
                return text or None
            case Column.FLAGS:
                return "\n".join(filter(None, (self._badges[bid], *self._flags[bid]))) or None
            case Column.MOVE:
                places = int(self._movement[bid])
                if places == 0:
                    return "Same place as in the baseline scenario"
                direction = "Up" if places > 0 else "Down"
                return f"{direction} {abs(places)} place(s) since the baseline scenario"
        return None

    def _foreground(self, row: int, bid: int, column: Column) -> QBrush | None:
        if column == Column.MOVE:
            places = int(self._movement[bid])
            if places:
                return _BRUSHES["up" if places > 0 else "down"]
        if not self._eligible[bid]:
            return _BRUSHES["ineligible"]
        return None

    def _background(self, row: int, bid: int, column: Column) -> QBrush | None:
        if self._funded and self._bid_ids[bid] in self._funded:
            return _BRUSHES["funded"]
        return None

    def _alignment(self, row: int, bid: int, column: Column) -> int:
        return _ALIGNMENT[column]

    def _bid_id(self, row: int, bid: int, column: Column) -> str:
        return self._bid_ids[bid]

    def _bid_index(self, row: int, bid: int, column: Column) -> int:
        return bid

    def _funding_line(self, row: int, bid: int, column: Column) -> bool:
        return row == self._line_after

    def _filter_key(self, row: int, bid: int, column: Column) -> str:
        return self._filter_keys[bid]

    def cell(self, row: int, column: int) -> Cell:
        """Everything a painted cell needs in one call: the view asks for seven roles
        per cell otherwise, and each call crosses from C++ into Python."""
        return self._cell(row, self._order[row], _COLUMNS[column])

    def _cell(self, row: int, bid: int, column: Column) -> Cell:
        text = self._display(row, bid, column)
        return (
            "" if text is None else str(text),
            _ALIGNMENT_FLAGS[column],
            self._foreground(row, bid, column),
            self._background(row, bid, column),
        )

    _ROLE_HANDLERS: ClassVar[dict[int, Callable[[RankingModel, int, int, Column], Any]]] = {
        Qt.ItemDataRole.DisplayRole: _display,
        Qt.ItemDataRole.ToolTipRole: _tooltip,
        Qt.ItemDataRole.ForegroundRole: _foreground,
        Qt.ItemDataRole.BackgroundRole: _background,
        Qt.ItemDataRole.TextAlignmentRole: _alignment,
        Role.BID_ID: _bid_id,
        Role.SORT: _sort,
        Role.RAW: _raw,
        Role.BID_INDEX: _bid_index,
        Role.FUNDING_LINE: _funding_line,
        Role.FILTER_KEY: _filter_key,
    }


_COLUMNS = tuple(Column)

_STATIC_POSITION = {
    Column.BID: 0,
    Column.TITLE: 1,
    Column.PRACTICE: 2,
    Column.TYPE: 3,
    Column.COHORT: 4,
    Column.GRANT: 5,
    Column.RECURRENT: 6,
    Column.NOTES: 8,
}

_ALIGNMENT = tuple(
    int(
        (Qt.AlignmentFlag.AlignRight if column in _NUMERIC else Qt.AlignmentFlag.AlignLeft)
        | Qt.AlignmentFlag.AlignVCenter
    )
    for column in Column
)

_ALIGNMENT_FLAGS = tuple(Qt.AlignmentFlag(alignment) for alignment in _ALIGNMENT)

_BRUSHES = {
    "up": QBrush(QColor(style.MOVED_UP)),
    "down": QBrush(QColor(style.MOVED_DOWN)),
    "ineligible": QBrush(QColor(style.INELIGIBLE_TEXT)),
    "funded": QBrush(QColor(style.FUNDED_TINT)),
}


def _short_flags(depends_on: tuple[str, ...], eligible: bool) -> str:
    """The weight-independent words of the Flags cell; the tooltip has full sentences."""
    words = [] if eligible else ["Ineligible"]
    if depends_on:
        words.append(f"Needs {', '.join(depends_on)}")
    return " · ".join(words)
