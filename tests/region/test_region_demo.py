"""``etprio demo --ccgs N``: a synthetic region of distinct CCGs whose projects import cleanly,
some of whose grants are phased over years adding up to the grant, the same every time."""

from __future__ import annotations

import csv
import hashlib

import pytest

from etprio.cli import main
from etprio.core.region.demo import MAX_CCGS, demo_ccgs
from etprio.core.region.pipeline import open_ccgs


def test_every_possible_ccg_has_its_own_code_and_name():
    ccgs = demo_ccgs(MAX_CCGS)
    assert len({c.code for c in ccgs}) == len({c.name for c in ccgs}) == MAX_CCGS
    assert all(len(c.code) == 3 and c.code[:2].isdigit() for c in ccgs)


def _digest(folder) -> str:
    return hashlib.sha256(
        b"".join(p.read_bytes() for p in sorted(folder.glob("*/*.csv")))
    ).hexdigest()


def test_demo_writes_a_region_of_projects_the_same_for_the_same_seed(capsys, tmp_path):
    assert (
        main(["demo", "--ccgs", "3", "--bids", "30", "--seed", "4", "-o", str(tmp_path / "a")]) == 0
    )
    assert (
        main(["demo", "--ccgs", "3", "--bids", "30", "--seed", "4", "-o", str(tmp_path / "b")]) == 0
    )
    capsys.readouterr()
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    projects = sorted((tmp_path / "a").glob("*/*.etprio"))
    ccgs = open_ccgs(projects)
    assert [c.code for c in ccgs] == [c.code for c in demo_ccgs(3)]
    phased = 0
    for ccg in ccgs:
        for bid in ccg.dataset.bids:
            if bid.grant_phasing:
                phased += 1
                assert sum(bid.grant_phasing.values()) == pytest.approx(bid.grant_gbp, abs=1)
                assert min(bid.grant_phasing) >= "2016/17"
    assert phased > 0
    with (projects[0].parent / "bids.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert any(h.startswith("grant_20") for h in header)


def test_too_many_ccgs_is_a_usage_error(capsys, tmp_path):
    assert main(["demo", "--ccgs", str(MAX_CCGS + 1), "-o", str(tmp_path)]) == 2
    assert "--ccgs" in capsys.readouterr().err
