"""Whether the tests run on CI, where missing PostgreSQL or Chromium fails instead of skipping."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def di_ci() -> bool:
    """True when the CI environment variable is set."""
    return "CI" in os.environ


def tidak_tersedia(alasan: object, apa: str) -> NoReturn:
    """Skip a test whose real part is missing here; on CI, fail it instead (never skip there)."""
    if di_ci():
        pytest.fail(f"{alasan} (CI is set: {apa} tests must not be skipped)", pytrace=False)
    pytest.skip(str(alasan))
