"""Whether the tests run on CI, where missing PostgreSQL or Chromium fails instead of skipping."""

from __future__ import annotations

import os


def di_ci() -> bool:
    """True when the CI environment variable is set."""
    return "CI" in os.environ
