"""Realistic synthetic ETTF bids and six-facet surveys of any size (``etprio demo``, CONTRACT §4).

Benchmarks need tens of thousands of bids and tests need many small data sets; both must get
the same tables every time for the same seed, so every random draw comes from one
``numpy.random.default_rng(seed)`` stream, drawn in a fixed order and in whole arrays (which
is also what keeps 10,000 bids well under a second). The shapes follow what CCGs submitted in
2016 (DOMAIN): mostly estates schemes, bigger schemes finishing later, some practices without
land, grants mostly at 66%, technology bids that only make sense once an estates scheme is
built, and the odd bid that fails information governance.

Every table written here imports under CONTRACT §1 without errors: ids are unique, every
premises_id is in the survey, and a bid only depends on an *earlier* estates bid, so the
dependency graph has no cycles. Warnings (old surveys, unsurveyed premises) are left in on
purpose, because real data has them.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path

import numpy as np

from etprio.core.errors import FileAccessError, UsageError
from etprio.core.model import ASSESSOR_COLUMNS, FACETS

BID_COLUMNS: tuple[str, ...] = (
    "bid_id",
    "title",
    "practice_code",
    "scheme_type",
    "premises_id",
    "capital_cost_gbp",
    "grant_pct",
    "recurrent_revenue_gbp",
    "expected_completion",
    "land_secured",
    "planning_status",
    *ASSESSOR_COLUMNS,
    "population_benefit",
    "depends_on",
    "notes",
)

SURVEY_COLUMNS: tuple[str, ...] = (
    "premises_id",
    "practice_code",
    "premises_name",
    "survey_date",
    *FACETS,
    "gia_m2",
    "backlog_cost_gbp",
    "current_rent_gbp",
    "list_size",
)

_PREMISES_PER_BID = 1.25  # one premises per 0.8 bids, as in a CCG's survey
_TECHNOLOGY_SHARE = 0.3
# A third of technology bids lean on an estates bid: about 10% of all bids.
_DEPENDENT_SHARE_OF_TECHNOLOGY = 1 / 3

_MIN_COST, _MAX_COST, _MAX_TECHNOLOGY_COST = 30_000.0, 3_000_000.0, 600_000.0
_MAX_RECURRENT = 120_000.0

# Completion windows per cohort, around the default deadlines 2017-03-31 and 2019-03-31
# (CONTRACT §2.2); all after the assessment date 2016-06-30 so no bid looks already late.
_COHORT_WINDOWS = np.array(
    [
        ["2016-07-01", "2017-03-31"],
        ["2017-04-01", "2019-03-31"],
        ["2019-04-01", "2021-03-31"],
    ],
    dtype="datetime64[D]",
)
_DEADLINES = _COHORT_WINDOWS[:2, 1]
# About one survey in ten is older than five years at 2016-06-30, as in real estates.
_SURVEY_WINDOW = np.array(["2011-01-01", "2016-06-01"], dtype="datetime64[D]")

# Grades in the default scale's order, from no need to most need (resources/scales).
_CONDITION = np.array(["A", "B", "B(C)", "C", "D", "X"])
_FOUR_GRADES = np.array(["A", "B", "C", "D"])
_SPACE = np.array(["E", "U", "F", "O"])
_SPACE_P = (0.03, 0.17, 0.5, 0.3)
_CONDITION_NEED = np.array([0.0, 0.33, 0.5, 0.67, 1.0, 1.0])

_ODS_LETTERS = "YABCDEFGHJKLMNPQRSTUVWXZ"
_PLACE_STARTS = (
    "Ash", "Bram", "Cole", "Dun", "Elm", "Fern", "Glen", "Hol", "Kings", "Lang", "Mill",
    "Nor", "Oak", "Pen", "Ral", "Stan", "Thorn", "Wal", "Wick", "Yew", "Brack", "Crow",
    "Fell", "Marl",
)  # fmt: skip
_PLACE_ENDS = (
    "by", "field", "ford", "gate", "ham", "hurst", "ley", "mere", "stead", "ton", "wick",
    "worth", "combe", "dale",
)  # fmt: skip
_PREMISES_KINDS = (
    "Surgery", "Medical Centre", "Health Centre", "Medical Practice", "Road Surgery",
    "Lane Surgery", "Green Surgery", "Family Practice",
)  # fmt: skip

_SMALL_ESTATES = (
    "{name}: refurbishment and level access",
    "{name}: reconfigure the ground floor for two extra consulting rooms",
    "{name}: passenger lift and accessible first-floor consulting rooms",
    "{name}: new roof and infection-control upgrade to treatment rooms",
    "{name}: separate entrance and zoning for evening and weekend opening",
)
_MEDIUM_ESTATES = (
    "Extension of {name} for two extra clinical rooms and a training room",
    "{name}: first-floor extension for community nursing and health visitors",
    "{name}: conversion of the first floor for minor surgery and community clinics",
    "{name}: extension for mental health and physiotherapy rooms",
    "{name}: two-storey extension for extended access",
)
_LARGE_ESTATES = (
    "{place} Integrated Health and Care Hub for {count} practices",
    "{name}: replacement premises on a new site",
    "{name}: demolish and rebuild on the existing site",
    "{place} Primary Care Centre with community services and pharmacy",
)
_TECHNOLOGY = (
    "Wi-Fi and online consultation rollout across {count} practices",
    "Clinical system hardware refresh at {name}",
    "Telephony upgrade with call queuing at {name}",
    "Shared care record viewer for the {place} extended access hub",
    "Remote monitoring for care home residents in the {place} locality",
    "Video consultation rooms at {name}",
    "Self check-in kiosks and waiting-room display at {name}",
    "Document scanning and electronic workflow at {name}",
)
_BACKGROUND_NOTES = (
    "",
    "",
    "",
    "Fits the Local Estates Strategy's plan for the locality.",
    "Patients at the public meeting want to keep their local surgery.",
    "A partner sits on the PCCC, declared an interest and left the room for this item.",
    "The practice will fund its share from a bank loan agreed in principle.",
    "The LMC supports the bid.",
    "List has grown 8% in two years with new housing nearby.",
)

_CORE_SCORES = ("access_score", "capacity_score", "training_score", "wider_services_score")
_OPTIONAL_SCORES = ("engagement_score", "strategy_fit_score", "digital_roadmap_score", "ig_score")
_SCORE_TEXT = np.array([f"{half / 2:g}" for half in range(11)])  # "0", "0.5", … "5"
_PLANNING = np.array(["not_required", "granted", "applied", "none"])
_GRANT_TEXT = np.array(["66", "66%", "100", "50", ""])  # blank means the default 66%


@dataclass(frozen=True)
class _Survey:
    """The survey rows plus what the bids need to refer to the premises in them."""

    rows: list[dict[str, str]]
    ids: list[str]
    practice_codes: list[str]
    names: list[str]
    places: list[str]
    list_size: np.ndarray


def generate(n_bids: int, seed: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Bids and survey rows, every value as the text a CSV cell would hold.

    Identical for the same ``n_bids`` and ``seed``; about 1.25 premises per bid, at least one.

    >>> bids, survey = generate(3, seed=1)
    >>> [b["bid_id"] for b in bids], len(survey)
    (['B001', 'B002', 'B003'], 4)
    """
    if n_bids < 1:
        raise UsageError(f"a demo needs at least one bid, not {n_bids}")
    if seed < 0:
        raise UsageError(f"the seed must be a whole number ≥ 0, not {seed}")
    rng = np.random.default_rng(seed)
    survey = _survey(rng, max(1, round(n_bids * _PREMISES_PER_BID)))
    return _bids(rng, n_bids, survey), survey.rows


def write_demo(directory: Path, n_bids: int, seed: int) -> tuple[Path, Path]:
    """Write ``bids.csv`` and ``survey.csv`` (UTF-8) into ``directory``, creating it if needed."""
    bids, survey = generate(n_bids, seed)
    return write_tables(directory, bids, survey)


def write_tables(
    directory: Path,
    bids: list[dict[str, str]],
    survey: list[dict[str, str]],
    bid_columns: Sequence[str] = BID_COLUMNS,
) -> tuple[Path, Path]:
    """Write generated rows as ``bids.csv`` (with ``bid_columns``) and ``survey.csv``."""
    bids_path, survey_path = directory / "bids.csv", directory / "survey.csv"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        _write_table(bids_path, bid_columns, bids)
        _write_table(survey_path, SURVEY_COLUMNS, survey)
    except OSError as exc:
        raise FileAccessError(
            f"{directory}: cannot write the demo files ({exc.strerror or exc})"
        ) from exc
    return bids_path, survey_path


def _write_table(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(map(itemgetter(*columns), rows))


def _ids(prefix: str, count: int) -> list[str]:
    width = max(3, len(str(count)))
    return [f"{prefix}{i:0{width}d}" for i in range(1, count + 1)]


def _days(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """A uniformly random day in [start, end] for each pair."""
    span = (end - start).astype(np.int64) + 1
    days: np.ndarray = start + (rng.random(len(span)) * span).astype(np.int64)
    return days


def _graded(rng: np.random.Generator, wear: np.ndarray, levels: int) -> np.ndarray:
    """Grade indices (0 = no need) that follow a premises' overall wear, so a tired building
    is tired on most facets and the survey separates the premises that need help."""
    top = levels - 1
    index = np.rint(wear * top + rng.normal(0.0, 0.7, len(wear)))
    return np.clip(index, 0, top).astype(np.int64)


def _text(values: np.ndarray, blank: np.ndarray | None = None) -> list[str]:
    """Cell text for a column of whole numbers or strings, empty where ``blank``."""
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    text = values.astype(str)
    cells: list[str] = (text if blank is None else np.where(blank, "", text)).tolist()
    return cells


def _rows(columns: Sequence[str], cells: dict[str, list[str]]) -> list[dict[str, str]]:
    return [
        dict(zip(columns, row, strict=True))
        for row in zip(*(cells[c] for c in columns), strict=True)
    ]


def _survey(rng: np.random.Generator, n: int) -> _Survey:
    ids = _ids("P", n)
    # A branch surgery shares the ODS code of the practice listed just before it.
    branch = rng.random(n) < 0.12
    branch[0] = False
    practice = np.cumsum(~branch) - 1 + int(rng.integers(1_000, 50_000))
    codes = [
        f"{_ODS_LETTERS[(k // 100_000) % len(_ODS_LETTERS)]}{k % 100_000:05d}"
        for k in practice.tolist()
    ]
    starts = rng.integers(0, len(_PLACE_STARTS), n).tolist()
    ends = rng.integers(0, len(_PLACE_ENDS), n).tolist()
    kinds = rng.integers(0, len(_PREMISES_KINDS), n).tolist()
    places = [_PLACE_STARTS[s] + _PLACE_ENDS[e] for s, e in zip(starts, ends, strict=True)]
    names = [
        f"{place} Branch Surgery" if is_branch else f"{place} {_PREMISES_KINDS[kind]}"
        for place, kind, is_branch in zip(places, kinds, branch.tolist(), strict=True)
    ]

    wear = rng.random(n)
    condition = _graded(rng, wear, len(_CONDITION))
    grades = {
        "physical_condition": _CONDITION[condition],
        "functional_suitability": _FOUR_GRADES[_graded(rng, wear, 4)],
        "space_utilisation": rng.choice(_SPACE, n, p=_SPACE_P),
        "quality": _FOUR_GRADES[_graded(rng, wear, 4)],
        "statutory_compliance": _FOUR_GRADES[_graded(rng, wear * 0.8, 4)],
        "environmental_management": _FOUR_GRADES[_graded(rng, wear, 4)],
    }
    # Some surveys are partial; a few premises (temporary buildings) were never surveyed.
    unsurveyed = rng.random(n) < 0.02
    blank = (rng.random((n, len(FACETS))) < 0.4) & (rng.random(n) < 0.06)[:, None]
    blank |= unsurveyed[:, None]
    surveyed_on = _days(rng, np.full(n, _SURVEY_WINDOW[0]), np.full(n, _SURVEY_WINDOW[1]))

    list_size = np.round(
        np.where(branch, rng.uniform(3_000, 6_000, n), rng.uniform(3_000, 22_000, n)), -1
    )
    gia = np.rint(list_size * rng.uniform(0.04, 0.08, n))
    backlog = (gia * _CONDITION_NEED[condition] * rng.uniform(150, 450, n)).round(-3)
    rent = (gia * rng.uniform(90, 160, n)).round(-2)

    cells = {
        "premises_id": ids,
        "practice_code": codes,
        "premises_name": names,
        "survey_date": _text(np.datetime_as_string(surveyed_on, unit="D"), unsurveyed),
        **{facet: _text(grades[facet], blank[:, k]) for k, facet in enumerate(FACETS)},
        "gia_m2": _text(gia),
        "backlog_cost_gbp": _text(backlog, unsurveyed),
        "current_rent_gbp": _text(rent),
        "list_size": _text(list_size),
    }
    return _Survey(_rows(SURVEY_COLUMNS, cells), ids, codes, names, places, list_size)


def _bids(rng: np.random.Generator, n: int, survey: _Survey) -> list[dict[str, str]]:
    ids = _ids("B", n)
    technology = rng.random(n) < _TECHNOLOGY_SHARE
    estates = ~technology
    premises = rng.integers(0, len(survey.ids), n)
    show_premises = estates | (rng.random(n) < 0.5)

    top = np.where(technology, _MAX_TECHNOLOGY_COST, _MAX_COST)
    log_cost = rng.uniform(np.log(_MIN_COST), np.log(top))
    cost = np.maximum(np.rint(np.exp(log_cost) / 500) * 500, _MIN_COST)
    size = (log_cost - np.log(_MIN_COST)) / np.log(_MAX_COST / _MIN_COST)  # 0 small … 1 big

    # Bigger schemes finish later: cohort 1 for most small ones and for most IT, hardly ever
    # for a new building; cohort 3 for some big ones.
    draw = rng.random(n)
    quick = np.where(technology, 0.8 - 0.5 * size, np.maximum(0.05, 0.75 - size))
    late = np.where(technology, 0.03 + 0.1 * size, 0.02 + 0.3 * size**2)
    window = np.where(draw < quick, 0, np.where(draw < 1 - late, 1, 2))
    completion = _days(rng, _COHORT_WINDOWS[window, 0], _COHORT_WINDOWS[window, 1])

    # A technology bid may lean on an earlier estates bid (no cycles by construction): it
    # moves into that building, so it shares its premises and cannot finish before it.
    estates_before = np.cumsum(estates) - estates
    depends = technology & (estates_before > 0) & (rng.random(n) < _DEPENDENT_SHARE_OF_TECHNOLOGY)
    pick = (rng.random(n) * estates_before).astype(np.int64)
    target = np.full(n, -1)
    target[depends] = np.flatnonzero(estates)[pick[depends]]
    premises[depends] = premises[target[depends]]
    show_premises |= depends
    completion[depends] = np.maximum(completion[depends], completion[target[depends]])
    cohort = np.searchsorted(_DEADLINES, completion) + 1  # §2.2: finishing on a deadline is in time
    completion_text = np.datetime_as_string(completion, unit="D").tolist()

    grant = rng.choice(_GRANT_TEXT, n, p=(0.55, 0.15, 0.12, 0.08, 0.1)).tolist()
    recurrent_share = np.where(technology, rng.uniform(0.03, 0.2, n), rng.uniform(0.01, 0.07, n))
    no_recurrent = rng.random(n) < np.where(technology, 0.3, 0.25)
    recurrent = np.where(
        no_recurrent, 0.0, np.minimum(cost * recurrent_share, _MAX_RECURRENT).round(-2)
    )

    land = rng.random(n) >= 0.35 * size**2  # a new building needs a site; a refit does not
    small_planning = rng.choice(_PLANNING, n, p=(0.55, 0.25, 0.12, 0.08))
    large_planning = rng.choice(_PLANNING, n, p=(0.1, 0.35, 0.35, 0.2))
    planning = np.where(size < 0.35, small_planning, large_planning)

    # Assessors agree roughly about a bid's merit; halves come from median panel scores.
    merit = rng.normal(3.0, 0.7, n)
    offset = np.array([0.0, 0.0, -0.8, -0.2, 0.0, 0.0, 0.0, 0.3])
    raw = merit[:, None] + offset + rng.normal(0.0, 0.9, (n, 8))
    raw[:, 2] -= np.where(technology, 1.2, 0.0)
    halves = np.clip(np.rint(raw * 2), 0, 10).astype(np.int64)
    given = rng.random((n, 4)) < np.where(technology, 0.9, 0.85)[:, None]
    ig_fails = technology & given[:, 3] & (rng.random(n) < 0.05)
    halves[ig_fails, 7] = 0

    population = np.where(
        technology,
        rng.uniform(10_000, 80_000, n),
        survey.list_size[premises] * rng.uniform(1.0, 1.6, n),
    ).round(-2)
    show_population = rng.random(n) < np.where(technology, 0.4, 0.15)

    template = rng.random(n).tolist()
    count = rng.integers(2, 7, n).tolist()
    background = rng.integers(0, len(_BACKGROUND_NOTES), n).tolist()

    where = premises.tolist()
    is_tech = technology.tolist()
    depends_on = [ids[t] if t >= 0 else "" for t in target.tolist()]
    score_text = _SCORE_TEXT[halves]
    # engagement and strategy_fit are estates criteria; digital_roadmap and ig technology ones.
    applies = technology[:, None] == np.array([False, False, True, True])
    cells = {
        "bid_id": ids,
        "title": [
            _title(tech, big, pick, survey.names[w], survey.places[w], k)
            for tech, big, pick, w, k in zip(
                is_tech, size.tolist(), template, where, count, strict=True
            )
        ],
        "practice_code": [survey.practice_codes[w] for w in where],
        "scheme_type": np.where(technology, "technology", "estates").tolist(),
        "premises_id": [
            survey.ids[w] if shown else ""
            for w, shown in zip(where, show_premises.tolist(), strict=True)
        ],
        "capital_cost_gbp": _text(cost),
        "grant_pct": grant,
        "recurrent_revenue_gbp": _text(recurrent),
        "expected_completion": completion_text,
        "land_secured": _text(np.where(land, "yes", "no"), technology),
        "planning_status": _text(planning, technology),
        **{column: score_text[:, k].tolist() for k, column in enumerate(_CORE_SCORES)},
        **{
            column: _text(score_text[:, 4 + k], ~(applies[:, k] & given[:, k]))
            for k, column in enumerate(_OPTIONAL_SCORES)
        },
        "population_benefit": _text(population, ~show_population),
        "depends_on": depends_on,
        "notes": [
            _notes(tech, later, has_land, yearly, dependency, fails, _BACKGROUND_NOTES[b])
            for tech, later, has_land, yearly, dependency, fails, b in zip(
                is_tech,
                cohort.tolist(),
                land.tolist(),
                recurrent.astype(np.int64).tolist(),
                depends_on,
                ig_fails.tolist(),
                background,
                strict=True,
            )
        ],
    }
    return _rows(BID_COLUMNS, cells)


def _title(is_tech: bool, size: float, pick: float, name: str, place: str, count: int) -> str:
    options: tuple[str, ...]
    if is_tech:
        options = _TECHNOLOGY
    elif size < 0.35:
        options = _SMALL_ESTATES
    elif size < 0.7:
        options = _MEDIUM_ESTATES
    else:
        options = _LARGE_ESTATES
    return options[int(pick * len(options))].format(name=name, place=place, count=count)


def _notes(
    is_tech: bool,
    cohort: int,
    land: bool,
    recurrent: int,
    dependency: str,
    ig_fails: bool,
    background: str,
) -> str:
    """Confidential notes voicing the committee's recurring dilemmas (DOMAIN "What they
    argued about"), so that the notes column looks and reads like the real thing."""
    parts = []
    if dependency:
        parts.append(
            f"Only worth doing once {dependency} is done: no point putting IT into rooms "
            "that are about to be rebuilt or left."
        )
    if ig_fails:
        parts.append("Failed the IG check: no data protection impact assessment yet.")
    if not is_tech and not land:
        parts.append("No land secured yet; talks with the council about a site continue.")
    if cohort == 3:
        parts.append("Cannot realistically finish within the life of the fund.")
    elif cohort == 1 and not is_tech:
        parts.append("Can be finished by 31 March 2017.")
    if recurrent >= 60_000:
        parts.append(f"Adds about £{recurrent // 1000}k a year to the CCG's recurrent costs.")
    if background:
        parts.append(background)
    return " ".join(parts)
