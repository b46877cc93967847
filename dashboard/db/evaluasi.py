"""Queries for the evaluation of a finished campaign, and the re-votes and findings table.

Every read is an ORM statement run through the caller's Session, so a session limited to one
campaign sees only that campaign's rows; services.evaluasi owns the session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Executable, func, select
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.db.queries import jumlah_bertanda
from dashboard.domain.buku_besar import KOLOM_RINGKASAN
from dashboard.domain.evaluasi import TAHAP_EVALUASI, BarisTemuan


def _frame(session: Session, stmt: Executable) -> pd.DataFrame:
    hasil = session.execute(stmt)
    return pd.DataFrame([tuple(r) for r in hasil.all()], columns=list(hasil.keys()))


@dataclass(frozen=True)
class Kampanye:
    """The campaign a session sees: its election, province and plan."""

    pemilihan_kode: str
    pemilihan_nama: str
    provinsi_kode: str
    provinsi_nama: str
    hari_pemungutan: dt.date
    jadwal: dict[str, tuple[int, int]]


def kampanye(session: Session) -> Kampanye | None:
    """The campaign this session sees (None without one)."""
    k, p = models.Kampanye, models.Pemilihan
    baris = session.execute(
        select(k.pemilihan_kode, p.nama, k.provinsi_kode, p.hari_pemungutan, p.jadwal)
        .join(p, p.kode == k.pemilihan_kode)
        .order_by(k.id)
        .limit(1)
    ).first()
    if baris is None:
        return None
    nama = session.scalar(select(models.Wilayah.nama).where(models.Wilayah.kode == baris[2]))
    return Kampanye(
        pemilihan_kode=baris[0],
        pemilihan_nama=baris[1],
        provinsi_kode=baris[2],
        provinsi_nama=nama or baris[2],
        hari_pemungutan=baris[3],
        jadwal={str(t): (int(v[0]), int(v[1])) for t, v in baris[4].items()},
    )


def kabkota(session: Session) -> pd.DataFrame:
    """The kab/kota of the campaign's TPS (kode, nama)."""
    w = models.Wilayah
    ada = select(func.substr(models.Tps.desa_kode, 1, 5)).distinct()
    return _frame(session, select(w.kode, w.nama).where(w.kode.in_(ada)).order_by(w.kode))


def kebutuhan_tps(session: Session) -> pd.DataFrame:
    """Every TPS's need per item, with its desa (tps_id, desa_kode, jenis_kode, jumlah)."""
    k, t = models.Kebutuhan, models.Tps
    return _frame(
        session,
        select(k.tps_id, t.desa_kode, k.jenis_kode, k.jumlah).join(t, t.id == k.tps_id),
    )


def buku_tahap(session: Session) -> pd.DataFrame:
    """Arrivals and adjustments at PPK, PPS and TPS, one row per ledger entry with its moment
    and signed quantity (a reversing entry counts negative)."""
    m = models.Mutasi
    stmt = select(
        m.tahap, m.wilayah_kode, m.tps_id, m.jenis_kode, m.jenis_mutasi, m.kondisi, m.alasan,
        m.waktu, jumlah_bertanda().label("jumlah"),
    ).where(
        m.tahap.in_([str(t) for t in TAHAP_EVALUASI]),
        m.jenis_mutasi.in_(["terima", "penyesuaian"]),
    )  # fmt: skip
    df = _frame(session, stmt)
    if df.empty:
        return pd.DataFrame(columns=[c.name for c in stmt.selected_columns])
    df["jumlah"] = df["jumlah"].astype("int64")
    return df


def diterima_per_kondisi(session: Session) -> pd.DataFrame:
    """Arrivals per item, hop and condition: from the vendor at the gudang, from the hop
    before elsewhere (loans between gudang are not deliveries and are left out)."""
    m = models.Mutasi
    kunci = [m.jenis_kode, m.tahap, m.kondisi]
    df = _frame(
        session,
        select(*kunci, func.sum(jumlah_bertanda()).label("jumlah"))
        .where(m.jenis_mutasi.in_(["terima_penyedia", "terima"]))
        .group_by(*kunci),
    )
    if not df.empty:
        df["jumlah"] = df["jumlah"].astype("int64")
    return df


def salah_jenis(session: Session) -> pd.DataFrame:
    """Wrong-type adjustments per kab/kota, item and hop (signed units)."""
    m = models.Mutasi
    kab = func.substr(m.wilayah_kode, 1, 5).label("kabkota_kode")
    kunci = [kab, m.jenis_kode, m.tahap]
    df = _frame(
        session,
        select(*kunci, func.sum(jumlah_bertanda()).label("jumlah"))
        .where(m.jenis_mutasi == "penyesuaian", m.alasan == "salah_jenis")
        .group_by(*kunci),
    )
    if not df.empty:
        df["jumlah"] = df["jumlah"].astype("int64")
    return df


def kejadian(session: Session) -> pd.DataFrame:
    """Every incident: id, region, kind, status, reported and last updated."""
    k = models.Kejadian
    return _frame(
        session,
        select(k.id, k.wilayah_kode, k.jenis, k.keparahan, k.status, k.dilaporkan_pada,
               k.diperbarui_pada).order_by(k.id),
    )  # fmt: skip


def kejadian_ditutup(session: Session) -> dict[int, dt.datetime]:
    """Per incident, the last audited change that moved it to selesai."""
    a = models.Audit
    baris = session.execute(
        select(a.entitas_id, a.waktu, a.sebelum, a.sesudah)
        .where(a.entitas == "kejadian", a.aksi == "ubah_kejadian")
        .order_by(a.waktu, a.id)
    ).all()
    hasil: dict[int, dt.datetime] = {}
    for entitas_id, waktu, sebelum, sesudah in baris:
        if (sesudah or {}).get("status") == "selesai" and (sebelum or {}).get("status") != (
            "selesai"
        ):
            hasil[int(entitas_id)] = waktu
    return hasil


def ringkasan_kabkota(session: Session) -> pd.DataFrame:
    """The final summary rows of every kab/kota (what the readiness principles are read from)."""
    r, w = models.Ringkasan, models.Wilayah
    df = _frame(
        session,
        select(r.wilayah_kode, r.jenis_kode, r.tahap, *(getattr(r, k) for k in KOLOM_RINGKASAN))
        .join(w, w.kode == r.wilayah_kode)
        .where(w.tingkat == 2),
    )
    if not df.empty:
        df[list(KOLOM_RINGKASAN)] = df[list(KOLOM_RINGKASAN)].astype("int64")
    return df


def jejak(session: Session) -> tuple:
    """What the campaign's evaluation is computed from, in a few figures: its ledger (how
    many entries, the newest), its incidents (how many, the last change), its findings and
    its catalogue. Equal fingerprints, equal evaluation."""
    m, k, t = models.Mutasi, models.Kejadian, models.TemuanEvaluasi
    buku = session.execute(select(func.count(), func.max(m.id))).one()
    kejadian = session.execute(select(func.count(), func.max(k.diperbarui_pada))).one()
    temuan = session.execute(select(func.count(), func.max(t.id))).one()
    jenis = session.scalar(select(func.count()).select_from(models.JenisLogistik))
    return (*buku, *kejadian, *temuan, jenis)


def daftar_temuan(session: Session, temuan_id: int | None = None) -> list[BarisTemuan]:
    """Every re-vote and finding of the campaign (or one), oldest first."""
    t, w, p = models.TemuanEvaluasi, models.Wilayah, models.Pengguna
    stmt = (
        select(t, w.nama, p.username)
        .join(w, w.kode == t.wilayah_kode)
        .outerjoin(p, p.id == t.dicatat_oleh)
        .order_by(t.id)
    )
    if temuan_id is not None:
        stmt = stmt.where(t.id == temuan_id)
    return [
        BarisTemuan(
            id=r.id,
            pemilihan_kode=r.pemilihan_kode,
            wilayah_kode=r.wilayah_kode,
            wilayah_nama=nama,
            jenis=r.jenis,
            sebab_logistik=bool(r.sebab_logistik),
            prinsip=r.prinsip,
            jumlah_tps=int(r.jumlah_tps),
            keterangan=r.keterangan,
            dicatat_oleh=pengguna,
            dicatat_pada=r.dicatat_pada,
        )
        for r, nama, pengguna in session.execute(stmt).all()
    ]


def wilayah(session: Session, kode: str) -> tuple[str, int] | None:
    """A region's name and level (None for an unknown code)."""
    w = models.Wilayah
    baris = session.execute(select(w.nama, w.tingkat).where(w.kode == kode)).first()
    return (baris[0], int(baris[1])) if baris else None


def tambah_temuan(session: Session, **kolom: Any) -> int:
    """Add a re-vote or finding; return its id."""
    baris = models.TemuanEvaluasi(**kolom)
    session.add(baris)
    session.flush()
    return baris.id
