"""Per-test databases on the session's PostgreSQL server (fixtures: tests/conftest.py)."""

from __future__ import annotations

import re
import uuid

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from dashboard.tools.local_servers import PostgresServer

# A PostgreSQL server to use instead of starting a throwaway one (a superuser URL).
ENV_URL = "TEST_POSTGRES_URL"


def nama_database(test_name: str) -> str:
    """A unique, valid database name derived from the test's name."""
    slug = re.sub(r"[^a-z0-9]+", "_", test_name.lower()).strip("_")[:40]
    return f"t_{slug}_{uuid.uuid4().hex[:10]}"


def buat_dari_templat(server: PostgresServer, nama: str, templat: str) -> None:
    """(Re)create database `nama` as a copy of `templat` (no one may be connected to either)."""
    libpq = make_url(server.url("postgres")).set(drivername="postgresql")
    with psycopg.connect(libpq.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(nama)))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(nama), sql.Identifier(templat)
            )
        )
