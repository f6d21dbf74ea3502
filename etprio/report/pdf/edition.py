"""One printing of the report, full or public, with the facts every section needs computed
once: rank order, the funded set, and what this edition may show.

The public edition is for the CCG's website (DESIGN "Submission PDF"): it leaves out notes,
declarations marked withheld and every column the project lists as confidential
(CONTRACT §5). Every section asks :meth:`Edition.shows` rather than checking ``public`` itself,
so the rule lives in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from etprio import __version__
from etprio.core.criteria import Criterion
from etprio.core.model import Bid, Premises
from etprio.core.scoring import Scores
from etprio.core.values import ValueMatrix
from etprio.report.pdf.content import Declaration, LogEntry, ReportContent

# Columns the report derives from others: hiding any source hides the derived figure.
_DERIVED = {"grant_gbp": ("grant_gbp", "capital_cost_gbp", "grant_pct")}


@dataclass(frozen=True, eq=False)
class Edition:
    content: ReportContent
    public: bool = False

    @property
    def scores(self) -> Scores:
        return self.content.scores

    @property
    def matrix(self) -> ValueMatrix:
        return self.content.scores.matrix

    @property
    def creator(self) -> str:
        return f"etprio {__version__}"

    @property
    def edition_label(self) -> str:
        return "Public edition" if self.public else "Full edition"

    @property
    def marking(self) -> str:
        """The protective marking printed on every page. The public edition is published,
        so it is OFFICIAL whatever the full edition's marking: OFFICIAL-SENSITIVE material
        does not go on a website (Government Security Classifications)."""
        return "OFFICIAL" if self.public else self.content.cover.protective_marking

    @cached_property
    def order(self) -> tuple[int, ...]:
        """Row indices of ``matrix.bids`` in rank order (CONTRACT §2.3)."""
        return tuple(int(i) for i in self.scores.order.tolist())

    @cached_property
    def index_of(self) -> Mapping[str, int]:
        return {bid.bid_id: i for i, bid in enumerate(self.matrix.bids)}

    @cached_property
    def funded(self) -> frozenset[str] | None:
        """The rank-order funded set (the submission's funding line), or None without budgets."""
        plan = self.content.funding
        return None if plan is None else plan.rank_order.funded_set

    @cached_property
    def last_funded_position(self) -> int | None:
        """Rank of the last bid funded in rank order: the funding line is drawn below it
        (0 when nothing fits; None without budgets)."""
        if self.funded is None:
            return None
        bids = self.matrix.bids
        found = [p for p, i in enumerate(self.order, start=1) if bids[i].bid_id in self.funded]
        return found[-1] if found else 0

    @cached_property
    def premises_by_id(self) -> Mapping[str, Premises]:
        return {p.premises_id: p for p in self.content.premises}

    @cached_property
    def dependents(self) -> Mapping[str, tuple[str, ...]]:
        """For each bid, the bids that depend on it directly (shown on its page)."""
        found: dict[str, list[str]] = {}
        for bid in self.matrix.bids:
            for needed in bid.depends_on:
                found.setdefault(needed, []).append(bid.bid_id)
        return {k: tuple(v) for k, v in found.items()}

    def shows(self, column: str) -> bool:
        """Whether this edition prints a bid column (CONTRACT §1.2 name, or ``grant_gbp``)."""
        if not self.public:
            return True
        hidden = {"notes", *self.content.confidential}  # CONTRACT §5: notes always
        return not hidden.intersection(_DERIVED.get(column, (column,)))

    def title(self, bid: Bid) -> str:
        """A bid's title as this edition prints it: a project may list ``title`` as
        confidential (say, while a site purchase is negotiated)."""
        return bid.title if self.shows("title") else "(title not published)"

    def shows_criterion(self, criterion: Criterion) -> bool:
        """A criterion's value and points reveal its input column, so they follow it."""
        return criterion.column is None or self.shows(criterion.column)

    @cached_property
    def declarations(self) -> tuple[Declaration, ...]:
        record = self.content.committee
        if record is None:
            return ()
        return tuple(d for d in record.declarations if not (self.public and d.withheld))

    @cached_property
    def log(self) -> tuple[LogEntry, ...]:
        """Decision-log entries this edition prints: the public one drops entries flagged as
        repeating a withheld declaration."""
        record = self.content.committee
        if record is None:
            return ()
        return tuple(e for e in record.log if not (self.public and e.withheld))
