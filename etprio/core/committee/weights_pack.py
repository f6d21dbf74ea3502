"""Reading back the weighting workbook a member filled in offline
(:mod:`etprio.report.weights_pack` writes it), with provenance: the file's name and SHA-256
go into the answers' ``source`` and so into the decision log.

Every problem is reported as ``FILE:ROW:COLUMN: message`` (CONTRACT §1.3), all of them, and
nothing is recorded from a workbook with any problem.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from etprio.core.committee.members import Committee
from etprio.core.committee.weight_answers import WeightAnswers, WeightMethod
from etprio.core.errors import FileAccessError, ImportFailed, InvalidDataError
from etprio.core.problems import Problem

SHEET = "Weighting"
ID_CELL = "B2"
HEADER = ("Criterion key", "The swing", "Points (0–100)")
FIRST_ROW = 6


def read_weights_pack(path: Path, committee: Committee, keys: tuple[str, ...]) -> WeightAnswers:
    """The swing answers in ``path``; raises ImportFailed listing every problem."""
    data, rows = _weighting_rows(path)
    problems: list[Problem] = []
    member_id = str(rows[1][1]).strip() if len(rows) > 1 and rows[1][1] is not None else ""
    if member_id not in {m.member_id for m in committee.members}:
        message = f"{member_id or 'blank'} is not a member of this committee"
        problems.append(Problem(str(path), 2, "member_id", message))
    points = _swing_points(path, rows, keys, problems)
    if not problems and not any(v == 100 for v in points.values()):
        problems.append(
            Problem(str(path), FIRST_ROW, "points", "give the swing that matters most 100")
        )
    if problems:
        raise ImportFailed(problems)
    source = f"workbook {path.name}, SHA-256 {hashlib.sha256(data).hexdigest()}"
    return WeightAnswers(member_id, WeightMethod.SWING, points, source=source)


def _weighting_rows(path: Path) -> tuple[bytes, list[tuple[object, ...]]]:
    """The file's bytes (for its fingerprint) and the cell values of its weighting sheet."""
    from openpyxl import load_workbook

    try:
        data = path.read_bytes()
        workbook = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise FileAccessError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidDataError(f"{path}: not a weighting workbook ({exc})") from exc
    if SHEET not in workbook.sheetnames:
        raise InvalidDataError(f"{path}: no sheet called {SHEET!r}: not a weighting workbook")
    rows = list(workbook[SHEET].iter_rows(values_only=True))
    workbook.close()
    return data, rows


def _swing_points(
    path: Path, rows: list[tuple[object, ...]], keys: tuple[str, ...], problems: list[Problem]
) -> dict[str, float]:
    """Points given to each criterion; a row left blank gives none, a wrong one a problem."""
    points: dict[str, float] = {}
    for number, row in enumerate(rows[FIRST_ROW - 1 :], start=FIRST_ROW):
        key = str(row[0]).strip() if row and row[0] is not None else ""
        value = row[2] if len(row) > 2 else None
        if not key and value is None:
            continue
        if key not in keys:
            message = f"{key or 'blank'} is not a criterion of this project"
            problems.append(Problem(str(path), number, "key", message))
        elif value is None or value == "":
            continue
        elif isinstance(value, bool) or not isinstance(value, int | float):
            message = f"{value!r} is not a number from 0 to 100"
            problems.append(Problem(str(path), number, "points", message))
        elif not 0 <= value <= 100:
            message = f"{value:g} is not between 0 and 100"
            problems.append(Problem(str(path), number, "points", message))
        elif value > 0:
            points[key] = float(value)
    return points
