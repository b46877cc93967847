"""Engine creation and schema migration (Alembic) for SQLite and PostgreSQL."""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def buat_engine(database_url: str | URL, *, bulk: bool = False, kolam: int = 0) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout on every connection.

    `bulk=True` relaxes SQLite's fsync for a one-off demo build, where a crash simply means
    building again; the web app always runs with synchronous=FULL. `kolam` sizes the
    PostgreSQL connection pool for that many concurrent sessions (default 10 + 10).
    """
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # Writers queue on SQLite's lock, not on the pool: enough connections for every web
        # thread, so 35 offices saving at once wait their turn instead of timing out.
        engine = create_engine(
            url, connect_args={"timeout": 60}, pool_size=40, max_overflow=40, pool_timeout=120
        )
        sinkron = "OFF" if bulk else "FULL"

        @event.listens_for(engine, "connect")
        def _pragma(dbapi_conn: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
            # Let SQLAlchemy's "begin" event, not pysqlite, open transactions (see below).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute(f"PRAGMA synchronous={sinkron}")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=60000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # A writer takes the write lock up front, so its stock checks and its writes see
            # the same state; readers stay on plain (deferred) transactions and never block.
            immediate = conn.get_execution_options().get("tulis")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    if url.get_backend_name() == "postgresql" and url.get_driver_name() in ("", "psycopg2"):
        url = url.set(drivername="postgresql+psycopg")
    # Per web worker (10 + 10 by default); four workers stay inside PostgreSQL's default 100
    # connections. `kolam` fixes the size for a benchmark's writer threads.
    kolam_opsi = (
        {"pool_size": kolam, "max_overflow": 0} if kolam else {"pool_size": 10, "max_overflow": 10}
    )
    # A database host that takes the connection and never answers (a cut line, a hung host)
    # must not hold a web request forever: give up connecting after 5 s, and let TCP keepalive
    # drop idle pooled connections to a host that has gone away. The URL may override these.
    tunggu = {
        "connect_timeout": 5,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
    connect_args = {k: v for k, v in tunggu.items() if k not in url.query}
    return create_engine(
        url, pool_pre_ping=True, pool_timeout=120, connect_args=connect_args, **kolam_opsi
    )


def pembuat_sesi(engine: Engine, *, tulis: bool = False) -> sessionmaker[Session]:
    """Return a session factory; `tulis` sessions take SQLite's write lock when they begin,
    and each of their commits raises the data version that every view is cached on."""
    if not tulis:
        return sessionmaker(engine, expire_on_commit=False)
    pembuat = sessionmaker(engine.execution_options(tulis=True), expire_on_commit=False)
    event.listen(pembuat, "before_commit", _naikkan_versi)
    return pembuat


# The data version is the sum of this many rows; each commit raises one chosen at random, so
# concurrent writers on PostgreSQL rarely wait on the same row lock (migration 0011).
BARIS_VERSI = 16


def _naikkan_versi(session: Session) -> None:
    # Once per transaction, as its last statement: a savepoint's commit (one upload row) is not
    # the transaction's, and on PostgreSQL the row must stay locked only for the real COMMIT.
    if not session.in_nested_transaction():
        session.execute(
            text("UPDATE versi_data SET nilai = nilai + 1 WHERE id = :id"),
            {"id": random.randint(1, BARIS_VERSI)},
        )


def majukan_versi(conn: Connection) -> None:
    """Move the data version past the clock (ms): a restored database carries the number it had
    when it was backed up, which views cached since then may already be stored under. The
    other rows only add to row 1, so the sum moves past the clock too."""
    if not inspect(conn).has_table("versi_data"):
        return  # an older schema: its migration starts the version from the clock
    conn.execute(
        text(
            "UPDATE versi_data SET nilai = CASE WHEN nilai >= :t THEN nilai + 1 ELSE :t END "
            "WHERE id = 1"
        ),
        {"t": time.time_ns() // 1_000_000},
    )


def alembic_config(engine: Engine) -> Config:
    """Return an Alembic config bound to this engine (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def migrasi(engine: Engine) -> None:
    """Bring the schema up to the newest migration."""
    command.upgrade(alembic_config(engine), "head")


def revisi_skema(engine: Engine) -> tuple[str | None, str]:
    """Return (the database's schema revision, the newest revision this code knows)."""
    with engine.connect() as conn:
        sekarang = MigrationContext.configure(conn).get_current_revision()
    terbaru = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    if terbaru is None:
        raise RuntimeError(f"Tidak ada berkas migrasi di {MIGRATIONS}; instalasi tidak lengkap")
    return sekarang, terbaru


def skema_usang(engine: Engine) -> str | None:
    """Say why the app cannot serve this database's schema yet (None when it can).

    A database from an older version keeps working only after `python -m dashboard migrate`;
    without this check its pages would fail one by one on the tables it lacks.
    """
    if not skema_ada(engine):
        return None
    sekarang, terbaru = revisi_skema(engine)
    if sekarang == terbaru:
        return None
    return (
        f"Skema basis data versi {sekarang or '(tanpa versi)'}, aplikasi ini memerlukan versi "
        f"{terbaru}. Cadangkan dulu (python -m dashboard backup FILE), lalu jalankan "
        "python -m dashboard migrate."
    )


def skema_ada(engine: Engine) -> bool:
    """Tell whether the database already has this app's tables."""
    return inspect(engine).has_table("kampanye")


def kampanye_ada(engine: Engine) -> bool:
    """Tell whether the database holds a complete campaign (a build that finished)."""
    if not skema_ada(engine):
        return False
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM kampanye")).scalar_one() > 0
