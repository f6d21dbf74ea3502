"""Declarations, recusals and the decision log: what a committee must be able to show
afterwards (DESIGN "Governance"). "How it looks matters as much as what happened"
(DOMAIN "Who decides"), so the register is printed as it stands, less only the
declarations marked withheld in the public edition (CONTRACT §5)."""

from __future__ import annotations

from collections import Counter

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LongTable, Paragraph

from etprio.core.model import Bid
from etprio.core.wording import format_date, format_moment
from etprio.report.pdf.content import CommitteeRecord, QuorumLine
from etprio.report.pdf.document import CONTENT_WIDTH, Heading
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.long_tables import Band, Cell, Look, Row, TextTable
from etprio.report.pdf.styles import (
    BODY,
    CELL,
    FONT_BOLD,
    HEADING_2,
    SMALL,
    WARNING_TEXT,
    cell,
    grid_style,
    header_row,
    plural,
    text,
)

_LOG_ROWS = 40
_NOT_QUORATE = Look(FONT_BOLD, colour=WARNING_TEXT)


def governance_section(edition: Edition) -> list[Flowable]:
    record = edition.committee
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
            Paragraph(text(f"Committee meeting of {format_date(record.meeting_date)}."), BODY)
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
    story += [CondPageBreak(35 * mm), Paragraph("Recusals", HEADING_2), _recusals(record)]
    story += [CondPageBreak(35 * mm), Paragraph("Quorum for each bid", HEADING_2)]
    story += _quorum(edition, record)
    if record.overrides:
        story += [CondPageBreak(30 * mm), Paragraph("The chair's overrides", HEADING_2)]
        story.append(_overrides(record))
    if record.exclusions:
        story += [CondPageBreak(30 * mm), Paragraph("Scores left out", HEADING_2)]
        story.append(_exclusions(record))
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


def _recusals(record: CommitteeRecord) -> Flowable:
    if not record.recusals:
        return Paragraph(text("No member was conflicted on any bid."), BODY)
    widths = [18 * mm, 38 * mm, CONTENT_WIDTH - 88 * mm, 32 * mm]
    rows: list[list] = [header_row(["Bid", "Member", "Why conflicted", "At the meeting"], widths)]
    for r in record.recusals:
        rows.append(
            [
                Paragraph(text(r.bid_id), CELL),
                Paragraph(text(_first_up(r.member)), CELL),
                Paragraph(text(r.reason), CELL),
                Paragraph(text(r.status), CELL),
            ]
        )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def _quorum(edition: Edition, record: CommitteeRecord) -> list[Flowable]:
    """One row per bid in rank order: the minutes must show the meeting could decide each."""
    if not record.quorum:
        return [Paragraph(text("No members are recorded, so no quorum could be checked."), BODY)]
    lines = {q.bid_id: q for q in record.quorum}
    ordered = [lines[b.bid_id] for b in _ranked_bids(edition) if b.bid_id in lines]
    short = [q.bid_id for q in ordered if not q.quorate]
    summary = (
        f"Not quorate for {plural(len(short), 'bid')}: {', '.join(short)}."
        if short
        else "The meeting was quorate for every bid."
    )
    widths = [18 * mm, 20 * mm, 24 * mm, CONTENT_WIDTH - 62 * mm]
    rows: list[Row | Band] = []
    for q in ordered:  # plain cells: a 200-bid submission has a row per bid
        remarks = cell(_first_up(quorum_remarks(q)), widths[3])
        quorate: Cell = "Yes" if q.quorate else (("No", _NOT_QUORATE),)
        rows.append(Row([cell(q.bid_id, widths[0]), quorate, str(q.counted), remarks]))
    header = header_row(["Bid", "Quorate", "Voting members", "Remarks"], widths)
    return [
        Paragraph(text(summary), BODY),
        TextTable(header, rows, widths, right=(2,), zebra=True),
    ]


def quorum_remarks(q: QuorumLine) -> str:
    """What a quorum line adds to "quorate: yes/no", in words."""
    parts = []
    if q.missing:
        parts.append(f"short of quorum: {q.missing}")
    if q.conflicted_in_room:
        parts.append(f"conflicted and in the room: {'; '.join(q.conflicted_in_room)}")
    return "; ".join(parts)


def _ranked_bids(edition: Edition) -> list[Bid]:
    return [edition.matrix.bids[i] for i in edition.order]


def _overrides(record: CommitteeRecord) -> Flowable:
    widths = [18 * mm, 42 * mm, 16 * mm, CONTENT_WIDTH - 76 * mm]
    rows: list[list] = [header_row(["Bid", "Criterion", "Score set", "Why"], widths)]
    for o in record.overrides:
        rows.append(
            [
                Paragraph(text(o.bid_id), CELL),
                Paragraph(text(o.criterion), CELL),
                f"{o.score:g} of 5",
                Paragraph(text(o.rationale), CELL),
            ]
        )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def _exclusions(record: CommitteeRecord) -> Flowable:
    widths = [18 * mm, 48 * mm, CONTENT_WIDTH - 66 * mm]
    rows: list[list] = [header_row(["Bid", "Member", "Scores left out"], widths)]
    for x in record.exclusions:
        rows.append(
            [
                Paragraph(text(x.bid_id), CELL),
                Paragraph(text(_first_up(x.member)), CELL),
                Paragraph(text(", ".join(x.criteria) or "all"), CELL),
            ]
        )
    return LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style())


def _first_up(words: str) -> str:
    return words[:1].upper() + words[1:]


def decision_log_section(edition: Edition) -> list[Flowable]:
    record = edition.committee
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
                "the app's back is detected by etprio verify."
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
                Paragraph(text(format_moment(e.when)), CELL),
                Paragraph(text(e.member or "—"), CELL),
                Paragraph(text(f"{_first_up(e.kind)}: {e.summary}"), CELL),
                Paragraph(text(e.rationale), CELL),
            ]
        )
    story.append(LongTable(rows, colWidths=widths, repeatRows=1, style=grid_style()))
    return story
