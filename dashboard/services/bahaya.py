"""Hazard zones and route risk: importing an office's layer, the map layer, incidents near
hazards, route grades (computed from the zones, or set by hand and audited).

Hazard files are the office's own (never shipped): the product works without them, and every
figure here is empty or 'aman' until one is imported. Imports and removals take the caller's
session (the command line's, one transaction); the reads and the grade edits used by the
pages open their own and are cached on the data version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
import pyogrio
import shapely
from pyogrio import raw
from pyogrio.errors import DataLayerError, DataSourceError
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError, ProjError
from sqlalchemy.orm import Session

from dashboard.db import bahaya as db_bahaya
from dashboard.db import queries
from dashboard.domain import geometri
from dashboard.domain.akses import alasan_tolak_tulis, di_bawah
from dashboard.domain.bahaya import (
    TINGKAT_RISIKO,
    FiturMentah,
    IndeksBahaya,
    KakiRute,
    KejadianDekat,
    Pemetaan,
    PenilaianRute,
    ZonaBahaya,
    ZonaBaru,
    kejadian_dekat_zona,
    koleksi_peta,
    kotak_dari_titik,
    nilai_rute,
    normalisasi_lapisan,
)
from dashboard.domain.isian import Galat, alasan_keputusan
from dashboard.domain.wilayah import KODE_NASIONAL, Tingkat, kedalaman, provinsi_dari
from dashboard.extensions import cache, db
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku, catat_audit
from dashboard.services.tampilan import versi

EKSTENSI = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage", ".shp": "Shapefile"}
MAKS_TITIK_PETA = 60_000  # vertices sent to the browser per province (~1 MB of JSON)
WGS84 = CRS.from_epsg(4326)


# -- reading a file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LapisanBerkas:
    """A layer as read from a file: features in lon/lat, its columns, its original CRS."""

    nama: str
    fitur: tuple[FiturMentah, ...]
    kolom: tuple[str, ...]
    crs: str
    diproyeksikan: bool
    di_luar_kotak: int = 0  # features not read: they lie wholly outside the box asked for


def _sumber_gdal(path: Path) -> tuple[str | Path, str]:
    """What GDAL opens for a file, and the file's kind in words.

    A ZIP (how a Shapefile's four pieces travel by e-mail) is opened in place through GDAL's
    /vsizip/ when it holds exactly one data file.
    """
    if path.suffix.lower() != ".zip":
        jenis = EKSTENSI.get(path.suffix.lower())
        if jenis is None:
            raise ValueError(
                f"Berkas {path.name} bukan GeoJSON, GeoPackage atau Shapefile (akhiran yang "
                f"diterima: {', '.join(EKSTENSI)}, atau .zip berisi salah satunya)"
            )
        return path, jenis
    try:
        with zipfile.ZipFile(path) as arsip:
            nama = arsip.namelist()
    except (zipfile.BadZipFile, OSError) as e:
        raise ValueError(f"Berkas {path.name} bukan arsip ZIP yang sah: {e}") from e
    isi = [
        n
        for n in nama
        if Path(n).suffix.lower() in EKSTENSI and not n.startswith(("__MACOSX/", "."))
    ]
    if len(isi) != 1:
        raise ValueError(
            f"Arsip {path.name} harus berisi tepat satu berkas .shp, .gpkg atau .geojson "
            f"(ada {len(isi)}{': ' + ', '.join(isi[:5]) if isi else ''})"
        )
    return f"/vsizip/{path.resolve()}/{isi[0]}", EKSTENSI[Path(isi[0]).suffix.lower()]


def baca_berkas(
    path: Path, lapisan: str | None = None, kotak: tuple[float, float, float, float] | None = None
) -> LapisanBerkas:
    """Read one layer of a GeoJSON, GeoPackage or Shapefile (or a ZIP of one) in WGS84 lon/lat.

    With `kotak` (lon/lat), only the features meeting that box are read: a national layer
    is filtered by GDAL's spatial index instead of parsed whole (features without geometry
    are then skipped by GDAL too). Raise ValueError naming the
    problem: an unreadable file, an unknown layer, several layers and none chosen, a CRS that
    cannot be read, nothing inside the box.
    """
    if not path.is_file():
        raise ValueError(f"Berkas {path} tidak ada")
    sumber, jenis = _sumber_gdal(path)
    try:
        daftar = [str(n) for n, _ in pyogrio.list_layers(sumber)]
    except DataSourceError as e:
        raise ValueError(f"Berkas {path.name} tidak dapat dibaca sebagai {jenis}: {e}") from e
    if lapisan is None:
        if len(daftar) != 1:
            raise ValueError(
                f"Berkas {path.name} berisi {len(daftar)} lapisan ({', '.join(daftar) or '-'}); "
                "pilih satu dengan --lapisan NAMA"
            )
        lapisan = daftar[0]
    elif lapisan not in daftar:
        raise ValueError(
            f"Lapisan '{lapisan}' tidak ada di {path.name}; lapisan yang ada: {', '.join(daftar)}"
        )
    try:
        info = pyogrio.read_info(sumber, layer=lapisan)
        crs_teks = str(info.get("crs") or "")
        crs = _crs(crs_teks, path.name)
        saring = _kotak_sumber(kotak, crs)
        meta, fid, wkb, nilai = raw.read(
            sumber, layer=lapisan, force_2d=True, bbox=saring, return_fids=True
        )
        semua = int(info.get("features") or 0)
        if saring is not None and wkb is not None and not len(wkb) and semua:
            # Nothing met the box: read it all, so the message says why (no geometry at
            # all, or every zone outside the province).
            saring = None
            meta, fid, wkb, nilai = raw.read(sumber, layer=lapisan, force_2d=True, return_fids=True)
    except (DataSourceError, DataLayerError) as e:
        raise ValueError(f"Lapisan '{lapisan}' di {path.name} tidak dapat dibaca: {e}") from e
    kolom = tuple(str(k) for k in meta["fields"])
    if wkb is None:
        raise ValueError(f"Berkas {path.name} tidak berisi geometri (lapisan '{lapisan}')")
    di_luar = max(semua - len(wkb), 0) if saring is not None else 0
    try:
        geom = shapely.from_wkb(np.asarray(wkb, dtype=object))
    except shapely.errors.GEOSException as e:
        raise ValueError(f"Geometri di {path.name} tidak terbaca: {e}") from e
    geom, diproyeksikan = _ke_wgs84(geom, crs, path.name)
    baris = [{k: _nilai_python(nilai[j][i]) for j, k in enumerate(kolom)} for i in range(len(geom))]
    fitur = tuple(
        FiturMentah(b, g if g is not None and not g.is_empty else None, int(n))
        for b, g, n in zip(baris, geom, fid, strict=True)
    )
    return LapisanBerkas(
        lapisan, fitur, kolom, crs_teks or "EPSG:4326 (anggapan)", diproyeksikan, di_luar
    )


def _crs(crs_teks: str, nama: str) -> CRS | None:
    """The file's CRS (None when it names none); refuse one pyproj cannot read."""
    if not crs_teks:
        return None
    try:
        return CRS.from_user_input(crs_teks)
    except CRSError as e:
        raise ValueError(f"Sistem koordinat berkas {nama} tidak dikenal ({crs_teks}): {e}") from e


def _kotak_sumber(
    kotak: tuple[float, float, float, float] | None, crs: CRS | None
) -> tuple[float, float, float, float] | None:
    """A lon/lat box in the file's CRS for GDAL's filter (None: read everything)."""
    if kotak is None or crs is None or crs.equals(WGS84, ignore_axis_order=True):
        return kotak
    try:
        hasil = Transformer.from_crs(WGS84, crs, always_xy=True).transform_bounds(
            *kotak, densify_pts=21
        )
    except ProjError:
        return None
    return tuple(hasil) if all(np.isfinite(hasil)) else None  # type: ignore[return-value]


def _nilai_python(v: object) -> object:
    """A numpy cell as a plain Python value (None for a missing one)."""
    if v is None:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and np.isnan(v):
        return None
    return v


def _ke_wgs84(geom: np.ndarray, crs: CRS | None, nama: str) -> tuple[np.ndarray, bool]:
    """Reproject geometries to lon/lat WGS84 when their CRS differs.

    A file naming no CRS is taken as lon/lat, and refused when its coordinates cannot be.
    """
    if crs is None:
        ada = [g for g in geom if g is not None and not g.is_empty]
        if ada:
            minx, miny, maxx, maxy = shapely.total_bounds(np.array(ada, dtype=object))
            if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
                raise ValueError(
                    f"Berkas {nama} tidak menyebut sistem koordinatnya dan koordinatnya bukan "
                    "bujur/lintang; sertakan berkas .prj atau ekspor ulang dalam WGS84 (EPSG:4326)"
                )
        return geom, False
    if crs.equals(WGS84, ignore_axis_order=True):
        return geom, False
    ubah = Transformer.from_crs(crs, WGS84, always_xy=True)

    def _lonlat(c: np.ndarray) -> np.ndarray:
        x, y = ubah.transform(c[:, 0], c[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _lonlat), True


# -- importing and removing --------------------------------------------------------------------


@dataclass(frozen=True)
class LaporanImpor:
    """What an import read, decided and stored."""

    berkas: str
    lapisan: str
    provinsi: str
    crs: str
    diproyeksikan: bool
    jumlah_fitur: int
    jumlah_zona: int
    per_jenis: dict[str, int]
    per_tingkat: dict[str, int]
    kolom_jenis: str | None
    kolom_tingkat: str | None
    kolom_nama: str | None
    di_luar_provinsi: int
    bukan_poligon: int
    diganti: int  # zones of an earlier import of the same layer, replaced
    catatan: tuple[str, ...] = field(default=())


def _izin_provinsi(pelaku: Pelaku, provinsi: str) -> None:
    """The command line (no account) may import; over the web only an admin provinsi."""
    akun = pelaku.akun
    if akun is None:
        return
    if akun.peran != "admin_provinsi":
        raise DiLuarWewenang(
            [Galat("", "Zona bahaya hanya dapat diimpor atau dihapus oleh Admin Provinsi.")]
        )
    alasan = alasan_tolak_tulis(akun, provinsi, pelaku.provinsi)
    if alasan:
        raise DiLuarWewenang([Galat("provinsi", alasan)])


def _provinsi_impor(session: Session, provinsi: str | None) -> str:
    """The province a layer is for: the campaign's, or one named within a national campaign."""
    kampanye = queries.provinsi_kampanye(session)
    if kampanye is None:
        raise ValueError(
            "Basis data belum berisi kampanye; jalankan dulu: python -m dashboard demo"
        )
    nasional = kampanye in ("all", KODE_NASIONAL)
    provinsi = provinsi or kampanye
    if provinsi in ("all", KODE_NASIONAL):
        raise ValueError("Kampanye nasional: sebutkan provinsi zona bahaya dengan --provinsi KODE")
    if not nasional and provinsi != kampanye:
        raise ValueError(
            f"Provinsi {provinsi} bukan provinsi kampanye basis data ini ({kampanye}); zona "
            "bahaya hanya untuk wilayah yang ada di sini"
        )
    return provinsi


def impor(
    session: Session,
    pelaku: Pelaku,
    path: str | Path,
    provinsi: str | None = None,
    pemetaan: Pemetaan | None = None,
    lapisan: str | None = None,
) -> LaporanImpor:
    """Import a hazard layer of any schema for a province (the campaign's by default).

    Every feature is read, mapped and checked before anything is written, so a bad file
    raises ValueError naming the problem and changes nothing; the rows and the audit row go
    into the caller's transaction.
    """
    path = Path(path)
    provinsi = _provinsi_impor(session, provinsi)
    _izin_provinsi(pelaku, provinsi)
    lon, lat = db_bahaya.titik_provinsi(session, provinsi)
    kotak = kotak_dari_titik(lon, lat)
    if kotak is None:
        raise ValueError(f"Provinsi {provinsi} tidak ada (atau tanpa koordinat) di basis data")
    berkas = baca_berkas(path, lapisan, kotak)
    hasil = normalisasi_lapisan(
        berkas.fitur,
        berkas.kolom,
        pemetaan or Pemetaan(),
        kotak,
        petunjuk=(berkas.nama, path.stem),
        label_berkas=path.name,
    )
    sumber = path.name if berkas.nama == path.stem else f"{path.name}:{berkas.nama}"
    # Importing the same layer again (an updated export) replaces what it brought last time.
    diganti = db_bahaya.hapus_bahaya_sumber(session, provinsi, sumber[:200])
    simpan_zona(session, provinsi, hasil.zona, sumber, pelaku.akun.id if pelaku.akun else None)
    laporan = LaporanImpor(
        berkas=path.name,
        lapisan=berkas.nama,
        provinsi=provinsi,
        crs=berkas.crs,
        diproyeksikan=berkas.diproyeksikan,
        jumlah_fitur=len(berkas.fitur) + berkas.di_luar_kotak,
        jumlah_zona=len(hasil.zona),
        per_jenis=_hitung(z.jenis for z in hasil.zona),
        per_tingkat=_hitung(z.tingkat for z in hasil.zona),
        kolom_jenis=hasil.kolom_jenis,
        kolom_tingkat=hasil.kolom_tingkat,
        kolom_nama=hasil.kolom_nama,
        di_luar_provinsi=hasil.di_luar_provinsi + berkas.di_luar_kotak,
        bukan_poligon=hasil.bukan_poligon,
        diganti=diganti,
        catatan=hasil.catatan,
    )
    catat_audit(
        session,
        pelaku,
        "impor_bahaya",
        "bahaya",
        sumber[:64],
        provinsi,
        {"zona": diganti} if diganti else None,
        {
            "berkas": sumber,
            "zona": laporan.jumlah_zona,
            "per_jenis": laporan.per_jenis,
            "per_tingkat": laporan.per_tingkat,
            "crs": laporan.crs,
        },
    )
    return laporan


def simpan_zona(
    session: Session,
    provinsi: str,
    zona: Sequence[ZonaBaru],
    sumber: str,
    diimpor_oleh: int | None = None,
) -> int:
    """Store prepared zones for a province in the caller's transaction; return how many."""
    sekarang = dt.datetime.now(dt.UTC)
    rows = []
    for z in zona:
        minx, miny, maxx, maxy = z.kotak
        rows.append(
            {
                "provinsi_kode": provinsi,
                "jenis": z.jenis,
                "tingkat": z.tingkat,
                "nama": z.nama,
                "geojson": geometri.ke_geojson(z.geometri),
                "bujur_min": minx,
                "lintang_min": miny,
                "bujur_maks": maxx,
                "lintang_maks": maxy,
                "luas_km2": round(geometri.luas_km2(z.geometri), 3),
                "sumber_berkas": sumber[:200],
                "diimpor_oleh": diimpor_oleh,
                "diimpor_pada": sekarang,
            }
        )
    db_bahaya.sisip_bahaya(session, rows)
    return len(rows)


def _hitung(nilai: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(nilai).items()))


def hapus(session: Session, pelaku: Pelaku, bahaya_id: int) -> db_bahaya.RingkasBahaya:
    """Remove one zone (audited with what it was); raise ValueError when there is none."""
    lama = db_bahaya.daftar_bahaya(session, None, bahaya_id)
    if not lama:
        raise ValueError(f"Zona bahaya nomor {bahaya_id} tidak ada")
    r = lama[0]
    _izin_provinsi(pelaku, r.provinsi_kode)
    db_bahaya.hapus_bahaya(session, bahaya_id)
    catat_audit(
        session,
        pelaku,
        "hapus_bahaya",
        "bahaya",
        bahaya_id,
        r.provinsi_kode,
        {"jenis": r.jenis, "tingkat": r.tingkat, "nama": r.nama, "sumber": r.sumber_berkas},
        None,
    )
    return r


def hapus_berkas(session: Session, pelaku: Pelaku, provinsi: str, sumber: str) -> int:
    """Remove every zone one file (and layer) brought, as the file was imported: an outdated
    flood map goes in one step, not zone by zone. Audited once, with how many and of what
    kind; raise ValueError when the province holds none from it."""
    _izin_provinsi(pelaku, provinsi)
    lama = [z for z in db_bahaya.daftar_bahaya(session, provinsi) if z.sumber_berkas == sumber]
    if not lama:
        raise ValueError(f"Tidak ada zona bahaya dari berkas {sumber[:120]}")
    jumlah = db_bahaya.hapus_bahaya_sumber(session, provinsi, sumber)
    per_jenis = Counter(z.jenis for z in lama)
    catat_audit(
        session,
        pelaku,
        "hapus_bahaya_berkas",
        "bahaya",
        None,
        provinsi,
        {"sumber": sumber, "jumlah": jumlah, "per_jenis": dict(sorted(per_jenis.items()))},
        None,
    )
    return jumlah


def daftar(session: Session, provinsi: str | None = None) -> list[db_bahaya.RingkasBahaya]:
    """Return the stored zones of a province (every province for None), newest first."""
    return db_bahaya.daftar_bahaya(session, provinsi)


# -- reads for the pages (cached on the data version) ------------------------------------------


def versi_lapisan(provinsi: str) -> str:
    """Return a short token that changes whenever a province's zones are imported or removed.

    The layer (and the zones the grades use) are cached on it rather than on the data
    version, so a ledger entry does not rebuild them; a URL carrying it can be cached by the
    browser for as long as it holds.
    """
    return _versi_lapisan(provinsi, versi())


@cache.memoize()
def _versi_lapisan(provinsi: str, _versi: int) -> str:
    with db.sesi_baca() as s:
        jejak = db_bahaya.jejak_bahaya(s, provinsi)
    return hashlib.sha1(f"{provinsi}|{jejak}".encode()).hexdigest()[:12]


def lapisan(provinsi: str) -> dict:
    """Return a province's zones ('all': every province's) as a GeoJSON FeatureCollection for
    dash-leaflet.

    Each feature has `jenis`, `jenis_label`, `tingkat`, `bobot` (1–3), `nama` and `sumber`
    for styling and tooltips; at most MAKS_TITIK_PETA vertices (the highest levels kept
    first), the number left out in `terpotong`.
    """
    return _lapisan(provinsi, versi_lapisan(provinsi))


@cache.memoize()
def _lapisan(provinsi: str, _versi: str) -> dict:
    with db.sesi_baca() as s:
        baris = db_bahaya.bahaya_peta(s, provinsi)
    return koleksi_peta(baris, MAKS_TITIK_PETA)


def lapisan_json(provinsi: str) -> bytes:
    """The layer as compact JSON bytes, for a download route cached by `versi_lapisan`."""
    return _lapisan_json(provinsi, versi_lapisan(provinsi))


@cache.memoize()
def _lapisan_json(provinsi: str, _versi: str) -> bytes:
    data = lapisan(provinsi)
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()


def _zona(provinsi: str) -> tuple[ZonaBahaya, ...]:
    return _zona_cache(provinsi, versi_lapisan(provinsi))


@cache.memoize()
def _zona_cache(provinsi: str, _versi: str) -> tuple[ZonaBahaya, ...]:
    with db.sesi_baca() as s:
        baris = db_bahaya.bahaya_peta(s, provinsi)
    return tuple(
        ZonaBahaya(b.id, b.jenis, b.tingkat, b.nama, geometri.dari_geojson(b.geojson))
        for b in baris
    )


def kejadian_dekat_bahaya(provinsi: str) -> tuple[KejadianDekat, ...]:
    """Return the active incidents within JARAK_KEJADIAN_BAHAYA_KM of a zone, worst first."""
    return _kejadian_dekat(provinsi, versi())


@cache.memoize()
def _kejadian_dekat(provinsi: str, _versi: int) -> tuple[KejadianDekat, ...]:
    zona = _zona(provinsi)
    if not zona:
        return ()
    with db.sesi_baca() as s:
        kejadian = db_bahaya.kejadian_aktif_bertitik(s, provinsi)
    return tuple(kejadian_dekat_zona(zona, kejadian))


# -- route grades ------------------------------------------------------------------------------


class RuteDinilai(Protocol):
    """A route as the grade needs it (services.rute.Rute fits)."""

    @property
    def tahap(self) -> str: ...
    @property
    def tujuan_kode(self) -> str: ...
    @property
    def kaki(self) -> Sequence[KakiRute]: ...


def nilai_risiko_rute(kabkota: str, rute: Sequence[RuteDinilai]) -> dict[str, PenilaianRute]:
    """Grade each route of a kab/kota from the province's zones and active incidents.

    Keyed by destination code (a PPK's or a PPS's). Without zones every route is graded by
    its sea/air legs and incidents alone. Cached on the data version and the routes' own
    fingerprint: the same routes (Part 1 caches them on the data version too) are graded once.
    """
    kunci = f"bahaya.nilai:{kabkota}:{versi()}:{_sidik(rute)}"
    hasil = cache.get(kunci)
    if hasil is None:
        hasil = _nilai_risiko(kabkota, rute)
        cache.set(kunci, hasil)
    return hasil


def _sidik(rute: Sequence[RuteDinilai]) -> str:
    """A fingerprint of routes: destinations, hops, modes and every coordinate."""
    h = hashlib.sha1()
    for r in rute:
        h.update(f"|{r.tahap}|{r.tujuan_kode}".encode())
        for k in r.kaki:
            h.update(f"|{k.moda}|".encode())
            h.update(np.asarray(k.jalur, dtype="float64").tobytes())
    return h.hexdigest()


def _nilai_risiko(kabkota: str, rute: Sequence[RuteDinilai]) -> dict[str, PenilaianRute]:
    provinsi = provinsi_dari(kabkota)
    zona = _zona(provinsi)
    with db.sesi_baca() as s:
        kejadian = db_bahaya.kejadian_aktif_bertitik(s, provinsi)
    indeks = IndeksBahaya(zona) if zona else None
    return {r.tujuan_kode: nilai_rute(r.kaki, indeks, kejadian) for r in rute}


@dataclass(frozen=True)
class TingkatRisiko:
    """The grade a route carries: the manual one when set, else the computed one."""

    tujuan_kode: str
    tahap: str
    tingkat: str
    sumber: str  # "manual" | "hitung"
    alasan: str
    oleh: str | None
    pada: dt.datetime | None
    tingkat_hitung: str | None  # the computed grade, also under a manual one

    @property
    def teks(self) -> str:
        return f"{TINGKAT_RISIKO[self.tingkat].lower()}: {self.alasan}"


def tingkat_risiko_rute(
    kabkota: str, rute: Sequence[RuteDinilai] | None = None
) -> dict[str, TingkatRisiko]:
    """Return each destination's grade: manual grades over computed ones.

    Computed grades come from `rute` when given (graded now), else from the ones stored by
    `simpan_risiko_hitung`. Keyed by destination code.
    """
    tersimpan = _risiko_tersimpan(kabkota, versi())
    hasil: dict[str, TingkatRisiko] = {}
    if rute is not None:
        for kode, p in nilai_risiko_rute(kabkota, rute).items():
            tahap = _tahap_tujuan(kode)
            alasan = "; ".join(p.alasan)
            hasil[kode] = TingkatRisiko(
                kode, tahap, p.tingkat, "hitung", alasan, None, None, p.tingkat
            )
    else:
        for b in tersimpan:
            if b.sumber == "hitung":
                hasil[b.tujuan_kode] = TingkatRisiko(
                    b.tujuan_kode,
                    b.tahap,
                    b.tingkat,
                    "hitung",
                    b.alasan,
                    b.diubah_oleh,
                    b.diubah_pada,
                    b.tingkat,
                )
    for b in tersimpan:
        if b.sumber == "manual":
            hitung = hasil.get(b.tujuan_kode)
            hasil[b.tujuan_kode] = TingkatRisiko(
                b.tujuan_kode,
                b.tahap,
                b.tingkat,
                "manual",
                b.alasan,
                b.diubah_oleh,
                b.diubah_pada,
                hitung.tingkat_hitung if hitung else None,
            )
    return hasil


@cache.memoize()
def _risiko_tersimpan(kabkota: str, _versi: int) -> list[db_bahaya.BarisRisiko]:
    with db.sesi_baca() as s:
        return db_bahaya.risiko_kabkota(s, kabkota)


def simpan_risiko_hitung(kabkota: str, rute: Sequence[RuteDinilai]) -> int:
    """Grade a kab/kota's routes now and keep the grades (replacing its earlier computed ones).

    Kept so that rules built later (escorts) read the same grade the page showed. Return how
    many were stored.
    """
    penilaian = nilai_risiko_rute(kabkota, rute)
    sekarang = dt.datetime.now(dt.UTC)
    rows = [
        {
            "kabkota_kode": kabkota,
            "tujuan_kode": kode,
            "tahap": _tahap_tujuan(kode),
            "tingkat": p.tingkat,
            "sumber": "hitung",
            "alasan": "; ".join(p.alasan),
            "diubah_oleh": None,
            "diubah_pada": sekarang,
        }
        for kode, p in sorted(penilaian.items())
    ]
    with db.sesi_tulis() as s:
        db_bahaya.ganti_risiko_hitung(s, kabkota, rows)
    return len(rows)


def _tahap_tujuan(kode: str) -> str:
    """The hop that ends at a destination: a kecamatan is reached from the gudang (ppk), a
    desa from its PPK (pps)."""
    return "ppk" if kedalaman(kode) == Tingkat.KECAMATAN else "pps"


def _periksa_risiko(
    session: Session,
    pelaku: Pelaku,
    kabkota: str,
    tujuan: str,
    alasan: str,
    tingkat: str | None = None,
) -> tuple[str, str]:
    """Check who may grade this route and every field; return (hop, cleaned reason)."""
    tolak = alasan_tolak_tulis(pelaku.akun, kabkota, pelaku.provinsi)
    if tolak:
        raise DiLuarWewenang([Galat("kabkota", tolak)])
    galat = []
    if kedalaman(kabkota) != Tingkat.KABKOTA or not queries.wilayah_ada(session, kabkota):
        galat.append(Galat("kabkota", f"Kab/kota {kabkota[:20]} tidak dikenal"))
    if (
        kedalaman(tujuan) not in (Tingkat.KECAMATAN, Tingkat.DESA)
        or not di_bawah(tujuan, kabkota)
        or not queries.wilayah_ada(session, tujuan)
    ):
        galat.append(
            Galat(
                "tujuan",
                f"Tujuan {tujuan[:20]} bukan PPK (kecamatan) atau PPS (desa) di kab/kota {kabkota}",
            )
        )
    if tingkat is not None and tingkat not in TINGKAT_RISIKO:
        galat.append(
            Galat(
                "tingkat",
                f"Tingkat '{tingkat[:20]}' tidak dikenal; pilih: {', '.join(TINGKAT_RISIKO)}",
            )
        )
    alasan, salah = alasan_keputusan(alasan, "jembatan putus, laporan BPBD")
    if salah:
        galat.append(salah)
    if galat:
        raise Ditolak(galat)
    return _tahap_tujuan(tujuan), alasan


def setel_tingkat_risiko(
    kabkota: str, tujuan: str, tingkat: str, alasan: str, pelaku: Pelaku
) -> None:
    """Set a route's grade by hand, with a reason; it wins over the computed one. Audited.

    Scoped like data entry: an operator for its own kab/kota, an admin provinsi anywhere,
    pimpinan never. Raise `Ditolak` (or `DiLuarWewenang`) naming every field that is wrong.
    """
    with db.sesi_tulis() as s:
        tahap, alasan = _periksa_risiko(s, pelaku, kabkota, tujuan, alasan, tingkat)
        sebelum = db_bahaya.risiko_satu(s, tujuan, tahap, "manual")
        akun = pelaku.akun
        assert akun is not None  # checked by alasan_tolak_tulis
        db_bahaya.simpan_risiko(
            s,
            {
                "kabkota_kode": kabkota,
                "tujuan_kode": tujuan,
                "tahap": tahap,
                "tingkat": tingkat,
                "sumber": "manual",
                "alasan": alasan,
                "diubah_oleh": akun.id,
                "diubah_pada": dt.datetime.now(dt.UTC),
            },
        )
        catat_audit(
            s,
            pelaku,
            "setel_risiko_rute",
            "risiko_rute",
            f"{tahap}/{tujuan}",
            tujuan,
            sebelum,
            {"tingkat": tingkat, "alasan": alasan, "diubah_oleh": akun.id},
        )


def hapus_tingkat_risiko(kabkota: str, tujuan: str, alasan: str, pelaku: Pelaku) -> bool:
    """Remove a manual grade (the computed one applies again); audited. Return whether one was
    set."""
    with db.sesi_tulis() as s:
        tahap, alasan = _periksa_risiko(s, pelaku, kabkota, tujuan, alasan)
        sebelum = db_bahaya.risiko_satu(s, tujuan, tahap, "manual")
        if sebelum is None:
            return False
        db_bahaya.hapus_risiko(s, tujuan, tahap, "manual")
        catat_audit(
            s,
            pelaku,
            "hapus_risiko_rute",
            "risiko_rute",
            f"{tahap}/{tujuan}",
            tujuan,
            sebelum,
            {"alasan": alasan},
        )
    return True
