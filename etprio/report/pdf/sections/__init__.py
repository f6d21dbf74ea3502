"""The sections of the submission PDF, in the order DESIGN "Submission PDF" lists them.

Each section is a function from an :class:`~etprio.report.pdf.edition.Edition` to
flowables, so a section can be read, tested and changed alone.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, PageBreak

from etprio.report.pdf.document import PageRecord
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.sections.bids import bid_pages
from etprio.report.pdf.sections.chart import chart_section
from etprio.report.pdf.sections.cover import contents, cover
from etprio.report.pdf.sections.criteria import criteria_section
from etprio.report.pdf.sections.funding import funding_section
from etprio.report.pdf.sections.governance import decision_log_section, governance_section
from etprio.report.pdf.sections.liability import liability_section
from etprio.report.pdf.sections.member_weights import TITLE as MEMBER_WEIGHTS_TITLE
from etprio.report.pdf.sections.member_weights import member_weights_section
from etprio.report.pdf.sections.ranking import ranking_section
from etprio.report.pdf.sections.sensitivity import sensitivity_section
from etprio.report.pdf.sections.signoff import signoff_section
from etprio.report.pdf.sections.summary import summary

Section = Callable[[Edition], list[Flowable]]

# (contents key, contents title, builder); each starts on a new page.
SECTIONS: tuple[tuple[str, str, Section], ...] = (
    ("summary", "Summary", summary),
    ("criteria", "Criteria and weights", criteria_section),
    ("member_weights", MEMBER_WEIGHTS_TITLE, member_weights_section),
    ("ranking", "Ranked list of bids", ranking_section),
    ("chart", "How each score is made up", chart_section),
    ("funding", "Funding line", funding_section),
    ("liability", "Recurrent revenue liability", liability_section),
    ("sensitivity", "How stable is the ranking?", sensitivity_section),
    ("governance", "Declarations of interest and recusals", governance_section),
    ("log", "Decision log summary", decision_log_section),
    ("bids", "Bid pages", bid_pages),
    ("signoff", "Sign-off", signoff_section),
)


def assemble(edition: Edition, record: PageRecord) -> list[Flowable]:
    """The whole story: cover, contents with an entry per section present, then sections."""
    built = [(key, title, builder(edition)) for key, title, builder in SECTIONS]
    present = [(key, title, flowables) for key, title, flowables in built if flowables]
    story = cover(edition) + contents([(key, title) for key, title, _ in present], record)
    for n, (_key, _title, flowables) in enumerate(present):
        if n and not isinstance(flowables[0], PageBreak):
            story.append(PageBreak())
        story += flowables
    return story
