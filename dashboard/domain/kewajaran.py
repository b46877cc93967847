"""Sanity bounds on what an entry may claim: no more than a multiple of the need of the place
and item, and no adjustment beyond what is there (or was damaged, lost or not delivered).

Both write paths (the form and the upload) reach these rules through one service function,
`services.buku_besar.periksa_wajar`, so they cannot disagree. Every check is on the running
total after the entry (what the place already holds of that counter plus this entry), so a
large quantity split into many small entries is refused as surely as one large entry.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.domain.angka import format_angka
from dashboard.domain.buku_besar import Alasan, EntriMutasi, JenisMutasi, Tahap

# Counters that hold goods received at a hop, in any condition.
KOLOM_DITERIMA = ("diterima_baik", "diterima_rusak_ringan", "diterima_rusak_berat")
# Counters that hold goods no longer usable at a hop and so may be replaced.
KOLOM_TIDAK_LAYAK = (
    "diterima_rusak_ringan",
    "diterima_rusak_berat",
    "rusak",
    "hilang",
    "salah_jenis",
)


@dataclass(frozen=True)
class Tempat:
    """How a message names the place and item of an entry (names, not codes)."""

    nama_wilayah: str
    nama_jenis: str

    def lokasi(self, tahap: Tahap) -> str:
        """Return the place as an operator knows it: 'Gudang KPU Kota Semarang', 'PPK Tugu',
        'TPS di Sambong'."""
        if tahap is Tahap.GUDANG:
            return f"Gudang KPU {self.nama_wilayah}"
        if tahap is Tahap.TPS:
            return f"TPS di {self.nama_wilayah}"
        return f"{tahap.label} {self.nama_wilayah}"


def format_kelipatan(kelipatan: float) -> str:
    """Write a multiple the Indonesian way: 1,5×; 2×."""
    return f"{kelipatan:g}".replace(".", ",") + "×"


def batas_wajar(kebutuhan: int, kelipatan: float) -> int:
    """Return the largest running total accepted: the need times the multiple, rounded down."""
    return math.floor(kebutuhan * kelipatan + 1e-9)


def total_berjalan(jenis: JenisMutasi, baris: Mapping[str, int]) -> tuple[int, str] | None:
    """Return the running total an entry of this kind adds to at its hop, and its verb.

    Receipts (from the vendor or from the previous hop) count in every condition; a dispatch
    counts what was sent to this place; sortir-lipat what was sorted. Adjustments have rules
    of their own (`periksa_penyesuaian`).
    """
    if jenis in (JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.TERIMA):
        return sum(int(baris[k]) for k in KOLOM_DITERIMA), "diterima"
    if jenis is JenisMutasi.KIRIM:
        return int(baris["dikirim"]), "dikirim"
    if jenis is JenisMutasi.SORTIR_LIPAT:
        return int(baris["disortir"]), "disortir"
    return None


def periksa_kelipatan(
    m: EntriMutasi, baris: Mapping[str, int], kelipatan: float, tempat: Tempat
) -> str | None:
    """Return why an entry takes its place's running total beyond the multiple of its need.

    `baris` is the summary row of the entry's region, item and hop (its need and counters as
    stored before the entry); `kelipatan` the multiple in force there (the setting, or an
    admin's override for that region and item).
    """
    total = total_berjalan(m.jenis_mutasi, baris)
    if total is None:
        return None
    sudah, kata = total
    kebutuhan = int(baris["kebutuhan"])
    batas = batas_wajar(kebutuhan, kelipatan)
    if sudah + m.jumlah <= batas:
        return None
    sisa = max(batas - sudah, 0)
    return (
        f"Jumlah {format_angka(m.jumlah)} melebihi batas wajar: kebutuhan "
        f"{tempat.lokasi(m.tahap)} untuk {tempat.nama_jenis} {format_angka(kebutuhan)} "
        f"(batas {format_kelipatan(kelipatan)} = {format_angka(batas)}; sudah {kata} "
        f"{format_angka(sudah)}, paling banyak {format_angka(sisa)} lagi). Bila memang ada "
        "kelebihan, Admin Provinsi dapat menaikkan batas untuk wilayah dan jenis ini"
    )


def sisa_pengganti(baris: Mapping[str, int]) -> int:
    """Return how much may still be recorded as a replacement at a hop.

    A replacement makes good what is recorded there as unusable — received damaged, found
    damaged, lost, or of the wrong type — or what was never delivered (the need not yet
    received in any condition, as when a vendor delivers short and makes it up later), less
    the replacements already recorded there.
    """
    tidak_layak = sum(int(baris[k]) for k in KOLOM_TIDAK_LAYAK)
    belum_diterima = max(int(baris["kebutuhan"]) - sum(int(baris[k]) for k in KOLOM_DITERIMA), 0)
    return max(tidak_layak - int(baris["pengganti"]), 0) + belum_diterima


def periksa_penyesuaian(
    m: EntriMutasi, baris: Mapping[str, int], stok: int, tempat: Tempat
) -> str | None:
    """Return why an adjustment is beyond what is at its place, or None.

    A replacement may not exceed `sisa_pengganti`; damage, loss or wrong type may not exceed
    the good stock `stok` held there.
    """
    if m.jenis_mutasi is not JenisMutasi.PENYESUAIAN:
        return None
    lokasi = tempat.lokasi(m.tahap)
    if m.alasan is Alasan.PENGGANTI:
        sisa = sisa_pengganti(baris)
        if m.jumlah > sisa:
            return (
                f"Pengganti {format_angka(m.jumlah)} melebihi yang perlu diganti di {lokasi} "
                f"untuk {tempat.nama_jenis}: {format_angka(sisa)} (rusak, hilang atau salah "
                "jenis yang belum diganti, ditambah kekurangan terhadap kebutuhan "
                f"{format_angka(int(baris['kebutuhan']))})"
            )
        return None
    if m.jumlah > stok:
        alasan = str(m.alasan).replace("_", " ") if m.alasan else "penyesuaian"
        return (
            f"Penyesuaian {alasan} {format_angka(m.jumlah)} melebihi stok dalam kondisi baik di "
            f"{lokasi} untuk {tempat.nama_jenis} ({format_angka(max(stok, 0))})"
        )
    return None
