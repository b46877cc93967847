"""Comparison with yesterday ("dibanding kemarin"): how a region's headline figures moved."""

from __future__ import annotations

import math
from collections.abc import Mapping

# Shares (0..1) move in percentage points; counts move in units.
KPI_PERSEN = ("indeks", "stok", "sortir", "terima_ppk", "terima_pps")
KPI_JUMLAH = ("tps_lengkap", "kejadian_aktif")


def _angka(v: object) -> float | None:
    if v is None or isinstance(v, bool) or not isinstance(v, int | float):
        return None
    return None if math.isnan(v) else float(v)


def selisih_kpi(
    kini: Mapping[str, object], kemarin: Mapping[str, object]
) -> dict[str, float | None]:
    """Return each headline figure's change from `kemarin` to `kini`: percentage points for
    shares, units for counts; None where either side has no figure (never a made-up zero)."""
    hasil: dict[str, float | None] = {}
    for k in (*KPI_PERSEN, *KPI_JUMLAH):
        a, b = _angka(kini.get(k)), _angka(kemarin.get(k))
        if k in KPI_JUMLAH:
            a, b = a or 0.0, b or 0.0  # no TPS complete, no incident open: a real zero
        hasil[k] = None if a is None or b is None else (a - b) * (100 if k in KPI_PERSEN else 1)
    return hasil
