"""The Flask/Dash app end to end without a browser: pages, layout, assets, callbacks."""

from __future__ import annotations

import re

import pytest

from dashboard.callbacks.ringkasan import isi_ringkasan
from dashboard.callbacks.shell import isi_kepala
from dashboard.factory import create_app
from tests.conftest import settings_uji


@pytest.fixture
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


def test_every_page_and_the_dash_endpoints_answer_200(app33):
    client = app33.server.test_client()
    for path in ["/", "/_dash-layout", "/_dash-dependencies"]:
        assert client.get(path).status_code == 200, path


def test_index_loads_css_and_js_only_from_this_server(app33):
    html = app33.server.test_client().get("/").get_data(as_text=True)
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, "the index should reference scripts and stylesheets"
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), f"external asset {url}"
    client = app33.server.test_client()
    for url in urls:
        if url.endswith((".css", ".js")) or ".js?" in url or ".css?" in url:
            assert client.get(url).status_code == 200, url


def test_header_shows_province_election_and_h_minus(app33):
    with app33.server.app_context():
        judul, pemilihan, data_per, hminus, tahap, pesan, remah = isi_kepala("/", 0)
    assert judul == "KPU Provinsi Jawa Tengah"
    assert "Gubernur" in pemilihan and "27-11-2024" in pemilihan
    assert data_per.startswith("Data per 24-11-2024")
    assert hminus == "H−3"
    assert "PPK → PPS" in tahap
    assert pesan is None


def test_overview_lists_all_35_kabkota(app33):
    with app33.server.app_context():
        kpi, tabel, kejadian = isi_ringkasan("/", 0)
    teks = str(tabel)
    assert teks.count("/wilayah/33.") == 35
    assert "Kota Semarang" in teks and "Kabupaten Demak" in teks
    assert len(kpi) == 7
    assert "Kejadian aktif" in str(kejadian)


def test_sumatera_utara_shows_its_33_kabkota(demo12):
    app = create_app(settings_uji(demo12[0], "12"))
    with app.server.app_context():
        judul, *_ = isi_kepala("/", 0)
        _, tabel, _ = isi_ringkasan("/", 0)
    assert judul == "KPU Provinsi Sumatera Utara"
    assert str(tabel).count("/wilayah/12.") == 33


def test_an_empty_database_gets_a_clear_message_not_an_error(tmp_path):
    app = create_app(settings_uji(f"sqlite:///{tmp_path / 'kosong.db'}"))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    with app.server.app_context():
        *_, pesan, _remah = isi_kepala("/", 0)
        assert isi_ringkasan("/", 0) == (None, None, None)
    assert "python -m dashboard demo" in str(pesan)
