"""Writing a submission reports how far it has got and stops when asked, leaving no file
(the app's Export PDF shows this as a progress bar with Cancel)."""

from __future__ import annotations

from pathlib import Path

import pytest

from etprio.core.progress import Cancelled
from etprio.core.project.demo_project import demo_project
from etprio.core.project.workspace import Workspace
from etprio.report.pdf.project_content import SensitivityOptions, write_submission
from tests.report.builders import page_texts

FAST = SensitivityOptions(samples=500)


class Recorded:
    """A caller that writes down every progress value and asks to stop past ``stop_at``."""

    def __init__(self, stop_at: float = 101.0) -> None:
        self.values: list[float] = []
        self.stop_at = stop_at

    def set_progress_value(self, percent: float) -> None:
        self.values.append(percent)

    def is_interruption_requested(self) -> bool:
        return bool(self.values) and self.values[-1] >= self.stop_at


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return Workspace(demo_project())


def test_progress_runs_through_every_stage_to_the_end(workspace, tmp_path: Path) -> None:
    state = Recorded()
    watched, plain = tmp_path / "watched.pdf", tmp_path / "plain.pdf"
    write_submission(watched, workspace, sensitivity=FAST, state=state)
    write_submission(plain, workspace, sensitivity=FAST)
    assert page_texts(watched) == page_texts(plain)
    assert all(0.0 <= v <= 100.0 for v in state.values)
    assert any(0 < v < 40 for v in state.values)  # sampling, inside the content stage
    assert any(40 < v < 100 for v in state.values)  # pages being laid out
    assert max(state.values) >= 99.0


@pytest.mark.parametrize("stop_at", [10.0, 60.0], ids=["while sampling", "while laying out"])
def test_a_stop_leaves_no_file(workspace, tmp_path: Path, stop_at: float) -> None:
    path = tmp_path / "stopped.pdf"
    state = Recorded(stop_at)
    with pytest.raises(Cancelled):
        write_submission(path, workspace, sensitivity=FAST, state=state)
    assert not path.exists()
    assert max(state.values) < 100.0
