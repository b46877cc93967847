"""Raised sanity bounds: an admin provinsi lets a real surplus through, with a reason, audited.

Every entry is refused when it takes a place's running total past a multiple of its need
(`Settings.batas_kelipatan_kebutuhan`). Where a region really holds more — a vendor's surplus
kept for re-voting, a second delivery before the first was returned — an admin provinsi stores
a higher multiple for that region and item. The functions take the caller's session (the
command line's, or a `sesi_tulis`) and write the audit row in the same transaction.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import akun as db_akun
from dashboard.db import queries, tulis
from dashboard.domain.akses import Akun, alasan_tolak_batas_wajar
from dashboard.domain.isian import Galat, alasan_keputusan
from dashboard.services.pencatatan import Ditolak, Pelaku, catat_audit

MAKS_KELIPATAN = 1000.0


def akun_bernama(session: Session, username: str) -> Akun | None:
    """Return the active account with this username (the command line names who acts)."""
    p = db_akun.pengguna_bernama(session, username.strip())
    return p.akun if p is not None and p.aktif else None


def _periksa(session: Session, pelaku: Pelaku, kode: str, jenis: str, alasan: str) -> str:
    alasan_tolak = alasan_tolak_batas_wajar(pelaku.akun, kode, pelaku.provinsi)
    if alasan_tolak:
        raise Ditolak([Galat("", alasan_tolak)])
    galat = []
    if not queries.wilayah_ada(session, kode) or kode.count(".") == 0:
        pesan = f"Wilayah {kode[:20]} tidak dikenal (isi kab/kota atau di bawahnya)"
        galat.append(Galat("kode_wilayah", pesan))
    if not queries.jenis_ada(session, jenis):
        galat.append(Galat("jenis_logistik", f"Jenis logistik '{jenis[:20]}' tidak dikenal"))
    alasan, salah = alasan_keputusan(alasan, "nomor berita acara kelebihan kiriman")
    if salah:
        galat.append(salah)
    if galat:
        raise Ditolak(galat)
    return alasan


def setel(
    session: Session, pelaku: Pelaku, kode: str, jenis: str, kelipatan: float, alasan: str
) -> None:
    """Store the multiple of the need entries at region `kode` may reach for item `jenis`.

    Only an admin provinsi may, with a reason; the change and the value it replaced are
    audited. Raise `Ditolak` with every reason it cannot be stored.
    """
    alasan = _periksa(session, pelaku, kode, jenis, alasan)
    if not 1 <= kelipatan <= MAKS_KELIPATAN:
        raise Ditolak(
            [Galat("kelipatan", f"Kelipatan harus antara 1 dan {MAKS_KELIPATAN:g} kali kebutuhan")]
        )
    sebelum = tulis.batas_wajar(session, kode, jenis)
    akun = pelaku.akun
    assert akun is not None  # checked by alasan_tolak_batas_wajar
    tulis.setel_batas_wajar(session, kode, jenis, float(kelipatan), alasan, akun.id)
    catat_audit(
        session,
        pelaku,
        "setel_batas_wajar",
        "batas_wajar",
        f"{kode}/{jenis}",
        kode,
        sebelum,
        {"kelipatan": float(kelipatan), "alasan": alasan, "diubah_oleh": akun.id},
    )


def hapus(session: Session, pelaku: Pelaku, kode: str, jenis: str, alasan: str) -> bool:
    """Remove a raised bound (the configured multiple applies again); audited.

    Return whether there was one.
    """
    alasan = _periksa(session, pelaku, kode, jenis, alasan)
    sebelum = tulis.batas_wajar(session, kode, jenis)
    if sebelum is None:
        return False
    tulis.hapus_batas_wajar(session, kode, jenis)
    catat_audit(
        session,
        pelaku,
        "hapus_batas_wajar",
        "batas_wajar",
        f"{kode}/{jenis}",
        kode,
        sebelum,
        {"alasan": alasan},
    )
    return True


def daftar(session: Session) -> pd.DataFrame:
    """Return every raised bound with names, who set it, when and why."""
    return queries.daftar_batas_wajar(session)
