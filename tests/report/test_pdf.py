"""The submission PDF (DESIGN "Submission PDF", CONTRACT §5), read back with pypdf: every
bid in rank order, "Page X of Y" everywhere, user text printed exactly as typed, the public
edition without notes, confidential columns or withheld declarations, metadata and fonts."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from etprio import __version__
from etprio.core.errors import FileAccessError
from etprio.core.model import Dataset
from etprio.report.pdf import CoverSettings, ReportContent, build_report, report_bytes
from tests.report.builders import (
    HOSTILE_TITLE,
    PUBLISHED_INTEREST,
    WELSH_TITLE,
    WITHHELD_INTEREST,
    content,
    dataset,
    flat,
    note_of,
    page_texts,
    scores_of,
)

BID_ID = re.compile(r"\bZ\d{3}\b")


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("full") / "submission.pdf"
    build_report(path, content())
    return path


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("public") / "submission-public.pdf"
    build_report(path, content(), public=True)
    return path


def _section(pages: list[str], heading: str, next_heading: str) -> str:
    """Text of the pages from the one starting a section to the one before the next."""
    start = next(i for i, t in enumerate(pages) if t.startswith(heading))
    end = next(i for i, t in enumerate(pages) if t.startswith(next_heading))
    return "\n".join(pages[start:end])


def test_every_bid_appears_in_rank_order_in_the_ranked_table(full: Path) -> None:
    scores = content().scores
    expected = [scores.matrix.bids[i].bid_id for i in scores.order.tolist()]
    ranking = _section(page_texts(full), "Ranked list of bids", "How each score is made up")
    assert BID_ID.findall(ranking) == expected


def test_every_page_is_numbered_page_x_of_y(full: Path, public: Path) -> None:
    for path in (full, public):
        pages = page_texts(path)
        assert len(pages) > 12 + 6  # cover, contents, sections and a page per bid
        for number, text in enumerate(pages, start=1):
            assert f"Page {number} of {len(pages)}" in text


def test_a_page_per_bid_in_rank_order(full: Path) -> None:
    pages = page_texts(full)
    scores = content().scores
    headings = [m.group(1) for t in pages if (m := re.match(r"(\d+)\. (Z\d{3}) —", t))]
    assert headings == [str(n) for n in range(1, len(scores.order) + 1)]
    bid_pages = [t for t in pages if re.match(r"\d+\. Z\d{3} —", t)]
    ids = [BID_ID.search(t).group(0) for t in bid_pages]  # type: ignore[union-attr]
    assert ids == [scores.matrix.bids[i].bid_id for i in scores.order.tolist()]


def test_the_full_edition_has_notes_and_every_declaration(full: Path) -> None:
    text = flat(" ".join(page_texts(full)))
    for bid in dataset().bids:
        assert note_of(bid.bid_id) in text
    assert PUBLISHED_INTEREST in text
    assert WITHHELD_INTEREST in text
    assert "Full edition" in text


def test_the_public_edition_leaves_out_notes_and_withheld_declarations(public: Path) -> None:
    pages = page_texts(public)
    text = flat(" ".join(pages))
    assert "NOTE" not in text.replace("NOTES", "")
    for bid in dataset().bids:
        assert f"NOTE{bid.bid_id}QX" not in text
    assert WITHHELD_INTEREST not in text
    assert "Spouse treated" not in text  # nor in the decision log that minuted it
    assert PUBLISHED_INTEREST in text  # the register is otherwise published as it stands
    assert "a declared interest (not published)" in text  # the recusal stays, its reason not


def test_the_public_edition_says_so_on_the_cover_and_every_footer(public: Path) -> None:
    pages = page_texts(public)
    assert "Public edition" in pages[0]
    assert all("Public edition ·" in t for t in pages)
    assert all("OFFICIAL-SENSITIVE" not in t for t in pages)


def test_the_public_edition_leaves_out_confidential_columns(tmp_path: Path) -> None:
    chosen = content(confidential=("notes", "recurrent_revenue_gbp", "title"))
    build_report(tmp_path / "full.pdf", chosen)
    build_report(tmp_path / "public.pdf", chosen, public=True)
    full_text = flat(" ".join(page_texts(tmp_path / "full.pdf")))
    public_text = flat(" ".join(page_texts(tmp_path / "public.pdf")))
    assert "£87,654" in full_text and "£87,654" not in public_text
    assert HOSTILE_TITLE in full_text and HOSTILE_TITLE not in public_text
    assert WELSH_TITLE not in public_text
    assert "Recurrent £/yr" not in public_text
    assert "(title not published)" in public_text


def test_a_hostile_title_prints_exactly_as_typed(full: Path) -> None:
    text = flat(" ".join(page_texts(full)))
    assert HOSTILE_TITLE in text
    assert text.count(HOSTILE_TITLE) >= 3  # ranked table, bid page, funding tables


def test_welsh_letters_pounds_and_dashes_extract_intact(full: Path) -> None:
    text = flat(" ".join(page_texts(full)))
    assert WELSH_TITLE in text
    assert re.search(r"£\d{1,3}(,\d{3})+", text)
    assert "Estates and Technology Transformation Fund — prioritised submission" in text


def test_metadata_and_page_size(full: Path) -> None:
    reader = PdfReader(full)
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Estates and Technology Transformation Fund — prioritised submission"
    assert meta.author == "NHS Example Vale CCG"
    assert "NHS England" in (meta.subject or "")
    assert meta.creator == f"etprio {__version__}"
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595
        assert round(float(page.mediabox.height)) == 842


def test_the_font_is_embedded_truetype(full: Path) -> None:
    reader = PdfReader(full)
    fonts = {}
    for page in reader.pages[:3]:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    embedded = [
        name
        for name, font in fonts.items()
        if "LiberationSans" in name and "/FontFile2" in font["/FontDescriptor"].get_object()
    ]
    assert embedded


def test_the_contents_page_numbers_point_at_their_sections(full: Path) -> None:
    pages = page_texts(full)
    contents = pages[1]
    for heading in ("Summary", "Ranked list of bids", "Funding line", "Sign-off"):
        match = re.search(re.escape(heading) + r"[ .]*\s*(\d+)", contents)
        assert match, heading
        assert pages[int(match.group(1)) - 1].startswith(heading)


def test_the_outline_lists_sections_and_bids(full: Path) -> None:
    outline = PdfReader(full).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[:4] == ["Contents", "Summary", "Criteria and weights", "Ranked list of bids"]
    assert "Bid pages" in titles


def test_the_outline_takes_the_reader_to_each_section(full: Path) -> None:
    reader = PdfReader(full)
    pages = page_texts(full)
    entries = [item for item in reader.outline if not isinstance(item, list)]
    bids = next(item for item in reader.outline if isinstance(item, list))
    first = reader.get_destination_page_number(bids[0])
    assert pages[first].startswith(bids[0].title)
    for entry in entries[1:]:
        page = reader.get_destination_page_number(entry)
        if entry.title == "Bid pages":  # every bid has a page: the first bid's heading
            assert page == first
        else:
            assert pages[page].startswith(entry.title), entry.title


def test_the_funding_line_is_drawn_below_the_last_funded_bid(full: Path) -> None:
    plan = content().funding
    assert plan is not None
    ranking = flat(_section(page_texts(full), "Ranked list of bids", "How each score is made up"))
    line = ranking.index("Funding line:")
    order = BID_ID.findall(ranking)
    last_funded = max(order.index(b) for b in plan.rank_order.funded)
    assert ranking.index(order[last_funded]) < line
    if last_funded + 1 < len(order):
        assert line < ranking.index(order[last_funded + 1])
    assert f"Funding line: {len(plan.rank_order.funded)} bids funded" in ranking


def test_without_budgets_the_funding_sections_explain_why(tmp_path: Path) -> None:
    path = tmp_path / "no-budgets.pdf"
    build_report(path, content(budgets=False))
    pages = page_texts(path)
    text = flat(" ".join(pages))
    assert "No capital envelope or recurrent headroom was given" in text
    assert not any(t.startswith("Recurrent revenue liability") for t in pages)
    assert "Funding line:" not in text


def test_scores_alone_make_a_report(tmp_path: Path) -> None:
    path = tmp_path / "bare.pdf"
    build_report(path, ReportContent(scores_of(dataset(3))))
    text = flat(" ".join(page_texts(path)))
    assert "No sensitivity analysis was attached" in text
    assert "No committee record is attached" in text
    assert "Sign-off" in text


@pytest.mark.parametrize("n", [1, 2])
def test_tiny_and_all_ineligible_data(tmp_path: Path, n: int) -> None:
    late = Dataset(
        tuple(replace(b, expected_completion=date(2021, 1, 1)) for b in dataset(n).bids),
        dataset(n).premises,
    )
    for data in (dataset(n), late):
        path = tmp_path / f"tiny-{n}.pdf"
        build_report(path, ReportContent(scores_of(data), premises=data.premises))
        text = flat(" ".join(page_texts(path)))
        assert "Ranked list of bids" in text
    assert "Ineligible bids: not put forward for funding" in text


def test_a_logo_goes_on_the_cover(tmp_path: Path) -> None:
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 120), (0, 94, 184)).save(logo)
    chosen = content(cover=CoverSettings(logo=logo))
    path = tmp_path / "logo.pdf"
    build_report(path, chosen)
    first = PdfReader(path).pages[0]
    images = [x for x in first["/Resources"]["/XObject"].values() if x["/Subtype"] == "/Image"]
    assert images


def test_an_unreadable_logo_is_a_user_error(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    with pytest.raises(FileAccessError, match="logo"):
        report_bytes(content(cover=CoverSettings(logo=logo)))


def test_an_unwritable_path_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="cannot write"):
        build_report(tmp_path / "missing" / "report.pdf", content(3))
    assert not (tmp_path / "missing").exists()


def test_notes_stay_out_of_the_public_edition_whatever_the_confidential_setting(
    tmp_path: Path,
) -> None:
    path = tmp_path / "public.pdf"
    build_report(path, content(confidential=("practice_code",)), public=True)
    text = flat(" ".join(page_texts(path)))
    assert "NOTEZ001QX" not in text
    assert "A80001" not in text  # the project's own confidential column


def test_the_committee_reasons_for_the_weights_are_printed(tmp_path: Path) -> None:
    path = tmp_path / "reasons.pdf"
    reasons = {"training": "Two training practices & <a GP school> bid"}
    chosen = content(
        weights_rationale="Access first: the STP's priority.", criterion_rationale=reasons
    )
    build_report(path, chosen)
    text = flat(" ".join(page_texts(path)))
    assert "Access first: the STP's priority." in text
    assert "Two training practices & <a GP school> bid" in text


@pytest.mark.parametrize(
    ("gap", "words"),
    [(0.0, "proven optimal"), (0.0031, "within 0.31% of the best possible")],
)
def test_the_best_value_section_states_how_close_it_is_to_the_best_possible(
    tmp_path: Path, gap: float, words: str
) -> None:
    report = content()
    assert report.funding is not None
    best_value = replace(report.funding.best_value, mip_gap=gap)
    path = tmp_path / "gap.pdf"
    build_report(path, replace(report, funding=replace(report.funding, best_value=best_value)))
    assert f"found by an exact solver and {words}." in flat(" ".join(page_texts(path)))
