"""Read service for the distribution view: hop progress vs plan and daily timelines, cached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from dashboard.db import queries
from dashboard.domain.distribusi import (
    daftar_terlambat,
    kurva_kedatangan,
    kurva_rencana,
    progres_rute,
    rentang_hari,
)
from dashboard.domain.kesiapan import progres_per_wilayah
from dashboard.extensions import cache, db
from dashboard.services.tampilan import versi
from dashboard.services.wilayah import anak_wilayah


@dataclass(frozen=True)
class DistribusiWilayah:
    """Progress of each hop against the plan, for a region and each of its children."""

    kode: str
    nama: str
    anak: pd.DataFrame  # kode, nama
    diri: pd.DataFrame  # the region itself: one row per hop (see domain.distribusi.progres_rute)
    rute: pd.DataFrame  # children x hops, with nama
    terlambat: pd.DataFrame  # the late rows of `rute`, furthest behind first


@dataclass(frozen=True)
class _Progres:
    nama: str
    anak: pd.DataFrame
    progres_anak: pd.DataFrame
    progres_diri: pd.DataFrame


def _progres_kosong() -> pd.DataFrame:
    return pd.DataFrame(columns=["wilayah_kode"])


@cache.memoize()
def _progres(kode: str, _versi: int) -> _Progres | None:
    data = anak_wilayah(kode)
    if data is None:
        return None
    with db.sesi_baca() as s:
        baris_diri = queries.ringkasan_baris(s, kode)
    return _Progres(
        nama=data.nama,
        anak=data.anak,
        progres_anak=progres_per_wilayah(data.baris) if len(data.baris) else _progres_kosong(),
        progres_diri=progres_per_wilayah(baris_diri) if len(baris_diri) else _progres_kosong(),
    )


def distribusi_wilayah(
    kode: str, h: int, jadwal: dict[str, tuple[int, int]]
) -> DistribusiWilayah | None:
    """Return each hop's progress against the plan of day H+h (None for an unknown region).

    Only the database reads are cached; the plan is applied on every call because the day
    changes without the data changing.
    """
    p = _progres(kode, versi())
    if p is None:
        return None
    rute = progres_rute(p.progres_anak, h, jadwal).merge(
        p.anak.rename(columns={"kode": "wilayah_kode"}), on="wilayah_kode", how="left"
    )
    return DistribusiWilayah(
        kode=kode,
        nama=p.nama,
        anak=p.anak,
        diri=progres_rute(p.progres_diri, h, jadwal),
        rute=rute,
        terlambat=daftar_terlambat(rute),
    )


@dataclass(frozen=True)
class Linimasa:
    """Cumulative arrivals per hop and day for one region, with the plan for the same days."""

    kode: str
    nama: str
    nyata: pd.DataFrame  # tahap, tanggal, rasio — up to the reference day only
    rencana: pd.DataFrame  # tahap, tanggal, target — every day through polling day


@cache.memoize()
def _harian(kode: str, _versi: int) -> tuple[str, pd.DataFrame, pd.DataFrame] | None:
    with db.sesi_baca() as s:
        wilayah = queries.wilayah_satu(s, kode)
        if wilayah is None:
            return None
        harian = queries.ringkasan_harian_wilayah(s, kode)
        kebutuhan = queries.ringkasan_baris(s, kode)[["jenis_kode", "tahap", "kebutuhan"]]
    return wilayah["nama"], harian, kebutuhan


def linimasa(
    kode: str, hari_pemungutan: dt.date, acuan: dt.date, jadwal: dict[str, tuple[int, int]]
) -> Linimasa | None:
    """Return a region's arrival timeline through `acuan` and the plan through polling day."""
    data = _harian(kode, versi())
    if data is None:
        return None
    nama, harian, kebutuhan = data
    hari = rentang_hari(hari_pemungutan, jadwal)
    return Linimasa(
        kode=kode,
        nama=nama,
        nyata=kurva_kedatangan(harian, kebutuhan, [d for d in hari if d <= acuan]),
        rencana=kurva_rencana(hari, hari_pemungutan, jadwal, kode),
    )
