"""One palette keyed by criterion: the app's contribution chart and the PDF's chart give
each criterion the same colour, whichever criteria carry weight."""

from __future__ import annotations

from etprio.report.palette import OKABE_ITO, colour_at, criterion_colours
from etprio.report.pdf.edition import Edition
from etprio.report.pdf.sections.chart import _segments
from tests.report.builders import CRITERIA, content


def _hex(colour: object) -> str:
    return "#" + colour.hexval()[2:].upper()  # type: ignore[attr-defined]


def test_the_pdf_colours_each_criterion_as_the_palette_does() -> None:
    keys = CRITERIA.keys
    expected = criterion_colours(keys)
    _, names, palette = _segments(Edition(content(5)))
    labels = {c.label: c.key for c in CRITERIA.criteria}
    assert names and all(
        _hex(colour) == expected[labels[n]] for n, colour in zip(names, palette, strict=True)
    )


def test_a_criterion_keeps_its_colour_when_an_earlier_one_loses_its_weight() -> None:
    from dataclasses import replace

    from etprio.core.scoring.weighted_sum import score_bids

    built = content(5)
    weights = [
        0.0 if k == "access" else w for k, w in zip(CRITERIA.keys, CRITERIA.weights, strict=True)
    ]
    reweighted = replace(built, scores=score_bids(built.scores.matrix, weights))
    _, names, palette = _segments(Edition(reweighted))
    capacity = next(c.label for c in CRITERIA.criteria if c.key == "capacity")
    assert _hex(palette[names.index(capacity)]) == criterion_colours(CRITERIA.keys)["capacity"]


def test_the_app_uses_the_same_palette(qapp) -> None:
    from etprio.gui import style

    for position in range(len(OKABE_ITO) * 2 + 1):
        assert style.criterion_colour(position).name().upper() == colour_at(position)
