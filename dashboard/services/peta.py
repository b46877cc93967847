"""Map service: boundary layers (geometry, cached by the browser) and per-metric values."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from dashboard.db import batas as db_batas
from dashboard.domain.angka import angka_atau_kosong
from dashboard.domain.distribusi import tahap_distribusi
from dashboard.domain.kelas import METRIK
from dashboard.domain.wilayah import KODE_NASIONAL, Tingkat, tingkat_peta
from dashboard.extensions import cache, db
from dashboard.services import putar_ulang, tampilan


def versi_batas() -> str:
    """Return a short token that changes whenever any boundary is built or imported."""
    return _versi_batas(tampilan.versi())


@cache.memoize()
def _versi_batas(_versi: int) -> str:
    # Every boundary write raises the data version, so this is read once per version.
    with db.sesi_baca() as s:
        jumlah, terbaru = db_batas.jejak_batas(s)
    return hashlib.sha1(f"{jumlah}|{terbaru}".encode()).hexdigest()[:12]


def lapisan_geojson(induk_kode: str, tingkat: int) -> bytes:
    """Return the boundary layer of the children of a region, as compact JSON bytes."""
    return _lapisan(induk_kode, tingkat, versi_batas())


@cache.memoize()
def _lapisan(induk_kode: str, tingkat: int, _versi: str) -> bytes:
    with db.sesi_baca() as s:
        data = db_batas.geojson_batas(s, induk_kode, tingkat)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True)
class NilaiPeta:
    """What one metric shows for the children of a region."""

    induk_kode: str
    induk_nama: str
    tingkat_anak: int
    metrik: str
    nilai: dict[str, float | None]
    baris: list[dict]  # kode, nama, nilai, plus every figure for the tooltip/table
    tahap_distribusi: str


def nilai_peta(induk_kode: str, metrik: str, per: dt.datetime | None = None) -> NilaiPeta | None:
    """Return the metric per child region (None for an unknown region or an empty database);
    `per`: as recorded by that past moment (services.putar_ulang)."""
    if metrik not in METRIK:
        raise ValueError(f"Metrik '{metrik}' tidak dikenal")
    info = tampilan.info_kampanye()
    if per is None:
        data = tampilan.ringkasan_wilayah(induk_kode)
    else:
        data = putar_ulang.ringkasan_wilayah_per(induk_kode, per)
    if info is None or data is None or data.tingkat >= Tingkat.DESA:
        return None
    anak = data.anak
    if induk_kode == KODE_NASIONAL:  # the national map colours every kab/kota, not provinces
        if per is None:
            anak = tampilan.kabkota_nasional()
        else:
            anak = putar_ulang.kabkota_nasional_per(per)
        if anak is None:
            return None
    h = info.h if per is None else putar_ulang.h_pada(per, info.hari_pemungutan)
    tahap = tahap_distribusi(h, info.jadwal)
    nilai: dict[str, float | None] = {}
    baris = []
    for r in anak.to_dict("records"):
        if metrik == "distribusi":
            v = r.get(f"terima_{tahap}")
        elif metrik == "stok":
            # Only a kab/kota holds a gudang; a kecamatan has no stock figure of its own
            # (never stand in another figure under this name).
            v = r.get("stok")
        elif metrik == "kejadian":
            v = float(r.get("kejadian_aktif") or 0)
        else:
            v = r.get(metrik)
        v = angka_atau_kosong(v)
        nilai[r["kode"]] = v
        baris.append(
            {
                "kode": r["kode"],
                "nama": r["nama"],
                "nilai": v,
                "indeks": r.get("indeks"),
                "kelas": r.get("kelas"),
                "jumlah_tps": r.get("jumlah_tps"),
                # Sent towards the hop, beside arrived: what is on the road right now.
                "dikirim": angka_atau_kosong(r.get(f"kirim_{tahap}")),
            }
        )
    return NilaiPeta(
        induk_kode=induk_kode,
        induk_nama=data.nama,
        tingkat_anak=tingkat_peta(induk_kode),
        metrik=metrik,
        nilai=nilai,
        baris=baris,
        tahap_distribusi=str(tahap),
    )


def status_batas_provinsi(provinsi: str) -> dict[str, dict[str, int]]:
    """Return how many shapes are approximate, official or missing, per layer."""
    return _status_batas(provinsi, versi_batas())


@cache.memoize()
def _status_batas(provinsi: str, _versi: str) -> dict[str, dict[str, int]]:
    with db.sesi_baca() as s:
        return db_batas.status_batas(s, provinsi)
