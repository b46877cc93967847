"""Faults: an unreachable database gets a clear message, and the app recovers by itself."""

from __future__ import annotations

import datetime as dt
import json
import socket

import psycopg
from sqlalchemy.engine import make_url

from dashboard.benchmark import Panggilan, _tubuh
from dashboard.db.engine import buat_engine
from dashboard.factory import create_app
from dashboard.services import tampilan
from dashboard.services.demo import bangun_demo
from dashboard.settings import Settings

PESAN = "Basis data sedang tidak dapat dihubungi"


def _panggil(app, awal: str) -> dict:
    kunci = next(k for k in app.callback_map if k.startswith(awal))
    tubuh = _tubuh(
        Panggilan(
            "x",
            kunci,
            [("url", "pathname", "/"), ("segarkan-interval", "n_intervals", 0)],
            "url.pathname",
        )
    )
    r = app.server.test_client().post(
        "/_dash-update-component", data=json.dumps(tubuh), content_type="application/json"
    )
    assert r.status_code == 200  # never a bare 500 for the user
    return r.get_json()


def test_an_unreachable_database_is_reported_in_plain_words(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(
        Settings(
            database_url=f"postgresql+psycopg://x@127.0.0.1:{port}/x",
            secret_key="k",
            cache_type="SimpleCache",
        )
    )
    for awal in ("..shell-judul", "..wilayah-judul"):
        assert PESAN in json.dumps(_panggil(app, awal)["sideUpdate"])


def test_the_app_recovers_when_the_database_comes_back(postgres_url, monkeypatch):
    jam = [1_000_000.0]
    monkeypatch.setattr(tampilan, "_jam", lambda: jam[0])
    bangun_demo(
        buat_engine(postgres_url, bulk=True), "65", "pilkada2024", dt.date(2024, 11, 24), seed=2
    )
    app = create_app(
        Settings(
            database_url=postgres_url, kpu_provinsi="65", secret_key="k", cache_type="SimpleCache"
        )
    )
    assert _panggil(app, "..shell-judul")["response"]["shell-pesan"]["children"] is None

    url = make_url(postgres_url)
    admin = url.set(database="postgres", drivername="postgresql").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS false')
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (url.database,),
        )
    jam[0] += 1.0  # past the version tick: the next refresh asks the database again
    try:
        assert PESAN in json.dumps(_panggil(app, "..shell-judul")["sideUpdate"])
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{url.database}" ALLOW_CONNECTIONS true')
    # Back again: the next refresh answers normally and clears the message.
    hasil = _panggil(app, "..shell-judul")["response"]
    assert hasil["shell-pesan"]["children"] is None
    assert hasil["shell-judul"]["children"].startswith("KPU Provinsi")
