"""Writes from regional offices: authorised from the session, checked, audited, idempotent.

Every write here runs in one transaction that also holds its audit row, so either the entry,
its summaries and its audit row are all stored, or none of them is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field

from flask import current_app, has_request_context, request
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from dashboard.db import buku_besar as db_buku_besar
from dashboard.db import models, queries, tulis
from dashboard.domain.akses import Akun, alasan_tolak_menulis, alasan_tolak_tulis, lingkup_tulis
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi
from dashboard.domain.isian import (
    Galat,
    IsianKejadian,
    IsianMutasi,
    baca_isian,
    baca_kejadian,
    baca_status_kejadian,
    kode_jenis,
    peta_jenis,
    teks,
)
from dashboard.domain.kebutuhan import AturanPemilihan, masa_kegiatan
from dashboard.domain.kejadian import KEPARAHAN
from dashboard.domain.waktu import WIB, sekarang_kampanye
from dashboard.domain.wilayah import KODE_NASIONAL
from dashboard.extensions import db
from dashboard.services.akun import akun_sekarang
from dashboard.services.buku_besar import (
    AturanWajar,
    HasilCatat,
    KunciMutasi,
    MutasiDitolak,
    catat_mutasi,
    kunci_entri,
    kunci_tersimpan,
)
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


def gerbang(pelaku: Pelaku) -> None:
    """Refuse a signed-in read-only role (a pengawas) before anything it sent is read: what it
    may not do at all is said once, in the role's words, not as field or row errors."""
    if pelaku.akun is not None and (alasan := alasan_tolak_menulis(pelaku.akun)):
        raise DiLuarWewenang([Galat("", alasan)])


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


def jam_server() -> dt.datetime:
    """The server's clock, in UTC (tests replace it to stand at a moment of the campaign)."""
    return dt.datetime.now(dt.UTC)


def aturan_wajar(session: Session) -> AturanWajar:
    """Return what an office's entries are judged against now (see `periksa_wajar`): the
    campaign's clock (a demo's as-of moment), the configured tolerance and multiple."""
    settings = current_app.config["SETTINGS"]
    info = queries.info_kampanye(session) or {}
    return AturanWajar(
        sekarang=sekarang_kampanye(jam_server(), info.get("per_tanggal"), bool(info.get("demo"))),
        toleransi=dt.timedelta(minutes=settings.toleransi_waktu_menit),
        kelipatan=settings.batas_kelipatan_kebutuhan,
    )


def _catat_satu(
    session: Session,
    pelaku: Pelaku,
    isian: IsianMutasi,
    client_id: str,
    pemilihan: AturanPemilihan,
    wajar: AturanWajar,
) -> HasilCatat:
    """Record one entry of an office (typed or an uploaded row): scope, data, sanity, audit."""
    akun = _izin(pelaku, isian.kode_wilayah, session)
    m = _mutasi(session, isian, client_id)
    try:
        hasil = catat_mutasi(
            session,
            m,
            pemilihan,
            kantor_kode=kantor(akun, pelaku.provinsi),
            pengguna_id=akun.id,
            wajar=wajar,
        )
    except MutasiDitolak as e:
        raise Ditolak([Galat(k, p) for k, p in zip(e.kolom, e.pesan, strict=True)]) from None
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
    gerbang(pelaku)
    with db.sesi_tulis() as s:
        pemilihan = pemilihan_dari_db(s)
        isian, galat = baca_isian(jenis, nilai, masa_kegiatan(pemilihan))
        if isian is None:
            raise Ditolak(galat)
        return _catat_satu(s, pelaku, isian, client_id, pemilihan, aturan_wajar(s))


# ---- bulk upload --------------------------------------------------------------------------


@dataclass(frozen=True)
class BarisLewat:
    """An uploaded row skipped unless the operator confirms it: identical (office, kind, region,
    item, hop, TPS, date-time, quantity, condition, reason) to an entry the office already
    recorded, or to an earlier row of the same file."""

    nomor: int
    mutasi_id: int | None = None
    dicatat_pada: dt.datetime | None = None
    sama_dengan_baris: int | None = None

    @property
    def pesan(self) -> str:
        if self.mutasi_id is not None:
            kapan = ""
            if self.dicatat_pada is not None:
                w = self.dicatat_pada
                w = w.replace(tzinfo=dt.UTC) if w.tzinfo is None else w
                kapan = f", {w.astimezone(WIB):%d-%m-%Y %H.%M}"
            return f"sudah tercatat: nomor {self.mutasi_id}{kapan}"
        return f"sama persis dengan baris {self.sama_dengan_baris} di berkas ini"


@dataclass
class HasilImpor:
    """What an upload did or would do: per-row errors, new entries, rows skipped.

    `sudah_ada` counts rows already in the ledger (skipped, or a resubmission already counted);
    `lewat` lists every skipped row with why, so the page can offer to confirm each one
    (`impor(..., konfirmasi=[row numbers])`); `dikonfirmasi` the rows stored that way.
    """

    jumlah_baris: int = 0
    baru: int = 0
    sudah_ada: int = 0
    galat: list[tuple[int, Galat]] = field(default_factory=list)
    diterapkan: bool = False
    lewat: list[BarisLewat] = field(default_factory=list)
    dikonfirmasi: list[int] = field(default_factory=list)

    @property
    def sah(self) -> bool:
        return not self.galat and self.jumlah_baris > 0

    @property
    def ganda(self) -> list[BarisLewat]:
        """Rows skipped because an earlier row of the same file is identical."""
        return [b for b in self.lewat if b.mutasi_id is None]

    def laporan_galat(self) -> list[tuple[int, str, str]]:
        """Every row error as (row, the column's human label or '', message)."""
        return [(n, g.label, g.pesan) for n, g in self.galat]

    def laporan_lewat(self) -> list[tuple[int, str]]:
        """Every skipped row as (row, why): 'sudah tercatat: nomor 12345, 24-11-2024 09.10'."""
        return [(b.nomor, b.pesan) for b in self.lewat]


def id_baris(kantor_kode: str, kunci: KunciMutasi, urutan: int) -> str:
    """Client id of an uploaded row: its office and content, and which occurrence of that
    content in the office's ledger it is (1 for the first). The same row uploaded again, from
    any file, any re-save, or two uploads racing, gets the same id, so it is counted once."""
    isi = repr((kantor_kode, *(k.isoformat() if isinstance(k, dt.datetime) else k for k in kunci)))
    return f"u:{hashlib.sha256(isi.encode()).hexdigest()[:40]}:{urutan}"


def impor(
    pelaku: Pelaku,
    jenis: JenisMutasi,
    baris: Iterable[tuple[int, Mapping[str, object]]],
    isi_berkas: bytes = b"",
    *,
    terapkan: bool,
    konfirmasi: Collection[int] = (),
) -> HasilImpor:
    """Check every row in order, as if each earlier row were already recorded; all or nothing.

    With `terapkan` False (the dry run) or any row in error, everything is rolled back; the
    report then lists every row's errors with its row number as the spreadsheet shows it.
    A row identical to an entry the office already recorded, or to an earlier row of the file,
    is skipped and listed in `lewat`, unless its row number is in `konfirmasi`. `isi_berkas`
    is no longer used (rows are recognised by their content, not by the file's bytes).
    """
    del isi_berkas
    gerbang(pelaku)
    hasil = HasilImpor()
    dikonfirmasi = set(konfirmasi)
    try:
        with db.sesi_tulis() as s:
            pemilihan = pemilihan_dari_db(s)
            wajar = aturan_wajar(s)
            peta = peta_jenis(zip(*_katalog(s), strict=True))
            siap: list[tuple[int, IsianMutasi, EntriMutasi]] = []
            for nomor, nilai in baris:
                hasil.jumlah_baris += 1
                dibaca = _baca_baris(s, pelaku, jenis, nomor, nilai, peta, pemilihan, hasil)
                if dibaca is not None:
                    siap.append((nomor, *dibaca))
            kantor_kode = kantor(pelaku.akun, pelaku.provinsi) if pelaku.akun else ""
            tercatat = _tercatat(s, kantor_kode, jenis, [m for _, _, m in siap])
            di_berkas: dict[KunciMutasi, list[int]] = {}
            disimpan: Counter[KunciMutasi] = Counter()
            for nomor, isian, m in siap:
                kunci = kunci_entri(m)
                sebelumnya = di_berkas.setdefault(kunci, [])
                cocok = tercatat.get(kunci, [])
                lewat = None
                if len(sebelumnya) < len(cocok):
                    lama = cocok[len(sebelumnya)]
                    lewat = BarisLewat(nomor, int(str(lama["id"])), _waktu(lama["dicatat_pada"]))
                elif sebelumnya:
                    lewat = BarisLewat(nomor, sama_dengan_baris=sebelumnya[0])
                sebelumnya.append(nomor)
                if lewat is not None and nomor not in dikonfirmasi:
                    hasil.lewat.append(lewat)
                    hasil.sudah_ada += lewat.mutasi_id is not None
                    continue
                if lewat is not None:
                    hasil.dikonfirmasi.append(nomor)
                disimpan[kunci] += 1
                client_id = id_baris(kantor_kode, kunci, len(cocok) + disimpan[kunci])
                _simpan_baris(s, pelaku, nomor, isian, client_id, pemilihan, wajar, hasil)
            if not terapkan or not hasil.sah:
                raise _Batalkan
            hasil.diterapkan = True
    except _Batalkan:
        pass
    return hasil


class _Batalkan(Exception):
    """Raised inside the import's transaction to roll all of it back."""


def _katalog(s: Session) -> tuple[list[str], list[str]]:
    jenis = queries.jenis_ringkas(s)
    return [str(k) for k in jenis.kode], [str(n) for n in jenis.nama]


def _waktu(nilai: object) -> dt.datetime | None:
    return nilai if isinstance(nilai, dt.datetime) else None


def _baca_baris(
    s: Session,
    pelaku: Pelaku,
    jenis: JenisMutasi,
    nomor: int,
    nilai: Mapping[str, object],
    peta: Mapping[str, str],
    pemilihan: AturanPemilihan,
    hasil: HasilImpor,
) -> tuple[IsianMutasi, EntriMutasi] | None:
    """A row read, authorised and resolved to its entry; None with its errors noted."""
    if "jenis_logistik" in nilai:
        nilai = {**nilai, "jenis_logistik": kode_jenis(nilai["jenis_logistik"], peta)}
    isian, galat = baca_isian(jenis, nilai, masa_kegiatan(pemilihan))
    if isian is None:
        hasil.galat.extend((nomor, g) for g in galat)
        return None
    try:
        _izin(pelaku, isian.kode_wilayah)
        return isian, _mutasi(s, isian, "")
    except Ditolak as e:
        hasil.galat.extend((nomor, g) for g in e.galat)
        return None


def _tercatat(
    s: Session, kantor_kode: str, jenis: JenisMutasi, entri: list[EntriMutasi]
) -> dict[KunciMutasi, list[dict[str, object]]]:
    """The office's ledger entries with the same content as some of these, by content."""
    if not entri or not kantor_kode:
        return {}
    waktu = [m.waktu for m in entri]
    ada = db_buku_besar.mutasi_serupa(
        s, kantor_kode, str(jenis), {m.wilayah_kode for m in entri}, min(waktu), max(waktu)
    )
    per_kunci: dict[KunciMutasi, list[dict[str, object]]] = {}
    for baris in ada:
        per_kunci.setdefault(kunci_tersimpan(baris), []).append(baris)
    return per_kunci


def _simpan_baris(
    s: Session,
    pelaku: Pelaku,
    nomor: int,
    isian: IsianMutasi,
    client_id: str,
    pemilihan: AturanPemilihan,
    wajar: AturanWajar,
    hasil: HasilImpor,
) -> None:
    titik = s.begin_nested()
    try:
        h = _catat_satu(s, pelaku, isian, client_id, pemilihan, wajar)
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
    gerbang(pelaku)
    isian, galat = baca_kejadian(nilai)
    if not client_id or len(client_id) > 64:  # the column holds 64; PostgreSQL would refuse
        galat = [*galat, Galat("", "ID pengiriman (client id) kosong atau terlalu panjang")]
    if isian is None or galat:
        raise Ditolak(galat)
    with db.sesi_tulis() as s:
        lama = tulis.id_kejadian_klien(s, client_id)
        if lama is not None:
            _periksa_kejadian_sama(s, pelaku, lama, isian)
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


def _periksa_kejadian_sama(s: Session, pelaku: Pelaku, lama: int, isian: IsianKejadian) -> None:
    """A client id seen before must be the same report from an account that may write there;
    anything else is refused instead of being answered 'already received'."""
    k = tulis.kejadian(s, lama)
    if k is None:
        return
    lain_kantor = alasan_tolak_tulis(pelaku.akun, k.wilayah_kode, pelaku.provinsi)
    isi_lain = (k.wilayah_kode, k.jenis, k.judul) != (isian.kode_wilayah, isian.jenis, isian.judul)
    if lain_kantor or isi_lain:
        raise Ditolak(
            [
                Galat(
                    "",
                    f"ID pengiriman ini sudah dipakai untuk laporan kejadian lain (nomor {lama}); "
                    "laporan ini belum disimpan. Muat ulang halaman lalu laporkan lagi.",
                )
            ]
        )


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
    gerbang(pelaku)
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
