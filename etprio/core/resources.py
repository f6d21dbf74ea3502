"""Where bundled files live: beside the package in a source checkout, inside it in a wheel,
and under the unpack folder in a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    candidates = [
        Path(getattr(sys, "_MEIPASS", _PACKAGE_DIR)) / "resources",
        _PACKAGE_DIR / "resources",
        _PACKAGE_DIR.parent / "resources",
    ]
    for candidate in candidates:
        if (candidate / "criteria").is_dir():
            return candidate
    raise FileNotFoundError("the bundled resources folder is missing from this installation")


def resource_path(*parts: str) -> Path:
    """Path of a bundled file, e.g. ``resource_path("demo", "bids.csv")``."""
    return resource_root().joinpath(*parts)


def default_criteria_path() -> Path:
    return resource_path("criteria", "ettf-2016.toml")


def default_scales_path() -> Path:
    return resource_path("scales", "six-facet.toml")


def demo_bids_path() -> Path:
    return resource_path("demo", "bids.csv")


def demo_survey_path() -> Path:
    return resource_path("demo", "survey.csv")


DEMO_CCG_NAME = "NHS Example Vale CCG"
"""The fictional CCG whose bids and survey are bundled as the demo."""
