"""Kemendagri region codes: levels, dotted form, ancestry."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # annotations only: the domain does not load pandas for this module
    import pandas as pd

    Kode = TypeVar("Kode", pd.Series, pd.Index)


class Tingkat(IntEnum):
    """Administrative level of a region, the whole country = 0 down to desa/kelurahan = 4."""

    NASIONAL = 0
    PROVINSI = 1
    KABKOTA = 2
    KECAMATAN = 3
    DESA = 4

    @property
    def label(self) -> str:
        return _LABEL[self]


_LABEL = {
    Tingkat.NASIONAL: "Nasional",
    Tingkat.PROVINSI: "Provinsi",
    Tingkat.KABKOTA: "Kabupaten/Kota",
    Tingkat.KECAMATAN: "Kecamatan",
    Tingkat.DESA: "Desa/Kelurahan",
}

# The root of a national campaign: not a Kemendagri code, never stored in `wilayah`.
KODE_NASIONAL = "00"

# Lengths of each segment in a compact code: 33 74 01 2001
_SEGMEN = (2, 2, 2, 4)


def kode_bertitik(kompak: str | int) -> str:
    """Turn a compact code ('3374012001') into the dotted form ('33.74.01.2001')."""
    s = str(kompak).strip()
    parts, i = [], 0
    for n in _SEGMEN:
        if i >= len(s):
            break
        parts.append(s[i : i + n])
        i += n
    if not s or i != len(s) or any(not p.isdigit() for p in parts):
        raise ValueError(f"Kode wilayah '{kompak}' tidak sah")
    return ".".join(parts)


def tingkat_kode(kode: str) -> Tingkat:
    """Return the level of a dotted code; raise ValueError for anything else."""
    if kode == KODE_NASIONAL:
        return Tingkat.NASIONAL
    parts = kode.split(".")
    if not 1 <= len(parts) <= 4 or any(
        len(p) != n or not p.isdigit() for p, n in zip(parts, _SEGMEN, strict=False)
    ):
        raise ValueError(f"Kode wilayah '{kode}' tidak sah")
    return Tingkat(len(parts))


def leluhur(kode: str) -> list[str]:
    """Return the codes of the region and every region above it, province first."""
    parts = kode.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def dijumlah_saat_baca(kode: str) -> bool:
    """Tell whether a region's summaries are summed from its kab/kota when read, not stored.

    Province and national totals are: every office writes only its own kab/kota rows, so
    concurrent writers never wait on one shared province row.
    """
    return "." not in kode


def panjang_kode_anak(kode: str) -> int:
    """Return the length of the codes of a region's children (provinces under the root)."""
    if kode == KODE_NASIONAL:
        return 2
    return {2: 5, 5: 8, 8: 13}.get(len(kode), len(kode))


def induk(kode: str) -> str | None:
    """Return the parent code, or None for a province."""
    parts = kode.split(".")
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def adalah_kota(nama_kabkota: str) -> bool:
    """Tell whether a kab/kota is a city (it elects a walikota, not a bupati)."""
    return nama_kabkota.strip().lower().startswith("kota ")


def adalah_kelurahan(kode_desa: str) -> bool:
    """Kelurahan codes start their last segment with 1, desa with 2."""
    return kode_desa.rsplit(".", 1)[-1].startswith("1")


# Length of a dotted code at each level: 33 / 33.74 / 33.74.01 / 33.74.01.2001
_PANJANG = {Tingkat.PROVINSI: 2, Tingkat.KABKOTA: 5, Tingkat.KECAMATAN: 8, Tingkat.DESA: 13}


def kedalaman(kode: str) -> int:
    """Return the level of a code by its segments, without validating it (root = 0)."""
    if not kode or kode == KODE_NASIONAL:
        return Tingkat.NASIONAL
    return kode.count(".") + 1


def pada_tingkat(kode: str, tingkat: int) -> str:
    """Return the region at `tingkat` that contains `kode` ('33.74.01', 2 -> '33.74').

    A code already at or above that level is returned unchanged.
    """
    if tingkat < Tingkat.PROVINSI:
        raise ValueError(f"Tingkat {tingkat} bukan tingkat wilayah")
    return kode[: _PANJANG[Tingkat(tingkat)]]


def pada_tingkat_semua(kode: Kode, tingkat: int) -> Kode:
    """`pada_tingkat` for every code of a pandas Series or Index at once (via its `.str`)."""
    if tingkat < Tingkat.PROVINSI:
        raise ValueError(f"Tingkat {tingkat} bukan tingkat wilayah")
    return kode.str[: _PANJANG[Tingkat(tingkat)]]


def provinsi_dari(kode: str) -> str:
    """Return the province code of any region code ('33.74.01' -> '33')."""
    return pada_tingkat(kode, Tingkat.PROVINSI)


def kabkota_dari(kode: str) -> str:
    """Return the kab/kota code of a kab/kota or deeper code ('33.74.01' -> '33.74')."""
    return pada_tingkat(kode, Tingkat.KABKOTA)


def kecamatan_dari(kode: str) -> str:
    """Return the kecamatan code of a kecamatan or desa code ('33.74.01.2001' -> '33.74.01')."""
    return pada_tingkat(kode, Tingkat.KECAMATAN)


def kode_kompak(kode: str) -> str:
    """Turn a dotted code ('33.74.01') into its compact form ('337401'), e.g. for file names."""
    return kode.replace(".", "")


def tingkat_peta(kode: str) -> int:
    """Level shown on the map under a region: kab/kota under the root or a province, else
    kecamatan (the national map shows every kab/kota; kecamatan come one kab/kota at a time)."""
    return max(int(tingkat_kode(kode)) + 1, int(Tingkat.KABKOTA))
