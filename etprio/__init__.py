"""etprio: prioritise Estates and Technology Transformation Fund bids."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("etprio")
except PackageNotFoundError:  # running from a frozen build without metadata
    __version__ = "0.1.0"
