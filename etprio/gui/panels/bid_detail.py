"""Everything about the selected bid on one page: its values and points per criterion, the
six-facet grades of its premises, what it depends on, who on the committee scored what,
its notes and its import warnings.

Rendered as escaped HTML in a text browser: it is read-only, selectable (a member can copy
a figure into the minutes) and reads well on a screen reader. Notes are confidential and
are left out entirely in meeting mode, not merely hidden from view.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTextBrowser, QVBoxLayout, QWidget

from etprio.core.committee.member_scores import ScoreSummary
from etprio.core.model import FACETS, Bid
from etprio.core.scoring.values import premises_need
from etprio.core.wording import format_date, format_gbp
from etprio.gui import style
from etprio.gui.models.premises import FACET_HEADERS
from etprio.gui.session import Session

_NUMBER = "align='right' width='18%'"
RESCORE_DELAY_MS = 120
"""Laying out the page takes longer than a whole re-rank, so while a slider is dragged the
page follows once the values stop changing for a moment instead of on every tick."""

_EMPTY = "<p style='color:#425563'>Select a bid in the ranking or the chart to see its details.</p>"


class BidDetailPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bidDetail")
        self._session = session
        self._show_notes = True
        self.browser = QTextBrowser()
        self.browser.setObjectName("bidDetailText")
        self.browser.setAccessibleName("Details of the selected bid")
        self.browser.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(RESCORE_DELAY_MS)
        self._pending.timeout.connect(self.refresh)
        session.currentBidChanged.connect(self.refresh)
        session.scoresChanged.connect(self._pending.start)
        session.fundedChanged.connect(self._pending.start)
        self.refresh()

    def set_show_notes(self, show: bool) -> None:
        """Meeting mode: confidential notes are not rendered at all."""
        self._show_notes = show
        self.refresh()

    def refresh(self, *_args: object) -> None:
        self._pending.stop()
        bid_id = self._session.current_bid
        row = self._session.row_of(bid_id) if bid_id else None
        if row is None:
            self.browser.setHtml(_EMPTY)
        else:
            self.browser.setHtml(self._page(self._session.matrix.bids[row], row))

    def _page(self, bid: Bid, row: int) -> str:
        session = self._session
        parts = [
            f"<h3 style='color:{style.NHS_DARK_BLUE}; margin-bottom:2px'>"
            f"{escape(bid.bid_id)} · {escape(bid.title)}</h3>",
            f"<p>Practice {escape(bid.practice_code)} · {bid.scheme_type.value.capitalize()}"
            f"{self._premises_name(bid)}</p>",
            self._headline(bid, row),
            self._criteria_table(row),
            self._grades(bid),
            self._dependencies(bid),
            self._member_scores(bid),
        ]
        if self._show_notes and bid.notes:
            parts.append(
                "<h3>Notes <span style='font-weight:normal; color:#8A5A00'>(confidential)"
                f"</span></h3><p>{escape(bid.notes).replace(chr(10), '<br>')}</p>"
            )
        warnings = session.data.warnings_for(bid.bid_id)
        if warnings:
            items = "".join(f"<li>{escape(p.column)}: {escape(p.message)}</li>" for p in warnings)
            parts.append(f"<h3>Import warnings</h3><ul>{items}</ul>")
        return "".join(parts)

    def _premises_name(self, bid: Bid) -> str:
        if not bid.premises_id:
            return ""
        site = self._session.data.dataset.premises_by_id.get(bid.premises_id)
        name = f" ({escape(site.premises_name)})" if site and site.premises_name else ""
        return f" · Premises {escape(bid.premises_id)}{name}"

    def _headline(self, bid: Bid, row: int) -> str:
        session = self._session
        matrix, scores = session.matrix, session.scores
        rank = int(scores.rank[row])
        funded = session.funded
        status = ""
        if funded is not None:
            status = " · <b>funded</b>" if bid.bid_id in funded else " · not funded"
        text = (
            f"<p style='font-size:large'><b>Rank {rank}</b> of {len(matrix.bids)} · "
            f"score <b>{scores.score[row]:.1f}</b>{status}</p>"
            f"<p>Cohort {int(matrix.cohort[row])} · completes "
            f"{format_date(bid.expected_completion)} · "
            f"capital {format_gbp(bid.capital_cost_gbp)} · "
            f"grant {format_gbp(bid.grant_gbp)} ({bid.grant_pct:g}%) · recurrent "
            f"{format_gbp(bid.recurrent_revenue_gbp)}/yr</p>"
            f"{self._grant_profile(bid)}"
        )
        if not matrix.eligible[row]:
            text += (
                f"<p style='color:{style.ERROR_TEXT}'><b>Ineligible:</b> "
                f"{escape(matrix.ineligible_reason[row])}</p>"
            )
        return text

    @staticmethod
    def _grant_profile(bid: Bid) -> str:
        """CONTRACT §7: the grant by financial year, and whether the bid phased it or it
        all falls in the completion year, since that decides which year's allocation it
        draws on."""
        years = " · ".join(
            f"{escape(year)} {format_gbp(amount)}" for year, amount in bid.grant_by_year.items()
        )
        how = "as phased in the bid" if bid.grant_phasing else "all in the year it completes"
        return f"<p>Grant by financial year: {years} <i>({how})</i></p>"

    def _criteria_table(self, row: int) -> str:
        session = self._session
        matrix, scores = session.matrix, session.scores
        contributions = scores.contributions[row]
        neutral = matrix.neutral[row]
        lines = [
            "<h3>Criteria</h3><table cellspacing='0' cellpadding='3' width='100%'>"
            "<tr style='background:#E8EDEE'><th align='left' width='46%'>Criterion</th>"
            f"<th {_NUMBER}>Value</th><th {_NUMBER}>Share</th>"
            f"<th {_NUMBER}>Points</th></tr>"
        ]
        for k, criterion in enumerate(matrix.criteria.criteria):
            colour = style.criterion_colour(k).name()
            value = f"{matrix.values[row, k]:.2f}" + (" <i>n</i>" if neutral[k] else "")
            lines.append(
                f"<tr><td><span style='color:{colour}'>■</span> {escape(criterion.label)}</td>"
                f"<td {_NUMBER}>{value}</td>"
                f"<td {_NUMBER}>{100 * scores.weights[k]:.1f}%</td>"
                f"<td {_NUMBER}>{contributions[k]:.1f}</td></tr>"
            )
        lines.append(
            f"<tr><td colspan='3' align='right'><b>Score</b></td>"
            f"<td {_NUMBER}><b>{scores.score[row]:.1f}</b></td></tr></table>"
            + (
                "<p style='color:#425563'><i>n</i>: neutral value, the criterion does not "
                "apply to this bid or its input is missing.</p>"
                if neutral.any()
                else ""
            )
        )
        return "".join(lines)

    def _grades(self, bid: Bid) -> str:
        data = self._session.data
        site = data.dataset.premises_by_id.get(bid.premises_id) if bid.premises_id else None
        if site is None:
            return ""
        rows = []
        for facet in FACETS:
            grade = site.grades.get(facet)
            if grade is None:
                rows.append(f"<tr><td>{FACET_HEADERS[facet]}</td><td align='center'>–</td></tr>")
                continue
            need = data.scales.need(facet, grade)
            background = style.need_colour(need)
            colour = style.text_colour_on(background).name()
            rows.append(
                f"<tr><td>{FACET_HEADERS[facet]}</td>"
                f"<td align='center' style='background:{background.name()}; color:{colour}'>"
                f"<b>{escape(grade)}</b></td><td align='right'>need {need:.2f}</td></tr>"
            )
        site_need = premises_need(site, data.criteria.facet_weights, data.scales)
        summary = "" if site_need is None else f" — premises need {site_need:.2f}"
        surveyed = f", surveyed {site.survey_date:%b %Y}" if site.survey_date else ""
        return (
            f"<h3>Six-facet survey{summary}</h3><p>{escape(site.premises_name)}{surveyed}</p>"
            f"<table cellspacing='2' cellpadding='3'>{''.join(rows)}</table>"
        )

    def _dependencies(self, bid: Bid) -> str:
        session = self._session
        rank = session.scores.rank
        needed_by = [b.bid_id for b in session.data.dataset.bids if bid.bid_id in b.depends_on]
        if not bid.depends_on and not needed_by:
            return ""

        def listed(bid_ids: list[str] | tuple[str, ...]) -> str:
            return ", ".join(
                escape(b)
                if (row := session.row_of(b)) is None
                else f"{escape(b)} (rank {rank[row]})"
                for b in bid_ids
            )

        lines = ["<h3>Dependencies</h3>"]
        if bid.depends_on:
            lines.append(f"<p>Depends on {listed(bid.depends_on)}: funded only with it.</p>")
        if needed_by:
            lines.append(f"<p>Needed by {listed(needed_by)}.</p>")
        return "".join(lines)

    def _member_scores(self, bid: Bid) -> str:
        """Who scored what (DESIGN "Governance"): each member's assessor score per column,
        conflicted members shown but marked excluded, then the score that counts, where it
        came from, and the spread of the scores counted, so the chair sees disagreement."""
        project = self._session.data.project
        if project is None:
            return ""
        committee = project.committee
        mine = [s for s in committee.scores if s.bid_id == bid.bid_id]
        summaries = project.governance.scored.summaries
        columns = sorted({s.column for s in mine} | {c for b, c in summaries if b == bid.bid_id})
        if not columns:
            return ""
        labels = {c.column: c.label for c in self._session.criteria.criteria if c.column}
        blocks = ["<h3>Who scored what</h3>"]
        for column in columns:
            summary = summaries.get((bid.bid_id, column))
            excluded = set(summary.excluded) if summary else set()
            rows = []
            for score in (s for s in mine if s.column == column):
                name = escape(committee.name_of(score.member_id))
                if score.member_id in excluded:
                    rows.append(
                        f"<tr style='color:{style.INELIGIBLE_TEXT}'><td><s>{name}</s></td>"
                        f"<td {_NUMBER}><s>{score.score:g}</s></td>"
                        "<td>excluded: conflict of interest</td></tr>"
                    )
                else:
                    rows.append(f"<tr><td>{name}</td><td {_NUMBER}>{score.score:g}</td></tr>")
            total = self._aggregate(summary, committee.aggregate.value)
            blocks.append(
                f"<p><b>{escape(labels.get(column, column))}</b>{total}</p>"
                f"<table cellspacing='0' cellpadding='2' width='100%'>{''.join(rows)}</table>"
            )
        return "".join(blocks)

    @staticmethod
    def _aggregate(summary: ScoreSummary | None, method: str) -> str:
        if summary is None or summary.value is None:
            return ""
        if summary.source == "override":
            how = "chair's override"
        elif summary.source == "members":
            how = f"{method} of {summary.n} member{'s' if summary.n != 1 else ''}"
        else:
            how = "as imported"
        spread = ""
        if summary.minimum is not None and summary.maximum is not None:
            spread = f" · spread {summary.minimum:g}–{summary.maximum:g}"
        return f" — <b>{summary.value:g}</b> ({how}){spread}"


if __name__ == "__main__":
    import sys

    from etprio.gui.panels.preview import run_preview

    def _build(session: Session, _undo: object) -> QWidget:
        session.set_current_bid(session.bid_ids[0])
        return BidDetailPanel(session)

    sys.exit(run_preview(_build, "Bid detail"))
