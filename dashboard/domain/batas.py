"""Pure parts of region boundaries: name and code matching, seed points, the map's features."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely import Geometry

from dashboard.domain import geometri
from dashboard.domain.wilayah import (
    KODE_NASIONAL,
    Tingkat,
    kabkota_dari,
    kedalaman,
    kode_bertitik,
    provinsi_dari,
    tingkat_kode,
)

PERKIRAAN = "perkiraan"
RESMI = "resmi"
TINGKAT_BERKAS = {"kabkota": Tingkat.KABKOTA, "kecamatan": Tingkat.KECAMATAN}
LABEL_TINGKAT = {Tingkat.KABKOTA: "kabkota", Tingkat.KECAMATAN: "kecamatan"}

# Property names tried for a region code, a name, a parent and a province, lower-cased:
# ours and cahyadsn's, BIG/RBI shapefiles (KDPKAB, WADMKK, ...), GADM and HDX COD-AB.
KUNCI_KODE = (
    "kode", "kode_wilayah", "kode_kemendagri", "kd_wilayah", "kode_bps", "kdpkab", "kdcpum",
    "kode_kabkota", "kabkota_kode", "kode_kab", "kd_kab", "kode_kecamatan", "kode_kec",
    "kd_kec", "adm2_pcode", "adm3_pcode", "id",
)  # fmt: skip
KUNCI_NAMA = {
    Tingkat.KABKOTA: (
        "nama", "name", "nama_kabkota", "kabkota", "kabupaten", "kab_kota", "wadmkk", "namobj",
        "name_2", "adm2_en", "nmkab",
    ),
    Tingkat.KECAMATAN: (
        "nama", "name", "nama_kecamatan", "kecamatan", "wadmkc", "namobj", "name_3", "adm3_en",
        "nmkec",
    ),
}  # fmt: skip
KUNCI_NAMA_INDUK = ("kabkota", "kabupaten", "nama_kabkota", "wadmkk", "name_2", "adm2_en", "nmkab")
KUNCI_PROVINSI = ("provinsi_kode", "kode_provinsi", "kdppum", "adm1_pcode")
KUNCI_NAMA_PROVINSI = ("provinsi", "nama_provinsi", "wadmpr", "name_1", "adm1_en", "province")
MIRIP = 0.75  # name similarity accepted for a spelling variant confirmed by location


@dataclass(frozen=True)
class TitikWilayah:
    """A region as boundary matching sees it: code, level, name and its point (if any)."""

    kode: str
    tingkat: int
    nama: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class BarisLapisan:
    """A region of a map layer with its stored shape (None when it has none)."""

    kode: str
    nama: str
    lon: float | None
    lat: float | None
    sumber: str | None
    geojson: str | None


# -- approximate boundaries ------------------------------------------------------------------


def titik_perkiraan(wilayah: pd.DataFrame) -> pd.DataFrame:
    """Return the points the boundaries grow from: lon, lat and the group (kecamatan) of each.

    A desa without coordinates stands at its kecamatan's point; a kecamatan without desa
    points at its own; a kab/kota with nothing below it at its own point (group = itself).
    """
    lon = wilayah.set_index("kode")["lon"]
    lat = wilayah.set_index("kode")["lat"]
    desa = wilayah[wilayah["tingkat"] == 4]
    titik = pd.DataFrame(
        {
            "lon": desa["lon"].fillna(desa["induk_kode"].map(lon)).to_numpy(),
            "lat": desa["lat"].fillna(desa["induk_kode"].map(lat)).to_numpy(),
            "kelompok": desa["induk_kode"].to_numpy(),
        }
    ).dropna()
    for tingkat in (3, 2):
        punya = set(titik["kelompok"]) | {kabkota_dari(k) for k in titik["kelompok"]}
        sendiri = wilayah[(wilayah["tingkat"] == tingkat) & ~wilayah["kode"].isin(punya)]
        sendiri = sendiri.dropna(subset=["lon", "lat"])
        tambahan = pd.DataFrame(
            {"lon": sendiri["lon"], "lat": sendiri["lat"], "kelompok": sendiri["kode"]}
        )
        titik = pd.concat([titik, tambahan], ignore_index=True)
    return titik.astype({"lon": "float64", "lat": "float64"})


def liputan_perkiraan(
    titik: pd.DataFrame, parameter: geometri.ParameterPerkiraan = geometri.PARAMETER
) -> dict[str, Geometry]:
    """Grow kecamatan shapes from the points, merge them into kab/kota, round to lon/lat."""
    if not len(titik):
        return {}
    kec_ke_kab = {k: kabkota_dari(k) for k in titik["kelompok"].unique()}
    proyeksi = geometri.proyeksi_untuk(titik["lon"])
    xy = proyeksi.titik_km(titik["lon"].to_numpy(), titik["lat"].to_numpy())
    liputan = geometri.liputan_voronoi(xy, titik["kelompok"].tolist(), parameter)
    liputan |= geometri.gabung_per_induk(liputan, kec_ke_kab)
    return {k: geometri.bulatkan(proyeksi.ke_lonlat(g)) for k, g in liputan.items()}


# -- official files ---------------------------------------------------------------------------


def periksa_crs(data: dict, nama_berkas: str) -> None:
    """Refuse a file that says it is in a projected CRS (RFC 7946 GeoJSON has no 'crs')."""
    crs = data.get("crs")
    nama = str(((crs or {}).get("properties") or {}).get("name", "")) if crs else ""
    if nama and not re.search(r"CRS84|EPSG::?4326$", nama):
        raise ValueError(
            f"Berkas {nama_berkas} memakai sistem koordinat {nama}; ekspor ulang dalam WGS84 "
            "(EPSG:4326)"
        )


def fitur_berkas(
    data: object, nama_berkas: str, tingkat: Tingkat
) -> list[tuple[str, dict, Geometry]]:
    """Check every feature of a parsed GeoJSON file: (name, lower-cased properties, polygon)."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        jenis = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise ValueError(
            f"Berkas {nama_berkas} bukan GeoJSON FeatureCollection (type: {jenis!r}); ekspor "
            "batas wilayah sebagai FeatureCollection berisi poligon"
        )
    periksa_crs(data, nama_berkas)
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise ValueError(f"Berkas {nama_berkas} tidak berisi fitur satu pun")
    hasil = []
    for i, f in enumerate(features, start=1):
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise ValueError(f"Fitur ke-{i} di {nama_berkas} bukan objek Feature GeoJSON")
        props = {str(k).lower(): v for k, v in (f.get("properties") or {}).items()}
        if "id" in f and "id" not in props:
            props["id"] = f["id"]
        nama = nama_fitur(props, tingkat)
        label = f"Fitur ke-{i}{f' ({nama})' if nama else ''} di {nama_berkas}"
        if not f.get("geometry"):
            raise ValueError(f"{label} tidak punya geometri")
        try:
            geom = geometri.dari_geojson(f["geometry"])
        except (shapely.errors.GEOSException, TypeError, ValueError) as e:
            raise ValueError(f"{label}: geometri tidak terbaca ({e})") from e
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            raise ValueError(f"{label}: geometri {geom.geom_type}, bukan poligon")
        minx, miny, maxx, maxy = geom.bounds
        if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise ValueError(
                f"{label}: koordinat di luar rentang bujur/lintang; berkas harus dalam WGS84 "
                "(EPSG:4326, bujur lalu lintang)"
            )
        geom = geometri.poligonal(geom)
        if geom.is_empty:
            raise ValueError(f"{label}: poligon kosong setelah diperbaiki")
        hasil.append((nama, props, geom))
    return hasil


def nama_fitur(props: Mapping[str, object], tingkat: Tingkat) -> str:
    """The feature's name: this level's name properties first, then any other level's."""
    lain = Tingkat.KABKOTA if tingkat == Tingkat.KECAMATAN else Tingkat.KECAMATAN
    for kunci in (*KUNCI_NAMA[tingkat], *KUNCI_NAMA[lain]):
        nama = props.get(kunci)
        if isinstance(nama, str) and nama.strip():
            return nama.strip()
    return ""


def siapkan_resmi(bentuk: Mapping[str, Geometry]) -> dict[str, Geometry]:
    """Clean overlaps, simplify neighbours together, round: smaller but still edge-matched."""
    if not bentuk:
        return {}
    kode = sorted(bentuk)
    proyeksi = geometri.proyeksi_untuk(
        [c for k in kode for c in (bentuk[k].bounds[0], bentuk[k].bounds[2])]
    )
    km = proyeksi.ke_km(np.array([bentuk[k] for k in kode], dtype=object))
    halus = geometri.sederhanakan_liputan(km, geometri.TOLERANSI_RESMI_KM)
    return {k: geometri.bulatkan(proyeksi.ke_lonlat(g)) for k, g in zip(kode, halus, strict=True)}


DI_LUAR = "di-luar-provinsi"
_AWALAN = {
    Tingkat.PROVINSI: (("provinsi ", None), ("prov ", None)),
    Tingkat.KABKOTA: (
        ("kota administrasi ", "kota"),
        ("kota adm ", "kota"),
        ("kotamadya ", "kota"),
        ("kota ", "kota"),
        ("kabupaten ", "kab"),
        ("kab ", "kab"),
    ),
    Tingkat.KECAMATAN: (("kecamatan ", None), ("kec ", None)),
}


def normalisasi_nama(nama: str, tingkat: Tingkat) -> tuple[str | None, str]:
    """Return (kind, core) of a region name: case, accents, spacing and punctuation ignored.

    The kind is 'kab' or 'kota' when a kab/kota name says so ('Kab. Semarang' and
    'Kota Semarang' are different regions), else None.
    """
    s = unicodedata.normalize("NFKD", nama).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[^a-z0-9]+", " ", s).strip() + " "
    jenis = None
    for awalan, j in _AWALAN.get(tingkat, ()):
        if s.startswith(awalan):
            s, jenis = s[len(awalan) :], j
            break
    return jenis, s.replace(" ", "")


def kode_dari_nilai(nilai: object) -> str | None:
    """Read a region code written dotted ('33.74'), compact ('3374', 3374) or as 'ID3374'."""
    if isinstance(nilai, bool) or nilai is None:
        return None
    if isinstance(nilai, float) and nilai.is_integer():
        nilai = int(nilai)
    s = re.sub(r"^[A-Za-z]+", "", str(nilai).strip())
    try:
        return s if "." in s and tingkat_kode(s) else kode_bertitik(s)
    except ValueError:
        return None


class Indeks:
    """Regions of one level by normalised name, for matching features without a known code."""

    def __init__(self, tingkat: Tingkat, nama: Mapping[str, str]) -> None:
        self.tingkat = tingkat
        self.nama = dict(nama)
        self._inti: dict[str, list[tuple[str | None, str]]] = {}
        for kode, n in self.nama.items():
            jenis, inti = normalisasi_nama(n, tingkat)
            self._inti.setdefault(inti, []).append((jenis, kode))

    def cari(self, nama: str) -> list[str]:
        """Return the codes named so; a kind given in the name ('Kota ...') must agree."""
        jenis, inti = normalisasi_nama(nama, self.tingkat)
        return [k for j, k in self._inti.get(inti, []) if jenis is None or j == jenis]

    def inti(self, kode: str) -> str:
        return normalisasi_nama(self.nama[kode], self.tingkat)[1]


@dataclass
class Acuan:
    """What a file is matched against: the regions of one level in the campaign's province(s)."""

    tingkat: Tingkat
    provinsi: set[str]
    wilayah: Indeks
    induk: Indeks  # kab/kota, for a kecamatan file that names its kab/kota
    provinsi_semua: Indeks
    kode_titik: list[str]  # regions with a point, in the order of the tree below
    titik: shapely.STRtree  # their points, to tell namesakes apart by location

    @classmethod
    def dari(cls, rows: Sequence[TitikWilayah], kampanye: str | None, tingkat: Tingkat) -> Acuan:
        """Build from the regions down to `tingkat` and the campaign's province code."""
        provinsi = {provinsi_dari(r.kode) for r in rows if r.tingkat == tingkat}
        if kampanye and kampanye != "all":
            provinsi &= {kampanye}
        if not provinsi:
            raise ValueError("Basis data belum berisi wilayah; bangun dulu kampanye (demo)")
        rows = sorted(rows, key=lambda r: r.kode)

        def level(t: int) -> dict[str, str]:
            return {
                r.kode: r.nama for r in rows if r.tingkat == t and provinsi_dari(r.kode) in provinsi
            }

        berpusat = [
            r
            for r in rows
            if r.tingkat == tingkat
            and provinsi_dari(r.kode) in provinsi
            and r.lon is not None
            and r.lat is not None
        ]

        return cls(
            tingkat=tingkat,
            provinsi=provinsi,
            wilayah=Indeks(tingkat, level(tingkat)),
            induk=Indeks(Tingkat.KABKOTA, level(Tingkat.KABKOTA)),
            provinsi_semua=Indeks(
                Tingkat.PROVINSI, {r.kode: r.nama for r in rows if r.tingkat == 1}
            ),
            kode_titik=[r.kode for r in berpusat],
            titik=shapely.STRtree(shapely.points([(r.lon, r.lat) for r in berpusat])),
        )

    def cocokkan(self, nama: str, props: Mapping[str, object], geom: Geometry) -> str | None:
        """Return the region code of a feature, DI_LUAR for another province, or None."""
        kode_fitur = kode_kode(props)
        for kode in kode_fitur:
            if kedalaman(kode) == self.tingkat and kode in self.wilayah.nama:
                return kode
        provinsi = self._provinsi_fitur(props, kode_fitur)
        if provinsi is not None and provinsi not in self.provinsi:
            return DI_LUAR
        calon = self.wilayah.cari(nama) if nama else []
        induk = self._induk_fitur(props, kode_fitur)
        if len(calon) > 1 and induk:
            calon = [k for k in calon if kabkota_dari(k) in induk] or calon
        if len(calon) > 1:
            # Namesakes (two 'Kedungreja'? 'Kab. Semarang' vs 'Kota Semarang' unprefixed):
            # the one whose point lies inside the shape.
            dalam = self._di_dalam(geom)
            calon = [k for k in calon if k in dalam]
        if len(calon) == 1:
            return calon[0]
        if not calon and nama:
            return self._ejaan_lain(nama, geom)
        return None

    def _ejaan_lain(self, nama: str, geom: Geometry) -> str | None:
        """Match a spelling variant ('Serumbung'/'Srumbung'): the single region whose point
        lies inside the shape and whose name is close enough."""
        inti = normalisasi_nama(nama, self.tingkat)[1]
        mirip = [
            k
            for k in sorted(self._di_dalam(geom))
            if difflib.SequenceMatcher(None, inti, self.wilayah.inti(k)).ratio() >= MIRIP
        ]
        return mirip[0] if len(mirip) == 1 else None

    def _di_dalam(self, geom: Geometry) -> set[str]:
        """Codes of the regions whose point lies inside a shape."""
        return {self.kode_titik[i] for i in self.titik.query(geom, predicate="covers")}

    def _provinsi_fitur(self, props: Mapping[str, object], kode_fitur: list[str]) -> str | None:
        if kode_fitur:
            return provinsi_dari(kode_fitur[0])
        for k in KUNCI_PROVINSI:
            kode = kode_dari_nilai(props.get(k))
            if kode:
                return provinsi_dari(kode)
        for k in KUNCI_NAMA_PROVINSI:
            nama = props.get(k)
            if isinstance(nama, str):
                cocok = self.provinsi_semua.cari(nama)
                if len(cocok) == 1:
                    return cocok[0]
        return None

    def _induk_fitur(self, props: Mapping[str, object], kode_fitur: list[str]) -> set[str]:
        """The kab/kota a kecamatan feature says it belongs to (by code or by name)."""
        if self.tingkat != Tingkat.KECAMATAN:
            return set()
        induk = {k for k in kode_fitur if kedalaman(k) == Tingkat.KABKOTA}
        for kunci in KUNCI_NAMA_INDUK:
            nama = props.get(kunci)
            if isinstance(nama, str):
                induk.update(self.induk.cari(nama))
        return induk


def kode_kode(props: Mapping[str, object]) -> list[str]:
    """Every kab/kota or deeper code in a feature's code-like properties, in the order tried.

    Two-digit values are left out: a sequential 'id' of 12 is no evidence of a province.
    """
    kode = (kode_dari_nilai(props.get(n)) for n in KUNCI_KODE)
    return [k for k in kode if k and "." in k]


# -- the map layer ----------------------------------------------------------------------------


def periksa_lapisan(induk_kode: str, tingkat: int) -> Tingkat:
    """Return the level of a map layer under a region, or refuse one the map never asks for."""
    level = Tingkat(tingkat)
    # Nationally only the kab/kota layer: kecamatan are loaded under one kab/kota at a time.
    nasional_terlalu_rinci = induk_kode == KODE_NASIONAL and level != Tingkat.KABKOTA
    if level not in LABEL_TINGKAT or level <= tingkat_kode(induk_kode) or nasional_terlalu_rinci:
        raise ValueError(
            f"Batas tingkat {tingkat} di bawah '{induk_kode}' tidak ada; pilih kab/kota (2) "
            "atau kecamatan (3) di bawah wilayahnya"
        )
    return level


def koleksi_fitur(rows: Iterable[BarisLapisan]) -> dict:
    """Return the regions of a layer as a GeoJSON FeatureCollection for the map.

    A region without a shape is still a feature: a Point at its coordinate (or no geometry
    when it has none) with `tanpa_batas: true`, so the map can put a marker there.
    """
    return {"type": "FeatureCollection", "features": [fitur_peta(r) for r in rows]}


def fitur_peta(r: BarisLapisan) -> dict:
    """One region of a layer as a GeoJSON Feature."""
    props = {"kode": r.kode, "nama": r.nama, "sumber": r.sumber, "tanpa_batas": r.geojson is None}
    if r.geojson is not None:
        geom = json.loads(r.geojson)
    elif r.lon is not None and r.lat is not None:
        geom = {
            "type": "Point",
            "coordinates": [round(r.lon, geometri.DESIMAL), round(r.lat, geometri.DESIMAL)],
        }
    else:
        geom = None
    return {"type": "Feature", "id": r.kode, "properties": props, "geometry": geom}


def hitung_status(baris: Iterable[tuple[int, str | None]]) -> dict[str, dict[str, int]]:
    """Count the shapes per level and source from (level, source or None) pairs."""
    hasil = {
        label: {"jumlah": 0, RESMI: 0, PERKIRAAN: 0, "tanpa_batas": 0}
        for label in LABEL_TINGKAT.values()
    }
    for tingkat, sumber in baris:
        b = hasil[LABEL_TINGKAT[Tingkat(tingkat)]]
        b["jumlah"] += 1
        b[sumber or "tanpa_batas"] += 1
    return hasil
