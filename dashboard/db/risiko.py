"""SQL for the risk register: risks, their reviews, and the TPS counts the score names.

Every function runs in the caller's session (services.risiko owns the transaction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, aliased

from dashboard.db import models
from dashboard.domain.wilayah import KODE_NASIONAL


@dataclass(frozen=True)
class BarisRisiko:
    """A stored risk, as plain values (with the names of its region and its writers)."""

    id: int
    wilayah_kode: str
    wilayah_nama: str
    judul: str
    penyebab: str
    kemungkinan: int
    dampak: int
    mitigasi: str
    pemilik: str
    tenggat: dt.date | None
    status: str
    sumber: str
    kunci_usulan: str | None
    dibuat_oleh: str | None
    dibuat_pada: dt.datetime
    diubah_oleh: str | None
    diubah_pada: dt.datetime

    def sebagai_dict(self) -> dict[str, Any]:
        """The risk as an audit row's before/after value."""
        return {
            "wilayah_kode": self.wilayah_kode,
            "judul": self.judul,
            "penyebab": self.penyebab,
            "kemungkinan": self.kemungkinan,
            "dampak": self.dampak,
            "mitigasi": self.mitigasi,
            "pemilik": self.pemilik,
            "tenggat": self.tenggat,
            "status": self.status,
            "sumber": self.sumber,
            "kunci_usulan": self.kunci_usulan,
        }


@dataclass(frozen=True)
class BarisTinjauan:
    """One stored review of a risk."""

    id: int
    risiko_id: int
    kemungkinan_sebelum: int
    dampak_sebelum: int
    status_sebelum: str
    kemungkinan_sesudah: int
    dampak_sesudah: int
    status_sesudah: str
    catatan: str
    oleh: str | None
    pada: dt.datetime


def _di_bawah(lingkup: str) -> ColumnElement[bool]:
    """WHERE term: a risk of the region itself or of a region beneath it."""
    kolom = models.Risiko.wilayah_kode
    if lingkup in ("", KODE_NASIONAL):
        return kolom != ""
    return (kolom == lingkup) | kolom.like(f"{lingkup}.%")


def _pilih_risiko() -> Select[models.Risiko, str, str, str]:
    r = models.Risiko
    pembuat = aliased(models.Pengguna)
    pengubah = aliased(models.Pengguna)
    return (
        select(r, models.Wilayah.nama, pembuat.username, pengubah.username)
        .join(models.Wilayah, models.Wilayah.kode == r.wilayah_kode)
        .outerjoin(pembuat, pembuat.id == r.dibuat_oleh)
        .outerjoin(pengubah, pengubah.id == r.diubah_oleh)
    )


def _baris(r: models.Risiko, nama: str, pembuat: str | None, pengubah: str | None) -> BarisRisiko:
    return BarisRisiko(
        id=r.id,
        wilayah_kode=r.wilayah_kode,
        wilayah_nama=nama,
        judul=r.judul,
        penyebab=r.penyebab,
        kemungkinan=int(r.kemungkinan),
        dampak=int(r.dampak),
        mitigasi=r.mitigasi,
        pemilik=r.pemilik,
        tenggat=r.tenggat,
        status=r.status,
        sumber=r.sumber,
        kunci_usulan=r.kunci_usulan,
        dibuat_oleh=pembuat,
        dibuat_pada=r.dibuat_pada,
        diubah_oleh=pengubah,
        diubah_pada=r.diubah_pada,
    )


def daftar_risiko(session: Session, lingkup: str) -> list[BarisRisiko]:
    """Every risk of a region and beneath it, in the order the register lists them (id)."""
    baris = session.execute(
        _pilih_risiko().where(_di_bawah(lingkup)).order_by(models.Risiko.id)
    ).all()
    return [_baris(*b) for b in baris]


def risiko(session: Session, risiko_id: int, *, kunci: bool = False) -> BarisRisiko | None:
    """One risk (None when there is none with that id); `kunci` locks its row for an update,
    so two reviews of the same risk at once record one after the other."""
    q = _pilih_risiko().where(models.Risiko.id == risiko_id)
    if kunci:
        q = q.with_for_update(of=models.Risiko)
    b = session.execute(q).first()
    return _baris(*b) if b else None


def tambah_risiko(
    session: Session, pengguna_id: int | None, pada: dt.datetime, **kolom: Any
) -> int:
    """Insert a risk and return its id."""
    r = models.Risiko(
        dibuat_oleh=pengguna_id,
        dibuat_pada=pada,
        diubah_oleh=pengguna_id,
        diubah_pada=pada,
        **kolom,
    )
    session.add(r)
    session.flush()
    return r.id


def ubah_risiko(
    session: Session, risiko_id: int, pengguna_id: int | None, pada: dt.datetime, **kolom: Any
) -> None:
    """Change a risk's columns (only those given)."""
    r = session.get_one(models.Risiko, risiko_id)
    for nama, nilai in kolom.items():
        setattr(r, nama, nilai)
    r.diubah_oleh = pengguna_id
    r.diubah_pada = pada
    session.flush()


def tambah_tinjauan(session: Session, **kolom: Any) -> int:
    """Insert one review row and return its id."""
    t = models.RisikoTinjauan(**kolom)
    session.add(t)
    session.flush()
    return t.id


def tinjauan(session: Session, risiko_id: int) -> list[BarisTinjauan]:
    """A risk's reviews, newest first."""
    t = models.RisikoTinjauan
    baris = session.execute(
        select(t, models.Pengguna.username)
        .outerjoin(models.Pengguna, models.Pengguna.id == t.oleh)
        .where(t.risiko_id == risiko_id)
        .order_by(t.pada.desc(), t.id.desc())
    ).all()
    return [
        BarisTinjauan(
            id=x.id,
            risiko_id=x.risiko_id,
            kemungkinan_sebelum=int(x.kemungkinan_sebelum),
            dampak_sebelum=int(x.dampak_sebelum),
            status_sebelum=x.status_sebelum,
            kemungkinan_sesudah=int(x.kemungkinan_sesudah),
            dampak_sesudah=int(x.dampak_sesudah),
            status_sesudah=x.status_sesudah,
            catatan=x.catatan,
            oleh=u,
            pada=x.pada,
        )
        for x, u in baris
    ]


def wilayah_nama(session: Session, kode: str) -> tuple[str, int] | None:
    """A region's name and level (None for an unknown code)."""
    w = session.get(models.Wilayah, kode)
    return (w.nama, int(w.tingkat)) if w else None


def jumlah_tps(session: Session, desa: list[str]) -> int:
    """How many TPS the given desa hold together."""
    if not desa:
        return 0
    total = 0
    for awal in range(0, len(desa), 500):  # keeps the IN list within every driver's limits
        total += int(
            session.scalar(
                select(func.coalesce(func.sum(models.RingkasanWilayah.jumlah_tps), 0)).where(
                    models.RingkasanWilayah.wilayah_kode.in_(desa[awal : awal + 500])
                )
            )
            or 0
        )
    return total
