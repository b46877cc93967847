"""SQL of the road network: the stored network per province, water/air legs, blocked roads.

Every function runs in the caller's session and transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, aliased

from dashboard.db import models


@dataclass(frozen=True)
class JaringanTersimpan:
    """A stored network's blob and what it is."""

    provinsi_kode: str
    jenis: str
    data: bytes
    sumber: str
    jumlah_simpul: int
    jumlah_ruas: int
    dibangun_pada: dt.datetime


def jaringan(session: Session, provinsi: str) -> JaringanTersimpan | None:
    """Return the province's stored network, or None when none was stored."""
    r = session.get(models.JaringanJalan, provinsi)
    if r is None:
        return None
    return JaringanTersimpan(
        r.provinsi_kode, r.jenis, r.data, r.sumber, r.jumlah_simpul, r.jumlah_ruas,
        r.dibangun_pada,
    )  # fmt: skip


def simpan_jaringan(
    session: Session,
    provinsi: str,
    jenis: str,
    data: bytes,
    sumber: str,
    jumlah_simpul: int,
    jumlah_ruas: int,
) -> None:
    """Store (or replace) the province's network."""
    session.execute(
        delete(models.JaringanJalan).where(models.JaringanJalan.provinsi_kode == provinsi)
    )
    session.add(
        models.JaringanJalan(
            provinsi_kode=provinsi,
            jenis=jenis,
            data=data,
            sumber=sumber,
            jumlah_simpul=jumlah_simpul,
            jumlah_ruas=jumlah_ruas,
            dibangun_pada=dt.datetime.now(dt.UTC),
        )
    )


def jejak(session: Session, provinsi: str) -> tuple[Any, ...]:
    """Return what the assembled network depends on: the stored network's build, every
    active leg and block (a handful of rows), and the province's place points in sum."""
    j = models.JaringanJalan
    li = models.Lintasan
    rt = models.RuasTertutup
    w = models.Wilayah
    jar = session.execute(
        select(j.jenis, j.dibangun_pada, j.jumlah_ruas).where(j.provinsi_kode == provinsi)
    ).first()
    lin = session.execute(
        select(li.id, li.nama, li.jadwal, li.durasi_menit, li.asal_lat, li.asal_lon,
               li.tujuan_lat, li.tujuan_lon, li.moda)
        .where(li.provinsi_kode == provinsi, li.aktif.is_(True))
        .order_by(li.id)
    ).all()  # fmt: skip
    ruas = session.execute(
        select(rt.id, rt.asal_lat, rt.asal_lon, rt.tujuan_lat, rt.tujuan_lon, rt.radius_m)
        .where(rt.provinsi_kode == provinsi, rt.aktif.is_(True))
        .order_by(rt.id)
    ).all()
    tempat = session.execute(
        select(func.count(), func.sum(w.lat), func.sum(w.lon)).where(w.provinsi_kode == provinsi)
    ).one()
    return (
        tuple(jar) if jar else None,
        tuple(map(tuple, lin)),
        tuple(map(tuple, ruas)),
        tuple(tempat),
    )


def titik_tempat(session: Session, provinsi: str) -> pd.DataFrame:
    """Return every kab/kota, kecamatan and desa of a province with its point (kode, tingkat,
    induk_kode, nama, lat, lon), in code order."""
    w = models.Wilayah
    rows = session.execute(
        select(w.kode, w.tingkat, w.induk_kode, w.nama, w.lat, w.lon)
        .where(w.provinsi_kode == provinsi, w.tingkat >= 2)
        .order_by(w.kode)
    ).all()
    return pd.DataFrame(rows, columns=["kode", "tingkat", "induk_kode", "nama", "lat", "lon"])


# ---- water and air legs -------------------------------------------------------------------


def _sisip(session: Session, model: type[models.Lintasan | models.RuasTertutup], kolom: Any) -> int:
    baris = model(**kolom)
    session.add(baris)
    session.flush()
    return baris.id


def _satu(
    session: Session, model: type[models.Lintasan | models.RuasTertutup], nomor: int
) -> dict | None:
    r = session.get(model, nomor)
    if r is None:
        return None
    return {c.name: getattr(r, c.name) for c in model.__table__.columns}


def tambah_lintasan(session: Session, **kolom: Any) -> int:
    """Add a leg; return its id."""
    return _sisip(session, models.Lintasan, kolom)


def lintasan_satu(session: Session, lintasan_id: int) -> dict | None:
    """Return one leg's columns."""
    return _satu(session, models.Lintasan, lintasan_id)


def setel_aktif_lintasan(session: Session, lintasan_id: int, aktif: bool) -> None:
    """Suspend a leg (weather, a ship in dock) or run it again."""
    li = models.Lintasan
    session.execute(update(li).where(li.id == lintasan_id).values(aktif=aktif))


def hapus_lintasan(session: Session, lintasan_id: int) -> None:
    """Delete a leg (its audit row keeps what it was)."""
    session.execute(delete(models.Lintasan).where(models.Lintasan.id == lintasan_id))


def daftar_lintasan(session: Session, provinsi: str, hanya_aktif: bool = False) -> pd.DataFrame:
    """Return the province's legs, by name."""
    li = models.Lintasan
    q = select(*li.__table__.columns).where(li.provinsi_kode == provinsi).order_by(li.nama, li.id)
    if hanya_aktif:
        q = q.where(li.aktif.is_(True))
    rows = session.execute(q).mappings().all()
    return pd.DataFrame(rows, columns=[c.name for c in li.__table__.columns])


# ---- blocked roads ------------------------------------------------------------------------


def tutup_ruas(session: Session, **kolom: Any) -> int:
    """Store a blocked road; return its id."""
    return _sisip(session, models.RuasTertutup, kolom)


def ruas_satu(session: Session, ruas_id: int) -> dict | None:
    """Return one blocked road's columns."""
    return _satu(session, models.RuasTertutup, ruas_id)


def buka_ruas(session: Session, ruas_id: int, oleh: int | None, pada: dt.datetime) -> None:
    """Mark a blocked road open again."""
    rt = models.RuasTertutup
    session.execute(
        update(rt).where(rt.id == ruas_id).values(aktif=False, dibuka_oleh=oleh, dibuka_pada=pada)
    )


def ruas_tertutup(session: Session, provinsi: str, hanya_aktif: bool = True) -> pd.DataFrame:
    """Return the province's blocked roads with the names of their places and who closed them."""
    rt = models.RuasTertutup
    asal = aliased(models.Wilayah)
    tujuan = aliased(models.Wilayah)
    q = (
        select(
            *rt.__table__.columns,
            asal.nama.label("asal_nama"),
            tujuan.nama.label("tujuan_nama"),
            models.Pengguna.username,
        )
        .outerjoin(asal, asal.kode == rt.asal_kode)
        .outerjoin(tujuan, tujuan.kode == rt.tujuan_kode)
        .outerjoin(models.Pengguna, models.Pengguna.id == rt.dibuat_oleh)
        .where(rt.provinsi_kode == provinsi)
        .order_by(rt.dibuat_pada.desc(), rt.id.desc())
    )
    if hanya_aktif:
        q = q.where(rt.aktif.is_(True))
    rows = session.execute(q).mappings().all()
    kolom = [c.name for c in rt.__table__.columns] + ["asal_nama", "tujuan_nama", "username"]
    return pd.DataFrame(rows, columns=kolom)


def kejadian_ada(session: Session, kejadian_id: int) -> bool:
    """Tell whether an incident exists."""
    return session.get(models.Kejadian, kejadian_id) is not None


def kejadian_satu(session: Session, kejadian_id: int) -> dict | None:
    """Return an incident's region, kind and title."""
    k = models.Kejadian
    r = (
        session.execute(select(k.wilayah_kode, k.jenis, k.judul).where(k.id == kejadian_id))
        .mappings()
        .first()
    )
    return dict(r) if r else None
