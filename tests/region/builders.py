"""CCGs for regional tests: in memory (for hypothesis) and saved as project files."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from etprio.core.model import Dataset
from etprio.core.project.commands import ChangeSettings
from etprio.core.project.store import new_project, save_project
from etprio.core.region.pipeline import RegionCcg
from etprio.core.scoring.criteria import CriteriaSet, load_criteria
from etprio.core.scoring.values import compute_values
from etprio.core.scoring.weighted_sum import score_bids
from etprio.core.tables.scales import load_scales

CRITERIA = load_criteria()
SCALES = load_scales()


def ccg_in_memory(
    code: str, dataset: Dataset, weights: tuple[float, ...] | None = None
) -> RegionCcg:
    """A CCG as :func:`etprio.core.region.pipeline.open_ccgs` would give it, without a file."""
    matrix = compute_values(dataset, CRITERIA, SCALES)
    scores = score_bids(matrix, weights or CRITERIA.weights)
    return RegionCcg(code, f"NHS {code} CCG", Path(f"{code}.etprio"), dataset, scores)


def save_ccg(
    path: Path,
    dataset: Dataset,
    code: str,
    name: str,
    criteria: CriteriaSet = CRITERIA,
) -> Path:
    """A CCG's project file with its name and code, as ``etprio new`` writes it."""
    with new_project(dataset, criteria, SCALES) as project:
        report = replace(project.settings.report, ccg_name=name, ccg_code=code)
        ChangeSettings(replace(project.settings, report=report), rationale="test").do(project)
        save_project(project, path)
    return path
