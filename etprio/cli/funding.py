"""``etprio funding``: the funding line in rank order, the best-value selection, what differs
between them, and the recurrent liability by financial year (CONTRACT §3, §4)."""

from __future__ import annotations

import argparse
import json
import math

from etprio.cli.common import WIDTH, add_data_arguments, load_workspace, required_limits, wrapped
from etprio.core.funding.best_value import DEFAULT_TIME_LIMIT
from etprio.core.funding.limits import limits_in_words
from etprio.core.funding.plan import FundingPlan, plan_funding
from etprio.core.funding.selection import Selection
from etprio.core.scoring.weighted_sum import Scores
from etprio.core.wording import format_gbp


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "funding",
        help="funding line, best value and recurrent liability",
        description="Fund the bids in rank order within the budgets, find the best-value set "
        "the same budgets could buy, and show the recurrent revenue each year.",
    )
    add_data_arguments(parser)
    parser.add_argument(
        "--time-limit",
        type=_seconds,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help="stop the best-value search after this long and state how close it got "
        f"(default {DEFAULT_TIME_LIMIT:g})",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def _seconds(text: str) -> float:
    """A time limit in seconds, > 0 (argparse turns the ValueError into exit code 2)."""
    seconds = float(text)
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text!r}")
    return seconds


def run(args: argparse.Namespace) -> int:
    workspace = load_workspace(args)
    limits = required_limits(workspace)
    scores = workspace.scores
    plan = plan_funding(scores, limits, time_limit=args.time_limit)
    if args.format == "json":
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        print(funding_text(scores, plan))
    return 0


def funding_text(scores: Scores, plan: FundingPlan) -> str:
    """Both selections, their differences and the liability, readable in 80 columns."""
    limits = plan.limits
    lines = [
        scores.matrix.criteria.name,
        wrapped(limits_in_words(limits), "", ""),
        "",
        *_totals(plan),
        "",
        *_by_year(plan),
        *_bid_table(scores, plan),
        "",
        *_reasons(scores, plan),
        "What best value does differently",
        *(wrapped(sentence, "  ", "  ") for sentence in plan.differences),
        "",
        *_liability(plan),
    ]
    return "\n".join(lines)


def _totals(plan: FundingPlan) -> list[str]:
    rows = [
        ("Bids funded", lambda s: str(len(s.funded))),
        ("Points", lambda s: f"{s.total_score:,.1f}"),
        ("Grant", lambda s: format_gbp(s.grant_total)),
        ("Recurrent revenue a year", lambda s: format_gbp(s.recurrent_total)),
    ]
    lines = [f"{'':<26}{'In rank order':>16}{'Best value':>16}"]
    for label, figure in rows:
        lines.append(f"{label:<26}{figure(plan.rank_order):>16}{figure(plan.best_value):>16}")
    lines.append(f"Best value is {plan.best_value.optimality}.")
    return lines


def _by_year(plan: FundingPlan) -> list[str]:
    """CONTRACT §7: the grant each selection draws per financial year against the
    allocation, with what earlier years carried in when unspent allocation carries forward."""
    if not plan.capital_by_year:
        return []
    carry = plan.limits.carry_forward
    lines = [
        "Capital by financial year" + (" (unspent allocation carried forward)" if carry else ""),
        f"{'Year':<9}{'Allocation':>14}{'In rank order':>16}{'Best value':>16}"
        + (f"{'Carried in':>14}" if carry else ""),
    ]
    for year in plan.capital_by_year:
        allocation = "–" if year.allocation is None else format_gbp(year.allocation)
        lines.append(
            f"{year.year:<9}{allocation:>14}{format_gbp(year.rank_order):>16}"
            f"{format_gbp(year.best_value):>16}"
            + (f"{format_gbp(year.rank_order_carried_in):>14}" if carry else "")
        )
    if carry:
        lines.append("Carried in: allocation earlier years left unspent in rank order.")
    return [*lines, ""]


def _bid_table(scores: Scores, plan: FundingPlan) -> list[str]:
    matrix = scores.matrix
    lines = [
        f"{'Rank':>4}  {'Bid':<8} {'Score':>6} {'Grant':>12} {'£/yr':>10}  "
        f"{'In rank order':<14} {'Best value'}",
        "-" * WIDTH,
    ]
    for position, index in enumerate(scores.order.tolist(), start=1):
        bid = matrix.bids[index]
        eligible = bool(matrix.eligible[index])
        lines.append(
            f"{position:>4}  {bid.bid_id[:8]:<8} {scores.score[index]:>6.1f} "
            f"{format_gbp(bid.grant_gbp):>12} {format_gbp(bid.recurrent_revenue_gbp):>10}  "
            f"{_status(plan.rank_order, bid.bid_id, eligible):<14} "
            f"{_status(plan.best_value, bid.bid_id, eligible):<14}".rstrip()
        )
    return lines


def _status(selection: Selection, bid_id: str, eligible: bool) -> str:
    if bid_id in selection.funded_set:
        return "funded"
    return "not funded" if eligible else "ineligible"


def _reasons(scores: Scores, plan: FundingPlan) -> list[str]:
    """Why each bid is not funded: the eligible ones per selection, the ineligible once."""
    eligible = dict(zip(scores.matrix.bid_ids, scores.matrix.eligible.tolist(), strict=True))
    sections = [
        ("Not funded in rank order", plan.rank_order.not_funded, True),
        ("Left out of best value", plan.best_value.not_funded, True),
        ("Ineligible, never funded", plan.rank_order.not_funded, False),
    ]
    lines: list[str] = []
    for title, not_funded, wanted in sections:
        entries = [(b, r) for b, r in not_funded if eligible[b] == wanted]
        if entries:
            lines.append(title)
            lines += [wrapped(f"{b:<8} {r}", "  ", " " * 11) for b, r in entries]
            lines.append("")
    return lines


def _liability(plan: FundingPlan) -> list[str]:
    headroom = plan.limits.recurrent_headroom
    lines = [
        f"Recurrent liability, £ a year, over {plan.limits.horizon_years} financial years",
        f"{'Year':<9}{'Funded':>14}{'Pipeline':>14}{'Headroom':>14}{'Headroom left':>18}",
    ]
    for year in plan.liability:
        if headroom is None:
            shown, left = "–", "–"
        else:
            spare = headroom - year.funded
            shown = format_gbp(headroom)
            left = format_gbp(spare) if spare >= 0 else f"{format_gbp(-spare)} over"
        lines.append(
            f"{year.year:<9}{format_gbp(year.funded):>14}{format_gbp(year.pipeline):>14}"
            f"{shown:>14}{left:>18}"
        )
    return lines
