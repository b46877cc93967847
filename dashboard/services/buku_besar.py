"""Ledger writes with their summaries in one transaction; the recompute that audits them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard.db import buku_besar as db_buku_besar
from dashboard.db import koreksi as db_koreksi
from dashboard.db import queries
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import (
    DITERIMA,
    Alasan,
    EntriMutasi,
    JenisMutasi,
    Tahap,
    dampak,
    dampak_harian,
    periksa_mutasi,
    perubahan_stok_baik,
    stok_baik,
    tambahan_cukup,
    tanggal_wib,
)
from dashboard.domain.kebutuhan import AturanPemilihan, masa_kegiatan
from dashboard.domain.kewajaran import Tempat, periksa_kelipatan, periksa_penyesuaian
from dashboard.domain.koreksi import kebalikan, periksa_pembalikan
from dashboard.domain.rekap import (
    KUNCI,
    Rekap,
    Selisih,
    baris_ringkasan,
    hitung_rekap,
    selisih_tabel,
)
from dashboard.domain.waktu import WIB, periksa_bukan_masa_depan
from dashboard.domain.wilayah import induk, leluhur, tingkat_kode


class MutasiDitolak(ValueError):
    """A movement that breaks a rule; `pesan` holds every reason in Bahasa Indonesia, `kolom`
    the field each one is about ('' when it is about the entry as a whole)."""

    def __init__(self, pesan: list[str], kolom: list[str] | None = None):
        super().__init__("; ".join(pesan))
        self.pesan = pesan
        self.kolom = kolom if kolom is not None else [""] * len(pesan)


# The field a check against the data is about, by how its message starts.
_KOLOM_PESAN = (
    (("Jenis logistik",), "jenis_logistik"),
    (("Wilayah", "Kode wilayah", "Lokasi asal"), "kode_wilayah"),
    (("TPS",), "nomor_tps"),
    (("Jumlah", "Penyesuaian melebihi"), "jumlah"),
)


def kolom_pesan(pesan: str) -> str:
    """The field a refusal is about, so an upload's report names its column ('' for none)."""
    for awalan, kolom in _KOLOM_PESAN:
        if pesan.startswith(awalan):
            return kolom
    return ""


KunciMutasi = tuple[object, ...]


def _utc(w: dt.datetime) -> dt.datetime:
    """A stored moment as aware UTC (SQLite gives back its naive UTC wall clock)."""
    return w.replace(tzinfo=dt.UTC) if w.tzinfo is None else w.astimezone(dt.UTC)


def kunci_entri(m: EntriMutasi) -> KunciMutasi:
    """The content of an entry as compared: kind, item, hop, region, TPS, quantity, condition,
    reason and moment (UTC) — everything but the note and who sent it."""
    return (
        str(m.jenis_mutasi),
        m.jenis_kode,
        str(m.tahap),
        m.wilayah_kode,
        m.tps_id,
        m.jumlah,
        str(m.kondisi) if m.kondisi else None,
        str(m.alasan) if m.alasan else None,
        _utc(m.waktu),
    )


def kunci_tersimpan(baris: Mapping[str, object]) -> KunciMutasi:
    """The same key for a stored ledger row (db.buku_besar.KOLOM_ISI)."""
    nilai = [baris[k] for k in db_buku_besar.KOLOM_ISI]
    waktu = nilai[-1]
    assert isinstance(waktu, dt.datetime)
    return (*nilai[:-1], _utc(waktu))


def uraian_entri(baris: Mapping[str, object]) -> str:
    """A stored entry in a few words: '100 KOTAK di 65.71, 20-11-2024 08.00 WIB'."""
    waktu = baris["waktu"]
    assert isinstance(waktu, dt.datetime)
    jumlah = baris["jumlah"]
    assert isinstance(jumlah, int)
    return (
        f"{format_angka(jumlah)} {baris['jenis_kode']} di {baris['wilayah_kode']}, "
        f"{_utc(waktu).astimezone(WIB):%d-%m-%Y %H.%M} WIB"
    )


def _sudah_ada(lama: Mapping[str, object], m: EntriMutasi, kantor_kode: str) -> HasilCatat:
    """A client id seen before: the same entry again is 'already received'; the id reused by
    another office or for different content is refused, never silently dropped."""
    nomor = lama["id"]
    assert isinstance(nomor, int)
    if lama["kantor_kode"] != kantor_kode:
        raise MutasiDitolak(
            [
                f"ID pengiriman ini sudah dipakai oleh kantor lain (catatan nomor {nomor}); "
                "catatan Anda belum disimpan. Muat ulang halaman lalu simpan lagi."
            ]
        )
    if kunci_tersimpan(lama) != kunci_entri(m) or (lama["keterangan"] or "") != m.keterangan:
        raise MutasiDitolak(
            [
                f"ID pengiriman ini sudah dipakai untuk catatan lain (nomor {nomor}: "
                f"{uraian_entri(lama)}); isian ini belum disimpan. Muat ulang halaman agar "
                "mendapat ID baru, lalu simpan lagi."
            ]
        )
    return HasilCatat(nomor, baru=False)


@dataclass(frozen=True)
class AturanWajar:
    """What an office's entry is judged against besides the ledger's own rules.

    `sekarang` is the campaign's "now" (`domain.waktu.sekarang_kampanye`: the server clock,
    or a demo's as-of moment), `toleransi` the clock drift allowed beyond it, `kelipatan` the
    multiple of the need a running total may reach where no admin override is stored.
    """

    sekarang: dt.datetime
    toleransi: dt.timedelta
    kelipatan: float


@dataclass(frozen=True)
class HasilCatat:
    """Outcome of recording a movement: new entry, or a resubmission already counted."""

    id: int
    baru: bool

    @property
    def pesan(self) -> str:
        if self.baru:
            return f"Tercatat (nomor {self.id})"
        return f"Sudah diterima sebelumnya (nomor {self.id}); tidak dihitung dua kali"


def catat_mutasi(
    session: Session,
    m: EntriMutasi,
    pemilihan: AturanPemilihan,
    *,
    kantor_kode: str,
    pengguna_id: int | None = None,
    wajar: AturanWajar | None = None,
) -> HasilCatat:
    """Append one movement and update every summary it touches, in the caller's transaction.

    A resubmitted `client_id` with the same content from the same office is reported, not
    counted again; the id reused for other content or by another office is refused. With
    `wajar` (every entry an office makes, typed or uploaded) the entry must also pass
    `periksa_wajar`. On any refusal nothing is written: the caller's transaction is left as
    it was.
    """
    lama = db_buku_besar.mutasi_klien(session, m.client_id)
    if lama is not None:
        return _sudah_ada(lama, m, kantor_kode)
    salah = periksa_mutasi(m, *masa_kegiatan(pemilihan))
    if salah:
        raise MutasiDitolak(salah)
    salah = _periksa_terhadap_data(session, m)
    if salah:
        raise MutasiDitolak(salah, [kolom_pesan(p) for p in salah])
    if wajar is not None:
        galat = periksa_wajar(session, m, wajar)
        if galat:
            raise MutasiDitolak([p for _k, p in galat], [k for k, _p in galat])

    nilai = _baris_mutasi(m, kantor_kode, pengguna_id)
    baru_id = db_buku_besar.sisip_mutasi(session, nilai)
    if baru_id is None:  # a concurrent resubmission won the race
        lama = db_buku_besar.mutasi_klien(session, m.client_id)
        if lama is None:
            raise RuntimeError(f"Mutasi {m.client_id} tidak tersisip dan tidak tersimpan")
        return _sudah_ada(lama, m, kantor_kode)

    delta = _dengan_cukup(session, m, dampak(m))
    db_buku_besar.tambah_ringkasan(
        session, _tersimpan(m.wilayah_kode), m.jenis_kode, str(m.tahap), delta
    )
    _tambah_harian(session, m, dampak_harian(delta))
    if m.tahap is Tahap.TPS and m.tps_id is not None:  # a TPS movement names its TPS (checked)
        _perbarui_tps(session, m.tps_id, m, perubahan_stok_baik(delta))
    return HasilCatat(int(baru_id), baru=True)


def _baris_mutasi(m: EntriMutasi, kantor_kode: str, pengguna_id: int | None) -> dict:
    """The ledger row of an entry, recorded now by this office and account."""
    return {
        "client_id": m.client_id,
        "jenis_mutasi": str(m.jenis_mutasi),
        "jenis_kode": m.jenis_kode,
        "tahap": str(m.tahap),
        "wilayah_kode": m.wilayah_kode,
        "tps_id": m.tps_id,
        "jumlah": m.jumlah,
        "kondisi": str(m.kondisi) if m.kondisi else None,
        "alasan": str(m.alasan) if m.alasan else None,
        "waktu": m.waktu,
        "dicatat_pada": dt.datetime.now(dt.UTC),
        "pengguna_id": pengguna_id,
        "kantor_kode": kantor_kode,
        "keterangan": m.keterangan,
    }


def _dengan_cukup(session: Session, m: EntriMutasi, delta: dict[str, int]) -> dict[str, int]:
    """Add to a movement's deltas how it changes arrivals counted up to its place's need."""
    if not any(k in delta for k in DITERIMA):
        return delta
    # Locked: two receipts at one place must not both count the same room under its need.
    lokasi = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap, kunci=True)
    cukup = tambahan_cukup(lokasi or {}, delta)
    return {**delta, "diterima_cukup": cukup} if cukup else delta


def _tersimpan(kode: str) -> list[str]:
    """The regions whose stored summaries a movement here changes: its kab/kota and below.

    Province and national figures are summed from the kab/kota rows when read, so writers
    from different kab/kota offices never update (and never wait on) a shared row.
    """
    return leluhur(kode)[1:]


def _tambah_harian(session: Session, m: EntriMutasi, delta: dict[str, int]) -> None:
    """Add to the day's timeline counters of the kab/kota (provinces sum them when read)."""
    if not delta:
        return
    tanggal = tanggal_wib(m.waktu)
    for kode in _tersimpan(m.wilayah_kode)[:1]:
        db_buku_besar.tambah_harian(session, kode, m.jenis_kode, str(m.tahap), tanggal, delta)


def _perbarui_tps(session: Session, tps_id: int, m: EntriMutasi, d_stok: int) -> None:
    """Keep the TPS's good stock, its 'item complete' flags and the regions' counts current."""
    if not d_stok:
        return
    tersedia, jumlah = db_buku_besar.tambah_tersedia(session, tps_id, m.jenis_kode, d_stok)
    sebelum = jumlah > 0 and tersedia - d_stok >= jumlah
    sesudah = jumlah > 0 and tersedia >= jumlah
    if sebelum == sesudah:
        return
    arah = 1 if sesudah else -1
    kode = _tersimpan(m.wilayah_kode)
    db_buku_besar.tambah_ringkasan(
        session, kode, m.jenis_kode, str(Tahap.TPS), {"tps_terpenuhi": arah}
    )
    terpenuhi, dibutuhkan = db_buku_besar.tambah_terpenuhi(session, tps_id, arah)
    lengkap_sebelum = terpenuhi - arah == dibutuhkan
    lengkap_sesudah = terpenuhi == dibutuhkan
    if lengkap_sebelum != lengkap_sesudah:
        db_buku_besar.tambah_tps_lengkap(session, kode, 1 if lengkap_sesudah else -1)


def _periksa_terhadap_data(session: Session, m: EntriMutasi) -> list[str]:
    """Check a movement against what the database holds: places, item, stock on hand."""
    try:
        tingkat = tingkat_kode(m.wilayah_kode)
    except ValueError as e:
        return [str(e)]
    if tingkat != m.tahap.tingkat_wilayah:
        return [f"Kode wilayah {m.wilayah_kode} bukan lokasi {m.tahap.label}"]
    baris = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap)
    if baris is None:
        if not queries.wilayah_ada(session, m.wilayah_kode):
            return [f"Wilayah {m.wilayah_kode} tidak dikenal"]
        if not queries.jenis_ada(session, m.jenis_kode):
            return [f"Jenis logistik '{m.jenis_kode}' tidak dikenal"]
        nama = queries.nama_wilayah(session, [m.wilayah_kode]).get(m.wilayah_kode)
        tempat = f"{nama} ({m.wilayah_kode})" if nama else m.wilayah_kode
        return [f"Jenis logistik '{m.jenis_kode}' tidak berlaku di {tempat}"]
    if m.tps_id is not None:
        desa = db_buku_besar.desa_tps(session, m.tps_id)
        if desa != m.wilayah_kode:
            return [f"TPS {m.tps_id} tidak berada di desa/kelurahan {m.wilayah_kode}"]
    if m.jenis_mutasi is JenisMutasi.KIRIM:
        return _periksa_stok_asal(session, m)
    if m.jenis_mutasi is JenisMutasi.PINJAM_KELUAR:
        return _periksa_stok_pinjam(session, m)
    if m.jenis_mutasi is JenisMutasi.TERIMA:
        belum = baris["dikirim"] - _jumlah_diterima(baris)
        if m.jumlah > belum:
            return [
                f"Jumlah diterima {format_angka(m.jumlah)} melebihi yang sedang dikirim ke "
                f"{nama_tempat(session, m.tahap, m.wilayah_kode)} "
                f"({format_angka(max(belum, 0))})"
            ]
    if m.jenis_mutasi is JenisMutasi.PENYESUAIAN and m.alasan is not Alasan.PENGGANTI:
        pesan = periksa_penyesuaian(
            m, baris, stok_baik(baris, _dikirim_keluar(session, m)), _tempat(session, m)
        )
        if pesan:
            return [pesan]
    return []


def periksa_wajar(session: Session, m: EntriMutasi, aturan: AturanWajar) -> list[tuple[str, str]]:
    """Return what makes an office's entry implausible, as (field, message) pairs.

    The one check both write paths (form and upload) call for every entry, after the ledger's
    own rules passed: the event time may not be later than the campaign's now (plus the
    tolerance); the running total at the place may not pass the multiple of its need (an
    admin's override for the region and item, else the setting); a replacement may not
    exceed what is there to replace. Two writers racing at the very edge of a bound may
    together pass it by one entry: this guards against absurd figures, it is not a lock.
    """
    salah: list[tuple[str, str]] = []
    pesan = periksa_bukan_masa_depan(m.waktu, aturan.sekarang, aturan.toleransi)
    if pesan:
        salah.append(("tanggal", pesan))
    baris = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap)
    if baris is None:  # refused before this is called; nothing to measure against
        return salah
    kelipatan = queries.kelipatan_wajar(session, m.wilayah_kode, m.jenis_kode)
    tempat = _tempat(session, m)
    pesan = periksa_kelipatan(m, baris, kelipatan or aturan.kelipatan, tempat)
    if pesan:
        salah.append(("jumlah", pesan))
    if m.jenis_mutasi is JenisMutasi.PENYESUAIAN and m.alasan is Alasan.PENGGANTI:
        pesan = periksa_penyesuaian(m, baris, 0, tempat)
        if pesan:
            salah.append(("jumlah", pesan))
    return salah


def _tempat(session: Session, m: EntriMutasi) -> Tempat:
    """Name the entry's region and item for a message (the code when a name is missing)."""
    nama = queries.nama_wilayah(session, [m.wilayah_kode]).get(m.wilayah_kode, m.wilayah_kode)
    return Tempat(nama, queries.nama_jenis(session, m.jenis_kode) or m.jenis_kode)


def _jumlah_diterima(baris: dict[str, int]) -> int:
    return baris["diterima_baik"] + baris["diterima_rusak_ringan"] + baris["diterima_rusak_berat"]


def _dikirim_keluar(session: Session, m: EntriMutasi) -> int:
    urutan = list(Tahap)
    i = urutan.index(m.tahap)
    if i + 1 >= len(urutan):
        return 0
    berikut = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, urutan[i + 1])
    return berikut["dikirim"] if berikut else 0


def _periksa_stok_asal(session: Session, m: EntriMutasi) -> list[str]:
    """Refuse a dispatch larger than the good stock held where it leaves from."""
    asal_tahap = m.tahap.sebelumnya
    assert asal_tahap is not None
    asal_kode = m.wilayah_kode if m.tahap is Tahap.TPS else induk(m.wilayah_kode)
    assert asal_kode is not None
    asal = queries.baris_ringkasan(session, asal_kode, m.jenis_kode, asal_tahap, kunci=True)
    keluar = queries.baris_ringkasan(session, asal_kode, m.jenis_kode, m.tahap)
    if asal is None or keluar is None:
        return [f"Lokasi asal {nama_tempat(session, asal_tahap, asal_kode)} tidak dikenal"]
    stok = stok_baik(asal, keluar["dikirim"])
    if m.jumlah > stok:
        return [
            f"Jumlah dikirim {format_angka(m.jumlah)} melebihi stok baik di "
            f"{nama_tempat(session, asal_tahap, asal_kode)} ({format_angka(max(stok, 0))})"
        ]
    return []


def _periksa_stok_pinjam(session: Session, m: EntriMutasi) -> list[str]:
    """Refuse lending more than the good stock left in the lender's gudang (after what it
    already sent on to its PPK)."""
    asal = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap, kunci=True)
    assert asal is not None  # checked by the caller
    stok = stok_baik(asal, _dikirim_keluar(session, m))
    if m.jumlah > stok:
        return [
            f"Jumlah dipinjamkan {format_angka(m.jumlah)} melebihi stok baik di "
            f"{nama_tempat(session, m.tahap, m.wilayah_kode)} ({format_angka(max(stok, 0))})"
        ]
    return []


# ---- recompute and check -------------------------------------------------------------


def rekap_dari_db(session: Session, pemilihan: AturanPemilihan) -> Rekap:
    """Compute every summary from the ledger and needs stored in the database."""
    wilayah = queries.wilayah_kampanye(session)
    return hitung_rekap(
        baris_ringkasan(wilayah, pemilihan),
        queries.tps_frame(session),
        queries.kebutuhan_frame(session),
        queries.buku_per_kelompok(session),
        pemilihan,
        queries.buku_per_hari(session),
    )


def bandingkan(session: Session, rekap: Rekap) -> Selisih:
    """List every stored summary value that differs from the recomputed one."""
    pasangan = [
        ("ringkasan", rekap.ringkasan, queries.ringkasan_frame(session), KUNCI),
        (
            "ringkasan_wilayah",
            rekap.ringkasan_wilayah,
            queries.ringkasan_wilayah_frame(session),
            ["wilayah_kode"],
        ),
        (
            "kebutuhan",
            rekap.kebutuhan,
            queries.kebutuhan_frame(session, tersedia=True),
            ["tps_id", "jenis_kode"],
        ),
        ("tps", rekap.tps, queries.tps_frame(session, penghitung=True), ["id"]),
        (
            "ringkasan_harian",
            rekap.harian,
            queries.ringkasan_harian_frame(session),
            ["wilayah_kode", "jenis_kode", "tahap", "tanggal"],
        ),
    ]
    return selisih_tabel(pasangan)


def hitung_ulang(session: Session, pemilihan: AturanPemilihan, *, terapkan: bool = True) -> Selisih:
    """Recompute every summary from the ledger, report disagreements, and repair them."""
    rekap = rekap_dari_db(session, pemilihan)
    selisih = bandingkan(session, rekap)
    if selisih and terapkan:
        db_buku_besar.tulis_rekap(session, rekap)
    return selisih


def jumlah_mutasi(session: Session) -> int:
    """Return how many ledger entries there are."""
    return db_buku_besar.jumlah_mutasi(session)


# ---- corrections by reversing entry --------------------------------------------------


def catat_pembalikan(
    session: Session,
    asli: EntriMutasi,
    asli_id: int,
    alasan: str,
    *,
    kantor_kode: str,
    pengguna_id: int | None,
) -> HasilCatat:
    """Append the entry reversing `asli` and take its effect off every summary it moved.

    The reversal repeats the original's kind, place, item, quantity and moment (so each day's
    timeline nets out) and names it in `membalik_id`. A reversal that would leave a hop with
    negative stock, or with more received than was sent, is refused; nothing is written.
    """
    client_id = f"koreksi:{asli_id}"
    lama = db_buku_besar.id_mutasi_klien(session, client_id)
    if lama is not None:
        raise MutasiDitolak([f"Catatan nomor {asli_id} sudah dikoreksi (nomor {lama})."])
    delta = kebalikan(dampak(asli))
    salah = _periksa_pembalikan(session, asli, delta)
    if salah:
        raise MutasiDitolak(salah)
    nilai = {
        **_baris_mutasi(asli, kantor_kode, pengguna_id),
        "client_id": client_id,
        "keterangan": alasan,
        "membalik_id": asli_id,
    }
    baru_id = db_buku_besar.sisip_mutasi(session, nilai)
    if baru_id is None:  # another writer reversed it a moment ago
        lama = db_buku_besar.id_mutasi_klien(session, client_id)
        raise MutasiDitolak([f"Catatan nomor {asli_id} sudah dikoreksi (nomor {lama})."])
    db_buku_besar.tambah_ringkasan(
        session,
        _tersimpan(asli.wilayah_kode),
        asli.jenis_kode,
        str(asli.tahap),
        _dengan_cukup(session, asli, delta),
    )
    harian = dampak_harian(delta)
    _tambah_harian(session, asli, harian)
    if harian:
        for kode in _tersimpan(asli.wilayah_kode)[:1]:
            db_koreksi.hapus_harian_nol(
                session, kode, asli.jenis_kode, str(asli.tahap), tanggal_wib(asli.waktu)
            )
    if asli.tahap is Tahap.TPS and asli.tps_id is not None:
        _perbarui_tps(session, asli.tps_id, asli, perubahan_stok_baik(delta))
    return HasilCatat(int(baru_id), baru=True)


def _periksa_pembalikan(session: Session, m: EntriMutasi, delta: dict[str, int]) -> list[str]:
    tempat = nama_tempat(session, m.tahap, m.wilayah_kode)
    baris = queries.baris_ringkasan(session, m.wilayah_kode, m.jenis_kode, m.tahap, kunci=True)
    if baris is None:
        return [f"Ringkasan {m.jenis_kode} di {tempat} tidak ada; jalankan recompute"]
    salah = periksa_pembalikan(m.jenis_mutasi, delta, baris, _dikirim_keluar(session, m), tempat)
    if not salah and m.tps_id is not None:
        d_stok = perubahan_stok_baik(delta)
        sisa = db_koreksi.tersedia_tps(session, m.tps_id, m.jenis_kode) + d_stok
        if d_stok < 0 and sisa < 0:
            salah = [
                f"Tidak dapat dikoreksi: stok baik di TPS ini akan menjadi {format_angka(sisa)}. "
                "Koreksi dulu catatan sesudahnya."
            ]
    return salah


def nama_tempat(session: Session, tahap: Tahap, kode: str) -> str:
    """Name a place as an operator knows it: 'Gudang KPU Kota Semarang', 'PPK Semarang
    Tengah' (the code only for a region the database does not know)."""
    nama = queries.nama_wilayah(session, [kode]).get(kode)
    if not nama:
        return f"{tahap.label} {kode}"
    return Tempat(nama, "").lokasi(tahap)
