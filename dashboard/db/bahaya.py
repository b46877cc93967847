"""Hazard zones and route risk grades: every SQL statement the hazard service needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from dashboard.db.models import Bahaya, Kejadian, Pengguna, RisikoRute, Wilayah
from dashboard.domain.bahaya import BarisBahaya, KejadianTitik
from dashboard.domain.kejadian import STATUS_AKTIF
from dashboard.domain.wilayah import KODE_NASIONAL


@dataclass(frozen=True)
class RingkasBahaya:
    """A stored zone as the list shows it (no shape)."""

    id: int
    provinsi_kode: str
    jenis: str
    tingkat: str
    nama: str
    luas_km2: float
    sumber_berkas: str
    diimpor_oleh: str | None
    diimpor_pada: dt.datetime


@dataclass(frozen=True)
class BarisRisiko:
    """A stored route grade."""

    kabkota_kode: str
    tujuan_kode: str
    tahap: str
    tingkat: str
    sumber: str
    alasan: str
    diubah_oleh: str | None
    diubah_pada: dt.datetime


def sisip_bahaya(session: Session, rows: Sequence[dict]) -> None:
    """Insert zone rows."""
    if rows:
        session.execute(insert(Bahaya), list(rows))


def hapus_bahaya_sumber(session: Session, provinsi: str, sumber: str) -> int:
    """Remove a province's zones that came from one file (and layer); return how many."""
    b = Bahaya
    syarat = (b.provinsi_kode == provinsi, b.sumber_berkas == sumber)
    jumlah = session.scalar(select(func.count()).select_from(b).where(*syarat)) or 0
    if jumlah:
        session.execute(delete(b).where(*syarat))
    return jumlah


def hapus_bahaya(session: Session, bahaya_id: int) -> None:
    """Remove one zone."""
    session.execute(delete(Bahaya).where(Bahaya.id == bahaya_id))


def daftar_bahaya(
    session: Session, provinsi: str | None, bahaya_id: int | None = None
) -> list[RingkasBahaya]:
    """Return the zones of a province (every one for None), newest import first."""
    b, p = Bahaya, Pengguna
    stmt = (
        select(
            b.id,
            b.provinsi_kode,
            b.jenis,
            b.tingkat,
            b.nama,
            b.luas_km2,
            b.sumber_berkas,
            p.username,
            b.diimpor_pada,
        )
        .join(p, p.id == b.diimpor_oleh, isouter=True)
        .order_by(b.diimpor_pada.desc(), b.id)
    )
    if provinsi is not None:
        stmt = stmt.where(b.provinsi_kode == provinsi)
    if bahaya_id is not None:
        stmt = stmt.where(b.id == bahaya_id)
    return [RingkasBahaya(*r) for r in session.execute(stmt).all()]


def bahaya_peta(
    session: Session, provinsi: str, kotak: tuple[float, float, float, float] | None = None
) -> list[BarisBahaya]:
    """Return the zones of a province ('all': of every one) with their shapes, optionally only
    those meeting a box."""
    b = Bahaya
    stmt = select(b.id, b.jenis, b.tingkat, b.nama, b.geojson, b.sumber_berkas)
    if provinsi not in ("all", KODE_NASIONAL):
        stmt = stmt.where(b.provinsi_kode == provinsi)
    if kotak is not None:
        minx, miny, maxx, maxy = kotak
        stmt = stmt.where(
            b.bujur_maks >= minx, b.bujur_min <= maxx, b.lintang_maks >= miny, b.lintang_min <= maxy
        )
    return [BarisBahaya(*r) for r in session.execute(stmt.order_by(b.id)).all()]


def jejak_bahaya(session: Session, provinsi: str) -> tuple[int, int | None, dt.datetime | None]:
    """How many zones a province ('all': every one) has, the newest id and import time: any
    import or removal changes them."""
    b = Bahaya
    stmt = select(func.count(), func.max(b.id), func.max(b.diimpor_pada))
    if provinsi not in ("all", KODE_NASIONAL):
        stmt = stmt.where(b.provinsi_kode == provinsi)
    jumlah, terakhir, terbaru = session.execute(stmt).one()
    return jumlah, terakhir, terbaru


def kejadian_aktif_bertitik(session: Session, kode: str) -> list[KejadianTitik]:
    """Return the open incidents in a region and below it ('all': everywhere), at their
    region's point: a kab/kota's is its gudang, a kecamatan's its PPK, a desa's its PPS."""
    k, w = Kejadian, Wilayah
    stmt = (
        select(k.id, k.judul, k.jenis, k.keparahan, k.wilayah_kode, w.nama, w.lon, w.lat)
        .join(w, w.kode == k.wilayah_kode)
        .where(
            k.status.in_(STATUS_AKTIF),
            w.tingkat >= 2,  # a province-wide incident has no place of its own
            w.lon.is_not(None),
            w.lat.is_not(None),
        )
        .order_by(k.id)
    )
    if kode not in ("all", KODE_NASIONAL):
        stmt = stmt.where((k.wilayah_kode == kode) | k.wilayah_kode.like(f"{kode}.%"))
    return [
        KejadianTitik(i, judul, jenis, keparahan, kode, nama, float(lon or 0), float(lat or 0))
        for i, judul, jenis, keparahan, kode, nama, lon, lat in session.execute(stmt).all()
    ]


def titik_provinsi(session: Session, provinsi: str) -> tuple[list[float], list[float]]:
    """Return the lon and lat of every region of a province that has a point."""
    w = Wilayah
    rows = session.execute(
        select(w.lon, w.lat).where(
            w.provinsi_kode == provinsi, w.lon.is_not(None), w.lat.is_not(None)
        )
    ).all()
    return [float(r[0] or 0) for r in rows], [float(r[1] or 0) for r in rows]


def titik_wilayah(session: Session, kode: str) -> tuple[str, float | None, float | None] | None:
    """Return (name, lon, lat) of one region, or None when it does not exist."""
    w = Wilayah
    r = session.execute(select(w.nama, w.lon, w.lat).where(w.kode == kode)).one_or_none()
    return (r[0], r[1], r[2]) if r is not None else None


def risiko_kabkota(session: Session, kabkota_kode: str) -> list[BarisRisiko]:
    """Return every stored grade of a kab/kota's routes (computed and manual)."""
    r, p = RisikoRute, Pengguna
    stmt = (
        select(
            r.kabkota_kode,
            r.tujuan_kode,
            r.tahap,
            r.tingkat,
            r.sumber,
            r.alasan,
            p.username,
            r.diubah_pada,
        )
        .join(p, p.id == r.diubah_oleh, isouter=True)
        .where(r.kabkota_kode == kabkota_kode)
        .order_by(r.tahap, r.tujuan_kode, r.sumber)
    )
    return [BarisRisiko(*row) for row in session.execute(stmt).all()]


def risiko_satu(session: Session, tujuan_kode: str, tahap: str, sumber: str) -> dict | None:
    """Return one stored grade as a dict (for the audit's 'before'), or None."""
    r = RisikoRute
    row = session.execute(
        select(r.tingkat, r.alasan, r.diubah_oleh).where(
            r.tujuan_kode == tujuan_kode, r.tahap == tahap, r.sumber == sumber
        )
    ).one_or_none()
    return None if row is None else {"tingkat": row[0], "alasan": row[1], "diubah_oleh": row[2]}


def simpan_risiko(session: Session, baris: dict) -> None:
    """Store one grade, replacing the one of the same destination, hop and source."""
    r = RisikoRute
    session.execute(
        delete(r).where(
            r.tujuan_kode == baris["tujuan_kode"],
            r.tahap == baris["tahap"],
            r.sumber == baris["sumber"],
        )
    )
    session.execute(insert(r), [baris])


def hapus_risiko(session: Session, tujuan_kode: str, tahap: str, sumber: str) -> None:
    """Remove one stored grade."""
    r = RisikoRute
    session.execute(
        delete(r).where(r.tujuan_kode == tujuan_kode, r.tahap == tahap, r.sumber == sumber)
    )


def ganti_risiko_hitung(session: Session, kabkota_kode: str, rows: Sequence[dict]) -> None:
    """Replace a kab/kota's computed grades (manual ones stay)."""
    r = RisikoRute
    session.execute(delete(r).where(r.kabkota_kode == kabkota_kode, r.sumber == "hitung"))
    if rows:
        session.execute(insert(r), list(rows))
