"""A national campaign: the root region '00' above the provinces, summed from kab/kota rows.

The national demo is too large to build per test, so a small province's campaign is marked
national ('all'); the root then holds that one province, and its figures must equal it.
"""

from __future__ import annotations

import gzip
import json

import pytest
from sqlalchemy import text

from dashboard.callbacks.peta import lapisan, warnai
from dashboard.callbacks.ringkasan import isi_wilayah
from dashboard.callbacks.shell import isi_kepala
from dashboard.domain.wilayah import KODE_NASIONAL
from dashboard.factory import create_app
from dashboard.services import tampilan
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji


@pytest.fixture
def app_nasional(kampanye_kecil, db_url):
    engine, _ = kampanye_kecil
    with engine.begin() as conn:
        conn.execute(text("UPDATE kampanye SET provinsi_kode = 'all'"))
    return create_app(settings_uji(db_url, "all"))


def test_the_root_sums_its_provinces_exactly(app_nasional):
    with app_nasional.server.app_context():
        akar = tampilan.ringkasan_wilayah(KODE_NASIONAL)
        provinsi = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
    assert akar is not None and akar.tingkat == 0 and akar.nama == "Indonesia"
    assert list(akar.anak["kode"]) == [PROVINSI_KECIL]
    for k in ("jumlah_tps", "dpt", "dptb", "tps_lengkap", "indeks", "stok", "terima_ppk"):
        assert akar.total[k] == pytest.approx(provinsi.total[k]), k
    anak = akar.anak.iloc[0]
    assert anak["jumlah_tps"] == provinsi.total["jumlah_tps"]
    assert anak["indeks"] == pytest.approx(provinsi.total["indeks"])
    assert akar.per_jenis.equals(provinsi.per_jenis)
    assert akar.total["kejadian_aktif"] == provinsi.total["kejadian_aktif"]


def test_home_page_header_and_breadcrumb_start_at_the_root(app_nasional):
    with app_nasional.server.app_context():
        judul, *_ = isi_wilayah({"kode": None}, 0)
        kepala = isi_kepala(f"/wilayah/{PROVINSI_KECIL}.01", 0)
    teks = json.dumps(judul.to_plotly_json(), default=str)
    assert "Indonesia" in teks and "Nasional" in teks
    assert kepala[0] == "KPU · Seluruh Indonesia"
    remah = [i.get("label") for i in kepala[-1].items]
    assert remah[0] == "Indonesia" and remah[1] == "Kalimantan Utara"


def test_the_national_map_shows_every_kabkota_and_refuses_national_kecamatan(app_nasional):
    with app_nasional.server.app_context():
        url, pesan, _ = lapisan({"kode": None})
        hideout, _, _ = warnai({"kode": None}, "indeks", 0)
    assert url.endswith(f"/{KODE_NASIONAL}/2.json") and pesan is None
    client = app_nasional.server.test_client()
    r = client.get(url, headers={"Accept-Encoding": "gzip"})
    fitur = json.loads(gzip.decompress(r.data))["features"]
    assert {f["properties"]["kode"] for f in fitur} == set(hideout["isi"])
    assert len(fitur) == 5  # Kalimantan Utara's kab/kota
    assert client.get(url.replace("/2.json", "/3.json")).status_code == 404


def test_the_root_does_not_exist_in_a_province_campaign(kampanye_kecil, db_url):
    app = create_app(settings_uji(db_url, PROVINSI_KECIL))
    with app.server.app_context():
        assert tampilan.ringkasan_wilayah(KODE_NASIONAL) is None
        assert tampilan.remah_wilayah(f"{PROVINSI_KECIL}.01")[0][0] == PROVINSI_KECIL
