"""Warehouse stock per item and kab/kota: good stock net of adjustments, shortfall, coverage.

The one definition every view shows. An aggregate over items or regions hides a missing item:
25.411 Bupati ballots short in Kendal are not made good by a surplus of Gubernur ballots there,
nor by a surplus in Kota Semarang. So a region's coverage is that of its worst (kab/kota gudang,
item) pair, its shortfall is the sum of every pair's own shortfall, and a surplus is counted on
its own — never inside 100%.
"""

from __future__ import annotations

from typing import NamedTuple, TypedDict

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
    # Lending between kab/kota (the coordination board): the net stock counts both.
    ("dipinjam", "Pinjaman masuk", "angka"),
    ("dipinjamkan", "Dipinjamkan", "angka"),
    ("stok_bersih", "Stok baik bersih", "angka"),
    ("kekurangan", "Kekurangan", "angka"),
    ("cakupan", "Cakupan", "persen"),
)


def stok_bersih(baris: pd.DataFrame) -> pd.Series:
    """Net good stock of each summary row: good receipts, replacements and goods borrowed, less
    damage, loss, wrong type found later and goods lent out (SUMBANGAN_STOK_BAIK)."""
    return sum(baris[k] * v for k, v in SUMBANGAN_STOK_BAIK.items())


def hitung_stok(gudang: pd.DataFrame) -> pd.DataFrame:
    """Add net good stock, shortfall and coverage to summary rows of the gudang hop.

    Net good stock is what arrived in good condition plus replacements, less damage, loss and
    wrong type found later. Goods already sent on to the PPK still count: they cover the same
    need, so dispatching must not look like a shortfall.
    """
    t = gudang.copy()
    t["stok_bersih"] = stok_bersih(t)
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
    Plain Python over a few hundred rows: pandas' per-call overhead made this the largest
    part of a cold page (issue 16).
    """
    if gudang.empty:
        return {}
    baik = stok_bersih(gudang)
    per_wilayah: dict[str, list[_Pasangan]] = {}
    for kode, jenis, kebutuhan, stok_baik in zip(
        gudang["wilayah_kode"].tolist(),
        gudang["jenis_kode"].tolist(),
        gudang["kebutuhan"].astype("int64").tolist(),
        baik.astype("int64").tolist(),
        strict=True,
    ):
        if kebutuhan > 0 or stok_baik != 0:
            per_wilayah.setdefault(kode[:panjang], []).append(
                _Pasangan(kode, jenis, kebutuhan, stok_baik)
            )
    return {wilayah: _cakupan_wilayah(pasangan) for wilayah, pasangan in per_wilayah.items()}


class _Pasangan(NamedTuple):
    """One (kab/kota gudang, item) pair: its need and net good stock."""

    gudang: str
    jenis: str
    kebutuhan: int
    baik: int

    @property
    def kurang(self) -> int:
        return max(self.kebutuhan - self.baik, 0)

    @property
    def cakupan(self) -> float | None:
        if self.kebutuhan <= 0:
            return None
        return min(max(self.baik, 0) / self.kebutuhan, 1.0)


def _cakupan_wilayah(pasangan: list[_Pasangan]) -> CakupanStok:
    kurang_jenis: dict[str, int] = {}
    cakupan_jenis: dict[str, float] = {}
    for p in pasangan:
        kurang_jenis[p.jenis] = kurang_jenis.get(p.jenis, 0) + p.kurang
        if p.cakupan is not None:
            cakupan_jenis[p.jenis] = min(cakupan_jenis.get(p.jenis, 1.0), p.cakupan)
    terburuk = gudang_terburuk = None
    if cakupan_jenis:
        # The worst item: lowest coverage, then the larger shortfall, then by code.
        terburuk = min(sorted(cakupan_jenis), key=lambda j: (cakupan_jenis[j], -kurang_jenis[j]))
        dinilai = [p for p in pasangan if p.jenis == terburuk and p.cakupan is not None]
        gudang_terburuk = min(dinilai, key=lambda p: (p.cakupan, -p.kurang)).gudang
    kurang_terburuk = kurang_jenis[terburuk] if terburuk else 0
    return {
        "stok": min(cakupan_jenis.values()) if cakupan_jenis else None,
        "kebutuhan_stok": sum(p.kebutuhan for p in pasangan),
        "stok_baik": sum(p.baik for p in pasangan),
        "kurang": sum(p.kurang for p in pasangan),
        "lebih": sum(max(p.baik - p.kebutuhan, 0) for p in pasangan),
        "jenis_kurang": sum(1 for k in kurang_jenis.values() if k > 0),
        "jenis_terburuk": terburuk if kurang_terburuk else None,
        "kurang_terburuk": kurang_terburuk,
        "gudang_terburuk": gudang_terburuk if kurang_terburuk else None,
    }
