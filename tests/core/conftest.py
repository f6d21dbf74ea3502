"""The bundled demo, scored once per test module: the sensitivity tests check on a real
CCG's bids what they prove on small made-up rankings."""

from __future__ import annotations

import pytest

from etprio.core.resources import demo_bids_path, demo_survey_path
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import Scores, score_bids
from etprio.core.tables.importing import load_dataset
from tests.core.sensitivity_builders import CRITERIA
from tests.strategies import SCALES


@pytest.fixture(scope="module")
def demo() -> Scores:
    dataset, _ = load_dataset(
        demo_bids_path(), demo_survey_path(), SCALES, assessment_date=CRITERIA.assessment_date
    )
    return score_bids(compute_values(dataset, CRITERIA, SCALES), CRITERIA.weights)
