"""Writes from regional offices: authorised from the session, checked, audited, idempotent.

Every write here runs in one transaction that also holds its audit row, so either the entry,
its summaries and its audit row are all stored, or none of them is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from flask import current_app, has_request_context, request
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.db import models, queries, tulis
from dashboard.domain.akses import Akun, alasan_tolak_tulis, lingkup_tulis
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi
from dashboard.domain.isian import (
    Galat,
    IsianKejadian,
    IsianMutasi,
    baca_isian,
    baca_kejadian,
    baca_status_kejadian,
    teks,
)
from dashboard.domain.kebutuhan import AturanPemilihan, masa_kegiatan
from dashboard.domain.kejadian import KEPARAHAN
from dashboard.domain.waktu import WIB
from dashboard.domain.wilayah import KODE_NASIONAL
from dashboard.extensions import db
from dashboard.services.akun import akun_sekarang
from dashboard.services.buku_besar import HasilCatat, MutasiDitolak, catat_mutasi
from dashboard.services.katalog import pemilihan_dari_db


@dataclass(frozen=True)
class Pelaku:
    """Who writes: the account from the server-side session and the address it came from."""

    akun: Akun | None
    provinsi: str
    ip: str = ""

    @classmethod
    def dari_permintaan(cls, akun: Akun | None, provinsi: str) -> Pelaku:
        """The writer of the current request, with its address (none outside a request)."""
        ip = (request.remote_addr or "") if has_request_context() else ""
        return cls(akun, provinsi, ip)

    @classmethod
    def sekarang(cls) -> Pelaku:
        """Who writes now: the session's account, the configured province, the client address."""
        return cls.dari_permintaan(akun_sekarang(), current_app.config["SETTINGS"].kpu_provinsi)


class Ditolak(ValueError):
    """A write refused; `galat` says which field and why, in Bahasa Indonesia."""

    def __init__(self, galat: list[Galat]):
        super().__init__("; ".join(g.pesan for g in galat))
        self.galat = galat


class DiLuarWewenang(Ditolak):
    """A write for a region (or with a role) the account may not write for.

    The entry forms only offer the account's own regions, so over HTTP this is a forged
    request: the server answers it with 403. In an uploaded file it is a row error like any other.
    """


def _izin(pelaku: Pelaku, kode: str, session: Session | None = None) -> Akun:
    alasan = alasan_tolak_tulis(pelaku.akun, kode, pelaku.provinsi)
    akun = pelaku.akun
    if alasan and session is not None and akun is not None:
        lingkup = lingkup_tulis(akun, pelaku.provinsi)
        if lingkup is not None:  # a region outside the scope: say both by name
            nama = queries.nama_wilayah(session, [kode, lingkup])

            def bernama(k: str) -> str:
                return f"{nama[k]} ({k})" if k in nama else k

            alasan = (
                f"Wilayah {bernama(kode)} di luar wilayah tugas akun {akun.username}: "
                f"{bernama(lingkup)}."
            )
    if alasan:
        raise DiLuarWewenang([Galat("kode_wilayah", alasan)])
    assert akun is not None
    return akun


def kantor(akun: Akun, provinsi: str) -> str:
    """Return the office an account writes as: its kab/kota, or the province (the national
    root in a national deployment)."""
    return akun.wilayah_kode or (KODE_NASIONAL if provinsi == "all" else provinsi)


def catat_audit(
    session: Session,
    pelaku: Pelaku,
    aksi: str,
    entitas: str,
    entitas_id: object,
    wilayah_kode: str | None,
    sebelum: Mapping | None,
    sesudah: Mapping | None,
) -> None:
    """Add the audit row of a write to the write's own transaction."""
    akun = pelaku.akun
    tulis.sisip_audit(
        session,
        pengguna_id=akun.id if akun else None,
        username=akun.username if akun else "sistem",
        waktu=dt.datetime.now(dt.UTC),
        aksi=aksi,
        entitas=entitas,
        entitas_id=str(entitas_id),
        wilayah_kode=wilayah_kode,
        sebelum=_json(sebelum),
        sesudah=_json(sesudah),
        ip=pelaku.ip[:45],
    )


def _json(d: Mapping | None) -> dict | None:
    if d is None:
        return None
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in d.items()}


# ---- ledger entries ----------------------------------------------------------------------


def _mutasi(session: Session, isian: IsianMutasi, client_id: str) -> EntriMutasi:
    """Resolve a typed movement's TPS number to its TPS and build the ledger entry."""
    tps_id = None
    if isian.nomor_tps is not None:
        tps_id = queries.id_tps(session, isian.kode_wilayah, isian.nomor_tps)
        if tps_id is None:
            kode = isian.kode_wilayah
            nama = queries.nama_wilayah(session, [kode]).get(kode)
            desa = f"{nama} ({kode})" if nama else kode
            raise Ditolak(
                [Galat("nomor_tps", f"TPS {isian.nomor_tps} tidak ada di desa/kelurahan {desa}")]
            )
    return EntriMutasi(
        jenis_mutasi=isian.jenis_mutasi,
        jenis_kode=isian.jenis_kode,
        tahap=isian.tahap,
        wilayah_kode=isian.kode_wilayah,
        jumlah=isian.jumlah,
        waktu=isian.waktu,
        client_id=client_id,
        tps_id=tps_id,
        kondisi=isian.kondisi,
        alasan=isian.alasan,
        keterangan=isian.keterangan,
    )


def _catat_satu(
    session: Session, pelaku: Pelaku, isian: IsianMutasi, client_id: str, pemilihan: AturanPemilihan
) -> HasilCatat:
    akun = _izin(pelaku, isian.kode_wilayah, session)
    m = _mutasi(session, isian, client_id)
    try:
        hasil = catat_mutasi(
            session,
            m,
            pemilihan,
            kantor_kode=kantor(akun, pelaku.provinsi),
            pengguna_id=akun.id,
        )
    except MutasiDitolak as e:
        raise Ditolak([Galat("", p) for p in e.pesan]) from None
    if hasil.baru:
        sesudah = {k: (str(v) if v is not None else None) for k, v in asdict(m).items()}
        catat_audit(
            session, pelaku, "catat_mutasi", "mutasi", hasil.id, m.wilayah_kode, None, sesudah
        )
    return hasil


def catat(
    pelaku: Pelaku, jenis: JenisMutasi, nilai: Mapping[str, object], client_id: str
) -> HasilCatat:
    """Record one movement typed in the form; raise `Ditolak` with every reason it cannot be.

    A `client_id` already stored is reported as received, never counted twice.
    """
    with db.sesi_tulis() as s:
        pemilihan = pemilihan_dari_db(s)
        isian, galat = baca_isian(jenis, nilai, masa_kegiatan(pemilihan))
        if isian is None:
            raise Ditolak(galat)
        return _catat_satu(s, pelaku, isian, client_id, pemilihan)


# ---- bulk upload --------------------------------------------------------------------------


@dataclass
class HasilImpor:
    """What an upload did or would do: per-row errors, new entries and resubmissions."""

    jumlah_baris: int = 0
    baru: int = 0
    sudah_ada: int = 0
    galat: list[tuple[int, Galat]] = field(default_factory=list)
    diterapkan: bool = False

    @property
    def sah(self) -> bool:
        return not self.galat and self.jumlah_baris > 0


def id_baris(isi_berkas: bytes, baris: int) -> str:
    """Client id of an uploaded row: the same file uploaded again is counted once."""
    return f"u:{hashlib.sha256(isi_berkas).hexdigest()[:40]}:{baris}"


def impor(
    pelaku: Pelaku,
    jenis: JenisMutasi,
    baris: Iterable[tuple[int, Mapping[str, object]]],
    isi_berkas: bytes,
    *,
    terapkan: bool,
) -> HasilImpor:
    """Check every row in order, as if each earlier row were already recorded; all or nothing.

    With `terapkan` False (the dry run) or any row in error, everything is rolled back; the
    report then lists every row's errors with its row number as the spreadsheet shows it.
    """
    hasil = HasilImpor()
    try:
        with db.sesi_tulis() as s:
            pemilihan = pemilihan_dari_db(s)
            for nomor, nilai in baris:
                hasil.jumlah_baris += 1
                _impor_baris(s, pelaku, jenis, nomor, nilai, isi_berkas, pemilihan, hasil)
            if not terapkan or not hasil.sah:
                raise _Batalkan
            hasil.diterapkan = True
    except _Batalkan:
        pass
    return hasil


class _Batalkan(Exception):
    """Raised inside the import's transaction to roll all of it back."""


def _impor_baris(
    s: Session,
    pelaku: Pelaku,
    jenis: JenisMutasi,
    nomor: int,
    nilai: Mapping[str, object],
    isi_berkas: bytes,
    pemilihan: AturanPemilihan,
    hasil: HasilImpor,
) -> None:
    isian, galat = baca_isian(jenis, nilai, masa_kegiatan(pemilihan))
    if isian is None:
        hasil.galat.extend((nomor, g) for g in galat)
        return
    titik = s.begin_nested()
    try:
        h = _catat_satu(s, pelaku, isian, id_baris(isi_berkas, nomor), pemilihan)
    except Ditolak as e:
        titik.rollback()
        hasil.galat.extend((nomor, g) for g in e.galat)
        return
    titik.commit()
    if h.baru:
        hasil.baru += 1
    else:
        hasil.sudah_ada += 1


# ---- incidents ----------------------------------------------------------------------------


def _baris_kejadian(k: models.Kejadian) -> dict:
    return {
        "wilayah_kode": k.wilayah_kode,
        "jenis": k.jenis,
        "keparahan": k.keparahan,
        "status": k.status,
        "judul": k.judul,
        "keterangan": k.keterangan,
        "jenis_kode": k.jenis_kode,
        "versi": k.versi,
    }


def lapor_kejadian(pelaku: Pelaku, nilai: Mapping[str, object], client_id: str) -> tuple[int, bool]:
    """Record a new incident; return its id and whether it is new (a resubmission is not)."""
    isian, galat = baca_kejadian(nilai)
    if not client_id or len(client_id) > 64:  # the column holds 64; PostgreSQL would refuse
        galat = [*galat, Galat("", "ID pengiriman (client id) kosong atau terlalu panjang")]
    if isian is None or galat:
        raise Ditolak(galat)
    with db.sesi_tulis() as s:
        lama = tulis.id_kejadian_klien(s, client_id)
        if lama is not None:
            return lama, False
        akun = _izin(pelaku, isian.kode_wilayah, s)
        _periksa_kejadian(s, isian)
        sekarang = dt.datetime.now(dt.UTC)
        k = tulis.kejadian_baru(
            s,
            client_id=client_id,
            wilayah_kode=isian.kode_wilayah,
            jenis=isian.jenis,
            keparahan=isian.keparahan,
            status="terbuka",
            judul=isian.judul,
            keterangan=isian.keterangan,
            jenis_kode=isian.jenis_kode,
            dilaporkan_oleh=akun.id,
            dilaporkan_pada=sekarang,
            diperbarui_oleh=akun.id,
            diperbarui_pada=sekarang,
        )
        catat_audit(
            s, pelaku, "lapor_kejadian", "kejadian", k.id, k.wilayah_kode, None, _baris_kejadian(k)
        )
        return k.id, True


def _periksa_kejadian(s: Session, isian: IsianKejadian) -> None:
    if not queries.wilayah_ada(s, isian.kode_wilayah):
        raise Ditolak([Galat("kode_wilayah", f"Wilayah {isian.kode_wilayah} tidak dikenal")])
    if isian.jenis_kode and not queries.jenis_ada(s, isian.jenis_kode):
        raise Ditolak(
            [Galat("jenis_logistik", f"Jenis logistik '{isian.jenis_kode[:20]}' tidak dikenal")]
        )


def ubah_kejadian(
    pelaku: Pelaku,
    kejadian_id: int,
    versi: int,
    *,
    status: str,
    keparahan: str,
    catatan: str = "",
) -> int:
    """Update an incident's status and severity if nobody changed it since `versi` was read.

    A stale edit is refused with who changed it and when, and nothing is overwritten. Returns
    the new version.
    """
    galat = []
    try:
        status = baca_status_kejadian(status)
    except ValueError as e:
        galat.append(Galat("status", str(e)))
    if keparahan not in KEPARAHAN:
        galat.append(Galat("keparahan", "Tingkat keparahan tidak dikenal"))
    catatan = teks(catatan)
    if len(catatan) > 500:
        galat.append(Galat("keterangan", "Catatan paling banyak 500 karakter"))
    if galat:
        raise Ditolak(galat)
    with db.sesi_tulis() as s:
        k = tulis.kejadian(s, kejadian_id)
        if k is None:
            raise Ditolak([Galat("", f"Kejadian nomor {kejadian_id} tidak ada")])
        _izin(pelaku, k.wilayah_kode, s)
        if k.versi != versi:
            raise Ditolak([Galat("", _pesan_basi(s, k))])
        sebelum = _baris_kejadian(k)
        k.status = status
        k.keparahan = keparahan
        if catatan:
            cap = dt.datetime.now(WIB).strftime("%d-%m-%Y %H.%M")
            tambahan = f"[{cap} {pelaku.akun.username if pelaku.akun else ''}] {catatan}"
            k.keterangan = f"{k.keterangan}\n{tambahan}".strip()[-4000:]
        k.diperbarui_oleh = pelaku.akun.id if pelaku.akun else None
        k.diperbarui_pada = dt.datetime.now(dt.UTC)
        try:
            s.flush()
        except StaleDataError:
            pesan = "Kejadian ini baru saja diubah orang lain; muat ulang"
            raise Ditolak([Galat("", pesan)]) from None
        catat_audit(
            s,
            pelaku,
            "ubah_kejadian",
            "kejadian",
            k.id,
            k.wilayah_kode,
            sebelum,
            _baris_kejadian(k),
        )
        return k.versi


def _pesan_basi(s: Session, k: models.Kejadian) -> str:
    oleh = queries.nama_pengguna(s, k.diperbarui_oleh) if k.diperbarui_oleh else None
    kapan = k.diperbarui_pada
    if kapan.tzinfo is None:
        kapan = kapan.replace(tzinfo=dt.UTC)
    nama = oleh if oleh else "pengguna lain"
    return (
        f"Tidak disimpan: kejadian ini sudah diubah oleh {nama} pada "
        f"{kapan.astimezone(WIB):%d-%m-%Y %H.%M} WIB. Muat ulang untuk melihat perubahannya."
    )
