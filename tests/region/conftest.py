"""A small synthetic region saved as project files, shared by the CLI, PDF and app tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from etprio.core.funding.limits import parse_capital_by_year
from etprio.core.region.demo import write_region

ALLOCATIONS = "2016/17=£1m,2017/18=£2m,2018/19=£1.5m"
ALLOCATED = dict(parse_capital_by_year(ALLOCATIONS))


@pytest.fixture(scope="session")
def region_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_region(tmp_path_factory.mktemp("region"), 4, 12, seed=3)
