"""The H-minus plan: how far each step should be on a given day."""

from __future__ import annotations

from dashboard.domain.buku_besar import Tahap

# Plan step (key of the catalogue's jadwal) for each hop's arrivals.
JADWAL_TAHAP = {
    Tahap.GUDANG: "terima_penyedia",
    Tahap.PPK: "gudang_ppk",
    Tahap.PPS: "ppk_pps",
    Tahap.TPS: "pps_tps",
}


def target_rencana(h: int, jendela: tuple[int, int], tunggal: bool = False) -> float:
    """Share of a step the plan expects done by the end of day H+h (linear over its window).

    A window [-7, -4] expects 25% at the end of H-7 and 100% from the end of H-4 on. A single
    location (one PPK, one PPS) is served on one day of the window, so it is only due at the
    window's end (`tunggal`).
    """
    awal, akhir = jendela
    if tunggal:
        return 1.0 if h >= akhir else 0.0
    if h < awal:
        return 0.0
    if h >= akhir:
        return 1.0
    return (h - awal + 1) / (akhir - awal + 1)


def target_tahap(
    h: int, jadwal: dict[str, tuple[int, int]], tahap: Tahap | str, wilayah_kode: str = ""
) -> float:
    """Share of need the plan expects to have arrived at a hop of a region by the end of H+h."""
    tahap = Tahap(tahap)
    tunggal = (len(wilayah_kode) == 8 and tahap is Tahap.PPK) or len(wilayah_kode) == 13
    return target_rencana(h, jadwal[JADWAL_TAHAP[tahap]], tunggal)


def terlambat(realisasi: float | None, target: float, toleransi: float = 0.05) -> bool:
    """Tell whether actual progress is behind plan by more than the tolerance."""
    if realisasi is None:
        return target > 0
    return realisasi + toleransi < target
