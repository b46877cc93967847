"""Region boundaries: approximate shapes from desa points, official imports, the map layer."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from pathlib import Path

import numpy as np
import pytest
import shapely
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.db import batas as db_batas
from dashboard.db import models
from dashboard.db.engine import buat_engine, migrasi, pembuat_sesi
from dashboard.domain import batas as domain_batas
from dashboard.domain import geometri
from dashboard.domain.wilayah import Tingkat
from dashboard.tools import batas
from dashboard.tools.referensi import muat_wilayah
from tests.support.bersama import SHARED


def berkas_geo(nama: str) -> Path:
    """A boundary file from ../shared/geo (never copied into the repository)."""
    path = SHARED / "geo" / nama
    if not path.is_file():
        if "CI" in os.environ:
            pytest.fail(f"{path} tidak ada; di CI uji batas resmi tidak boleh dilewati")
        pytest.skip(f"{path} tidak ada")
    return path


def salin_sqlite(url: str, tujuan: Path) -> str:
    """Copy a session-wide demo database so this test's writes stay its own."""
    with (
        contextlib.closing(sqlite3.connect(make_url(url).database)) as sumber,
        contextlib.closing(sqlite3.connect(tujuan)) as salinan,
    ):
        sumber.backup(salinan)
    return f"sqlite:///{tujuan}"


def bentuk(session, sumber: str | None = None) -> dict[str, shapely.Geometry]:
    b = models.BatasWilayah
    stmt = select(b.wilayah_kode, b.geojson)
    if sumber:
        stmt = stmt.where(b.sumber == sumber)
    return {k: shapely.from_geojson(g) for k, g in session.execute(stmt)}


def kolom(session, nama: str) -> dict:
    b = models.BatasWilayah
    return dict(session.execute(select(b.wilayah_kode, getattr(b, nama))).all())


def semua_baris(session) -> list[tuple]:
    b = models.BatasWilayah
    kolom_ = (b.wilayah_kode, b.tingkat, b.sumber, b.geojson, b.luas_km2, b.diperbarui_pada)
    return [tuple(r) for r in session.execute(select(*kolom_).order_by(b.wilayah_kode))]


def kode_tingkat(session, provinsi: str, tingkat: int) -> set[str]:
    w = models.Wilayah
    return set(
        session.scalars(select(w.kode).where(w.provinsi_kode == provinsi, w.tingkat == tingkat))
    )


def tulis_geojson(path: Path, fitur: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": fitur}))
    return path


# -- approximate boundaries -------------------------------------------------------------------


def test_approximate_boundaries_cover_every_region_nest_and_do_not_overlap(kampanye_kecil):
    engine, info = kampanye_kecil
    with pembuat_sesi(engine)() as s:
        g = bentuk(s, domain_batas.PERKIRAAN)
        kab = kode_tingkat(s, info.provinsi, 2)
        kec = kode_tingkat(s, info.provinsi, 3)
        luas = kolom(s, "luas_km2")
        w = models.Wilayah
        desa = s.execute(
            select(w.induk_kode, w.lon, w.lat).where(
                w.provinsi_kode == info.provinsi, w.tingkat == 4
            )
        ).all()
        status = db_batas.status_batas(s, info.provinsi)

    assert set(g) == kab | kec
    assert status["kabkota"] == {"jumlah": 5, "resmi": 0, "perkiraan": 5, "tanpa_batas": 0}
    assert status["kecamatan"]["perkiraan"] == len(kec) == 55
    for kode, geom in g.items():
        assert geom.is_valid and not geom.is_empty, kode
        assert geom.geom_type in ("Polygon", "MultiPolygon"), kode
        assert luas[kode] == pytest.approx(geometri.luas_km2(geom), rel=1e-3)

    for k in kab:
        anak = shapely.union_all([g[c] for c in kec if c.startswith(k + ".")])
        assert anak.symmetric_difference(g[k]).area <= 1e-6 * g[k].area, k

    for lapis in (sorted(kab), sorted(kec)):
        geoms = [g[k] for k in lapis]
        kiri, kanan = shapely.STRtree(geoms).query(geoms, predicate="intersects")
        for i, j in zip(kiri, kanan, strict=True):
            if i < j:
                tumpang = geoms[i].intersection(geoms[j]).area
                assert tumpang <= 1e-9 * min(geoms[i].area, geoms[j].area), (lapis[i], lapis[j])

    dalam = [
        g[induk].covers(shapely.Point(lon, lat)) for induk, lon, lat in desa if lon is not None
    ]
    porsi = float(np.mean(dalam))
    print(f"\n{len(dalam)} titik desa, {porsi:.2%} di dalam kecamatannya sendiri")
    assert porsi >= 0.99


def test_approximate_build_is_deterministic_and_never_overwrites_official_shapes(
    kampanye_kecil, tmp_path
):
    engine, info = kampanye_kecil
    tulis = pembuat_sesi(engine, tulis=True)
    with tulis() as s:
        awal = kolom(s, "geojson")
    resmi = shapely.Point(117.4, 2.84).buffer(0.3)  # a stand-in "official" Bulungan
    berkas = tulis_geojson(
        tmp_path / "resmi.geojson",
        [
            {
                "type": "Feature",
                "properties": {"kode": "65.01"},
                "geometry": json.loads(shapely.to_geojson(resmi)),
            }
        ],
    )
    with tulis() as s, s.begin():
        batas.impor_batas(s, berkas, "kabkota")
    with tulis() as s, s.begin():
        r = batas.bangun_batas_perkiraan(s, info.provinsi)
    with tulis() as s:
        ulang = kolom(s, "geojson")
        sumber = kolom(s, "sumber")

    assert r.dilewati_resmi == ("65.01",)
    assert r.kabkota == 4 and r.kecamatan == 55
    assert sumber["65.01"] == domain_batas.RESMI
    assert shapely.from_geojson(ulang["65.01"]).symmetric_difference(resmi).area < 1e-4 * resmi.area
    assert {k: v for k, v in ulang.items() if k != "65.01"} == {
        k: v for k, v in awal.items() if k != "65.01"
    }


def test_voronoi_coverage_does_not_depend_on_point_order_and_handles_tiny_inputs():
    rng = np.random.default_rng(3)
    xy = rng.uniform(0, 60, (300, 2))
    grup = [f"k{int(x // 20)}{int(y // 30)}" for x, y in xy]
    a = geometri.liputan_voronoi(xy, grup)
    acak = rng.permutation(len(xy))
    b = geometri.liputan_voronoi(xy[acak], [grup[i] for i in acak])
    assert a.keys() == b.keys() and all(a[k].equals_exact(b[k], 0) for k in a)
    assert len(a) == 6

    satu = geometri.liputan_voronoi(np.array([[5.0, 5.0]]), ["x"])
    assert satu["x"].contains(shapely.Point(5, 5)) and satu["x"].area > 10
    dua = geometri.liputan_voronoi(np.array([[0.0, 0.0], [3.0, 0.0], [3.0, 0.0]]), ["b", "a", "c"])
    assert set(dua) == {"a", "b"}  # a shared location counts once, for the first group
    assert dua["a"].intersection(dua["b"]).area < 1e-9
    assert dua["a"].contains(shapely.Point(3, 0)) and dua["b"].contains(shapely.Point(0, 0))


def test_karimunjawa_stays_an_island_apart_from_mainland_jepara(demo33):
    url, _ = demo33
    with pembuat_sesi(buat_engine(url))() as s:
        g = bentuk(s)
    karimunjawa = g["33.20.10"]
    daratan = shapely.union_all([v for k, v in g.items() if len(k) == 8 and k != "33.20.10"])
    assert karimunjawa.distance(daratan) > 0.5  # degrees: the strait is ~80 km wide


# -- the map layer ----------------------------------------------------------------------------


def test_map_layer_lists_every_child_and_marks_regions_without_shape_with_a_point(
    kampanye_kecil,
):
    engine, _ = kampanye_kecil
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        s.execute(delete(models.BatasWilayah).where(models.BatasWilayah.wilayah_kode == "65.01.02"))
        titik = s.execute(
            select(models.Wilayah.lon, models.Wilayah.lat).where(models.Wilayah.kode == "65.01.02")
        ).one()
        kab = db_batas.geojson_batas(s, "65", 2)
        kec = db_batas.geojson_batas(s, "65.01", 3)
        status = db_batas.status_batas(s, "65")
        with pytest.raises(ValueError, match="tidak ada"):
            db_batas.geojson_batas(s, "65.01", 2)

    assert [f["properties"]["kode"] for f in kab["features"]] == [
        "65.01", "65.02", "65.03", "65.04", "65.71",
    ]  # fmt: skip
    assert kab["features"][4]["properties"]["nama"] == "Kota Tarakan"
    fitur = {f["properties"]["kode"]: f for f in kec["features"]}
    kosong = fitur.pop("65.01.02")
    assert kosong["properties"]["tanpa_batas"] is True
    assert kosong["properties"]["sumber"] is None
    assert kosong["geometry"]["type"] == "Point"
    assert kosong["geometry"]["coordinates"] == pytest.approx([titik.lon, titik.lat], abs=1e-5)
    assert fitur and all(
        f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        and f["properties"]["sumber"] == "perkiraan"
        and f["properties"]["tanpa_batas"] is False
        for f in fitur.values()
    )
    assert status["kecamatan"]["tanpa_batas"] == 1


# -- official files ---------------------------------------------------------------------------


def test_import_matches_by_compact_code_and_by_name_and_ignores_other_provinces(
    kampanye_kecil, tmp_path
):
    engine, _ = kampanye_kecil

    def kotak(lon: float, lat: float) -> dict:
        return json.loads(
            shapely.to_geojson(shapely.box(lon - 0.1, lat - 0.1, lon + 0.1, lat + 0.1))
        )

    # A self-crossing ring, as digitising errors leave them: repaired, not refused.
    kupu_kupu = {
        "type": "Polygon",
        "coordinates": [[[116.7, 3.4], [117.1, 3.8], [117.1, 3.4], [116.7, 3.8], [116.7, 3.4]]],
    }
    fitur = [
        ({"KDPKAB": "6502", "NAMOBJ": "Malinau"}, kotak(116.6, 3.55)),
        ({"nama": "KAB. BULUNGAN"}, kotak(117.4, 2.84)),
        ({"Name": "kota  tarakan"}, kotak(117.6, 3.31)),
        ({"id": 6504, "nama": "Tana Tidung"}, kupu_kupu),
        ({"kode": "33.74", "nama": "Kota Semarang"}, kotak(110.4, -7.0)),
        ({"provinsi": "Jawa Tengah", "nama": "Kabupaten Demak"}, kotak(110.6, -6.9)),
        ({"nama": "Atlantis"}, kotak(100.0, 0.0)),
    ]
    berkas = tulis_geojson(
        tmp_path / "campuran.geojson",
        [{"type": "Feature", "properties": p, "geometry": g} for p, g in fitur],
    )
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        lap = batas.impor_batas(s, berkas, "kabkota")
    assert dict(lap.cocok) == {
        "65.01": "KAB. BULUNGAN",
        "65.02": "Malinau",
        "65.04": "Tana Tidung",
        "65.71": "kota  tarakan",
    }
    assert lap.tidak_cocok == ("Atlantis",)
    assert lap.di_luar_provinsi == 2
    assert lap.tanpa_batas_resmi == (("65.03", "Kabupaten Nunukan"),)
    with pembuat_sesi(engine)() as s:
        resmi = bentuk(s, domain_batas.RESMI)
    assert set(resmi) == {"65.01", "65.02", "65.04", "65.71"}
    assert all(g.is_valid for g in resmi.values())
    assert resmi["65.04"].area == pytest.approx(0.08, rel=0.01)  # both triangles kept


def test_name_normalisation_and_code_forms():
    kab = Tingkat.KABKOTA
    assert domain_batas.normalisasi_nama("Kab. Semarang", kab) == ("kab", "semarang")
    assert domain_batas.normalisasi_nama("KOTA  SEMARANG", kab) == ("kota", "semarang")
    assert domain_batas.normalisasi_nama("Kabupaten Tanah-Datar", kab) == ("kab", "tanahdatar")
    assert domain_batas.normalisasi_nama("Semarang", kab) == (None, "semarang")
    kec = Tingkat.KECAMATAN
    assert domain_batas.normalisasi_nama("Kecamatan Kota Kudus", kec) == (None, "kotakudus")
    for nilai in ("33.74", "3374", 3374, 3374.0, "ID3374", " 3374 "):
        assert domain_batas.kode_dari_nilai(nilai) == "33.74", nilai
    assert domain_batas.kode_dari_nilai("337401") == "33.74.01"
    for nilai in (None, True, "", "abc", "33.7", "33.74.1", 5):
        assert domain_batas.kode_dari_nilai(nilai) is None, nilai


@pytest.mark.parametrize(
    ("isi", "pesan"),
    [
        ("ini bukan json", "bukan JSON yang sah"),
        ('{"type": "Feature", "geometry": null}', "bukan GeoJSON FeatureCollection"),
        ("[1, 2]", "bukan GeoJSON FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "tidak berisi fitur"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            '{"kode": "65.01"}, "geometry": {"type": "Point", "coordinates": [117, 3]}}]}',
            "bukan poligon",
        ),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
            '{"kode": "65.01"}, "geometry": {"type": "Polygon", "coordinates": [[[400000, '
            "900000], [400100, 900000], [400100, 900100], [400000, 900000]]]}}]}",
            "WGS84",
        ),
        (
            '{"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": '
            '"urn:ogc:def:crs:EPSG::32749"}}, "features": [{"type": "Feature", "properties": '
            '{}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], '
            "[0, 0]]]}}]}",
            "sistem koordinat .*EPSG::32749",
        ),
    ],
)
def test_a_broken_file_is_refused_with_a_clear_message(tmp_path, isi, pesan):
    berkas = tmp_path / "rusak.geojson"
    berkas.write_text(isi)
    # The file is refused before the database is touched: an empty one will do.
    with Session(create_engine("sqlite://")) as s, pytest.raises(ValueError, match=pesan):
        batas.impor_batas(s, berkas, "kabkota")


def test_a_file_broken_halfway_writes_nothing(kampanye_kecil, tmp_path):
    engine, _ = kampanye_kecil
    baik = json.loads(shapely.to_geojson(shapely.box(117.2, 2.6, 117.6, 3.0)))
    berkas = tulis_geojson(
        tmp_path / "setengah.geojson",
        [
            {"type": "Feature", "properties": {"kode": "65.01"}, "geometry": baik},
            {
                "type": "Feature",
                "properties": {"kode": "65.02"},
                "geometry": {"type": "Polygon", "coordinates": "x"},
            },
        ],
    )
    tulis = pembuat_sesi(engine, tulis=True)
    with tulis() as s:
        sebelum = semua_baris(s)
    with pytest.raises(ValueError, match=r"Fitur ke-2 .*geometri tidak terbaca"):
        with tulis() as s, s.begin():
            batas.impor_batas(s, berkas, "kabkota")
    with pytest.raises(ValueError, match="tidak dapat dibaca"):
        with tulis() as s, s.begin():
            batas.impor_batas(s, tmp_path / "tidak-ada.geojson", "kecamatan")
    with tulis() as s:
        sesudah = semua_baris(s)
        resmi = models.BatasWilayah.sumber == domain_batas.RESMI
        assert s.scalar(select(func.count()).where(resmi)) == 0
    assert sesudah == sebelum


def test_official_kabkota_file_matches_all_35_in_jawa_tengah_and_ignores_other_provinces(
    demo33, tmp_path
):
    berkas = berkas_geo("kabkota.geojson")
    url = salin_sqlite(demo33[0], tmp_path / "jateng.db")
    tulis = pembuat_sesi(buat_engine(url), tulis=True)
    with tulis() as s:
        perkiraan = {k: v for k, v in bentuk(s).items() if len(k) == 5}
        ukuran_perkiraan = db_batas.ukuran_lapisan(s, "33", 2)
    with tulis() as s, s.begin():
        lap = batas.impor_batas(s, berkas, "kabkota")
    with tulis() as s:
        resmi = bentuk(s, domain_batas.RESMI)
        ukuran_resmi = db_batas.ukuran_lapisan(s, "33", 2)
        status = db_batas.status_batas(s, "33")

    assert lap.jumlah_wilayah == 35 and len(lap.cocok) == 35
    assert lap.di_luar_provinsi == 514 - 35
    assert lap.tidak_cocok == () and lap.tanpa_batas_resmi == ()
    assert set(resmi) == {k for k in perkiraan}
    assert status["kabkota"] == {"jumlah": 35, "resmi": 35, "perkiraan": 0, "tanpa_batas": 0}
    irisan = sum(perkiraan[k].intersection(resmi[k]).area for k in resmi)
    gabungan = sum(perkiraan[k].union(resmi[k]).area for k in resmi)
    print(
        f"\nJawa Tengah kab/kota: perkiraan {ukuran_perkiraan[0] / 1024:.0f} KB "
        f"(gzip {ukuran_perkiraan[1] / 1024:.0f} KB), resmi {ukuran_resmi[0] / 1024:.0f} KB "
        f"(gzip {ukuran_resmi[1] / 1024:.0f} KB); perkiraan vs resmi IoU {irisan / gabungan:.3f}"
    )
    assert irisan / gabungan >= 0.85  # the approximate shapes are a fair stand-in


@pytest.mark.parametrize(
    ("demo", "nama_berkas", "jumlah"),
    [("demo33", "kecamatan_33.geojson", 576), ("demo12", "kecamatan_12.geojson", 455)],
)
def test_official_kecamatan_files_match_at_least_95_percent(
    request, tmp_path, demo, nama_berkas, jumlah
):
    berkas = berkas_geo(nama_berkas)
    url = salin_sqlite(request.getfixturevalue(demo)[0], tmp_path / "demo.db")
    tulis = pembuat_sesi(buat_engine(url), tulis=True)
    mulai = time.perf_counter()
    with tulis() as s, s.begin():
        lap = batas.impor_batas(s, berkas, "kecamatan")
    detik = time.perf_counter() - mulai
    with tulis() as s:
        provinsi = db_batas.provinsi_kampanye(s)
        mentah, gz = db_batas.ukuran_lapisan(s, provinsi, 3)
        resmi = bentuk(s, domain_batas.RESMI)
    print(
        f"\n{nama_berkas}: {lap.jumlah_wilayah}/{jumlah} kecamatan cocok, "
        f"{len(lap.tidak_cocok)} fitur tidak cocok, dalam {detik:.1f} s; lapisan "
        f"{mentah / 1024:.0f} KB (gzip {gz / 1024:.0f} KB)"
    )
    assert lap.jumlah_wilayah >= 0.95 * jumlah
    assert len(lap.tanpa_batas_resmi) == jumlah - lap.jumlah_wilayah
    assert all(g.is_valid and g.geom_type in ("Polygon", "MultiPolygon") for g in resmi.values())


def test_kecamatan_without_codes_are_matched_by_name_and_location(demo33, tmp_path):
    asli = json.loads(berkas_geo("kecamatan_33.geojson").read_text())
    # Names only, upper-cased as in BIG's NAMOBJ; namesakes must be told apart by location.
    fitur = [
        {
            "type": "Feature",
            "properties": {"NAMOBJ": f["properties"]["nama"].upper()},
            "geometry": f["geometry"],
        }
        for f in asli["features"]
    ]
    berkas = tulis_geojson(tmp_path / "tanpa-kode.geojson", fitur)
    url = salin_sqlite(demo33[0], tmp_path / "jateng.db")
    with pembuat_sesi(buat_engine(url), tulis=True)() as s, s.begin():
        lap = batas.impor_batas(s, berkas, "kecamatan")
        tersimpan = bentuk(s, domain_batas.RESMI)
    benar = {
        f["properties"]["kode"]: shapely.geometry.shape(f["geometry"]) for f in asli["features"]
    }
    dicocokkan = {k for k, _ in lap.cocok}
    print(f"\ntanpa kode: {len(dicocokkan)}/576 kecamatan cocok lewat nama dan letak")
    assert len(lap.cocok) == len(dicocokkan)  # never two features on one kecamatan
    assert len(dicocokkan) >= 0.95 * 576
    for kode in dicocokkan:  # each got its own shape, not a namesake's
        g, b = tersimpan[kode], benar[kode].buffer(0)
        assert g.intersection(b).area >= 0.9 * g.union(b).area, kode


# -- sizes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("demo", ["demo33", "demo12"])
def test_layer_sizes_stay_small_for_the_browser(request, demo):
    url, info = request.getfixturevalue(demo)
    with pembuat_sesi(buat_engine(url))() as s:
        kab = db_batas.ukuran_lapisan(s, info.provinsi, 2)
        kec = db_batas.ukuran_lapisan(s, info.provinsi, 3)
        mulai = time.perf_counter()
        batas.bangun_batas_perkiraan(s, info.provinsi)
        detik = time.perf_counter() - mulai
        s.rollback()
    print(
        f"\nprovinsi {info.provinsi} perkiraan: dibangun {detik:.1f} s; kab/kota "
        f"{kab[0] / 1024:.0f} KB (gzip {kab[1] / 1024:.0f} KB), kecamatan {kec[0] / 1024:.0f} KB "
        f"(gzip {kec[1] / 1024:.0f} KB)"
    )
    assert kab[1] <= 300 * 1024
    assert kec[1] <= 1024 * 1024


def test_national_kabkota_layer_stays_under_2_mb_gzipped(tmp_path):
    engine = buat_engine(f"sqlite:///{tmp_path / 'nasional.db'}", bulk=True)
    migrasi(engine)
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        muat_wilayah(s, "all")
        mulai = time.perf_counter()
        r = batas.bangun_batas_perkiraan(s, "all")
        detik = time.perf_counter() - mulai
        mentah, gz = db_batas.ukuran_lapisan(s, "all", 2)
    print(
        f"\nnasional: {r.kabkota} kab/kota, {r.kecamatan} kecamatan dalam {detik:.1f} s; "
        f"lapisan kab/kota {mentah / 1024:.0f} KB (gzip {gz / 1024:.0f} KB)"
    )
    assert r.kabkota == 514 and r.kecamatan == 7285 and r.tanpa_koordinat == ()
    assert gz <= 2 * 1024 * 1024
