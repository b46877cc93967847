"""Read services for the views: cached on a data version bumped by every write."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy.exc import SQLAlchemyError

from dashboard.db import queries
from dashboard.db.engine import skema_ada
from dashboard.domain.kejadian import BOBOT_KEPARAHAN
from dashboard.domain.kesiapan import progres_per_wilayah
from dashboard.domain.wilayah import leluhur, tingkat_kode
from dashboard.extensions import cache, db

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


@dataclass(frozen=True)
class InfoKampanye:
    """What the dashboard shows in its header."""

    provinsi_kode: str
    provinsi_nama: str
    pemilihan_kode: str
    pemilihan_nama: str
    hari_pemungutan: dt.date
    jadwal: dict
    data_per: dt.datetime | None
    acuan: dt.date  # the day the H-minus countdown counts from

    @property
    def h(self) -> int:
        return (self.acuan - self.hari_pemungutan).days


def versi() -> tuple:
    """Return the current data version (cheap; part of every cache key)."""
    with db.sesi_baca() as s:
        return queries.versi_data(s)


def info_kampanye() -> InfoKampanye | None:
    """Return the campaign header figures, or None when the database has no campaign yet."""
    try:
        v = versi()
    except SQLAlchemyError:
        if not skema_ada(db.engine):
            return None
        raise
    return _info_kampanye(v)


@cache.memoize()
def _info_kampanye(_versi: tuple) -> InfoKampanye | None:
    with db.sesi_baca() as s:
        info = queries.info_kampanye(s)
        if info is None:
            return None
        terbaru = queries.waktu_mutasi_terbaru(s)
    if terbaru is not None and terbaru.tzinfo is None:
        terbaru = terbaru.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC
    data_per = terbaru.astimezone(WIB) if terbaru else None
    # A demo shows its campaign as of its own date; a live deployment counts from today.
    acuan = (
        info["per_tanggal"]
        if info["demo"] and info["per_tanggal"]
        else (dt.datetime.now(WIB).date())
    )
    return InfoKampanye(
        provinsi_kode=info["provinsi_kode"],
        provinsi_nama=info["provinsi_nama"],
        pemilihan_kode=info["pemilihan_kode"],
        pemilihan_nama=info["pemilihan_nama"],
        hari_pemungutan=info["hari_pemungutan"],
        jadwal={k: tuple(v) for k, v in info["jadwal"].items()},
        data_per=data_per,
        acuan=acuan,
    )


@dataclass(frozen=True)
class RingkasanWilayah:
    """A region's own figures and one row per child region."""

    kode: str
    nama: str
    total: dict
    anak: pd.DataFrame
    kejadian: pd.DataFrame


def ringkasan_wilayah(kode: str) -> RingkasanWilayah | None:
    """Return the figures of a region and of its children (None for an unknown code)."""
    return _ringkasan_wilayah(kode, versi())


@cache.memoize()
def _ringkasan_wilayah(kode: str, _versi: tuple) -> RingkasanWilayah | None:
    with db.sesi_baca() as s:
        wilayah = queries.wilayah_satu(s, kode)
        if wilayah is None:
            return None
        anak = queries.anak_wilayah(s, kode)
        baris_anak = queries.ringkasan_anak(s, kode)
        baris_diri = queries.ringkasan_baris(s, [kode])
        tps_diri = queries.ringkasan_wilayah_satu(s, kode) or {}
        kejadian = queries.kejadian_aktif(s, kode)
    progres_anak = (
        progres_per_wilayah(baris_anak)
        if not baris_anak.empty
        else pd.DataFrame(columns=["wilayah_kode"])
    )
    anak = anak.merge(progres_anak, left_on="kode", right_on="wilayah_kode", how="left")
    anak = anak.drop(columns=["wilayah_kode"])
    panjang = len(kode) + 3 if len(kode) < 8 else len(kode) + 5
    if not kejadian.empty:
        kejadian = kejadian.assign(
            bobot=kejadian["keparahan"].map(BOBOT_KEPARAHAN),
            anak_kode=kejadian["wilayah_kode"].str[:panjang],
        ).sort_values(["bobot", "dilaporkan_pada"], ascending=[False, False])
        per_anak = kejadian.groupby("anak_kode").size()
        anak["kejadian_aktif"] = anak["kode"].map(per_anak).fillna(0).astype(int)
    else:
        anak["kejadian_aktif"] = 0
    diri = progres_per_wilayah(baris_diri)
    total = diri.iloc[0].to_dict() if len(diri) else {}
    total.update(tps_diri)
    total["kejadian_aktif"] = len(kejadian)
    return RingkasanWilayah(kode, wilayah["nama"], total, anak, kejadian)


def remah_wilayah(kode: str) -> list[tuple[str, str]]:
    """Return (code, name) for a region and each region above it, province first."""
    return _remah_wilayah(kode, versi())


@cache.memoize()
def _remah_wilayah(kode: str, _versi: tuple) -> list[tuple[str, str]]:
    try:
        rantai = leluhur(kode) if tingkat_kode(kode) else []
    except ValueError:
        return []
    with db.sesi_baca() as s:
        nama = queries.nama_wilayah(s, rantai)
    return [(k, nama[k]) for k in rantai if k in nama]
