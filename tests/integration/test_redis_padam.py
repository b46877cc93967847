"""Redis down: the shared cache stopped mid-run, or hung, and back again.

With CACHE_TYPE=RedisCache on a real redis-server, the server is stopped while the dashboard is
in use: every page and callback still answers with the same figures (computed, not cached), a
save and a login still work; when Redis is started again on its port, responses are cached
there again without restarting the app. A Redis that hangs (SIGSTOP) is stepped around too.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from pathlib import Path

import pytest
import redis

from dashboard import urls
from dashboard.extensions import cache
from dashboard.factory import create_app
from dashboard.tools.benchmark import Panggilan, badan_panggilan
from dashboard.tools.demo import KATA_SANDI_DEMO
from dashboard.tools.local_servers import RedisServer
from dashboard.web import cache_redis
from tests.support.pengaturan import settings_uji
from tests.support.server_web import badan_simpan

HALAMAN = ("/", "/stok", "/distribusi", "/peta", "/wilayah/33.74", "/input")


@pytest.fixture
def redis_server():  # type: ignore[no-untyped-def]
    if not RedisServer.tersedia():
        if "CI" in os.environ:
            pytest.fail("redis-server is not installed (scripts/test installs it)", pytrace=False)
        pytest.skip("redis-server is not installed; `apt-get install redis-server`")
    server = RedisServer().start()
    yield server
    if server.pid is not None:
        os.kill(server.pid, signal.SIGCONT)  # in case a test left it frozen
    server.stop()


@pytest.fixture
def app_redis(demo33, tmp_path: Path, redis_server: RedisServer, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache_redis, "JEDA_DETIK", 0.5)  # retry Redis sooner than in production
    salinan = tmp_path / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), salinan)
    settings = settings_uji(f"sqlite:///{salinan}").with_(
        cache_type="RedisCache", cache_redis_url=redis_server.url
    )
    return create_app(settings)


def _kunci_respons(url: str) -> int:
    """How many cached callback responses Redis holds (a fresh connection each time)."""
    klien = redis.Redis.from_url(url, socket_timeout=2)
    try:
        return sum(1 for _ in klien.scan_iter("*respons:*"))
    finally:
        klien.close()


def _baca(app, klien) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The read-only views an office has open: header and region summary, two regions."""
    hasil = {}
    for awal in ("..shell-judul", "..wilayah-judul"):
        kunci = next(k for k in app.callback_map if k.startswith(awal))
        for path in ("/", "/wilayah/33.74"):
            # The header follows the URL; the region view reads its page's arguments.
            navigasi = (
                ("halaman-arg", "data", {"kode": urls.kode_wilayah(path)})
                if awal == "..wilayah-judul"
                else ("url", "pathname", path)
            )
            badan = badan_panggilan(
                Panggilan(
                    "x",
                    kunci,
                    [navigasi, ("segarkan-interval", "n_intervals", 0)]
                    + ([] if awal == "..wilayah-judul" else [("url", "search", "")]),
                    f"{navigasi[0]}.{navigasi[1]}",
                )
            )
            r = klien.post("/_dash-update-component", json=badan)
            assert r.status_code == 200, r.get_data(as_text=True)[:300]
            hasil[f"{awal} {path}"] = r.get_data(as_text=True)
    return hasil


def _rehat(app) -> bool:  # type: ignore[no-untyped-def]
    with app.server.app_context():
        return cache.cache.sedang_rehat


def test_redis_stopped_mid_run_then_back(app_redis, redis_server) -> None:
    app = app_redis
    klien = app.server.test_client()
    masuk = {"username": "operator.3374", "kata_sandi": KATA_SANDI_DEMO}
    assert klien.post("/masuk", data=masuk).status_code == 302
    hidup = _baca(app, klien)
    assert _kunci_respons(redis_server.url) > 0  # responses are cached in Redis
    assert _baca(app, klien) == hidup

    redis_server.stop()
    assert _baca(app, klien) == hidup  # the same figures, computed without the cache
    assert _rehat(app)  # the cache stepped aside after its first failed call
    for path in HALAMAN:
        assert klien.get(path).status_code == 200, path
    r = klien.post("/_dash-update-component", json=badan_simpan("33.74", "tanpa-redis-1"))
    assert r.status_code == 200 and "Tercatat" in r.get_data(as_text=True)
    sesudah_tulis = _baca(app, klien)
    assert sesudah_tulis != hidup  # the new entry shows at once: nothing stale is served
    lain = app.server.test_client()
    assert lain.post("/masuk", data={**masuk, "username": "admin.33"}).status_code == 302

    redis_server.start()  # same port, empty (no persistence)
    assert _kunci_respons(redis_server.url) == 0
    time.sleep(cache_redis.JEDA_DETIK + 0.1)
    assert _baca(app, klien) == sesudah_tulis
    assert not _rehat(app)
    assert _kunci_respons(redis_server.url) > 0  # caching resumed by itself


def test_a_hung_redis_is_stepped_around(app_redis, redis_server) -> None:
    app = app_redis
    klien = app.server.test_client()
    hidup = _baca(app, klien)
    assert redis_server.pid is not None
    os.kill(redis_server.pid, signal.SIGSTOP)  # accepts connections, never answers
    try:
        t = time.monotonic()
        assert _baca(app, klien) == hidup
        assert _rehat(app)
        for path in HALAMAN:
            assert klien.get(path).status_code == 200, path
        beku_detik = time.monotonic() - t
    finally:
        os.kill(redis_server.pid, signal.SIGCONT)
    time.sleep(cache_redis.JEDA_DETIK + 0.1)
    assert _baca(app, klien) == hidup
    assert not _rehat(app)
    if os.environ.get("UJI_SOAK") == "1":
        keluar = Path(__file__).resolve().parents[2] / "benchmarks" / "soak_redis_beku.json"
        keluar.write_text(
            json.dumps(
                {
                    "cara": "redis-server SIGSTOP: menerima koneksi, tidak pernah menjawab",
                    "permintaan": 4 + len(HALAMAN),
                    "detik_total_selama_beku": round(beku_detik, 2),
                    "batas_tunggu_redis_detik": 0.5,
                    "rehat_detik_uji": cache_redis.JEDA_DETIK,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
