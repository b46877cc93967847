"""Warehouse stock per item and kab/kota: good stock net of adjustments, shortfall, coverage."""

from __future__ import annotations

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
