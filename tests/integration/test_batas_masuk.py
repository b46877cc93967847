"""Login rate limit (Flask-Limiter): per address and username, counted in storage every worker
shares when Redis is configured, with a plain-words 429 page; a Redis outage never blocks login."""

from __future__ import annotations

import os

import pytest

from dashboard.factory import create_app
from dashboard.tools.demo import KATA_SANDI_DEMO
from dashboard.tools.local_servers import RedisServer, free_port
from tests.support.pengaturan import settings_uji

SALAH = {"username": "operator.3374", "kata_sandi": "tebak-tebak"}
BENAR = {"username": "operator.3374", "kata_sandi": KATA_SANDI_DEMO}


@pytest.fixture(scope="module")
def redis_url():
    if not RedisServer.tersedia():
        if "CI" in os.environ:
            pytest.fail("redis-server is not installed (scripts/test installs it)", pytrace=False)
        pytest.skip("redis-server is not installed; `apt-get install redis-server`")
    server = RedisServer().start()
    yield server.url
    server.stop()


def _klien(app, ip: str = "10.0.0.1"):
    c = app.server.test_client()
    c.environ_base["REMOTE_ADDR"] = ip
    return c


def test_the_eleventh_attempt_in_a_minute_gets_a_clear_429(demo33) -> None:
    app = create_app(settings_uji(demo33[0]))
    c = _klien(app)
    assert [c.post("/masuk", data=SALAH).status_code for _ in range(10)] == [401] * 10
    r = c.post("/masuk", data=BENAR)  # even the right password waits
    assert r.status_code == 429 and 0 < int(r.headers["Retry-After"]) <= 60
    assert "Terlalu banyak percobaan masuk" in r.get_data(as_text=True)
    # Another account from the same office, and the same account from elsewhere, still log in.
    lain = {"username": "admin.33", "kata_sandi": KATA_SANDI_DEMO}
    assert c.post("/masuk", data=lain).status_code == 302
    assert _klien(app, "10.0.0.2").post("/masuk", data=BENAR).status_code == 302
    assert c.get("/masuk").status_code == 200  # only POST is limited


def test_workers_sharing_redis_share_the_count(demo33, redis_url) -> None:
    settings = settings_uji(demo33[0]).with_(cache_type="RedisCache", cache_redis_url=redis_url)
    assert settings.penyimpanan_batas() == redis_url
    pekerja = [create_app(settings), create_app(settings)]  # two workers, one Redis
    for i in range(10):
        assert _klien(pekerja[i % 2], "10.0.1.1").post("/masuk", data=SALAH).status_code == 401
    for app in pekerja:
        assert _klien(app, "10.0.1.1").post("/masuk", data=BENAR).status_code == 429


def test_login_still_works_when_the_limit_store_is_down(demo33) -> None:
    port = free_port()
    mati = f"redis://127.0.0.1:{port}/0"
    app = create_app(settings_uji(demo33[0]).with_(cache_type="RedisCache", cache_redis_url=mati))
    assert _klien(app, "10.0.2.1").post("/masuk", data=BENAR).status_code == 302
