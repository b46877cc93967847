"""Boundary rows: the map's layers and legend (read per request) and the offline writes."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pandas as pd
from sqlalchemy import Select, delete, func, insert, select
from sqlalchemy.orm import Session

from dashboard.db import queries
from dashboard.db.models import BatasWilayah, Wilayah
from dashboard.domain.batas import (
    PERKIRAAN,
    RESMI,
    BarisLapisan,
    TitikWilayah,
    hitung_status,
    koleksi_fitur,
    periksa_lapisan,
)
from dashboard.domain.wilayah import KODE_NASIONAL, Tingkat

# -- reading for the map ----------------------------------------------------------------------


def jejak_batas(session: Session) -> tuple[int, dt.datetime | None]:
    """Return how many shapes there are and when the newest was stored (changes on any write)."""
    b = BatasWilayah
    jumlah, terbaru = session.execute(select(func.count(), func.max(b.diperbarui_pada))).one()
    return jumlah, terbaru


def geojson_batas(session: Session, induk_kode: str, tingkat: int) -> dict:
    """Return the regions of one level under a region as a FeatureCollection for the map.

    A region without a shape is still a feature: a Point at its coordinate (or no geometry
    when it has none) with `tanpa_batas: true`, so the map can put a marker there.
    """
    level = periksa_lapisan(induk_kode, tingkat)
    w, b = Wilayah, BatasWilayah
    stmt = (
        select(w.kode, w.nama, w.lon, w.lat, b.sumber, b.geojson)
        .join(b, b.wilayah_kode == w.kode, isouter=True)
        .where(w.tingkat == int(level))
        .order_by(w.kode)
    )
    if induk_kode != KODE_NASIONAL:
        stmt = stmt.where(w.kode.like(f"{induk_kode}.%"))
    return koleksi_fitur(BarisLapisan(*r) for r in session.execute(stmt).all())


def status_batas(session: Session, provinsi: str) -> dict[str, dict[str, int]]:
    """Count the shapes per level and source, for the map legend ('batas perkiraan/resmi')."""
    w, b = Wilayah, BatasWilayah
    stmt = select(w.tingkat, b.sumber).join(b, b.wilayah_kode == w.kode, isouter=True)
    stmt = stmt.where(w.tingkat.in_([2, 3]))
    if provinsi not in ("all", KODE_NASIONAL):
        stmt = stmt.where(w.provinsi_kode == provinsi)
    return hitung_status(session.execute(stmt))


def ukuran_lapisan(session: Session, provinsi: str, tingkat: int) -> tuple[int, int]:
    """Return the bytes a province's layer sends to the browser: (raw JSON, gzipped).

    For 'all', every province's features in one collection (the national layer).
    """
    if provinsi == "all":
        induk = session.scalars(
            select(Wilayah.kode).where(Wilayah.tingkat == Tingkat.PROVINSI).order_by(Wilayah.kode)
        ).all()
    else:
        induk = [provinsi]
    fitur = [f for p in induk for f in geojson_batas(session, p, tingkat)["features"]]
    data = json.dumps({"type": "FeatureCollection", "features": fitur}, separators=(",", ":"))
    mentah = data.encode()
    return len(mentah), len(gzip.compress(mentah, mtime=0))


def provinsi_kampanye(session: Session) -> str:
    """Return the campaign's province code ('all' for a national campaign)."""
    kode = queries.provinsi_kampanye(session)
    if kode is None:
        raise ValueError(
            "Basis data belum berisi kampanye; jalankan dulu: python -m dashboard demo"
        )
    return kode


# -- building and importing (offline tools) ---------------------------------------------------


def _kode_provinsi(provinsi: str) -> Select[str]:
    """SQL selecting the kab/kota and kecamatan codes of a province ('all': every one)."""
    stmt = select(Wilayah.kode).where(Wilayah.tingkat.in_([2, 3]))
    return stmt if provinsi == "all" else stmt.where(Wilayah.provinsi_kode == provinsi)


def wilayah_provinsi(session: Session, provinsi: str) -> pd.DataFrame:
    """Return the kab/kota and everything below them of a province ('all': of every one)."""
    w = Wilayah
    stmt = select(w.kode, w.tingkat, w.induk_kode, w.nama, w.lat, w.lon).where(w.tingkat >= 2)
    if provinsi != "all":
        stmt = stmt.where(w.provinsi_kode == provinsi)
    hasil = session.execute(stmt.order_by(w.kode))
    return pd.DataFrame(hasil.all(), columns=list(hasil.keys()))


def kode_resmi(session: Session, provinsi: str | None = None) -> set[str]:
    """Return the codes with an official shape (only a province's kab/kota and kecamatan)."""
    b = BatasWilayah
    stmt = select(b.wilayah_kode).where(b.sumber == RESMI)
    if provinsi is not None:
        stmt = stmt.where(b.wilayah_kode.in_(_kode_provinsi(provinsi)))
    return set(session.scalars(stmt))


def hapus_perkiraan(session: Session, provinsi: str) -> None:
    """Remove a province's approximate shapes."""
    b = BatasWilayah
    session.execute(
        delete(b).where(b.sumber == PERKIRAAN, b.wilayah_kode.in_(_kode_provinsi(provinsi)))
    )


def hapus_batas(session: Session, kode: list[str]) -> None:
    """Remove the shapes of these regions, whatever their source."""
    session.execute(delete(BatasWilayah).where(BatasWilayah.wilayah_kode.in_(kode)))


def sisip_batas(session: Session, rows: list[dict]) -> None:
    """Insert boundary rows (the caller has removed the ones they replace)."""
    if rows:
        session.execute(insert(BatasWilayah), rows)


def titik_wilayah(session: Session, tingkat: Tingkat) -> list[TitikWilayah]:
    """Return every region down to a level with its point (a file is matched against these)."""
    w = Wilayah
    rows = session.execute(
        select(w.kode, w.tingkat, w.nama, w.lon, w.lat).where(w.tingkat <= int(tingkat))
    ).all()
    return [TitikWilayah(*r) for r in rows]
