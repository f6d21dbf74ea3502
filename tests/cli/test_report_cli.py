"""CONTRACT §4 ``etprio report DATA ... -o OUT.pdf [--public]``: a readable PDF, the funding
line only with budgets, the public edition without notes, exit codes 2 and 4 without a
traceback, and reportlab loaded only when a report is asked for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from etprio.cli import main
from etprio.core.resources import demo_bids_path
from tests.report.builders import flat, page_texts

FAST = ("--samples", "200")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _demo_note() -> str:
    """The first sentence of the first demo bid's notes: confidential, so public-edition
    text must not contain it."""
    import csv

    with demo_bids_path().open(encoding="utf-8-sig", newline="") as handle:
        first = next(csv.DictReader(handle))
    return first["notes"].split(":")[0]


def test_report_on_the_demo_writes_a_numbered_pdf(capsys, tmp_path: Path) -> None:
    out = tmp_path / "submission.pdf"
    code, stdout, _ = run(capsys, "report", "--demo", *FAST, "-o", str(out))
    assert code == 0
    assert "full edition" in stdout
    pages = page_texts(out)
    assert all(f"Page {n} of {len(pages)}" in t for n, t in enumerate(pages, start=1))
    text = flat(" ".join(pages))
    assert "NHS Example Vale CCG" in text
    assert _demo_note() in text
    assert "No capital envelope or recurrent headroom was given" in text


def test_budgets_add_the_funding_line(capsys, tmp_path: Path) -> None:
    out = tmp_path / "funded.pdf"
    argv = ("report", "--demo", "--capital", "£4.5m", "--recurrent", "£250k", *FAST)
    code, _, _ = run(capsys, *argv, "-o", str(out))
    assert code == 0
    text = flat(" ".join(page_texts(out)))
    assert "Funding line:" in text
    assert "Recurrent revenue liability" in text
    assert "Best value" in text


def test_the_public_edition_leaves_out_notes(capsys, tmp_path: Path) -> None:
    out = tmp_path / "public.pdf"
    code, stdout, _ = run(capsys, "report", "--demo", "--public", *FAST, "-o", str(out))
    assert code == 0
    assert "public edition" in stdout
    pages = page_texts(out)
    text = flat(" ".join(pages))
    assert _demo_note() not in text
    assert "Public edition" in pages[0]


def test_cover_options(capsys, tmp_path: Path) -> None:
    out = tmp_path / "cover.pdf"
    argv = ("--ccg", "NHS Bro Morgannwg CCG", "--doc-version", "2.1", "--date", "2016-06-30")
    code, _, _ = run(capsys, "report", "--demo", *FAST, *argv, "-o", str(out))
    assert code == 0
    cover = flat(page_texts(out)[0])
    assert "NHS Bro Morgannwg CCG" in cover
    assert "30 June 2016" in cover
    assert "2.1" in cover


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (("--demo", "-o", "report.txt"), 2),
        (("--demo", "--capital", "£1m", "-o", "report.pdf"), 2),
        (("-o", "report.pdf"), 2),
        (("--demo", "-o", "missing/report.pdf"), 4),
    ],
)
def test_user_errors_exit_with_the_contract_code(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...], code: int
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "report", *FAST, *argv)[0] == code


def test_a_project_report_uses_its_settings_and_committee(capsys, tmp_path: Path) -> None:
    from etprio.core.project.store import save_project
    from tests.project_builders import sample_project

    project_file = tmp_path / "sample.etprio"
    save_project(sample_project(), project_file)
    full, public = tmp_path / "full.pdf", tmp_path / "public.pdf"
    assert run(capsys, "report", "--project", str(project_file), *FAST, "-o", str(full))[0] == 0
    argv = ("report", "--project", str(project_file), "--public", *FAST, "-o", str(public))
    assert run(capsys, *argv)[0] == 0
    full_text, public_text = (flat(" ".join(page_texts(p))) for p in (full, public))
    assert "NHS Valeton CCG" in full_text
    assert "Governor of the hospice" in full_text  # withheld, so only in the full edition
    assert "Governor of the hospice" not in public_text
    assert "Sister is practice manager" in public_text  # the register is published
    assert "confidential note" in full_text and "confidential note" not in public_text
    assert "Scheme B01 — £ & <b>" in full_text  # the project lists title as confidential
    assert "Scheme B01" not in public_text


def test_the_cli_loads_reportlab_only_for_a_report() -> None:
    code = "import sys, etprio.cli; print('reportlab' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
