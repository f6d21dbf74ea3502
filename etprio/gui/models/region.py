"""Table models of the regional pipeline (CONTRACT §8): its schemes in regional order and
each CCG's totals, read-only views of a core :class:`~etprio.core.region.plan.RegionalPlan`."""

from __future__ import annotations

from etprio.core.region.plan import CcgTotals, RegionalBid
from etprio.core.wording import format_gbp
from etprio.gui.models.row_table import ColumnSpec, RowTableModel, yes_no

_FUNDED_TIP = "Supported when the pipeline is funded in regional order"


class RegionalBidsModel(RowTableModel):
    """One row per scheme in regional order; the reason is the rank-order selection's."""

    columns = (
        ColumnSpec("Regional", lambda b: b.regional_rank, header_tip="Rank in the region"),
        ColumnSpec("Scheme", lambda b: b.regional_id, header_tip="CCG code and its own bid id"),
        ColumnSpec("Local", lambda b: b.local_rank, header_tip="Rank in its CCG's own order"),
        ColumnSpec("Title", lambda b: b.title, tooltip=lambda b: b.title),
        ColumnSpec("Score", lambda b: b.score, lambda s: f"{s:.1f}"),
        ColumnSpec("Grant", lambda b: b.grant, format_gbp),
        ColumnSpec("Regional order", lambda b: b.funded, yes_no, header_tip=_FUNDED_TIP),
        ColumnSpec("Best value", lambda b: b.best_value, yes_no),
        ColumnSpec(
            "Drawn in",
            lambda b: ", ".join(b.grant_by_year),
            tooltip=lambda b: "; ".join(
                f"{y}: {format_gbp(v)}" for y, v in b.grant_by_year.items()
            ),
        ),
        ColumnSpec("Why not", lambda b: b.reason or "", tooltip=lambda b: b.reason),
    )

    def bid(self, row: int) -> RegionalBid:
        return self.rows[row]


class CcgTotalsModel(RowTableModel):
    """One row per CCG: what it asks for, what each selection gives it, and whether the
    regional score would overturn its own order."""

    columns = (
        ColumnSpec("Code", lambda c: c.code),
        ColumnSpec("CCG", lambda c: c.name, tooltip=lambda c: str(c.path)),
        ColumnSpec("Schemes", lambda c: c.bids),
        ColumnSpec("Requested", lambda c: c.grant_requested, format_gbp),
        ColumnSpec("Regional order", lambda c: c.grant_funded, format_gbp),
        ColumnSpec("Best value", lambda c: c.grant_best_value, format_gbp),
        ColumnSpec(
            "Score order",
            lambda c: c.overturned,
            lambda o: "stands" if o is None else f"{o[0]} above {o[1]}",
            header_tip="What one regional criteria set would do to the CCG's own order",
        ),
    )

    def ccg(self, row: int) -> CcgTotals:
        return self.rows[row]
