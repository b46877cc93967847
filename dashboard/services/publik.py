"""Readiness for the public (/publik): region names and figures only, nothing about people.

The figures are the overview's; what leaves here is a fixed list of fields, so no name of an
account, an incident's words or an entry's note can reach a page anyone may open.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

from dashboard.services import tampilan


@dataclass(frozen=True)
class BarisPublik:
    """One region's public figures: readiness index and class, warehouse stock against the
    need, and the share of the need that has arrived at each hop (ratios 0..1)."""

    kode: str
    nama: str
    jumlah_tps: int
    indeks: float | None
    kelas: str | None
    stok: float | None
    terima_ppk: float | None
    terima_pps: float | None
    terima_tps: float | None


@dataclass(frozen=True)
class KesiapanPublik:
    """The public page: the province (or country) and each of its children."""

    wilayah: str
    pemilihan: str
    hari_pemungutan: dt.date
    h: int
    data_per: dt.datetime | None
    total: BarisPublik
    anak: list[BarisPublik]


def _rasio(nilai: object) -> float | None:
    """A figure as a float; None where the region has none (missing or NaN)."""
    if isinstance(nilai, numbers.Real) and not math.isnan(float(nilai)):
        return float(nilai)
    return None


def _baris(kode: str, nama: str, d: Mapping[str, object]) -> BarisPublik:
    kelas = d.get("kelas")
    return BarisPublik(
        kode=kode,
        nama=nama,
        jumlah_tps=int(_rasio(d.get("jumlah_tps")) or 0),
        indeks=_rasio(d.get("indeks")),
        kelas=kelas if isinstance(kelas, str) else None,
        stok=_rasio(d.get("stok")),
        terima_ppk=_rasio(d.get("terima_ppk")),
        terima_pps=_rasio(d.get("terima_pps")),
        terima_tps=_rasio(d.get("terima_tps")),
    )


def kesiapan_publik() -> KesiapanPublik | None:
    """Return the public readiness figures of the campaign's root region, or None without one."""
    info = tampilan.info_kampanye()
    r = tampilan.ringkasan_wilayah(info.provinsi_kode) if info else None
    if info is None or r is None:
        return None
    anak = [_baris(str(d["kode"]), str(d["nama"]), d) for d in r.anak.to_dict("records")]
    return KesiapanPublik(
        wilayah=r.nama,
        pemilihan=info.pemilihan_nama,
        hari_pemungutan=info.hari_pemungutan,
        h=info.h,
        data_per=info.data_per,
        total=_baris(r.kode, r.nama, r.total),
        anak=anak,
    )
