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


def target_rencana(h: int, jendela: tuple[int, int]) -> float:
    """Share of a step the plan expects done by the end of day H+h (linear over its window).

    A window [-7, -4] expects 25% at the end of H-7 and 100% from the end of H-4 on. The same
    share holds at every level, down to one PPK or one desa: so a parent's plan is always the
    need-weighted sum of its children's, and a desa with nothing on the day its kecamatan is due
    half is behind, not "on plan" (until a route plan gives each place its own day).
    """
    awal, akhir = jendela
    if h < awal:
        return 0.0
    if h >= akhir:
        return 1.0
    return (h - awal + 1) / (akhir - awal + 1)


def target_tahap(
    h: int, jadwal: dict[str, tuple[int, int]], tahap: Tahap | str, wilayah_kode: str = ""
) -> float:
    """Share of need the plan expects to have arrived at a hop of a region by the end of H+h.

    The same for every region (see `target_rencana`); `wilayah_kode` is kept for callers that
    name the region the target is for.
    """
    del wilayah_kode
    return target_rencana(h, jadwal[JADWAL_TAHAP[Tahap(tahap)]])


def tahap_dinilai(tingkat: int) -> tuple[Tahap, ...]:
    """The hops a region of a level is judged on: those at its level and below it.

    A kab/kota (and above) on its gudang and every hop; a kecamatan on PPK, PPS and TPS; a desa
    on PPS and TPS — never on a hop that has no location inside it.
    """
    return tuple(t for t in Tahap if t.tingkat_wilayah >= max(tingkat, 2))


def terlambat(realisasi: float | None, target: float, toleransi: float = 0.05) -> bool:
    """Tell whether actual progress is behind plan by more than the tolerance."""
    if realisasi is None:
        return target > 0
    return realisasi + toleransi < target
