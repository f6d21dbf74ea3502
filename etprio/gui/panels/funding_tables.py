"""The Funding tab's tables: each selection's bids under its line of totals, and the
figures by financial year beside the charts. Read-only and alike, so the two selections
can be compared row for row and a screen reader names each one."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QGroupBox, QLabel, QTableView, QVBoxLayout

from etprio.core.funding.limits import FundingLimits
from etprio.core.funding.selection import Selection
from etprio.core.wording import format_gbp
from etprio.gui.models.capital_by_year import CapitalByYearModel
from etprio.gui.models.funding import LiabilityModel, SelectionModel
from etprio.gui.panels.page_layout import TableFit


def selection_summary(selection: Selection, limits: FundingLimits) -> str:
    """One line of totals under a selection's table; a limit not set is not quoted."""
    count = len(selection.funded)
    capital, recurrent = limits.capital_envelope, limits.recurrent_headroom
    of_capital = "" if capital is None else f" of {format_gbp(capital)}"
    of_recurrent = "" if recurrent is None else f" of {format_gbp(recurrent)}"
    return (
        f"{count} bid{'s' if count != 1 else ''} funded · {selection.total_score:,.1f} points · "
        f"{format_gbp(selection.grant_total)}{of_capital} grant · "
        f"{format_gbp(selection.recurrent_total)}{of_recurrent} a year"
        + (f" · {selection.optimality}" if selection.optimality else "")
    )


def selection_box(
    title: str, name: str, model: SelectionModel, tip: str
) -> tuple[QTableView, QLabel, QGroupBox]:
    """A selection's table with its line of totals above it; the box's title is also the
    table's accessible name, so a screen reader tells the two selections apart."""
    box = QGroupBox(title)
    box.setToolTip(tip)
    layout = QVBoxLayout(box)
    summary = QLabel()
    summary.setObjectName(f"{name}Summary")
    summary.setWordWrap(True)
    table = funding_table(name, model)
    table.setAccessibleName(title)
    table.horizontalHeader().setStretchLastSection(True)  # the status, in words
    TableFit(table, rows=6, whole_width=True)
    layout.addWidget(summary)
    layout.addWidget(table, 1)
    return table, summary, box


def funding_table(
    name: str, model: SelectionModel | LiabilityModel | CapitalByYearModel
) -> QTableView:
    """Read-only, a row at a time: every figure is worked out from the scores and budgets,
    never typed, and each row is one bid or one year."""
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.verticalHeader().hide()
    return table
