"""The map without a browser: boundary layers by URL, metric switch without geometry, drill-down."""

from __future__ import annotations

import gzip
import json

import pytest
from plotly.utils import PlotlyJSONEncoder

from dashboard.callbacks.peta import klik, lapisan, tabel, warnai
from dashboard.domain.kelas import METRIK, WARNA_KOSONG
from dashboard.factory import create_app
from tests.support.pengaturan import settings_uji


@pytest.fixture
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


def test_map_pages_answer_200(app33):
    client = app33.server.test_client()
    for path in ("/peta", "/peta/33.74"):
        assert client.get(path).status_code == 200


def test_a_layer_url_serves_every_kabkota_gzipped_and_cacheable(app33):
    with app33.server.app_context():
        url, _pesan, naik = lapisan({"kode": None})
    assert url.endswith("/33/2.json") and naik == "/peta"
    client = app33.server.test_client()
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert "max-age" in r.headers["Cache-Control"]
    data = json.loads(gzip.decompress(r.data))
    assert len(data["features"]) == 35
    assert {f["properties"]["kode"] for f in data["features"]} >= {"33.74", "33.21"}
    again = client.get(url, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304


def test_kabkota_layer_lists_its_kecamatan(app33):
    with app33.server.app_context():
        url, _, naik = lapisan({"kode": "33.74"})
    assert naik == "/peta"
    data = json.loads(app33.server.test_client().get(url).data)
    assert len(data["features"]) == 16  # Kota Semarang has 16 kecamatan
    assert all(f["properties"]["kode"].startswith("33.74.") for f in data["features"])


@pytest.mark.parametrize("metrik", list(METRIK))
def test_metric_switch_sends_colours_only_no_geometry(app33, metrik):
    with app33.server.app_context():
        hideout, legenda, judul = warnai({"kode": None}, metrik, 0)
        isi, keterangan = tabel({"kode": None}, metrik, 0)
    teks = json.dumps(hideout)
    assert "coordinates" not in teks and "geometry" not in teks
    assert len(json.dumps([hideout, legenda, judul], cls=PlotlyJSONEncoder).encode()) < 10_000
    assert str(isi).count("/wilayah/33.") == 35
    assert "batas" in keterangan
    assert len(hideout["teks"]) == len(hideout["isi"]) == 35
    # every fill is one of the metric's colours (or "no data"), decided in Python
    assert set(hideout["isi"].values()) <= {*METRIK[metrik].warna, WARNA_KOSONG}
    assert METRIK[metrik].label in str(legenda)


def test_metrics_colour_regions_differently(app33):
    with app33.server.app_context():
        a = warnai({"kode": None}, "indeks", 0)[0]["isi"]
        b = warnai({"kode": None}, "kejadian", 0)[0]
    assert a != b["isi"]
    assert max(int(v) for v in b["teks"].values()) >= 1  # the demo has active incidents


def test_clicking_a_kabkota_opens_its_map_and_a_kecamatan_its_page():
    assert klik({"properties": {"kode": "33.74"}}, {"kode": None}) == "/peta/33.74"
    assert klik({"properties": {"kode": "33.74.01"}}, {"kode": "33.74"}) == "/wilayah/33.74.01"


def test_an_unknown_map_region_says_so(app33):
    with app33.server.app_context():
        url, pesan, naik = lapisan({"kode": "33.74.01.1001"})
    assert url is None and "tidak tersedia" in str(pesan)
