"""Warehouse stock per item and kab/kota: good stock net of adjustments, shortfall, coverage.

The one definition every view shows. An aggregate over items or regions hides a missing item:
25.411 Bupati ballots short in Kendal are not made good by a surplus of Gubernur ballots there,
nor by a surplus in Kota Semarang. So a region's coverage is that of its worst (kab/kota gudang,
item) pair, its shortfall is the sum of every pair's own shortfall, and a surplus is counted on
its own — never inside 100%.
"""

from __future__ import annotations

from typing import TypedDict

import pandas as pd

from dashboard.domain.buku_besar import SUMBANGAN_STOK_BAIK

# The stock table in display order: (column, Indonesian header, kind: teks/angka/persen).
# One list feeds the on-screen table and both exports, so they cannot drift apart.
KOLOM_STOK: tuple[tuple[str, str, str], ...] = (
    ("kode", "Kode", "teks"),
    ("nama", "Kabupaten/Kota", "teks"),
    ("kebutuhan", "Kebutuhan (termasuk PSU)", "angka"),
    ("diterima_baik", "Diterima baik", "angka"),
    ("diterima_rusak_ringan", "Rusak ringan", "angka"),
    ("diterima_rusak_berat", "Rusak berat", "angka"),
    ("rusak", "Rusak ditemukan", "angka"),
    ("hilang", "Hilang", "angka"),
    ("pengganti", "Pengganti", "angka"),
    ("salah_jenis", "Salah jenis", "angka"),
    ("stok_bersih", "Stok baik bersih", "angka"),
    ("kekurangan", "Kekurangan", "angka"),
    ("cakupan", "Cakupan", "persen"),
)


def hitung_stok(gudang: pd.DataFrame) -> pd.DataFrame:
    """Add net good stock, shortfall and coverage to summary rows of the gudang hop.

    Net good stock is what arrived in good condition plus replacements, less damage, loss and
    wrong type found later. Goods already sent on to the PPK still count: they cover the same
    need, so dispatching must not look like a shortfall.
    """
    t = gudang.copy()
    t["stok_bersih"] = sum(t[k] * v for k, v in SUMBANGAN_STOK_BAIK.items())
    t["kekurangan"] = (t["kebutuhan"] - t["stok_bersih"]).clip(lower=0)
    t["cakupan"] = t["stok_bersih"] / t["kebutuhan"].where(t["kebutuhan"] > 0)
    return t


def total_stok(tabel: pd.DataFrame) -> dict[str, float | int | None]:
    """Sum a stock table over its regions, counting shortfalls region by region.

    A surplus in one kab/kota does not fill another's gap before goods are moved, so the
    shortfall is the sum of each region's own and `terpenuhi` is the share of need covered
    where it is needed.
    """
    kebutuhan = int(tabel["kebutuhan"].sum())
    kekurangan = int(tabel["kekurangan"].sum())
    return {
        "kebutuhan": kebutuhan,
        "stok_bersih": int(tabel["stok_bersih"].sum()),
        "kekurangan": kekurangan,
        "wilayah_kurang": int((tabel["kekurangan"] > 0).sum()),
        "rusak": int(
            tabel[["diterima_rusak_ringan", "diterima_rusak_berat", "rusak"]].to_numpy().sum()
        ),
        "hilang_salah": int(tabel["hilang"].sum() + tabel["salah_jenis"].sum()),
        "terpenuhi": (kebutuhan - kekurangan) / kebutuhan if kebutuhan else None,
    }


class CakupanStok(TypedDict, total=False):
    """A region's stock figures (`cakupan_stok` always gives every key; a region holding no
    gudang has none of them).

    stok: coverage of the worst (gudang, item) pair below it, 0..1 (None: nothing needed).
    kurang / lebih: units short / beyond need, summed over every pair.
    jenis_kurang: how many items are short somewhere below it.
    jenis_terburuk, kurang_terburuk: the worst item and its shortfall over the region.
    gudang_terburuk: the kab/kota whose gudang holds the worst pair.
    """

    stok: float | None
    kebutuhan_stok: int
    stok_baik: int
    kurang: int
    lebih: int
    jenis_kurang: int
    jenis_terburuk: str | None
    kurang_terburuk: int
    gudang_terburuk: str | None


def cakupan_stok(gudang: pd.DataFrame, panjang: int) -> dict[str, CakupanStok]:
    """Return the stock figures of every region whose code is a `panjang`-long prefix.

    `gudang`: one row per kab/kota gudang and item (wilayah_kode of the kab/kota, jenis_kode,
    kebutuhan and the SUMBANGAN_STOK_BAIK counters). `panjang` 0 gives one region keyed "".
    """
    if gudang.empty:
        return {}
    t = hitung_stok(gudang)
    g = pd.DataFrame(
        {
            "wilayah": t["wilayah_kode"].str[:panjang],
            "gudang": t["wilayah_kode"],
            "jenis_kode": t["jenis_kode"],
            "kebutuhan": t["kebutuhan"].astype("int64"),
            "baik": t["stok_bersih"].astype("int64"),
        }
    )
    g = g[(g["kebutuhan"] > 0) | (g["baik"] != 0)]
    g["kurang"] = (g["kebutuhan"] - g["baik"]).clip(lower=0)
    g["lebih"] = (g["baik"] - g["kebutuhan"]).clip(lower=0)
    perlu = g["kebutuhan"] > 0
    g["cakupan"] = (g["baik"].clip(lower=0) / g["kebutuhan"].where(perlu)).clip(upper=1.0)
    hasil: dict[str, CakupanStok] = {}
    for wilayah, w in g.groupby("wilayah", sort=False):
        per_jenis = w.groupby("jenis_kode").agg(
            cakupan=("cakupan", "min"), kurang=("kurang", "sum")
        )
        dinilai = w[w["kebutuhan"] > 0]
        terburuk = None
        gudang_terburuk = None
        if not dinilai.empty:
            # The worst item: lowest coverage, then the larger shortfall.
            urut = per_jenis.dropna(subset=["cakupan"]).sort_values(
                ["cakupan", "kurang"], ascending=[True, False]
            )
            terburuk = str(urut.index[0])
            baris_terburuk = dinilai[dinilai["jenis_kode"] == terburuk].sort_values(
                ["cakupan", "kurang"], ascending=[True, False]
            )
            gudang_terburuk = str(baris_terburuk["gudang"].iloc[0])
        hasil[str(wilayah)] = {
            "stok": float(dinilai["cakupan"].min()) if not dinilai.empty else None,
            "kebutuhan_stok": int(w["kebutuhan"].sum()),
            "stok_baik": int(w["baik"].sum()),
            "kurang": int(w["kurang"].sum()),
            "lebih": int(w["lebih"].sum()),
            "jenis_kurang": int((per_jenis["kurang"] > 0).sum()),
            "jenis_terburuk": terburuk if terburuk and per_jenis.loc[terburuk, "kurang"] else None,
            "kurang_terburuk": int(per_jenis.loc[terburuk, "kurang"]) if terburuk else 0,
            "gudang_terburuk": gudang_terburuk
            if terburuk and per_jenis.loc[terburuk, "kurang"]
            else None,
        }
    return hasil
