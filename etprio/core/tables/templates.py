"""Blank workbooks practices fill in: the bids table and the six-facet survey with the
contract's headings (CONTRACT §1.1, §1.2), so what comes back imports without a single
problem.

Each heading reads "Label (canonical_name)": the importer ignores a trailing bracket, so
the label is what it matches, and the canonical name tells whoever writes a formula or a
script against the file which column it is. Drop-downs, 0–5 limits, date checks, £ and %
formats and a frozen heading row stop most mistakes at the keyboard rather than at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etprio.core.errors import FileAccessError, UsageError
from etprio.core.model import FACETS, PlanningStatus, SchemeType

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from etprio.core.tables.scales import GradeScales

KINDS = ("bids", "survey")
TEMPLATE_ROWS = 500
"""Rows the drop-downs and checks cover: far more than any CCG's bids or premises."""
HEADING_ROW = 3
"""A title and a line of guidance sit above the headings, as in the sheets practices
already use; the importer finds the headings below them (CONTRACT §1)."""

MONEY = '"£"#,##0'
PERCENT = "0%"
DATE = "dd/mm/yyyy"
YES_NO = ("yes", "no")
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2040, 12, 31)


@dataclass(frozen=True)
class Field:
    """One column of a template: its heading, what to type, and how Excel checks it."""

    name: str
    label: str
    guidance: str
    required: str = "optional"
    choices: tuple[str, ...] = ()
    kind: str = "text"  # text | money | percent | score | date | count
    width: int = 16

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.name})"


def _score(name: str, label: str, required: str = "optional") -> Field:
    return Field(
        name, label, f"assessor score 0–5 (decimals allowed); {required}", required, (), "score", 12
    )


def bid_fields() -> tuple[Field, ...]:
    """The bids table of CONTRACT §1.2 in its order, each with its guidance."""
    return (
        Field("bid_id", "Bid ID", "unique reference, e.g. B01", "required", width=10),
        Field("title", "Scheme name", "what the scheme is called", "required", width=36),
        Field(
            "practice_code",
            "ODS code",
            "lead practice's ODS code, e.g. A81001",
            "required",
            width=11,
        ),
        Field(
            "scheme_type",
            "Scheme type",
            "estates or technology",
            "required",
            tuple(t.value for t in SchemeType),
            width=13,
        ),
        Field(
            "premises_id",
            "Premises ID",
            "as in the six-facet survey",
            "required for estates bids",
            width=12,
        ),
        Field(
            "capital_cost_gbp",
            "Capital cost",
            "total capital cost in £, more than 0",
            "required",
            kind="money",
        ),
        Field(
            "grant_pct",
            "Grant",
            "grant requested as a % of the capital cost; blank = 66%",
            kind="percent",
            width=10,
        ),
        Field(
            "recurrent_revenue_gbp",
            "Recurrent revenue",
            "new annual revenue cost to the CCG in £ (rent, service charges, licences)",
            kind="money",
        ),
        Field(
            "expected_completion",
            "Completion date",
            "date the scheme would be delivered",
            "required",
            kind="date",
            width=14,
        ),
        Field("land_secured", "Land secured", "yes or no", "estates bids", YES_NO, width=12),
        Field(
            "planning_status",
            "Planning",
            "none, applied, granted or not_required",
            "estates bids",
            tuple(p.value for p in PlanningStatus),
            width=13,
        ),
        _score("access_score", "Extended access", "required"),
        _score("capacity_score", "Clinical capacity", "required"),
        _score("training_score", "Training capacity", "required"),
        _score("wider_services_score", "Wider services", "required"),
        _score("engagement_score", "Patient engagement", "estates bids"),
        _score("strategy_fit_score", "Estates strategy fit", "estates bids"),
        _score("digital_roadmap_score", "Digital roadmap fit", "technology bids"),
        _score("ig_score", "Information governance", "technology bids"),
        Field(
            "population_benefit",
            "Population benefit",
            "patients who benefit; blank = the premises' list size",
            kind="count",
        ),
        Field("depends_on", "Depends on", "bid IDs this bid needs, separated by ;", width=14),
        Field("notes", "Notes", "confidential notes for the committee", width=40),
    )


def survey_fields(scales: GradeScales) -> tuple[Field, ...]:
    """The survey of CONTRACT §1.1; grade drop-downs list the scale in use."""
    facet_labels = {
        "physical_condition": "Condition",
        "functional_suitability": "Suitability",
        "space_utilisation": "Space utilisation",
        "quality": "Quality",
        "statutory_compliance": "Compliance",
        "environmental_management": "Environment",
    }
    facets = tuple(
        Field(
            facet,
            facet_labels[facet],
            "grade: " + ", ".join(scales.grades(facet)),
            choices=scales.grades(facet),
            width=13,
        )
        for facet in FACETS
    )
    return (
        Field(
            "premises_id", "Premises ID", "unique reference for the building", "required", width=12
        ),
        Field(
            "practice_code",
            "ODS code",
            "occupying practice's ODS code, e.g. A81001",
            "required",
            width=11,
        ),
        Field("premises_name", "Premises name", "name of the building", width=30),
        Field("survey_date", "Survey date", "date of the six-facet survey", kind="date", width=13),
        *facets,
        Field("gia_m2", "GIA", "gross internal area in m²", kind="count", width=10),
        Field("backlog_cost_gbp", "Backlog cost", "backlog maintenance cost in £", kind="money"),
        Field("current_rent_gbp", "Current rent", "annual rent in £", kind="money"),
        Field("list_size", "List size", "registered patients", kind="count", width=11),
    )


def write_template(kind: str, path: Path, scales: GradeScales) -> Path:
    """Write the ``bids`` or ``survey`` template to ``path``.

    Raises:
        UsageError: ``kind`` is neither.
        FileAccessError: the file cannot be written (exit 4).
    """
    from openpyxl import Workbook

    if kind not in KINDS:
        raise UsageError(f"no template called {kind!r}; choose bids or survey")
    fields = bid_fields() if kind == "bids" else survey_fields(scales)
    book = Workbook()
    instructions = book.active
    instructions.title = "Instructions"
    _instructions(instructions, kind, fields)
    _table_sheet(book.create_sheet(kind), kind, fields)
    book.active = 1
    try:
        book.save(path)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot write the file ({exc.strerror or exc})") from exc
    return path


_TITLES = {
    "bids": "ETTF bids — one row per bid",
    "survey": "Six-facet premises survey — one row per premises",
}


def _table_sheet(sheet: Worksheet, kind: str, fields: Sequence[Field]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet["A1"] = _TITLES[kind]
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = "Fill in from row 4; keep the headings. See the Instructions sheet."
    sheet["A2"].font = Font(italic=True)
    heading_fill = PatternFill("solid", fgColor="005EB8")
    for column, field in enumerate(fields, start=1):
        cell = sheet.cell(HEADING_ROW, column, field.heading)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = heading_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(f"{field.guidance} ({field.required})", "etprio")
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = field.width
        _check_column(sheet, letter, field)
    sheet.row_dimensions[HEADING_ROW].height = 45
    sheet.freeze_panes = sheet.cell(HEADING_ROW + 1, 2)


def _check_column(sheet: Worksheet, letter: str, field: Field) -> None:
    """Number format and data validation for one column's data rows."""
    from openpyxl.worksheet.datavalidation import DataValidation

    first, last = HEADING_ROW + 1, HEADING_ROW + TEMPLATE_ROWS
    cells = f"{letter}{first}:{letter}{last}"
    number_format = {"money": MONEY, "percent": PERCENT, "date": DATE, "count": "#,##0"}
    if field.kind in number_format:
        for (cell,) in sheet[cells]:
            cell.number_format = number_format[field.kind]
    if field.choices:
        rule = DataValidation(type="list", formula1='"' + ",".join(field.choices) + '"')
    elif field.kind == "score":
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="5")
    elif field.kind == "percent":
        rule = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
    elif field.kind in ("money", "count"):
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
    elif field.kind == "date":
        low, high = (_excel_serial(day) for day in (EARLIEST_DATE, LATEST_DATE))
        rule = DataValidation(type="date", operator="between", formula1=low, formula2=high)
    else:
        return
    rule.allow_blank = True
    rule.showErrorMessage = True
    rule.errorTitle = field.label
    rule.error = f"{field.label}: {field.guidance}"
    rule.promptTitle = field.label
    rule.prompt = field.guidance[:255]
    rule.showInputMessage = True
    rule.add(cells)
    sheet.add_data_validation(rule)


def _excel_serial(day: date) -> str:
    """A date as the serial number Excel's validation formulas compare against."""
    return str((day - date(1899, 12, 30)).days)


def _instructions(sheet: Worksheet, kind: str, fields: Sequence[Field]) -> None:
    from openpyxl.styles import Alignment, Font

    other = "six-facet survey" if kind == "bids" else "bids"
    lines = [
        (_TITLES[kind], Font(bold=True, size=14)),
        (
            f"Fill in the '{kind}' sheet, one row per {'bid' if kind == 'bids' else 'premises'}, "
            "starting on row 4. Do not rename or reorder the headings.",
            None,
        ),
        (
            "Cells with a drop-down accept only the values listed; scores are 0 to 5; "
            "dates are day/month/year; money is in pounds; the grant is a percentage.",
            None,
        ),
        (
            f"Send the file back as .xlsx. The {other} is imported separately"
            + (
                ": import the survey first, as bids are checked against its premises."
                if kind == "bids"
                else "."
            ),
            None,
        ),
        ("", None),
    ]
    for row, (text, font) in enumerate(lines, start=1):
        sheet.cell(row, 1, text).font = font or Font()
    header = ("Heading", "Column", "Needed", "What to enter")
    start = len(lines) + 1
    for column, text in enumerate(header, start=1):
        sheet.cell(start, column, text).font = Font(bold=True)
    for row, field in enumerate(fields, start=start + 1):
        for column, text in enumerate((field.label, field.name, field.required, field.guidance), 1):
            sheet.cell(row, column, text).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCD", (24, 24, 22, 70), strict=True):
        sheet.column_dimensions[letter].width = width
