"""The one forgiving comparison used for headers, enum values and grades (CONTRACT §1).

Spreadsheets arrive with ``Land Secured?``, ``land-secured`` and ``LAND_SECURED``; users
should never have to retype a heading to please the tool.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s\-_]+")


def normalise(text: str) -> str:
    """Fold case, trim, and treat runs of spaces, hyphens and underscores as one ``_``.

    >>> normalise("  Not-required ")
    'not_required'
    >>> normalise("B(C)")
    'b(c)'
    """
    return _SEPARATORS.sub("_", text.strip().casefold()).strip("_")
