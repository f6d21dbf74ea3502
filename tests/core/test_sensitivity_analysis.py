"""CONTRACT §4 ``sensitivity``: the whole analysis, its findings in words and the JSON
document, on the demo, on awkward tables and beyond 200 bids.
"""

from __future__ import annotations

import numpy as np
import pytest

from etprio.core.errors import UsageError
from etprio.core.funding.limits import FundingLimits
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.sensitivity.analysis import SensitivityOptions, run
from etprio.core.sensitivity.findings import percent, weight_share
from tests.core.sensitivity_builders import CRITERIA, DEMO_LIMITS, small_matrix
from tests.gui.helpers import AWKWARD
from tests.strategies import SCALES


def test_findings_quote_the_numbers(demo):
    report = run(demo, DEMO_LIMITS, SensitivityOptions(samples=2000, seed=1))
    text = "\n".join(report.findings)
    result = report.smaa
    assert f"the same in {percent(result.top_same / 2000)} of weightings" in text
    assert f"funded set is the same in {percent(result.funded_same / 2000)}" in text
    first = result.first_rank()
    leader = int(np.argmax(first))
    assert f"{demo.matrix.bid_ids[leader]} is ranked first in {percent(first[leader])}" in text
    weighted = [i for i in report.stability if i.current > 0 and (i.low > 0 or i.high < 1)]
    assert weighted
    for interval in weighted:
        bounds = [weight_share(b, interval.current) for b in (interval.low, interval.high)]
        assert any(
            f"weight of {interval.label}" in s and any(b in s for b in bounds)
            for s in report.findings
        )


def test_json_has_exactly_the_contract_shape(demo):
    options = SensitivityOptions(samples=500, seed=3, top=3)
    plain = run(demo, None, options).to_json()
    assert list(plain) == ["rank_acceptability", "rank_quantiles", "stability", "findings"]
    ids = [demo.matrix.bid_ids[i] for i in demo.order]
    assert list(plain["rank_acceptability"]) == ids
    for row in plain["rank_acceptability"].values():
        assert len(row) == len(ids) and sum(row) == pytest.approx(1.0)
    assert list(plain["rank_quantiles"]) == ids
    for quantiles in plain["rank_quantiles"].values():
        assert list(quantiles) == ["p5", "p50", "p95"]
        assert 1 <= quantiles["p5"] <= quantiles["p50"] <= quantiles["p95"] <= len(ids)
    assert [s["criterion"] for s in plain["stability"]] == list(CRITERIA.keys)
    for entry in plain["stability"]:
        assert set(entry) == {"criterion", "current", "low", "high", "scope", "n"}
        assert (entry["scope"], entry["n"]) == ("top_n", 3)
    assert sum(s["current"] for s in plain["stability"]) == pytest.approx(1.0)
    assert all(isinstance(s, str) for s in plain["findings"])
    funded = run(demo, DEMO_LIMITS, options).to_json()
    assert list(funded) == [
        "rank_acceptability",
        "rank_quantiles",
        "funding_acceptability",
        "stability",
        "findings",
    ]
    assert all(0.0 <= p <= 1.0 for p in funded["funding_acceptability"].values())
    assert {s["scope"] for s in funded["stability"]} == {"funded_set"}


@pytest.mark.parametrize("name", list(AWKWARD))
@pytest.mark.parametrize("limits", [None, FundingLimits(150_000, 10_000)])
def test_awkward_tables(name, limits):
    from etprio.core.sensitivity.what_it_takes import what_it_takes

    scores = score_bids(compute_values(AWKWARD[name], CRITERIA, SCALES), CRITERIA.weights)
    report = run(scores, limits, SensitivityOptions(samples=200))
    document = report.to_json()
    assert report.findings and len(document["rank_acceptability"]) == len(scores.order)
    for row in document["rank_acceptability"].values():
        assert sum(row) == pytest.approx(1.0)
    for bid_id in scores.matrix.bid_ids:
        answer = what_it_takes(scores, bid_id, rank=1, limits=limits)
        assert answer.sentence and (answer.verified or not answer.possible)


@pytest.mark.parametrize(("bids", "ranks", "width"), [(200, 3, 200), (201, 3, 3), (201, 20, 20)])
def test_beyond_200_bids_the_json_lists_the_first_k_ranks(bids, ranks, width):
    rng = np.random.default_rng(bids)
    scores = score_bids(small_matrix(rng.random((bids, 3)), [True] * bids), [1.0, 2.0, 3.0])
    report = run(scores, None, SensitivityOptions(samples=50, seed=1, top=3, ranks=ranks))
    table = report.to_json()["rank_acceptability"]
    assert {len(row) for row in table.values()} == {width}
    full = report.smaa.rank_acceptability()
    for i, bid_id in enumerate(scores.matrix.bid_ids):
        np.testing.assert_array_equal(table[bid_id], full[i, :width])


def test_ranks_below_one_is_a_usage_error():
    with pytest.raises(UsageError, match="--ranks"):
        SensitivityOptions(ranks=0)
