"""SQL of lending between kab/kota: loans, their history and the notes between offices."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from dashboard.db import models

KOLOM_PINJAMAN = [
    "id",
    "jenis_kode",
    "jenis_nama",
    "satuan",
    "peminjam_kode",
    "peminjam_nama",
    "pemberi_kode",
    "pemberi_nama",
    "jumlah",
    "status",
    "setuju_peminjam",
    "setuju_pemberi",
    "kondisi_terima",
    "alasan_tutup",
    "diajukan_pada",
    "diperbarui_pada",
    "mutasi_keluar_id",
    "mutasi_masuk_id",
]


def pinjaman_klien(session: Session, client_id: str) -> models.Pinjaman | None:
    """Return the loan a request's client id created, if any."""
    return session.scalar(select(models.Pinjaman).where(models.Pinjaman.client_id == client_id))


def kunci_pinjaman(session: Session, nomor: int) -> models.Pinjaman | None:
    """Return a loan locked for update: two offices clicking at once take turns."""
    return session.scalar(
        select(models.Pinjaman).where(models.Pinjaman.id == nomor).with_for_update()
    )


def sisip(session: Session, baris: models.Base) -> None:
    """Add a row and give it its id."""
    session.add(baris)
    session.flush()


def catatan_klien(session: Session, client_id: str) -> models.CatatanKoordinasi | None:
    return session.scalar(
        select(models.CatatanKoordinasi).where(models.CatatanKoordinasi.client_id == client_id)
    )


def daftar(session: Session, provinsi: str) -> pd.DataFrame:
    """Return every loan of a province's kab/kota, newest first, with names (KOLOM_PINJAMAN)."""
    p = models.Pinjaman
    wp = aliased(models.Wilayah)
    wb = aliased(models.Wilayah)
    j = models.JenisLogistik
    rows = session.execute(
        select(
            p.id,
            p.jenis_kode,
            j.nama,
            j.satuan,
            p.peminjam_kode,
            wp.nama,
            p.pemberi_kode,
            wb.nama,
            p.jumlah,
            p.status,
            p.setuju_peminjam_oleh.is_not(None),
            p.setuju_pemberi_oleh.is_not(None),
            p.kondisi_terima,
            p.alasan_tutup,
            p.diajukan_pada,
            p.diperbarui_pada,
            p.mutasi_keluar_id,
            p.mutasi_masuk_id,
        )
        .join(j, j.kode == p.jenis_kode)
        .join(wp, wp.kode == p.peminjam_kode)
        .join(wb, wb.kode == p.pemberi_kode)
        .where(wp.provinsi_kode == provinsi)
        .order_by(p.id.desc())
    ).all()
    return pd.DataFrame(rows, columns=KOLOM_PINJAMAN)


def riwayat(session: Session, nomor: Sequence[int]) -> pd.DataFrame:
    """Return the history of the given loans, in order."""
    r = models.PinjamanRiwayat
    rows = session.execute(
        select(r.pinjaman_id, r.waktu, r.username, r.aksi, r.status, r.keterangan)
        .where(r.pinjaman_id.in_(list(nomor)))
        .order_by(r.pinjaman_id, r.id)
    ).all()
    return pd.DataFrame(
        rows, columns=["pinjaman_id", "waktu", "username", "aksi", "status", "keterangan"]
    )


def catatan(session: Session, nomor: Sequence[int]) -> pd.DataFrame:
    """Return the notes on the given loans, oldest first."""
    c = models.CatatanKoordinasi
    w = models.Wilayah
    rows = session.execute(
        select(c.pinjaman_id, c.waktu, c.username, c.kantor_kode, w.nama, c.teks)
        .outerjoin(w, w.kode == c.kantor_kode)
        .where(c.pinjaman_id.in_(list(nomor)))
        .order_by(c.pinjaman_id, c.id)
    ).all()
    return pd.DataFrame(
        rows, columns=["pinjaman_id", "waktu", "username", "kantor_kode", "kantor_nama", "teks"]
    )


def terbuka_per_gudang(session: Session) -> pd.DataFrame:
    """Sum the open loans not yet shipped or received, per gudang and item: what a lender has
    promised (terikat, until shipped) and what a borrower has coming (datang, until received).
    """
    p = models.Pinjaman
    belum_kirim = ("diajukan", "disetujui")
    terbuka = ("diajukan", "disetujui", "dikirim")
    janji = session.execute(
        select(p.pemberi_kode, p.jenis_kode, func.sum(p.jumlah))
        .where(p.status.in_(belum_kirim))
        .group_by(p.pemberi_kode, p.jenis_kode)
    ).all()
    datang = session.execute(
        select(p.peminjam_kode, p.jenis_kode, func.sum(p.jumlah))
        .where(p.status.in_(terbuka))
        .group_by(p.peminjam_kode, p.jenis_kode)
    ).all()
    baris = [(k, j, int(n), 0) for k, j, n in janji] + [(k, j, 0, int(n)) for k, j, n in datang]
    df = pd.DataFrame(baris, columns=["kode", "jenis_kode", "terikat", "datang"])
    return df.groupby(["kode", "jenis_kode"], as_index=False)[["terikat", "datang"]].sum()


def titik_kabkota(session: Session, provinsi: str) -> pd.DataFrame:
    """Return every kab/kota of a province with its point (kode, nama, lat, lon)."""
    w = models.Wilayah
    rows = session.execute(
        select(w.kode, w.nama, w.lat, w.lon)
        .where(w.provinsi_kode == provinsi, w.tingkat == 2)
        .order_by(w.kode)
    ).all()
    return pd.DataFrame(rows, columns=["kode", "nama", "lat", "lon"])
