"""The weighting questions as a workbook a member fills in offline (on a train, on a laptop
without the app) and sends back; :mod:`etprio.core.committee.weights_pack` reads it into the project
with where it came from.

One sheet, one member: the member's id and name at the top, then one row per criterion with
its swing in words and a blank cell for the points. Text is neutralised as every export is
(CONTRACT §5).
"""

from __future__ import annotations

from pathlib import Path

from etprio.core.committee.members import Member
from etprio.core.committee.swing_weights import swing_wording
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.committee.weights_pack import FIRST_ROW, HEADER, ID_CELL, SHEET
from etprio.core.errors import FileAccessError
from etprio.core.scoring.criteria import CriteriaSet
from etprio.report.tables import neutralise

INSTRUCTIONS = (
    "Each row is a swing from the worst a bid can be on a criterion to the best. Give the "
    "swing you would most like to see 100, then score every other swing against it, from 0 "
    "(does not matter) to 100 (matters as much). Leave a row blank for 0. Save and send the "
    "file back; do not change the id in cell B2."
)


def write_weights_pack(
    path: Path, member: Member, criteria: CriteriaSet, earlier: WeightAnswers | None = None
) -> None:
    """Write one member's questions, with their earlier swing answers filled in."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    points = earlier.swing if earlier and earlier.method is WeightMethod.SWING else {}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet["A1"], sheet["B1"] = "Weighting questions for", neutralise(member.name)
    sheet["A2"], sheet[ID_CELL] = "Member id", neutralise(member.member_id)
    sheet["A3"] = INSTRUCTIONS
    sheet.merge_cells("A3:C3")
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 60
    for column, heading in enumerate(HEADER, start=1):
        sheet.cell(FIRST_ROW - 1, column, heading).font = Font(bold=True)
    for row, criterion in enumerate(criteria.criteria, start=FIRST_ROW):
        sheet.cell(row, 1, neutralise(criterion.key))
        sheet.cell(row, 2, neutralise(swing_wording(criterion, criteria)))
        sheet.cell(row, 2).alignment = Alignment(wrap_text=True)
        if criterion.key in points:
            sheet.cell(row, 3, points[criterion.key])
    for cells in sheet.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 80
    sheet.column_dimensions["C"].width = 16
    try:
        workbook.save(path)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc
