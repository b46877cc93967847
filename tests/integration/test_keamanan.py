"""Security headers and production defaults."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import requests

from dashboard.db.engine import buat_engine
from dashboard.factory import create_app
from dashboard.settings import Settings
from dashboard.tools.demo import KATA_SANDI_DEMO, bangun_demo
from tests.support.pengaturan import settings_uji
from tests.support.server_web import ServerWeb


@pytest.fixture
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


@pytest.mark.parametrize("path", ["/", "/peta", "/wilayah/33.74", "/_dash-layout"])
def test_every_response_carries_a_strict_csp_and_frame_denial(app33, path):
    r = app33.server.test_client().get(path)
    csp = r.headers["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "http" not in csp  # no other origin, with no tile server configured
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_inline_bootstrap_scripts_are_allowed_by_hash(app33):
    r = app33.server.test_client().get("/")
    assert r.headers["Content-Security-Policy"].count("'sha256-") >= 1


def test_a_configured_tile_server_is_the_only_extra_image_origin(demo33):
    settings = settings_uji(demo33[0]).with_(
        map_tile_url="https://{s}.tiles.kpu.example/{z}/{x}/{y}.png"
    )
    csp = create_app(settings).server.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://*.tiles.kpu.example" in csp


def test_production_defaults_are_safe(tmp_path):
    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", secret_key="k"))
    assert app.server.debug is False
    assert app.server.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.server.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    kode = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    assert "debug=False" in kode


def test_debug_stays_off_whatever_the_environment_says(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.setenv("DASH_DEBUG", "true")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("SECRET_KEY", "k")
    app = create_app(Settings.from_env())
    assert app.server.debug is False
    assert app._dev_tools["ui"] is False and app._dev_tools["hot_reload"] is False


def test_a_production_server_sends_safe_cookies_and_no_debugger(tmp_path):
    """gunicorn as deployed, with debug switches set in its environment by mistake."""
    url = f"sqlite:///{tmp_path / 'kendali.db'}"
    engine = buat_engine(url, bulk=True)
    bangun_demo(engine, "65", "pilkada2024", dt.date(2024, 11, 24), seed=3)
    engine.dispose()
    server = ServerWeb(
        url,
        "65",
        tmp_path / "gunicorn.log",
        FLASK_DEBUG="1",
        DASH_DEBUG="true",
        PREFERRED_URL_SCHEME="https",  # behind a TLS proxy
    ).mulai(pekerja=1, utas=2)
    try:
        r = requests.post(
            f"{server.base}/masuk",
            data={"username": "operator.6571", "kata_sandi": KATA_SANDI_DEMO},
            allow_redirects=False,
            timeout=30,
        )
        assert r.status_code == 302
        cookie = r.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie
        assert "remember_token" not in cookie  # no long-lived login cookie
        konsol = requests.get(
            f"{server.base}/console?__debugger__=yes&cmd=resource&f=debugger.js", timeout=30
        )
        assert "Werkzeug" not in konsol.text and "CONSOLE_MODE" not in konsol.text
        palsu = requests.post(
            f"{server.base}/_dash-update-component", data=b"{rusak", timeout=30,
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert palsu.status_code == 400 and "Traceback" not in palsu.text
        halaman = requests.get(f"{server.base}/", timeout=30)
        assert halaman.status_code == 200 and "Content-Security-Policy" in halaman.headers
        assert "dash-debug-menu" not in halaman.text and "_dash-global-error" not in halaman.text
    finally:
        server.berhenti()
