"""Meeting decision log: record a decision per region, list the open ones, mark them done.

Decisions are never frozen with a snapshot: what the meeting decides must show at once, and
the open ones come back on the next meeting's agenda. Every write is checked against the
signed-in account and leaves an audit row in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from dashboard.db import queries, tulis
from dashboard.db.tulis import BarisKeputusan
from dashboard.domain.akses import Akun, alasan_tolak_rapat, di_bawah
from dashboard.domain.rapat import KeputusanRapat
from dashboard.domain.wilayah import provinsi_dari
from dashboard.extensions import db
from dashboard.services.pencatatan import Pelaku, catat_audit
from dashboard.services.presentasi import RapatDitolak

PANJANG_ISI = 300
PANJANG_PJ = 120


def _audit(s: Session, akun: Akun, aksi: str, k: BarisKeputusan, sebelum: dict | None) -> None:
    catat_audit(
        s,
        Pelaku.dari_permintaan(akun, provinsi_dari(k.wilayah_kode)),
        aksi,
        "keputusan",
        k.id,
        k.wilayah_kode,
        sebelum,
        {
            "isi": k.isi,
            "penanggung_jawab": k.penanggung_jawab,
            "tenggat": k.tenggat,
            "status": k.status,
        },
    )


def _penulis(akun: Akun | None) -> Akun:
    """The account if it may write the decision log; otherwise RapatDitolak says why not."""
    alasan = alasan_tolak_rapat(akun)
    if alasan or akun is None:  # (there is always a reason to refuse no account)
        raise RapatDitolak(alasan or "Silakan masuk terlebih dahulu.")
    return akun


def tambah(
    akun: Akun | None,
    provinsi: str,
    wilayah_kode: str | None,
    isi: str | None,
    penanggung_jawab: str | None,
    tenggat: str | dt.date | None,
) -> int:
    """Record an open decision for a region of the province and return its id.

    Every reason to refuse is given at once, in words for the meeting's secretary.
    """
    penulis = _penulis(akun)
    isi, penanggung_jawab = (isi or "").strip(), (penanggung_jawab or "").strip()
    salah = []
    if not isi:
        salah.append("Isi keputusan wajib diisi.")
    elif len(isi) > PANJANG_ISI:
        salah.append(f"Isi keputusan paling panjang {PANJANG_ISI} karakter.")
    if not penanggung_jawab:
        salah.append("Penanggung jawab wajib diisi.")
    elif len(penanggung_jawab) > PANJANG_PJ:
        salah.append(f"Penanggung jawab paling panjang {PANJANG_PJ} karakter.")
    if not wilayah_kode or not di_bawah(wilayah_kode, provinsi):
        salah.append("Pilih wilayah provinsi ini yang menjadi sasaran keputusan.")
    hari: dt.date | None = None
    if isinstance(tenggat, str) and tenggat:
        try:
            hari = dt.date.fromisoformat(tenggat)
        except ValueError:
            salah.append(f"Tenggat '{tenggat}' bukan tanggal (format YYYY-MM-DD).")
    elif isinstance(tenggat, dt.date):
        hari = tenggat
    if salah or not wilayah_kode:  # (no region is always one of the reasons)
        raise RapatDitolak(" ".join(salah))
    with db.sesi_tulis() as s:
        if not queries.wilayah_ada(s, wilayah_kode):
            raise RapatDitolak(f"Wilayah {wilayah_kode} tidak dikenal.")
        k = tulis.tambah_keputusan(
            s,
            wilayah_kode=wilayah_kode,
            isi=isi,
            penanggung_jawab=penanggung_jawab,
            tenggat=hari,
            dibuat_oleh=penulis.id,
            dibuat_pada=dt.datetime.now(dt.UTC),
        )
        _audit(s, penulis, "keputusan_tambah", k, None)
        return k.id


def tandai_selesai(akun: Akun | None, keputusan_id: int) -> None:
    """Mark an open decision done (an unknown or already closed one is refused)."""
    penulis = _penulis(akun)
    with db.sesi_tulis() as s:
        k = tulis.keputusan(s, keputusan_id)
        if k is None:
            raise RapatDitolak(f"Keputusan nomor {keputusan_id} tidak ada.")
        if k.status == "selesai":
            raise RapatDitolak(f"Keputusan nomor {keputusan_id} sudah ditandai selesai.")
        tulis.selesaikan_keputusan(s, keputusan_id, penulis.id, dt.datetime.now(dt.UTC))
        _audit(s, penulis, "keputusan_selesai", replace(k, status="selesai"), {"status": "terbuka"})


def daftar(hanya_terbuka: bool = True) -> list[KeputusanRapat]:
    """Return decisions as plain dicts: open ones first, earliest deadline first."""
    with db.sesi_baca() as s:
        return queries.keputusan(s, hanya_terbuka)
