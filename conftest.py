"""Everything pytest collects runs headless, the doctests of the app's own modules included:
Qt renders offscreen before any of them is imported."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_SCALE_FACTOR_ROUNDING_POLICY", "PassThrough")
