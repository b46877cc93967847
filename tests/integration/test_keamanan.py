"""Security headers and production defaults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.factory import create_app
from dashboard.settings import Settings
from tests.conftest import settings_uji


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
