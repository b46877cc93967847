"""Risk rules without a database: the 5×5 levels, the form, lateness in days, the score of a
kab/kota (every component moves it and is named in its words) and the risks it suggests."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.domain.rencana import target_rencana
from dashboard.domain.risiko import (
    BOBOT,
    DAMPAK,
    KEMUNGKINAN,
    EvaluasiLalu,
    FaktorRisiko,
    baca_isian_risiko,
    baca_tinjauan,
    hari_terlambat,
    hitung_matriks,
    saring_sel,
    saring_status,
    skor_risiko,
    tingkat_risiko,
    tingkat_skor,
    usulan_risiko,
)

TENANG = FaktorRisiko(
    kode="33.20",
    nama="Kabupaten Jepara",
    jumlah_rute=16,
    jumlah_tujuan=200,
)


@pytest.mark.parametrize(
    ("k", "d", "tingkat"),
    [
        (1, 1, "rendah"),
        (2, 2, "rendah"),
        (1, 4, "rendah"),
        (1, 5, "sedang"),
        (3, 3, "sedang"),
        (2, 5, "tinggi"),
        (4, 4, "tinggi"),
        (3, 5, "tinggi"),
        (4, 5, "ekstrem"),
        (5, 5, "ekstrem"),
    ],
)
def test_each_cell_has_the_level_of_its_product(k: int, d: int, tingkat: str) -> None:
    assert tingkat_risiko(k, d) == tingkat == tingkat_risiko(d, k)


def test_the_levels_never_fall_as_likelihood_or_impact_rises() -> None:
    urut = ("rendah", "sedang", "tinggi", "ekstrem")
    for k in KEMUNGKINAN:
        for d in DAMPAK:
            if k < 5:
                assert urut.index(tingkat_risiko(k + 1, d)) >= urut.index(tingkat_risiko(k, d))
            if d < 5:
                assert urut.index(tingkat_risiko(k, d + 1)) >= urut.index(tingkat_risiko(k, d))
    with pytest.raises(ValueError):
        tingkat_risiko(0, 3)


def test_the_matrix_counts_every_cell() -> None:
    sel = hitung_matriks([(5, 4), (5, 4), (1, 1)])
    assert len(sel) == 25 and sel[(5, 4)] == 2 and sel[(1, 1)] == 1 and sum(sel.values()) == 3


def test_the_form_names_every_bad_field_in_words() -> None:
    kolom, salah = baca_isian_risiko(
        {"judul": " ", "penyebab": "Jalan putus", "kemungkinan": "6", "dampak": "2.5",
         "mitigasi": "x" * 1001, "pemilik": "Sekretaris", "tenggat": "besok"}
    )  # fmt: skip
    pesan = {g.kolom: g.pesan for g in salah}
    assert set(pesan) == {"judul", "kemungkinan", "dampak", "mitigasi", "tenggat"}
    assert "Judul risiko wajib diisi" in pesan["judul"]
    assert "1 sampai 5" in pesan["kemungkinan"] and "1 sampai 5" in pesan["dampak"]
    assert "YYYY-MM-DD" in pesan["tenggat"]
    assert kolom == {"penyebab": "Jalan putus", "pemilik": "Sekretaris", "status": "terbuka"}


def test_a_review_needs_the_new_cell_and_a_note() -> None:
    kolom, salah = baca_tinjauan({"kemungkinan": 2, "dampak": 4, "status": "dimitigasi",
                                  "catatan": "Kapal cadangan dipesan"})  # fmt: skip
    assert not salah
    assert kolom == {"kemungkinan": 2, "dampak": 4, "status": "dimitigasi",
                     "catatan": "Kapal cadangan dipesan"}  # fmt: skip
    _, salah = baca_tinjauan({"kemungkinan": 2, "status": "selesai"})
    assert {g.kolom for g in salah} == {"dampak", "status", "catatan"}


def test_lateness_is_today_minus_the_day_the_plan_expected_the_share() -> None:
    jendela = (-7, -4)  # four days: 25% due at the end of H-7, 100% from the end of H-4
    # 50% arrived is what the plan expected at the end of H-6: at H-3 that is 3 days late.
    assert hari_terlambat(0.5, -3, jendela) == pytest.approx(3.0)
    assert target_rencana(-6, jendela) == pytest.approx(0.5)
    assert hari_terlambat(0.5, -6, jendela) == 0.0
    assert hari_terlambat(1.0, 0, jendela) == 0.0
    assert hari_terlambat(None, -5, jendela) == pytest.approx(3.0)  # nothing, due from H-8


def test_a_quiet_region_scores_zero_and_says_so() -> None:
    s = skor_risiko(TENANG)
    assert s.skor == 0 and s.tingkat == "rendah" and s.alasan == ()
    assert s.teks.startswith("skor rendah:")
    assert usulan_risiko(s, TENANG) == ()


KOMPONEN = {
    "terlambat": (
        {"hari_terlambat": 2.0, "tahap_terlambat": "Tiba di PPK"},
        "terlambat 2 hari dari rencana (Tiba di PPK)",
    ),
    "kekurangan": (
        {"kurang_rencana": 0.25, "teks_kurang": "kurang 25.411 Surat suara Bupati"},
        "stok gudang 75% dari rencana: kurang 25.411 Surat suara Bupati",
    ),
    "kejadian": (
        {"kejadian": {"banjir": 3}, "bobot_kejadian": 6.0},
        "3 kejadian banjir aktif",
    ),
    "bahaya": ({"rute_rawan": 4, "rute_sangat_rawan": 1}, "1 rute ke PPK sangat rawan"),
    "keterpencilan": (
        {"tujuan_laut": 6, "tps_laut_udara": 41},
        "41 TPS hanya lewat laut",
    ),
    "evaluasi": (
        {"evaluasi": EvaluasiLalu("Pemilu 2024", 0.8, 2.0)},
        "pada Pemilu 2024 tepat waktu 80%, terlambat 2 hari",
    ),
}


@pytest.mark.parametrize("nama", list(KOMPONEN))
def test_each_component_raises_the_score_and_is_named_in_its_words(nama: str) -> None:
    ubah, kata = KOMPONEN[nama]
    f = dataclasses.replace(TENANG, **ubah)
    s = skor_risiko(f)
    assert s.skor > 0
    assert kata in s.teks and s.teks.startswith(f"skor {s.tingkat} karena: ")
    (k,) = [k for k in s.komponen if k.poin > 0]
    assert k.nama == nama
    # Its points over the weights known: all six with an evaluation, else the other five.
    penyebut = sum(BOBOT.values()) - (0 if nama == "evaluasi" else BOBOT["evaluasi"])
    assert s.skor == pytest.approx(round(100 * k.poin / penyebut, 1))
    (u,) = usulan_risiko(s, f)
    assert u.kunci == nama and u.wilayah_kode == "33.20" and "Kabupaten Jepara" in u.judul
    assert kata[:20].lower() in u.penyebab.lower() and u.mitigasi
    assert 2 <= u.kemungkinan <= 5 and 1 <= u.dampak <= 5  # seen already: never "hampir tidak"


def test_more_of_a_component_never_lowers_the_score() -> None:
    def skor(**ubah: object) -> float:
        return skor_risiko(dataclasses.replace(TENANG, **ubah)).skor

    assert skor(hari_terlambat=0.4) == 0  # under half a day: entries of the day still come
    assert skor(hari_terlambat=1) < skor(hari_terlambat=2) < skor(hari_terlambat=3)
    assert skor(hari_terlambat=3) == skor(hari_terlambat=9)  # full at three days
    assert skor(bobot_kejadian=2) < skor(bobot_kejadian=4) < skor(bobot_kejadian=8)
    assert skor(rute_rawan=2) < skor(rute_sangat_rawan=2)
    assert skor(tujuan_laut=5) < skor(tak_terjangkau=5)


def test_everything_at_once_is_ekstrem_with_reasons_heaviest_first() -> None:
    f = dataclasses.replace(
        TENANG,
        hari_terlambat=3,
        tahap_terlambat="Tiba di PPS",
        kurang_rencana=0.5,
        kejadian={"banjir": 2, "longsor": 1},
        bobot_kejadian=9,
        rute_sangat_rawan=16,
        tujuan_laut=50,
        tps_laut_udara=120,
    )
    s = skor_risiko(f)
    assert s.skor == 100 and s.tingkat == "ekstrem" == tingkat_skor(s.skor)
    assert s.alasan[0].startswith("terlambat 3 hari")
    assert "2 kejadian banjir aktif, 1 kejadian tanah longsor aktif" in s.teks
    usul = usulan_risiko(s, f)
    assert [u.kunci for u in usul] == ["terlambat", "kekurangan", "kejadian", "bahaya",
                                       "keterpencilan"]  # fmt: skip
    assert all(u.kemungkinan == 5 for u in usul)
    assert {u.kunci: u.tingkat for u in usul}["kekurangan"] == "ekstrem"


@dataclasses.dataclass(frozen=True)
class _R:
    id: int
    kemungkinan: int
    dampak: int
    status: str


def test_the_register_filters_by_status_then_by_cell_highest_level_first() -> None:
    baris = [_R(1, 2, 2, "terbuka"), _R(2, 5, 5, "dimitigasi"), _R(3, 5, 5, "ditutup"),
             _R(4, 3, 4, "terbuka"), _R(5, 2, 2, "terbuka")]  # fmt: skip
    aktif = saring_status(baris, "aktif")
    assert [r.id for r in aktif] == [1, 2, 4, 5]
    assert [r.id for r in saring_status(baris, "ditutup")] == [3]
    assert [r.id for r in saring_status(baris, "semua")] == [1, 2, 3, 4, 5]
    assert [r.id for r in saring_sel(aktif, None)] == [2, 4, 1, 5]
    assert [r.id for r in saring_sel(aktif, [2, 2])] == [1, 5]
    assert saring_sel(aktif, [1, 1]) == []
