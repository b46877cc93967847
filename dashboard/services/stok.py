"""Read service for the stock view: gudang stock per item and kab/kota, from cached rows."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.domain.buku_besar import Tahap
from dashboard.domain.stok import KOLOM_STOK, hitung_stok
from dashboard.services.katalog import jenis_logistik
from dashboard.services.wilayah import anak_wilayah


@dataclass(frozen=True)
class StokWilayah:
    """The stock of every item in each child region's gudang."""

    kode: str
    nama: str
    jenis: pd.DataFrame  # items needed anywhere below: kode, nama, satuan, kelompok, warna
    tabel: pd.DataFrame  # one row per child region x item: jenis_kode and KOLOM_STOK

    def per_jenis(self, jenis_kode: str | None) -> pd.DataFrame:
        """Return the rows of one item (every item for None), in region order."""
        t = self.tabel if not jenis_kode else self.tabel[self.tabel["jenis_kode"] == jenis_kode]
        return t.reset_index(drop=True)


def stok_wilayah(kode: str) -> StokWilayah | None:
    """Return the gudang stock of a region's children per item (None for an unknown region)."""
    data = anak_wilayah(kode)
    if data is None:
        return None
    jenis = jenis_logistik()
    gudang = data.baris[data.baris["tahap"] == str(Tahap.GUDANG)]
    tabel = hitung_stok(gudang).merge(data.anak, left_on="wilayah_kode", right_on="kode")
    urutan = {k: i for i, k in enumerate(jenis["kode"])}
    tabel = tabel.assign(_u=tabel["jenis_kode"].map(urutan)).sort_values(["_u", "kode"])
    tabel = tabel[["jenis_kode", *(k for k, _, _ in KOLOM_STOK)]].reset_index(drop=True)
    jenis = jenis[jenis["kode"].isin(set(tabel["jenis_kode"]))].reset_index(drop=True)
    return StokWilayah(kode=kode, nama=data.nama, jenis=jenis, tabel=tabel)
