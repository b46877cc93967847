"""Map metrics: their class breaks and colours, defined once for the choropleth and its legend."""

from __future__ import annotations

import math
from dataclasses import dataclass

# ColorBrewer RdYlBu (colour-blind safe), red = behind, blue = ready.
BURUK_KE_BAIK = ("#d7191c", "#fdae61", "#ffffbf", "#abd9e9", "#2c7bb6")
# ColorBrewer OrRd for counts where more is worse.
SEDIKIT_KE_BANYAK = ("#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000")
WARNA_KOSONG = "#bdbdbd"
# Readiness classes in the same colour-blind-safe scheme (never shown by colour alone).
WARNA_KELAS = {"kritis": BURUK_KE_BAIK[0], "waspada": BURUK_KE_BAIK[1], "siap": BURUK_KE_BAIK[4]}


@dataclass(frozen=True)
class Metrik:
    """A map metric: label, lower bound of each class, its colours and how to show values."""

    kode: str
    label: str
    batas: tuple[float, ...]
    warna: tuple[str, ...]
    persen: bool = True
    keterangan: str = ""

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

    def label_kelas(self) -> list[str]:
        """Return a legend label per class ('≥ 90%' style)."""
        out = []
        for i, b in enumerate(self.batas):
            atas = self.batas[i + 1] if i + 1 < len(self.batas) else None
            f = (lambda v: f"{v * 100:.0f}%") if self.persen else (lambda v: f"{v:.0f}")
            out.append(f"{f(b)}–{f(atas)}" if atas is not None else f"≥ {f(b)}")
        return out


METRIK: dict[str, Metrik] = {
    m.kode: m
    for m in (
        Metrik("indeks", "Indeks kesiapan", (0, 0.6, 0.75, 0.9, 0.97), BURUK_KE_BAIK,
               keterangan="gabungan tepat jumlah, waktu, sasaran, jenis, kualitas"),
        Metrik("distribusi", "Distribusi", (0, 0.25, 0.5, 0.75, 0.95), BURUK_KE_BAIK,
               keterangan="kebutuhan yang sudah tiba di tahap berjalan"),
        Metrik("stok", "Cakupan stok", (0, 0.8, 0.9, 0.97, 0.995), BURUK_KE_BAIK,
               keterangan="stok baik di gudang terhadap kebutuhan"),
        Metrik("rusak", "Kerusakan", (0, 0.002, 0.005, 0.01, 0.02),
               tuple(reversed(BURUK_KE_BAIK)), keterangan="barang rusak terhadap yang diterima"),
        Metrik("kejadian", "Kejadian aktif", (0, 1, 2, 3, 5), SEDIKIT_KE_BANYAK, persen=False,
               keterangan="kejadian terbuka atau sedang ditangani"),
    )
}
