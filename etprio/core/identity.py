"""Who is at the keyboard: the name the decision log, the lock file and the project's
"last saved by" record (DESIGN "Governance": every entry says who).

NHS laptops are joined to a domain, so the login name plus the machine name is what a
governance manager can trace afterwards.
"""

from __future__ import annotations

import getpass
import socket


def current_user() -> str:
    """``user@host``; never fails, because a missing name must not stop a save."""
    return f"{login_name()}@{host_name()}"


def login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no password entry (containers)
        return "unknown-user"


def host_name() -> str:
    return socket.gethostname() or "unknown-host"
