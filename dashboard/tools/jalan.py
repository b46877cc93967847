"""Road network import: the drivable graph of an OpenStreetMap extract, kept compact.

Only junctions and road ends become graph nodes; the bends between them are kept as each
edge's drawn shape, so a province's roads fit in a few megabytes and Dijkstra walks far fewer
nodes. Speeds come from the road class, or from `maxspeed` where it is tagged.
"""

from __future__ import annotations

import argparse
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import osmium
from sqlalchemy.orm import Session

from dashboard.domain import jaringan as jar
from dashboard.domain.angka import format_angka

# Typical speeds (km/h) of a loaded truck on Indonesian roads of each OSM class: toll roads
# fast, provincial and district roads slower, village lanes and tracks slow.
KECEPATAN_KELAS = {
    "motorway": 80.0,
    "trunk": 60.0,
    "primary": 50.0,
    "secondary": 40.0,
    "tertiary": 35.0,
    "unclassified": 30.0,
    "residential": 25.0,
    "living_street": 10.0,
    "service": 15.0,
    "road": 25.0,
    "track": 15.0,
}
# A link (ramp) is driven a little slower than its road.
FAKTOR_LINK = 0.8
SEARAH = {"yes", "true", "1"}
BERLAWANAN = {"-1", "reverse"}
AKSES_TERTUTUP = {"no", "private"}

Log = Callable[[str], None]


def kecepatan_ruas(tags: dict[str, str]) -> float | None:
    """Return the speed (km/h) of a way, or None when it is not for cars and trucks."""
    kelas = tags.get("highway", "")
    dasar = kelas.removesuffix("_link")
    if dasar not in KECEPATAN_KELAS or tags.get("access") in AKSES_TERTUTUP:
        return None
    if tags.get("motor_vehicle") in AKSES_TERTUTUP:
        return None
    kmj = KECEPATAN_KELAS[dasar] * (FAKTOR_LINK if kelas.endswith("_link") else 1.0)
    cocok = re.match(r"^\s*(\d+(?:\.\d+)?)\s*(mph)?", tags.get("maxspeed", ""))
    if cocok:
        batas = float(cocok.group(1)) * (1.609 if cocok.group(2) else 1.0)
        if batas > 0:
            kmj = min(kmj, batas) if dasar not in ("motorway", "trunk") else batas
    return kmj


def arah(tags: dict[str, str]) -> int:
    """Return 1 (as drawn), -1 (against the drawing) or 0 (both ways)."""
    oneway = tags.get("oneway", "").lower()
    if oneway in SEARAH:
        return 1
    if oneway in BERLAWANAN:
        return -1
    if oneway == "no":
        return 0
    if tags.get("highway") == "motorway" or tags.get("junction") in ("roundabout", "circular"):
        return 1
    return 0


@dataclass(frozen=True)
class HasilImpor:
    """An imported network and what it holds."""

    jaringan: jar.Jaringan
    jumlah_jalan: int
    jumlah_titik_osm: int


def baca_osm(
    berkas: Path,
    batas: tuple[float, float, float, float] | None = None,
    log: Log = lambda _: None,
    semua_titik: bool = False,
) -> HasilImpor:
    """Read the drivable roads of an .osm.pbf (or .osm) file into a compact network.

    `batas` (lat_min, lon_min, lat_max, lon_max) keeps only ways with a point inside it.
    `semua_titik` keeps every OSM point as a node (only to measure what compaction saves).
    """
    if not berkas.exists():
        raise ValueError(f"Berkas {berkas} tidak ada")
    try:
        jalan = _baca_jalan(berkas, batas)
    except RuntimeError as e:  # libosmium's word for a file it cannot parse
        raise ValueError(
            f"Berkas {berkas.name} bukan ekstrak OpenStreetMap yang dapat dibaca ({e}); "
            "pakai .osm.pbf dari mis. Geofabrik"
        ) from None
    if not jalan:
        raise ValueError(f"Berkas {berkas.name} tidak berisi jalan yang dapat dilalui kendaraan")
    log(f"{format_angka(len(jalan))} jalan dibaca")
    return HasilImpor(_susun(jalan, semua_titik), len(jalan), sum(len(j[0]) for j in jalan))


def _baca_jalan(
    berkas: Path, batas: tuple[float, float, float, float] | None
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float, int]]:
    """The drivable ways of a file: node ids, lat, lon, speed and direction of each."""
    jalan: list[tuple[np.ndarray, np.ndarray, np.ndarray, float, int]] = []
    proses = (
        osmium.FileProcessor(str(berkas))
        .with_locations()
        .with_filter(osmium.filter.KeyFilter("highway"))
    )
    for o in proses:
        if not isinstance(o, osmium.osm.Way):
            continue
        tags = dict(o.tags)
        kmj = kecepatan_ruas(tags)
        if kmj is None:
            continue
        ref, lat, lon = [], [], []
        for n in o.nodes:
            if not n.location.valid():
                continue
            ref.append(n.ref)
            lat.append(n.lat)
            lon.append(n.lon)
        if len(ref) < 2:
            continue
        la, lo = np.array(lat), np.array(lon)
        if batas is not None and not (
            ((la >= batas[0]) & (la <= batas[2]) & (lo >= batas[1]) & (lo <= batas[3])).any()
        ):
            continue
        jalan.append((np.array(ref, dtype=np.int64), la, lo, kmj, arah(tags)))
    return jalan


def _rentang(mulai: np.ndarray, akhir: np.ndarray, mundur: bool = False) -> np.ndarray:
    """Concatenate the index ranges [mulai, akhir) (each reversed with `mundur`) at once."""
    n = akhir - mulai
    total = int(n.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    awal_kelompok = np.concatenate(([0], np.cumsum(n)[:-1]))
    dalam = np.arange(total) - np.repeat(awal_kelompok, n)
    return np.repeat(akhir - 1, n) - dalam if mundur else np.repeat(mulai, n) + dalam


def _susun(
    jalan: list[tuple[np.ndarray, np.ndarray, np.ndarray, float, int]], semua_titik: bool = False
) -> jar.Jaringan:
    """Split ways at junctions: nodes are junctions and ends, bends become edge shapes.

    Every way's points are laid end to end in one array and cut at the junctions with numpy,
    so a province's millions of points are not walked one by one in Python.
    """
    panjang = np.array([len(j[0]) for j in jalan])
    ref = np.concatenate([j[0] for j in jalan])
    lat = np.concatenate([j[1] for j in jalan])
    lon = np.concatenate([j[2] for j in jalan])
    kmj = np.array([j[3] for j in jalan])
    arah_jalan = np.array([j[4] for j in jalan])
    milik = np.repeat(np.arange(len(jalan)), panjang)
    awal = np.concatenate(([0], np.cumsum(panjang)[:-1]))
    ujung = np.concatenate((awal, awal + panjang - 1))
    unik, jumlah = np.unique(ref, return_counts=True)
    simpul_osm = unik if semua_titik else np.union1d(unik[jumlah >= 2], ref[ujung])
    henti = np.flatnonzero(np.isin(ref, simpul_osm))
    nomor = np.searchsorted(simpul_osm, ref[henti])
    simpul_lat = np.zeros(len(simpul_osm))
    simpul_lon = np.zeros(len(simpul_osm))
    simpul_lat[nomor], simpul_lon[nomor] = lat[henti], lon[henti]
    potong = jar.jarak_bola_m(lat[:-1], lon[:-1], lat[1:], lon[1:])
    potong[milik[:-1] != milik[1:]] = 0.0
    kumulatif = np.concatenate(([0.0], np.cumsum(potong)))
    # Consecutive stops of the same way bound one edge.
    sah = milik[henti[:-1]] == milik[henti[1:]]
    a, b = henti[:-1][sah], henti[1:][sah]
    u, v = nomor[:-1][sah], nomor[1:][sah]
    meter = kumulatif[b] - kumulatif[a]
    detik = meter / (kmj[milik[a]] / 3.6)
    ke = arah_jalan[milik[a]]
    maju, balik = ke >= 0, ke <= 0
    bentuk = np.concatenate(
        (_rentang(a[maju] + 1, b[maju]), _rentang(a[balik] + 1, b[balik], mundur=True))
    )
    n_bentuk = np.concatenate((b[maju] - a[maju] - 1, b[balik] - a[balik] - 1))
    return jar.rapikan(
        jar.Jaringan(
            lat=simpul_lat,
            lon=simpul_lon,
            asal=np.concatenate((u[maju], v[balik])).astype(np.int64),
            tujuan=np.concatenate((v[maju], u[balik])).astype(np.int64),
            jarak_m=np.concatenate((meter[maju], meter[balik])),
            waktu_s=np.concatenate((detik[maju], detik[balik])),
            moda=np.zeros(int(maju.sum() + balik.sum()), dtype=np.int8),
            bentuk_awal=np.concatenate(([0], np.cumsum(n_bentuk))).astype(np.int64),
            bentuk_lat=lat[bentuk],
            bentuk_lon=lon[bentuk],
        )
    )


def batas_provinsi(lat: np.ndarray, lon: np.ndarray) -> tuple[float, float, float, float]:
    """Return the box around a province's places with a margin (0.1°, ~11 km)."""
    tepi = 0.1
    return (
        float(np.nanmin(lat)) - tepi,
        float(np.nanmin(lon)) - tepi,
        float(np.nanmax(lat)) + tepi,
        float(np.nanmax(lon)) + tepi,
    )


def ringkas(hasil: HasilImpor, ukuran: int) -> str:
    """Describe an import in one line."""
    j = hasil.jaringan
    km = float(j.jarak_m.sum()) / 1000 / 2 if j.jumlah_ruas else 0.0
    f = format_angka
    return (
        f"{f(hasil.jumlah_jalan)} jalan, {f(hasil.jumlah_titik_osm)} titik OSM → "
        f"{f(j.jumlah_simpul)} simpul, {f(j.jumlah_ruas)} ruas (~{f(math.floor(km))} km), "
        f"{ukuran / 1e6:.1f} MB tersimpan"
    )


def jalankan(args: argparse.Namespace, provinsi_kampanye: str, session: Session, log: Log) -> int:
    """Run one `python -m dashboard jalan …` action in the caller's transaction."""
    from dashboard.db import jaringan as db_jaringan
    from dashboard.services import rute
    from dashboard.services.batas_wajar import akun_bernama
    from dashboard.services.pencatatan import Ditolak, Pelaku

    provinsi = getattr(args, "provinsi", None) or provinsi_kampanye
    if args.aksi in ("impor", "perkiraan"):
        mulai = time.perf_counter()
        tempat = db_jaringan.titik_tempat(session, provinsi)
        if tempat.empty:
            raise ValueError(f"Provinsi {provinsi} tidak punya wilayah di basis data ini")
        if args.aksi == "impor":
            kotak = batas_provinsi(tempat["lat"].to_numpy(float), tempat["lon"].to_numpy(float))
            hasil = baca_osm(args.berkas, kotak, log=log)
            ukuran = rute.simpan_jaringan(session, provinsi, "osm", hasil.jaringan,
                                          args.berkas.name)  # fmt: skip
            log(f"Jaringan OSM provinsi {provinsi}: {ringkas(hasil, ukuran)}")
        else:
            j = rute.jaringan_perkiraan(tempat)
            ukuran = rute.simpan_jaringan(session, provinsi, "perkiraan", j, "titik desa")
            log(
                f"Jaringan perkiraan provinsi {provinsi}: {format_angka(j.jumlah_simpul)} simpul, "
                f"{format_angka(j.jumlah_ruas)} ruas, {ukuran / 1e6:.1f} MB"
            )
        log(f"Selesai dalam {time.perf_counter() - mulai:.1f} s.")
        return 0
    if args.aksi == "lintasan" and args.aksi_lintasan == "daftar":
        df = rute.daftar_lintasan(session, provinsi)
        if df.empty:
            log("Belum ada lintasan laut/udara.")
        for r in df.itertuples():
            log(f"  #{r.id:<4} {r.moda:<5} {r.nama[:40]:<40} {r.asal_nama} → {r.tujuan_nama}, "
                f"{r.durasi_menit} menit{', ' + r.jadwal if r.jadwal else ''}"
                f"{'' if r.aktif else ' (nonaktif)'}")  # fmt: skip
        return 0
    if args.aksi == "tertutup":
        df = rute.daftar_ruas_tertutup(session, provinsi)
        if df.empty:
            log("Tidak ada ruas yang ditutup.")
        for r in df.itertuples():
            ujung = f"{r.asal_nama or f'{r.asal_lat:.5f},{r.asal_lon:.5f}'}"
            if r.tujuan_lat is not None and not math.isnan(r.tujuan_lat):
                ujung += f" – {r.tujuan_nama or f'{r.tujuan_lat:.5f},{r.tujuan_lon:.5f}'}"
            log(f"  #{r.id:<4} {r.kabkota_kode:<6} {r.alasan:<14} {ujung} "
                f"(oleh {r.username or '-'})")  # fmt: skip
        return 0
    akun = akun_bernama(session, args.oleh)
    if akun is None:
        raise ValueError(f"Akun '{args.oleh}' tidak ada atau tidak aktif")
    pelaku = Pelaku(akun, provinsi_kampanye, "baris perintah")
    try:
        if args.aksi == "lintasan" and args.aksi_lintasan == "tambah":
            nomor = rute.tambah_lintasan(
                session, pelaku, nama=args.nama, moda=args.moda, asal=args.asal,
                tujuan=args.tujuan, durasi_menit=args.durasi, jadwal=args.jadwal,
                kapasitas_kg=args.kapasitas, asal_nama=args.asal_nama,
                tujuan_nama=args.tujuan_nama,
            )  # fmt: skip
            log(f"Lintasan #{nomor} ditambahkan.")
        elif args.aksi == "lintasan" and args.aksi_lintasan in ("aktif", "nonaktif"):
            aktif = args.aksi_lintasan == "aktif"
            ada = rute.setel_aktif_lintasan(session, pelaku, args.id, aktif, args.alasan)
            keadaan = "berjalan lagi" if aktif else "dihentikan"
            log(f"Lintasan #{args.id} {keadaan}." if ada else f"Lintasan #{args.id} tidak ada.")
        elif args.aksi == "lintasan":
            ada = rute.hapus_lintasan(session, pelaku, args.id)
            log(f"Lintasan #{args.id} dihapus." if ada else f"Lintasan #{args.id} tidak ada.")
        elif args.aksi == "tutup" and args.kejadian is not None and not args.kabkota:
            nomor = rute.tutup_ruas_kejadian(
                session, pelaku, args.kejadian, asal=args.asal, tujuan=args.tujuan,
                radius_m=args.radius,
            )  # fmt: skip
            log(f"Ruas #{nomor} ditutup karena kejadian #{args.kejadian}; rute menghindarinya.")
        elif args.aksi == "tutup":
            if not (args.kabkota and args.asal and args.alasan):
                raise ValueError("Sebutkan --kabkota, --asal dan --alasan, atau --kejadian NOMOR")
            nomor = rute.tutup_ruas(
                session, pelaku, kabkota_kode=args.kabkota, asal=args.asal, tujuan=args.tujuan,
                alasan=args.alasan, keterangan=args.keterangan, kejadian_id=args.kejadian,
                radius_m=args.radius,
            )  # fmt: skip
            log(f"Ruas #{nomor} ditutup; rute menghindarinya.")
        else:
            ada = rute.buka_ruas(session, pelaku, args.id, args.keterangan)
            log(f"Ruas #{args.id} dibuka kembali." if ada else
                f"Ruas #{args.id} tidak ada atau sudah dibuka.")  # fmt: skip
    except Ditolak as e:
        raise ValueError(str(e)) from None
    return 0


# Water and air legs the demo enters, per province: (nama, moda, asal, asal_nama, tujuan,
# tujuan_nama, menit, jadwal, kg). Ports and airports by their coordinates; approximate
# public timetables (KMP Siginjai ~5 h and the Express Bahari ~2 h Jepara–Karimunjawa; the
# overnight ferry Sibolga–Gunungsitoli ~9 h; Kualanamu–Binaka ~1 h).
# fmt: off
LINTASAN_DEMO: dict[str, list[tuple[str, str, str, str, str, str, int, str, int]]] = {
    "33": [
        ("KMP Siginjai Jepara–Karimunjawa", "laut", "-6.5886,110.6453", "Pelabuhan Kartini",
         "-5.8719,110.4279", "Pelabuhan Karimunjawa", 300, "Sen, Kam", 40_000),
        ("Kapal cepat Express Bahari Jepara–Karimunjawa", "laut", "-6.5886,110.6453",
         "Pelabuhan Kartini", "-5.8719,110.4279", "Pelabuhan Karimunjawa", 120, "Sen, Kam",
         2_000),
        ("Perahu Karimunjawa–Parang", "laut", "33.20.10.2001", "", "33.20.10.2003", "", 90,
         "sewa, cuaca baik", 1_000),
        ("Perahu Parang–Nyamuk", "laut", "33.20.10.2003", "", "33.20.10.2004", "", 45,
         "sewa, cuaca baik", 1_000),
    ],
    "12": [
        ("Kapal Sibolga–Gunungsitoli", "laut", "1.7397,98.7787", "Pelabuhan Sibolga",
         "1.2913,97.6158", "Pelabuhan Gunungsitoli", 540, "setiap hari 20.00", 60_000),
        ("Penerbangan Kualanamu–Binaka", "udara", "3.6422,98.8853", "Bandara Kualanamu",
         "1.1664,97.7047", "Bandara Binaka", 60, "setiap hari 07.30", 1_500),
        ("KMP Teluk Dalam–Pulau Tello", "laut", "0.5636,97.8169", "Pelabuhan Teluk Dalam",
         "12.14.05", "Pelabuhan Pulau Tello", 360, "Sel, Jum", 30_000),
    ],
}
# fmt: on
# Straits narrower than the approximate network's longest link look like a gap between
# villages and get a "road"; the demo closes the one in Karimunjawa, as an admin would.
SELAT_DEMO = {"33": [("33.20", "33.20.10.2003", "33.20.10.2004", "selat ±8 km, tidak ada jalan")]}


def jaringan_demo(session: Session, provinsi: str) -> str:
    """Enter the demo's water and air legs (and close its fake straits) as the province's
    admin; return what was done, for the log."""
    from dashboard.services import rute
    from dashboard.services.batas_wajar import akun_bernama
    from dashboard.services.pencatatan import Pelaku

    daftar = LINTASAN_DEMO.get(provinsi, [])
    akun = akun_bernama(session, f"admin.{provinsi}")
    if not daftar or akun is None:
        return "tidak ada"
    pelaku = Pelaku(akun, provinsi, "demo")
    for nama, moda, asal, asal_nama, tujuan, tujuan_nama, menit, jadwal, kg in daftar:
        rute.tambah_lintasan(
            session, pelaku, nama=nama, moda=moda, asal=asal, tujuan=tujuan,
            durasi_menit=menit, jadwal=jadwal, kapasitas_kg=kg, asal_nama=asal_nama,
            tujuan_nama=tujuan_nama,
        )  # fmt: skip
    selat = SELAT_DEMO.get(provinsi, [])
    for kabkota, asal, tujuan, keterangan in selat:
        rute.tutup_ruas(session, pelaku, kabkota_kode=kabkota, asal=asal, tujuan=tujuan,
                        alasan="lainnya", keterangan=keterangan)  # fmt: skip
    return f"{len(daftar)} lintasan, {len(selat)} selat ditutup"
