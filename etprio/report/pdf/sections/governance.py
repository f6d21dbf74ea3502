"""Declarations, recusals and the decision log: what a committee must be able to show
afterwards (DESIGN "Governance"). "How it looks matters as much as what happened"
(DOMAIN "Who decides"), so the register is printed as it stands, less only the
declarations marked withheld in the public edition (CONTRACT §5)."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph

from etprio.report.pdf.content import CommitteeRecord
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.styles import (
    BODY,
    CELL,
    HEADING_2,
    SMALL,
    grid_style,
    header_row,
    long_date,
    plural,
    text,
)

_LOG_ROWS = 40


def governance_section(edition: Edition) -> list[Flowable]:
    record = edition.content.committee
    story: list[Flowable] = [Heading("Declarations of interest and recusals", "governance")]
    if record is None:
        story.append(
            Paragraph(
                text(
                    "No committee record is attached to this edition: it was printed from "
                    "bid tables rather than a project file. The CCG's register of interests "
                    "and the committee's minutes record declarations and recusals."
                ),
                BODY,
            )
        )
        return story
    if record.meeting_date is not None:
        story.append(
            Paragraph(text(f"Committee meeting of {long_date(record.meeting_date)}."), BODY)
        )
    story += [Paragraph("Committee members", HEADING_2), _members(record)]
    story += [CondPageBreak(35 * mm), Paragraph("Register of interests", HEADING_2)]
    if edition.public:
        story.append(
            Paragraph(
                text(
                    "This edition leaves out any declaration marked as withheld because "
                    "publishing it could cause harm; the CCG holds the full register."
                ),
                BODY,
            )
        )
    story.append(_declarations(edition))
    story += [CondPageBreak(35 * mm), Paragraph("Recusals", HEADING_2), _recusals(edition, record)]
    return story


def _members(record: CommitteeRecord) -> Flowable:
    if not record.members:
        return Paragraph(text("No members recorded."), BODY)
    widths = [CONTENT_WIDTH * 0.45, CONTENT_WIDTH * 0.4, CONTENT_WIDTH * 0.15]
    rows: list[list] = [header_row(["Name", "Role", "Voting"], widths)]
    rows += [
        [Paragraph(text(m.name), CELL), Paragraph(text(m.role), CELL), "Yes" if m.voting else "No"]
        for m in record.members
    ]
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def _declarations(edition: Edition) -> Flowable:
    declarations = edition.declarations
    if not declarations:
        return Paragraph(text("No declarations of interest in this edition."), BODY)
    widths = [36 * mm, CONTENT_WIDTH - 108 * mm, 30 * mm, 42 * mm]
    rows: list[list] = [header_row(["Member", "Interest", "In", "Action taken"], widths)]
    for d in declarations:
        rows.append(
            [
                Paragraph(text(d.member), CELL),
                Paragraph(text(d.interest), CELL),
                Paragraph(text(d.about), CELL),
                Paragraph(text(d.action), CELL),
            ]
        )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def _recusals(edition: Edition, record: CommitteeRecord) -> Flowable:
    if not record.recusals:
        return Paragraph(text("No member was conflicted on any bid."), BODY)
    widths = [18 * mm, 38 * mm, CONTENT_WIDTH - 88 * mm, 32 * mm]
    rows: list[list] = [header_row(["Bid", "Member", "Why conflicted", "At the meeting"], widths)]
    for r in record.recusals:
        reason = (
            "a declared interest (not published)" if edition.public and r.withheld else r.reason
        )
        rows.append(
            [
                Paragraph(text(r.bid_id), CELL),
                Paragraph(text(r.member), CELL),
                Paragraph(text(reason), CELL),
                Paragraph(text(r.status), CELL),
            ]
        )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def decision_log_section(edition: Edition) -> list[Flowable]:
    record = edition.content.committee
    story: list[Flowable] = [Heading("Decision log summary", "log")]
    entries = edition.log
    if record is None or not record.log:
        story.append(Paragraph(text("No decision log is attached to this edition."), BODY))
        return story
    counts = Counter(e.kind for e in entries)
    story.append(
        Paragraph(
            text(
                f"The decision log holds {plural(len(entries), 'entry', 'entries')}: "
                + "; ".join(f"{kind} {n}" for kind, n in counts.most_common())
                + ". Every entry carries the SHA-256 of the one before, so a log edited behind "
                "the app's back is detected by `etprio verify`."
            ),
            BODY,
        )
    )
    if record.log_head:
        story.append(Paragraph(text(f"Last entry's SHA-256: {record.log_head}"), SMALL))
    shown = entries[-_LOG_ROWS:]
    if len(entries) > len(shown):
        story.append(Paragraph(text(f"The latest {len(shown)} entries, oldest first:"), BODY))
    widths = [24 * mm, 30 * mm, (CONTENT_WIDTH - 54 * mm) * 0.55, (CONTENT_WIDTH - 54 * mm) * 0.45]
    rows: list[list] = [header_row(["When", "Who", "What", "Why"], widths)]
    for e in shown:
        rows.append(
            [
                Paragraph(text(e.when.strftime("%d/%m/%Y %H:%M")), CELL),
                Paragraph(text(e.member), CELL),
                Paragraph(text(f"{e.kind}: {e.summary}"), CELL),
                Paragraph(text(e.rationale), CELL),
            ]
        )
    story.append(LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style()))
    return story
