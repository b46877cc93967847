"""Shared fixtures: databases (SQLite and a real PostgreSQL), demo campaigns.

Fixtures only; the helpers tests import live in tests/support.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from dashboard.db.engine import buat_engine
from dashboard.factory import create_app
from dashboard.tools.demo import InfoDemo, bangun_demo
from dashboard.tools.local_servers import PostgresNotFoundError, PostgresServer
from tests.support.ci import tidak_tersedia
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.postgres import ENV_URL, buat_dari_templat, nama_database


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        help="also run the long soak variants (many kill -9 rounds, large backups under writes) "
        "and write their figures to benchmarks/soak_*.json",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "soak: long variant, run only with --soak")
    if config.getoption("--soak"):
        os.environ["UJI_SOAK"] = "1"  # read by test modules when they are imported


# Under pytest-xdist (`--dist loadfile --no-loadscope-reorder`, see scripts/test) a test file
# is one unit of work: its module fixtures are built once and its tests run in file order on one
# worker. Units are handed out in collection order, so the files with the longest tests go
# first and no long test is left to run alone at the end; the rest keep their order.
# (Not loadgroup: pytest-xdist 3.8 cannot rename items' node ids under pytest 9, so its
# xdist_group marks are ignored there.)
_DULUAN = (
    "tests/integration/test_serentak.py",
    "tests/integration/test_oracle_angka.py",
    "tests/unit/test_buku_besar.py",
    "tests/browser/",
    "tests/unit/test_batas.py",
    "tests/integration/test_cadangan_cli.py",
)


def _urutan(item: pytest.Item) -> int:
    berkas = item.nodeid.split("::", 1)[0]
    return next((i for i, awal in enumerate(_DULUAN) if berkas.startswith(awal)), len(_DULUAN))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=_urutan)  # stable: the order inside each file is kept
    if config.getoption("--soak"):
        return
    lewati = pytest.mark.skip(reason="long soak variant: run with --soak")
    for item in items:
        if "soak" in item.keywords:
            item.add_marker(lewati)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One server for the whole session: ours, or the one named by TEST_POSTGRES_URL."""
    server = PostgresServer(existing_url=os.environ.get(ENV_URL) or None)
    try:
        server.start()
    except PostgresNotFoundError as exc:
        tidak_tersedia(exc, "PostgreSQL")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database per test (SQLAlchemy URL), dropped after the test."""
    name = nama_database(request.node.name)
    url = postgres_server.create_database(name)
    try:
        yield url
    finally:
        postgres_server.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: SQLite file, then a database on the real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'uji.db'}"
    return request.getfixturevalue("postgres_url")


def _bangun_kecil(url: str) -> InfoDemo:
    engine = buat_engine(url, bulk=True)
    info = bangun_demo(engine, PROVINSI_KECIL, "pilkada2024", dt.date(2024, 11, 24), seed=7)
    engine.dispose()
    return info


def _salin_sqlite(asal: Path, tujuan: Path) -> None:
    """Copy a SQLite file whose engines are all disposed (its WAL, if any, goes along)."""
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    for akhiran in ("", "-wal"):
        if Path(f"{asal}{akhiran}").exists():
            shutil.copy(f"{asal}{akhiran}", f"{tujuan}{akhiran}")


@pytest.fixture(scope="session")
def templat_kecil_sqlite(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, InfoDemo]:
    """The small demo campaign built once per session (worker) as a SQLite file to copy.

    The build is deterministic (fixed seed and as-of date), so a copy holds the same rows a
    fresh build would; only the rows' own write times are those of this one build.
    """
    path = tmp_path_factory.mktemp("templat-kecil") / "kendali.db"
    return path, _bangun_kecil(f"sqlite:///{path}")


@pytest.fixture(scope="session")
def templat_kecil_postgres(postgres_server: PostgresServer) -> Iterator[tuple[str, InfoDemo]]:
    """The small demo campaign built once per session (worker) as a PostgreSQL template."""
    name = nama_database("templat_kecil")
    info = _bangun_kecil(postgres_server.create_database(name))
    try:
        yield name, info
    finally:
        postgres_server.drop_database(name)


@pytest.fixture
def kampanye_kecil(
    db_url: str, request: pytest.FixtureRequest
) -> Iterator[tuple[Engine, InfoDemo]]:
    """A small demo campaign (Kalimantan Utara, as of H-3) on each database kind.

    A fresh copy per test of the session's one build (file copy on SQLite, CREATE DATABASE
    ... TEMPLATE on PostgreSQL): the same rows as a build per test, at a fraction of the cost.
    """
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        templat, info = request.getfixturevalue("templat_kecil_sqlite")
        assert url.database is not None
        _salin_sqlite(templat, Path(url.database))
    else:
        nama_templat, info = request.getfixturevalue("templat_kecil_postgres")
        assert url.database is not None
        buat_dari_templat(request.getfixturevalue("postgres_server"), url.database, nama_templat)
    engine = buat_engine(db_url)
    yield engine, info
    engine.dispose()


@pytest.fixture
def app_kecil(kampanye_kecil: tuple[Engine, InfoDemo]) -> Iterator[object]:
    """The app on the small campaign, on each database kind, inside its app context."""
    engine, _info = kampanye_kecil
    a = create_app(settings_uji(engine.url.render_as_string(hide_password=False), PROVINSI_KECIL))
    with a.server.app_context():
        yield a


@pytest.fixture(scope="module")
def app_kecil_modul(
    tmp_path_factory: pytest.TempPathFactory, templat_kecil_sqlite: tuple[Path, InfoDemo]
) -> Iterator[object]:
    """The app on the small campaign (SQLite), built once per test module, in its context."""
    path = tmp_path_factory.mktemp("kecil") / "kendali.db"
    _salin_sqlite(templat_kecil_sqlite[0], path)
    a = create_app(settings_uji(f"sqlite:///{path}", PROVINSI_KECIL))
    with a.server.app_context():
        yield a


def _bangun_demo_sesi(path: Path, provinsi: str) -> InfoDemo:
    engine = buat_engine(f"sqlite:///{path}", bulk=True)
    info = bangun_demo(engine, provinsi, "pilkada2024", dt.date(2024, 11, 24), seed=1)
    engine.dispose()
    return info


def _demo_sesi(tmp_path_factory: pytest.TempPathFactory, provinsi: str) -> tuple[str, InfoDemo]:
    """A demo SQLite file for this session; under pytest-xdist built once for all workers.

    The first worker to ask builds it under a file lock in the run's shared temp folder; every
    worker then works on its own copy, so each sees the demo exactly as a serial run would.
    """
    path = tmp_path_factory.mktemp(f"demo{provinsi}") / "kendali.db"
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return f"sqlite:///{path}", _bangun_demo_sesi(path, provinsi)
    bersama = tmp_path_factory.getbasetemp().parent / f"demo{provinsi}-bersama"
    bersama.mkdir(exist_ok=True)
    asli, berkas_info = bersama / "kendali.db", bersama / "info.pickle"
    with FileLock(str(bersama / "kunci.lock")):
        if not berkas_info.exists():
            info = _bangun_demo_sesi(asli, provinsi)
            berkas_info.write_bytes(pickle.dumps(info))
    info = pickle.loads(berkas_info.read_bytes())
    _salin_sqlite(asli, path)
    return f"sqlite:///{path}", info


@pytest.fixture(scope="session")
def demo33(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, InfoDemo]:
    """The Jawa Tengah demo (SQLite), built once per test session."""
    return _demo_sesi(tmp_path_factory, "33")


@pytest.fixture(scope="session")
def demo12(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, InfoDemo]:
    """The Sumatera Utara demo (SQLite), built once per test session."""
    return _demo_sesi(tmp_path_factory, "12")
