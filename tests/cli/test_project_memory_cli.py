"""CONTRACT §6: ``etprio new`` reads the committee and remembers the CCG and the budgets;
every ``--project`` command then uses them, and a flag overrides for that run only."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.committee.members import InterestKind, Role
from etprio.core.project.store import open_project
from etprio.core.resources import demo_bids_path, demo_survey_path

MEMBERS = """member_id,name,role,voting,practice_codes
L1,Margaret Oduya,Lay member,yes,
G1,Dr Helen Ashworth,GP,yes,Y02103
O1,Sarah Quinlan,CCG officer,y,
X1,Dr Tom Hale,LMC observer,no,
"""

INTERESTS = """member_id,kind,description,declared_on,practice_code,bid_id,withheld
G1,non-financial professional,Partner at Wharf Lane Surgery,12/04/2016,Y02103,,no
O1,indirect,Spouse is practice manager,2016-05-01,,EV05,yes
"""


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def tables(tmp_path: Path, members: str = MEMBERS, interests: str = INTERESTS) -> list[str]:
    (tmp_path / "members.csv").write_text(members, encoding="utf-8")
    (tmp_path / "interests.csv").write_text(interests, encoding="utf-8")
    return [
        "--bids", str(demo_bids_path()), "--survey", str(demo_survey_path()),
        "--members", str(tmp_path / "members.csv"),
        "--interests", str(tmp_path / "interests.csv"),
    ]  # fmt: skip


@pytest.fixture
def remembered(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A project made with a committee, the CCG and budgets."""
    path = tmp_path / "vale.etprio"
    code, out, _ = run(
        capsys, "new", path, *tables(tmp_path),
        "--ccg-name", "NHS Test Vale CCG", "--ccg-code", "99x",
        "--capital", "£2.5m", "--recurrent", "£120k",
    )  # fmt: skip
    assert code == 0, out
    return path


def test_new_keeps_the_committee_the_ccg_and_the_budgets(remembered: Path) -> None:
    with open_project(remembered, read_only=True) as project:
        committee = project.committee
        assert [m.member_id for m in committee.members] == ["L1", "G1", "O1", "X1"]
        assert committee.member("X1").role is Role.LMC_OBSERVER
        assert committee.member("X1").voting is False
        assert committee.member("G1").practice_codes == ("Y02103",)
        kinds = [(d.member_id, d.kind, d.withheld) for d in committee.declarations]
        assert kinds == [
            ("G1", InterestKind.PROFESSIONAL, False),
            ("O1", InterestKind.INDIRECT, True),
        ]
        assert project.settings.report.ccg_name == "NHS Test Vale CCG"
        assert project.settings.report.ccg_code == "99X"
        assert project.settings.funding.capital_envelope == 2_500_000
        assert project.settings.funding.recurrent_headroom == 120_000
        summaries = [entry.summary for entry in project.log]
    # each member and each declaration is its own minuted entry, after the import
    assert len([s for s in summaries if "Member added" in s]) == 4
    assert len([s for s in summaries if "declared" in s]) == 2


def test_funding_uses_the_saved_budgets(remembered: Path, capsys) -> None:
    code, out, _ = run(capsys, "funding", "--project", remembered, "--format", "json")
    assert code == 0
    plan = json.loads(out)
    assert plan["capital_envelope"] == 2_500_000
    assert plan["recurrent_headroom"] == 120_000


def test_a_flag_overrides_the_saved_budget_for_that_run_only(remembered: Path, capsys) -> None:
    argv = ("funding", "--project", remembered, "--format", "json", "--capital", "£1m")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    plan = json.loads(out)
    assert (plan["capital_envelope"], plan["recurrent_headroom"]) == (1_000_000, 120_000)
    with open_project(remembered, read_only=True) as project:
        assert project.settings.funding.capital_envelope == 2_500_000


def test_rank_and_export_carry_the_funded_column_from_the_project(
    remembered: Path, capsys, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "funding", "--project", remembered, "--format", "json")
    funded = set(json.loads(out)["rank_order"]["funded"])
    code, out, _ = run(capsys, "rank", "--project", remembered, "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert "funded" in rows[0]
    assert {r["bid_id"] for r in rows if r["funded"] in {"yes", "True", "true", "1"}} == funded
    out_file = tmp_path / "ranking.csv"
    assert run(capsys, "export", "--project", remembered, "-o", out_file)[0] == 0
    exported = list(csv.DictReader(io.StringIO(out_file.read_text(encoding="utf-8-sig"))))
    assert [r["funded"] for r in exported] == [r["funded"] for r in rows]


def test_without_budgets_nothing_is_funded_and_funding_asks_for_them(
    tmp_path: Path, capsys
) -> None:
    path = tmp_path / "plain.etprio"
    argv = ("new", path, "--bids", demo_bids_path(), "--survey", demo_survey_path())
    assert run(capsys, *argv)[0] == 0
    code, out, _ = run(capsys, "rank", "--project", path, "--format", "csv")
    assert code == 0 and "funded" not in out.splitlines()[0].split(",")
    code, _, err = run(capsys, "funding", "--project", path)
    assert code == 2
    assert "no budgets" in err


@pytest.mark.parametrize(
    ("members", "interests", "expected"),
    [
        (
            "member_id,name,role\nM1,,GP\nM1,Bob,Wizard\n",
            INTERESTS,
            [":2:name:", ":3:member_id:", ":3:role:"],
        ),
        (
            MEMBERS,
            "member_id,kind,description,bid_id\nZZ,odd,Something,NOPE\n",
            [":2:member_id:", ":2:kind:", ":2:bid_id:"],
        ),
    ],
)
def test_a_bad_committee_table_writes_nothing(
    tmp_path: Path, capsys, members: str, interests: str, expected: list[str]
) -> None:
    path = tmp_path / "bad.etprio"
    code, _, err = run(capsys, "new", path, *tables(tmp_path, members, interests))
    assert code == 3
    for address in expected:
        assert address in err
    assert not path.exists()


def test_budgets_go_together(tmp_path: Path, capsys) -> None:
    argv = ("new", tmp_path / "p.etprio", "--bids", demo_bids_path())
    code, _, err = run(capsys, *argv, "--survey", demo_survey_path(), "--capital", "£1m")
    assert code == 2 and "go together" in err
    assert not (tmp_path / "p.etprio").exists()


def test_report_prints_the_saved_ccg_name(remembered: Path, capsys, tmp_path: Path) -> None:
    from tests.report.builders import flat, page_texts

    out = tmp_path / "s.pdf"
    assert run(capsys, "report", "--project", remembered, "--samples", "200", "-o", out)[0] == 0
    text = flat(" ".join(page_texts(out)))
    assert "NHS Test Vale CCG" in text
    assert "NHS Example Vale CCG" not in text
    assert "Funding line:" in text
