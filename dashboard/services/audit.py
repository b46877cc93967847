"""Reading the audit trail (its rows are written by services.pencatatan in each write): row by
row for the admin provinsi, summarised for a supervisor."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from dashboard.db import queries
from dashboard.domain.audit import RingkasanAudit, SaringAudit, rekap, saring_dalam_lingkup
from dashboard.domain.waktu import WIB
from dashboard.extensions import db


def _ke_wib(df: pd.DataFrame) -> pd.DataFrame:
    if not df.empty:
        df["waktu"] = pd.to_datetime(df["waktu"], utc=True).dt.tz_convert(WIB)
    return df


def daftar(saring: SaringAudit, batas: int = 200) -> pd.DataFrame:
    """Return the newest audit rows matching the filters, times in WIB."""
    with db.sesi_baca() as s:
        return _ke_wib(queries.audit(s, saring, batas))


def ringkasan(
    lingkup: str, provinsi: str, saring: SaringAudit, batas_terbaru: int = 50
) -> RingkasanAudit | None:
    """Summarise the audit rows in the reader's scope `lingkup` matching the filters; None when
    the region filter lies outside the scope.

    Writes that name no region (an account added on the command line) count only for a reader
    of the whole province, and only while no region is asked for.
    """
    kode = saring_dalam_lingkup(saring.wilayah, lingkup)
    if kode is None:
        return None
    # The whole province, asked for by no filter: every write, also those naming no region.
    dalam = replace(saring, wilayah=None if kode == provinsi and not saring.wilayah else kode)
    with db.sesi_baca() as s:
        kelompok = queries.rekap_audit(s, dalam)
        terbaru = queries.audit(s, dalam, batas_terbaru)
        nama = queries.nama_wilayah(s, [kode, *(k for k in kelompok["kantor"].unique() if k)])
    judul = f"{nama[kode]} ({kode})" if kode in nama else "seluruh wilayah"
    return rekap(judul, kelompok, _ke_wib(terbaru), nama)
