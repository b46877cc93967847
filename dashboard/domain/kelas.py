"""Readiness classes and map metrics: breaks, colours and words, defined once.

Every badge, map, slide and report names a readiness class with `kelas_indeks` (the index) or
`kelas_rencana` (a figure against its plan), and colours it with WARNA_KELAS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# ColorBrewer RdYlBu (colour-blind safe), red = behind, blue = ready.
BURUK_KE_BAIK = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
# ColorBrewer OrRd for counts where more is worse.
SEDIKIT_KE_BANYAK = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
WARNA_KOSONG = "#bdbdbd"
# Readiness classes in the same colour-blind-safe scheme (never shown by colour alone).
KELAS = ("kritis", "waspada", "siap")  # worst first
WARNA_KELAS = {"kritis": BURUK_KE_BAIK[0], "waspada": BURUK_KE_BAIK[1], "siap": BURUK_KE_BAIK[4]}
LABEL_KELAS = {"siap": "Siap", "waspada": "Waspada", "kritis": "Kritis"}
# Lower bound of each class of the readiness index (0..1).
BATAS_WASPADA = 0.75
BATAS_SIAP = 0.90
# Behind plan by more than this share of need (a hop mid-window); stock has no tolerance.
TOLERANSI_RENCANA = 0.05


def kelas_indeks(indeks: float | None) -> str:
    """Name the class of a readiness index: siap, waspada or kritis (missing is kritis)."""
    if indeks is None or math.isnan(indeks):
        return "kritis"
    if indeks >= BATAS_SIAP:
        return "siap"
    return "waspada" if indeks >= BATAS_WASPADA else "kritis"


def kelas_rencana(
    aktual: float | None, target: float, toleransi: float = TOLERANSI_RENCANA
) -> str | None:
    """Class of a figure against what the plan expects by now (None: nothing due, nothing done).

    On plan (within the tolerance) is siap; behind is waspada while at least BATAS_WASPADA of
    the due share has arrived, else kritis.
    """
    kosong = aktual is None or math.isnan(aktual)
    if target <= 0:
        return None if kosong or not aktual else "siap"
    if kosong:
        return "kritis"
    assert aktual is not None
    if aktual + toleransi >= target:
        return "siap"
    return "waspada" if aktual / target >= BATAS_WASPADA else "kritis"


def terburuk(*kelas: str | None) -> str | None:
    """The worst of several classes (None ignored; None when all are None)."""
    ada = [k for k in kelas if k in KELAS]
    return min(ada, key=KELAS.index) if ada else None


@dataclass(frozen=True)
class Metrik:
    """A map metric: label, lower bound of each class, its colours and how to show values."""

    kode: str
    label: str
    batas: tuple[float, ...]
    warna: tuple[str, ...]
    persen: bool = True
    keterangan: str = ""
    nama_kelas: tuple[str, ...] = ()  # readiness classes in words, when the metric has them

    def kelas(self, nilai: float | None) -> int | None:
        """Return the class index of a value (None when missing)."""
        if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
            return None
        i = 0
        for j, b in enumerate(self.batas):
            if nilai >= b:
                i = j
        return i

    def warna_untuk(self, nilai: float | None) -> str:
        """Return the fill colour of a value."""
        k = self.kelas(nilai)
        return WARNA_KOSONG if k is None else self.warna[k]

    def warna_wilayah(self, nilai: float | None, kelas: str | None = None) -> str:
        """A region's fill: its readiness class where the metric has classes and one is known
        (lowered for a shortage or lateness, as on every badge), else its value's band."""
        if self.nama_kelas and self.kode == "indeks" and kelas in WARNA_KELAS:
            return WARNA_KELAS[kelas]
        return self.warna_untuk(nilai)

    def label_kelas(self) -> list[str]:
        """Return a legend label per class ('≥ 90%' style)."""
        out = []
        for i, b in enumerate(self.batas):
            atas = self.batas[i + 1] if i + 1 < len(self.batas) else None
            f = (lambda v: f"{v * 100:.0f}%") if self.persen else (lambda v: f"{v:.0f}")
            rentang = f"{f(b)}–{f(atas)}" if atas is not None else f"≥ {f(b)}"
            if self.nama_kelas:
                rentang = f"{self.nama_kelas[i]} ({rentang})"
            out.append(rentang)
        return out


METRIK: dict[str, Metrik] = {
    m.kode: m
    for m in (
        Metrik(
            "indeks",
            "Indeks kesiapan",
            (0, BATAS_WASPADA, BATAS_SIAP),
            tuple(WARNA_KELAS[k] for k in KELAS),
            nama_kelas=tuple(LABEL_KELAS[k] for k in KELAS),
            keterangan="gabungan tepat jumlah, waktu, sasaran, jenis, kualitas; kelas turun bila "
            "stok kurang atau tertinggal dari rencana",
        ),
        Metrik(
            "distribusi",
            "Distribusi",
            (0, 0.25, 0.5, 0.75, 0.95),
            BURUK_KE_BAIK,
            keterangan="kebutuhan yang sudah tiba di tahap berjalan",
        ),
        Metrik(
            "stok",
            "Cakupan stok",
            (0, BATAS_WASPADA, 1.0),
            tuple(WARNA_KELAS[k] for k in KELAS),
            nama_kelas=("Kurang", "Kurang", "Lengkap"),
            keterangan="jenis logistik terburuk di gudang terhadap kebutuhannya",
        ),
        Metrik(
            "rusak",
            "Kerusakan",
            (0, 0.002, 0.005, 0.01, 0.02),
            tuple(reversed(BURUK_KE_BAIK)),
            keterangan="barang rusak terhadap yang diterima",
        ),
        Metrik(
            "kejadian",
            "Kejadian aktif",
            (0, 1, 2, 3, 5),
            SEDIKIT_KE_BANYAK,
            persen=False,
            keterangan="kejadian terbuka atau sedang ditangani",
        ),
    )
}
