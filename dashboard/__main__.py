"""Entry point of `python -m dashboard`."""

import sys

from dashboard.tools.cli import main

sys.exit(main())
