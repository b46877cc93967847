"""The H-minus plan and the readiness index on hand-made summary rows."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.domain.buku_besar import DITERIMA, KOLOM_RINGKASAN
from dashboard.domain.kesiapan import (
    baca_aturan_kesiapan,
    daftar_pengecualian,
    indeks_kesiapan,
    progres_per_wilayah,
)
from dashboard.domain.rencana import target_rencana, target_tahap, terlambat

JADWAL = {
    "terima_penyedia": (-60, -12),
    "sortir_lipat": (-35, -9),
    "gudang_ppk": (-7, -4),
    "ppk_pps": (-3, -2),
    "pps_tps": (-1, -1),
}
ATURAN = baca_aturan_kesiapan(
    {
        "bobot": {"jumlah": 0.3, "waktu": 0.3, "sasaran": 0.15, "jenis": 0.1, "kualitas": 0.15},
        "ambang": {"rusak": 0.02, "salah_jenis": 0.005, "kejadian_salah_jenis": 0.5},
    }
)


def test_plan_is_linear_over_its_window_at_every_level():
    assert target_rencana(-8, (-7, -4)) == 0
    assert target_rencana(-7, (-7, -4)) == 0.25
    assert target_rencana(-5, (-7, -4)) == 0.75
    assert target_rencana(-4, (-7, -4)) == 1
    assert target_rencana(3, (-7, -4)) == 1
    # A desa is held to the plan of its kecamatan, so the parent's plan is its children's sum.
    assert target_tahap(-3, JADWAL, "pps", "33") == 0.5
    assert target_tahap(-3, JADWAL, "pps", "33.74.01.1001") == 0.5
    assert target_tahap(-3, JADWAL, "ppk", "33.74.01") == 1
    assert terlambat(0.4, 0.5) and not terlambat(0.46, 0.5) and terlambat(None, 0.1)


def _baris(wilayah: str, **per_tahap: dict) -> pd.DataFrame:
    rows = []
    for tahap in ("gudang", "ppk", "pps", "tps"):
        if tahap == "gudang" and len(wilayah) > 5:
            continue
        nilai = {k: 0 for k in KOLOM_RINGKASAN} | {"kebutuhan": 1000} | per_tahap.get(tahap, {})
        # one location per row here: arrivals count up to its need
        diterima = sum(nilai[k] for k in DITERIMA)
        nilai["diterima_cukup"] = min(diterima, nilai["kebutuhan"])
        rows.append({"wilayah_kode": wilayah, "jenis_kode": "SS-GUB", "tahap": tahap, **nilai})
    return pd.DataFrame(rows)


def test_a_kabkota_on_plan_with_full_stock_is_ready():
    baris = _baris(
        "33.74",
        gudang={"diterima_baik": 1000},
        ppk={"dikirim": 1000, "diterima_baik": 1000},
        pps={"dikirim": 500, "diterima_baik": 500},
    )
    r = indeks_kesiapan(baris, -3, JADWAL, ATURAN).iloc[0]
    assert r["jumlah"] == 1 and r["waktu"] == 1 and r["sasaran"] == 1
    assert r["kualitas"] == 1 and r["jenis"] == 1
    assert r["indeks"] == pytest.approx(1) and r["kelas"] == "siap"


def test_each_principle_drops_for_its_own_failure():
    baris = _baris(
        "33.74",
        gudang={"diterima_baik": 900, "diterima_rusak_berat": 10, "salah_jenis": 2},
        ppk={"dikirim": 800, "diterima_baik": 400},
        pps={},
    )
    r = indeks_kesiapan(baris, -3, JADWAL, ATURAN).iloc[0]
    assert r["jumlah"] == pytest.approx(0.898)  # (900 - 2) / 1000
    assert r["sasaran"] == pytest.approx(0.5)  # 400 of 800 sent confirmed
    # damaged 10 of 1310 received -> 0.76% of a 2% threshold
    assert r["kualitas"] == pytest.approx(1 - (10 / 1310) / 0.02)
    assert r["jenis"] == pytest.approx(1 - (2 / 1310) / 0.005)
    # gudang meets its plan? 898/1000 of 100%; PPK 40% of 100%; PPS 0% of 50%
    assert r["waktu"] == pytest.approx((0.898 + 0.4 + 0.0) / 3)
    bobot = ATURAN.bobot
    assert r["indeks"] == pytest.approx(sum(r[k] * w for k, w in bobot.items()))
    assert r["kelas"] == "kritis"


def test_an_active_wrong_type_incident_caps_tepat_jenis():
    baris = _baris("33.74", gudang={"diterima_baik": 1000})
    r = indeks_kesiapan(baris, -10, JADWAL, ATURAN, frozenset({"33.74"})).iloc[0]
    assert r["jenis"] == 0.5


def test_progress_averages_items_not_units():
    a = _baris("33.74", ppk={"diterima_baik": 1000})
    b = _baris("33.74", ppk={"diterima_baik": 0}).assign(jenis_kode="KOTAK")
    b["kebutuhan"] = 4
    p = progres_per_wilayah(pd.concat([a, b])).iloc[0]
    assert p["terima_ppk"] == pytest.approx(0.5)


def test_exceptions_list_only_regions_behind_plan_or_short_worst_first_with_reasons():
    anak = pd.DataFrame(
        [
            {
                "kode": "33.01",
                "nama": "A",
                "indeks": 0.95,
                "stok": 1.0,
                "terima_ppk": 1.0,
                "terima_pps": 0.5,
                "terima_tps": 0.0,
                "kejadian_aktif": 0,
            },
            {
                "kode": "33.02",
                "nama": "B",
                "indeks": 0.7,
                "stok": 0.9,
                "jenis_terburuk": "SS-BUP",
                "kurang_terburuk": 25411,
                "jenis_kurang": 1,
                "terima_ppk": 0.6,
                "terima_pps": 0.0,
                "terima_tps": 0.0,
                "kejadian_aktif": 2,
            },
            {
                "kode": "33.03",
                "nama": "C",
                "indeks": 0.97,
                "stok": 1.0,
                "terima_ppk": 1.0,
                "terima_pps": 0.5,
                "terima_tps": 0.0,
                "kejadian_aktif": 1,
            },
        ]
    )
    daftar = daftar_pengecualian(anak, 2, -3, JADWAL, {"SS-BUP": "Surat suara Bupati"})
    # C has only an incident: the incidents panel shows it, not "Perlu perhatian".
    assert [p.kode for p in daftar] == ["33.02"]
    assert {m.kunci for m in daftar[0].masalah} == {"stok", "terima_ppk", "terima_pps"}
    teks = [m.teks for m in daftar[0].masalah]
    assert "Stok gudang 90,0%: kurang 25.411 Surat suara Bupati" in teks
    assert "Tiba di PPS 0% (rencana 50%)" in teks
    assert daftar[0].kelas == "kritis"


def test_a_desa_is_judged_only_on_the_hops_inside_it():
    """Desa rows have no PPK figure: never listed as 'Tiba di PPK – (rencana 100%)'."""
    anak = pd.DataFrame(
        [
            {
                "kode": "33.04.12.2001",
                "nama": "Sambong",
                "indeks": 0.7,
                "terima_pps": 0.0,
                "terima_tps": 0.0,
                "kejadian_aktif": 0,
            },
            {
                "kode": "33.04.12.2002",
                "nama": "Danakerta",
                "indeks": 1.0,
                "terima_pps": 1.0,
                "terima_tps": 0.0,
                "kejadian_aktif": 0,
            },
        ]
    )
    daftar = daftar_pengecualian(anak, 4, -3, JADWAL, {})
    assert [p.kode for p in daftar] == ["33.04.12.2001"]
    assert [m.kunci for m in daftar[0].masalah] == ["terima_pps"]
    assert daftar[0].masalah[0].teks == "Tiba di PPS 0% (rencana 50%)"


@pytest.mark.parametrize(
    "rusak",
    [
        {"bobot": {"jumlah": 1}},
        {"bobot": {"jumlah": 0.5, "waktu": 0.5, "sasaran": 0.5, "jenis": 0, "kualitas": 0}},
        # class limits live in domain/kelas.py, one scheme for every view
        {
            "bobot": {"jumlah": 0.2, "waktu": 0.2, "sasaran": 0.2, "jenis": 0.2, "kualitas": 0.2},
            "kelas": {"siap": 0.9, "waspada": 0.75},
        },
    ],
)
def test_broken_readiness_rules_are_refused(rusak):
    with pytest.raises(ValueError):
        baca_aturan_kesiapan(rusak)
