"""Per-test databases on the session's PostgreSQL server (fixtures: tests/conftest.py)."""

from __future__ import annotations

import re
import uuid

# A PostgreSQL server to use instead of starting a throwaway one (a superuser URL).
ENV_URL = "TEST_POSTGRES_URL"


def nama_database(test_name: str) -> str:
    """A unique, valid database name derived from the test's name."""
    slug = re.sub(r"[^a-z0-9]+", "_", test_name.lower()).strip("_")[:40]
    return f"t_{slug}_{uuid.uuid4().hex[:10]}"
