import sys

from etprio.cli import main

sys.exit(main())
