"""Progress and readiness figures per region, computed from summary rows (never per-TPS rows)."""

from __future__ import annotations

import pandas as pd

from dashboard.domain.buku_besar import SUMBANGAN_STOK_BAIK, Tahap


def _rasio(pembilang: pd.Series, penyebut: pd.Series) -> pd.Series:
    """Ratio capped at 1; NaN where nothing is needed."""
    return (pembilang / penyebut.where(penyebut > 0)).clip(upper=1.0)


def progres_per_wilayah(baris: pd.DataFrame) -> pd.DataFrame:
    """Return per region the share of need met at each step, averaged over items.

    Averaging ratios per item (not summing units) keeps 4 ballot boxes from being drowned
    by 500 ballots: every jenis logistik counts the same.
    `baris`: wilayah_kode, jenis_kode, tahap and the counters of KOLOM_RINGKASAN.
    """
    b = baris.copy()
    b["baik_bersih"] = sum(b[k] * v for k, v in SUMBANGAN_STOK_BAIK.items())
    b["diterima"] = b["diterima_baik"] + b["diterima_rusak_ringan"] + b["diterima_rusak_berat"]
    gudang = b[b["tahap"] == Tahap.GUDANG]
    per_jenis = pd.DataFrame(
        {
            "wilayah_kode": gudang["wilayah_kode"],
            "jenis_kode": gudang["jenis_kode"],
            "stok": _rasio(gudang["baik_bersih"], gudang["kebutuhan"]),
            "rusak": (
                gudang["diterima_rusak_ringan"] + gudang["diterima_rusak_berat"] + gudang["rusak"]
            )
            / gudang["diterima"].where(gudang["diterima"] > 0),
            "sortir": _rasio(gudang["disortir"], gudang["kebutuhan"]).where(
                gudang["jenis_kode"].str.startswith("SS-")
            ),
        }
    )
    hasil = per_jenis.groupby("wilayah_kode")[["stok", "rusak", "sortir"]].mean()
    for tahap in (Tahap.PPK, Tahap.PPS, Tahap.TPS):
        t = b[b["tahap"] == tahap]
        r = (
            pd.DataFrame(
                {
                    "wilayah_kode": t["wilayah_kode"],
                    f"kirim_{tahap}": _rasio(t["dikirim"], t["kebutuhan"]),
                    f"terima_{tahap}": _rasio(t["diterima"], t["kebutuhan"]),
                }
            )
            .groupby("wilayah_kode")
            .mean()
        )
        hasil = hasil.join(r, how="outer")
    return hasil.reset_index()


def tahap_berjalan(h: int, jadwal: dict[str, tuple[int, int]]) -> str:
    """Name the step of the plan the campaign should be in on day H+h."""
    urutan = ["terima_penyedia", "sortir_lipat", "gudang_ppk", "ppk_pps", "pps_tps"]
    label = {
        "terima_penyedia": "Penerimaan dari penyedia",
        "sortir_lipat": "Sortir-lipat dan pengepakan",
        "gudang_ppk": "Distribusi gudang → PPK",
        "ppk_pps": "Distribusi PPK → PPS",
        "pps_tps": "Distribusi PPS → TPS",
    }
    if h >= 0:
        return "Hari pemungutan suara" if h == 0 else "Pasca pemungutan suara"
    berjalan = [t for t in urutan if jadwal[t][0] <= h <= jadwal[t][1]]
    if berjalan:
        return " · ".join(label[t] for t in berjalan[-2:])
    return "Persiapan"
