"""Ledger writes: the entry itself (idempotent on client_id) and the summaries it moves.

Every function runs in the caller's transaction. Counters are raised with `x = x + d`
statements, never read-modify-write, so concurrent writers of different rows never wait on
each other and writers of the same row queue on its lock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import and_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.db.bulk import sisip_massal
from dashboard.domain.rekap import Rekap


def _insert(session: Session) -> Callable[[type[models.Base]], PgInsert | SqliteInsert]:
    """The dialect's INSERT, which knows ON CONFLICT (PostgreSQL and SQLite alike)."""
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def id_mutasi_klien(session: Session, client_id: str) -> int | None:
    """Return the id of the ledger entry sent with this client id (None if not stored)."""
    return session.scalar(select(models.Mutasi.id).where(models.Mutasi.client_id == client_id))


# What identifies an entry's content: compared when a client id comes back, and (without the
# note) the natural key an uploaded row is matched on.
KOLOM_ISI = (
    "jenis_mutasi",
    "jenis_kode",
    "tahap",
    "wilayah_kode",
    "tps_id",
    "jumlah",
    "kondisi",
    "alasan",
    "waktu",
)


def mutasi_klien(session: Session, client_id: str) -> dict[str, object] | None:
    """Return the entry sent with this client id (id, office, content, note), None if none."""
    m = models.Mutasi
    kolom = [getattr(m, k) for k in ("id", "kantor_kode", *KOLOM_ISI, "keterangan")]
    baris = session.execute(select(*kolom).where(m.client_id == client_id)).mappings().first()
    return dict(baris) if baris is not None else None


def mutasi_serupa(
    session: Session,
    kantor_kode: str,
    jenis_mutasi: str,
    wilayah_kode: set[str],
    awal: dt.datetime,
    akhir: dt.datetime,
) -> list[dict[str, object]]:
    """Return an office's entries of one kind in a time window (and these regions, when few),
    oldest first: what an upload's rows are matched against."""
    m = models.Mutasi
    kolom = [getattr(m, k) for k in ("id", *KOLOM_ISI, "dicatat_pada")]
    q = select(*kolom).where(
        m.kantor_kode == kantor_kode,
        m.jenis_mutasi == jenis_mutasi,
        m.waktu >= awal,
        m.waktu <= akhir,
        # A reversing entry repeats its original's content; it is not another delivery.
        m.client_id.not_like("koreksi:%"),
    )
    if len(wilayah_kode) <= 500:
        q = q.where(m.wilayah_kode.in_(sorted(wilayah_kode)))
    return [dict(r) for r in session.execute(q.order_by(m.id)).mappings()]


def sisip_mutasi(session: Session, nilai: dict) -> int | None:
    """Insert a ledger entry and return its id; None when its client id is already stored
    (a concurrent resubmission won the race), and then nothing is written."""
    stmt = (
        _insert(session)(models.Mutasi)
        .values(**nilai)
        .on_conflict_do_nothing(index_elements=["client_id"])
        .returning(models.Mutasi.id)
    )
    return session.scalar(stmt)


def tambah_ringkasan(
    session: Session, kode: list[str], jenis_kode: str, tahap: str, delta: dict[str, int]
) -> None:
    """Add `delta` to the summary counters of an item and hop in these regions."""
    r = models.Ringkasan
    session.execute(
        update(r)
        .where(r.wilayah_kode.in_(kode), r.jenis_kode == jenis_kode, r.tahap == tahap)
        .values({getattr(r, k): getattr(r, k) + v for k, v in delta.items()})
    )


def tambah_harian(
    session: Session,
    wilayah_kode: str,
    jenis_kode: str,
    tahap: str,
    tanggal: dt.date,
    delta: dict[str, int],
) -> None:
    """Add to one day's timeline counters of a region, creating the day's row if need be."""
    h = models.RingkasanHarian
    nilai = {"dikirim": 0, "diterima": 0, "disortir": 0, **delta}
    stmt = _insert(session)(h).values(
        wilayah_kode=wilayah_kode,
        jenis_kode=jenis_kode,
        tahap=tahap,
        tanggal=tanggal,
        **nilai,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["wilayah_kode", "jenis_kode", "tahap", "tanggal"],
        set_={k: getattr(h, k) + getattr(stmt.excluded, k) for k in delta},
    )
    session.execute(stmt)


def tambah_tersedia(session: Session, tps_id: int, jenis_kode: str, d: int) -> tuple[int, int]:
    """Add to a TPS's good stock of an item; return (stock now, need)."""
    k = models.Kebutuhan
    tersedia, jumlah = session.execute(
        update(k)
        .where(k.tps_id == tps_id, k.jenis_kode == jenis_kode)
        .values(tersedia=k.tersedia + d)
        .returning(k.tersedia, k.jumlah)
    ).one()
    return tersedia, jumlah


def tambah_terpenuhi(session: Session, tps_id: int, arah: int) -> tuple[int, int]:
    """Add to a TPS's count of complete items; return (complete now, items needed)."""
    t = models.Tps
    terpenuhi, dibutuhkan = session.execute(
        update(t)
        .where(t.id == tps_id)
        .values(jenis_terpenuhi=t.jenis_terpenuhi + arah)
        .returning(t.jenis_terpenuhi, t.jenis_dibutuhkan)
    ).one()
    return terpenuhi, dibutuhkan


def tambah_tps_lengkap(session: Session, kode: list[str], d: int) -> None:
    """Add to the count of complete TPS of these regions."""
    w = models.RingkasanWilayah
    session.execute(update(w).where(w.wilayah_kode.in_(kode)).values(tps_lengkap=w.tps_lengkap + d))


def desa_tps(session: Session, tps_id: int) -> str | None:
    """Return the desa code of a TPS (None for an unknown TPS)."""
    return session.scalar(select(models.Tps.desa_kode).where(models.Tps.id == tps_id))


def jumlah_mutasi(session: Session) -> int:
    """Return how many ledger entries there are."""
    return int(session.scalar(select(func.count()).select_from(models.Mutasi)) or 0)


def tulis_rekap(session: Session, rekap: Rekap) -> None:
    """Replace every stored summary with the recomputed one (bulk, for builds and repairs)."""
    r = models.Ringkasan
    w = models.RingkasanWilayah
    h = models.RingkasanHarian
    for model, df in ((r, rekap.ringkasan), (w, rekap.ringkasan_wilayah), (h, rekap.harian)):
        session.execute(model.__table__.delete())
        sisip_massal(session, model.__table__, df)
    k = models.Kebutuhan
    keb = rekap.kebutuhan.rename(columns={"tps_id": "b_tps", "jenis_kode": "b_jenis"})
    session.connection().execute(
        update(k.__table__)
        .where(and_(k.tps_id == bindparam("b_tps"), k.jenis_kode == bindparam("b_jenis")))
        .values(tersedia=bindparam("tersedia")),
        keb[["b_tps", "b_jenis", "tersedia"]].to_dict("records"),
    )
    t = models.Tps
    session.connection().execute(
        update(t.__table__)
        .where(t.id == bindparam("b_id"))
        .values(
            jenis_dibutuhkan=bindparam("jenis_dibutuhkan"),
            jenis_terpenuhi=bindparam("jenis_terpenuhi"),
        ),
        rekap.tps.rename(columns={"id": "b_id"}).to_dict("records"),
    )
