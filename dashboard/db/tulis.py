"""Writes other than the ledger's: audit rows, the catalogue, decisions, incidents, snapshots.

Every function runs in the caller's transaction (a `sesi_tulis` or a command's session).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.domain.kebutuhan import AturanPemilihan

# ---- audit --------------------------------------------------------------------------------


def sisip_audit(session: Session, **kolom: Any) -> None:
    """Add an audit row to the session's transaction (written with the rest at flush)."""
    session.add(models.Audit(**kolom))


# ---- catalogue ----------------------------------------------------------------------------


def ganti_katalog(
    session: Session, pemilihan: AturanPemilihan, aturan: list[dict[str, Any]]
) -> None:
    """Replace the stored election and its items; `aturan` is each item's raw rule, in order."""
    session.execute(delete(models.JenisLogistik))
    session.execute(delete(models.Pemilihan))
    session.add(
        models.Pemilihan(
            kode=pemilihan.kode,
            nama=pemilihan.nama,
            hari_pemungutan=pemilihan.hari_pemungutan,
            maks_pemilih_per_tps=pemilihan.maks_pemilih_per_tps,
            target_pemilih_per_tps=pemilihan.target_pemilih_per_tps,
            jadwal={k: list(v) for k, v in pemilihan.jadwal.items()},
        )
    )
    session.flush()
    for j, item in zip(pemilihan.jenis, aturan, strict=True):
        session.add(
            models.JenisLogistik(
                kode=j.kode,
                pemilihan_kode=pemilihan.kode,
                nama=j.nama,
                satuan=j.satuan,
                kelompok=j.kelompok,
                urutan=j.urutan,
                warna=j.warna,
                aturan=item,
                volume_liter=j.volume_liter,
                berat_kg=j.berat_kg,
            )
        )
    session.flush()


# ---- meeting decisions --------------------------------------------------------------------


@dataclass(frozen=True)
class BarisKeputusan:
    """A decision as its audit row records it."""

    id: int
    wilayah_kode: str
    isi: str
    penanggung_jawab: str
    tenggat: dt.date | None
    status: str


def tambah_keputusan(
    session: Session,
    *,
    wilayah_kode: str,
    isi: str,
    penanggung_jawab: str,
    tenggat: dt.date | None,
    dibuat_oleh: int,
    dibuat_pada: dt.datetime,
) -> BarisKeputusan:
    """Insert an open decision and return it with its new id."""
    k = models.Keputusan(
        wilayah_kode=wilayah_kode,
        isi=isi,
        penanggung_jawab=penanggung_jawab,
        tenggat=tenggat,
        status="terbuka",
        dibuat_oleh=dibuat_oleh,
        dibuat_pada=dibuat_pada,
    )
    session.add(k)
    session.flush()
    return _keputusan(k)


def _keputusan(k: models.Keputusan) -> BarisKeputusan:
    return BarisKeputusan(k.id, k.wilayah_kode, k.isi, k.penanggung_jawab, k.tenggat, k.status)


def keputusan(session: Session, keputusan_id: int) -> BarisKeputusan | None:
    """Return one decision (None when there is no such decision)."""
    k = session.get(models.Keputusan, keputusan_id)
    return _keputusan(k) if k is not None else None


def selesaikan_keputusan(session: Session, keputusan_id: int, oleh: int, pada: dt.datetime) -> None:
    """Mark a decision done by an account at a time."""
    k = models.Keputusan
    session.execute(
        update(k)
        .where(k.id == keputusan_id)
        .values(status="selesai", selesai_oleh=oleh, selesai_pada=pada)
    )


# ---- incidents (updated with optimistic versioning: the service keeps the ORM row) ---------


def id_kejadian_klien(session: Session, client_id: str) -> int | None:
    """Return the id of the incident sent with this client id (None if not stored)."""
    return session.scalar(select(models.Kejadian.id).where(models.Kejadian.client_id == client_id))


def kejadian_baru(session: Session, **kolom: Any) -> models.Kejadian:
    """Insert an incident and return its row (with id and version)."""
    k = models.Kejadian(**kolom)
    session.add(k)
    session.flush()
    return k


def kejadian(session: Session, kejadian_id: int) -> models.Kejadian | None:
    """Return an incident's row to update; its version column guards the update at flush."""
    return session.get(models.Kejadian, kejadian_id)


# ---- snapshots ----------------------------------------------------------------------------


def simpan_snapshot(
    session: Session,
    *,
    dibuat_pada: dt.datetime,
    dibuat_oleh: int | None,
    provinsi_kode: str,
    data: dict,
) -> int:
    """Insert a frozen set of meeting figures and return its id."""
    snap = models.Snapshot(
        dibuat_pada=dibuat_pada,
        dibuat_oleh=dibuat_oleh,
        provinsi_kode=provinsi_kode,
        data=data,
    )
    session.add(snap)
    session.flush()
    return snap.id


# ---- raised bounds ------------------------------------------------------------------------


def batas_wajar(session: Session, wilayah_kode: str, jenis_kode: str) -> dict[str, Any] | None:
    """Return the raised bound of a region and item as a plain row (None when there is none)."""
    b = session.get(models.BatasWajar, (wilayah_kode, jenis_kode))
    if b is None:
        return None
    return {"kelipatan": b.kelipatan, "alasan": b.alasan, "diubah_oleh": b.diubah_oleh}


def setel_batas_wajar(
    session: Session,
    wilayah_kode: str,
    jenis_kode: str,
    kelipatan: float,
    alasan: str,
    pengguna_id: int | None,
) -> None:
    """Store (or replace) the raised bound of a region and item."""
    b = session.get(models.BatasWajar, (wilayah_kode, jenis_kode))
    if b is None:
        b = models.BatasWajar(wilayah_kode=wilayah_kode, jenis_kode=jenis_kode)
        session.add(b)
    b.kelipatan = kelipatan
    b.alasan = alasan
    b.diubah_oleh = pengguna_id
    b.diubah_pada = dt.datetime.now(dt.UTC)
    session.flush()


def hapus_batas_wajar(session: Session, wilayah_kode: str, jenis_kode: str) -> None:
    """Remove the raised bound of a region and item (the configured multiple applies again)."""
    b = models.BatasWajar
    session.execute(delete(b).where(b.wilayah_kode == wilayah_kode, b.jenis_kode == jenis_kode))
