"""The demo campaign: realistic totals, deterministic, consistent, at any date H-60..H+1."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from sqlalchemy import func, select

from dashboard.db import models, queries
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.buku_besar import (
    KOLOM_RINGKASAN,
    Alasan,
    EntriMutasi,
    JenisMutasi,
    Kondisi,
    Tahap,
    dampak,
    stok_baik,
)
from dashboard.domain.kewajaran import Tempat, batas_wajar, periksa_kelipatan, periksa_penyesuaian
from dashboard.domain.waktu import sekarang_kampanye
from dashboard.services.buku_besar import hitung_ulang
from dashboard.services.integritas import periksa_integritas
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.tools.demo import bangun_demo

# Pilkada 2024 figures from ../shared/DOMAIN.md
NYATA = {"33": (35, 56_812, 28_427_616), "12": (33, 25_223, 10_771_496)}


@pytest.mark.parametrize("nama", ["demo33", "demo12"])
def test_demo_totals_are_within_15_percent_of_pilkada_2024(nama, request):
    url, info = request.getfixturevalue(nama)
    kabkota, tps, dpt = NYATA[info.provinsi]
    assert info.jumlah_kabkota == kabkota
    assert abs(info.jumlah_tps / tps - 1) <= 0.15
    assert abs(info.dpt / dpt - 1) <= 0.15
    engine = buat_engine(url)
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.max(models.Tps.dpt))) <= 600
        assert len(hitung_ulang(s, pemilihan_dari_db(s), terapkan=False)) == 0
        kab = queries.anak_wilayah(s, info.provinsi)
        assert len(kab) == kabkota
        assert kab["jumlah_tps"].sum() == info.jumlah_tps


def test_jawa_tengah_demo_passes_every_integrity_check(demo33):
    url, _ = demo33
    with pembuat_sesi(buat_engine(url))() as s:
        assert periksa_integritas(s, pemilihan_dari_db(s)) == []


def test_jawa_tengah_demo_has_lagging_regions_and_incidents(demo33):
    url, info = demo33
    with pembuat_sesi(buat_engine(url))() as s:
        kejadian = s.execute(select(models.Kejadian.jenis)).scalars().all()
        r = queries.ringkasan_frame(s)
    assert {"banjir", "akses_jalan", "kekurangan", "salah_jenis"} <= set(kejadian)
    ppk = r[(r["tahap"] == "ppk") & (r["wilayah_kode"].str.len() == 5)]
    per_kab = ppk.groupby("wilayah_kode")[["dikirim", "kebutuhan"]].sum()
    rasio = per_kab["dikirim"] / per_kab["kebutuhan"]
    assert (rasio > 0.99).sum() >= 25  # most kab/kota are on plan at H-3 ...
    assert (rasio < 0.9).sum() >= 2  # ... and a few are clearly behind


def _ledger(url: str) -> list[tuple]:
    with pembuat_sesi(buat_engine(url))() as s:
        return s.execute(
            select(
                models.Mutasi.client_id,
                models.Mutasi.jenis_kode,
                models.Mutasi.wilayah_kode,
                models.Mutasi.jumlah,
            ).order_by(models.Mutasi.client_id)
        ).all()


def test_same_seed_gives_the_same_campaign_and_dates_only_cut_it(tmp_path):
    urls = [f"sqlite:///{tmp_path / n}.db" for n in ("a", "b", "awal")]
    tanggal = [dt.date(2024, 11, 26), dt.date(2024, 11, 26), dt.date(2024, 11, 10)]
    for url, d in zip(urls, tanggal, strict=True):
        bangun_demo(buat_engine(url, bulk=True), "65", "pilkada2024", d, seed=3)
    a, b, awal = (_ledger(u) for u in urls)
    assert a == b
    assert 0 < len(awal) < len(a)
    assert set(awal) <= set(a)  # an earlier date shows a prefix of the same campaign


@pytest.mark.parametrize("tanggal", [dt.date(2024, 9, 1), dt.date(2024, 11, 29)])
def test_dates_outside_h60_to_h1_are_refused(tmp_path, tanggal):
    with pytest.raises(ValueError, match="di luar rentang demo"):
        bangun_demo(buat_engine(f"sqlite:///{tmp_path / 'x.db'}"), "65", "pilkada2024", tanggal)


def test_unknown_province_is_refused(tmp_path):
    with pytest.raises(ValueError, match="tidak ada di data referensi"):
        bangun_demo(buat_engine(f"sqlite:///{tmp_path / 'x.db'}"), "99", "pilkada2024")


def test_pemilu_demo_uses_five_ballots_and_300_voters(tmp_path):
    url = f"sqlite:///{tmp_path / 'pemilu.db'}"
    info = bangun_demo(buat_engine(url, bulk=True), "65", "pemilu2024", None, seed=1)
    assert info.per_tanggal == dt.date(2024, 2, 11)  # H-3 by default
    with pembuat_sesi(buat_engine(url))() as s:
        assert s.scalar(select(func.max(models.Tps.dpt))) <= 300
        kode = set(s.scalars(select(models.JenisLogistik.kode)))
        assert {"SS-PRES", "SS-DPR", "SS-DPD", "SS-DPRDP", "SS-DPRDK"} <= kode
        assert len(hitung_ulang(s, pemilihan_dari_db(s), terapkan=False)) == 0


def test_jawa_tengah_demo_stays_within_the_sanity_bounds_entry_by_entry(demo33):
    """Every entry the demo simulates would pass the write path's sanity rules (1.5x the need;
    replacements and damage within what is there), replayed in the order it was recorded."""
    url, info = demo33
    m = models.Mutasi
    with pembuat_sesi(buat_engine(url))() as s:
        ringkasan = queries.ringkasan_frame(s)
        buku = pd.DataFrame(
            s.execute(
                select(
                    m.jenis_mutasi,
                    m.jenis_kode,
                    m.tahap,
                    m.wilayah_kode,
                    m.jumlah,
                    m.kondisi,
                    m.alasan,
                    m.waktu,
                    m.dicatat_pada,
                )
                .where((m.tahap == "gudang") | ((m.tahap == "ppk") & (m.jenis_mutasi == "kirim")))
                .order_by(m.waktu, m.id)
            ).all()
        )
        sekarang = sekarang_kampanye(dt.datetime.now(dt.UTC), info.per_tanggal, demo=True)
        assert queries.waktu_mutasi_terbaru(s).replace(tzinfo=dt.UTC) <= sekarang  # Data per
    assert (pd.to_datetime(buku["waktu"], utc=True) <= sekarang).all()
    # Counters that only grow are within the bound at every step when they are at the end.
    r = ringkasan.assign(batas=[batas_wajar(k, 1.5) for k in ringkasan["kebutuhan"]])
    diterima = r[["diterima_baik", "diterima_rusak_ringan", "diterima_rusak_berat"]].sum(axis=1)
    for total in (diterima, r["dikirim"], r["disortir"]):
        assert (total <= r["batas"]).all(), r[total > r["batas"]].head()
    # Adjustments depend on the order: replay each gudang's entries and dispatches to its PPKs.
    keb = r[r["tahap"] == "gudang"].set_index(["wilayah_kode", "jenis_kode"])["kebutuhan"]
    keadaan: dict[tuple[str, str], dict[str, int]] = {}
    keluar: dict[tuple[str, str], int] = {}
    tempat = Tempat("gudang", "barang")
    for b in buku.itertuples():
        kunci = (b.wilayah_kode[:5], b.jenis_kode)
        if b.tahap == "ppk":
            keluar[kunci] = keluar.get(kunci, 0) + b.jumlah
            continue
        baris = keadaan.setdefault(
            kunci, dict.fromkeys(KOLOM_RINGKASAN, 0) | {"kebutuhan": int(keb[kunci])}
        )
        e = EntriMutasi(
            JenisMutasi(b.jenis_mutasi),
            b.jenis_kode,
            Tahap.GUDANG,
            b.wilayah_kode,
            b.jumlah,
            b.waktu,
            "demo",
            kondisi=Kondisi(b.kondisi) if isinstance(b.kondisi, str) else None,
            alasan=Alasan(b.alasan) if isinstance(b.alasan, str) else None,
        )
        stok = stok_baik(baris, keluar.get(kunci, 0))
        assert periksa_penyesuaian(e, baris, stok, tempat) is None, (kunci, b)
        assert periksa_kelipatan(e, baris, 1.5, tempat) is None, (kunci, b)
        for k, v in dampak(e).items():
            baris[k] += v
