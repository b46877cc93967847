"""The campaigns one database holds, and which one a request sees (docs/kampanye.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError

from dashboard.db import queries
from dashboard.db.engine import skema_ada
from dashboard.db.kampanye import kampanye_aktif
from dashboard.domain.waktu import hari_kampanye
from dashboard.extensions import cache, db
from dashboard.services.tampilan import versi


@dataclass(frozen=True)
class Kampanye:
    """One campaign as the picker lists it."""

    kode: str  # the election's code, as `?kampanye=` names it
    nama: str
    hari_pemungutan: dt.date
    per_tanggal: dt.date | None
    selesai: bool  # polling day is behind the campaign's own date: ready for evaluation


def daftar_kampanye() -> tuple[Kampanye, ...]:
    """Every campaign of the database, newest election first (empty before the first)."""
    try:
        return _daftar(versi())
    except SQLAlchemyError:
        if not skema_ada(db.engine):
            return ()
        raise


@cache.memoize()
def _daftar(_versi: int) -> tuple[Kampanye, ...]:
    with db.sesi_baca() as s:
        baris = queries.daftar_kampanye(s)
    jam = dt.datetime.now(dt.UTC)
    return tuple(
        Kampanye(
            kode=b["kode"],
            nama=b["nama"],
            hari_pemungutan=b["hari_pemungutan"],
            per_tanggal=b["per_tanggal"],
            selesai=hari_kampanye(jam, b["per_tanggal"], bool(b["demo"])) > b["hari_pemungutan"],
        )
        for b in baris
    )


def kampanye_terpilih() -> str | None:
    """The campaign this request shows: the one it names, else the newest election."""
    return kampanye_aktif() or kampanye_bawaan()


def kampanye_bawaan() -> str | None:
    """The campaign a request without `?kampanye=` sees: the newest election."""
    semua = daftar_kampanye()
    return semua[0].kode if semua else None
