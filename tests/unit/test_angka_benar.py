"""The figures tell the truth: stock item by item and gudang by gudang, no 100% while short,
one class scheme — examples from the demo's defects, then properties (hypothesis)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.domain.angka import format_persen
from dashboard.domain.buku_besar import KOLOM_RINGKASAN
from dashboard.domain.kelas import (
    BATAS_SIAP,
    BATAS_WASPADA,
    KELAS,
    METRIK,
    kelas_indeks,
    kelas_rencana,
    terburuk,
)
from dashboard.domain.rencana import tahap_dinilai
from dashboard.domain.stok import cakupan_stok


def _gudang(baris: list[tuple[str, str, int, int]]) -> pd.DataFrame:
    """Rows (kab/kota, item, need, good received)."""
    return pd.DataFrame(
        [
            {k: 0 for k in KOLOM_RINGKASAN}
            | {
                "wilayah_kode": w,
                "jenis_kode": j,
                "tahap": "gudang",
                "kebutuhan": n,
                "diterima_baik": b,
            }
            for w, j, n, b in baris
        ]
    )


def test_kendal_short_of_one_item_is_not_complete_and_names_the_shortfall():
    """The demo: Kendal short 25.411 Bupati ballots read "Jumlah 100%" and "Stok 100,0%"."""
    gudang = _gudang(
        [
            ("33.24", "SS-GUB", 812_689, 812_689),
            ("33.24", "SS-BUP", 812_689, 787_278),
            ("33.24", "KOTAK", 3_194, 3_194),
            # A surplus elsewhere never fills Kendal's gap.
            ("33.74", "SS-BUP", 100_000, 200_000),
        ]
    )
    kab = cakupan_stok(gudang, 5)
    assert kab["33.24"]["kurang"] == 25_411
    assert kab["33.24"]["jenis_terburuk"] == "SS-BUP"
    assert kab["33.24"]["stok"] == pytest.approx(787_278 / 812_689)
    assert kab["33.74"]["lebih"] == 100_000 and kab["33.74"]["stok"] == 1.0
    prov = cakupan_stok(gudang, 2)["33"]
    assert prov["stok"] == kab["33.24"]["stok"]  # the worst pair, not an average
    assert prov["kurang"] == 25_411 and prov["lebih"] == 100_000
    assert prov["gudang_terburuk"] == "33.24"
    assert format_persen(prov["stok"]) == "96,9%"


def test_a_percentage_is_never_rounded_up_to_100_while_short():
    assert format_persen(0.99984) == "99,9%"
    assert format_persen(0.9999, 0) == "99%"
    assert format_persen(1.0) == "100,0%"
    assert format_persen(0.00001) == "0,1%"
    assert format_persen(0.0) == "0,0%"


def test_one_class_scheme_for_index_map_and_plan():
    assert [kelas_indeks(v) for v in (0.5, BATAS_WASPADA, BATAS_SIAP, 1.0)] == [
        "kritis",
        "waspada",
        "siap",
        "siap",
    ]
    indeks = METRIK["indeks"]
    assert indeks.batas == (0, BATAS_WASPADA, BATAS_SIAP)
    assert [indeks.kelas(v) for v in (0.5, 0.8, 0.95)] == [0, 1, 2]
    assert indeks.label_kelas()[0].startswith("Kritis")
    assert kelas_rencana(0.0, 0.5) == "kritis" and kelas_rencana(0.46, 0.5) == "siap"
    assert kelas_rencana(0.9687, 1.0, toleransi=0.0) == "waspada"
    assert kelas_rencana(None, 0.0) is None and kelas_rencana(0.3, 0.0) == "siap"
    assert kelas_rencana(0.0, 0.0) is None  # nothing due, nothing done: no class
    assert terburuk("siap", None, "waspada") == "waspada" and terburuk(None) is None


def test_each_level_is_judged_on_its_own_hops():
    assert [str(t) for t in tahap_dinilai(1)] == ["gudang", "ppk", "pps", "tps"]
    assert [str(t) for t in tahap_dinilai(3)] == ["ppk", "pps", "tps"]
    assert [str(t) for t in tahap_dinilai(4)] == ["pps", "tps"]


# ---- properties -------------------------------------------------------------------------------

KAB = ["33.01", "33.02", "33.24", "34.01"]
JENIS = ["SS-GUB", "SS-BUP", "KOTAK"]
baris_gudang = st.lists(
    st.tuples(
        st.sampled_from(KAB),
        st.sampled_from(JENIS),
        st.integers(min_value=1, max_value=10**6),
        st.integers(min_value=0, max_value=2 * 10**6),
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(max_examples=150, deadline=None)
@given(baris_gudang, st.data())
def test_adding_a_receipt_never_lowers_coverage(baris, data):
    i = data.draw(st.integers(min_value=0, max_value=len(baris) - 1))
    tambah = data.draw(st.integers(min_value=1, max_value=10**6))
    sesudah = list(baris)
    w, j, n, b = sesudah[i]
    sesudah[i] = (w, j, n, b + tambah)
    for panjang in (2, 5):
        lama = cakupan_stok(_gudang(baris), panjang)
        baru = cakupan_stok(_gudang(sesudah), panjang)
        for kode, nilai in lama.items():
            assert baru[kode]["stok"] >= nilai["stok"]
            assert baru[kode]["kurang"] <= nilai["kurang"]


@settings(max_examples=150, deadline=None)
@given(baris_gudang)
def test_any_shortage_means_below_100_and_never_greener_than_the_worst_child(baris):
    kab = cakupan_stok(_gudang(baris), 5)
    prov = cakupan_stok(_gudang(baris), 2)
    for kode, p in prov.items():
        anak = [v for k, v in kab.items() if k.startswith(kode + ".")]
        short = any(b < n for w, _, n, b in baris if w.startswith(kode + "."))
        assert (p["stok"] < 1) == short and (p["kurang"] > 0) == short
        if short:
            assert format_persen(p["stok"]) != "100,0%"
            assert format_persen(p["stok"], 0) != "100%"
        # never greener than its worst child, on the figure and on its class
        assert p["stok"] == min(a["stok"] for a in anak)
        kelas_p = kelas_rencana(p["stok"], 1.0, toleransi=0.0)
        assert KELAS.index(kelas_p) <= min(
            KELAS.index(kelas_rencana(a["stok"], 1.0, toleransi=0.0)) for a in anak
        )
        # province figures are the sum of its kab/kota
        for k in ("kurang", "lebih", "kebutuhan_stok", "stok_baik"):
            assert p[k] == sum(a[k] for a in anak)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=0, max_value=2, allow_nan=False), st.integers(0, 3))
def test_formatting_never_claims_whole_or_nothing_falsely(rasio, desimal):
    teks = format_persen(rasio, desimal)
    angka = float(teks.rstrip("%").replace(",", "."))
    if rasio < 1:
        assert angka < 100
    if rasio > 0:
        assert angka > 0
