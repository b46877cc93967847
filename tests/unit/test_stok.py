"""Warehouse stock: net good stock, shortfall and coverage, checked against the summary rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.db import queries
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.stok import KOLOM_STOK, hitung_stok, total_stok
from dashboard.factory import create_app
from dashboard.services.stok import stok_wilayah
from tests.support.pengaturan import settings_uji


def _gudang(**nilai: int) -> dict:
    baris = {
        "kebutuhan": 0,
        "dikirim": 0,
        "diterima_baik": 0,
        "diterima_rusak_ringan": 0,
        "diterima_rusak_berat": 0,
        "rusak": 0,
        "hilang": 0,
        "pengganti": 0,
        "salah_jenis": 0,
        "disortir": 0,
        "dipinjam": 0,
        "dipinjamkan": 0,
    }
    baris.update(nilai)
    return baris


def test_net_stock_counts_replacements_and_subtracts_every_adjustment():
    t = hitung_stok(
        pd.DataFrame(
            [
                _gudang(
                    kebutuhan=1000,
                    diterima_baik=950,
                    diterima_rusak_ringan=30,
                    diterima_rusak_berat=20,
                    rusak=5,
                    hilang=3,
                    pengganti=40,
                    salah_jenis=2,
                )
            ]
        )
    ).iloc[0]
    assert t["stok_bersih"] == 950 + 40 - 5 - 3 - 2 == 980
    assert t["kekurangan"] == 20
    assert t["cakupan"] == pytest.approx(0.98)


def test_goods_sent_on_to_the_ppk_still_cover_the_need():
    t = hitung_stok(pd.DataFrame([_gudang(kebutuhan=500, diterima_baik=500, dikirim=480)]))
    assert t.iloc[0]["kekurangan"] == 0
    assert t.iloc[0]["cakupan"] == 1.0


def test_surplus_shows_as_coverage_above_100_percent_and_no_shortfall():
    t = hitung_stok(pd.DataFrame([_gudang(kebutuhan=100, diterima_baik=104)])).iloc[0]
    assert t["kekurangan"] == 0
    assert t["cakupan"] == pytest.approx(1.04)


def test_nothing_needed_has_no_coverage_rather_than_a_division_error():
    t = hitung_stok(pd.DataFrame([_gudang(kebutuhan=0, diterima_baik=0)])).iloc[0]
    assert pd.isna(t["cakupan"])
    assert t["kekurangan"] == 0


def test_one_region_surplus_does_not_fill_another_regions_gap():
    t = hitung_stok(
        pd.DataFrame(
            [
                _gudang(kebutuhan=100, diterima_baik=150),  # 50 too many here ...
                _gudang(kebutuhan=100, diterima_baik=60, diterima_rusak_berat=40),  # 40 short
            ]
        )
    )
    total = total_stok(t)
    assert total["kekurangan"] == 40
    assert total["wilayah_kurang"] == 1
    assert total["rusak"] == 40
    assert total["terpenuhi"] == pytest.approx(160 / 200)
    assert total["stok_bersih"] == 210  # more than the need, yet one region is short


@pytest.fixture(scope="module")
def stok33(demo33):
    app = create_app(settings_uji(demo33[0]))
    with app.server.app_context():
        return stok_wilayah("33")


@pytest.fixture(scope="module")
def baris33(demo33) -> pd.DataFrame:
    with pembuat_sesi(buat_engine(demo33[0]))() as s:
        return queries.ringkasan_frame(s)


def test_every_kabkota_and_item_matches_an_independent_sum_of_the_ringkasan_rows(stok33, baris33):
    gudang = baris33[(baris33["tahap"] == "gudang") & (baris33["wilayah_kode"].str.len() == 5)]
    harapan = {}
    for r in gudang.to_dict("records"):
        bersih = r["diterima_baik"] + r["pengganti"] - r["rusak"] - r["hilang"] - r["salah_jenis"]
        harapan[(r["wilayah_kode"], r["jenis_kode"])] = (
            r["kebutuhan"],
            bersih,
            max(0, r["kebutuhan"] - bersih),
            bersih / r["kebutuhan"],
        )
    hasil = {
        (r["kode"], r["jenis_kode"]): (
            r["kebutuhan"],
            r["stok_bersih"],
            r["kekurangan"],
            r["cakupan"],
        )
        for r in stok33.tabel.to_dict("records")
    }
    assert hasil.keys() == harapan.keys()
    assert len(hasil) == len(gudang) > 35 * 10
    for kunci, (keb, bersih, kurang, cakupan) in harapan.items():
        assert hasil[kunci][:3] == (keb, bersih, kurang), kunci
        assert hasil[kunci][3] == pytest.approx(cakupan), kunci


def test_the_demo_has_the_shortfalls_the_incidents_speak_of(stok33, demo33):
    kurang = stok33.tabel[stok33.tabel["kekurangan"] > 0]
    assert 0 < len(kurang) < 20
    purbalingga = stok33.tabel.set_index(["kode", "jenis_kode"]).loc[("33.03", "SS-GUB")]
    assert purbalingga["nama"] == "Kabupaten Purbalingga"
    assert purbalingga["kekurangan"] == 21_540
    # The province's row as the views read it holds the same need as its 35 kab/kota together.
    with pembuat_sesi(buat_engine(demo33[0]))() as s:
        provinsi = queries.ringkasan_baris(s, "33")
    provinsi = provinsi[provinsi["tahap"] == "gudang"]
    per_jenis = stok33.tabel.groupby("jenis_kode")["kebutuhan"].sum()
    assert per_jenis.to_dict() == provinsi.set_index("jenis_kode")["kebutuhan"].to_dict()


def test_items_follow_the_catalogue_and_cities_have_no_bupati_ballots(stok33):
    assert list(stok33.jenis["kode"][:3]) == ["SS-GUB", "SS-BUP", "SS-WAL"]
    assert len(stok33.per_jenis("SS-GUB")) == 35
    bupati = stok33.per_jenis("SS-BUP")
    assert len(bupati) == 29 and not bupati["nama"].str.startswith("Kota ").any()
    assert list(stok33.per_jenis("SS-GUB").columns) == ["jenis_kode"] + [
        k for k, _, _ in KOLOM_STOK
    ]
    assert list(stok33.per_jenis("SS-GUB")["kode"]) == sorted(stok33.per_jenis("SS-GUB")["kode"])


def test_an_unknown_region_has_no_stock_view(demo33):
    app = create_app(settings_uji(demo33[0]))
    with app.server.app_context():
        assert stok_wilayah("99") is None


def test_lent_goods_leave_the_lenders_stock_and_borrowed_ones_join_the_borrowers():
    t = hitung_stok(
        pd.DataFrame(
            [
                _gudang(kebutuhan=100, diterima_baik=130, dipinjamkan=20),
                _gudang(kebutuhan=100, diterima_baik=80, dipinjam=25, rusak=5),
            ]
        )
    )
    assert list(t["stok_bersih"]) == [110, 100]
    assert list(t["kekurangan"]) == [0, 0]
