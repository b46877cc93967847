"""Building and importing region boundaries (command line and demo builder, never a request).

Approximate kab/kota and kecamatan shapes grow from the desa points of a province; official
shapes are imported from GeoJSON files and matched to regions by code, name and location.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely import Geometry
from sqlalchemy.orm import Session

from dashboard.db import batas as db_batas
from dashboard.db import queries
from dashboard.domain import geometri
from dashboard.domain.batas import (
    DI_LUAR,
    PERKIRAAN,
    RESMI,
    TINGKAT_BERKAS,
    Acuan,
    fitur_berkas,
    liputan_perkiraan,
    siapkan_resmi,
    titik_perkiraan,
)
from dashboard.domain.wilayah import Tingkat, kedalaman, tingkat_kode


@dataclass(frozen=True)
class RingkasanBatas:
    """What an approximate build wrote."""

    provinsi: str
    kabkota: int
    kecamatan: int
    dilewati_resmi: tuple[str, ...]  # kept: they already have an official shape
    tanpa_koordinat: tuple[str, ...]  # no point of their own or below them: no shape


@dataclass(frozen=True)
class LaporanImpor:
    """What an import of an official boundary file matched and stored."""

    tingkat: Tingkat
    jumlah_fitur: int
    cocok: tuple[tuple[str, str], ...]  # (region code, feature name)
    tidak_cocok: tuple[str, ...]  # names of the features that matched no region
    di_luar_provinsi: int
    tanpa_batas_resmi: tuple[tuple[str, str], ...]  # (code, name) still without official shape

    @property
    def jumlah_wilayah(self) -> int:
        return len({k for k, _ in self.cocok})


# -- approximate boundaries ------------------------------------------------------------------


def bangun_batas_perkiraan(
    session: Session, provinsi: str, parameter: geometri.ParameterPerkiraan = geometri.PARAMETER
) -> RingkasanBatas:
    """Build approximate kab/kota and kecamatan shapes from the desa points of a province.

    Runs in the caller's transaction and replaces earlier approximate shapes; a region that
    has an official shape keeps it.
    """
    wilayah = db_batas.wilayah_provinsi(session, provinsi)
    if not (wilayah["tingkat"] == Tingkat.KABKOTA).any():
        raise ValueError(f"Provinsi '{provinsi}' tidak punya kab/kota di basis data ini")
    hasil = liputan_perkiraan(titik_perkiraan(wilayah), parameter)
    resmi = db_batas.kode_resmi(session, provinsi)
    db_batas.hapus_perkiraan(session, provinsi)
    tulis = {k: g for k, g in hasil.items() if k not in resmi and not g.is_empty}
    _simpan(session, tulis, PERKIRAAN)
    kode = wilayah.loc[wilayah["tingkat"].isin([2, 3]), "kode"]
    return RingkasanBatas(
        provinsi=provinsi,
        kabkota=sum(kedalaman(k) == Tingkat.KABKOTA for k in tulis),
        kecamatan=sum(kedalaman(k) == Tingkat.KECAMATAN for k in tulis),
        dilewati_resmi=tuple(sorted(k for k in hasil if k in resmi)),
        tanpa_koordinat=tuple(sorted(set(kode) - set(hasil))),
    )


def _simpan(session: Session, geometri_: Mapping[str, Geometry], sumber: str) -> None:
    """Insert boundary rows (the caller has removed the ones they replace)."""
    sekarang = dt.datetime.now(dt.UTC)
    rows = [
        {
            "wilayah_kode": kode,
            "tingkat": int(tingkat_kode(kode)),
            "sumber": sumber,
            "geojson": geometri.ke_geojson(g),
            "luas_km2": round(geometri.luas_km2(g), 3),
            "diperbarui_pada": sekarang,
        }
        for kode, g in sorted(geometri_.items())
    ]
    db_batas.sisip_batas(session, rows)


# -- official files ---------------------------------------------------------------------------


def impor_batas(session: Session, path: str | Path, tingkat: str) -> LaporanImpor:
    """Import official boundaries (GeoJSON FeatureCollection) of one level as 'resmi' shapes.

    Every feature is read and checked before anything is written, so a bad file raises a
    ValueError with an operator-readable message and leaves the database as it was; the
    writes go into the caller's transaction, all or nothing.
    """
    if tingkat not in TINGKAT_BERKAS:
        raise ValueError(f"Tingkat '{tingkat}' tidak dikenal; pilih kabkota atau kecamatan")
    level = TINGKAT_BERKAS[tingkat]
    fitur = _baca_fitur(Path(path), level)
    acuan = Acuan.dari(
        db_batas.titik_wilayah(session, level), queries.provinsi_kampanye(session), level
    )
    cocok: list[tuple[str, str]] = []
    tidak_cocok: list[str] = []
    di_luar = 0
    bentuk: dict[str, list[Geometry]] = {}
    for nama, props, geom in fitur:
        kode = acuan.cocokkan(nama, props, geom)
        if kode is None:
            tidak_cocok.append(nama or "(tanpa nama)")
        elif kode == DI_LUAR:
            di_luar += 1
        else:
            cocok.append((kode, nama))
            bentuk.setdefault(kode, []).append(geom)
    siap = siapkan_resmi({k: shapely.union_all(v) for k, v in bentuk.items()})
    db_batas.hapus_batas(session, list(siap))
    _simpan(session, siap, RESMI)
    resmi = db_batas.kode_resmi(session)
    return LaporanImpor(
        tingkat=level,
        jumlah_fitur=len(fitur),
        cocok=tuple(sorted(cocok)),
        tidak_cocok=tuple(tidak_cocok),
        di_luar_provinsi=di_luar,
        tanpa_batas_resmi=tuple((k, n) for k, n in acuan.wilayah.nama.items() if k not in resmi),
    )


def _baca_fitur(path: Path, tingkat: Tingkat) -> list[tuple[str, dict, Geometry]]:
    """Read and check every feature: (name, lower-cased properties, lon/lat polygon)."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as e:
        raise ValueError(f"Berkas {path} tidak dapat dibaca: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise ValueError(f"Berkas {path.name} bukan teks UTF-8 (GeoJSON harus UTF-8)") from e
    except json.JSONDecodeError as e:
        raise ValueError(
            f"Berkas {path.name} bukan JSON yang sah (baris {e.lineno}, kolom {e.colno}): {e.msg}"
        ) from e
    return fitur_berkas(data, path.name, tingkat)
