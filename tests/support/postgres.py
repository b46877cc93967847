"""Throwaway real PostgreSQL server for the test session, plus per-test databases."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest

from dashboard.tools.server_lokal import PostgresNotFoundError, PostgresServer, find_bindir

__all__ = [
    "ENV_URL",
    "PostgresNotFoundError",
    "PostgresServer",
    "find_bindir",
    "postgres_server",
    "postgres_url",
]

ENV_URL = "TEST_POSTGRES_URL"


def _in_ci() -> bool:
    return "CI" in os.environ


def _database_name(test_name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", test_name.lower()).strip("_")[:40]
    return f"t_{slug}_{uuid.uuid4().hex[:10]}"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server for the whole session: ours, or the one named by TEST_POSTGRES_URL."""
    server = PostgresServer(existing_url=os.environ.get(ENV_URL) or None)
    try:
        server.start()
    except PostgresNotFoundError as exc:
        if _in_ci():
            pytest.fail(f"{exc} (CI is set: PostgreSQL tests must not be skipped)", pytrace=False)
        pytest.skip(str(exc))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database per test (SQLAlchemy URL), dropped after the test."""
    name = _database_name(request.node.name)
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)
