"""A project file and everything it remembers: tables, criteria, committee, settings and the
hash-chained decision log; commands that change it (each one logged and undoable), saving,
locking, recovery and the seal; and the `Workspace`, an open project with its derived data,
which the app, the command line and the report all read.
"""

from etprio.core.project.commands import ProjectCommand
from etprio.core.project.state import Project
from etprio.core.project.store import open_project
from etprio.core.project.workspace import RunOverrides, Workspace, funding_limits

__all__ = [
    "Project",
    "ProjectCommand",
    "RunOverrides",
    "Workspace",
    "funding_limits",
    "open_project",
]
