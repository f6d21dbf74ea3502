"""``etprio weights PROJECT``: each member's weights from their answers, the committee's
weights with the spread, and what every member's weights would fund (the robust core,
the bids funded under none, and those that depend on whose view prevails).

The funding line uses the project's saved budgets; ``--capital`` and ``--recurrent`` override
them for this run (CONTRACT §6)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from etprio.cli.common import WIDTH, money, wrapped
from etprio.core.committee.member_weights import CommitteeFunding, budget_words
from etprio.core.errors import UsageError
from etprio.core.project.member_funding import project_member_funding

_MEMBER_COLUMNS = 9  # nine members' ranks fit beside the bid in 80 columns


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "weights",
        help="members' weights and what each member's weights would fund",
        description="Each member's weights from their answers to the weighting questions, "
        "the committee's weights with how far members differ, and what every member's "
        "weights would fund. The funding line uses the project's saved budgets unless "
        "--capital and --recurrent are given for this run.",
    )
    parser.add_argument("project", type=Path, metavar="PROJECT.etprio")
    parser.add_argument("--capital", type=money, metavar="£", help="capital envelope for this run")
    parser.add_argument("--recurrent", type=money, metavar="£", help="recurrent headroom a year")
    parser.add_argument("--horizon", type=int, default=10, metavar="Y", help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from etprio.core.funding.limits import FundingLimits
    from etprio.core.project.store import open_project

    project = open_project(args.project, read_only=True)
    given = (args.capital is not None, args.recurrent is not None)
    if any(given) and not all(given):
        raise UsageError("--capital and --recurrent go together")
    limits = FundingLimits(args.capital, args.recurrent, args.horizon) if all(given) else None
    result = project_member_funding(project, limits)
    if args.format == "json":
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        print(weights_text(result, project.criteria.name))
    return 0


def weights_text(result: CommitteeFunding, title: str) -> str:
    """The committee's weights, each member's and the bids across members, in 80 columns."""
    lines = [title, ""]
    lines += _criteria_table(result)
    lines += ["", "Members"]
    for member in result.members:
        method = member.answers.method.label
        if member.consistency_ratio is not None:
            method += f", consistency ratio {member.consistency_ratio:.2f}"
        flag = f"; conflicted on {', '.join(member.conflicted_on)}" if member.conflicted else ""
        lines.append(wrapped(f"{member.member_id} {member.name} ({method}){flag}", "  ", "    "))
        if member.advice:
            lines.append(wrapped(member.advice, "    ", "    "))
    lines += ["", wrapped(budget_words(result.limits), "", "")]
    lines += _bid_table(result)
    lines.append("")
    lines += [wrapped(s, "", "  ") for s in result.sentences()]
    return "\n".join(lines)


def _criteria_table(result: CommitteeFunding) -> list[str]:
    rule = result.committee.rule.value
    lines = [
        f"{'Criterion':<22}{'Committee':>10}{'Lowest':>8}{'Middle half':>13}{'Highest':>9}",
        f"{'':<22}{f'({rule})':>10}",
    ]
    for s in result.committee.spread:
        if s.high == 0:
            continue
        middle = f"{s.q1:.0%}–{s.q3:.0%}"
        lines.append(f"{s.key[:21]:<22}{s.committee:>10.0%}{s.low:>8.0%}{middle:>13}{s.high:>9.0%}")
    return lines


def _bid_table(result: CommitteeFunding) -> list[str]:
    """Rank under the committee's and each member's weights; * marks funded."""
    shown = result.members[:_MEMBER_COLUMNS]
    header = f"{'Bid':<9}{'Com.':>5} " + "".join(f"{m.member_id[:4]:>5}" for m in shown)
    lines = [header + ("  Funded under" if result.has_funding_line else ""), "-" * WIDTH]
    for bid in result.bids:
        mark = "*" if bid.committee_funded else " "
        row = f"{bid.bid_id[:8]:<9}{bid.committee_rank:>4}{mark} "
        for member in shown:
            star = "*" if member.member_id in bid.funded_under else " "
            row += f"{bid.ranks[member.member_id]:>4}{star}"
        if result.has_funding_line:
            count = f"{len(bid.funded_under)} of {len(result.members)}"
            row += f"  {count if bid.eligible else 'ineligible'}"
        lines.append(row.rstrip())
    lines.append("-" * WIDTH)
    key = "Rank under the committee's (Com.) and each member's weights"
    if result.has_funding_line:
        key += "; * funded"
    if len(result.members) > _MEMBER_COLUMNS:
        key += f"; the first {_MEMBER_COLUMNS} members shown, all counted"
    lines.append(wrapped(key, "", ""))
    return lines
