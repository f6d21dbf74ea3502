"""``etprio weights-pack PROJECT -o DIR``: one workbook per member with the weighting
questions, to fill in offline; ``etprio weights-import PROJECT FILE...`` reads them back
into the project, each minuted in the decision log with the file's name and SHA-256.

An import is all or nothing: a workbook with any problem (every one listed as
FILE:ROW:COLUMN, exit 3) records nothing, and the project file is left untouched."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    pack = subparsers.add_parser(
        "weights-pack",
        help="write each member's weighting questions as a workbook",
        description="Write one workbook per committee member with the weighting questions, "
        "to fill in offline before the meeting; etprio weights-import reads them back.",
    )
    pack.add_argument("project", type=Path, metavar="PROJECT.etprio")
    pack.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    pack.set_defaults(func=run_pack)
    back = subparsers.add_parser(
        "weights-import",
        help="record members' answers from filled-in weighting workbooks",
        description="Record members' answers from filled-in weighting workbooks in the "
        "project, each with the file's name and SHA-256; one bad workbook records nothing.",
    )
    back.add_argument("project", type=Path, metavar="PROJECT.etprio")
    back.add_argument("workbooks", type=Path, nargs="+", metavar="FILE.xlsx")
    back.set_defaults(func=run_import)


def run_pack(args: argparse.Namespace) -> int:
    from etprio.core.errors import FileAccessError
    from etprio.core.project.store import open_project
    from etprio.report.weights_pack import write_weights_pack

    project = open_project(args.project, read_only=True)
    committee = project.committee
    try:
        args.output.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileAccessError(f"{args.output}: cannot create the folder ({exc})") from exc
    for member in committee.members:
        path = args.output / f"weights-{member.member_id}.xlsx"
        earlier = committee.weight_answers_of(member.member_id)
        write_weights_pack(path, member, project.criteria, earlier)
        print(f"{path}: {member.name}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from etprio.core.committee.weights_pack import read_weights_pack
    from etprio.core.project.committee_commands import RecordWeightAnswers
    from etprio.core.project.store import open_project, save_project

    with open_project(args.project) as project:
        keys = project.criteria.keys
        answers = [read_weights_pack(p, project.committee, keys) for p in args.workbooks]
        for answer, path in zip(answers, args.workbooks, strict=True):
            RecordWeightAnswers(answer, rationale=f"returned in {path.name}").do(project)
        save_project(project, args.project)
    for answer in answers:
        print(f"{project.committee.name_of(answer.member_id)}: answers recorded ({answer.source})")
    return 0
