"""Routes from the gudang to every PPK and from each PPK to its PPS, over road, sea and air.

The province's network is the imported OpenStreetMap roads when an office loaded them, else
the approximate network built from the place points ("rute perkiraan"), so routes exist with
no download. Water/air legs and blocked roads are applied on top. The assembled network is
kept per process (it is numpy arrays, rebuilt only when the network, a leg or a block
changes); the routes are cached on the data version like every other view.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.orm import Session

from dashboard.db import jaringan as db_jaringan
from dashboard.db import queries
from dashboard.domain import jaringan as jar
from dashboard.domain.akses import alasan_tolak_lintasan, alasan_tolak_tulis
from dashboard.domain.buku_besar import Tahap
from dashboard.domain.isian import Galat, teks
from dashboard.domain.rencana import JADWAL_TAHAP
from dashboard.domain.waktu import WIB
from dashboard.domain.wilayah import Tingkat
from dashboard.extensions import cache, db
from dashboard.services import tampilan
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku, catat_audit

SUMBER_LABEL = {"osm": "jaringan jalan OSM", "perkiraan": "rute perkiraan"}
# Goods must be at the PPK/PPS by the close of the last day of the plan's window.
JAM_TIBA = dt.time(17, 0)
# A time matrix entry for a pair with no route: large enough that any solver avoids it, small
# enough to stay an int32 of seconds' worth of minutes.
MENIT_TAK_TERJANGKAU = 10_000_000
MAKS_GARIS_LAPISAN = 6000
MAKS_JARINGAN_DISIMPAN = 4


# --- what the pages and the fleet planner read ----------------------------------------------


@dataclass(frozen=True)
class Kaki:
    """One leg of a route, one mode."""

    moda: str  # "darat" | "laut" | "udara"
    jarak_km: float
    waktu_jam: float
    jalur: tuple[tuple[float, float], ...]  # (lat, lon) polyline
    keterangan: str  # e.g. "Kapal Jepara–Karimunjawa (Sen, Kam)"


@dataclass(frozen=True)
class Rute:
    """The fastest way from a hop's origin to one destination, with its latest departure."""

    tahap: str  # "ppk" (gudang→PPK) or "pps" (PPK→PPS)
    asal_kode: str
    tujuan_kode: str
    tujuan_nama: str
    jarak_km: float  # math.inf when unreachable
    waktu_jam: float  # math.inf when unreachable
    moda: tuple[str, ...]  # modes used, in order
    kaki: tuple[Kaki, ...]
    terjangkau: bool
    berangkat_paling_lambat: dt.datetime | None  # latest departure to arrive by the plan's end


@dataclass(frozen=True)
class RuteKabkota:
    """Every route of a kab/kota: gudang→PPK first, then PPK→PPS, hardest first in each."""

    kabkota_kode: str
    sumber: str  # "osm" | "perkiraan"
    rute: tuple[Rute, ...]


@dataclass(frozen=True)
class MatriksWaktu:
    """Travel times and distances between a depot (first) and its destinations, for a solver.

    Unreachable pairs hold MENIT_TAK_TERJANGKAU minutes and -1 metres.
    """

    kode: tuple[str, ...]
    waktu_menit: np.ndarray  # (n, n) int
    jarak_m: np.ndarray  # (n, n) int
    moda_per_tujuan: dict[str, tuple[str, ...]]  # modes from the depot; () when unreachable
    sumber: str
    # Water/air legs (ids, see `lintasan_provinsi`) on the way from the depot: which boat or
    # flight, with its capacity and timetable, a destination depends on.
    lintasan_per_tujuan: dict[str, tuple[int, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class LapisanJaringan:
    """The network around a kab/kota for drawing: road lines and water/air legs."""

    sumber: str
    jalan: tuple[tuple[tuple[float, float], ...], ...]  # polylines (lat, lon)
    lintasan: tuple[tuple[str, str, tuple[tuple[float, float], ...]], ...]  # moda, nama, line
    dipotong: bool  # more roads than MAKS_GARIS_LAPISAN: only the longest are drawn


@dataclass(frozen=True)
class RuasTutup:
    """An active blocked road, as lists and maps show it."""

    id: int
    kabkota_kode: str
    alasan: str
    keterangan: str
    asal: tuple[float, float]
    tujuan: tuple[float, float] | None
    asal_nama: str
    tujuan_nama: str
    radius_m: float
    kejadian_id: int | None
    oleh: str
    pada: dt.datetime


# --- the assembled network ------------------------------------------------------------------


@dataclass(frozen=True)
class TempatJaringan:
    """A place as routing reads it, thousands of times per kab/kota (a dict, not pandas)."""

    nama: str
    lat: float
    lon: float
    simpul: int  # -1: no point, or no road within reach
    akses_m: float  # straight distance to its node


@dataclass(frozen=True, eq=False)
class JaringanSiap:
    """A province's network ready for routing: legs joined, blocks applied, places snapped
    (`tempat.simpul`, -1 for a place with no point or no road within reach)."""

    jaringan: jar.Jaringan
    indeks: jar.IndeksRuas
    sumber: str
    tempat: pd.DataFrame  # kode, tingkat, induk_kode, nama, lat, lon, simpul, akses_m
    nama_lintasan: dict[int, str]
    jadwal_lintasan: dict[int, jar.Jadwal]
    titik: dict[str, TempatJaringan]
    # Routes computed on this network, by kab/kota: a route depends only on the network (and
    # the campaign's plan), so they live as long as it does, whatever the shared cache is.
    rute: dict[str, RuteKabkota] = field(default_factory=dict)


_simpanan: OrderedDict[tuple[str, str], JaringanSiap] = OrderedDict()
_kunci_simpanan = threading.Lock()


# The fingerprint per (database, province, data version), kept in the process as well: every
# route, matrix and map layer asks for it, and it cannot change within one data version.
_jejak_proses: dict[tuple[str, str, int], str] = {}


def _jejak(provinsi: str) -> str:
    kunci = (str(db.engine.url), provinsi, tampilan.versi())
    ada = _jejak_proses.get(kunci)
    if ada is None:
        ada = _jejak_versi(provinsi, kunci[2])
        if len(_jejak_proses) > 256:
            _jejak_proses.clear()
        _jejak_proses[kunci] = ada
    return ada


@cache.memoize()
def _jejak_versi(provinsi: str, _versi: int) -> str:
    with db.sesi_baca() as s:
        isi = db_jaringan.jejak(s, provinsi)
    return hashlib.sha1(repr(isi).encode()).hexdigest()[:16]


def _siap(provinsi: str) -> JaringanSiap:
    # The database's address too: one process may serve (or test) several databases.
    kunci = (provinsi, f"{db.engine.url}|{_jejak(provinsi)}")
    with _kunci_simpanan:
        if kunci in _simpanan:
            _simpanan.move_to_end(kunci)
            return _simpanan[kunci]
    with db.sesi_baca() as s:
        siap = rakit(s, provinsi)
    with _kunci_simpanan:
        _simpanan[kunci] = siap
        while len(_simpanan) > MAKS_JARINGAN_DISIMPAN:
            _simpanan.popitem(last=False)
    return siap


def jaringan_perkiraan(tempat: pd.DataFrame) -> jar.Jaringan:
    """Build the approximate network whose nodes are the places with a point, in order."""
    ada = tempat.dropna(subset=["lat", "lon"])
    return jar.bangun_perkiraan(ada["lat"].to_numpy(float), ada["lon"].to_numpy(float))


def rakit(session: Session, provinsi: str) -> JaringanSiap:
    """Assemble the province's network: stored or approximate, legs joined, blocks applied."""
    tempat = db_jaringan.titik_tempat(session, provinsi)
    tersimpan = db_jaringan.jaringan(session, provinsi)
    if tersimpan is not None:
        dasar, sumber = jar.dari_bytes(tersimpan.data), tersimpan.jenis
    else:
        dasar, sumber = jaringan_perkiraan(tempat), "perkiraan"
    # Snap the places, then close roads, then add the legs. A place cut off by a block stays
    # cut off instead of hopping to the nearest node still connected; a port is joined to
    # the roads as they are now.
    punya = tempat["lat"].notna() & tempat["lon"].notna()
    tempat = tempat.assign(simpul=-1, akses_m=np.nan)
    if punya.any() and dasar.jumlah_simpul:
        t = jar.tambatkan(
            dasar,
            tempat.loc[punya, "lat"].to_numpy(float),
            tempat.loc[punya, "lon"].to_numpy(float),
        )
        # A place farther from every road than the approximate network's longest link has
        # no road near it in the imported data (an island the extract leaves out): cut off.
        jauh = t.jarak_m > jar.JARAK_MAKS_KM * 1000
        tempat.loc[punya, "simpul"] = np.where(jauh, -1, t.simpul)
        tempat.loc[punya, "akses_m"] = np.where(jauh, np.nan, t.jarak_m)
    tutup = db_jaringan.ruas_tertutup(session, provinsi, hanya_aktif=True)
    if len(tutup):
        penutupan = [_penutupan(r) for r in tutup.to_dict("records")]
        dasar = jar.tanpa_ruas(dasar, jar.ruas_ditutup(dasar, penutupan))
    lintasan = db_jaringan.daftar_lintasan(session, provinsi, hanya_aktif=True)
    j = jar.gabung_lintasan(
        dasar,
        [
            jar.LintasanAir(int(r.id), str(r.moda), float(r.asal_lat), float(r.asal_lon),
                            float(r.tujuan_lat), float(r.tujuan_lon), float(r.durasi_menit))
            for r in lintasan.itertuples()
        ],
    )  # fmt: skip
    nama = {
        int(r.id): f"{r.nama}" + (f" ({r.jadwal})" if r.jadwal else "")
        for r in lintasan.itertuples()
    }
    jadwal = {int(r.id): jar.baca_jadwal(str(r.jadwal or "")) for r in lintasan.itertuples()}
    titik = {
        str(r.kode): TempatJaringan(
            str(r.nama), float(r.lat), float(r.lon), int(r.simpul), float(r.akses_m)
        )
        for r in tempat.itertuples()
    }
    return JaringanSiap(
        j, jar.IndeksRuas(j), sumber, tempat.set_index("kode", drop=False), nama, jadwal, titik
    )


def _penutupan(r: dict) -> jar.Penutupan:
    ada_tujuan = r["tujuan_lat"] is not None and not pd.isna(r["tujuan_lat"])
    return jar.Penutupan(
        float(r["asal_lat"]),
        float(r["asal_lon"]),
        float(r["tujuan_lat"]) if ada_tujuan else None,
        float(r["tujuan_lon"]) if ada_tujuan else None,
        float(r["radius_m"]),
    )


# --- routes ---------------------------------------------------------------------------------


def _kaki(siap: JaringanSiap, langkah: Sequence[jar.Langkah]) -> list[tuple[Kaki, int]]:
    """Group consecutive edges of one mode and leg into legs (with the leg's id, -1 road)."""
    hasil: list[tuple[Kaki, int]] = []
    kelompok: list[jar.Langkah] = []

    def tutup() -> None:
        # A road leg of no length (a port at the very point of a place) is no leg at all.
        if not kelompok or (
            kelompok[0].moda == jar.DARAT and sum(lg.jarak_m for lg in kelompok) < 1
        ):
            return
        pertama = kelompok[0]
        titik: list[tuple[float, float]] = []
        for lg in kelompok:
            titik.extend(lg.titik if not titik else lg.titik[1:])
        moda = jar.MODA[pertama.moda]
        if pertama.lintasan >= 0:
            ket = siap.nama_lintasan.get(pertama.lintasan, moda)
        else:
            ket = "Jalan darat" + (" (rute perkiraan)" if siap.sumber == "perkiraan" else "")
        kaki = Kaki(
            moda=moda,
            jarak_km=sum(lg.jarak_m for lg in kelompok) / 1000,
            waktu_jam=sum(lg.waktu_s for lg in kelompok) / 3600,
            jalur=tuple(titik),
            keterangan=ket,
        )
        hasil.append((kaki, pertama.lintasan))

    for lg in langkah:
        if kelompok and (lg.moda, lg.lintasan) != (kelompok[0].moda, kelompok[0].lintasan):
            tutup()
            kelompok = []
        kelompok.append(lg)
    tutup()
    return hasil


def _akses(siap: JaringanSiap, kode: str, menuju: bool) -> list[jar.Langkah]:
    """The drive between a place and its network node (none when it sits on the node)."""
    t = siap.titik[kode]
    meter = t.akses_m * jar.FAKTOR_LIKU
    if not meter >= 1:
        return []
    j = siap.jaringan
    titik_node = (float(j.lat[t.simpul]), float(j.lon[t.simpul]))
    titik_tempat = (t.lat, t.lon)
    return [
        jar.Langkah(
            moda=jar.DARAT,
            jarak_m=meter,
            waktu_s=meter / (jar.KECEPATAN_AKSES_KMJ / 3.6),
            lintasan=-1,
            titik=(titik_node, titik_tempat) if menuju else (titik_tempat, titik_node),
        )
    ]


def _batas_tiba(tahap: Tahap, info: tampilan.InfoKampanye | None) -> dt.datetime | None:
    if info is None:
        return None
    jendela = info.jadwal.get(JADWAL_TAHAP[tahap])
    if jendela is None:
        return None
    hari = info.hari_pemungutan + dt.timedelta(days=jendela[1])
    return dt.datetime.combine(hari, JAM_TIBA, WIB)


def _pohon_ke(siap: JaringanSiap, asal: int, tujuan: Sequence[int]) -> jar.PohonJalur | None:
    """Search from `asal` just far enough for its destinations.

    A first search stops at a generous bound from the straight line to the farthest
    destination (three times the road length, at walking-pace 20 km/h, plus an hour): every
    node within it gets its exact time, so a PPS search covers its kecamatan, not the province.
    Only if a destination lies beyond (an island by boat) is the search run unbounded.
    """
    if asal < 0:
        return None
    j = siap.jaringan
    ada = np.array([t for t in tujuan if t >= 0], dtype=np.int64)
    if not len(ada):
        return jar.jalur_tercepat(j, [asal])
    lurus = jar.jarak_bola_m(
        np.full(len(ada), j.lat[asal]), np.full(len(ada), j.lon[asal]), j.lat[ada], j.lon[ada]
    )
    batas = float(lurus.max()) * jar.FAKTOR_LIKU * 3 / (jar.KECEPATAN_AKSES_KMJ / 3.6) + 3600
    pohon = jar.jalur_tercepat(j, [asal], batas)
    if np.isfinite(pohon.waktu_s[0, ada]).all():
        return pohon
    return jar.jalur_tercepat(j, [asal])


def rute_dari(
    siap: JaringanSiap,
    asal_kode: str,
    tujuan: Sequence[str],
    tahap: Tahap,
    batas: dt.datetime | None,
) -> list[Rute]:
    """Return the fastest route from one place to each destination (any order)."""
    titik = siap.titik
    hasil = []
    asal_simpul = titik[asal_kode].simpul if asal_kode in titik else -1
    pohon = _pohon_ke(siap, asal_simpul, [titik[k].simpul for k in tujuan if k in titik])
    for kode in tujuan:
        nama = titik[kode].nama if kode in titik else kode
        simpul = titik[kode].simpul if kode in titik else -1
        jalur = jar.jalur_dari_pohon(pohon, 0, simpul) if pohon is not None and simpul >= 0 else []
        if not jalur:
            hasil.append(
                Rute(tahap.value, asal_kode, kode, nama, math.inf, math.inf, (), (), False, None)
            )
            continue
        langkah = (
            _akses(siap, asal_kode, menuju=False)
            + siap.indeks.langkah(jalur)
            + _akses(siap, kode, menuju=True)
        )
        pasangan = _kaki(siap, langkah) or [(_di_tempat(titik[asal_kode], titik[kode]), -1)]
        kaki = tuple(k for k, _ in pasangan)
        waktu = sum(k.waktu_jam for k in kaki)
        moda = tuple(k.moda for i, k in enumerate(kaki) if i == 0 or kaki[i - 1].moda != k.moda)
        jadwal = [(k.waktu_jam, siap.jadwal_lintasan.get(i)) for k, i in pasangan]
        hasil.append(
            Rute(
                tahap=tahap.value,
                asal_kode=asal_kode,
                tujuan_kode=kode,
                tujuan_nama=nama,
                jarak_km=sum(k.jarak_km for k in kaki),
                waktu_jam=waktu,
                moda=moda,
                kaki=kaki,
                terjangkau=True,
                berangkat_paling_lambat=(
                    None if batas is None else jar.berangkat_paling_lambat(jadwal, batas)
                ),
            )
        )
    return hasil


def _di_tempat(asal: TempatJaringan, tujuan: TempatJaringan) -> Kaki:
    """The leg of a destination at the very point of its origin (one building serves both)."""
    return Kaki(
        "darat", 0.0, 0.0, ((asal.lat, asal.lon), (tujuan.lat, tujuan.lon)), "Di tempat yang sama"
    )


def _urut_tersulit(rute: list[Rute]) -> list[Rute]:
    # Unreachable first (they need a leg entered), then the longest travel time.
    return sorted(rute, key=lambda r: (r.terjangkau, -r.waktu_jam if r.terjangkau else 0))


def rute_kabkota(kabkota_kode: str) -> RuteKabkota | None:
    """Return every route of a kab/kota (None for a code that is not a known kab/kota).

    Cached on the network's fingerprint, not the data version: ledger entries do not move
    roads, so routes survive every write and are recomputed only when a road, leg or closure
    changes.
    """
    if kabkota_kode.count(".") != 1:
        return None
    return _rute_kabkota(kabkota_kode, _jejak(kabkota_kode[:2]))


def waktu_antar_gudang(asal_kode: str, tujuan: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Return (hours, km) by the fastest route from one kab/kota gudang to each other one it
    reaches (the gudang of a kab/kota is the kab/kota's point); an unreachable or unknown
    place is left out. Cached on the network's fingerprint, like every route."""
    if asal_kode.count(".") != 1:
        return {}
    return _waktu_antar_gudang(asal_kode, tuple(sorted(tujuan)), _jejak(asal_kode[:2]))


@cache.memoize()
def _waktu_antar_gudang(
    asal_kode: str, tujuan: tuple[str, ...], _jejak: str
) -> dict[str, tuple[float, float]]:
    siap = _siap_kabkota(asal_kode)
    if siap is None:
        return {}
    rute = rute_dari(siap, asal_kode, list(tujuan), Tahap.GUDANG, None)
    return {r.tujuan_kode: (r.waktu_jam, r.jarak_km) for r in rute if r.terjangkau}


def _siap_kabkota(kabkota_kode: str) -> JaringanSiap | None:
    """The assembled network of a kab/kota's province (None for a code that is not one)."""
    if kabkota_kode.count(".") != 1:
        return None
    siap = _siap(kabkota_kode[:2])
    return siap if kabkota_kode in siap.titik else None


@cache.memoize()
def _rute_kabkota(kabkota_kode: str, _jejak: str) -> RuteKabkota | None:
    siap = _siap_kabkota(kabkota_kode)
    if siap is None:
        return None
    rute = siap.rute.get(kabkota_kode)
    if rute is None:
        rute = hitung_rute_kabkota(siap, kabkota_kode, tampilan.info_kampanye())
        siap.rute[kabkota_kode] = rute
    return rute


def hitung_rute_kabkota(
    siap: JaringanSiap, kabkota_kode: str, info: tampilan.InfoKampanye | None
) -> RuteKabkota:
    """Compute the routes of a kab/kota on an assembled network (uncached)."""
    tempat = siap.tempat
    anak = tempat[tempat["induk_kode"] == kabkota_kode]
    ppk = anak[anak["tingkat"] == int(Tingkat.KECAMATAN)]["kode"].tolist()
    rute = _urut_tersulit(
        rute_dari(siap, kabkota_kode, ppk, Tahap.PPK, _batas_tiba(Tahap.PPK, info))
    )
    batas_pps = _batas_tiba(Tahap.PPS, info)
    ke_pps: list[Rute] = []
    desa = tempat[tempat["tingkat"] == int(Tingkat.DESA)]
    for kec, kelompok in desa[desa["induk_kode"].isin(ppk)].groupby("induk_kode", sort=True):
        ke_pps += rute_dari(siap, str(kec), kelompok["kode"].tolist(), Tahap.PPS, batas_pps)
    return RuteKabkota(kabkota_kode, siap.sumber, tuple(rute + _urut_tersulit(ke_pps)))


@dataclass(frozen=True)
class RingkasanRute:
    """One kab/kota's routes in a line, for the province's list."""

    kabkota_kode: str
    nama: str
    sumber: str
    jumlah_ppk: int
    jumlah_pps: int
    tak_terjangkau: int  # destinations (PPK and PPS) with no route
    tersulit_nama: str  # the reachable destination farthest in time
    waktu_terlama_jam: float
    moda: tuple[str, ...]  # every mode some route needs, darat first
    berangkat_pertama: dt.datetime | None  # the earliest "berangkat paling lambat"


def ringkasan_rute_provinsi(provinsi: str) -> tuple[RingkasanRute, ...]:
    """Return every kab/kota's routes in a line, those cut off or leaving first on top.

    Like the routes it sums, cached on the network's fingerprint: entries do not move roads.
    """
    return _ringkasan_provinsi(provinsi, _jejak(provinsi))


@cache.memoize()
def _ringkasan_provinsi(provinsi: str, _jejak: str) -> tuple[RingkasanRute, ...]:
    siap = _siap(provinsi)
    tempat = siap.tempat
    hasil = []
    for kode, nama in tempat[tempat["tingkat"] == int(Tingkat.KABKOTA)][["kode", "nama"]].values:
        rk = rute_kabkota(str(kode))
        if rk is None:
            continue
        sampai = [r for r in rk.rute if r.terjangkau]
        terlama = max(sampai, key=lambda r: r.waktu_jam, default=None)
        berangkat = [r.berangkat_paling_lambat for r in sampai if r.berangkat_paling_lambat]
        moda = {m for r in sampai for m in r.moda}
        hasil.append(
            RingkasanRute(
                kabkota_kode=str(kode),
                nama=str(nama),
                sumber=rk.sumber,
                jumlah_ppk=sum(r.tahap == "ppk" for r in rk.rute),
                jumlah_pps=sum(r.tahap == "pps" for r in rk.rute),
                tak_terjangkau=len(rk.rute) - len(sampai),
                tersulit_nama=terlama.tujuan_nama if terlama else "",
                waktu_terlama_jam=terlama.waktu_jam if terlama else 0.0,
                moda=tuple(m for m in jar.MODA if m in moda),
                berangkat_pertama=min(berangkat, default=None),
            )
        )
    jauh = dt.datetime.max.replace(tzinfo=dt.UTC)
    return tuple(
        sorted(
            hasil, key=lambda r: (-r.tak_terjangkau, r.berangkat_pertama or jauh, r.kabkota_kode)
        )
    )


def matriks_waktu(kabkota_kode: str, tahap: str = "ppk") -> MatriksWaktu:
    """Return the time/distance matrix of a hop, depot first.

    For "ppk" pass a kab/kota (depot = its gudang, then its kecamatan); for "pps" pass a
    kecamatan (depot = the PPK, then its desa). Raise ValueError naming a wrong argument.
    """
    if tahap not in ("ppk", "pps"):
        raise ValueError(f"Tahap '{tahap}' tidak dikenal; pilih ppk atau pps")
    titik = kabkota_kode.count(".")
    if (tahap, titik) not in (("ppk", 1), ("pps", 2)):
        perlu = "kab/kota (mis. 33.20)" if tahap == "ppk" else "kecamatan (mis. 33.20.10)"
        raise ValueError(f"Kode wilayah {kabkota_kode!r}: tahap {tahap} memerlukan kode {perlu}")
    return _matriks(kabkota_kode, tahap, _jejak(kabkota_kode[:2]))


@cache.memoize()
def _matriks(kode: str, tahap: str, _jejak: str) -> MatriksWaktu:
    siap = _siap(kode[:2])
    if kode not in siap.tempat.index:
        raise ValueError(f"Kode wilayah {kode!r} tidak dikenal")
    return hitung_matriks(siap, kode)


def hitung_matriks(siap: JaringanSiap, depot: str) -> MatriksWaktu:
    """Compute the matrix between a depot and its children on an assembled network.

    A pair one of whose ends cannot reach the depot (or be reached from it) is left
    unreachable: the depot could not serve it anyway.
    """
    tempat = siap.tempat
    kode = [depot] + tempat[tempat["induk_kode"] == depot]["kode"].tolist()
    n = len(kode)
    simpul = np.array([siap.titik[k].simpul for k in kode])
    akses = np.nan_to_num(np.array([siap.titik[k].akses_m for k in kode]))
    akses_m = akses * jar.FAKTOR_LIKU
    akses_s = akses_m / (jar.KECEPATAN_AKSES_KMJ / 3.6)
    menit = np.full((n, n), MENIT_TAK_TERJANGKAU, dtype=np.int64)
    meter = np.full((n, n), -1, dtype=np.int64)
    moda: dict[str, tuple[str, ...]] = {}
    lintasan: dict[str, tuple[int, ...]] = {}
    ada = np.flatnonzero(simpul >= 0)
    pohon = None
    if len(ada) and simpul[0] >= 0:
        batas = jar.batas_lewat_pusat(siap.jaringan, int(simpul[0]), simpul[ada])
        pohon = jar.jalur_tercepat(siap.jaringan, simpul[ada], batas)
    for bi, i in enumerate(ada if pohon is not None else []):
        assert pohon is not None
        for jj in ada:
            if i == jj:
                menit[i, jj], meter[i, jj] = 0, 0
                continue
            jalur = jar.jalur_dari_pohon(pohon, bi, int(simpul[jj]))
            if not jalur and simpul[i] != simpul[jj]:
                continue
            ruas = siap.indeks.ruas_jalur(jalur)
            j = siap.jaringan
            detik = float(j.waktu_s[ruas].sum()) + akses_s[i] + akses_s[jj]
            menit[i, jj] = math.ceil(detik / 60)
            meter[i, jj] = round(float(j.jarak_m[ruas].sum()) + akses_m[i] + akses_m[jj])
            if i == 0:
                nyata = ruas[(j.moda[ruas] != jar.DARAT) | (j.jarak_m[ruas] >= 1)]
                urutan = [jar.MODA[int(x)] for x in j.moda[nyata]] or ["darat"]
                moda[kode[jj]] = tuple(
                    m for x, m in enumerate(urutan) if x == 0 or urutan[x - 1] != m
                )
                if j.lintasan is not None:
                    dipakai = [int(x) for x in j.lintasan[ruas] if x >= 0]
                    lintasan[kode[jj]] = tuple(dict.fromkeys(dipakai))
    for k in kode[1:]:
        moda.setdefault(k, ())
        lintasan.setdefault(k, ())
    return MatriksWaktu(tuple(kode), menit, meter, moda, siap.sumber, lintasan)


def lapisan_jaringan(kabkota_kode: str) -> LapisanJaringan | None:
    """Return the roads and legs around a kab/kota for the map (None for an unknown code)."""
    return _lapisan(kabkota_kode, _jejak(kabkota_kode[:2]))


@cache.memoize()
def _lapisan(kabkota_kode: str, _jejak: str) -> LapisanJaringan | None:
    siap = _siap_kabkota(kabkota_kode)
    if siap is None:
        return None
    tempat = siap.tempat
    milik = tempat[tempat["kode"].str.startswith(kabkota_kode) & tempat["lat"].notna()]
    if milik.empty:
        return None
    tepi = 0.05  # degrees (~5 km): roads just outside the kab/kota still lead in
    j = siap.jaringan
    lat_min, lat_max = milik["lat"].min() - tepi, milik["lat"].max() + tepi
    lon_min, lon_max = milik["lon"].min() - tepi, milik["lon"].max() + tepi
    di_dalam = (j.lat >= lat_min) & (j.lat <= lat_max) & (j.lon >= lon_min) & (j.lon <= lon_max)
    darat = (j.moda == jar.DARAT) & (j.asal < j.tujuan) & (di_dalam[j.asal] | di_dalam[j.tujuan])
    pilih = np.flatnonzero(darat)
    dipotong = len(pilih) > MAKS_GARIS_LAPISAN
    if dipotong:
        pilih = pilih[np.argsort(-j.jarak_m[pilih])[:MAKS_GARIS_LAPISAN]]
    jalan = tuple(siap.indeks.langkah([int(j.asal[e]), int(j.tujuan[e])])[0].titik for e in pilih)
    air = (j.moda != jar.DARAT) & (j.asal < j.tujuan) & (di_dalam[j.asal] | di_dalam[j.tujuan])
    lintasan = tuple(
        (
            jar.MODA[int(j.moda[e])],
            siap.nama_lintasan.get(-1 if j.lintasan is None else int(j.lintasan[e]), ""),
            ((float(j.lat[j.asal[e]]), float(j.lon[j.asal[e]])),
             (float(j.lat[j.tujuan[e]]), float(j.lon[j.tujuan[e]]))),
        )
        for e in np.flatnonzero(air)
    )  # fmt: skip
    return LapisanJaringan(siap.sumber, jalan, lintasan, dipotong)


@dataclass(frozen=True)
class InfoLintasan:
    """A water or air leg as lists, maps and the fleet planner show it."""

    id: int
    nama: str
    moda: str
    asal_nama: str
    asal: tuple[float, float]
    tujuan_nama: str
    tujuan: tuple[float, float]
    durasi_menit: int
    jadwal: str
    kapasitas_kg: int | None
    aktif: bool


def lintasan_provinsi(provinsi: str) -> tuple[InfoLintasan, ...]:
    """Return the province's water and air legs (active and not), by name."""
    return _lintasan_provinsi(provinsi, tampilan.versi())


@cache.memoize()
def _lintasan_provinsi(provinsi: str, _versi: int) -> tuple[InfoLintasan, ...]:
    with db.sesi_baca() as s:
        df = db_jaringan.daftar_lintasan(s, provinsi)
    return tuple(
        InfoLintasan(
            id=int(r["id"]), nama=str(r["nama"]), moda=str(r["moda"]),
            asal_nama=str(r["asal_nama"]), asal=(float(r["asal_lat"]), float(r["asal_lon"])),
            tujuan_nama=str(r["tujuan_nama"]),
            tujuan=(float(r["tujuan_lat"]), float(r["tujuan_lon"])),
            durasi_menit=int(r["durasi_menit"]), jadwal=str(r["jadwal"] or ""),
            kapasitas_kg=None if pd.isna(r["kapasitas_kg"]) else int(r["kapasitas_kg"]),
            aktif=bool(r["aktif"]),
        )
        for r in df.to_dict("records")
    )  # fmt: skip


def ruas_tertutup_aktif(provinsi: str) -> tuple[RuasTutup, ...]:
    """Return the province's active blocked roads, newest first."""
    return _ruas_aktif(provinsi, tampilan.versi())


@cache.memoize()
def _ruas_aktif(provinsi: str, _versi: int) -> tuple[RuasTutup, ...]:
    with db.sesi_baca() as s:
        df = db_jaringan.ruas_tertutup(s, provinsi, hanya_aktif=True)
    return tuple(_ruas_tutup(r) for r in df.to_dict("records"))


def _teks_atau_kosong(nilai: object) -> str:
    """A text column of a frame row: '' for NULL, which pandas reads as None or NaN."""
    return "" if nilai is None or (isinstance(nilai, float) and pd.isna(nilai)) else str(nilai)


def _ruas_tutup(r: dict) -> RuasTutup:
    ada_tujuan = r["tujuan_lat"] is not None and not pd.isna(r["tujuan_lat"])
    return RuasTutup(
        id=int(r["id"]),
        kabkota_kode=str(r["kabkota_kode"]),
        alasan=str(r["alasan"]),
        keterangan=_teks_atau_kosong(r["keterangan"]),
        asal=(float(r["asal_lat"]), float(r["asal_lon"])),
        tujuan=(float(r["tujuan_lat"]), float(r["tujuan_lon"])) if ada_tujuan else None,
        asal_nama=_teks_atau_kosong(r["asal_nama"]),
        tujuan_nama=_teks_atau_kosong(r["tujuan_nama"]) if ada_tujuan else "",
        radius_m=float(r["radius_m"]),
        kejadian_id=None if pd.isna(r["kejadian_id"]) else int(r["kejadian_id"]),
        oleh=str(r["username"] or "sistem"),
        pada=r["dibuat_pada"],
    )


# --- writes: the stored network, water/air legs, blocked roads ----------------------------

PANJANG_NAMA = (3, 120)
MAKS_DURASI_MENIT = 7 * 24 * 60
# Indonesia's extent with a margin: a point outside it is a typo (swapped lat/lon, a sign).
BATAS_LAT, BATAS_LON = (-11.5, 6.5), (94.0, 141.5)
RADIUS_TUTUP_M = (50.0, 5000.0)


def simpan_jaringan(
    session: Session, provinsi: str, jenis: str, jaringan: jar.Jaringan, sumber: str
) -> int:
    """Store a province's network (replacing the previous one); return its size in bytes."""
    if jenis not in SUMBER_LABEL:
        raise ValueError(f"Jenis jaringan '{jenis}' tidak dikenal; pilih osm atau perkiraan")
    data = jar.ke_bytes(jaringan)
    db_jaringan.simpan_jaringan(
        session, provinsi, jenis, data, sumber[:255], jaringan.jumlah_simpul, jaringan.jumlah_ruas
    )
    return len(data)


@dataclass(frozen=True)
class _Titik:
    lat: float
    lon: float
    nama: str
    kode: str | None


def _baca_titik(session: Session, nilai: str, kolom: str, provinsi: str) -> _Titik | Galat:
    """Read a place: a region code (its point and name) or 'lat,lon'."""
    s = teks(nilai)
    if not s:
        return Galat(kolom, f"{kolom.capitalize()} wajib diisi: kode wilayah atau 'lat,lon'")
    if "," not in s:
        w = queries.wilayah_satu(session, s)
        if w is None or w["tingkat"] < 2:
            return Galat(kolom, f"{kolom.capitalize()}: kode wilayah {s[:20]} tidak dikenal")
        if provinsi and s[:2] != provinsi:
            return Galat(kolom, f"{kolom.capitalize()}: {s} di luar provinsi {provinsi}")
        if w["lat"] is None or w["lon"] is None:
            return Galat(kolom, f"{kolom.capitalize()}: wilayah {s} tidak punya koordinat")
        return _Titik(float(w["lat"]), float(w["lon"]), str(w["nama"]), s)
    try:
        lat, lon = (float(x) for x in s.split(","))
    except ValueError:
        return Galat(kolom, f"{kolom.capitalize()} '{s[:30]}' bukan kode wilayah atau 'lat,lon'")
    if not (BATAS_LAT[0] <= lat <= BATAS_LAT[1] and BATAS_LON[0] <= lon <= BATAS_LON[1]):
        return Galat(
            kolom, f"{kolom.capitalize()} {lat:g},{lon:g} di luar Indonesia; tulis 'lat,lon'"
        )
    return _Titik(lat, lon, "", None)


def _provinsi_tulis(pelaku: Pelaku) -> str:
    return "" if pelaku.provinsi in ("all", "00") else pelaku.provinsi


def tambah_lintasan(
    session: Session,
    pelaku: Pelaku,
    *,
    nama: str,
    moda: str,
    asal: str,
    tujuan: str,
    durasi_menit: object,
    jadwal: str = "",
    kapasitas_kg: object = None,
    asal_nama: str = "",
    tujuan_nama: str = "",
) -> int:
    """Add a water or air leg (admin provinsi only; audited); return its id.

    `asal` and `tujuan` are a region code (its point and name are used) or 'lat,lon' with a
    name. Raise `Ditolak` naming every field that is wrong, and `DiLuarWewenang` for an
    account that may not enter legs at all (over HTTP a forged request: 403), before any
    field is read.
    """
    provinsi = _provinsi_tulis(pelaku)
    tolak = alasan_tolak_lintasan(pelaku.akun, provinsi or pelaku.provinsi, pelaku.provinsi)
    if tolak:
        raise DiLuarWewenang([Galat("", tolak)])
    galat: list[Galat] = []
    nama = teks(nama)
    if not PANJANG_NAMA[0] <= len(nama) <= PANJANG_NAMA[1]:
        galat.append(
            Galat(
                "nama",
                f"Nama lintasan wajib diisi, {PANJANG_NAMA[0]} sampai "
                f"{PANJANG_NAMA[1]} karakter (mis. Kapal Jepara–Karimunjawa)",
            )
        )
    moda = teks(moda).lower()
    if moda not in ("laut", "udara"):
        galat.append(Galat("moda", f"Moda '{moda[:20]}' tidak dikenal; pilih laut atau udara"))
    titik = {}
    for kolom, nilai, nama_titik in (("asal", asal, asal_nama), ("tujuan", tujuan, tujuan_nama)):
        t = _baca_titik(session, nilai, kolom, provinsi)
        if isinstance(t, Galat):
            galat.append(t)
            continue
        nama_titik = teks(nama_titik) or t.nama
        if not nama_titik:
            galat.append(Galat(f"{kolom}_nama", f"Nama {kolom} wajib diisi untuk koordinat"))
        titik[kolom] = (t, nama_titik[:120])
    durasi = _bulat(durasi_menit)
    if durasi is None or not 1 <= durasi <= MAKS_DURASI_MENIT:
        galat.append(
            Galat(
                "durasi_menit",
                f"Durasi wajib bilangan bulat menit, 1 sampai {MAKS_DURASI_MENIT} (7 hari)",
            )
        )
    kapasitas = None if kapasitas_kg in (None, "") else _bulat(kapasitas_kg)
    if kapasitas_kg not in (None, "") and (kapasitas is None or kapasitas < 0):
        galat.append(Galat("kapasitas_kg", "Kapasitas wajib bilangan bulat kg, 0 atau lebih"))
    jadwal = teks(jadwal)
    if len(jadwal) > 200:
        galat.append(Galat("jadwal", "Jadwal paling panjang 200 karakter (mis. Sen, Kam 08.00)"))
    if "asal" in titik and "tujuan" in titik:
        a, t = titik["asal"][0], titik["tujuan"][0]
        if (a.lat, a.lon) == (t.lat, t.lon):
            galat.append(Galat("tujuan", "Tujuan sama dengan asal"))
        if not provinsi:
            provinsi = (a.kode or t.kode or "")[:2]
            if not provinsi:
                galat.append(Galat("asal", "Sebutkan kode wilayah asal atau tujuan (provinsi)"))
    if galat:
        raise Ditolak(galat)
    (a, a_nama), (t, t_nama) = titik["asal"], titik["tujuan"]
    akun = pelaku.akun
    isi = {
        "provinsi_kode": provinsi, "nama": nama, "moda": moda,
        "asal_nama": a_nama, "asal_kode": a.kode, "asal_lat": a.lat, "asal_lon": a.lon,
        "tujuan_nama": t_nama, "tujuan_kode": t.kode, "tujuan_lat": t.lat, "tujuan_lon": t.lon,
        "durasi_menit": durasi, "jadwal": jadwal, "kapasitas_kg": kapasitas, "aktif": True,
    }  # fmt: skip
    lintasan_id = db_jaringan.tambah_lintasan(
        session, **isi, dibuat_oleh=akun.id if akun else None,
        dibuat_pada=dt.datetime.now(dt.UTC),
    )  # fmt: skip
    catat_audit(session, pelaku, "lintasan_tambah", "lintasan", lintasan_id, provinsi, None, isi)
    return lintasan_id


def _bulat(nilai: object) -> int | None:
    try:
        f = float(str(nilai).strip().replace(",", "."))
    except ValueError:
        return None
    return int(f) if math.isfinite(f) and f == int(f) else None


def hapus_lintasan(session: Session, pelaku: Pelaku, lintasan_id: int) -> bool:
    """Delete a leg (admin provinsi; audited with what it was); return whether it existed."""
    sebelum = db_jaringan.lintasan_satu(session, lintasan_id)
    if sebelum is None:
        return False
    tolak = alasan_tolak_lintasan(pelaku.akun, sebelum["provinsi_kode"], pelaku.provinsi)
    if tolak:
        raise DiLuarWewenang([Galat("", tolak)])
    db_jaringan.hapus_lintasan(session, lintasan_id)
    catat_audit(session, pelaku, "lintasan_hapus", "lintasan", lintasan_id,
                sebelum["provinsi_kode"], sebelum, None)  # fmt: skip
    return True


def setel_aktif_lintasan(
    session: Session, pelaku: Pelaku, lintasan_id: int, aktif: bool, alasan: str = ""
) -> bool:
    """Suspend a leg (bad weather, a ship in dock) or run it again; routes follow at once.

    Admin provinsi only; audited with the reason. Return whether the leg exists.
    """
    sebelum = db_jaringan.lintasan_satu(session, lintasan_id)
    if sebelum is None:
        return False
    tolak = alasan_tolak_lintasan(pelaku.akun, sebelum["provinsi_kode"], pelaku.provinsi)
    if tolak:
        raise DiLuarWewenang([Galat("", tolak)])
    db_jaringan.setel_aktif_lintasan(session, lintasan_id, aktif)
    catat_audit(session, pelaku, "lintasan_aktif" if aktif else "lintasan_nonaktif", "lintasan",
                lintasan_id, sebelum["provinsi_kode"], {"aktif": sebelum["aktif"]},
                {"aktif": aktif, "alasan": teks(alasan)[:500]})  # fmt: skip
    return True


def daftar_lintasan(session: Session, provinsi: str) -> pd.DataFrame:
    """Return the province's water and air legs."""
    return db_jaringan.daftar_lintasan(session, provinsi)


def tutup_ruas(
    session: Session,
    pelaku: Pelaku,
    *,
    kabkota_kode: str,
    asal: str,
    tujuan: str | None = None,
    alasan: str,
    keterangan: str = "",
    kejadian_id: int | None = None,
    radius_m: object = jar.RADIUS_TUTUP_M,
) -> int:
    """Close a road (audited): between two places/points, or around one point.

    An operator closes roads of its own kab/kota only; an admin provinsi anywhere. Raise
    `Ditolak` naming every field that is wrong.
    """
    kabkota_kode = teks(kabkota_kode)
    tolak = alasan_tolak_tulis(pelaku.akun, kabkota_kode, pelaku.provinsi)
    if tolak:
        raise Ditolak([Galat("kabkota", tolak)])
    galat: list[Galat] = []
    w = queries.wilayah_satu(session, kabkota_kode)
    if w is None or w["tingkat"] != int(Tingkat.KABKOTA):
        raise Ditolak([Galat("kabkota", f"Kab/kota {kabkota_kode[:20]} tidak dikenal")])
    provinsi = kabkota_kode[:2]
    a = _baca_titik(session, asal, "asal", provinsi)
    t = None if not teks(tujuan) else _baca_titik(session, str(tujuan), "tujuan", provinsi)
    for x in (a, t):
        if isinstance(x, Galat):
            galat.append(x)
    alasan = teks(alasan).lower()
    if alasan not in jar.ALASAN_TUTUP:
        galat.append(
            Galat(
                "alasan",
                f"Alasan '{alasan[:20]}' tidak dikenal; pilih: " + ", ".join(jar.ALASAN_TUTUP),
            )
        )
    try:
        radius = float(str(radius_m))
    except ValueError:
        radius = math.nan
    if not RADIUS_TUTUP_M[0] <= radius <= RADIUS_TUTUP_M[1]:
        galat.append(
            Galat(
                "radius_m",
                f"Radius wajib angka meter, {RADIUS_TUTUP_M[0]:g} sampai {RADIUS_TUTUP_M[1]:g}",
            )
        )
    if kejadian_id is not None and not db_jaringan.kejadian_ada(session, int(kejadian_id)):
        galat.append(Galat("kejadian", f"Kejadian nomor {kejadian_id} tidak ada"))
    keterangan = teks(keterangan)[:500]
    if galat:
        raise Ditolak(galat)
    assert isinstance(a, _Titik) and (t is None or isinstance(t, _Titik))
    akun = pelaku.akun
    isi = {
        "provinsi_kode": provinsi, "kabkota_kode": kabkota_kode,
        "asal_kode": a.kode, "asal_lat": a.lat, "asal_lon": a.lon,
        "tujuan_kode": t.kode if t else None, "tujuan_lat": t.lat if t else None,
        "tujuan_lon": t.lon if t else None, "radius_m": radius, "alasan": alasan,
        "keterangan": keterangan, "kejadian_id": kejadian_id, "aktif": True,
    }  # fmt: skip
    ruas_id = db_jaringan.tutup_ruas(
        session, **isi, dibuat_oleh=akun.id if akun else None, dibuat_pada=dt.datetime.now(dt.UTC)
    )
    catat_audit(session, pelaku, "ruas_tutup", "ruas_tertutup", ruas_id, kabkota_kode, None, isi)
    return ruas_id


# Incident kinds that cut a road, and the reason their closure carries.
ALASAN_KEJADIAN = {
    "banjir": "banjir",
    "longsor": "longsor",
    "akses_jalan": "jalan_rusak",
    "keamanan": "keamanan",
    "lainnya": "lainnya",
}


def tutup_ruas_kejadian(
    session: Session,
    pelaku: Pelaku,
    kejadian_id: int,
    *,
    asal: str | None = None,
    tujuan: str | None = None,
    radius_m: object = jar.RADIUS_TUTUP_M,
) -> int:
    """Close the road an incident cuts: its kab/kota and reason come from the incident, and
    without points, every road around the incident's place (its region's point) closes.

    Raise `Ditolak` when the incident is unknown, not about a road, or not in a kab/kota.
    """
    k = db_jaringan.kejadian_satu(session, kejadian_id)
    if k is None:
        raise Ditolak([Galat("kejadian", f"Kejadian nomor {kejadian_id} tidak ada")])
    if k["jenis"] not in ALASAN_KEJADIAN:
        raise Ditolak(
            [Galat("kejadian", f"Kejadian #{kejadian_id} ({k['jenis']}) bukan gangguan jalan")]
        )
    wilayah = str(k["wilayah_kode"])
    if wilayah.count(".") < 1:
        raise Ditolak(
            [Galat("kejadian", f"Kejadian #{kejadian_id} dicatat untuk provinsi; sebutkan "
                               "kab/kota dan titik ruasnya")]
        )  # fmt: skip
    return tutup_ruas(
        session,
        pelaku,
        kabkota_kode=wilayah[:5],
        asal=asal or wilayah,
        tujuan=tujuan,
        alasan=ALASAN_KEJADIAN[k["jenis"]],
        keterangan=f"Kejadian #{kejadian_id}: {k['judul']}",
        kejadian_id=kejadian_id,
        radius_m=radius_m,
    )


def buka_ruas(session: Session, pelaku: Pelaku, ruas_id: int, keterangan: str = "") -> bool:
    """Open a closed road again (same scope as closing; audited); return whether it was
    closed."""
    sebelum = db_jaringan.ruas_satu(session, ruas_id)
    if sebelum is None or not sebelum["aktif"]:
        return False
    tolak = alasan_tolak_tulis(pelaku.akun, sebelum["kabkota_kode"], pelaku.provinsi)
    if tolak:
        raise Ditolak([Galat("kabkota", tolak)])
    akun = pelaku.akun
    db_jaringan.buka_ruas(session, ruas_id, akun.id if akun else None, dt.datetime.now(dt.UTC))
    sesudah = {"aktif": False, "keterangan": teks(keterangan)[:500]}
    catat_audit(session, pelaku, "ruas_buka", "ruas_tertutup", ruas_id, sebelum["kabkota_kode"],
                {"aktif": True}, sesudah)  # fmt: skip
    return True


def daftar_ruas_tertutup(session: Session, provinsi: str, semua: bool = False) -> pd.DataFrame:
    """Return the province's closed roads (with `semua`, also those opened again)."""
    return db_jaringan.ruas_tertutup(session, provinsi, hanya_aktif=not semua)
