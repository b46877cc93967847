"""Distribution against the plan: hop progress, the late list and the daily timeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.db import queries
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.distribusi import (
    daftar_terlambat,
    kurva_kedatangan,
    kurva_rencana,
    label_h,
    progres_rute,
    rentang_hari,
)
from dashboard.domain.kebutuhan import baca_pemilihan
from dashboard.domain.kesiapan import progres_per_wilayah
from dashboard.domain.rencana import target_tahap
from dashboard.factory import create_app
from dashboard.services.distribusi import distribusi_wilayah, linimasa
from dashboard.services.katalog import baca_katalog_toml
from tests.support.pengaturan import settings_uji

# The Pilkada 2024 plan the demo follows: gudang → PPK H-7..H-4, PPK → PPS H-3..H-2, …
PILKADA = baca_pemilihan(baca_katalog_toml("pilkada2024"))
JADWAL = PILKADA.jadwal
HARI_H = PILKADA.hari_pemungutan


def _progres(**per_wilayah: dict) -> pd.DataFrame:
    return pd.DataFrame([{"wilayah_kode": k, **v} for k, v in per_wilayah.items()])


def test_the_plan_is_the_one_these_tests_were_written_for():
    assert (JADWAL["gudang_ppk"], JADWAL["ppk_pps"], JADWAL["pps_tps"]) == (
        (-7, -4),
        (-3, -2),
        (-1, -1),
    )
    assert HARI_H == dt.date(2024, 11, 27)


def test_each_hop_gets_the_plan_target_of_the_day_and_late_means_beyond_tolerance():
    progres = _progres(
        **{
            "33.01": {"kirim_ppk": 1.0, "terima_ppk": 1.0, "kirim_pps": 0.6, "terima_pps": 0.46},
            "33.02": {"kirim_ppk": 0.9, "terima_ppk": 0.8, "kirim_pps": 0.0, "terima_pps": 0.0},
        }
    )
    rute = progres_rute(progres, -3, JADWAL).set_index(["wilayah_kode", "tahap"])
    assert rute.loc[("33.01", "ppk"), "target"] == 1.0
    assert rute.loc[("33.01", "pps"), "target"] == 0.5  # day one of two
    assert rute.loc[("33.01", "tps"), "target"] == 0.0
    assert not rute.loc[("33.01", "pps"), "terlambat"]  # 46% is within 5 points of 50%
    assert rute.loc[("33.02", "ppk"), "terlambat"]
    assert rute.loc[("33.02", "ppk"), "selisih"] == pytest.approx(0.2)
    assert rute.loc[("33.02", "ppk"), "kirim"] == 0.9
    # No TPS column at all: nothing needed there, so never late.
    assert pd.isna(rute.loc[("33.02", "tps"), "terima"])
    assert not rute.loc[("33.02", "tps"), "terlambat"]


def test_the_late_list_puts_the_furthest_behind_first():
    progres = _progres(
        **{
            "33.01": {"terima_ppk": 0.9, "terima_pps": 0.3},
            "33.02": {"terima_ppk": 0.5, "terima_pps": 0.5},
            "33.03": {"terima_ppk": 1.0, "terima_pps": 0.0},
        }
    )
    telat = daftar_terlambat(progres_rute(progres, -3, JADWAL))
    assert list(zip(telat["wilayah_kode"], telat["tahap"], strict=True)) == [
        ("33.02", "ppk"),
        ("33.03", "pps"),
        ("33.01", "pps"),
        ("33.01", "ppk"),
    ]


def test_timeline_days_run_from_before_the_first_hop_to_polling_day():
    hari = rentang_hari(HARI_H, JADWAL, sebelum=3)
    assert hari[0] == HARI_H - dt.timedelta(days=10)
    assert hari[-1] == HARI_H
    assert len(hari) == 11
    assert [label_h(-3), label_h(0), label_h(1)] == ["H−3", "Hari H", "H+1"]


def test_plan_curve_follows_the_plan_targets_day_by_day():
    hari = rentang_hari(HARI_H, JADWAL)
    rencana = kurva_rencana(hari, HARI_H, JADWAL, "33")
    for r in rencana.to_dict("records"):
        assert r["target"] == target_tahap((r["tanggal"] - HARI_H).days, JADWAL, r["tahap"], "33")
    ppk = rencana[rencana["tahap"] == "ppk"].set_index("tanggal")["target"]
    assert ppk[HARI_H - dt.timedelta(days=8)] == 0.0
    assert ppk[HARI_H - dt.timedelta(days=6)] == 0.5
    assert ppk[HARI_H - dt.timedelta(days=4)] == 1.0


def test_arrival_curve_averages_items_caps_each_at_need_and_counts_early_arrivals():
    hari = [dt.date(2024, 11, 20), dt.date(2024, 11, 21), dt.date(2024, 11, 22)]
    kebutuhan = pd.DataFrame(
        {
            "jenis_kode": ["KOTAK", "SS-GUB", "KOTAK"],
            "tahap": ["ppk", "ppk", "gudang"],
            "kebutuhan": [10, 1000, 10],
        }
    )
    harian = pd.DataFrame(
        {
            "jenis_kode": ["KOTAK", "KOTAK", "SS-GUB", "SS-GUB", "KOTAK"],
            "tahap": ["ppk", "ppk", "ppk", "ppk", "gudang"],
            "tanggal": [
                dt.date(2024, 11, 15),  # before the window: counts on its first day
                dt.date(2024, 11, 22),
                dt.date(2024, 11, 21),
                dt.date(2024, 11, 23),  # after the last day: not yet
                dt.date(2024, 11, 20),
            ],
            "diterima": [4, 9, 500, 500, 10],
        }
    )
    kurva = kurva_kedatangan(harian, kebutuhan, hari)
    ppk = kurva[kurva["tahap"] == "ppk"].set_index("tanggal")["rasio"]
    assert ppk[hari[0]] == pytest.approx((0.4 + 0.0) / 2)
    assert ppk[hari[1]] == pytest.approx((0.4 + 0.5) / 2)
    assert ppk[hari[2]] == pytest.approx((1.0 + 0.5) / 2)  # 13 boxes for 10 needed: capped
    assert set(kurva["tahap"]) == {"ppk"}  # the gudang is not a distribution hop


@pytest.fixture(scope="module")
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


@pytest.fixture(scope="module")
def baris33(demo33) -> pd.DataFrame:
    with pembuat_sesi(buat_engine(demo33[0]))() as s:
        baris = queries.ringkasan_frame(s)
    # The province's own rows are not stored: they are the sum of its kab/kota rows.
    kab = baris[baris["wilayah_kode"].str.len() == 5]
    provinsi = (
        kab.assign(wilayah_kode=kab["wilayah_kode"].str[:2])
        .groupby(["wilayah_kode", "jenis_kode", "tahap"], as_index=False)
        .sum(numeric_only=True)
    )
    return pd.concat([baris, provinsi], ignore_index=True)


def _tiba_per_tahap(baris: pd.DataFrame, kode: str) -> dict[str, float]:
    """Arrived share per hop of one region, averaged over items, straight from the rows."""
    out = {}
    for tahap in ("ppk", "pps", "tps"):
        b = baris[(baris["wilayah_kode"] == kode) & (baris["tahap"] == tahap)]
        b = b[b["kebutuhan"] > 0]
        tiba = b["diterima_baik"] + b["diterima_rusak_ringan"] + b["diterima_rusak_berat"]
        out[tahap] = float((tiba / b["kebutuhan"]).clip(upper=1).mean())
    return out


def test_late_list_of_the_demo_matches_an_independent_reading_of_the_rows(app33, baris33):
    jadwal = JADWAL
    with app33.server.app_context():
        data = distribusi_wilayah("33", -3, jadwal)
    harapan = set()
    for kode in baris33.loc[baris33["wilayah_kode"].str.len() == 5, "wilayah_kode"].unique():
        for tahap, tiba in _tiba_per_tahap(baris33, kode).items():
            if tiba + 0.05 < target_tahap(-3, jadwal, tahap, kode):
                harapan.add((kode, tahap))
    telat = list(zip(data.terlambat["wilayah_kode"], data.terlambat["tahap"], strict=True))
    assert set(telat) == harapan
    assert harapan == {(k, t) for k in ("33.02", "33.04", "33.07") for t in ("ppk", "pps")}
    assert list(data.terlambat["selisih"]) == sorted(data.terlambat["selisih"], reverse=True)
    assert data.terlambat["nama"].notna().all()
    assert len(data.rute) == 35 * 3
    diri = data.diri.set_index("tahap")
    assert diri.loc["ppk", "terima"] == pytest.approx(_tiba_per_tahap(baris33, "33")["ppk"])


@pytest.mark.parametrize("kode", ["33", "33.04", "33.74"])
def test_the_timeline_ends_where_the_summary_stands(app33, baris33, kode):
    with app33.server.app_context():
        lini = linimasa(kode, HARI_H, dt.date(2024, 11, 24), JADWAL)
    akhir = lini.nyata[lini.nyata["tanggal"] == dt.date(2024, 11, 24)].set_index("tahap")["rasio"]
    for tahap, tiba in _tiba_per_tahap(baris33, kode).items():
        assert akhir[tahap] == pytest.approx(tiba), tahap
    assert lini.nyata["tanggal"].max() == dt.date(2024, 11, 24)  # no points in the future
    assert lini.rencana["tanggal"].max() == HARI_H
    per_tahap = lini.nyata.sort_values("tanggal").groupby("tahap")["rasio"]
    assert per_tahap.apply(lambda s: s.is_monotonic_increasing).all()


def test_timeline_and_progress_agree_with_progres_per_wilayah(app33, baris33):
    """The timeline reuses the overview's averaging, so both show the same figure."""
    progres = progres_per_wilayah(baris33[baris33["wilayah_kode"] == "33"]).iloc[0]
    with app33.server.app_context():
        lini = linimasa("33", HARI_H, dt.date(2024, 11, 24), JADWAL)
    akhir = lini.nyata.groupby("tahap")["rasio"].last()
    assert akhir["ppk"] == pytest.approx(progres["terima_ppk"])
    assert akhir["pps"] == pytest.approx(progres["terima_pps"])


def test_unknown_regions_have_no_distribution_view(app33):
    with app33.server.app_context():
        assert distribusi_wilayah("99", -3, JADWAL) is None
        assert linimasa("33.99", HARI_H, dt.date(2024, 11, 24), JADWAL) is None
