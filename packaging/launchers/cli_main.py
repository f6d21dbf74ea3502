"""Entry script frozen into ``etprio``, the console executable (``packaging/etprio.spec``).

PyInstaller needs a script file rather than the ``etprio.cli:main`` entry point that
pyproject.toml gives pip; this one does the same after the frozen-only set-up.
"""

import sys

from frozen_setup import prepare

if __name__ == "__main__":
    prepare(windowed=False)

    from etprio.cli import main

    sys.exit(main())
