"""SQL for the fleet and its plans: vehicles, stored plans, and what a plan is built from.

Every function runs in the caller's session (services.armada owns the transaction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select, true, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from dashboard.db import models
from dashboard.domain.wilayah import KODE_NASIONAL

SELURUH = ("", "all", KODE_NASIONAL)


def _di_bawah(kolom: InstrumentedAttribute[str], lingkup: str) -> ColumnElement[bool]:
    """WHERE term: a kab/kota code in a region (itself or beneath it); everything nationally."""
    if lingkup in SELURUH:
        return true()
    return (kolom == lingkup) | kolom.like(f"{lingkup}.%")


@dataclass(frozen=True)
class BarisKendaraan:
    """A stored vehicle, as plain values."""

    id: int
    kabkota_kode: str
    nama: str
    nomor: str
    jenis: str
    moda: str
    kapasitas_m3: float
    kapasitas_kg: float
    status: str
    alasan_status: str
    cadangan: bool

    def sebagai_dict(self) -> dict[str, Any]:
        """The vehicle as an audit row's before/after value."""
        return {
            "kabkota_kode": self.kabkota_kode,
            "nama": self.nama,
            "nomor": self.nomor,
            "jenis": self.jenis,
            "kapasitas_m3": self.kapasitas_m3,
            "kapasitas_kg": self.kapasitas_kg,
            "status": self.status,
            "alasan_status": self.alasan_status,
            "cadangan": self.cadangan,
        }


@dataclass(frozen=True)
class BarisRencana:
    """A stored plan with its state and who made and accepted it."""

    id: int
    kabkota_kode: str
    tahap: str
    status: str
    rencana: dict[str, Any]
    perubahan: str
    dibuat_oleh: int | None
    dibuat_pada: dt.datetime
    diterima_oleh: int | None
    diterima_pada: dt.datetime | None


def _kendaraan(k: models.Kendaraan) -> BarisKendaraan:
    return BarisKendaraan(
        k.id,
        k.kabkota_kode,
        k.nama,
        k.nomor,
        k.jenis,
        k.moda,
        k.kapasitas_m3,
        k.kapasitas_kg,
        k.status,
        k.alasan_status,
        k.cadangan,
    )


def _rencana(r: models.RencanaArmada) -> BarisRencana:
    return BarisRencana(
        r.id,
        r.kabkota_kode,
        r.tahap,
        r.status,
        r.rencana,
        r.perubahan,
        r.dibuat_oleh,
        r.dibuat_pada,
        r.diterima_oleh,
        r.diterima_pada,
    )


# ---- vehicles ------------------------------------------------------------------------------


def daftar_kendaraan(session: Session, lingkup: str) -> list[BarisKendaraan]:
    """Return the vehicles of a kab/kota, of every kab/kota under a province code, or of all
    ('all', '00' or '')."""
    k = models.Kendaraan
    rows = session.scalars(
        select(k)
        .where(_di_bawah(k.kabkota_kode, lingkup))
        .order_by(k.kabkota_kode, k.cadangan, k.nomor)
    )
    return [_kendaraan(r) for r in rows]


def kendaraan(session: Session, kendaraan_id: int) -> BarisKendaraan | None:
    """Return one vehicle (None when there is no such vehicle)."""
    k = session.get(models.Kendaraan, kendaraan_id)
    return _kendaraan(k) if k is not None else None


def kendaraan_bernomor(session: Session, nomor: str) -> BarisKendaraan | None:
    """Return the vehicle with this plate or registration number, compared without case."""
    k = models.Kendaraan
    row = session.scalars(select(k).where(func.upper(k.nomor) == nomor.upper())).first()
    return _kendaraan(row) if row is not None else None


def tambah_kendaraan(session: Session, pengguna_id: int | None, **kolom: Any) -> BarisKendaraan:
    """Insert a vehicle and return it with its id."""
    k = models.Kendaraan(diubah_oleh=pengguna_id, diubah_pada=dt.datetime.now(dt.UTC), **kolom)
    session.add(k)
    session.flush()
    return _kendaraan(k)


def ubah_kendaraan(
    session: Session, kendaraan_id: int, pengguna_id: int | None, **kolom: Any
) -> BarisKendaraan:
    """Change a vehicle's columns and return it as now stored."""
    k = session.get_one(models.Kendaraan, kendaraan_id)
    for nama, nilai in kolom.items():
        setattr(k, nama, nilai)
    k.diubah_oleh = pengguna_id
    k.diubah_pada = dt.datetime.now(dt.UTC)
    session.flush()
    return _kendaraan(k)


# ---- plans ---------------------------------------------------------------------------------


def simpan_rencana(
    session: Session,
    *,
    kabkota_kode: str,
    tahap: str,
    rencana: dict[str, Any],
    perubahan: str,
    dibuat_oleh: int | None,
) -> BarisRencana:
    """Insert a proposed plan and return it with its id."""
    r = models.RencanaArmada(
        kabkota_kode=kabkota_kode,
        tahap=tahap,
        status="usulan",
        rencana=rencana,
        perubahan=perubahan,
        dibuat_oleh=dibuat_oleh,
        dibuat_pada=dt.datetime.now(dt.UTC),
    )
    session.add(r)
    session.flush()
    return _rencana(r)


def rencana(session: Session, rencana_id: int) -> BarisRencana | None:
    """Return one stored plan (None when there is no such plan)."""
    r = session.get(models.RencanaArmada, rencana_id)
    return _rencana(r) if r is not None else None


def rencana_diterima(session: Session, kabkota_kode: str, tahap: str) -> BarisRencana | None:
    """Return the accepted plan of a kab/kota and hop (None when none is accepted)."""
    r = models.RencanaArmada
    row = session.scalars(
        select(r)
        .where(r.kabkota_kode == kabkota_kode, r.tahap == tahap, r.status == "diterima")
        .order_by(r.diterima_pada.desc(), r.id.desc())
    ).first()
    return _rencana(row) if row is not None else None


def daftar_rencana(
    session: Session, lingkup: str, tahap: str | None = None, status: str | None = None
) -> list[BarisRencana]:
    """Return the stored plans of a kab/kota or of every kab/kota of a region, newest first,
    optionally of one hop and state."""
    r = models.RencanaArmada
    q = select(r).where(_di_bawah(r.kabkota_kode, lingkup))
    if tahap is not None:
        q = q.where(r.tahap == tahap)
    if status is not None:
        q = q.where(r.status == status)
    return [_rencana(x) for x in session.scalars(q.order_by(r.dibuat_pada.desc(), r.id.desc()))]


def terima_rencana(
    session: Session, rencana_id: int, pengguna_id: int | None, pada: dt.datetime
) -> None:
    """Mark a plan accepted and the kab/kota and hop's previously accepted plan replaced."""
    r = models.RencanaArmada
    baris = session.get_one(r, rencana_id)
    session.execute(
        update(r)
        .where(
            r.kabkota_kode == baris.kabkota_kode,
            r.tahap == baris.tahap,
            r.status == "diterima",
            r.id != rencana_id,
        )
        .values(status="diganti")
    )
    baris.status = "diterima"
    baris.diterima_oleh = pengguna_id
    baris.diterima_pada = pada
    session.flush()


def ganti_isi_rencana(
    session: Session, rencana_id: int, isi: dict[str, Any], perubahan: str | None = None
) -> None:
    """Replace a stored plan's content (an edit or a lock), keeping its state."""
    r = session.get_one(models.RencanaArmada, rencana_id)
    r.rencana = isi
    if perubahan is not None:
        r.perubahan = perubahan
    session.flush()


def kabkota_dengan_rencana_diterima(session: Session, provinsi: str, tahap: str) -> set[str]:
    """Return the kab/kota of a province that have an accepted plan for a hop."""
    r = models.RencanaArmada
    return set(
        session.scalars(
            select(r.kabkota_kode).where(
                r.status == "diterima",
                r.tahap == tahap,
                _di_bawah(r.kabkota_kode, provinsi),
            )
        )
    )


# ---- what a plan is built from ----------------------------------------------------------------


def sisa_kiriman(
    session: Session, kabkota_kode: str, tingkat: int, tahap: str
) -> list[tuple[str, str, int, int]]:
    """Return (place, item, need, received up to the need) for every place of a level under a
    kab/kota at a hop: what each PPK (tingkat 3) or PPS (tingkat 4) is to receive."""
    rg, w = models.Ringkasan, models.Wilayah
    rows = session.execute(
        select(rg.wilayah_kode, rg.jenis_kode, rg.kebutuhan, rg.diterima_cukup)
        .join(w, w.kode == rg.wilayah_kode)
        .where(
            w.tingkat == tingkat,
            w.kode.like(f"{kabkota_kode}.%"),
            rg.tahap == tahap,
            rg.kebutuhan > 0,
        )
        .order_by(rg.wilayah_kode, rg.jenis_kode)
    )
    return [(str(a), str(b), int(c), int(d)) for a, b, c, d in rows]


def ukuran_jenis(session: Session) -> dict[str, tuple[float, float]]:
    """Return each catalogue item's unit volume (litres) and weight (kg)."""
    j = models.JenisLogistik
    rows = session.execute(select(j.kode, j.volume_liter, j.berat_kg))
    return {str(k): (float(v or 0), float(b or 0)) for k, v, b in rows}


def titik_wilayah(
    session: Session, kabkota_kode: str, tingkat: int
) -> list[tuple[str, str, float | None, float | None]]:
    """Return (kode, nama, lat, lon) of a kab/kota followed by its places at a level."""
    w = models.Wilayah
    rows = session.execute(
        select(w.kode, w.nama, w.lat, w.lon)
        .where(
            (w.kode == kabkota_kode) | ((w.tingkat == tingkat) & w.kode.like(f"{kabkota_kode}.%"))
        )
        .order_by(w.tingkat, w.kode)
    )
    return [(str(k), str(n), la, lo) for k, n, la, lo in rows]


def nama_wilayah(session: Session, kode: list[str]) -> dict[str, str]:
    """Return the names of regions by code."""
    w = models.Wilayah
    if not kode:
        return {}
    return {
        str(k): str(n) for k, n in session.execute(select(w.kode, w.nama).where(w.kode.in_(kode)))
    }


def kabkota_provinsi(session: Session, provinsi: str) -> list[tuple[str, str]]:
    """Return (kode, nama) of every kab/kota of a province (every one for 'all')."""
    w = models.Wilayah
    q = select(w.kode, w.nama).where(w.tingkat == 2, _di_bawah(w.kode, provinsi))
    return [(str(k), str(n)) for k, n in session.execute(q.order_by(w.kode))]


def hari_pemungutan(session: Session) -> tuple[dt.date, dict[str, list[int]]]:
    """Return polling day and the H-minus timeline of the stored election."""
    p = session.scalars(select(models.Pemilihan)).one()
    return p.hari_pemungutan, dict(p.jadwal)


def rencana_terbaru(session: Session, kabkota_kode: str, tahap: str) -> BarisRencana | None:
    """Return the newest plan of a kab/kota and hop still in play: a proposal or the accepted
    one (a replaced plan is history)."""
    r = models.RencanaArmada
    row = session.scalars(
        select(r)
        .where(r.kabkota_kode == kabkota_kode, r.tahap == tahap, r.status != "diganti")
        .order_by(r.id.desc())
    ).first()
    return _rencana(row) if row is not None else None
