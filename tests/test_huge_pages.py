"""etprio keeps NumPy from asking for transparent huge pages (see etprio/__init__.py), and a
user who sets the switch themselves keeps their choice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

_ASK = (
    "import etprio, numpy; "
    "print(numpy._core.multiarray._set_madvise_hugepage(True))"  # returns the setting before
)


@pytest.mark.parametrize(("set_by_user", "expected"), [(None, "False"), ("1", "True")])
def test_numpy_asks_for_huge_pages_only_when_the_user_says_so(set_by_user, expected):
    env = {k: v for k, v in os.environ.items() if k != "NUMPY_MADVISE_HUGEPAGE"}
    if set_by_user is not None:
        env["NUMPY_MADVISE_HUGEPAGE"] = set_by_user
    done = subprocess.run(
        [sys.executable, "-c", _ASK], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == expected
