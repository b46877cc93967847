"""Bytes on the wire (issue 16): every response compressed, fingerprinted assets cached for a
year, chart pages loading the partial plotly.js. Facts about headers and bytes, not timings."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re

import brotli
import pytest
from plotly.offline import get_plotlyjs_version

from dashboard.factory import create_app
from dashboard.tools.benchmark import Panggilan, badan_panggilan, kunci_callback
from dashboard.web import aset

SEMUA = {"Accept-Encoding": "gzip, deflate, br, zstd"}
SETAHUN = 365 * 24 * 3600
# Issue 16's goal for a first visit, over the page and every file it loads (compressed).
ANGGARAN_BYTE = 1_500_000


@pytest.fixture(scope="module")
def klien(app_kecil_modul):
    return app_kecil_modul.server.test_client()


def _sumber(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/[^"]+)"', html)


def _buka(r) -> bytes:  # type: ignore[no-untyped-def]
    kode = r.headers.get("Content-Encoding")
    if kode == "br":
        return brotli.decompress(r.data)
    if kode == "gzip":
        return gzip.decompress(r.data)
    return r.data


def test_the_page_is_compressed_with_brotli_or_gzip_as_the_browser_accepts(klien):
    br = klien.get("/", headers=SEMUA)
    gz = klien.get("/", headers={"Accept-Encoding": "gzip"})
    polos = klien.get("/")
    assert br.headers["Content-Encoding"] == "br"
    assert gz.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in polos.headers
    assert "Accept-Encoding" in br.headers["Vary"]
    # Dash draws a new random "end_id" into every page.
    sama = [re.sub(rb'"end_id":"[^"]*"', b"", x) for x in (_buka(br), _buka(gz), polos.data)]
    assert sama[0] == sama[1] == sama[2]
    assert len(br.data) < len(polos.data) / 2


def test_every_file_the_page_loads_is_fingerprinted_compressed_and_kept_a_year(klien):
    html = _buka(klien.get("/", headers=SEMUA)).decode()
    sumber = _sumber(html)
    assert len(sumber) >= 15
    for url in sumber:
        r = klien.get(url, headers=SEMUA)
        assert r.status_code == 200, url
        tajuk = r.headers["Cache-Control"]
        assert "immutable" in tajuk and f"max-age={SETAHUN}" in tajuk, (url, tajuk)
        if r.mimetype in ("text/css", "text/javascript", "application/javascript"):
            assert r.headers.get("Content-Encoding") == "br", url


def test_the_inline_script_that_points_charts_at_the_light_plotly_is_allowed_by_the_csp(klien):
    r = klien.get("/", headers=SEMUA)
    html = _buka(r)
    skrip = aset.skrip_url_plotly()
    assert skrip.encode() in html
    isi = skrip.removeprefix("<script>").removesuffix("</script>").encode()
    digest = base64.b64encode(hashlib.sha256(isi).digest()).decode()
    assert f"'sha256-{digest}'" in r.headers["Content-Security-Policy"]


def test_the_chart_library_is_the_partial_bundle_of_the_same_plotly_js_version(klien):
    assert aset.berkas_plotly() == aset.PLOTLY_RINGAN, "npm ci has not installed plotly.js"
    paket = json.loads((aset.PLOTLY_RINGAN.parent / "package.json").read_text())
    # The figures are built by the plotly Python package for its own plotly.js version.
    assert paket["version"] == get_plotlyjs_version()
    r = klien.get(aset.url_plotly(), headers=SEMUA)
    assert r.status_code == 200 and "immutable" in r.headers["Cache-Control"]
    isi = _buka(r)
    assert isi == aset.PLOTLY_RINGAN.read_bytes()
    assert len(isi) < aset.PLOTLY_PENUH.stat().st_size / 3
    assert klien.get("/_plotly/0000000000000000.js").status_code == 404


def test_a_first_visit_of_a_chart_page_stays_within_one_and_a_half_megabytes(klien):
    halaman = klien.get("/distribusi", headers=SEMUA)
    html = _buka(halaman).decode()
    total = len(halaman.data) + sum(
        len(klien.get(u, headers=SEMUA).data) for u in [*_sumber(html), aset.url_plotly()]
    )
    assert total < ANGGARAN_BYTE, total


def test_callback_answers_are_compressed_also_when_served_from_the_cache(app_kecil_modul):
    # The response cache on (the shared test settings turn it off).
    settings = app_kecil_modul.server.config["SETTINGS"].with_(cache_type="SimpleCache")
    app = create_app(settings)
    klien = app.server.test_client()
    kunci = kunci_callback(app, "..wilayah-judul")
    badan = badan_panggilan(
        Panggilan(
            "ringkasan",
            kunci,
            [("halaman-arg", "data", {"kode": "65"}), ("segarkan-interval", "n_intervals", 0)],
            "halaman-arg.data",
        )
    )
    jawaban = [
        klien.post("/_dash-update-component", json=badan, headers=tajuk)
        for tajuk in (SEMUA, SEMUA, {}, SEMUA, {"Accept-Encoding": "gzip"})
    ]
    with app.server.app_context():
        from dashboard.extensions import cache

        assert any(k.startswith("respons:") for k in cache.cache._cache)  # served from cache
    assert [r.status_code for r in jawaban] == [200] * 5
    assert [r.headers.get("Content-Encoding") for r in jawaban] == ["br", "br", None, "br", "gzip"]
    isi = [json.loads(_buka(r)) for r in jawaban]
    assert all(x == isi[0] for x in isi)


def test_without_the_partial_bundle_the_full_plotly_is_served(monkeypatch, tmp_path, klien):
    monkeypatch.setattr(aset, "PLOTLY_RINGAN", tmp_path / "tidak-ada.js")
    r = klien.get(aset.url_plotly())
    assert r.status_code == 200
    assert len(r.data) == aset.PLOTLY_PENUH.stat().st_size
