"""Reading the audit trail (its rows are written by services.pencatatan in each write): row by
row for the admin provinsi, summarised for a supervisor."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import queries
from dashboard.domain.audit import RingkasanAudit, rekap, saring_dalam_lingkup
from dashboard.domain.waktu import WIB
from dashboard.extensions import db


def _rentang(hari: dt.date | None) -> tuple[dt.datetime | None, dt.datetime | None]:
    if not hari:
        return None, None
    sejak = dt.datetime.combine(hari, dt.time(), tzinfo=WIB)
    return sejak, sejak + dt.timedelta(days=1)


def _ke_wib(df: pd.DataFrame) -> pd.DataFrame:
    if not df.empty:
        df["waktu"] = pd.to_datetime(df["waktu"], utc=True).dt.tz_convert(WIB)
    return df


def daftar(
    *,
    pengguna: str | None = None,
    wilayah: str | None = None,
    aksi: str | None = None,
    hari: dt.date | None = None,
    batas: int = 200,
) -> pd.DataFrame:
    """Return the newest audit rows matching the filters, times in WIB."""
    sejak, sampai = _rentang(hari)
    with db.sesi_baca() as s:
        df = queries.audit(
            s,
            username=pengguna,
            wilayah=wilayah,
            aksi=aksi,
            sejak=sejak,
            sampai=sampai,
            batas=batas,
        )
    return _ke_wib(df)


def ringkasan(
    lingkup: str,
    provinsi: str,
    *,
    pengguna: str | None = None,
    wilayah: str | None = None,
    aksi: str | None = None,
    hari: dt.date | None = None,
    batas_terbaru: int = 50,
) -> RingkasanAudit | None:
    """Summarise the audit rows in the reader's scope `lingkup` matching the filters; None when
    the region filter lies outside the scope.

    Writes that name no region (an account added on the command line) count only for a reader
    of the whole province, and only while no region is asked for.
    """
    saring = saring_dalam_lingkup(wilayah, lingkup)
    if saring is None:
        return None
    if saring == provinsi and not wilayah:
        saring = None
    sejak, sampai = _rentang(hari)
    with db.sesi_baca() as s:
        kelompok = queries.rekap_audit(
            s, username=pengguna, wilayah=saring, aksi=aksi, sejak=sejak, sampai=sampai
        )
        terbaru = queries.audit(
            s,
            username=pengguna,
            wilayah=saring,
            aksi=aksi,
            sejak=sejak,
            sampai=sampai,
            batas=batas_terbaru,
        )
        kode = saring or lingkup
        nama = queries.nama_wilayah(s, [kode, *(k for k in kelompok["kantor"].unique() if k)])
    wilayah = f"{nama[kode]} ({kode})" if kode in nama else "seluruh wilayah"
    return rekap(wilayah, kelompok, _ke_wib(terbaru), nama)
