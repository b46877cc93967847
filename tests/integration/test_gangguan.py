"""Faults: an unreachable database gets a clear message, and the app recovers by itself.

Three outages: a server nobody listens on, a database that refuses connections for a moment
(its sessions killed), and the PostgreSQL server itself down for 30 s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from dashboard.db import models
from dashboard.db.engine import buat_engine
from dashboard.factory import create_app
from dashboard.services import tampilan
from dashboard.settings import Settings
from dashboard.tools.benchmark import Panggilan, badan_panggilan
from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo
from dashboard.tools.local_servers import PostgresNotFoundError, PostgresServer, free_port
from tests.support.server_web import badan_simpan

SOAK = os.environ.get("UJI_SOAK") == "1"  # --soak: also write the figures to benchmarks/
PESAN = "Basis data sedang tidak dapat dihubungi"
DETIK_PADAM = 30


def _panggil(app, awal: str) -> dict:
    kunci = next(k for k in app.callback_map if k.startswith(awal))
    # The header follows the URL; the region view reads its page's arguments.
    navigasi = (
        ("halaman-arg", "data", {"kode": None})
        if awal == "..wilayah-judul"
        else ("url", "pathname", "/")
    )
    tubuh = badan_panggilan(
        Panggilan(
            "x",
            kunci,
            [navigasi, ("segarkan-interval", "n_intervals", 0)]
            + ([] if awal == "..wilayah-judul" else [("url", "search", "")]),
            f"{navigasi[0]}.{navigasi[1]}",
        )
    )
    r = app.server.test_client().post(
        "/_dash-update-component", data=json.dumps(tubuh), content_type="application/json"
    )
    assert r.status_code == 200  # never a bare 500 for the user
    return r.get_json()


def test_an_unreachable_database_is_reported_in_plain_words(tmp_path):
    port = free_port()
    app = create_app(
        Settings(
            database_url=f"postgresql+psycopg://x@127.0.0.1:{port}/x",
            secret_key="k",
            cache_type="SimpleCache",
        )
    )
    for awal in ("..shell-judul", "..wilayah-judul"):
        assert PESAN in json.dumps(_panggil(app, awal)["sideUpdate"])


def test_a_database_host_that_never_answers_is_reported_not_waited_on_forever():
    """A host that takes the TCP connection and then says nothing (a cut line, a hung server):
    the connection attempt gives up (connect_timeout) and the page says so."""
    with socket.socket() as lubang:
        lubang.bind(("127.0.0.1", 0))
        lubang.listen(16)  # the kernel completes the handshake; nobody ever reads or answers
        port = lubang.getsockname()[1]
        app = create_app(
            Settings(
                database_url=f"postgresql+psycopg://x@127.0.0.1:{port}/x",
                secret_key="k",
                cache_type="SimpleCache",
            )
        )
        hasil: list[object] = []
        t = threading.Thread(
            target=lambda: hasil.append(_panggil(app, "..shell-judul")), daemon=True
        )
        t.start()
        t.join(timeout=120)  # without a connect timeout this waits as long as the OS lets it
        assert not t.is_alive(), "the request is still waiting for the database"
        assert hasil and PESAN in json.dumps(hasil[0]["sideUpdate"])


def test_the_app_recovers_when_the_database_comes_back(postgres_url, monkeypatch):
    jam = [1_000_000.0]
    monkeypatch.setattr(tampilan, "jam", lambda: jam[0])
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


@pytest.fixture
def pg_sendiri():  # type: ignore[no-untyped-def]
    """A private, durable PostgreSQL server this test may crash and restart.

    The suite's shared server runs without fsync and synchronous commit for speed; crashed like
    this, it loses the last acknowledged writes (this test caught exactly that), so the server
    crashed here keeps PostgreSQL's durable defaults, as in production.
    """
    server = PostgresServer(durable=True)
    try:
        server.start()
    except PostgresNotFoundError as e:
        if "CI" in os.environ:
            pytest.fail(str(e), pytrace=False)
        pytest.skip(str(e))
    yield server
    server.stop()


def _isi(r) -> str:  # type: ignore[no-untyped-def]
    return r.get_data(as_text=True)


def test_a_30_second_database_outage_is_reported_throughout_and_heals_by_itself(pg_sendiri):
    """The PostgreSQL server itself goes down (stopped as a crash would) for 30 s.

    Throughout, the dashboard answers: views with the banner, a save with the banner and
    nothing written, login and templates with a plain 503 page. When the server is back the
    very next request is normal, without restarting the app, and the save that failed is
    retried with the same submission id and stored exactly once.
    """
    url = pg_sendiri.create_database("kendali")
    bangun_demo(buat_engine(url, bulk=True), "65", "pilkada2024", dt.date(2024, 11, 24), seed=2)
    app = create_app(
        Settings(database_url=url, kpu_provinsi="65", secret_key="k", cache_type="SimpleCache")
    )
    operator = app.server.test_client()
    r = operator.post("/masuk", data={"username": "operator.6571", "kata_sandi": KATA_SANDI_DEMO})
    assert r.status_code == 302
    assert _panggil(app, "..shell-judul")["response"]["shell-pesan"]["children"] is None

    def simpan(cid: str):  # type: ignore[no-untyped-def]
        return operator.post("/_dash-update-component", json=badan_simpan("65.71", cid))

    assert "Tercatat" in _isi(simpan("sebelum-padam"))
    sebelum = _hitung(url)

    pg_sendiri.padamkan()
    mulai = time.monotonic()
    jawaban: list[dict] = []
    time.sleep(2)  # past the 1 s in which a view may still come from the cache
    while time.monotonic() - mulai < DETIK_PADAM:
        t = time.monotonic()
        tampilan = json.dumps(_panggil(app, "..shell-judul"))
        r = simpan("selama-padam")
        templat = app.server.test_client().get("/input/templat/kirim.xlsx")
        jawaban.append(
            {
                "detik": round(t - mulai, 1),
                "tampilan_berpesan": PESAN in tampilan,
                "simpan": r.status_code,
                "simpan_berpesan": PESAN in _isi(r) and "Tercatat" not in _isi(r),
                "templat": templat.status_code,
                "templat_berpesan": PESAN in _isi(templat),
                "halaman": app.server.test_client().get("/").status_code,
                "lama_detik": round(time.monotonic() - t, 3),
            }
        )
        time.sleep(2)
    masuk = app.server.test_client().post(
        "/masuk", data={"username": "admin.65", "kata_sandi": KATA_SANDI_DEMO}
    )
    assert masuk.status_code == 503 and PESAN in _isi(masuk)
    pg_sendiri.nyalakan()
    padam_detik = time.monotonic() - mulai

    t = time.monotonic()
    hasil = _panggil(app, "..shell-judul")["response"]
    pulih_detik = time.monotonic() - t
    assert hasil["shell-pesan"]["children"] is None
    assert hasil["shell-judul"]["children"].startswith("KPU Provinsi")
    assert len(jawaban) >= 10
    for j in jawaban:
        assert j["tampilan_berpesan"] and j["simpan"] == 200 and j["simpan_berpesan"], j
        assert j["templat"] == 503 and j["templat_berpesan"] and j["halaman"] == 200, j
    assert _hitung(url) == sebelum  # nothing half-written during the outage
    assert "Tercatat" in _isi(simpan("selama-padam"))  # the failed save, retried
    assert "Sudah diterima" in _isi(simpan("selama-padam"))
    assert _hitung(url) == (sebelum[0] + 1, sebelum[1] + 1)
    masuk = app.server.test_client().post(
        "/masuk", data={"username": "admin.65", "kata_sandi": KATA_SANDI_DEMO}
    )
    assert masuk.status_code == 302

    if SOAK:
        keluar = Path(__file__).resolve().parents[2] / "benchmarks" / "soak_db_padam_30s.json"
        keluar.write_text(
            json.dumps(
                {
                    "cara": "server PostgreSQL dihentikan (pg_ctl stop -m immediate), lalu "
                    "dinyalakan lagi di port yang sama; aplikasi tidak dimulai ulang",
                    "detik_padam": round(padam_detik, 1),
                    "putaran_selama_padam": len(jawaban),
                    "semua_berpesan": True,
                    "jawaban_terlama_detik": max(j["lama_detik"] for j in jawaban),
                    "pulih_permintaan_pertama_detik": round(pulih_detik, 3),
                    "simpan_gagal_diulang_tersimpan_sekali": True,
                    "baris_hilang": 0,
                    "putaran": jawaban,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )


def _hitung(url: str) -> tuple[int, int]:
    engine = buat_engine(url)
    try:
        with engine.connect() as c:
            return (
                c.scalar(select(func.count()).select_from(models.Mutasi)),
                c.scalar(select(func.count()).select_from(models.Audit)),
            )
    finally:
        engine.dispose()
