"""Read services for the views: cached on a data version bumped by every write."""

from __future__ import annotations

import datetime as dt
import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from flask import current_app, has_request_context, request
from sqlalchemy.exc import SQLAlchemyError

from dashboard.db import queries
from dashboard.db.engine import skema_ada
from dashboard.domain.buku_besar import Tahap
from dashboard.domain.kejadian import BOBOT_KEPARAHAN
from dashboard.domain.kesiapan import (
    AngkaWilayah,
    AturanKesiapan,
    Pengecualian,
    angka_wilayah,
    baca_aturan_kesiapan,
    daftar_pengecualian,
    indeks_kesiapan,
    kelas_wilayah,
    masalah_wilayah,
    nilai_anak,
    per_jenis,
    progres_per_wilayah,
    salah_jenis_aktif,
    teks_kurang,
)
from dashboard.domain.rencana import target_tahap
from dashboard.domain.stok import cakupan_stok
from dashboard.domain.waktu import data_per as hitung_data_per
from dashboard.domain.waktu import hari_kampanye, sekarang_kampanye
from dashboard.domain.wilayah import (
    KODE_NASIONAL,
    Tingkat,
    leluhur,
    panjang_kode_anak,
    tingkat_kode,
)
from dashboard.extensions import cache, db
from dashboard.settings import DATA_DIR


@dataclass(frozen=True)
class InfoKampanye:
    """What the dashboard shows in its header."""

    provinsi_kode: str  # the root region: a province, or KODE_NASIONAL for the whole country
    provinsi_nama: str
    pemilihan_kode: str
    pemilihan_nama: str
    hari_pemungutan: dt.date
    jadwal: dict[str, tuple[int, int]]  # hop -> (first, last) H-minus day of the plan
    data_per: dt.datetime | None
    acuan: dt.date  # the day the H-minus countdown counts from

    @property
    def h(self) -> int:
        return (self.acuan - self.hari_pemungutan).days

    @property
    def nasional(self) -> bool:
        return self.provinsi_kode == KODE_NASIONAL


KUNCI_VERSI = "versi-data"


def jam() -> float:
    """Wall-clock seconds, shared by all workers on the host (tests replace it)."""
    return time.time()


def versi_terbit() -> tuple[int, float]:
    """Return the published data version and when it was read from the database.

    The version is read at most once per `versi_detik` for every worker together, through the
    shared cache, so a burst of writes makes each view recompute once per tick instead of once
    per write. Within a request the same version is used throughout.
    """
    # Kept on the request itself: `g` outlives a request inside an outer app context.
    if has_request_context() and "kendali.versi" in request.environ:
        return request.environ["kendali.versi"]
    jeda = current_app.config["SETTINGS"].versi_detik
    sekarang = jam()
    hasil = None
    if jeda > 0:
        try:
            tersimpan = cache.get(KUNCI_VERSI)
        except Exception:  # a cache that is down must never take the dashboard down with it
            tersimpan = None
        if tersimpan is not None and 0 <= sekarang - tersimpan[1] < jeda:
            hasil = tersimpan
    if hasil is None:
        with db.sesi_baca() as s:
            hasil = (queries.versi_data(s), sekarang)
        if jeda > 0:
            try:
                cache.set(KUNCI_VERSI, hasil)
            except Exception:
                pass
    if has_request_context():
        request.environ["kendali.versi"] = hasil
    return hasil


def versi() -> int:
    """Return the current data version (cheap; part of every cache key)."""
    return versi_terbit()[0]


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
def _info_kampanye(_versi: int) -> InfoKampanye | None:
    with db.sesi_baca() as s:
        info = queries.info_kampanye(s)
        if info is None:
            return None
        terbaru = queries.waktu_mutasi_terbaru(s)
    # When the newest entry was received, never a typed event date; a demo's clock stops at
    # its as-of moment (domain.waktu.sekarang_kampanye).
    data_per = hitung_data_per(
        terbaru,
        sekarang_kampanye(dt.datetime.now(dt.UTC), info["per_tanggal"], bool(info["demo"])),
    )
    # A demo shows its campaign as of its own date; a live deployment counts from today.
    acuan = hari_kampanye(dt.datetime.now(dt.UTC), info["per_tanggal"], bool(info["demo"]))
    return InfoKampanye(
        provinsi_kode=info["provinsi_kode"],
        provinsi_nama=info["provinsi_nama"],
        pemilihan_kode=info["pemilihan_kode"],
        pemilihan_nama=info["pemilihan_nama"],
        hari_pemungutan=info["hari_pemungutan"],
        jadwal={k: (int(v[0]), int(v[1])) for k, v in info["jadwal"].items()},
        data_per=data_per,
        acuan=acuan,
    )


@dataclass(frozen=True)
class TampilanWilayah:
    """A region's own figures, one row per child region, items, incidents and exceptions."""

    kode: str
    nama: str
    tingkat: int
    total: AngkaWilayah
    anak: pd.DataFrame
    per_jenis: pd.DataFrame
    kejadian: pd.DataFrame
    pengecualian: list[Pengecualian]
    tps: pd.DataFrame
    mutasi: pd.DataFrame
    target: dict[str, float]  # plan share due by now per hop, for the region itself
    target_anak: dict[str, float]  # the same for one of its children


@lru_cache(maxsize=1)
def aturan_kesiapan() -> AturanKesiapan:
    """Read the readiness weights and thresholds (data/kesiapan.toml) once."""
    with (DATA_DIR / "kesiapan.toml").open("rb") as f:
        return baca_aturan_kesiapan(tomllib.load(f))


def ringkasan_wilayah(kode: str) -> TampilanWilayah | None:
    """Return the figures of a region and of its children (None for an unknown code)."""
    info = info_kampanye()
    if info is None:
        return None
    return _ringkasan_wilayah(kode, info.h, versi())


def kabkota_nasional() -> pd.DataFrame | None:
    """Return every kab/kota of a national campaign with its figures (the national map)."""
    info = info_kampanye()
    if info is None or not info.nasional:
        return None
    return _kabkota_nasional(info.h, versi())


@cache.memoize()
def _kabkota_nasional(h: int, _versi: int) -> pd.DataFrame | None:
    with db.sesi_baca() as s:
        info = queries.info_kampanye(s)
        anak = queries.kabkota_di(s, KODE_NASIONAL)
        baris = queries.ringkasan_kabkota(s, KODE_NASIONAL)
        kejadian = queries.kejadian_aktif(s, KODE_NASIONAL)
        jenis = queries.jenis_logistik(s)
    if info is None:  # the campaign went away since the caller looked
        return None
    return susun_kabkota_nasional(info, anak, baris, kejadian, jenis, h)


def susun_kabkota_nasional(
    info: dict,
    anak: pd.DataFrame,
    baris: pd.DataFrame,
    kejadian: pd.DataFrame,
    jenis: pd.DataFrame,
    h: int,
) -> pd.DataFrame:
    """Build every kab/kota's figures of a national campaign from their rows (live or replay)."""
    jadwal = {k: tuple(v) for k, v in info["jadwal"].items()}
    gudang = baris[baris["tahap"] == str(Tahap.GUDANG)]
    return nilai_anak(
        anak,
        baris,
        kejadian,
        5,
        h,
        jadwal,
        aturan_kesiapan(),
        cakupan_stok(gudang, 5),
        Tingkat.KABKOTA,
        _nama_jenis(jenis),
    )


def _nama_jenis(jenis: pd.DataFrame) -> dict[str, str]:
    return dict(zip(jenis["kode"], jenis["nama"], strict=True))


@dataclass(frozen=True)
class BahanWilayah:
    """The rows a region's view is built from: read from the stored summaries (live) or
    recomputed from the ledger as it stood at a past moment (services.putar_ulang)."""

    kode: str
    wilayah: dict
    info: dict
    anak: pd.DataFrame
    baris_anak: pd.DataFrame
    baris_diri: pd.DataFrame
    gudang: pd.DataFrame
    tps_diri: dict
    kejadian: pd.DataFrame
    jenis: pd.DataFrame
    tps: pd.DataFrame
    mutasi: pd.DataFrame


@cache.memoize()
def _ringkasan_wilayah(kode: str, h: int, _versi: int) -> TampilanWilayah | None:
    with db.sesi_baca() as s:
        wilayah = queries.wilayah_satu(s, kode)
        if wilayah is None:
            return None
        info = queries.info_kampanye(s)
        if info is None:  # the campaign went away since the caller looked
            return None
        bahan = BahanWilayah(
            kode=kode,
            wilayah=wilayah,
            info=info,
            anak=queries.anak_wilayah(s, kode),
            baris_anak=queries.ringkasan_anak(s, kode),
            baris_diri=queries.ringkasan_baris(s, kode),
            gudang=queries.ringkasan_gudang(s, kode),
            tps_diri=queries.ringkasan_wilayah_satu(s, kode) or {},
            kejadian=queries.kejadian_aktif(s, kode),
            jenis=queries.jenis_logistik(s),
            tps=queries.tps_desa(s, kode) if wilayah["tingkat"] == 4 else pd.DataFrame(),
            mutasi=queries.mutasi_terbaru(s, kode),
        )
    return susun_wilayah(bahan, h)


def susun_wilayah(bahan: BahanWilayah, h: int) -> TampilanWilayah:
    """Build a region's view from its rows at H-minus `h`: one function for the live view
    and for a replay, so both show a past state the same way."""
    kode, wilayah, info, jenis = bahan.kode, bahan.wilayah, bahan.info, bahan.jenis
    baris_anak, baris_diri, gudang = bahan.baris_anak, bahan.baris_diri, bahan.gudang
    tps_diri, kejadian = bahan.tps_diri, bahan.kejadian
    jadwal = {k: tuple(v) for k, v in info["jadwal"].items()}
    aturan = aturan_kesiapan()
    tingkat = int(wilayah["tingkat"])
    nama_jenis = _nama_jenis(jenis)
    if not kejadian.empty:
        kejadian = kejadian.assign(
            bobot=kejadian["keparahan"].map(BOBOT_KEPARAHAN),
            anak_kode=kejadian["wilayah_kode"].str[: panjang_kode_anak(kode)],
        ).sort_values(["bobot", "dilaporkan_pada"], ascending=[False, False])
    panjang_anak = panjang_kode_anak(kode)
    stok_anak = cakupan_stok(gudang, panjang_anak) if tingkat < Tingkat.KABKOTA else {}
    anak = nilai_anak(
        bahan.anak,
        baris_anak,
        kejadian,
        panjang_anak,
        h,
        jadwal,
        aturan,
        stok_anak,
        tingkat + 1,
        nama_jenis,
    )
    kunci_diri = "" if kode == KODE_NASIONAL else kode
    stok_diri = cakupan_stok(gudang, len(kunci_diri)).get(kunci_diri)
    progres: dict = {}
    indeks: dict = {}
    if not baris_diri.empty:
        progres = progres_per_wilayah(baris_diri).iloc[0].to_dict()
        indeks = (
            indeks_kesiapan(
                baris_diri,
                h,
                jadwal,
                aturan,
                salah_jenis_aktif(kejadian, [kode]),
                {kode: stok_diri["stok"]} if stok_diri else None,
            )
            .iloc[0]
            .to_dict()
        )
    total = angka_wilayah(progres, indeks, stok_diri, tps_diri, len(kejadian))
    if stok_diri:
        total["stok_teks"] = teks_kurang(stok_diri, nama_jenis)
    masalah = masalah_wilayah(total, tingkat, h, jadwal, nama_jenis)
    if "indeks" in total:
        total["kelas"] = kelas_wilayah(total.get("indeks"), masalah)
    total["masalah"] = masalah
    if tingkat == Tingkat.DESA:
        # A desa's children are TPS: what needs attention there is the desa itself.
        pengecualian = (
            [
                Pengecualian(
                    kode=kode,
                    nama=wilayah["nama"],
                    indeks=float(total.get("indeks") or 0),
                    kelas=total.get("kelas", "kritis"),
                    masalah=tuple(masalah),
                    kejadian=len(kejadian),
                )
            ]
            if masalah
            else []
        )
    else:
        pengecualian = (
            daftar_pengecualian(anak, tingkat + 1, h, jadwal, nama_jenis)
            if "indeks" in anak
            else []
        )
    return TampilanWilayah(
        kode=kode,
        nama=wilayah["nama"],
        tingkat=tingkat,
        total=total,
        anak=anak,
        per_jenis=per_jenis(baris_diri, jenis, kode) if not baris_diri.empty else pd.DataFrame(),
        kejadian=kejadian,
        pengecualian=pengecualian,
        tps=bahan.tps,
        mutasi=bahan.mutasi,
        target={f"terima_{t}": target_tahap(h, jadwal, t) for t in Tahap if t != "gudang"}
        | {"stok": target_tahap(h, jadwal, Tahap.GUDANG)},
        target_anak={f"terima_{t}": target_tahap(h, jadwal, t) for t in Tahap if t != "gudang"},
    )


def remah_wilayah(kode: str) -> list[tuple[str, str]]:
    """Return (code, name) for a region and each region above it, the campaign's root first."""
    return _remah_wilayah(kode, versi())


@cache.memoize()
def _remah_wilayah(kode: str, _versi: int) -> list[tuple[str, str]]:
    try:
        rantai = leluhur(kode) if tingkat_kode(kode) else []
    except ValueError:
        return []
    with db.sesi_baca() as s:
        nama = queries.nama_wilayah(s, rantai)
        akar = queries.wilayah_satu(s, KODE_NASIONAL)
    hasil = [(k, nama[k]) for k in rantai if k in nama]
    if akar is not None and (hasil or kode == KODE_NASIONAL):
        hasil.insert(0, (KODE_NASIONAL, akar["nama"]))
    return hasil
