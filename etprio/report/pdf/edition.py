"""One printing of the report, full or public, with the facts every section needs computed
once: rank order, the funded set, and what this edition may show.

The public edition is for the CCG's website (DESIGN "Submission PDF"): it leaves out notes,
declarations marked withheld and every column the project lists as confidential
(CONTRACT §5). Every section asks :meth:`Edition.shows` rather than checking ``public`` itself,
and prints the committee record, findings and metadata as :attr:`Edition.committee`,
:attr:`Edition.findings` and :meth:`Edition.say` give them, so each rule lives in one place.

The redaction rule for a withheld declaration (CONTRACT §6): the public edition prints
neither its description nor any line that puts its member's name beside one of the bids or
practices it concerns — in the register, recusals, quorum, overrides, excluded scores,
decision log, findings, bid pages and metadata alike. Where the record needs the line, it
reads "a declared interest (not published)" and the member is not named.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property

from etprio import __version__
from etprio.core.model import Bid, Premises
from etprio.core.scoring.criteria import Criterion
from etprio.core.scoring.values import ValueMatrix
from etprio.core.scoring.weighted_sum import Scores
from etprio.report.pdf.content import (
    CommitteeRecord,
    Declaration,
    ExcludedScore,
    LogEntry,
    QuorumLine,
    Recusal,
    ReportContent,
    ScoreOverride,
)

# Columns the report derives from others: hiding any source hides the derived figure.
_DERIVED = {"grant_gbp": ("grant_gbp", "capital_cost_gbp", "grant_pct")}

NOT_PUBLISHED = "a declared interest (not published)"
UNNAMED = "a member (not published)"


def _word(value: str) -> re.Pattern[str]:
    """``value`` standing alone: bid B1 is not found inside B10, nor Al inside Alan."""
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


@dataclass(frozen=True)
class _Secret:
    """What one withheld declaration must never have printed together."""

    name: re.Pattern[str]
    places: tuple[re.Pattern[str], ...]
    words: tuple[str, ...]

    def found_in(self, line: str) -> bool:
        if any(w in line for w in self.words):
            return True
        return bool(self.name.search(line)) and any(p.search(line) for p in self.places)


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

    @cached_property
    def _secrets(self) -> tuple[_Secret, ...]:
        """The withheld declarations this edition must not give away (none in the full one)."""
        record = self.content.committee
        if not self.public or record is None:
            return ()
        by_practice: dict[str, list[str]] = {}
        for bid in self.matrix.bids:
            by_practice.setdefault(bid.practice_code, []).append(bid.bid_id)
        secrets = []
        for d in record.declarations:
            if not d.withheld:
                continue
            places = set(d.concerns)
            places.update(r.bid_id for r in record.recusals if r.withheld and r.member == d.member)
            places.update(b for p in tuple(places) for b in by_practice.get(p, ()))
            words = tuple(w for w in {d.description.strip(), d.interest.strip()} if w)
            secrets.append(
                _Secret(_word(d.member), tuple(_word(p) for p in sorted(places) if p), words)
            )
        return tuple(secrets)

    def reveals(self, *parts: str) -> bool:
        """Whether these texts, printed on one line, would give away a withheld declaration."""
        line = " ".join(parts)
        return any(secret.found_in(line) for secret in self._secrets)

    def say(self, line: str) -> str:
        """A line of free text as this edition may print it."""
        return NOT_PUBLISHED[0].upper() + NOT_PUBLISHED[1:] if self.reveals(line) else line

    @cached_property
    def committee(self) -> CommitteeRecord | None:
        """The committee record as this edition prints it: the public edition drops
        withheld declarations from the register and, everywhere else, neither names the
        member nor gives the reason where a line would join them to a bid or practice of a
        withheld declaration."""
        record = self.content.committee
        if record is None or not self.public:
            return record
        return replace(
            record,
            declarations=tuple(self._declaration(d) for d in record.declarations if not d.withheld),
            recusals=tuple(self._recusal(r) for r in record.recusals),
            quorum=tuple(self._quorum(q) for q in record.quorum),
            overrides=tuple(self._override(o) for o in record.overrides),
            exclusions=tuple(self._exclusion(x) for x in record.exclusions),
            log=tuple(self._log_entry(e) for e in record.log),
        )

    def _declaration(self, d: Declaration) -> Declaration:
        """A published declaration keeps its row; its member goes unnamed only where the
        row would also join them to a withheld declaration's bid or practice."""
        return replace(d, member=UNNAMED) if self.reveals(d.member, d.about, d.action) else d

    def _recusal(self, r: Recusal) -> Recusal:
        if r.withheld or self.reveals(r.member, r.bid_id, r.reason, r.status):
            return replace(r, member=UNNAMED, reason=NOT_PUBLISHED, withheld=True)
        return r

    def _quorum(self, q: QuorumLine) -> QuorumLine:
        names = tuple(
            f"{UNNAMED}, with {NOT_PUBLISHED}" if self.reveals(n, q.bid_id, q.missing) else n
            for n in q.conflicted_in_room
        )
        return replace(q, conflicted_in_room=names)

    def _override(self, o: ScoreOverride) -> ScoreOverride:
        if self.reveals(o.by, o.bid_id, o.criterion, o.rationale):
            return replace(o, by="the chair", rationale=self.say(o.rationale))
        return o

    def _exclusion(self, x: ExcludedScore) -> ExcludedScore:
        return replace(x, member=UNNAMED) if self.reveals(x.member, x.bid_id) else x

    def _log_entry(self, e: LogEntry) -> LogEntry:
        if not (e.withheld or self.reveals(e.member, e.kind, e.summary, e.rationale)):
            return e
        who = "" if any(s.name.search(e.member) for s in self._secrets) else e.member
        return replace(e, member=who, summary=NOT_PUBLISHED, rationale="", withheld=True)

    @cached_property
    def findings(self) -> tuple[str, ...]:
        summary = self.content.sensitivity
        return () if summary is None else tuple(self.say(f) for f in summary.findings)

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
    def best_value_funded(self) -> frozenset[str]:
        """The best-value set (empty without budgets)."""
        plan = self.content.funding
        return frozenset() if plan is None else plan.best_value.funded_set

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

    @property
    def declarations(self) -> tuple[Declaration, ...]:
        record = self.committee
        return () if record is None else record.declarations

    @property
    def log(self) -> tuple[LogEntry, ...]:
        """Decision-log entries this edition prints, withheld ones reworded, not dropped:
        the count of entries is part of the record."""
        record = self.committee
        return () if record is None else record.log
