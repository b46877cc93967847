"""Reads and checks for corrections by reversing entry (the write itself is db.buku_besar's)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, aliased

from dashboard.db import models
from dashboard.domain.wilayah import KODE_NASIONAL


def catatan(session: Session, mutasi_id: int) -> dict | None:
    """Return one ledger entry with the id of its reversal (`dibalik_oleh`), or None."""
    m = models.Mutasi
    balik = aliased(models.Mutasi)
    row = (
        session.execute(
            select(
                m.id,
                m.client_id,
                m.jenis_mutasi,
                m.jenis_kode,
                m.tahap,
                m.wilayah_kode,
                m.tps_id,
                m.jumlah,
                m.kondisi,
                m.alasan,
                m.waktu,
                m.pengguna_id,
                m.kantor_kode,
                m.keterangan,
                m.membalik_id,
                balik.id.label("dibalik_oleh"),
            )  # fmt: skip
            .outerjoin(balik, balik.membalik_id == m.id)
            .where(m.id == mutasi_id)
        )
        .mappings()
        .first()
    )
    return dict(row) if row else None


def tersedia_tps(session: Session, tps_id: int, jenis_kode: str) -> int:
    """Return the good stock a TPS holds of an item (0 when it needs none)."""
    k = models.Kebutuhan
    n = session.scalar(select(k.tersedia).where(k.tps_id == tps_id, k.jenis_kode == jenis_kode))
    return int(n or 0)


def catatan_untuk_koreksi(
    session: Session,
    lingkup: str,
    pengguna_id: int | None,
    batas: int = 10,
    mutasi_id: int | None = None,
) -> pd.DataFrame:
    """Return the newest entries a writer may correct: its own (or, with `pengguna_id` None,
    everyone's in `lingkup`), newest recorded first, with names and reversal links; with
    `mutasi_id`, that one entry only."""
    m = models.Mutasi
    j = models.JenisLogistik
    w = models.Wilayah
    t = models.Tps
    balik = aliased(models.Mutasi)
    stmt = (
        select(
            m.id,
            m.waktu,
            m.dicatat_pada,
            m.jenis_mutasi,
            m.tahap,
            m.wilayah_kode,
            w.nama.label("wilayah_nama"),
            t.nomor.label("nomor_tps"),
            m.jenis_kode,
            j.nama.label("jenis_nama"),
            j.satuan,
            m.jumlah,
            m.kondisi,
            m.alasan,
            m.keterangan,
            m.membalik_id,
            balik.id.label("dibalik_oleh"),
        )  # fmt: skip
        .join(j, j.kode == m.jenis_kode)
        .join(w, w.kode == m.wilayah_kode)
        .outerjoin(t, t.id == m.tps_id)
        .outerjoin(balik, balik.membalik_id == m.id)
        .order_by(m.id.desc())
        .limit(batas)
    )
    if lingkup not in ("all", KODE_NASIONAL):
        stmt = stmt.where(m.wilayah_kode >= lingkup, m.wilayah_kode < lingkup + "/")
    if pengguna_id is not None:
        stmt = stmt.where(m.pengguna_id == pengguna_id)
    if mutasi_id is not None:
        stmt = stmt.where(m.id == mutasi_id)
    result = session.execute(stmt)
    return pd.DataFrame(result.all(), columns=list(result.keys()))


def hapus_harian_nol(
    session: Session, wilayah_kode: str, jenis_kode: str, tahap: str, tanggal: dt.date
) -> None:
    """Drop a day's timeline row a reversal brought back to zero (a recompute has none)."""
    h = models.RingkasanHarian
    session.execute(
        delete(h).where(
            h.wilayah_kode == wilayah_kode,
            h.jenis_kode == jenis_kode,
            h.tahap == tahap,
            h.tanggal == tanggal,
            h.dikirim == 0,
            h.diterima == 0,
            h.disortir == 0,
        )
    )
