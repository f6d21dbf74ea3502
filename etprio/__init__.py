"""etprio: prioritise Estates and Technology Transformation Fund bids."""

import os
from importlib.metadata import PackageNotFoundError, version

# Sensitivity sampling and long reports churn through short-lived arrays of tens of
# megabytes. NumPy asks Linux for transparent huge pages for every array over 4 MB, and the
# kernel then clears and compacts 2 MB pages on each first touch: on a two-core laptop that
# doubled the system time of `etprio sensitivity` at 10,000 bids and saved no user time.
# NumPy reads the switch once, at import, so it is set before anything imports NumPy; a
# value the user set wins.
os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")

try:
    __version__ = version("etprio")
except PackageNotFoundError:  # running from a frozen build without metadata
    __version__ = "0.1.0"
