"""The audit trail's summary: who did what, counted per WIB day, office and action.

What a supervisor (Bawaslu) reads of the trail: counts and the newest writes by name and
action, never the values before and after nor the client address (those stay with the admin).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.domain.akses import AKSI_AUDIT, di_bawah
from dashboard.domain.waktu import WIB

KOLOM_REKAP = ["tanggal", "kantor", "aksi", "username", "jumlah"]
KOLOM_TERBARU = ["waktu", "username", "aksi", "entitas", "entitas_id", "wilayah_kode"]
TOTAL = "Jumlah"


@dataclass(frozen=True)
class SaringAudit:
    """What the reader of the audit trail asks for: one account, a region and what lies beneath
    it, one action, one WIB day; None for any."""

    pengguna: str | None = None
    wilayah: str | None = None
    aksi: str | None = None
    hari: dt.date | None = None

    @classmethod
    def dari_isian(
        cls, pengguna: str | None, wilayah: str | None, aksi: str | None, tanggal: str | None
    ) -> SaringAudit:
        """Read the filters as the page sends them (blank is none); ValueError for a day that
        is not an ISO date."""
        return cls(
            pengguna=(pengguna or "").strip() or None,
            wilayah=(wilayah or "").strip() or None,
            aksi=aksi or None,
            hari=dt.date.fromisoformat(tanggal) if tanggal else None,
        )

    def rentang(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The day as moments [from, until), midnight to midnight WIB; (None, None) for any."""
        if self.hari is None:
            return None, None
        sejak = dt.datetime.combine(self.hari, dt.time(), tzinfo=WIB)
        return sejak, sejak + dt.timedelta(days=1)


@dataclass(frozen=True)
class RingkasanAudit:
    """Counts of audited writes in a region, each table with one column per action label and
    a total column: per WIB day (newest first), per office (kab/kota, or the province), per
    account; and the newest writes without their values."""

    wilayah: str  # the region summarised, named
    jumlah: int
    jumlah_akun: int
    dari: dt.date | None
    sampai: dt.date | None
    per_hari: pd.DataFrame
    per_kantor: pd.DataFrame
    per_akun: pd.DataFrame
    terbaru: pd.DataFrame
    nama_kantor: dict[str, str]


def saring_dalam_lingkup(saring: str | None, lingkup: str) -> str | None:
    """Return the region to summarise: the filter where it lies in the reader's scope, the scope
    where the filter is wider, or None when the two do not meet (nothing to show)."""
    if not saring or di_bawah(lingkup, saring):
        return lingkup
    return saring if di_bawah(saring, lingkup) else None


def _silang(rekap: pd.DataFrame, baris: str) -> pd.DataFrame:
    """One row per `baris` value, one column per action label, and the total."""
    if rekap.empty:
        return pd.DataFrame(columns=[baris, TOTAL])
    t = rekap.pivot_table(index=baris, columns="aksi", values="jumlah", aggfunc="sum", fill_value=0)
    urutan = [a for a in AKSI_AUDIT if a in t.columns] + sorted(set(t.columns) - set(AKSI_AUDIT))
    t = t[urutan].rename(columns=lambda a: AKSI_AUDIT.get(a, a)).astype("int64")
    t[TOTAL] = t.sum(axis=1)
    return t.reset_index().rename_axis(columns=None)


def rekap(
    wilayah: str, kelompok: pd.DataFrame, terbaru: pd.DataFrame, nama_kantor: dict[str, str]
) -> RingkasanAudit:
    """Summarise audit counts grouped per (WIB day, office, action, username) — `KOLOM_REKAP`,
    an office None or '' for a write that names no region — and the newest rows
    (`KOLOM_TERBARU`; any other column, such as the values or the address, is dropped)."""
    k = kelompok[KOLOM_REKAP].copy()
    k["kantor"] = k["kantor"].fillna("")
    k["jumlah"] = k["jumlah"].astype("int64")
    per_hari = _silang(k, "tanggal").sort_values("tanggal", ascending=False, ignore_index=True)
    # Offices by code, the writes that name no region ('') last.
    per_kantor = _silang(k, "kantor").sort_values(
        "kantor", key=lambda kode: kode.where(kode != "", "\uffff"), ignore_index=True
    )
    per_akun = _silang(k, "username").sort_values(
        [TOTAL, "username"], ascending=[False, True], ignore_index=True
    )
    hari = sorted(k["tanggal"].unique())
    return RingkasanAudit(
        wilayah=wilayah,
        jumlah=int(k["jumlah"].sum()),
        jumlah_akun=int(k["username"].nunique()),
        dari=hari[0] if hari else None,
        sampai=hari[-1] if hari else None,
        per_hari=per_hari,
        per_kantor=per_kantor,
        per_akun=per_akun,
        terbaru=terbaru[KOLOM_TERBARU].reset_index(drop=True),
        nama_kantor=dict(nama_kantor),
    )
