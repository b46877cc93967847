"""Corrections by reversing entry: who may reverse what, and what the reversal may not break.

The ledger is append-only. A wrong entry (1.000 typed for 100) is corrected by a second entry
that names it (`membalik_id`) and has the opposite effect on every summary; the original stays
in the ledger and both show in the region's history. The operator then records the right one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.domain.akses import Akun
from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import PINJAMAN, JenisMutasi, perubahan_stok_baik, stok_baik

BATAS_ALASAN = 500
MIN_ALASAN = 5


@dataclass(frozen=True)
class CatatanAsli:
    """The ledger entry to be reversed, as the rules need to see it."""

    id: int
    jenis_mutasi: JenisMutasi
    kantor_kode: str
    pengguna_id: int | None
    membalik_id: int | None  # set when this entry is itself a reversal
    dibalik_oleh: int | None  # the reversal of this entry, if one is stored


def baca_alasan(nilai: object) -> str:
    """Read the reason for a correction; raise ValueError naming the field when it is unfit."""
    s = " ".join(str(nilai or "").split())
    if not s:
        raise ValueError("Alasan koreksi wajib diisi")
    if len(s) < MIN_ALASAN:
        raise ValueError(f"Alasan koreksi terlalu singkat (paling sedikit {MIN_ALASAN} karakter)")
    if len(s) > BATAS_ALASAN:
        raise ValueError(f"Alasan koreksi paling banyak {BATAS_ALASAN} karakter")
    return s


def alasan_tolak_koreksi(akun: Akun, asli: CatatanAsli, kantor: str) -> str | None:
    """Return why `akun` (writing as office `kantor`) may not reverse `asli`, or None.

    Only the entry's author or an admin provinsi may reverse it, once, and never a reversal.
    The caller has already checked that the account may write for the entry's region.
    """
    if asli.jenis_mutasi in PINJAMAN:
        return (
            f"Catatan nomor {asli.id} adalah bagian pinjaman antar kab/kota; ia tidak dikoreksi "
            "di sini. Bicarakan di papan Koordinasi."
        )
    if asli.membalik_id is not None:
        return (
            f"Catatan nomor {asli.id} adalah koreksi atas nomor {asli.membalik_id}; koreksi "
            "tidak dapat dikoreksi lagi. Catat ulang isian yang benar sebagai catatan baru."
        )
    if asli.dibalik_oleh is not None:
        return f"Catatan nomor {asli.id} sudah dikoreksi (nomor {asli.dibalik_oleh})."
    if akun.peran == "admin_provinsi":
        return None
    if asli.kantor_kode != kantor:
        return (
            f"Catatan nomor {asli.id} dibuat kantor lain; hanya kantor pembuatnya atau Admin "
            "Provinsi yang dapat mengoreksinya."
        )
    if asli.pengguna_id != akun.id:
        return (
            f"Catatan nomor {asli.id} dibuat pengguna lain; hanya pembuatnya atau Admin "
            "Provinsi yang dapat mengoreksinya."
        )
    return None


def kebalikan(delta: Mapping[str, int]) -> dict[str, int]:
    """Return the summary deltas of a reversal: the original's, each with the opposite sign."""
    return {k: -v for k, v in delta.items()}


def periksa_pembalikan(
    jenis: JenisMutasi,
    delta: Mapping[str, int],
    baris: Mapping[str, int],
    dikirim_keluar: int,
    tempat: str,
) -> list[str]:
    """Return why reversing an entry with summary deltas `delta` would break its hop's figures.

    `baris` is the hop's summary row before the reversal, `dikirim_keluar` what has left it for
    the next hop, `tempat` how messages name the place (e.g. "PPK Semarang Tengah").
    """
    sesudah = {k: baris.get(k, 0) + delta.get(k, 0) for k in set(baris) | set(delta)}
    if jenis is JenisMutasi.KIRIM:
        diterima = sum(
            sesudah.get(k, 0)
            for k in ("diterima_baik", "diterima_rusak_ringan", "diterima_rusak_berat")
        )
        if sesudah.get("dikirim", 0) < diterima:
            return [
                f"Tidak dapat dikoreksi: {format_angka(diterima)} sudah tercatat diterima di "
                f"{tempat}, lebih dari yang tersisa dikirim ({format_angka(sesudah['dikirim'])}). "
                "Koreksi dulu catatan penerimaannya."
            ]
    if perubahan_stok_baik(delta) < 0:
        stok = stok_baik(sesudah, dikirim_keluar)
        if stok < 0:
            return [
                f"Tidak dapat dikoreksi: stok baik di {tempat} akan menjadi "
                f"{format_angka(stok)} karena barangnya sudah dikirim lanjut atau disesuaikan. "
                "Koreksi dulu catatan sesudahnya."
            ]
    if any(v < 0 for k, v in sesudah.items() if k in delta):
        return [f"Tidak dapat dikoreksi: angka di {tempat} akan menjadi negatif."]
    return []
