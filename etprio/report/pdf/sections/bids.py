"""A page per bid, in rank order: the facts, each criterion's value and points, the premises'
six-facet grades, dependencies, flags and (full edition only) the notes. A practice reading
the published submission should find its own bid and see exactly why it ranked where it did.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table

from etprio.core.model import FACETS, Bid, Premises
from etprio.core.wording import format_date, format_gbp, format_percent, yes_no
from etprio.report.pdf.document import CONTENT_WIDTH, Heading, OutlineMark
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.long_tables import Band, Bar, Look, Padding, Row, TextTable
from etprio.report.pdf.paged_bids import paged_bids
from etprio.report.pdf.sections.governance import quorum_remarks
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    CAPTION,
    FONT_BOLD,
    HEADING_2,
    NHS_BLUE,
    SECONDARY_TEXT,
    SMALL,
    cell,
    grid_style,
    header_row,
    make_style,
    plural,
    text,
    wrap,
)

_BID_HEADING = make_style(
    "BidHeading", fontName=FONT_BOLD, fontSize=14, leading=18, textColor=NHS_BLUE, spaceAfter=3
)
_STANDING = make_style("Standing", fontSize=9, leading=12, textColor=SECONDARY_TEXT, spaceAfter=6)
_BAR_WIDTH = 40 * mm - 8
_BAR_HEIGHT = 2.6 * mm
_FACT_LABEL = 36 * mm
_CRITERIA_WIDTHS = (CONTENT_WIDTH - 92 * mm, 18 * mm, 17 * mm, 17 * mm, 40 * mm)
_FACET_LABELS = {f: f.replace("_", " ").capitalize() for f in FACETS}
_FACT_LOOKS = {0: Look(colour=SECONDARY_TEXT), 2: Look(colour=SECONDARY_TEXT)}
_FACT_PADDING = Padding(left=3, right=6, vertical=2.5)
_BOLD = Look(font=FONT_BOLD)


@dataclass(frozen=True)
class _FixedText:
    """Cells that are the same on every bid page, wrapped once per report, and the
    committee's record sorted by bid once."""

    header: list[str]
    labels: tuple[str, ...]
    committee: dict[str, list[str]]

    @classmethod
    def of(cls, edition: Edition) -> _FixedText:
        criteria = edition.matrix.criteria.criteria
        return cls(
            header=header_row(["Criterion", "Value", "Weight", "Points", ""], _CRITERIA_WIDTHS),
            labels=tuple(cell(c.label, _CRITERIA_WIDTHS[0]) for c in criteria),
            committee=_committee_lines(edition),
        )


def _committee_lines(edition: Edition) -> dict[str, list[str]]:
    """For each bid, what the committee record says about it, as the edition prints it."""
    record = edition.committee
    lines: dict[str, list[str]] = {}
    if record is None:
        return lines
    for q in record.quorum:
        words = "Quorate" if q.quorate else "Not quorate"
        remarks = quorum_remarks(q)
        counted = plural(q.counted, "voting member")
        lines.setdefault(q.bid_id, []).append(
            f"{words}: {counted} counted"
            + (f"; {remarks[:1].lower()}{remarks[1:]}" if remarks else "")
        )
    for r in record.recusals:
        who = r.member[:1].upper() + r.member[1:]
        lines.setdefault(r.bid_id, []).append(f"Conflicted: {who}, {r.reason}; {r.status}")
    for o in record.overrides:
        why = f": {o.rationale}" if o.rationale else ""
        lines.setdefault(o.bid_id, []).append(
            f"Chair's override: {o.criterion} set to {o.score:g} of 5{why}"
        )
    for x in record.exclusions:
        what = f" ({', '.join(x.criteria)})" if x.criteria else ""
        lines.setdefault(x.bid_id, []).append(f"Scores left out: {x.member}{what}")
    return lines


def bid_pages(edition: Edition) -> list[Flowable]:
    """A page per bid in rank order, or, for a regional pipeline, per bid that
    :func:`paged_bids` picks, after a page saying which bids have none and why."""
    story: list[Flowable] = []
    fixed = _FixedText.of(edition)
    paged = paged_bids(edition)
    if paged.left_out:
        story += [
            PageBreak(),
            Heading("Bid pages", "bids"),
            Paragraph(text(paged.statement()), BODY),
        ]
    order = edition.order
    for n, position in enumerate(paged.positions):
        story.append(PageBreak())
        if n == 0 and not paged.left_out:
            story.append(OutlineMark("bids", "Bid pages"))
        story += _page(edition, order[position - 1], position, fixed)
    return story


def _page(edition: Edition, index: int, position: int, fixed: _FixedText) -> list[Flowable]:
    bid = edition.matrix.bids[index]
    heading = Heading(
        f"{position}. {bid.bid_id} — {edition.title(bid)}",
        f"bid-{index}",
        level=1,
        style=_BID_HEADING,
    )
    story: list[Flowable] = [
        heading,
        Paragraph(text(_standing(edition, index, position)), _STANDING),
    ]
    story += [
        _facts(edition, bid),
        Paragraph("Criteria: values and points", HEADING_2),
        *_criteria(edition, index, fixed),
    ]
    site = edition.premises_by_id.get(bid.premises_id or "")
    if site is not None:
        story += [
            KeepTogether(
                [Paragraph("Premises: six-facet survey", HEADING_2), _survey(edition, site)]
            )
        ]
    decided = fixed.committee.get(bid.bid_id, ())
    if decided:
        story.append(Paragraph("Committee", HEADING_2))
        story += [Paragraph(text(_sentence(line)), BULLET, bulletText="•") for line in decided]
    flags = edition.matrix.flags(index)
    if flags:
        story.append(Paragraph("Flags", HEADING_2))
        story += [Paragraph(text(_sentence(edition.say(f))), BULLET, bulletText="•") for f in flags]
    if bid.notes and edition.shows("notes"):
        story += [Paragraph("Notes", HEADING_2), Paragraph(text(bid.notes), BODY)]
    return story


def _standing(edition: Edition, index: int, position: int) -> str:
    matrix = edition.matrix
    parts = [
        f"Rank {position} of {len(matrix.bids)}",
        f"score {edition.scores.score[index]:.2f}",
        matrix.bids[index].scheme_type.value if edition.shows("scheme_type") else "",
        f"cohort {int(matrix.cohort[index])}" if edition.shows("expected_completion") else "",
        "eligible" if matrix.eligible[index] else "ineligible",
    ]
    plan = edition.content.funding
    if plan is not None:
        bid_id = matrix.bids[index].bid_id
        reason = plan.rank_order.reason(bid_id)
        parts.append("funded in rank order" if reason is None else f"not funded ({reason})")
        parts.append(
            "in the best-value set"
            if bid_id in edition.best_value_funded
            else "not in the best-value set"
        )
    return " · ".join(p for p in parts if p)


def _facts(edition: Edition, bid: Bid) -> TextTable:
    site = edition.premises_by_id.get(bid.premises_id or "")
    premises = bid.premises_id or "none (technology scheme)"
    if site is not None and site.premises_name:
        premises = f"{bid.premises_id}, {site.premises_name}"
    needed_by = edition.dependents.get(bid.bid_id, ())
    facts = [
        ("practice_code", "Practice (ODS code)", bid.practice_code),
        ("premises_id", "Premises", premises),
        ("capital_cost_gbp", "Capital cost", format_gbp(bid.capital_cost_gbp)),
        ("grant_gbp", "Grant requested", f"{format_gbp(bid.grant_gbp)} ({bid.grant_pct:g}%)"),
        (
            "recurrent_revenue_gbp",
            "Recurrent revenue",
            f"{format_gbp(bid.recurrent_revenue_gbp)} a year",
        ),
        ("expected_completion", "Expected completion", format_date(bid.expected_completion)),
        ("land_secured", "Land secured", yes_no(bid.land_secured)),
        (
            "planning_status",
            "Planning",
            (bid.planning_status.value.replace("_", " ") if bid.planning_status else "not given"),
        ),
        ("population_benefit", "Patients who benefit", _population(edition, bid)),
        ("depends_on", "Depends on", ", ".join(bid.depends_on) or "nothing"),
        ("depends_on", "Needed by", ", ".join(needed_by) or "no other bid"),
    ]
    half = CONTENT_WIDTH / 2
    value_width = half - _FACT_LABEL
    shown = [(label, value) for column, label, value in facts if edition.shows(column)]
    cells = [[label, wrap(value, value_width - 6)] for label, value in shown]
    rows: list[Row | Band] = [
        Row(cells[i] + (cells[i + 1] if i + 1 < len(cells) else ["", ""]))
        for i in range(0, len(cells), 2)
    ]
    widths = [_FACT_LABEL, value_width, _FACT_LABEL, value_width]
    return TextTable(None, rows, widths, looks=_FACT_LOOKS, padding=_FACT_PADDING)


def _population(edition: Edition, bid: Bid) -> str:
    value = edition.matrix.population[edition.index_of[bid.bid_id]]
    if value != value:  # NaN: neither given nor known from the premises' list size
        return "not given"
    source = "" if bid.population_benefit is not None else " (the premises' list size)"
    return f"{value:,.0f}{source}"


def _criteria(edition: Edition, index: int, fixed: _FixedText) -> list[Flowable]:
    """The weighted criteria as a table whose points add up to the score; criteria with
    no weight add nothing, so their values follow in one sentence instead of rows."""
    matrix = edition.matrix
    weights = edition.scores.weights.tolist()
    points = edition.scores.contributions[index].tolist()
    neutral = set(matrix.neutral_keys(index))
    rows: list[Row | Band] = []
    unweighted = []
    for k, criterion in enumerate(matrix.criteria.criteria):
        shown = edition.shows_criterion(criterion)
        value = f"{matrix.values[index, k]:.3f}" if shown else "—"
        if criterion.key in neutral and shown:
            value += " n"
        if weights[k] <= 0:
            unweighted.append(f"{criterion.label}: {value}")
            continue
        earned, bar = (
            (f"{points[k]:.2f}", _points_bar(points[k], weights[k])) if shown else ("—", "")
        )
        rows.append(Row([fixed.labels[k], value, format_percent(weights[k]), earned, bar]))
    score = f"{edition.scores.score[index]:.2f}"
    rows.append(Row([((words, _BOLD),) for words in ("Score", "", "100.0%", score, "")]))
    story: list[Flowable] = [
        TextTable(fixed.header, rows, _CRITERIA_WIDTHS, right=(1, 2, 3), zebra=True)
    ]
    notes = []
    if unweighted:
        notes.append(f"Criteria with no weight add no points; values: {'; '.join(unweighted)}.")
    if neutral:
        notes.append("Values marked n are neutral: the criterion does not apply, or no answer.")
    if any(not edition.shows_criterion(c) for c in matrix.criteria.criteria):
        notes.append("Values marked — are not published in this edition.")
    if notes:
        story.append(Paragraph(text(" ".join(notes)), CAPTION))
    return story


def _points_bar(points: float, weight: float) -> Bar:
    """Points earned against the most a criterion could give (its weight share × 100)."""
    filled = min(points / (weight * 100), 1.0) if weight > 0 and points > 0 else 0.0
    return Bar(filled, _BAR_WIDTH, _BAR_HEIGHT)


def _survey(edition: Edition, site: Premises) -> Table:
    facets = [f for f in FACETS if edition.shows(f)]
    width = CONTENT_WIDTH / max(len(facets), 1)
    rows: list[list] = [header_row([_FACET_LABELS[f] for f in facets], [width] * len(facets))]
    rows.append([site.grades.get(f, "not surveyed") for f in facets])
    extra = []
    if site.survey_date is not None:
        extra.append(f"surveyed {format_date(site.survey_date)}")
    if site.list_size is not None and edition.shows("list_size"):
        extra.append(f"list size {site.list_size:,.0f}")
    if site.gia_m2 is not None and edition.shows("gia_m2"):
        extra.append(f"{site.gia_m2:,.0f} m² internal area")
    if site.backlog_cost_gbp is not None and edition.shows("backlog_cost_gbp"):
        extra.append(f"backlog maintenance {format_gbp(site.backlog_cost_gbp)}")
    if extra:
        rows.append(
            [Paragraph(text(_sentence("; ".join(extra))), SMALL)] + [""] * (len(facets) - 1)
        )
    style = grid_style(zebra=False)
    style.add("ALIGN", (0, 1), (-1, 1), "CENTER")
    if extra:
        style.add("SPAN", (0, 2), (-1, 2))
    return Table(rows, colWidths=[width] * len(facets), style=style)


def _sentence(words: str) -> str:
    """First letter up, the rest as written (``str.capitalize`` would lower "March")."""
    return words[:1].upper() + words[1:] + ("" if words.endswith(".") else ".")
