"""How the committee weighted the criteria: each member's weights from their own answers,
the committee's weights with how far members differ, and what every member's weights would
fund (DOMAIN "How committees weigh criteria"). NHS England asked CCGs to show the local
weightings they applied; this page shows they came from members' judgements, and which
bids are funded whoever's view prevails.

The public edition names no member's conflicts here: the register and recusals section
prints those under the rules for withheld declarations (CONTRACT §6).
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from etprio.core.committee.member_weights import CommitteeFunding, budget_words
from etprio.core.committee.members import Aggregate
from etprio.core.wording import format_percent
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import (
    BODY,
    BULLET,
    CAPTION,
    CELL,
    HEADING_2,
    cell,
    grid_style,
    header_row,
    text,
)

TITLE = "How the committee weighted the criteria"
_MEMBER_COLUMNS = 9  # beside the criterion, nine members' shares fit across A4


def member_weights_section(edition: Edition) -> list[Flowable]:
    result = edition.content.member_weights
    if result is None:
        return []
    rule = "median" if result.committee.rule is Aggregate.MEDIAN else "mean"
    story: list[Flowable] = [
        Heading(TITLE, "member_weights"),
        Paragraph(
            text(
                "Before the meeting each member weighed the criteria on their own: by swing "
                "weighting (the swing from the worst to the best on each criterion put in "
                "order, the largest given 100 and each other a number against it) or by "
                "comparing criteria two at a time (the analytic hierarchy process, with "
                "Saaty's consistency ratio). The committee's weights are the "
                f"{rule} of members' weights, divided by their sum."
            ),
            BODY,
        ),
        Paragraph("The committee's weights and how far members differ", HEADING_2),
        _spread_table(edition, result),
        Paragraph("Each member's weights", HEADING_2),
        _members_table(edition, result),
        *_member_key(edition, result),
        Paragraph("What every member's weights would fund", HEADING_2),
        Paragraph(text(budget_words(result.limits)), BODY),
    ]
    findings = result.sentences()
    if edition.public:
        findings = [f for f in findings if "conflicted" not in f]
    story += [Paragraph(text(f), BULLET, bulletText="•") for f in findings]
    story.append(_bids_table(edition, result))
    return story


def _shown_keys(edition: Edition, result: CommitteeFunding) -> list[str]:
    """Criteria some member gave weight to; the others are left out of both tables."""
    return [s.key for s in result.committee.spread if s.high > 0]


def _label(edition: Edition, key: str) -> str:
    return edition.matrix.criteria.criterion(key).label


def _spread_table(edition: Edition, result: CommitteeFunding) -> Table:
    widths = [CONTENT_WIDTH - 100 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm, 20 * mm]
    labels = ["Criterion", "Committee", "Lowest", "Lower quartile", "Upper quartile", "Highest"]
    rows: list[list] = [header_row(labels, widths)]
    for key in _shown_keys(edition, result):
        s = result.committee.spread_of(key)
        rows.append(
            [
                Paragraph(text(_label(edition, key)), CELL),
                format_percent(s.committee),
                format_percent(s.low),
                format_percent(s.q1),
                format_percent(s.q3),
                format_percent(s.high),
            ]
        )
    return Table(
        rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(1, 2, 3, 4, 5))
    )


def _members_table(edition: Edition, result: CommitteeFunding) -> Table:
    members = result.members[:_MEMBER_COLUMNS]
    column = 15 * mm
    widths = [CONTENT_WIDTH - column * len(members), *([column] * len(members))]
    rows: list[list] = [header_row(["Criterion", *(m.member_id for m in members)], widths)]
    for key in _shown_keys(edition, result):
        rows.append(
            [
                Paragraph(text(_label(edition, key)), CELL),
                *(format_percent(m.weights[key], 0) for m in members),
            ]
        )
    right = tuple(range(1, len(members) + 1))
    return Table(rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=right))


def _member_key(edition: Edition, result: CommitteeFunding) -> list[Flowable]:
    lines = []
    for member in result.members:
        how = member.answers.method.label
        if member.consistency_ratio is not None:
            how += f", consistency ratio {member.consistency_ratio:.2f}"
        line = f"{member.member_id}: {member.name} ({how})"
        if member.conflicted and not edition.public:
            line += f"; conflicted on {', '.join(member.conflicted_on)}"
        lines.append(Paragraph(text(line), CAPTION))
    if len(result.members) > _MEMBER_COLUMNS:
        lines.append(
            Paragraph(
                text(f"The table shows the first {_MEMBER_COLUMNS}; every member is counted."),
                CAPTION,
            )
        )
    return lines


def _bids_table(edition: Edition, result: CommitteeFunding) -> Table:
    line = result.has_funding_line
    widths = [12 * mm, 16 * mm, CONTENT_WIDTH - 98 * mm, 22 * mm, 24 * mm, 24 * mm]
    labels = [
        "Rank",
        "Bid",
        "Title",
        "Ranks under members' weights",
        "Funded under members' weights" if line else "",
        "Funded under the committee's weights" if line else "",
    ]
    rows: list[list] = [header_row(labels, widths)]
    n = len(result.members)
    by_id = edition.matrix.bids
    titles = {b.bid_id: edition.title(b) for b in by_id}
    for bid in result.bids:
        if not bid.eligible:
            funded_under, committee = "ineligible", ""
        elif line:
            funded_under = f"{len(bid.funded_under)} of {n}"
            committee = "funded" if bid.committee_funded else "not funded"
        else:
            funded_under = committee = ""
        rows.append(
            [
                str(bid.committee_rank),
                cell(bid.bid_id, widths[1]),
                cell(titles[bid.bid_id], widths[2]),
                f"{bid.best_rank}–{bid.worst_rank}",
                funded_under,
                committee,
            ]
        )
    return Table(rows, colWidths=widths, repeatRows=1, style=grid_style(right_columns=(0, 3)))
