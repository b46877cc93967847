"""Lending between kab/kota: suggestions, the steps of a loan, and the coordination board.

Every step is one transaction holding the loan's new state, its history row, its audit row
and (shipping, receiving) its ledger entry with the summaries it moves: all stored, or none.
The loan row is locked while a step is checked, so two offices clicking at once take turns,
and a step already taken is refused by name, never counted twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from flask import current_app
from sqlalchemy.orm import Session

from dashboard.db import models, queries
from dashboard.db import pinjaman as db_pinjaman
from dashboard.domain.akses import Akun, alasan_tolak_tulis
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.domain.isian import Galat, baca_jumlah, teks
from dashboard.domain.pinjaman import (
    BATAS_ALASAN,
    BATAS_TEKS,
    Aksi,
    KeadaanPinjaman,
    Perjalanan,
    Pihak,
    Saran,
    StatusPinjaman,
    StokGudang,
    aksi_boleh,
    alasan_tolak_kantor,
    alasan_tolak_langkah,
    baca_teks,
    jarak_lurus_km,
    periksa_permintaan,
    saran_pinjaman,
    status_sesudah,
)
from dashboard.extensions import cache, db
from dashboard.services import rute as layanan_rute
from dashboard.services.buku_besar import MutasiDitolak, catat_mutasi
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import (
    DiLuarWewenang,
    Ditolak,
    Pelaku,
    aturan_wajar,
    catat_audit,
    gerbang,
    kantor,
)
from dashboard.services.stok import stok_wilayah
from dashboard.services.tampilan import versi


@dataclass(frozen=True)
class HasilLangkah:
    """Outcome of a step: the loan, where it stands now, and a line for the operator."""

    pinjaman_id: int
    status: StatusPinjaman
    pesan: str
    baru: bool = True


def _sekarang() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _keadaan(p: models.Pinjaman) -> KeadaanPinjaman:
    return KeadaanPinjaman(
        id=p.id,
        peminjam_kode=p.peminjam_kode,
        pemberi_kode=p.pemberi_kode,
        status=StatusPinjaman(p.status),
        setuju_peminjam=p.setuju_peminjam_oleh is not None,
        setuju_pemberi=p.setuju_pemberi_oleh is not None,
    )


def _baris(p: models.Pinjaman) -> dict[str, object]:
    """A loan as its audit row records it."""
    return {
        "jenis_kode": p.jenis_kode,
        "peminjam_kode": p.peminjam_kode,
        "pemberi_kode": p.pemberi_kode,
        "jumlah": p.jumlah,
        "status": p.status,
        "setuju_peminjam_oleh": p.setuju_peminjam_oleh,
        "setuju_pemberi_oleh": p.setuju_pemberi_oleh,
        "mutasi_keluar_id": p.mutasi_keluar_id,
        "mutasi_masuk_id": p.mutasi_masuk_id,
        "kondisi_terima": p.kondisi_terima,
        "alasan_tutup": p.alasan_tutup,
    }


def _riwayat(
    s: Session, pelaku: Pelaku, p: models.Pinjaman, aksi: str, keterangan: str = ""
) -> None:
    akun = pelaku.akun
    db_pinjaman.sisip(
        s,
        models.PinjamanRiwayat(
            pinjaman_id=p.id,
            waktu=_sekarang(),
            pengguna_id=akun.id if akun else None,
            username=akun.username if akun else "sistem",
            aksi=aksi,
            status=p.status,
            keterangan=keterangan,
        ),
    )


def _nama(s: Session, kode: str) -> str:
    return queries.nama_wilayah(s, [kode]).get(kode, kode)


# ---- request --------------------------------------------------------------------------------


def ajukan(pelaku: Pelaku, nilai: Mapping[str, object], client_id: str) -> HasilLangkah:
    """Record a borrower's request for a loan; a resubmitted client id is reported, not
    stored again.

    `nilai`: jenis_logistik, peminjam, pemberi (kab/kota codes), jumlah, keterangan. Only the
    borrower's office (or an admin provinsi) may ask.
    """
    gerbang(pelaku)
    if not client_id or len(client_id) > 64:
        raise Ditolak([Galat("", "ID pengiriman (client id) kosong atau terlalu panjang")])
    jenis = teks(nilai.get("jenis_logistik"))
    peminjam = teks(nilai.get("peminjam"))
    pemberi = teks(nilai.get("pemberi"))
    galat: list[Galat] = []
    try:
        jumlah: object = baca_jumlah(nilai.get("jumlah"))
    except ValueError as e:
        galat.append(Galat("jumlah", str(e)))
        jumlah = 1
    galat += [Galat(k, p) for k, p in periksa_permintaan(peminjam, pemberi, jumlah)]
    keterangan, salah = baca_teks(nilai.get("keterangan"), "Keterangan", BATAS_TEKS, wajib=False)
    if salah:
        galat.append(Galat("keterangan", salah))
    if not jenis:
        galat.append(Galat("jenis_logistik", "Jenis logistik wajib dipilih"))
    if galat:
        raise Ditolak(galat)
    assert isinstance(jumlah, int)
    with db.sesi_tulis() as s:
        lama = db_pinjaman.pinjaman_klien(s, client_id)
        if lama is not None:
            sama = (lama.jenis_kode, lama.peminjam_kode, lama.pemberi_kode, lama.jumlah) == (
                jenis,
                peminjam,
                pemberi,
                jumlah,
            )
            if not sama:
                raise Ditolak(
                    [
                        Galat(
                            "",
                            f"ID pengiriman ini sudah dipakai untuk permintaan lain (nomor "
                            f"{lama.id}); muat ulang halaman lalu ajukan lagi.",
                        )
                    ]
                )
            pesan = f"Sudah diajukan sebelumnya (nomor {lama.id}); tidak dicatat dua kali"
            return HasilLangkah(lama.id, StatusPinjaman(lama.status), pesan, baru=False)
        akun = pelaku.akun
        assert akun is not None  # gerbang refused anonymous writers
        if alasan := alasan_tolak_tulis(akun, peminjam, pelaku.provinsi):
            tempat = f"{_nama(s, peminjam)} ({peminjam})"
            raise DiLuarWewenang(
                [Galat("peminjam", f"Mengajukan pinjaman untuk {tempat}: {alasan}")]
            )
        _periksa_tempat(s, pelaku.provinsi, jenis, peminjam, pemberi)
        sekarang = _sekarang()
        p = models.Pinjaman(
            client_id=client_id,
            jenis_kode=jenis,
            peminjam_kode=peminjam,
            pemberi_kode=pemberi,
            jumlah=jumlah,
            status=str(StatusPinjaman.DIAJUKAN),
            alasan_tutup="",
            diajukan_oleh=akun.id,
            diajukan_pada=sekarang,
            diperbarui_pada=sekarang,
        )
        db_pinjaman.sisip(s, p)
        _riwayat(s, pelaku, p, "ajukan", keterangan)
        catat_audit(s, pelaku, "pinjaman_ajukan", "pinjaman", p.id, peminjam, None, _baris(p))
        pesan = (
            f"Permintaan nomor {p.id} tercatat: {format_angka(jumlah)} {jenis} dari "
            f"{_nama(s, pemberi)}; menunggu persetujuan kedua kantor."
        )
        return HasilLangkah(p.id, StatusPinjaman.DIAJUKAN, pesan)


def _periksa_tempat(s: Session, provinsi: str, jenis: str, peminjam: str, pemberi: str) -> None:
    """Both kab/kota must be of this province and both gudang must hold the item."""
    galat = []
    for kolom, kode in (("peminjam", peminjam), ("pemberi", pemberi)):
        if not kode.startswith(provinsi + ".") or not queries.wilayah_ada(s, kode):
            galat.append(Galat(kolom, f"Kab/kota {kode} tidak dikenal di provinsi ini"))
    if galat:
        raise Ditolak(galat)
    if not queries.jenis_ada(s, jenis):
        raise Ditolak([Galat("jenis_logistik", f"Jenis logistik '{jenis[:20]}' tidak dikenal")])
    for kolom, kode in (("peminjam", peminjam), ("pemberi", pemberi)):
        if queries.baris_ringkasan(s, kode, jenis, Tahap.GUDANG) is None:
            galat.append(
                Galat(
                    kolom,
                    f"Jenis logistik '{jenis}' tidak berlaku di {_nama(s, kode)} ({kode})",
                )
            )
    if galat:
        raise Ditolak(galat)


# ---- the steps after the request ------------------------------------------------------------


def _mulai(s: Session, pelaku: Pelaku, nomor: int, aksi: Aksi) -> models.Pinjaman:
    """Lock the loan and check that this account may take this step now."""
    p = db_pinjaman.kunci_pinjaman(s, nomor)
    if p is None:
        raise Ditolak([Galat("", f"Pinjaman nomor {nomor} tidak ada")])
    keadaan = _keadaan(p)
    if alasan := alasan_tolak_kantor(pelaku.akun, keadaan, aksi, pelaku.provinsi):
        raise DiLuarWewenang([Galat("", alasan)])
    if alasan := alasan_tolak_langkah(keadaan, aksi):
        raise Ditolak([Galat("", alasan)])
    return p


def _selesai(
    s: Session,
    pelaku: Pelaku,
    p: models.Pinjaman,
    aksi: Aksi,
    sebelum: dict[str, object],
    keterangan: str = "",
) -> None:
    p.diperbarui_pada = _sekarang()
    s.flush()
    _riwayat(s, pelaku, p, str(aksi), keterangan)
    kode = p.pemberi_kode if aksi.pihak is Pihak.PEMBERI else p.peminjam_kode
    akun = pelaku.akun
    if aksi is Aksi.TOLAK and akun is not None and akun.wilayah_kode == p.peminjam_kode:
        kode = p.peminjam_kode  # refused by the borrower's own office
    catat_audit(s, pelaku, f"pinjaman_{aksi}", "pinjaman", p.id, kode, sebelum, _baris(p))


def setujui(pelaku: Pelaku, nomor: int, pihak: Pihak) -> HasilLangkah:
    """Approve a loan for one office (the borrower's or the lender's); with both approvals the
    lender may ship."""
    gerbang(pelaku)
    aksi = Aksi.SETUJUI_PEMINJAM if pihak is Pihak.PEMINJAM else Aksi.SETUJUI_PEMBERI
    with db.sesi_tulis() as s:
        p = _mulai(s, pelaku, nomor, aksi)
        sebelum = _baris(p)
        akun = pelaku.akun
        assert akun is not None
        baru = status_sesudah(_keadaan(p), aksi)
        if pihak is Pihak.PEMINJAM:
            p.setuju_peminjam_oleh, p.setuju_peminjam_pada = akun.id, _sekarang()
        else:
            p.setuju_pemberi_oleh, p.setuju_pemberi_pada = akun.id, _sekarang()
        p.status = str(baru)
        _selesai(s, pelaku, p, aksi, sebelum)
        if baru is StatusPinjaman.DISETUJUI:
            pesan = f"Pinjaman nomor {nomor} disetujui kedua kantor; siap dikirim."
        else:
            pesan = f"Pinjaman nomor {nomor} disetujui {pihak.label}; menunggu kantor lainnya."
        return HasilLangkah(nomor, baru, pesan)


def _catat_gerak(
    s: Session,
    pelaku: Pelaku,
    p: models.Pinjaman,
    jenis: JenisMutasi,
    kondisi: Kondisi | None,
) -> int:
    """Write the loan's ledger entry (out of the lender's gudang or into the borrower's) with
    its summaries and audit row, dated the campaign's now."""
    akun = pelaku.akun
    assert akun is not None
    keluar = jenis is JenisMutasi.PINJAM_KELUAR
    kode = p.pemberi_kode if keluar else p.peminjam_kode
    lawan = p.peminjam_kode if keluar else p.pemberi_kode
    arah = "ke" if keluar else "dari"
    wajar = aturan_wajar(s)
    m = EntriMutasi(
        jenis_mutasi=jenis,
        jenis_kode=p.jenis_kode,
        tahap=Tahap.GUDANG,
        wilayah_kode=kode,
        jumlah=p.jumlah,
        waktu=wajar.sekarang,
        client_id=f"pinjaman:{p.id}:{'keluar' if keluar else 'masuk'}",
        kondisi=kondisi,
        keterangan=f"Pinjaman nomor {p.id} {arah} {_nama(s, lawan)} ({lawan})",
    )
    try:
        hasil = catat_mutasi(
            s,
            m,
            pemilihan_dari_db(s),
            kantor_kode=kantor(akun, pelaku.provinsi),
            pengguna_id=akun.id,
            wajar=wajar,
        )
    except MutasiDitolak as e:
        raise Ditolak([Galat(k, x) for k, x in zip(e.kolom, e.pesan, strict=True)]) from None
    if hasil.baru:
        sesudah = {
            "jenis_mutasi": str(jenis),
            "jenis_kode": m.jenis_kode,
            "tahap": str(m.tahap),
            "wilayah_kode": kode,
            "jumlah": m.jumlah,
            "kondisi": str(kondisi) if kondisi else None,
            "waktu": m.waktu,
            "pinjaman_id": p.id,
        }
        catat_audit(s, pelaku, "catat_mutasi", "mutasi", hasil.id, kode, None, sesudah)
    return hasil.id


def kirim(pelaku: Pelaku, nomor: int) -> HasilLangkah:
    """Ship an approved loan: the lender's gudang gives the goods out (a ledger entry)."""
    gerbang(pelaku)
    with db.sesi_tulis() as s:
        p = _mulai(s, pelaku, nomor, Aksi.KIRIM)
        sebelum = _baris(p)
        p.mutasi_keluar_id = _catat_gerak(s, pelaku, p, JenisMutasi.PINJAM_KELUAR, None)
        p.status = str(StatusPinjaman.DIKIRIM)
        _selesai(s, pelaku, p, Aksi.KIRIM, sebelum)
        pesan = (
            f"Pinjaman nomor {nomor} dikirim: {format_angka(p.jumlah)} {p.jenis_kode} keluar "
            f"dari gudang {_nama(s, p.pemberi_kode)}."
        )
        return HasilLangkah(nomor, StatusPinjaman.DIKIRIM, pesan)


def terima(pelaku: Pelaku, nomor: int, kondisi: str) -> HasilLangkah:
    """Receive a shipped loan in the borrower's gudang, in the condition found (a ledger
    entry; goods arriving damaged are counted as borrowed and damaged)."""
    gerbang(pelaku)
    try:
        k = Kondisi(teks(kondisi))
    except ValueError:
        raise Ditolak(
            [Galat("kondisi", "Kondisi barang wajib dipilih: baik, rusak ringan atau rusak berat")]
        ) from None
    with db.sesi_tulis() as s:
        p = _mulai(s, pelaku, nomor, Aksi.TERIMA)
        sebelum = _baris(p)
        p.mutasi_masuk_id = _catat_gerak(s, pelaku, p, JenisMutasi.PINJAM_MASUK, k)
        p.kondisi_terima = str(k)
        p.status = str(StatusPinjaman.DITERIMA)
        _selesai(s, pelaku, p, Aksi.TERIMA, sebelum)
        pesan = (
            f"Pinjaman nomor {nomor} diterima di gudang {_nama(s, p.peminjam_kode)}: "
            f"{format_angka(p.jumlah)} {p.jenis_kode}, kondisi {str(k).replace('_', ' ')}."
        )
        return HasilLangkah(nomor, StatusPinjaman.DITERIMA, pesan)


def tutup(pelaku: Pelaku, nomor: int, aksi: Aksi, alasan: str) -> HasilLangkah:
    """Withdraw (the borrower) or refuse (either office) a loan before it is shipped, with a
    reason."""
    gerbang(pelaku)
    if aksi not in (Aksi.BATALKAN, Aksi.TOLAK):
        raise Ditolak([Galat("", f"Langkah '{aksi}' bukan pembatalan atau penolakan")])
    isi, salah = baca_teks(alasan, "Alasan", BATAS_ALASAN)
    if salah:
        raise Ditolak([Galat("alasan", salah)])
    with db.sesi_tulis() as s:
        p = _mulai(s, pelaku, nomor, aksi)
        sebelum = _baris(p)
        baru = status_sesudah(_keadaan(p), aksi)
        p.status = str(baru)
        p.alasan_tutup = isi
        _selesai(s, pelaku, p, aksi, sebelum, isi)
        return HasilLangkah(nomor, baru, f"Pinjaman nomor {nomor} {baru.label.lower()}: {isi}")


# ---- notes between offices -----------------------------------------------------------------


def tambah_catatan(pelaku: Pelaku, nomor: int, isi: str, client_id: str) -> bool:
    """Add a note to a loan's thread (either office or an admin provinsi); return whether it
    is new (a resubmitted client id is not stored twice)."""
    gerbang(pelaku)
    naskah, salah = baca_teks(isi, "Catatan", BATAS_TEKS)
    if not client_id or len(client_id) > 64:
        salah = salah or "ID pengiriman (client id) kosong atau terlalu panjang"
    if salah:
        raise Ditolak([Galat("teks", salah)])
    with db.sesi_tulis() as s:
        lama = db_pinjaman.catatan_klien(s, client_id)
        if lama is not None:
            if lama.pinjaman_id != nomor or lama.teks != naskah:
                raise Ditolak([Galat("", "ID pengiriman ini sudah dipakai untuk catatan lain")])
            return False
        p = db_pinjaman.kunci_pinjaman(s, nomor)
        if p is None:
            raise Ditolak([Galat("", f"Pinjaman nomor {nomor} tidak ada")])
        akun = pelaku.akun
        assert akun is not None
        if alasan := alasan_tolak_kantor(akun, _keadaan(p), Aksi.TOLAK, pelaku.provinsi):
            raise DiLuarWewenang([Galat("", alasan.replace("menolak", "menulis catatan pada"))])
        c = models.CatatanKoordinasi(
            client_id=client_id,
            pinjaman_id=nomor,
            pengguna_id=akun.id,
            username=akun.username,
            kantor_kode=kantor(akun, pelaku.provinsi),
            waktu=_sekarang(),
            teks=naskah,
        )
        db_pinjaman.sisip(s, c)
        catat_audit(
            s,
            pelaku,
            "pinjaman_catatan",
            "catatan_koordinasi",
            c.id,
            c.kantor_kode,
            None,
            {"pinjaman_id": nomor, "teks": naskah},
        )
        return True


# ---- reads: the board and the suggestions --------------------------------------------------


@dataclass(frozen=True)
class PapanKoordinasi:
    """What the coordination board shows one viewer."""

    pinjaman: pd.DataFrame  # db.pinjaman.KOLOM_PINJAMAN
    aksi: dict[int, tuple[Aksi, ...]]  # the steps this viewer may take, per loan
    riwayat: pd.DataFrame
    catatan: pd.DataFrame
    saran: tuple[Saran, ...]
    nama_jenis: dict[str, str]
    boleh_ajukan: tuple[bool, ...]  # per suggestion: may this viewer ask for its borrower
    boleh_catatan: frozenset[int]  # loans this viewer's office may write notes on


def papan(akun: Akun | None) -> PapanKoordinasi:
    """Return the board for one viewer: every loan of the province, the steps the viewer may
    take, history, notes and the suggestions."""
    provinsi = current_app.config["SETTINGS"].kpu_provinsi
    data = _papan(provinsi, versi())
    keadaan = [
        KeadaanPinjaman(
            id=int(r.id),
            peminjam_kode=str(r.peminjam_kode),
            pemberi_kode=str(r.pemberi_kode),
            status=StatusPinjaman(r.status),
            setuju_peminjam=bool(r.setuju_peminjam),
            setuju_pemberi=bool(r.setuju_pemberi),
        )
        for r in data.pinjaman.itertuples(index=False)
    ]
    aksi = {k.id: tuple(aksi_boleh(akun, k, provinsi)) for k in keadaan}
    catatan_boleh = frozenset(
        k.id for k in keadaan if alasan_tolak_kantor(akun, k, Aksi.TOLAK, provinsi) is None
    )
    boleh_ajukan = tuple(
        akun is not None and alasan_tolak_tulis(akun, s.peminjam_kode, provinsi) is None
        for s in data.saran
    )
    return PapanKoordinasi(
        pinjaman=data.pinjaman,
        aksi=aksi,
        riwayat=data.riwayat,
        catatan=data.catatan,
        saran=data.saran,
        nama_jenis=data.nama_jenis,
        boleh_ajukan=boleh_ajukan,
        boleh_catatan=catatan_boleh,
    )


@dataclass(frozen=True)
class _DataPapan:
    pinjaman: pd.DataFrame
    riwayat: pd.DataFrame
    catatan: pd.DataFrame
    saran: tuple[Saran, ...]
    nama_jenis: dict[str, str]


@cache.memoize()
def _papan(provinsi: str, _versi: int) -> _DataPapan:
    with db.sesi_baca() as s:
        pinjaman = db_pinjaman.daftar(s, provinsi)
        nomor = [int(n) for n in pinjaman["id"]]
        riwayat = db_pinjaman.riwayat(s, nomor)
        catatan = db_pinjaman.catatan(s, nomor)
    jenis = stok_wilayah(provinsi)
    nama_jenis = dict(zip(jenis.jenis["kode"], jenis.jenis["nama"], strict=True)) if jenis else {}
    return _DataPapan(pinjaman, riwayat, catatan, saran(provinsi), nama_jenis)


def saran(provinsi: str) -> tuple[Saran, ...]:
    """Suggest loans for a province: for each gudang short of an item, the nearest gudang with
    good stock beyond its need and safety margin (by road time where the network gives one,
    else by straight distance), net of the loans already open."""
    return _saran(provinsi, versi())


@cache.memoize()
def _saran(provinsi: str, _versi: int) -> tuple[Saran, ...]:
    data = stok_wilayah(provinsi)
    if data is None:
        return ()
    with db.sesi_baca() as s:
        terbuka = db_pinjaman.terbuka_per_gudang(s)
        titik = db_pinjaman.titik_kabkota(s, provinsi)
    stok = [
        StokGudang(
            str(r.kode), str(r.nama), str(r.jenis_kode), int(r.kebutuhan), int(r.stok_bersih)
        )
        for r in data.tabel.itertuples(index=False)
    ]
    kunci = list(zip(terbuka["kode"], terbuka["jenis_kode"], strict=True))
    terikat = dict(zip(kunci, terbuka["terikat"].astype(int), strict=True))
    datang = dict(zip(kunci, terbuka["datang"].astype(int), strict=True))
    return tuple(saran_pinjaman(stok, _perjalanan(stok, titik), terikat, datang))


def _perjalanan(stok: list[StokGudang], titik: pd.DataFrame) -> dict[tuple[str, str], Perjalanan]:
    """How far each lender is from each borrower that may need it: the network's time where it
    reaches, else the straight distance between the two kab/kota points."""
    kurang = sorted({s.kode for s in stok if s.baik < s.kebutuhan})
    lebih = sorted({s.kode for s in stok if s.baik > s.kebutuhan})
    letak = {
        str(r.kode): (float(r.lat), float(r.lon))
        for r in titik.itertuples(index=False)
        if pd.notna(r.lat) and pd.notna(r.lon)
    }
    hasil: dict[tuple[str, str], Perjalanan] = {}
    for peminjam in kurang:
        lain = [k for k in lebih if k != peminjam]
        if not lain:
            continue
        try:
            jalan = layanan_rute.waktu_antar_gudang(peminjam, lain)
        except (KeyError, ValueError):  # no network for this province: distance only
            jalan = {}
        for pemberi in lain:
            if pemberi in jalan:
                # Time from the lender to the borrower: the network is close to symmetric, and
                # one search from the borrower serves every lender.
                jam, km = jalan[pemberi]
                hasil[(peminjam, pemberi)] = Perjalanan(jam=jam, km=km)
            elif peminjam in letak and pemberi in letak:
                km = jarak_lurus_km(*letak[peminjam], *letak[pemberi])
                hasil[(peminjam, pemberi)] = Perjalanan(jam=None, km=km)
    return hasil
