"""Reading the audit trail (its rows are written by services.pencatatan in each write)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.db import queries
from dashboard.domain.waktu import WIB
from dashboard.extensions import db


def daftar(
    *,
    pengguna: str | None = None,
    wilayah: str | None = None,
    aksi: str | None = None,
    hari: dt.date | None = None,
    batas: int = 200,
) -> pd.DataFrame:
    """Return the newest audit rows matching the filters, times in WIB."""
    sejak = sampai = None
    if hari:
        sejak = dt.datetime.combine(hari, dt.time(), tzinfo=WIB)
        sampai = sejak + dt.timedelta(days=1)
    with db.sesi_baca() as s:
        df = queries.audit(
            s, username=pengguna, wilayah=wilayah, aksi=aksi, sejak=sejak, sampai=sampai,
            batas=batas,
        )
    if not df.empty:
        waktu = pd.to_datetime(df["waktu"], utc=True)
        df["waktu"] = waktu.dt.tz_convert(WIB)
    return df
