"""A region and its children with their summary rows, cached: the stock and distribution views."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.db import queries
from dashboard.extensions import cache, db
from dashboard.services.tampilan import versi


@dataclass(frozen=True)
class AnakWilayah:
    """A region with one row per child (kode, nama) and the children's summary rows."""

    kode: str
    nama: str
    anak: pd.DataFrame
    baris: pd.DataFrame  # ringkasan rows of the children: every item and hop


def anak_wilayah(kode: str) -> AnakWilayah | None:
    """Return a region's children and their summary rows (None for an unknown region)."""
    return _anak_wilayah(kode, versi())


@cache.memoize()
def _anak_wilayah(kode: str, _versi: int) -> AnakWilayah | None:
    with db.sesi_baca() as s:
        wilayah = queries.wilayah_satu(s, kode)
        if wilayah is None:
            return None
        anak = queries.anak_wilayah(s, kode)[["kode", "nama"]]
        baris = queries.ringkasan_anak(s, kode)
    return AnakWilayah(kode=kode, nama=wilayah["nama"], anak=anak, baris=baris)
