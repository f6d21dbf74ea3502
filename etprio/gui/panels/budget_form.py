"""The Funding tab's budgets as a user types them: £ amounts in any spelling CONTRACT §1
allows, allocations by financial year as ``YEAR=£`` (CONTRACT §7), and what the typing
means as :class:`~etprio.core.funding.limits.FundingLimits`. Kept apart from the panel so
the panel only decides what a change of budgets redraws.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from etprio.core.funding.limits import FundingError, FundingLimits, parse_capital_by_year
from etprio.core.project.settings import FundingSettings
from etprio.core.tables.cells import CellError, money
from etprio.core.wording import format_gbp
from etprio.gui.panels.page_layout import ReflowRow

_MAX_MONEY = 1e10


class MoneySpinBox(QDoubleSpinBox):
    """A £ amount typed in any spelling CONTRACT §1 allows (``£2.5m``, ``250k``,
    ``1,250,000``) and shown as ``£2,500,000``; arrows step by ``step``."""

    def __init__(self, step: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDecimals(2)
        self.setRange(0.0, _MAX_MONEY)
        self.setSpecialValueText("not set")
        self.setSingleStep(step)
        self.setKeyboardTracking(False)
        self.setAccelerated(True)
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        try:
            value = money(text.strip())
        except CellError:
            return QValidator.State.Intermediate, text, pos
        inside = self.minimum() <= value <= self.maximum()
        return (QValidator.State.Acceptable if inside else QValidator.State.Intermediate), text, pos

    def minimumSizeHint(self) -> QSize:
        """Room for £999,999,999 rather than the largest amount allowed, so three budgets
        fit a narrow screen; a longer amount still shows when the box is wider."""
        hint = super().minimumSizeHint()
        text = self.fontMetrics().horizontalAdvance(format_gbp(999_999_999))
        return QSize(min(hint.width(), text + 48), hint.height())

    def valueFromText(self, text: str) -> float:
        return money(text.strip())

    def textFromValue(self, value: float) -> str:
        return format_gbp(value)


def allocations_text(years: Mapping[str, float] | None) -> str:
    """Allocations as the input shows them, in the spelling it reads back.

    >>> allocations_text({"2017/18": 26_100_000.0, "2018/19": 26_200_000.5})
    '2017/18=£26,100,000, 2018/19=£26,200,000.50'
    """
    return ", ".join(f"{year}={format_gbp(amount)}" for year, amount in (years or {}).items())


class BudgetForm(QGroupBox):
    """The capital envelope, recurrent headroom, horizon, allocations by year and
    carry-forward, in one row that reflows on a narrow screen.

    Signals
    -------
    edited():
        The user changed an input; :meth:`typed_limits` says what it now means.
    """

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Budgets", parent)
        groups: list[tuple[QWidget, ...]] = []
        self.capital_input = MoneySpinBox(step=50_000)
        self.capital_input.setObjectName("fundingCapital")
        self.capital_input.setAccessibleName("Capital envelope, pounds of grant")
        self.capital_input.setToolTip("Grant available, e.g. £4.5m, £250k or 4,500,000")
        self.recurrent_input = MoneySpinBox(step=5_000)
        self.recurrent_input.setObjectName("fundingRecurrent")
        self.recurrent_input.setAccessibleName("Recurrent headroom, pounds a year")
        self.recurrent_input.setToolTip("New recurrent revenue the budget can carry each year")
        self.horizon_input = QSpinBox()
        self.horizon_input.setObjectName("fundingHorizon")
        self.horizon_input.setAccessibleName("Horizon in financial years")
        self.horizon_input.setRange(1, 100)
        self.horizon_input.setSuffix(" years")
        self.horizon_input.setToolTip(
            "Financial years shown, from the one with the assessment date"
        )
        self.allocations_input = QLineEdit()
        self.allocations_input.setObjectName("fundingAllocations")
        self.allocations_input.setAccessibleName("Capital allocation by financial year")
        self.allocations_input.setPlaceholderText("e.g. 2017/18=£26.1m, 2018/19=£26.2m")
        self.allocations_input.setToolTip(
            "The fund's allocation per financial year (April to March), as YEAR=£ separated "
            "by commas; a year not named has no allocation while any is named. With "
            "allocations, the capital envelope and the recurrent headroom may be left unset."
        )
        self.allocations_input.setMinimumWidth(
            self.allocations_input.fontMetrics().horizontalAdvance("2017/18=£26.1m, 2018/19=£26.2m")
            + 16
        )
        self.carry_forward_input = QCheckBox("Carr&y forward unspent allocation")
        self.carry_forward_input.setObjectName("fundingCarryForward")
        self.carry_forward_input.setToolTip(
            "Pass a year's unspent allocation on to the next year: each year's limit is then "
            "the allocation up to that year less the grant drawn before it"
        )
        for text, field in (  # mnemonics the main window's menus and tabs leave free
            ("Cap&ital envelope", self.capital_input),
            ("Recurrent hea&droom a year", self.recurrent_input),
            ("Hori&zon", self.horizon_input),
            ("All&ocations by year", self.allocations_input),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            groups.append((label, field))
        groups.append((self.carry_forward_input,))
        QVBoxLayout(self).addWidget(ReflowRow(groups))
        for field in (self.capital_input, self.recurrent_input):
            field.valueChanged.connect(self._changed)
        self.horizon_input.valueChanged.connect(self._changed)
        self.allocations_input.editingFinished.connect(self._changed)
        self.carry_forward_input.toggled.connect(self._changed)

    def show_limits(self, limits: FundingLimits | None) -> None:
        """Budgets not set show as "not set" (the spin boxes' minimum), never a default."""
        shown = (
            (0.0, 0.0, FundingSettings().horizon_years)
            if limits is None
            else (limits.capital_envelope, limits.recurrent_headroom, limits.horizon_years)
        )
        capital, recurrent, horizon = shown
        with (
            QSignalBlocker(self.capital_input),
            QSignalBlocker(self.recurrent_input),
            QSignalBlocker(self.horizon_input),
        ):
            self.capital_input.setValue(capital or 0.0)
            self.recurrent_input.setValue(recurrent or 0.0)
            self.horizon_input.setValue(horizon)
        years = limits.capital_by_year if limits is not None else None
        self.allocations_input.setText(allocations_text(years))
        self.allocations_input.setCursorPosition(0)  # the first year in view, not the last
        with QSignalBlocker(self.carry_forward_input):
            self.carry_forward_input.setChecked(bool(limits and limits.carry_forward))

    def typed_limits(self, previous: FundingLimits | None) -> FundingLimits:
        """The budgets as typed; the cohort limits and rent uplift, which have no input
        here, stay as in ``previous``.

        Raises
        ------
        FundingError
            The inputs cannot make a funding line; the message says what to type.
        """
        capital = self.capital_input.value() or None
        recurrent = self.recurrent_input.value() or None
        typed = self.allocations_input.text().strip()
        try:
            years = dict(parse_capital_by_year(typed)) if typed else {}
        except FundingError as exc:
            raise FundingError(f"Allocations by year: {exc}") from exc
        if not years and (capital is None or recurrent is None):
            raise FundingError(
                "Give both the capital envelope and the recurrent headroom, or allocations by "
                "financial year, to draw the funding line."
            )
        return FundingLimits(
            capital_envelope=capital,
            recurrent_headroom=recurrent,
            horizon_years=self.horizon_input.value(),
            cohort_capital_limits=previous.cohort_capital_limits if previous else None,
            rent_uplift_pct=previous.rent_uplift_pct if previous else 0.0,
            capital_by_year=years or None,
            carry_forward=self.carry_forward_input.isChecked(),
        )

    def _changed(self) -> None:
        self.edited.emit()
