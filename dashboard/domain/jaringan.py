"""Road network as arrays: the approximate network from place points, snapping, shortest paths.

A network is node coordinates plus directed edge arrays (from, to, metres, seconds, mode), so
a whole province fits in a few megabytes, is stored as one compressed blob and is searched
with scipy's compiled Dijkstra. Water and air legs and blocked segments are applied on top of
the stored network at query time, so the stored network never changes when an admin edits
them.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra, minimum_spanning_tree
from scipy.spatial import Delaunay, QhullError, cKDTree

JARI_BUMI_M = 6_371_008.8

# Edge modes, stored as small integers in the edge arrays.
DARAT, LAUT, UDARA = 0, 1, 2
MODA = ("darat", "laut", "udara")

# The approximate network. Roads wind: 1.3 x the straight line is the usual ratio of road to
# great-circle distance on Java's and Sumatra's rural networks. Each place is linked to its
# nearest neighbours; no link is longer than JARAK_MAKS_KM, so a sea strait wider than that
# (Jepara–Karimunjawa ~ 80 km, Sibolga–Nias ~ 85 km, even Karimunjawa–Parang ~ 22 km) never
# becomes a road: those places are reached by the water and air legs admins enter.
FAKTOR_LIKU = 1.3
TETANGGA = 6
JARAK_MAKS_KM = 12.0
# Speeds by terrain, told apart by how crowded a place's surroundings are: a desa with many
# others within RADIUS_PADAT_KM is town (slow, busy streets), one with few is remote (narrow,
# hilly roads), the rest ordinary rural roads between villages.
RADIUS_PADAT_KM = 3.0
KECEPATAN_KMJ = {"kota": 25.0, "desa": 40.0, "terpencil": 25.0}
AMBANG_KOTA = 12  # places within RADIUS_PADAT_KM
AMBANG_TERPENCIL = 2
# From a place to the node it is snapped to (a desa office a little off the road).
KECEPATAN_AKSES_KMJ = 20.0
# Around a blocked point, every road edge passing this close is closed.
RADIUS_TUTUP_M = 300.0
# Why a road is closed, with its label (the closure form, the command line, the audit).
ALASAN_TUTUP = {
    "banjir": "Banjir",
    "longsor": "Longsor",
    "jembatan_putus": "Jembatan putus",
    "jalan_rusak": "Jalan rusak",
    "keamanan": "Gangguan keamanan",
    "lainnya": "Lainnya",
}

_Float = NDArray[np.float64]
_Int = NDArray[np.int64]


@dataclass(frozen=True, eq=False)
class Jaringan:
    """A directed graph: node lat/lon and per-edge ends, length (m), time (s) and mode.

    `bentuk_*` hold the drawn shape of an edge between its end nodes (imported roads keep
    their bends while only junctions are nodes): edge i bends through points
    bentuk_lat/lon[bentuk_awal[i]:bentuk_awal[i + 1]]. `lintasan` names the water/air leg an
    edge belongs to (-1 for a road).
    """

    lat: _Float
    lon: _Float
    asal: _Int
    tujuan: _Int
    jarak_m: _Float
    waktu_s: _Float
    moda: NDArray[np.int8]
    bentuk_awal: _Int | None = None
    bentuk_lat: _Float | None = None
    bentuk_lon: _Float | None = None
    lintasan: _Int | None = None
    _indeks: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def jumlah_simpul(self) -> int:
        return int(self.lat.shape[0])

    @property
    def jumlah_ruas(self) -> int:
        return int(self.asal.shape[0])

    def pohon(self) -> cKDTree:
        """A k-d tree of the nodes (built once per network), for snapping points."""
        if "pohon" not in self._indeks:
            self._indeks["pohon"] = cKDTree(_xyz(self.lat, self.lon))
        return cast(cKDTree, self._indeks["pohon"])

    def matriks_waktu(self) -> csr_matrix:
        """The time-weighted adjacency matrix (built once per network)."""
        if "waktu" not in self._indeks:
            n = self.jumlah_simpul
            # Dijkstra ignores stored zeros on some inputs; a tiny floor keeps every edge an edge.
            bobot = np.maximum(self.waktu_s, 1e-3)
            self._indeks["waktu"] = csr_matrix((bobot, (self.asal, self.tujuan)), shape=(n, n))
        return cast(csr_matrix, self._indeks["waktu"])


def jarak_bola_m(lat1: _Float, lon1: _Float, lat2: _Float, lon2: _Float) -> _Float:
    """Return great-circle distances in metres (haversine), element by element."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.asarray(lon2) - np.asarray(lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * JARI_BUMI_M * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))), dtype=float)


def _xyz(lat: _Float, lon: _Float) -> _Float:
    """Unit-sphere coordinates × earth radius: chords ≈ distances for a k-d tree."""
    p, lam = np.radians(lat), np.radians(lon)
    return (
        np.column_stack((np.cos(p) * np.cos(lam), np.cos(p) * np.sin(lam), np.sin(p))) * JARI_BUMI_M
    )


def rapikan(jaringan: Jaringan) -> Jaringan:
    """Drop self-loops and keep only the fastest of parallel edges (a sparse matrix would add
    them up)."""
    j = jaringan
    sah = j.asal != j.tujuan
    urut = np.lexsort((j.waktu_s, j.tujuan, j.asal))
    urut = urut[sah[urut]]
    a, t = j.asal[urut], j.tujuan[urut]
    pertama = np.ones(len(urut), dtype=bool)
    pertama[1:] = (a[1:] != a[:-1]) | (t[1:] != t[:-1])
    pilih = urut[pertama]
    return _pilih_ruas(j, pilih)


def _pilih_ruas(j: Jaringan, pilih: _Int) -> Jaringan:
    bentuk_awal, bentuk_lat, bentuk_lon = j.bentuk_awal, j.bentuk_lat, j.bentuk_lon
    if bentuk_awal is not None and bentuk_lat is not None and bentuk_lon is not None:
        mulai, akhir = bentuk_awal[:-1][pilih], bentuk_awal[1:][pilih]
        panjang = akhir - mulai
        bentuk_awal = np.concatenate(([0], np.cumsum(panjang))).astype(np.int64)
        idx = (
            np.concatenate([np.arange(m, e) for m, e in zip(mulai, akhir, strict=True)])
            if len(pilih) and panjang.sum()
            else np.zeros(0, dtype=np.int64)
        )
        bentuk_lat, bentuk_lon = bentuk_lat[idx], bentuk_lon[idx]
    return Jaringan(
        lat=j.lat,
        lon=j.lon,
        asal=j.asal[pilih],
        tujuan=j.tujuan[pilih],
        jarak_m=j.jarak_m[pilih],
        waktu_s=j.waktu_s[pilih],
        moda=j.moda[pilih],
        bentuk_awal=bentuk_awal,
        bentuk_lat=bentuk_lat,
        bentuk_lon=bentuk_lon,
        lintasan=None if j.lintasan is None else j.lintasan[pilih],
    )


def _kecepatan_tempat(pohon: cKDTree, xyz: _Float) -> _Float:
    """Speed (km/h) of the roads around each place, by how many places lie nearby."""
    tetangga = pohon.query_ball_point(xyz, RADIUS_PADAT_KM * 1000, return_length=True)
    kmj = np.full(len(xyz), KECEPATAN_KMJ["desa"])
    kmj[tetangga >= AMBANG_KOTA] = KECEPATAN_KMJ["kota"]
    kmj[tetangga <= AMBANG_TERPENCIL] = KECEPATAN_KMJ["terpencil"]
    return kmj


def bangun_perkiraan(lat: Sequence[float] | _Float, lon: Sequence[float] | _Float) -> Jaringan:
    """Build the approximate road network whose nodes are the given places.

    Each place is linked to its TETANGGA nearest places, and the Euclidean minimum spanning
    tree (taken from the Delaunay triangulation) is added so that places a chain of short
    links apart always end up connected; every link longer than JARAK_MAKS_KM is dropped, so
    islands stay separate. A link is FAKTOR_LIKU × the great-circle distance long and driven
    at the slower of its two ends' terrain speeds.
    """
    la = np.asarray(lat, dtype=float)
    lo = np.asarray(lon, dtype=float)
    if la.shape != lo.shape or not np.isfinite(la).all() or not np.isfinite(lo).all():
        raise ValueError("Koordinat tempat tidak lengkap: lat dan lon wajib berupa angka")
    n = len(la)
    kosong = np.zeros(0, dtype=np.int64)
    if n < 2:
        return Jaringan(la, lo, kosong, kosong, np.zeros(0), np.zeros(0), np.zeros(0, np.int8))
    xyz = _xyz(la, lo)
    pohon = cKDTree(xyz)
    k = min(TETANGGA + 1, n)
    jarak, idx = pohon.query(xyz, k=k, distance_upper_bound=JARAK_MAKS_KM * 1000)
    baris = np.repeat(np.arange(n), k - 1)
    kolom = idx[:, 1:].ravel()
    ada = kolom < n
    pasangan = [np.column_stack((baris[ada], kolom[ada]))]
    pasangan.append(_pohon_rentang(la, lo, xyz))
    ab = np.concatenate(pasangan)
    ab = np.sort(ab, axis=1)
    ab = np.unique(ab, axis=0)
    lurus = jarak_bola_m(la[ab[:, 0]], lo[ab[:, 0]], la[ab[:, 1]], lo[ab[:, 1]])
    ab, lurus = ab[lurus <= JARAK_MAKS_KM * 1000], lurus[lurus <= JARAK_MAKS_KM * 1000]
    kmj = _kecepatan_tempat(pohon, xyz)
    meter = lurus * FAKTOR_LIKU
    detik = meter / (np.minimum(kmj[ab[:, 0]], kmj[ab[:, 1]]) / 3.6)
    asal = np.concatenate((ab[:, 0], ab[:, 1])).astype(np.int64)
    tujuan = np.concatenate((ab[:, 1], ab[:, 0])).astype(np.int64)
    m = len(ab)
    return rapikan(
        Jaringan(
            lat=la,
            lon=lo,
            asal=asal,
            tujuan=tujuan,
            jarak_m=np.concatenate((meter, meter)),
            waktu_s=np.concatenate((detik, detik)),
            moda=np.zeros(2 * m, dtype=np.int8),
        )
    )


def _pohon_rentang(la: _Float, lo: _Float, xyz: _Float) -> _Int:
    """Edges (i, j) of the minimum spanning tree of the points, via Delaunay."""
    n = len(la)
    if n < 3:
        return np.array([[0, 1]], dtype=np.int64) if n == 2 else np.zeros((0, 2), np.int64)
    # Equirectangular plane around the points' centre: fine for one province's extent.
    skala = math.cos(math.radians(float(np.mean(la))))
    bidang = np.column_stack((lo * skala, la))
    try:
        segitiga = Delaunay(bidang).simplices
    except QhullError:  # all points on a line: chain them in order along it
        urut = np.lexsort((la, lo))
        return np.column_stack((urut[:-1], urut[1:])).astype(np.int64)
    sisi = np.concatenate((segitiga[:, [0, 1]], segitiga[:, [1, 2]], segitiga[:, [0, 2]]))
    sisi = np.unique(np.sort(sisi, axis=1), axis=0)
    panjang = np.linalg.norm(xyz[sisi[:, 0]] - xyz[sisi[:, 1]], axis=1) + 1e-6
    pohon = minimum_spanning_tree(csr_matrix((panjang, (sisi[:, 0], sisi[:, 1])), shape=(n, n)))
    pohon = pohon.tocoo()
    return np.column_stack((pohon.row, pohon.col)).astype(np.int64)


def pulau(jaringan: Jaringan) -> _Int:
    """Label each node with its connected component (an island, as far as roads go)."""
    _, label = connected_components(jaringan.matriks_waktu(), directed=True, connection="weak")
    return np.asarray(label, dtype=np.int64)


# --- snapping -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Tambatan:
    """Where places join the network: the node and the straight distance to it."""

    simpul: _Int
    jarak_m: _Float


def tambatkan(jaringan: Jaringan, lat: _Float, lon: _Float) -> Tambatan:
    """Snap each point to its nearest network node.

    Any node, even one with no edge left: a place on an island no road reaches must stay
    there (unreachable until a leg serves it), not jump across the water to the mainland.
    """
    la, lo = np.asarray(lat, dtype=float), np.asarray(lon, dtype=float)
    if jaringan.jumlah_simpul == 0:
        raise ValueError("Jaringan kosong: tidak ada simpul untuk ditambatkan")
    _, i = jaringan.pohon().query(_xyz(la, lo), k=1)
    simpul = np.asarray(i, dtype=np.int64)
    return Tambatan(simpul, jarak_bola_m(la, lo, jaringan.lat[simpul], jaringan.lon[simpul]))


# --- water and air legs -------------------------------------------------------------------


@dataclass(frozen=True)
class LintasanAir:
    """A water or air leg between two points, both ways, with its crossing time."""

    id: int
    moda: str  # "laut" | "udara"
    asal_lat: float
    asal_lon: float
    tujuan_lat: float
    tujuan_lon: float
    durasi_menit: float


def gabung_lintasan(jaringan: Jaringan, lintasan: Sequence[LintasanAir]) -> Jaringan:
    """Add the legs as edges between their ends (both directions).

    Each end becomes a node of its own (the port or airstrip) linked by road to the nearest
    node: the drive to the port is counted, a leg's own length and time stay its own, and a
    leg never stands parallel to a road edge (the graph keeps one edge per pair of nodes).
    """
    if not lintasan:
        return jaringan
    j = jaringan
    n = j.jumlah_simpul
    ujung_lat = np.array([x for s in lintasan for x in (s.asal_lat, s.tujuan_lat)])
    ujung_lon = np.array([x for s in lintasan for x in (s.asal_lon, s.tujuan_lon)])
    tambat = tambatkan(j, ujung_lat, ujung_lon)
    pelabuhan = np.arange(n, n + len(ujung_lat), dtype=np.int64)
    akses_m = tambat.jarak_m * FAKTOR_LIKU
    akses_s = akses_m / (KECEPATAN_AKSES_KMJ / 3.6)
    asal_l, tujuan_l = pelabuhan[0::2], pelabuhan[1::2]
    lurus = jarak_bola_m(ujung_lat[0::2], ujung_lon[0::2], ujung_lat[1::2], ujung_lon[1::2])
    durasi = np.array([s.durasi_menit * 60.0 for s in lintasan])
    moda = np.array([MODA.index(s.moda) for s in lintasan], dtype=np.int8)
    ids = np.array([s.id for s in lintasan], dtype=np.int64)
    k = len(pelabuhan)
    tambah_asal = np.concatenate((pelabuhan, tambat.simpul, asal_l, tujuan_l))
    tambah_tujuan = np.concatenate((tambat.simpul, pelabuhan, tujuan_l, asal_l))
    tambah_m = np.concatenate((akses_m, akses_m, lurus, lurus))
    tambah_s = np.concatenate((akses_s, akses_s, durasi, durasi))
    tambah_moda = np.concatenate((np.zeros(2 * k, dtype=np.int8), moda, moda))
    tambah_id = np.concatenate((np.full(2 * k, -1, dtype=np.int64), ids, ids))
    lintasan_lama = np.full(j.jumlah_ruas, -1, dtype=np.int64) if j.lintasan is None else j.lintasan
    return rapikan(
        Jaringan(
            lat=np.concatenate((j.lat, ujung_lat)),
            lon=np.concatenate((j.lon, ujung_lon)),
            asal=np.concatenate((j.asal, tambah_asal)),
            tujuan=np.concatenate((j.tujuan, tambah_tujuan)),
            jarak_m=np.concatenate((j.jarak_m, tambah_m)),
            waktu_s=np.concatenate((j.waktu_s, tambah_s)),
            moda=np.concatenate((j.moda, tambah_moda)),
            bentuk_awal=_bentuk_lurus(j, len(tambah_asal)),
            bentuk_lat=j.bentuk_lat,
            bentuk_lon=j.bentuk_lon,
            lintasan=np.concatenate((lintasan_lama, tambah_id)),
        )
    )


def _bentuk_lurus(j: Jaringan, tambahan: int) -> _Int | None:
    """Shape offsets extended by `tambahan` straight edges (no bends)."""
    if j.bentuk_awal is None:
        return None
    return np.concatenate((j.bentuk_awal, np.full(tambahan, j.bentuk_awal[-1])))


# --- blocked segments ---------------------------------------------------------------------


@dataclass(frozen=True)
class Penutupan:
    """A blocked road: between two points (the road from one to the other), or around one."""

    asal_lat: float
    asal_lon: float
    tujuan_lat: float | None = None
    tujuan_lon: float | None = None
    radius_m: float = RADIUS_TUTUP_M


def ruas_ditutup(jaringan: Jaringan, penutupan: Sequence[Penutupan]) -> NDArray[np.bool_]:
    """Return which edges the blocks close (road edges only; ships and planes still run).

    Two points close the road between them: the edges of the fastest road path from the node
    nearest one to the node nearest the other (both directions). One point closes every road
    edge with an end within its radius, or whose straight line passes that close.
    """
    j = jaringan
    tutup = np.zeros(j.jumlah_ruas, dtype=bool)
    darat = j.moda == DARAT
    for p in penutupan:
        if p.tujuan_lat is None or p.tujuan_lon is None:
            tutup |= darat & _dekat_titik(j, p.asal_lat, p.asal_lon, p.radius_m)
            continue
        t = tambatkan(j, np.array([p.asal_lat, p.tujuan_lat]), np.array([p.asal_lon, p.tujuan_lon]))
        a, b = int(t.simpul[0]), int(t.simpul[1])
        if a == b:
            tutup |= darat & _dekat_titik(j, p.asal_lat, p.asal_lon, p.radius_m)
            continue
        darat_saja = _pilih_ruas(j, np.flatnonzero(darat))
        jalur = jalur_simpul(darat_saja, a, b)
        if not jalur:
            continue
        pasangan = set(zip(jalur[:-1], jalur[1:], strict=True))
        pasangan |= {(v, u) for u, v in pasangan}
        kunci = j.asal * j.jumlah_simpul + j.tujuan
        tutup |= darat & np.isin(kunci, [u * j.jumlah_simpul + v for u, v in pasangan])
    return tutup


def _dekat_titik(j: Jaringan, lat: float, lon: float, radius_m: float) -> NDArray[np.bool_]:
    # Local plane in metres around the point: exact enough within a few kilometres.
    kx = math.cos(math.radians(lat)) * math.pi / 180 * JARI_BUMI_M
    ky = math.pi / 180 * JARI_BUMI_M
    ax, ay = (j.lon[j.asal] - lon) * kx, (j.lat[j.asal] - lat) * ky
    bx, by = (j.lon[j.tujuan] - lon) * kx, (j.lat[j.tujuan] - lat) * ky
    dx, dy = bx - ax, by - ay
    panjang2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(panjang2 > 0, np.clip(-(ax * dx + ay * dy) / panjang2, 0.0, 1.0), 0.0)
    jarak = np.hypot(ax + s * dx, ay + s * dy)
    return np.asarray(jarak <= radius_m)


def tanpa_ruas(jaringan: Jaringan, buang: NDArray[np.bool_]) -> Jaringan:
    """Return the network without the flagged edges."""
    if not buang.any():
        return jaringan
    return _pilih_ruas(jaringan, np.flatnonzero(~buang))


# --- shortest paths -----------------------------------------------------------------------


@dataclass(frozen=True)
class PohonJalur:
    """Fastest times (s) from some sources to every node, and the predecessor of each node."""

    sumber: _Int
    waktu_s: _Float  # (len(sumber), n), inf where unreachable
    pendahulu: NDArray[np.int32]  # (len(sumber), n), -9999 at the source and unreachable


def jalur_tercepat(
    jaringan: Jaringan, sumber: Sequence[int] | _Int, batas_s: float = np.inf
) -> PohonJalur:
    """Run Dijkstra (by time) from each source node, searching no further than `batas_s`."""
    s = np.asarray(sumber, dtype=np.int64)
    waktu, pendahulu = dijkstra(
        jaringan.matriks_waktu(), directed=True, indices=s, return_predecessors=True,
        limit=batas_s,
    )  # fmt: skip
    return PohonJalur(s, np.atleast_2d(waktu), np.atleast_2d(pendahulu))


def batas_lewat_pusat(jaringan: Jaringan, pusat: int, simpul: _Int) -> float:
    """Return a time no pair of the nodes needs more than: in to `pusat` plus out of it.

    Any pair is linked at worst through the centre (the depot), so a search between them can
    stop there; a matrix of one kecamatan then explores its surroundings, not the province.
    A node that cannot reach the centre, or be reached from it, is left out of the bound.
    """
    m = jaringan.matriks_waktu()
    keluar = np.asarray(dijkstra(m, directed=True, indices=pusat))[simpul]
    masuk = np.asarray(dijkstra(m.T.tocsr(), directed=True, indices=pusat))[simpul]
    keluar, masuk = keluar[np.isfinite(keluar)], masuk[np.isfinite(masuk)]
    return float(masuk.max(initial=0.0) + keluar.max(initial=0.0)) + 1.0


def jalur_dari_pohon(pohon: PohonJalur, baris: int, tujuan: int) -> list[int]:
    """Return the node path from source row `baris` to `tujuan` ([] when unreachable)."""
    if not np.isfinite(pohon.waktu_s[baris, tujuan]):
        return []
    jalur = [int(tujuan)]
    pendahulu = pohon.pendahulu[baris]
    while jalur[-1] != pohon.sumber[baris]:
        jalur.append(int(pendahulu[jalur[-1]]))
    jalur.reverse()
    return jalur


def jalur_simpul(jaringan: Jaringan, a: int, b: int) -> list[int]:
    """Return the fastest node path from a to b ([] when there is none)."""
    return jalur_dari_pohon(jalur_tercepat(jaringan, [a]), 0, b)


@dataclass(frozen=True)
class Langkah:
    """One edge walked: its mode, length, time, leg id (-1 road) and drawn points."""

    moda: int
    jarak_m: float
    waktu_s: float
    lintasan: int
    titik: tuple[tuple[float, float], ...]


class IndeksRuas:
    """Find the edge from u to v quickly (the network keeps one edge per ordered pair)."""

    def __init__(self, jaringan: Jaringan):
        self.j = jaringan
        kunci = jaringan.asal * jaringan.jumlah_simpul + jaringan.tujuan
        self._urut = np.argsort(kunci)
        self._kunci = kunci[self._urut]

    def ruas(self, u: int, v: int) -> int:
        k = u * self.j.jumlah_simpul + v
        i = int(np.searchsorted(self._kunci, k))
        if i >= len(self._kunci) or self._kunci[i] != k:
            raise KeyError((u, v))
        return int(self._urut[i])

    def ruas_jalur(self, jalur: Sequence[int]) -> _Int:
        """Return the edges of a node path at once (no drawing points), for matrices."""
        if len(jalur) < 2:
            return np.zeros(0, dtype=np.int64)
        u = np.asarray(jalur[:-1], dtype=np.int64)
        v = np.asarray(jalur[1:], dtype=np.int64)
        i = np.searchsorted(self._kunci, u * self.j.jumlah_simpul + v)
        return np.asarray(self._urut[i], dtype=np.int64)

    def langkah(self, jalur: Sequence[int]) -> list[Langkah]:
        """Turn a node path into the edges walked, with their drawn points."""
        j = self.j
        hasil = []
        for u, v in zip(jalur[:-1], jalur[1:], strict=True):
            e = self.ruas(u, v)
            titik = [(float(j.lat[u]), float(j.lon[u]))]
            if j.bentuk_awal is not None and j.bentuk_lat is not None and j.bentuk_lon is not None:
                a, b = int(j.bentuk_awal[e]), int(j.bentuk_awal[e + 1])
                titik += zip(j.bentuk_lat[a:b].tolist(), j.bentuk_lon[a:b].tolist(), strict=True)
            titik.append((float(j.lat[v]), float(j.lon[v])))
            hasil.append(
                Langkah(
                    moda=int(j.moda[e]),
                    jarak_m=float(j.jarak_m[e]),
                    waktu_s=float(j.waktu_s[e]),
                    lintasan=-1 if j.lintasan is None else int(j.lintasan[e]),
                    titik=tuple(titik),
                )
            )
        return hasil


# --- storage ------------------------------------------------------------------------------


def ke_bytes(jaringan: Jaringan) -> bytes:
    """Serialise a network as compressed .npz bytes (coordinates, edges, shapes)."""
    j = jaringan
    larik: dict[str, np.ndarray] = {
        "lat": j.lat,
        "lon": j.lon,
        "asal": j.asal.astype(np.int32),
        "tujuan": j.tujuan.astype(np.int32),
        "jarak_m": j.jarak_m.astype(np.float32),
        "waktu_s": j.waktu_s.astype(np.float32),
        "moda": j.moda,
    }
    if j.bentuk_awal is not None and j.bentuk_lat is not None and j.bentuk_lon is not None:
        larik |= {
            "bentuk_awal": j.bentuk_awal,
            "bentuk_lat": j.bentuk_lat.astype(np.float32),
            "bentuk_lon": j.bentuk_lon.astype(np.float32),
        }
    buf = io.BytesIO()
    np.savez_compressed(buf, allow_pickle=False, **larik)
    return buf.getvalue()


def dari_bytes(data: bytes) -> Jaringan:
    """Read a network written by `ke_bytes`."""
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        ada_bentuk = "bentuk_awal" in z.files
        return Jaringan(
            lat=z["lat"].astype(float),
            lon=z["lon"].astype(float),
            asal=z["asal"].astype(np.int64),
            tujuan=z["tujuan"].astype(np.int64),
            jarak_m=z["jarak_m"].astype(float),
            waktu_s=z["waktu_s"].astype(float),
            moda=z["moda"].astype(np.int8),
            bentuk_awal=z["bentuk_awal"].astype(np.int64) if ada_bentuk else None,
            bentuk_lat=z["bentuk_lat"].astype(float) if ada_bentuk else None,
            bentuk_lon=z["bentuk_lon"].astype(float) if ada_bentuk else None,
        )


# --- timetables ---------------------------------------------------------------------------

HARI = {
    "sen": 0, "senin": 0, "sel": 1, "selasa": 1, "rab": 2, "rabu": 2, "kam": 3, "kamis": 3,
    "jum": 4, "jumat": 4, "sab": 5, "sabtu": 5, "min": 6, "minggu": 6, "ahad": 6,
}  # fmt: skip
# A sailing or flight with days but no hour is taken to leave at this hour.
JAM_BERANGKAT_BAWAAN = dt.time(8, 0)


@dataclass(frozen=True)
class Jadwal:
    """When a leg runs: weekdays (Monday = 0) and an hour; None = any day / any time."""

    hari: frozenset[int] | None
    jam: dt.time | None


def baca_jadwal(teks: str) -> Jadwal:
    """Read a timetable as admins write it: "Sen, Kam 08.00", "Sen–Sab", "setiap hari".

    Text with no day in it (e.g. "sewa, cuaca baik") puts no limit on the day.
    """
    s = teks.lower().replace("'", "")
    jam = None
    cocok = re.search(r"\b([01]?\d|2[0-3])[.:]([0-5]\d)\b", s)
    if cocok:
        jam = dt.time(int(cocok.group(1)), int(cocok.group(2)))
    if "setiap hari" in s or "tiap hari" in s or "harian" in s:
        return Jadwal(None, jam)
    hari: set[int] = set()
    kata = re.findall(r"[a-z]+|[-–]", s)
    for i, k in enumerate(kata):
        if k not in HARI:
            continue
        hari.add(HARI[k])
        if i + 2 < len(kata) and kata[i + 1] in "-–" and kata[i + 2] in HARI:
            a, b = HARI[k], HARI[kata[i + 2]]
            hari.update((a + d) % 7 for d in range((b - a) % 7 + 1))
    return Jadwal(frozenset(hari) if hari else None, jam)


def berangkat_paling_lambat(
    kaki: Sequence[tuple[float, Jadwal | None]], tiba: dt.datetime
) -> dt.datetime | None:
    """Return the latest start that still arrives by `tiba`, walking the legs backwards.

    Each leg is (hours, timetable or None for a road). A scheduled leg must be caught on one
    of its days at its hour (JAM_BERANGKAT_BAWAAN when none is given), so a ship that sails
    Monday and Thursday moves the start back to the last sailing that lands in time — not
    just the crossing's hours before the deadline. None when no sailing fits in four weeks.
    """
    t = tiba
    for jam, jadwal in reversed(kaki):
        paling_lambat = t - dt.timedelta(hours=jam)
        if jadwal is None or (jadwal.hari is None and jadwal.jam is None):
            t = paling_lambat
            continue
        pukul = jadwal.jam or JAM_BERANGKAT_BAWAAN
        hari = paling_lambat.date()
        for _ in range(29):
            calon = dt.datetime.combine(hari, pukul, paling_lambat.tzinfo)
            if calon <= paling_lambat and (jadwal.hari is None or hari.weekday() in jadwal.hari):
                break
            hari -= dt.timedelta(days=1)
        else:
            return None
        t = calon
    return t
