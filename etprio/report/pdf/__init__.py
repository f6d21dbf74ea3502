"""The submission PDF to NHS England (DESIGN "Submission PDF", CONTRACT §5).

``build_report(path, content, public=...)`` is the whole public API: gather a
:class:`ReportContent` once, print it as the full edition for the committee and NHS England
and as the public edition for the CCG's website. No Qt here (DESIGN "Shape"): the GUI runs
this in a worker thread, the CLI calls it directly.
"""

from __future__ import annotations

import io
from pathlib import Path

from etprio.core.atomic_files import write_bytes_atomically
from etprio.core.errors import FileAccessError
from etprio.core.progress import TaskState
from etprio.report.pdf.content import (
    DEFAULT_SIGNATORIES,
    CommitteeRecord,
    CoverSettings,
    Declaration,
    ExcludedScore,
    LogEntry,
    Member,
    QuorumLine,
    Recusal,
    ReportContent,
    ScoreOverride,
    SensitivitySummary,
    Signatory,
    Stability,
)

__all__ = [
    "DEFAULT_SIGNATORIES",
    "CommitteeRecord",
    "CoverSettings",
    "Declaration",
    "ExcludedScore",
    "LogEntry",
    "Member",
    "QuorumLine",
    "Recusal",
    "ReportContent",
    "ScoreOverride",
    "SensitivitySummary",
    "Signatory",
    "Stability",
    "build_report",
    "report_bytes",
]


def report_bytes(
    content: ReportContent, *, public: bool = False, state: TaskState | None = None
) -> bytes:
    """The PDF as bytes: laid out once, in memory, so a failure or a stop asked for by
    ``state`` never leaves half a file."""
    from etprio.report.pdf.document import PageRecord, render
    from etprio.report.pdf.edition import Edition
    from etprio.report.pdf.sections import assemble
    from etprio.report.pdf.styles import register_fonts

    register_fonts()
    edition = Edition(content, public)
    record = PageRecord()
    buffer = io.BytesIO()
    render(buffer, edition, assemble(edition, record), record, state=state)
    return buffer.getvalue()


def build_report(
    path: Path, content: ReportContent, *, public: bool = False, state: TaskState | None = None
) -> None:
    """Write the submission PDF; ``public`` prints the edition for publication, without
    notes, confidential columns or withheld declarations (CONTRACT §5)."""
    data = report_bytes(content, public=public, state=state)
    try:
        write_bytes_atomically(Path(path), data)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the report ({exc.strerror or exc})") from exc
