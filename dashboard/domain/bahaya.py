"""Hazard zones (bahaya) and route risk: reading a layer of any schema, crossings, grades.

Offices hold hazard layers in whatever shape their source gave them (InaRISK exports, BPBD
shapefiles, a GeoPackage drawn by hand), so the import maps their columns and values onto our
vocabulary instead of asking for one schema. The route grade is a rule a person can check:

- Exposure score = 3 x km inside 'tinggi' zones + 2 x km inside 'sedang' + 1 x km inside
  'rendah' (each km of road counts once, under the highest zone it lies in). A score of at
  least `AMBANG_RAWAN` (0,3: 100 m of a high zone, 300 m of a low one) makes a route *rawan*,
  at least `AMBANG_SANGAT_RAWAN` (3: 1 km of a high zone, 3 km of a low one) *sangat rawan*.
- A sea or air leg makes it at least *rawan* (weather can hold a boat or plane and there is no
  other way); a sea or air leg on a route that also crosses hazards makes it *sangat rawan*.
- An active road incident (flood, landslide, road access, security) whose region point lies
  within `JARAK_KEJADIAN_RUTE_KM` of the route makes it *rawan*, or *sangat rawan* when the
  incident is 'tinggi' or 'kritis'.
- A route without a path (the destination cannot be reached on the network) is *sangat rawan*:
  nothing is known about the way there.

The grade is the highest any rule gives; every rule that fired is said in words.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import shapely
from shapely import Geometry

from dashboard.domain import geometri
from dashboard.domain.angka import format_desimal
from dashboard.domain.kejadian import BOBOT_KEPARAHAN
from dashboard.domain.kelas import BURUK_KE_BAIK

JENIS_BAHAYA = {
    "banjir": "Banjir",
    "longsor": "Tanah longsor",
    "gempa": "Gempa bumi",
    "tsunami": "Tsunami",
    "erupsi": "Erupsi gunung api",
    "lainnya": "Lainnya",
}
TINGKAT_BAHAYA = {"rendah": "Rendah", "sedang": "Sedang", "tinggi": "Tinggi"}
BOBOT_TINGKAT = {"rendah": 1, "sedang": 2, "tinggi": 3}
TINGKAT_BAWAAN = "sedang"  # a layer that grades nothing: every zone counts as medium

TINGKAT_RISIKO = {"aman": "Aman", "rawan": "Rawan", "sangat_rawan": "Sangat rawan"}
_URUT_RISIKO = {"aman": 0, "rawan": 1, "sangat_rawan": 2}
TAHAP_RUTE = {"ppk": "Gudang → PPK", "pps": "PPK → PPS"}
SUMBER_RISIKO = ("hitung", "manual")

AMBANG_RAWAN = 0.3
AMBANG_SANGAT_RAWAN = 3.0
JARAK_KEJADIAN_RUTE_KM = 3.0
JARAK_KEJADIAN_BAHAYA_KM = 5.0
MODA_TERPENCIL = {"laut": "laut", "udara": "udara"}
JENIS_KEJADIAN_JALAN = ("banjir", "longsor", "akses_jalan", "keamanan")
KEPARAHAN_BERAT = ("tinggi", "kritis")

TOLERANSI_KM = 0.05  # 50 m: invisible at the zoom a route is read at, a fraction of the vertices
MAKS_TITIK_FITUR = 5000  # a zone with more vertices is simplified harder until it fits
BATAS_PROVINSI_DERAJAT = 0.1  # a province's box = its regions' points, widened ~11 km

# Column names tried, lower-cased, in order: ours, Indonesian agencies' (InaRISK, BPBD, BIG
# RBI 'NAMOBJ'), and English ones.
KOLOM_JENIS = (
    "jenis", "jenis_bahaya", "jenis_bencana", "bencana", "kategori", "kategori_bencana",
    "hazard", "hazard_type", "jenis_zona", "type", "tipe", "kelas",
)  # fmt: skip
KOLOM_TINGKAT = (
    "tingkat", "tingkat_bahaya", "tingkat_risiko", "kelas_bahaya", "kelas", "level",
    "hazard_level", "risk_level", "indeks", "indeks_bahaya", "index", "risk", "risiko",
    "class", "gridcode", "kategori",
)  # fmt: skip
KOLOM_NAMA = (
    "nama", "name", "namobj", "nama_zona", "nama_bahaya", "judul", "label", "keterangan",
    "ket", "remark", "deskripsi", "description",
)  # fmt: skip

# Words (after normalising: lower case, ASCII, single spaces) that name a kind of hazard.
_KATA_JENIS = {
    "banjir": ("banjir", "flood", "flooding", "floods", "genangan", "rob", "inundation", "bandang"),
    "longsor": (
        "longsor", "landslide", "landslides", "gerakan tanah", "gerakantanah", "mass movement",
        "tanah longsor", "ls",
    ),
    "gempa": ("gempa", "gempabumi", "gempa bumi", "earthquake", "seismic", "eq", "sesar", "fault"),
    "tsunami": ("tsunami",),
    "erupsi": (
        "erupsi", "letusan", "gunung api", "gunungapi", "volcano", "volcanic", "eruption", "krb",
        "lahar", "awan panas",
    ),
    "lainnya": (
        "lainnya", "other", "others", "kebakaran", "kekeringan", "abrasi", "cuaca ekstrem",
        "angin", "fire", "drought",
    ),
}  # fmt: skip
_KATA_TINGKAT = {
    "rendah": ("rendah", "low", "ringan", "kecil", "minor", "krb i", "kelas i"),
    "sedang": ("sedang", "medium", "moderate", "menengah", "krb ii", "kelas ii"),
    "tinggi": (
        "tinggi", "high", "berat", "besar", "severe", "extreme", "ekstrem", "krb iii",
        "kelas iii", "very high",
    ),
}  # fmt: skip


def normal(teks: object) -> str:
    """Lower-case ASCII words separated by single spaces ('Tanah_Longsor ' → 'tanah longsor')."""
    s = unicodedata.normalize("NFKD", str(teks)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


def _cocok_kata(nilai: str, kamus: Mapping[str, Sequence[str]]) -> str | None:
    """The one key whose words appear in the value as whole words; None for none or several."""
    s = normal(nilai)
    if not s:
        return None
    for kunci, kata in kamus.items():  # an exact value first: 'banjir', 'krb iii'
        if s == kunci or s in kata:
            return kunci
    bertanda = f" {s} "
    temu = {k for k, kata in kamus.items() for w in (k, *kata) if f" {w} " in bertanda}
    return temu.pop() if len(temu) == 1 else None


def jenis_dari_nilai(nilai: object) -> str | None:
    """Map a hazard-kind value ('BANJIR', 'Flood', 'Tanah Longsor') to ours, or None."""
    if nilai is None or isinstance(nilai, float) and math.isnan(nilai):
        return None
    return _cocok_kata(str(nilai), _KATA_JENIS)


def _angka(nilai: object) -> float | None:
    if isinstance(nilai, bool) or nilai is None:
        return None
    if isinstance(nilai, int | float | np.integer | np.floating):
        f = float(nilai)
        return None if math.isnan(f) else f
    try:
        return float(str(nilai).strip().replace(",", "."))
    except ValueError:
        return None


def skala_indeks(nilai: Iterable[object]) -> bool:
    """Tell whether a level column is a 0–1 index (InaRISK) rather than classes 1, 2, 3.

    Decided for the whole column: values all within 0..1 with any fraction among them.
    """
    angka = [a for a in (_angka(v) for v in nilai) if a is not None]
    return bool(angka) and all(0 <= a <= 1 for a in angka) and any(a != int(a) for a in angka)


def tingkat_dari_nilai(nilai: object, indeks: bool = False) -> str | None:
    """Map a level value ('tinggi', 'High', 3, 0.72 on an index column) to ours, or None.

    Classes: 1 or less rendah, 2 sedang, 3 or more tinggi. A 0–1 index splits in thirds.
    """
    if nilai is None:
        return None
    a = _angka(nilai)
    if a is not None:
        if indeks:
            return "rendah" if a < 1 / 3 else "sedang" if a < 2 / 3 else "tinggi"
        return "rendah" if a <= 1 else "sedang" if a < 3 else "tinggi"
    if isinstance(nilai, float):
        return None
    return _cocok_kata(str(nilai), _KATA_TINGKAT)


# -- mapping a layer's columns -----------------------------------------------------------------


@dataclass(frozen=True)
class Pemetaan:
    """What the person importing says about the layer (every field optional)."""

    jenis: str | None = None  # every feature is this kind
    tingkat: str | None = None  # every feature has this level
    kolom_jenis: str | None = None
    kolom_tingkat: str | None = None
    kolom_nama: str | None = None


@dataclass(frozen=True)
class FiturMentah:
    """A feature as read from a file: its attributes and a lon/lat geometry (None if absent)."""

    atribut: Mapping[str, object]
    geometri: Geometry | None
    nomor: int | None = None  # the feature's id in its file (GDAL's FID), to find it there


@dataclass(frozen=True)
class ZonaBaru:
    """A hazard zone ready to store: our vocabulary, a repaired and simplified lon/lat shape."""

    jenis: str
    tingkat: str
    nama: str
    geometri: Geometry

    @property
    def kotak(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat)."""
        minx, miny, maxx, maxy = self.geometri.bounds
        return (minx, miny, maxx, maxy)


@dataclass(frozen=True)
class HasilNormalisasi:
    """The zones of a layer and what the import decided on the way, in words."""

    zona: tuple[ZonaBaru, ...]
    kolom_jenis: str | None
    kolom_tingkat: str | None
    kolom_nama: str | None
    bukan_poligon: int
    di_luar_provinsi: int
    catatan: tuple[str, ...] = field(default=())


def _kolom(nama_kolom: Sequence[str], diminta: str | None, calon: Sequence[str]) -> list[str]:
    """The columns to try: the one asked for (refused if absent), else candidates present."""
    rendah = {k.lower(): k for k in nama_kolom}
    if diminta is not None:
        if diminta.lower() not in rendah:
            raise ValueError(
                f"Kolom '{diminta}' tidak ada di berkas; kolom yang ada: "
                f"{', '.join(nama_kolom) or '(tidak ada)'}"
            )
        return [rendah[diminta.lower()]]
    return [rendah[c] for c in calon if c in rendah]


def _nilai_tak_dikenal(nilai: Iterable[object]) -> str:
    beda = sorted({str(v) for v in nilai})
    lebih = f" dan {len(beda) - 5} lainnya" if len(beda) > 5 else ""
    return ", ".join(f"'{v}'" for v in beda[:5]) + lebih


def _pilih_jenis(
    fitur: Sequence[FiturMentah], kolom: Sequence[str], pemetaan: Pemetaan, petunjuk: Sequence[str]
) -> tuple[str | None, list[str]]:
    """Return (column used, kind per feature) or raise naming the column and its values."""
    if pemetaan.jenis is not None:
        jenis = jenis_dari_nilai(pemetaan.jenis)
        if jenis is None:
            raise ValueError(
                f"Jenis '{pemetaan.jenis}' tidak dikenal; pilih: {', '.join(JENIS_BAHAYA)}"
            )
        return None, [jenis] * len(fitur)
    calon = _kolom(kolom, pemetaan.kolom_jenis, KOLOM_JENIS)
    for k in calon:
        per_fitur = [jenis_dari_nilai(f.atribut.get(k)) for f in fitur]
        if all(j is not None for j in per_fitur):
            return k, [j for j in per_fitur if j is not None]
    if calon:
        k = calon[0]
        salah = [f.atribut.get(k) for f in fitur if jenis_dari_nilai(f.atribut.get(k)) is None]
        raise ValueError(
            f"Kolom '{k}' berisi nilai yang tidak dikenal sebagai jenis bahaya: "
            f"{_nilai_tak_dikenal(salah)} ({len(salah)} fitur); jenis yang dikenal: "
            f"{', '.join(JENIS_BAHAYA)}. Tentukan dengan --jenis JENIS atau --kolom-jenis KOLOM"
        )
    for teks in petunjuk:  # no column at all: a layer or file named 'zona_banjir'
        jenis_ = jenis_dari_nilai(teks)
        if jenis_ is not None:
            return None, [jenis_] * len(fitur)
    raise ValueError(
        "Jenis bahaya tidak dapat ditentukan: tidak ada kolom jenis (dicari: "
        f"{', '.join(KOLOM_JENIS)}); kolom yang ada: {', '.join(kolom) or '(tidak ada)'}. "
        "Tentukan dengan --jenis JENIS atau --kolom-jenis KOLOM"
    )


def _pilih_tingkat(
    fitur: Sequence[FiturMentah], kolom: Sequence[str], pemetaan: Pemetaan, kolom_jenis: str | None
) -> tuple[str | None, list[str]]:
    """Return (column used, level per feature); TINGKAT_BAWAAN when the layer grades nothing."""
    if pemetaan.tingkat is not None:
        tingkat = tingkat_dari_nilai(pemetaan.tingkat)
        if tingkat is None:
            raise ValueError(
                f"Tingkat '{pemetaan.tingkat}' tidak dikenal; pilih: {', '.join(TINGKAT_BAHAYA)}"
            )
        return None, [tingkat] * len(fitur)
    calon = [
        k
        for k in _kolom(kolom, pemetaan.kolom_tingkat, KOLOM_TINGKAT)
        if k != kolom_jenis or pemetaan.kolom_tingkat is not None
    ]
    for k in calon:
        nilai = [f.atribut.get(k) for f in fitur]
        indeks = skala_indeks(nilai)
        per_fitur = [tingkat_dari_nilai(v, indeks) for v in nilai]
        if all(t is not None for t in per_fitur):
            return k, [t for t in per_fitur if t is not None]
    if pemetaan.kolom_tingkat is not None:
        k = calon[0]
        nilai = [f.atribut.get(k) for f in fitur]
        indeks = skala_indeks(nilai)
        salah = [v for v in nilai if tingkat_dari_nilai(v, indeks) is None]
        raise ValueError(
            f"Kolom '{k}' berisi nilai yang tidak dikenal sebagai tingkat bahaya: "
            f"{_nilai_tak_dikenal(salah)} ({len(salah)} fitur); pakai rendah/sedang/tinggi, "
            "low/medium/high, 1–3, atau indeks 0–1. Atau tentukan dengan --tingkat TINGKAT"
        )
    return None, [TINGKAT_BAWAAN] * len(fitur)


def _pilih_nama(kolom: Sequence[str], pemetaan: Pemetaan) -> str | None:
    calon = _kolom(kolom, pemetaan.kolom_nama, KOLOM_NAMA)
    return calon[0] if calon else None


def normalisasi_lapisan(
    fitur: Sequence[FiturMentah],
    kolom: Sequence[str],
    pemetaan: Pemetaan,
    kotak_provinsi: tuple[float, float, float, float] | None,
    petunjuk: Sequence[str] = (),
    label_berkas: str = "berkas",
) -> HasilNormalisasi:
    """Turn a layer of any schema into hazard zones, or raise ValueError saying what is wrong.

    `kolom` are the layer's column names; `petunjuk` texts that may name the kind when no
    column does (the layer's and the file's names). Zones are repaired, clipped to the
    province's box, simplified; features that are not polygons (points, lines) are counted
    and left out, as are zones wholly outside the province.
    """
    if not fitur:
        raise ValueError(f"{label_berkas} tidak berisi fitur satu pun")
    tanpa = [i for i, f in enumerate(fitur, start=1) if f.geometri is None or f.geometri.is_empty]
    if len(tanpa) == len(fitur):
        raise ValueError(f"{label_berkas} tidak berisi geometri (semua {len(fitur)} fitur kosong)")
    if tanpa:
        raise ValueError(
            f"Fitur ke-{', '.join(map(str, tanpa[:5]))} di {label_berkas} tidak punya geometri"
        )
    kolom_jenis, jenis = _pilih_jenis(fitur, kolom, pemetaan, petunjuk)
    kolom_tingkat, tingkat = _pilih_tingkat(fitur, kolom, pemetaan, kolom_jenis)
    kolom_nama = _pilih_nama(kolom, pemetaan)
    catatan = []
    if kolom_tingkat is None and pemetaan.tingkat is None:
        catatan.append(
            f"Berkas tidak menyebut tingkat bahaya: semua zona dianggap {TINGKAT_BAWAAN} "
            "(tentukan dengan --tingkat atau --kolom-tingkat)"
        )
    zona: list[ZonaBaru] = []
    bukan_poligon = di_luar = 0
    for i, (f, j, t) in enumerate(zip(fitur, jenis, tingkat, strict=True), start=1):
        assert f.geometri is not None  # checked above
        g = rapikan(f.geometri)
        if g.is_empty:
            bukan_poligon += 1
            continue
        if kotak_provinsi is not None:
            g = geometri.poligonal(shapely.clip_by_rect(g, *kotak_provinsi))
            if g.is_empty:
                di_luar += 1
                continue
        nama = str(f.atribut.get(kolom_nama) or "").strip() if kolom_nama else ""
        nama = (
            nama or f"{JENIS_BAHAYA[j]} {t} ({label_berkas} #{i if f.nomor is None else f.nomor})"
        )
        zona.append(ZonaBaru(j, t, nama[:200], sederhanakan(g)))
    if not zona and bukan_poligon and not di_luar:
        raise ValueError(
            f"{label_berkas} tidak berisi poligon ({bukan_poligon} fitur titik/garis); zona "
            "bahaya harus berupa poligon"
        )
    if not zona:
        raise ValueError(
            f"Tidak ada zona {label_berkas} di dalam wilayah provinsi ({di_luar} fitur di luar); "
            "periksa sistem koordinat berkas atau --provinsi"
        )
    if bukan_poligon:
        catatan.append(f"{bukan_poligon} fitur titik/garis dilewati (hanya poligon yang dipakai)")
    return HasilNormalisasi(
        zona=tuple(zona),
        kolom_jenis=kolom_jenis,
        kolom_tingkat=kolom_tingkat,
        kolom_nama=kolom_nama,
        bukan_poligon=bukan_poligon,
        di_luar_provinsi=di_luar,
        catatan=tuple(catatan),
    )


def rapikan(geom: Geometry) -> Geometry:
    """Repair a shape (make_valid) and keep its polygons; empty when it has none."""
    return geometri.poligonal(geom)


def sederhanakan(geom: Geometry, toleransi_km: float = TOLERANSI_KM) -> Geometry:
    """Simplify a lon/lat zone for drawing and crossing, in km, harder while it is too big.

    A zone that simplification would empty keeps its (rounded) shape.
    """
    proyeksi = geometri.Proyeksi((geom.bounds[0] + geom.bounds[2]) / 2)
    km = proyeksi.ke_km(geom)
    toleransi = toleransi_km
    while True:
        halus = geometri.poligonal(km.simplify(toleransi, preserve_topology=True))
        if halus.is_empty:
            halus = km
            break
        if shapely.get_num_coordinates(halus) <= MAKS_TITIK_FITUR:
            break
        toleransi *= 2
    hasil = geometri.bulatkan(proyeksi.ke_lonlat(halus))
    return hasil if not hasil.is_empty else geometri.bulatkan(geom)


def kotak_dari_titik(
    lon: Sequence[float], lat: Sequence[float], tepi: float = BATAS_PROVINSI_DERAJAT
) -> tuple[float, float, float, float] | None:
    """The box around a province's region points, widened by `tepi` degrees (None: no points)."""
    x = [v for v in lon if v is not None and not math.isnan(v)]
    y = [v for v in lat if v is not None and not math.isnan(v)]
    if not x or not y:
        return None
    return (min(x) - tepi, min(y) - tepi, max(x) + tepi, max(y) + tepi)


# -- stored zones, crossings -------------------------------------------------------------------


@dataclass(frozen=True)
class ZonaBahaya:
    """A stored hazard zone as the rules see it (lon/lat shape)."""

    id: int
    jenis: str
    tingkat: str
    nama: str
    geometri: Geometry

    @property
    def label(self) -> str:
        """'zona banjir tinggi (Banjir Demak 2024)'."""
        return f"zona {JENIS_BAHAYA[self.jenis].lower()} {self.tingkat} ({self.nama})"


@dataclass(frozen=True)
class Perlintasan:
    """A route's stretch inside one hazard zone."""

    bahaya_id: int
    jenis: str
    tingkat: str
    nama: str
    panjang_km: float

    @property
    def teks(self) -> str:
        """'2,3 km zona banjir tinggi (Banjir Demak 2024)'."""
        return (
            f"{km(self.panjang_km)} km zona {JENIS_BAHAYA[self.jenis].lower()} {self.tingkat} "
            f"({self.nama})"
        )


def km(nilai: float) -> str:
    """A distance the Indonesian way, one decimal: '2,3'."""
    return format_desimal(nilai)


class IndeksBahaya:
    """Hazard zones projected once to km around the middle of their area, with a spatial index.

    The sinusoidal projection keeps lengths along a route within a fraction of a percent over
    a province's width at Indonesia's latitudes, which is all a grade needs.
    """

    def __init__(self, zona: Sequence[ZonaBahaya], lon0: float | None = None):
        self.zona = tuple(zona)
        if lon0 is None:
            batas = [z.geometri.bounds for z in self.zona]
            lon0 = (min(b[0] for b in batas) + max(b[2] for b in batas)) / 2 if batas else 0.0
        self.proyeksi = geometri.Proyeksi(lon0)
        self._km = np.array([self.proyeksi.ke_km(z.geometri) for z in self.zona], dtype=object)
        shapely.prepare(self._km)  # many segments are tested against each zone
        self._pohon = shapely.STRtree(self._km)

    def garis_km(self, jalur: Sequence[tuple[float, float]]) -> Geometry:
        """A (lat, lon) polyline as a line in the index's km plane (a point for one vertex)."""
        if not len(jalur):
            return shapely.LineString()
        xy = self.proyeksi.titik_km(
            np.array([p[1] for p in jalur], dtype="float64"),
            np.array([p[0] for p in jalur], dtype="float64"),
        )
        return shapely.LineString(xy) if len(xy) > 1 else shapely.Point(xy[0])

    def perlintasan(self, garis: Geometry) -> tuple[tuple[Perlintasan, ...], dict[str, float]]:
        """Return the zones a km line crosses (longest first) and the km under each level.

        Each km is counted once, under the highest level of the zones it lies in, so two
        overlapping layers of the same flood do not double the exposure. The line is cut
        into its straight segments and each zone's stretch kept as an interval along its
        segment: overlaps become a 1-D union, and a road that crosses itself costs nothing
        extra (an overlay of the whole line would node it first).
        """
        paparan = dict.fromkeys(BOBOT_TINGKAT, 0.0)
        a, b = _ruas(garis)
        if not len(a):
            return (), paparan
        ruas = shapely.linestrings(np.stack([a, b], axis=1))
        i_ruas, i_zona = self._pohon.query(ruas, predicate="intersects")
        if not len(i_ruas):
            return (), paparan
        # A segment wholly inside a zone (most of a road's short segments) is its whole
        # length; only the ones crossing a boundary need an intersection.
        dalam = shapely.contains(self._km[i_zona], ruas[i_ruas])
        lintas = np.flatnonzero(~dalam)
        bagian, asal = shapely.get_parts(
            shapely.intersection(ruas[i_ruas[lintas]], self._km[i_zona[lintas]]),
            return_index=True,
        )
        garis_saja = shapely.get_type_id(bagian) == 1  # LineString: touching points add nothing
        bagian, asal = bagian[garis_saja], lintas[asal[garis_saja]]
        r, z = i_ruas[asal], i_zona[asal]
        arah = b[r] - a[r]
        panjang_ruas = np.hypot(arah[:, 0], arah[:, 1])
        t0 = _parameter(
            shapely.get_coordinates(shapely.get_point(bagian, 0)), a[r], arah, panjang_ruas
        )
        t1 = _parameter(
            shapely.get_coordinates(shapely.get_point(bagian, -1)), a[r], arah, panjang_ruas
        )
        penuh = np.flatnonzero(dalam)
        r = np.concatenate([i_ruas[penuh], r])
        z = np.concatenate([i_zona[penuh], z])
        panjang_penuh = np.hypot(*(b[i_ruas[penuh]] - a[i_ruas[penuh]]).T)
        dari = np.concatenate([np.zeros(len(penuh)), np.minimum(t0, t1)])
        ke = np.concatenate([panjang_penuh, np.maximum(t0, t1)])

        per_zona: dict[int, float] = {}
        selang: dict[int, list[tuple[float, float, int]]] = {}
        for ri, zi, d, k in zip(r.tolist(), z.tolist(), dari.tolist(), ke.tolist(), strict=True):
            if k > d:
                per_zona[zi] = per_zona.get(zi, 0.0) + (k - d)
                selang.setdefault(ri, []).append((d, k, BOBOT_TINGKAT[self.zona[zi].tingkat]))
        nama_bobot = {w: t for t, w in BOBOT_TINGKAT.items()}
        for daftar in selang.values():
            if len(daftar) == 1:  # the usual case: one zone on this segment
                d, k, w = daftar[0]
                paparan[nama_bobot[w]] += k - d
                continue
            for tingkat, km_ in _liputan_bertingkat(daftar).items():
                paparan[tingkat] += km_
        hasil = [
            Perlintasan(
                self.zona[i].id, self.zona[i].jenis, self.zona[i].tingkat, self.zona[i].nama, km_
            )
            for i, km_ in sorted(per_zona.items())
        ]
        hasil.sort(key=lambda p: (-BOBOT_TINGKAT[p.tingkat] * p.panjang_km, p.bahaya_id))
        return tuple(hasil), paparan

    def terdekat(
        self, lon: float, lat: float, jarak_maks_km: float
    ) -> tuple[ZonaBahaya, float] | None:
        """The zone nearest a lon/lat point within a distance, with its km (0 inside), or None.

        Between zones at the same distance the higher level wins.
        """
        x, y = self.proyeksi.titik_km(np.array([lon]), np.array([lat]))[0]
        titik = shapely.Point(x, y)
        calon = self._pohon.query(titik, predicate="dwithin", distance=jarak_maks_km)
        if not len(calon):
            return None
        jarak = {int(i): float(shapely.distance(titik, self._km[i])) for i in calon}
        z = self.zona
        i = min(jarak, key=lambda j: (jarak[j], -BOBOT_TINGKAT[z[j].tingkat], z[j].id))
        return z[i], jarak[i]

    def jarak_km(self, garis: Geometry, lon: float, lat: float) -> float:
        """Distance in km from a lon/lat point to a km line."""
        x, y = self.proyeksi.titik_km(np.array([lon]), np.array([lat]))[0]
        return float(shapely.distance(garis, shapely.Point(x, y)))


def _ruas(garis: Geometry) -> tuple[np.ndarray, np.ndarray]:
    """The start and end points (m, 2) of every non-zero straight segment of a (multi)line."""
    awal, akhir = [], []
    for bagian in shapely.get_parts(garis):
        if shapely.get_type_id(bagian) != 1:
            continue
        xy = shapely.get_coordinates(bagian)
        awal.append(xy[:-1])
        akhir.append(xy[1:])
    if not awal:
        return np.empty((0, 2)), np.empty((0, 2))
    a, b = np.concatenate(awal), np.concatenate(akhir)
    ada = np.any(a != b, axis=1)
    return a[ada], b[ada]


def _parameter(p: np.ndarray, a: np.ndarray, arah: np.ndarray, panjang: np.ndarray) -> np.ndarray:
    """Distance in km along each segment from its start to a point on it."""
    return np.clip(np.einsum("ij,ij->i", p - a, arah) / panjang, 0.0, panjang)


def _liputan_bertingkat(selang: Sequence[tuple[float, float, int]]) -> dict[str, float]:
    """Length under each level of intervals (from, to, weight) on one segment, each stretch
    counted once under the highest weight covering it."""
    tepi = sorted({x for d, k, _ in selang for x in (d, k)})
    nama = {v: t for t, v in BOBOT_TINGKAT.items()}
    hasil: dict[str, float] = {}
    for kiri, kanan in zip(tepi[:-1], tepi[1:], strict=True):
        tengah = (kiri + kanan) / 2
        bobot = max((w for d, k, w in selang if d <= tengah <= k), default=0)
        if bobot:
            hasil[nama[bobot]] = hasil.get(nama[bobot], 0.0) + (kanan - kiri)
    return hasil


# -- route grades ------------------------------------------------------------------------------


class KakiRute(Protocol):
    """One leg of a route as the grade needs it (services.rute.Kaki fits)."""

    @property
    def moda(self) -> str: ...
    @property
    def jalur(self) -> Sequence[tuple[float, float]]: ...


@dataclass(frozen=True)
class KejadianTitik:
    """An active incident at its region's point."""

    id: int
    judul: str
    jenis: str
    keparahan: str
    wilayah_kode: str
    wilayah_nama: str
    lon: float
    lat: float


@dataclass(frozen=True)
class KejadianDekat:
    """An active incident near a route or a hazard zone, with the distance."""

    kejadian: KejadianTitik
    jarak_km: float
    bahaya_id: int | None = None
    bahaya_nama: str = ""
    bahaya_jenis: str = ""
    bahaya_tingkat: str = ""


@dataclass(frozen=True)
class PenilaianRute:
    """A route's computed risk grade and why."""

    tingkat: str
    alasan: tuple[str, ...]
    skor: float
    paparan_km: Mapping[str, float]
    perlintasan: tuple[Perlintasan, ...]
    moda_terpencil: tuple[str, ...]
    kejadian: tuple[KejadianDekat, ...]

    @property
    def teks(self) -> str:
        """'rawan: melintasi 2,3 km zona banjir tinggi (Banjir Demak 2024)'."""
        return f"{TINGKAT_RISIKO[self.tingkat].lower()}: {'; '.join(self.alasan)}"


def lebih_berat(a: str, b: str) -> str:
    """The higher of two risk grades."""
    return a if _URUT_RISIKO[a] >= _URUT_RISIKO[b] else b


def skor_paparan(paparan: Mapping[str, float]) -> float:
    """3 x km tinggi + 2 x km sedang + 1 x km rendah."""
    return sum(BOBOT_TINGKAT[t] * v for t, v in paparan.items())


def nilai_rute(
    kaki: Sequence[KakiRute], indeks: IndeksBahaya | None, kejadian: Sequence[KejadianTitik] = ()
) -> PenilaianRute:
    """Grade one route from its legs, the hazard zones and the active incidents (module doc)."""
    jalur = [p for k in kaki for p in k.jalur]
    if not jalur:
        return PenilaianRute(
            tingkat="sangat_rawan",
            alasan=("tidak ada jalur: tujuan tidak terjangkau di jaringan",),
            skor=0.0,
            paparan_km=dict.fromkeys(BOBOT_TINGKAT, 0.0),
            perlintasan=(),
            moda_terpencil=(),
            kejadian=(),
        )
    perlintasan: tuple[Perlintasan, ...] = ()
    paparan = dict.fromkeys(BOBOT_TINGKAT, 0.0)
    dekat: list[KejadianDekat] = []
    if indeks is not None:
        # Land legs cross zones; a sea or air leg passes over them.
        darat = [indeks.garis_km(k.jalur) for k in kaki if k.moda not in MODA_TERPENCIL]
        garis = shapely.MultiLineString([g for g in darat if g.geom_type == "LineString"])
        if not garis.is_empty:
            perlintasan, paparan = indeks.perlintasan(garis)
    proyeksi_kejadian = indeks or IndeksBahaya((), lon0=jalur[0][1])
    semua = shapely.geometrycollections([proyeksi_kejadian.garis_km(k.jalur) for k in kaki])
    for kj in kejadian:
        if kj.jenis not in JENIS_KEJADIAN_JALAN or semua.is_empty:
            continue
        jarak = proyeksi_kejadian.jarak_km(semua, kj.lon, kj.lat)
        if jarak <= JARAK_KEJADIAN_RUTE_KM:
            dekat.append(KejadianDekat(kj, jarak))
    dekat.sort(
        key=lambda d: (-BOBOT_KEPARAHAN.get(d.kejadian.keparahan, 0), d.jarak_km, d.kejadian.id)
    )
    terpencil = tuple(dict.fromkeys(k.moda for k in kaki if k.moda in MODA_TERPENCIL))
    skor = skor_paparan(paparan)

    tingkat = "aman"
    alasan: list[str] = []
    if skor >= AMBANG_RAWAN:
        tingkat = "sangat_rawan" if skor >= AMBANG_SANGAT_RAWAN else "rawan"
        teks = [p.teks for p in perlintasan[:3]]
        if len(perlintasan) > 3:
            teks.append(f"dan {len(perlintasan) - 3} zona lain")
        alasan.append("melintasi " + ", ".join(teks))
    if terpencil:
        moda = " dan ".join(terpencil)
        if tingkat != "aman":
            tingkat = "sangat_rawan"
            alasan.append(f"juga bergantung pada kaki {moda}, tanpa jalan lain")
        else:
            tingkat = "rawan"
            alasan.append(f"bergantung pada kaki {moda}: cuaca dapat menunda keberangkatan")
    for d in dekat[:3]:
        k = d.kejadian
        berat = k.keparahan in KEPARAHAN_BERAT
        tingkat = lebih_berat(tingkat, "sangat_rawan" if berat else "rawan")
        alasan.append(
            f"kejadian aktif {k.jenis.replace('_', ' ')} ({k.keparahan}) {km(d.jarak_km)} km "
            f"dari rute: {k.judul}"
        )
    if not alasan:
        if perlintasan:
            alasan.append(f"hanya menyinggung zona bahaya ({km(sum(paparan.values()))} km)")
        else:
            alasan.append("tidak melintasi zona bahaya dan tidak ada kejadian aktif di dekat rute")
    return PenilaianRute(
        tingkat=tingkat,
        alasan=tuple(alasan),
        skor=round(skor, 3),
        paparan_km={t: round(v, 3) for t, v in paparan.items()},
        perlintasan=perlintasan,
        moda_terpencil=terpencil,
        kejadian=tuple(dekat),
    )


def kejadian_dekat_zona(
    zona: Sequence[ZonaBahaya],
    kejadian: Sequence[KejadianTitik],
    jarak_maks_km: float = JARAK_KEJADIAN_BAHAYA_KM,
) -> list[KejadianDekat]:
    """Active incidents whose region point lies within `jarak_maks_km` of a hazard zone.

    One row per incident, for the nearest zone (inside a zone: 0 km); worst first.
    """
    if not zona or not kejadian:
        return []
    indeks = IndeksBahaya(zona)
    hasil = []
    for kj in kejadian:
        temu = indeks.terdekat(kj.lon, kj.lat, jarak_maks_km)
        if temu is not None:
            z, jarak = temu
            hasil.append(KejadianDekat(kj, round(jarak, 3), z.id, z.nama, z.jenis, z.tingkat))
    hasil.sort(
        key=lambda d: (-BOBOT_KEPARAHAN.get(d.kejadian.keparahan, 0), d.jarak_km, d.kejadian.id)
    )
    return hasil


# -- the map layer -----------------------------------------------------------------------------

# Colours defined once: the map's style function reads them through `hideout` (GAYA_BAHAYA),
# the legend through `legenda_bahaya`, the routes through WARNA_RISIKO.
WARNA_JENIS = {
    "banjir": "#2c7bb6",
    "longsor": "#8c510a",
    "gempa": "#762a83",
    "tsunami": "#01665e",
    "erupsi": "#e34a33",
    "lainnya": "#636363",
}
OPASITAS_TINGKAT = {"rendah": 0.15, "sedang": 0.3, "tinggi": 0.5}
GAYA_BAHAYA = {"warna": WARNA_JENIS, "opasitas": OPASITAS_TINGKAT}
WARNA_RISIKO = {
    "aman": BURUK_KE_BAIK[4],
    "rawan": BURUK_KE_BAIK[1],
    "sangat_rawan": BURUK_KE_BAIK[0],
}


def legenda_bahaya(jenis: Iterable[str]) -> list[tuple[str, str]]:
    """(label, colour) for the kinds a layer holds, in our order, for the map legend."""
    ada = set(jenis)
    return [(JENIS_BAHAYA[j], WARNA_JENIS[j]) for j in JENIS_BAHAYA if j in ada]


@dataclass(frozen=True)
class BarisBahaya:
    """A stored zone for the map and the list: its row without the shape parsed."""

    id: int
    jenis: str
    tingkat: str
    nama: str
    geojson: str
    sumber_berkas: str


def koleksi_peta(baris: Sequence[BarisBahaya], maks_titik: int) -> dict:
    """Return zones as a FeatureCollection for the map, highest level first, bounded in size.

    Zones beyond `maks_titik` vertices in total are left out (the lowest levels first) and
    counted in the collection's `terpotong`, so the map can say so instead of stalling.
    """
    urut = sorted(baris, key=lambda b: (-BOBOT_TINGKAT[b.tingkat], b.jenis, b.id))
    fitur: list[dict] = []
    titik = 0
    for b in urut:
        geom = shapely.from_geojson(b.geojson)
        n = int(shapely.get_num_coordinates(geom))
        if fitur and titik + n > maks_titik:
            continue
        titik += n
        fitur.append(
            {
                "type": "Feature",
                "id": b.id,
                "properties": {
                    "id": b.id,
                    "jenis": b.jenis,
                    "jenis_label": JENIS_BAHAYA[b.jenis],
                    "tingkat": b.tingkat,
                    "bobot": BOBOT_TINGKAT[b.tingkat],
                    "nama": b.nama,
                    "sumber": b.sumber_berkas,
                },
                "geometry": json.loads(b.geojson),
            }
        )
    return {
        "type": "FeatureCollection",
        "features": fitur,
        "terpotong": len(urut) - len(fitur),
    }
