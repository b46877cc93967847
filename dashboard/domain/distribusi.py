"""Distribution along the chain against the H-minus plan: hop progress, late list, timeline."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.domain.buku_besar import Tahap
from dashboard.domain.rencana import JADWAL_TAHAP, target_tahap, terlambat

# Each distribution hop, named by where goods go from and to (keyed by the receiving hop).
RUTE: dict[Tahap, str] = {
    Tahap.PPK: "Gudang → PPK",
    Tahap.PPS: "PPK → PPS",
    Tahap.TPS: "PPS → TPS",
}


def label_h(h: int) -> str:
    """Name day H+h the way the plan does: 'H−3', 'Hari H', 'H+1'."""
    return "Hari H" if h == 0 else (f"H−{-h}" if h < 0 else f"H+{h}")


def progres_rute(
    progres: pd.DataFrame, h: int, jadwal: dict[str, tuple[int, int]], toleransi: float = 0.05
) -> pd.DataFrame:
    """Return one row per region and hop: shares dispatched and arrived, plan target, gap, late.

    `progres` is the output of `kesiapan.progres_per_wilayah` (kirim_<hop>, terima_<hop>).
    A missing share there means the region needs nothing at that hop, so it is never late.
    """
    bagian = []
    for tahap in RUTE:
        kirim = progres.get(f"kirim_{tahap}", pd.Series(float("nan"), index=progres.index))
        terima = progres.get(f"terima_{tahap}", pd.Series(float("nan"), index=progres.index))
        target = [target_tahap(h, jadwal, tahap, k) for k in progres["wilayah_kode"]]
        bagian.append(
            pd.DataFrame(
                {
                    "wilayah_kode": progres["wilayah_kode"],
                    "tahap": str(tahap),
                    "kirim": kirim.astype(float),
                    "terima": terima.astype(float),
                    "target": target,
                }
            )
        )
    if not bagian or progres.empty:
        kolom = ["wilayah_kode", "tahap", "kirim", "terima", "target", "selisih", "terlambat"]
        return pd.DataFrame(columns=kolom)
    out = pd.concat(bagian, ignore_index=True)
    out["selisih"] = out["target"] - out["terima"]
    out["terlambat"] = [
        not pd.isna(r) and terlambat(float(r), t, toleransi)
        for r, t in zip(out["terima"], out["target"], strict=True)
    ]
    return out


def daftar_terlambat(rute: pd.DataFrame) -> pd.DataFrame:
    """Return the late region x hop rows, furthest behind plan first."""
    telat = rute[rute["terlambat"].astype(bool)]
    return telat.sort_values(["selisih", "wilayah_kode"], ascending=[False, True]).reset_index(
        drop=True
    )


def rentang_hari(
    hari_pemungutan: dt.date, jadwal: dict[str, tuple[int, int]], sebelum: int = 3
) -> list[dt.date]:
    """Return the days a distribution timeline shows: a few days before the first hop's window
    opens, through polling day."""
    mulai = min(jadwal[JADWAL_TAHAP[t]][0] for t in RUTE) - sebelum
    return [hari_pemungutan + dt.timedelta(days=d) for d in range(mulai, 1)]


def kurva_kedatangan(
    harian: pd.DataFrame, kebutuhan: pd.DataFrame, hari: list[dt.date]
) -> pd.DataFrame:
    """Return per hop and day the cumulative share of need arrived, averaged over items.

    As in `progres_per_wilayah` every item weighs the same and is capped at its need, so the
    last point equals the hop's arrived share. Arrivals before the first day count on it.
    `harian`: jenis_kode, tahap, tanggal, diterima of one region; `kebutuhan`: jenis_kode,
    tahap, kebutuhan of the same region.
    """
    kolom = ["tahap", "tanggal", "rasio"]
    if not hari:
        return pd.DataFrame(columns=kolom)
    awal, akhir = hari[0], hari[-1]
    keb = kebutuhan[kebutuhan["tahap"].isin([str(t) for t in RUTE]) & (kebutuhan["kebutuhan"] > 0)]
    keb = keb.set_index(["jenis_kode", "tahap"])["kebutuhan"]
    if keb.empty:
        return pd.DataFrame(columns=kolom)
    h = harian[harian["tanggal"] <= akhir]
    h = h.assign(tanggal=h["tanggal"].where(h["tanggal"] >= awal, awal))
    tiba = (
        h.pivot_table(
            index=["jenis_kode", "tahap"],
            columns="tanggal",
            values="diterima",
            aggfunc="sum",
            fill_value=0,
        )
        if not h.empty
        else pd.DataFrame()
    )
    tiba = tiba.reindex(index=keb.index, columns=hari, fill_value=0).fillna(0)
    rasio = tiba.cumsum(axis=1).div(keb, axis=0).clip(upper=1.0)
    rata = rasio.groupby(level="tahap").mean()
    rata.columns.name = "tanggal"
    out = rata.reset_index().melt(id_vars="tahap", var_name="tanggal", value_name="rasio")
    return out.sort_values(["tahap", "tanggal"], ignore_index=True)


def kurva_rencana(
    hari: list[dt.date],
    hari_pemungutan: dt.date,
    jadwal: dict[str, tuple[int, int]],
    wilayah_kode: str = "",
) -> pd.DataFrame:
    """Return per hop and day the share of need the plan expects arrived by the end of it."""
    return pd.DataFrame(
        [
            {
                "tahap": str(tahap),
                "tanggal": d,
                "target": target_tahap((d - hari_pemungutan).days, jadwal, tahap, wilayah_kode),
            }
            for tahap in RUTE
            for d in hari
        ],
        columns=["tahap", "tanggal", "target"],
    )


def tahap_distribusi(h: int, jadwal: dict[str, tuple[int, int]]) -> Tahap:
    """The hop whose arrivals 'distribution %' measures: the latest one the plan has started."""
    if h >= jadwal["pps_tps"][0]:
        return Tahap.TPS
    if h >= jadwal["ppk_pps"][0]:
        return Tahap.PPS
    return Tahap.PPK
