"""Ledger writes with their summaries in one transaction; the recompute that audits them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from dashboard.db import buku_besar as db_buku_besar
from dashboard.db import koreksi as db_koreksi
from dashboard.db import queries
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import (
    EntriMutasi,
    JenisMutasi,
    Tahap,
    dampak,
    dampak_harian,
    periksa_mutasi,
    perubahan_stok_baik,
    stok_baik,
    tanggal_wib,
)
from dashboard.domain.kebutuhan import AturanPemilihan, masa_kegiatan
from dashboard.domain.koreksi import kebalikan, periksa_pembalikan
from dashboard.domain.rekap import (
    KUNCI,
    Rekap,
    Selisih,
    baris_ringkasan,
    hitung_rekap,
    selisih_tabel,
)
from dashboard.domain.wilayah import induk, leluhur, tingkat_kode


class MutasiDitolak(ValueError):
    """A movement that breaks a rule; `pesan` holds every reason in Bahasa Indonesia."""

    def __init__(self, pesan: list[str]):
        super().__init__("; ".join(pesan))
        self.pesan = pesan


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
) -> HasilCatat:
    """Append one movement and update every summary it touches, in the caller's transaction.

    A resubmitted `client_id` is reported, not counted again. On any refusal nothing is
    written: the caller's transaction is left as it was.
    """
    lama = db_buku_besar.id_mutasi_klien(session, m.client_id)
    if lama is not None:
        return HasilCatat(lama, baru=False)
    salah = periksa_mutasi(m, *masa_kegiatan(pemilihan))
    if not salah:
        salah = _periksa_terhadap_data(session, m)
    if salah:
        raise MutasiDitolak(salah)

    nilai = _baris_mutasi(m, kantor_kode, pengguna_id)
    baru_id = db_buku_besar.sisip_mutasi(session, nilai)
    if baru_id is None:  # a concurrent resubmission won the race
        lama = db_buku_besar.id_mutasi_klien(session, m.client_id)
        if lama is None:
            raise RuntimeError(f"Mutasi {m.client_id} tidak tersisip dan tidak tersimpan")
        return HasilCatat(int(lama), baru=False)

    delta = dampak(m)
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
    if m.jenis_mutasi is JenisMutasi.TERIMA:
        belum = baris["dikirim"] - _jumlah_diterima(baris)
        if m.jumlah > belum:
            return [
                f"Jumlah diterima {format_angka(m.jumlah)} melebihi yang sedang dikirim ke "
                f"{nama_tempat(session, m.tahap, m.wilayah_kode)} "
                f"({format_angka(max(belum, 0))})"
            ]
    if m.jenis_mutasi is JenisMutasi.PENYESUAIAN and m.alasan != "pengganti":
        if m.jumlah > stok_baik(baris, _dikirim_keluar(session, m)):
            tempat = nama_tempat(session, m.tahap, m.wilayah_kode)
            return [f"Penyesuaian melebihi stok dalam kondisi baik di {tempat}"]
    return []


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
        session, _tersimpan(asli.wilayah_kode), asli.jenis_kode, str(asli.tahap), delta
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
    if nama and tahap is Tahap.GUDANG:
        return f"Gudang KPU {nama}"  # 'Gudang KPU Kota Semarang', 'Gudang KPU Kabupaten Demak'
    return f"{tahap.label} {nama}" if nama else f"{tahap.label} {kode}"
