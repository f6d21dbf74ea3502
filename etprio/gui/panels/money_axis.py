"""The £ axis every money chart in the app shares (the Funding tab's and the Region
window's), so a chart on screen labels amounts as the PDF and the projector table do
(:func:`~etprio.core.wording.format_gbp_short`), and no chart drifts to a spelling of its
own."""

from __future__ import annotations

import pyqtgraph as pg

from etprio.core.wording import format_gbp_short


class MoneyAxis(pg.AxisItem):
    """Axis ticks as £250k / £1.2m, the way finance papers label them."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [format_gbp_short(v) for v in values]
