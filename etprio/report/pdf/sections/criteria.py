"""Criteria and weights: what was scored, how each answer became a value, and why each
criterion weighs what it does. NHS England asked CCGs to show the local weightings they
applied (DOMAIN "Criteria"); the arithmetic is CONTRACT §2, written out in words."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from etprio.core.model import SchemeType
from etprio.core.scoring.criteria import CriteriaSet, Criterion, CriterionKind
from etprio.core.wording import column_label, format_date, format_gbp, format_percent
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import (
    BODY,
    CELL,
    CELL_BOLD,
    FONT_BOLD,
    HEADING_2,
    SMALL,
    grid_style,
    header_row,
    text,
)

_MEASURES = {
    "recurrent_revenue_gbp": "recurrent revenue (£ a year)",
    "capital_cost_gbp": "capital cost (£)",
    "grant_pct": "grant %",
    "population_benefit": "patients who benefit",
}


def criteria_section(edition: Edition) -> list[Flowable]:
    criteria = edition.matrix.criteria
    rationale = edition.content.criterion_rationale
    shares = edition.scores.weights.tolist()
    with_reason = bool(rationale)
    labels = ["Criterion", "Applies to", "How the value is worked out", "Weight", "Share"]
    if with_reason:
        labels.insert(3, "Why this weight")
    if with_reason:
        widths = [38 * mm, 20 * mm, 44 * mm, CONTENT_WIDTH - 132 * mm, 14 * mm, 16 * mm]
    else:
        widths = [50 * mm, 24 * mm, CONTENT_WIDTH - 104 * mm, 14 * mm, 16 * mm]
    rows: list[list] = [header_row(labels, widths)]
    for criterion, share in zip(criteria.criteria, shares, strict=True):
        row = [
            [
                Paragraph(text(criterion.label), CELL_BOLD),
                Paragraph(text(criterion.group), SMALL),
            ],
            Paragraph(text(_applies(criterion)), CELL),
            Paragraph(text(_valued(criterion, criteria)), CELL),
            f"{criterion.weight:g}",
            format_percent(share),
        ]
        if with_reason:
            row.insert(3, Paragraph(text(rationale.get(criterion.key, "")), CELL))
        rows.append(row)
    rows.append(
        ["Total", "", "", *([""] if with_reason else []), f"{sum(criteria.weights):g}", "100.0%"]
    )
    style = grid_style(right_columns=(len(labels) - 2, len(labels) - 1), zebra=False)
    style.add("FONTNAME", (0, -1), (-1, -1), FONT_BOLD)
    table = Table(rows, colWidths=widths, repeatRows=1, style=style)
    story: list[Flowable] = [
        Heading("Criteria and weights", "criteria"),
        Paragraph(
            f"Criteria set: <b>{text(criteria.name)}</b>, assessed as at "
            f"{format_date(criteria.assessment_date)}. Weights are on any scale and are divided "
            "by their total, so the share column is what each criterion counts for.",
            BODY,
        ),
        table,
    ]
    if edition.content.weights_rationale:
        story += [
            Paragraph("Why these weights", HEADING_2),
            Paragraph(text(edition.content.weights_rationale), BODY),
        ]
    story += [Paragraph("How a score is worked out", HEADING_2), *_method(criteria)]
    return story


def _applies(criterion: Criterion) -> str:
    if criterion.applies_to == frozenset(SchemeType):
        return "Estates and technology"
    return " and ".join(t.value.capitalize() for t in sorted(criterion.applies_to)) + " only"


def _valued(criterion: Criterion, criteria: CriteriaSet) -> str:
    """CONTRACT §2 value rules, in the words a committee member would use."""
    match criterion.kind:
        case CriterionKind.ASSESSOR:
            return f"The assessors' {column_label(criterion.column or criterion.key)} divided by 5"
        case CriterionKind.SIX_FACET:
            return "Need shown by the premises' six-facet survey grades, facet-weighted"
        case CriterionKind.DELIVERABILITY:
            rules = criteria.deliverability
            cohort = format_percent(rules.cohort_weight, 0)
            readiness = format_percent(rules.readiness_weight, 0)
            return (
                f"Delivery cohort from the completion date ({cohort}) "
                f"and readiness: land and planning ({readiness})"
            )
        case CriterionKind.COST:
            measure = _MEASURES.get(criterion.column or "", criterion.column or "")
            return f"1 − {measure} ÷ {_cap(criterion)}; 0 at or above the cap"
        case CriterionKind.BENEFIT_CAPPED:
            measure = _MEASURES.get(criterion.column or "", criterion.column or "")
            return f"{measure.capitalize()} ÷ {_cap(criterion)}; 1 at or above the cap"
    raise AssertionError(criterion.kind)


def _cap(criterion: Criterion) -> str:
    cap = criterion.cap or 0.0
    return format_gbp(cap) if (criterion.column or "").endswith("_gbp") else f"{cap:,.0f}"


def _method(criteria: CriteriaSet) -> list[Flowable]:
    rules = criteria.deliverability
    deadlines = [format_date(d) for d in rules.deadlines]
    cohorts = (
        "; ".join(f"cohort {i} — by {day}" for i, day in enumerate(deadlines, start=1))
        + f"; cohort {len(deadlines) + 1} — later (unlikely within the life of the scheme)"
    )
    gates = []
    if criteria.gates.ineligible_cohorts:
        listed = ", ".join(str(c) for c in sorted(criteria.gates.ineligible_cohorts))
        gates.append(f"completes in cohort {listed}")
    if criteria.gates.technology_ig_zero:
        gates.append("is a technology bid scoring 0 for information governance")
    gates.append("depends on an ineligible bid")
    paragraphs = [
        "Each criterion turns a bid's answers into a value between 0 and 1 on a fixed scale, "
        "never relative to the other bids, so adding or withdrawing a bid cannot move "
        "another bid's values. A criterion that does not apply to a scheme type, or whose "
        f"answer is missing, takes the neutral value {criteria.neutral:g}; each bid's page "
        "says where that happened.",
        "Score = 100 × Σ (weight × value) ÷ Σ weights, so a score runs from 0 to 100 and "
        "each criterion's points add up to it.",
        f"Delivery cohorts: {cohorts}.",
        f"A bid is ineligible, and listed after every eligible bid, when it {', '.join(gates[:-1])}"
        f" or {gates[-1]}.",
        "Ties are broken by higher deliverability, then lower capital cost, then bid "
        "reference, so the order never depends on chance.",
    ]
    return [Paragraph(text(p), BODY) for p in paragraphs]
