"""Reads the data-entry page needs: pickers limited to the account's scope, its recent work."""

from __future__ import annotations

import pandas as pd

from dashboard.db import queries
from dashboard.domain.akses import Akun, lingkup_tulis
from dashboard.domain.wilayah import Tingkat, kabkota_dari, kedalaman, provinsi_dari
from dashboard.extensions import cache, db
from dashboard.services.tampilan import versi


@cache.memoize(timeout=3600)
def anak(kode: str) -> list[tuple[str, str]]:
    """Return a region's children (kode, nama): reference data, so cached without version."""
    with db.sesi_baca() as s:
        return queries.wilayah_anak_ringkas(s, kode)


@cache.memoize(timeout=3600)
def nomor_tps(desa_kode: str) -> list[int]:
    """Return the TPS numbers of a desa."""
    with db.sesi_baca() as s:
        return queries.nomor_tps(s, desa_kode)


def pilihan_kabkota(akun: Akun, provinsi: str) -> list[tuple[str, str]]:
    """Return the kab/kota an account may write for: its own, or all for an admin provinsi."""
    lingkup = lingkup_tulis(akun, provinsi)
    if lingkup is None:
        return []
    if kedalaman(lingkup) >= Tingkat.KABKOTA:
        kab = kabkota_dari(lingkup)
        return [(k, n) for k, n in anak(provinsi_dari(kab)) if k == kab]
    return anak(lingkup)


def catatan_terbaru(kode: str, batas: int = 12) -> pd.DataFrame:
    """Return the newest ledger entries in a region (the office's own recent work)."""
    return _catatan_terbaru(kode, batas, versi())


@cache.memoize()
def _catatan_terbaru(kode: str, batas: int, _versi: int) -> pd.DataFrame:
    with db.sesi_baca() as s:
        return queries.mutasi_terbaru(s, kode, batas)


def kejadian_aktif(kode: str) -> pd.DataFrame:
    """Return the open incidents in a region with their versions, newest first."""
    return _kejadian_aktif(kode, versi())


@cache.memoize()
def _kejadian_aktif(kode: str, _versi: int) -> pd.DataFrame:
    with db.sesi_baca() as s:
        return queries.kejadian_aktif(s, kode)
