"""Hazard layers on SQLite and PostgreSQL: importing files of any schema and CRS, refusing bad
ones whole, the map layer, incidents near hazards, route grades set by hand within scope."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyogrio import raw
from pyproj import Transformer
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.db.engine import pembuat_sesi
from dashboard.domain.bahaya import Pemetaan
from dashboard.domain.geometri import R_BUMI_KM
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import bahaya
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.tools.cli import main
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.tulisan import akun

KONSOL = Pelaku(None, PROVINSI_KECIL, "uji")
BANJIR = shapely.box(117.56, 3.30, 117.60, 3.33)  # Tarakan Barat
LONGSOR = shapely.box(117.60, 3.34, 117.62, 3.36)


def _geojson(path: Path, fitur: list[tuple[dict, shapely.Geometry | None]]) -> Path:
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": p,
                        "geometry": json.loads(shapely.to_geojson(g)) if g is not None else None,
                    }
                    for p, g in fitur
                ],
            }
        )
    )
    return path


def _tulis(path: Path, geom: list, kolom: dict[str, list], crs: str, **kw) -> Path:  # type: ignore[no-untyped-def]
    raw.write(
        path,
        np.array([shapely.to_wkb(g) for g in geom], dtype=object),
        [np.array(v, dtype=object if isinstance(v[0], str) else None) for v in kolom.values()],
        list(kolom),
        geometry_type="Polygon",
        crs=crs,
        **kw,
    )
    return path


def _jumlah() -> tuple[int, int]:
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Bahaya)),
            s.scalar(select(func.count()).select_from(models.Audit)),
        )


def _impor(path: Path, pelaku: Pelaku = KONSOL, **kw) -> bahaya.LaporanImpor:  # type: ignore[no-untyped-def]
    with db.sesi_tulis() as s:
        return bahaya.impor(s, pelaku, path, **kw)


def _zona() -> list[tuple[str, str, str]]:
    with db.sesi_baca() as s:
        return [(z.jenis, z.tingkat, z.nama) for z in bahaya.daftar(s, PROVINSI_KECIL)]


def test_a_geojson_with_our_schema_is_stored_audited_and_drawn(app_kecil, tmp_path):
    path = _geojson(
        tmp_path / "bahaya_tarakan.geojson",
        [
            ({"jenis": "banjir", "tingkat": "tinggi", "nama": "Banjir Tarakan 2024"}, BANJIR),
            ({"jenis": "longsor", "tingkat": "sedang", "nama": "Longsor Juata"}, LONGSOR),
        ],
    )
    lap = _impor(path)
    assert (lap.jumlah_fitur, lap.jumlah_zona, lap.provinsi) == (2, 2, PROVINSI_KECIL)
    assert (lap.kolom_jenis, lap.kolom_tingkat, lap.kolom_nama) == ("jenis", "tingkat", "nama")
    assert not lap.diproyeksikan
    assert sorted(_zona()) == [
        ("banjir", "tinggi", "Banjir Tarakan 2024"),
        ("longsor", "sedang", "Longsor Juata"),
    ]
    with db.sesi_baca() as s:
        b = s.scalars(select(models.Bahaya).where(models.Bahaya.jenis == "banjir")).one()
        audit = s.scalars(select(models.Audit).where(models.Audit.aksi == "impor_bahaya")).one()
    assert (b.bujur_min, b.lintang_min, b.bujur_maks, b.lintang_maks) == pytest.approx(
        BANJIR.bounds
    )
    lebar = R_BUMI_KM * np.radians(0.04) * np.cos(np.radians(3.315))
    assert b.luas_km2 == pytest.approx(lebar * R_BUMI_KM * np.radians(0.03), rel=0.01)
    assert audit.sesudah["zona"] == 2 and audit.wilayah_kode == PROVINSI_KECIL

    peta = bahaya.lapisan(PROVINSI_KECIL)
    assert peta["type"] == "FeatureCollection" and peta["terpotong"] == 0
    props = [f["properties"] for f in peta["features"]]
    assert [(p["jenis"], p["tingkat"], p["nama"]) for p in props] == [
        ("banjir", "tinggi", "Banjir Tarakan 2024"),
        ("longsor", "sedang", "Longsor Juata"),
    ]
    assert shapely.from_geojson(json.dumps(peta["features"][0]["geometry"])).equals(BANJIR)
    assert bahaya.lapisan("33")["features"] == []


def test_a_geopackage_of_another_schema_is_mapped_and_its_layer_chosen(app_kecil, tmp_path):
    path = tmp_path / "inarisk.gpkg"
    kolom = {
        "KATEGORI": ["BANJIR", "Tanah Longsor"],
        "INDEKS": [0.81, 0.45],
        "NAMOBJ": ["Genangan Karang Anyar", "Lereng Juata"],
    }
    _tulis(path, [BANJIR, LONGSOR], kolom, "EPSG:4326", layer="zona_rawan")
    _tulis(path, [BANJIR], {"KETERANGAN": ["lain"]}, "EPSG:4326", layer="lain", append=False)
    sebelum = _jumlah()
    with pytest.raises(ValueError, match=r"berisi 2 lapisan \(.*zona_rawan.*\); pilih satu"):
        _impor(path)
    with pytest.raises(ValueError, match=r"Lapisan 'zona' tidak ada di inarisk.gpkg"):
        _impor(path, lapisan="zona")
    assert _jumlah() == sebelum
    lap = _impor(path, lapisan="zona_rawan")
    assert (lap.kolom_jenis, lap.kolom_tingkat, lap.kolom_nama) == ("KATEGORI", "INDEKS", "NAMOBJ")
    assert sorted(_zona()) == [
        ("banjir", "tinggi", "Genangan Karang Anyar"),
        ("longsor", "sedang", "Lereng Juata"),
    ]
    assert lap.per_jenis == {"banjir": 1, "longsor": 1}


def test_a_shapefile_in_utm_is_reprojected_to_lon_lat(app_kecil, tmp_path):
    ke_utm = Transformer.from_crs("EPSG:4326", "EPSG:32650", always_xy=True)
    utm = shapely.transform(
        BANJIR.segmentize(0.005), lambda c: np.column_stack(ke_utm.transform(c[:, 0], c[:, 1]))
    )
    path = _tulis(
        tmp_path / "zona.shp", [utm], {"HAZARD": ["flood"], "LEVEL": ["High"]}, "EPSG:32650"
    )
    lap = _impor(path)
    assert lap.diproyeksikan and "32650" in lap.crs
    with db.sesi_baca() as s:
        g = shapely.from_geojson(s.scalar(select(models.Bahaya.geojson)))
    assert g.bounds == pytest.approx(BANJIR.bounds, abs=1e-5)
    assert _zona()[0][:2] == ("banjir", "tinggi")


def test_a_layer_in_utm_49s_lands_on_central_java(tmp_path):
    # x = 500 000 is UTM 49's central meridian, 111° E; the northing counts down from the
    # equator (10 000 000 m) by about 110,6 km per degree of latitude near 7° S.
    kotak = shapely.box(495_000, 9_230_000, 505_000, 9_240_000)
    path = _tulis(tmp_path / "jateng.shp", [kotak], {"JENIS": ["banjir"]}, "EPSG:32749")
    b = bahaya.baca_berkas(path)
    g = b.fitur[0].geometri
    assert b.diproyeksikan and "32749" in b.crs
    minx, miny, maxx, maxy = g.bounds
    assert (minx + maxx) / 2 == pytest.approx(111.0, abs=1e-3)
    lat = -(10_000_000 - 9_235_000) / 0.9996 / 110_590
    assert (miny + maxy) / 2 == pytest.approx(lat, abs=0.02)


@pytest.mark.parametrize(
    ("nama", "isi", "kw", "pesan"),
    [
        ("rusak.geojson", b"{bukan json", {}, "tidak dapat dibaca sebagai GeoJSON"),
        ("zona.txt", b"x", {}, "bukan GeoJSON, GeoPackage atau Shapefile"),
        ("hilang.gpkg", None, {}, "tidak ada"),
        (
            "aneh.geojson",
            [({"kategori": "Zona merah", "tingkat": "tinggi"}, BANJIR)],
            {},
            "Kolom 'kategori' berisi nilai yang tidak dikenal sebagai jenis bahaya: 'Zona merah'",
        ),
        (
            "tanpa_geometri.geojson",
            [({"jenis": "banjir"}, None)],
            {},
            "tidak berisi geometri",
        ),
        (
            "jateng.geojson",
            [({"jenis": "banjir"}, shapely.box(110.6, -6.95, 110.7, -6.85))],
            {},
            "Tidak ada zona jateng.geojson di dalam wilayah provinsi",
        ),
        (
            "zona.geojson",
            [({"jenis": "banjir", "tingkat": "tinggi"}, BANJIR)],
            {"pemetaan": Pemetaan(kolom_tingkat="KELAS")},
            "Kolom 'KELAS' tidak ada di berkas; kolom yang ada: jenis, tingkat",
        ),
    ],
)
def test_a_bad_file_is_refused_naming_the_problem_and_nothing_is_written(
    app_kecil, tmp_path, nama, isi, kw, pesan
):
    path = tmp_path / nama
    if isinstance(isi, bytes):
        path.write_bytes(isi)
    elif isi is not None:
        _geojson(path, isi)
    sebelum = _jumlah()
    with pytest.raises(ValueError, match=pesan):
        _impor(path, **kw)
    assert _jumlah() == sebelum


def test_a_file_bad_halfway_writes_nothing(app_kecil, tmp_path):
    path = _geojson(
        tmp_path / "campur.geojson",
        [({"jenis": "banjir"}, BANJIR), ({"jenis": "zona kuning"}, LONGSOR)],
    )
    sebelum = _jumlah()
    with pytest.raises(ValueError, match="'zona kuning'"):
        _impor(path)
    assert _jumlah() == sebelum


def test_only_an_admin_provinsi_imports_over_the_web(app_kecil, tmp_path):
    path = _geojson(tmp_path / "z.geojson", [({"jenis": "banjir"}, BANJIR)])
    for username in ("operator.6571", "pimpinan.65"):
        with pytest.raises(DiLuarWewenang, match="hanya dapat diimpor .* oleh Admin Provinsi"):
            _impor(path, Pelaku(akun(username), PROVINSI_KECIL))
    lap = _impor(path, Pelaku(akun("admin.65"), PROVINSI_KECIL))
    assert lap.jumlah_zona == 1
    with db.sesi_baca() as s:
        assert s.scalar(select(models.Bahaya.diimpor_oleh)) == akun("admin.65").id


def _kejadian(kode: str, jenis: str, keparahan: str, judul: str, status: str = "terbuka") -> None:
    sekarang = dt.datetime(2024, 11, 24, 3, tzinfo=dt.UTC)
    with db.sesi_tulis() as s:
        s.add(
            models.Kejadian(
                client_id=f"uji-{judul}",
                wilayah_kode=kode,
                jenis=jenis,
                keparahan=keparahan,
                status=status,
                judul=judul,
                dilaporkan_pada=sekarang,
                diperbarui_pada=sekarang,
            )
        )


@dataclass(frozen=True)
class Kaki:
    moda: str
    jarak_km: float
    waktu_jam: float
    jalur: tuple[tuple[float, float], ...]
    keterangan: str = ""


@dataclass(frozen=True)
class Rute:
    tahap: str
    asal_kode: str
    tujuan_kode: str
    tujuan_nama: str
    kaki: tuple[Kaki, ...]


# Gudang Kota Tarakan → PPK Tarakan Barat straight west along 3.315° N: 4,4 km of BANJIR.
MELINTAS = Rute(
    "ppk",
    "65.71",
    "65.71.01",
    "Tarakan Barat",
    (Kaki("darat", 5.0, 0.2, ((3.315, 117.61), (3.315, 117.55))),),
)


def test_incidents_near_hazards_and_route_grades_with_manual_overrides(app_kecil, tmp_path):
    assert bahaya.kejadian_dekat_bahaya(PROVINSI_KECIL) == ()
    zona = {"jenis": "banjir", "tingkat": "tinggi", "nama": "Banjir Tarakan 2024"}
    _impor(_geojson(tmp_path / "z.geojson", [(zona, BANJIR)]))
    # Karang Anyar (65.71.01.1001) lies inside the flood zone; Nunukan far away.
    _kejadian("65.71.01.1001", "banjir", "tinggi", "Jalan tergenang")
    _kejadian("65.03", "akses_jalan", "kritis", "Jauh")
    _kejadian("65.71.01.1002", "longsor", "tinggi", "Sudah selesai", status="selesai")
    uji = ("Jalan tergenang", "Jauh", "Sudah selesai")  # the demo has incidents of its own
    dekat = [d for d in bahaya.kejadian_dekat_bahaya(PROVINSI_KECIL) if d.kejadian.judul in uji]
    assert [(d.kejadian.judul, d.bahaya_nama, d.jarak_km) for d in dekat] == [
        ("Jalan tergenang", "Banjir Tarakan 2024", 0.0)
    ]

    laut = Rute(
        "ppk",
        "65.71",
        "65.71.02",
        "Tarakan Tengah",
        (Kaki("laut", 9.0, 1.0, ((3.40, 117.70), (3.45, 117.75))),),
    )
    nilai = bahaya.nilai_risiko_rute("65.71", [MELINTAS, laut])
    assert nilai["65.71.01"].tingkat == "sangat_rawan"
    assert nilai["65.71.01"].teks.startswith(
        "sangat rawan: melintasi 4,4 km zona banjir tinggi (Banjir Tarakan 2024); kejadian aktif "
        "banjir (tinggi)"
    )
    assert nilai["65.71.02"].tingkat == "rawan"

    assert bahaya.simpan_risiko_hitung("65.71", [MELINTAS, laut]) == 2
    tersimpan = bahaya.tingkat_risiko_rute("65.71")
    assert {k: (v.tingkat, v.sumber) for k, v in tersimpan.items()} == {
        "65.71.01": ("sangat_rawan", "hitung"),
        "65.71.02": ("rawan", "hitung"),
    }

    operator = Pelaku(akun("operator.6571"), PROVINSI_KECIL, "10.0.0.1")
    bahaya.setel_tingkat_risiko("65.71", "65.71.02", "aman", "Kapal cadangan siaga", operator)
    sekarang = bahaya.tingkat_risiko_rute("65.71", [MELINTAS, laut])
    assert (sekarang["65.71.02"].tingkat, sekarang["65.71.02"].sumber) == ("aman", "manual")
    assert sekarang["65.71.02"].tingkat_hitung == "rawan"
    assert sekarang["65.71.02"].oleh == "operator.6571"
    assert sekarang["65.71.01"].sumber == "hitung"
    with db.sesi_baca() as s:
        a = s.scalars(select(models.Audit).where(models.Audit.aksi == "setel_risiko_rute")).one()
        tahap = s.scalars(
            select(models.RisikoRute.tahap).where(models.RisikoRute.sumber == "manual")
        ).one()
    assert (a.username, a.entitas_id, a.wilayah_kode, a.ip) == (
        "operator.6571",
        "ppk/65.71.02",
        "65.71.02",
        "10.0.0.1",
    )
    assert a.sebelum is None and a.sesudah["tingkat"] == "aman" and tahap == "ppk"

    admin = Pelaku(akun("admin.65"), PROVINSI_KECIL)
    bahaya.setel_tingkat_risiko("65.71", "65.71.02.1001", "rawan", "Jembatan retak", admin)
    assert bahaya.tingkat_risiko_rute("65.71")["65.71.02.1001"].tahap == "pps"
    assert bahaya.hapus_tingkat_risiko("65.71", "65.71.02", "Kapal cadangan dipakai", admin)
    assert bahaya.tingkat_risiko_rute("65.71")["65.71.02"].sumber == "hitung"
    assert not bahaya.hapus_tingkat_risiko("65.71", "65.71.02", "Tidak ada lagi", admin)


def test_grading_by_hand_is_scoped_like_data_entry(app_kecil):
    sebelum = _jumlah()
    lain = Pelaku(akun("operator.6501"), PROVINSI_KECIL)
    with pytest.raises(DiLuarWewenang, match="di luar wilayah tugas akun operator.6501"):
        bahaya.setel_tingkat_risiko("65.71", "65.71.01", "rawan", "Alasan yang cukup", lain)
    pimpinan = Pelaku(akun("pimpinan.65"), PROVINSI_KECIL)
    with pytest.raises(DiLuarWewenang, match="hanya dapat melihat"):
        bahaya.setel_tingkat_risiko("65.71", "65.71.01", "rawan", "Alasan yang cukup", pimpinan)
    operator = Pelaku(akun("operator.6571"), PROVINSI_KECIL)
    with pytest.raises(Ditolak) as e:
        bahaya.setel_tingkat_risiko("65.71", "65.01.01", "parah", "x", operator)
    assert {g.kolom for g in e.value.galat} == {"tujuan", "tingkat", "alasan"}
    with pytest.raises(Ditolak, match="Tingkat 'parah' tidak dikenal; pilih: aman, rawan"):
        bahaya.setel_tingkat_risiko("65.71", "65.71.01", "parah", "Alasan yang cukup", operator)
    assert _jumlah() == sebelum
    with db.sesi_baca() as s:
        assert s.scalar(select(func.count()).select_from(models.RisikoRute)) == 0


def test_the_command_line_imports_lists_and_removes(kampanye_kecil, monkeypatch, capsys, tmp_path):
    engine, _ = kampanye_kecil
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    path = _geojson(tmp_path / "zona.geojson", [({"warna": "merah"}, BANJIR)])
    assert main(["bahaya", "impor", str(path)]) == 2
    assert "Jenis bahaya tidak dapat ditentukan" in capsys.readouterr().err
    assert (
        main(
            [
                "bahaya",
                "impor",
                str(path),
                "--jenis",
                "banjir",
                "--tingkat",
                "tinggi",
                "--oleh",
                "admin.65",
            ]
        )
        == 0
    )
    keluar = capsys.readouterr().out
    assert "1 zona bahaya disimpan untuk provinsi 65" in keluar and "banjir 1" in keluar
    assert main(["bahaya", "daftar"]) == 0
    baris = capsys.readouterr().out
    assert "Banjir" in baris and "admin.65" in baris
    nomor = int(baris.split()[0])
    assert main(["bahaya", "hapus", str(nomor), "--oleh", "operator.6571"]) == 2
    assert "Admin Provinsi" in capsys.readouterr().err
    assert main(["bahaya", "hapus", str(nomor)]) == 0
    assert f"Zona bahaya {nomor}" in capsys.readouterr().out
    with pembuat_sesi(engine)() as s:
        audit = s.execute(
            select(models.Audit.aksi, models.Audit.username, models.Audit.sebelum)
            .where(models.Audit.entitas == "bahaya")
            .order_by(models.Audit.id)
        ).all()
    assert [(a, u) for a, u, _ in audit] == [
        ("impor_bahaya", "admin.65"),
        ("hapus_bahaya", "sistem"),
    ]
    assert audit[1][2]["nama"] == "Banjir tinggi (zona.geojson #0)"
    assert main(["bahaya", "daftar"]) == 0
    assert "Belum ada zona bahaya" in capsys.readouterr().out


def test_a_zipped_shapefile_and_a_national_layer_read_only_the_province(app_kecil, tmp_path):
    jawa = shapely.box(110.6, -6.95, 110.7, -6.85)
    shp = _tulis(
        tmp_path / "nasional.shp",
        [BANJIR, jawa],
        {"BENCANA": ["Banjir", "Banjir"], "KELAS": ["Tinggi", "Sedang"]},
        "EPSG:4326",
    )
    arsip = tmp_path / "nasional.zip"
    with zipfile.ZipFile(arsip, "w") as z:
        for bagian in tmp_path.glob("nasional.*"):
            if bagian != arsip:
                z.write(bagian, f"data/{bagian.name}")
    lap = _impor(arsip)
    assert (lap.jumlah_fitur, lap.jumlah_zona, lap.di_luar_provinsi) == (2, 1, 1)
    # Named by its FID in the file (a Shapefile counts from 0, as QGIS shows it).
    assert _zona() == [("banjir", "tinggi", "Banjir tinggi (nasional.zip #0)")]
    assert shp.exists()

    kosong = tmp_path / "kosong.zip"
    with zipfile.ZipFile(kosong, "w") as z:
        z.writestr("baca.txt", "bukan peta")
    sebelum = _jumlah()
    with pytest.raises(ValueError, match="harus berisi tepat satu berkas .shp, .gpkg atau"):
        _impor(kosong)
    assert _jumlah() == sebelum


def test_a_route_that_cannot_be_reached_is_sangat_rawan(app_kecil):
    buntu = Rute("pps", "65.71.01", "65.71.01.1001", "Karang Anyar", ())
    nilai = bahaya.nilai_risiko_rute("65.71", [buntu])["65.71.01.1001"]
    assert nilai.teks == "sangat rawan: tidak ada jalur: tujuan tidak terjangkau di jaringan"


def test_the_demo_draws_its_hazards_and_flags_a_route_through_sayung(demo33):
    url, _ = demo33
    app = create_app(settings_uji(url, "33"))
    with app.server.app_context():
        peta = bahaya.lapisan("33")
        nama = sorted(f["properties"]["nama"] for f in peta["features"])
        assert nama == [
            "Zona banjir (demo) Sayung, Demak",
            "Zona longsor (demo) Banjarmangu, Banjarnegara",
            "Zona longsor (demo) Karangkobar, Banjarnegara",
        ]
        # Gudang Demak → PPK Sayung in a straight line ends inside the demo flood zone.
        lurus = Rute(
            "ppk",
            "33.21",
            "33.21.04",
            "Sayung",
            (Kaki("darat", 13.0, 0.5, ((-6.891355, 110.638389), (-6.924962, 110.528454))),),
        )
        nilai = bahaya.nilai_risiko_rute("33.21", [lurus])["33.21.04"]
        assert nilai.tingkat == "sangat_rawan"
        assert "zona banjir tinggi (Zona banjir (demo) Sayung, Demak)" in nilai.teks


def test_cached_grades_and_layer_follow_a_new_import(kampanye_kecil, tmp_path):
    engine, _ = kampanye_kecil
    url = engine.url.render_as_string(hide_password=False)
    settings = settings_uji(url, PROVINSI_KECIL).with_(cache_type="SimpleCache", versi_detik=0)
    app = create_app(settings)
    with app.server.app_context():
        assert bahaya.nilai_risiko_rute("65.71", [MELINTAS])["65.71.01"].tingkat == "aman"
        assert bahaya.lapisan(PROVINSI_KECIL)["features"] == []
        token = bahaya.versi_lapisan(PROVINSI_KECIL)
        _kejadian("65.02", "lainnya", "rendah", "Tulisan lain")  # not a zone: token stays
        assert bahaya.versi_lapisan(PROVINSI_KECIL) == token
        zona = {"jenis": "banjir", "tingkat": "tinggi", "nama": "Banjir Tarakan 2024"}
        _impor(_geojson(tmp_path / "z.geojson", [(zona, BANJIR)]))
        assert bahaya.versi_lapisan(PROVINSI_KECIL) != token
        assert json.loads(bahaya.lapisan_json(PROVINSI_KECIL)) == bahaya.lapisan(PROVINSI_KECIL)
        assert bahaya.nilai_risiko_rute("65.71", [MELINTAS])["65.71.01"].tingkat == "sangat_rawan"
        assert len(bahaya.lapisan(PROVINSI_KECIL)["features"]) == 1


def test_the_command_line_sets_lists_and_removes_route_grades(
    kampanye_kecil, monkeypatch, capsys, tmp_path
):
    engine, _ = kampanye_kecil
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    monkeypatch.setenv("CACHE_TYPE", "NullCache")
    setel = ["bahaya", "risiko", "setel", "65.71", "65.71.01", "sangat_rawan"]
    assert main([*setel, "--alasan", "Jembatan Juata putus", "--oleh", "pimpinan.65"]) == 2
    assert "hanya dapat melihat" in capsys.readouterr().err
    assert main([*setel, "--alasan", "Jembatan Juata putus", "--oleh", "operator.6571"]) == 0
    assert "Risiko rute ke 65.71.01: sangat_rawan (manual)" in capsys.readouterr().out
    assert main(["bahaya", "risiko", "daftar", "65.71"]) == 0
    baris = capsys.readouterr().out
    assert "ppk 65.71.01" in baris and "manual" in baris and "Jembatan Juata putus" in baris
    hapus = ["bahaya", "risiko", "hapus", "65.71", "65.71.01", "--alasan", "Jembatan sudah"]
    assert main([*hapus, "--oleh", "admin.65"]) == 0
    assert "hitungan berlaku lagi" in capsys.readouterr().out

    zona = {"jenis": "banjir", "tingkat": "tinggi", "nama": "Banjir Tarakan 2024"}
    path = _geojson(tmp_path / "z.geojson", [(zona, BANJIR)])
    assert main(["bahaya", "impor", str(path)]) == 0
    capsys.readouterr()
    assert main(["bahaya", "dekat"]) == 0
    assert "km dari Banjir Tarakan 2024" in capsys.readouterr().out


def test_the_sumatera_utara_demo_has_a_flood_zone_in_medan_and_a_landslide_zone_on_nias(demo12):
    url, _ = demo12
    app = create_app(settings_uji(url, "12"))
    with app.server.app_context():
        fitur = bahaya.lapisan("12")["features"]
        assert sorted((f["properties"]["nama"], f["properties"]["tingkat"]) for f in fitur) == [
            ("Zona banjir (demo) Medan Belawan", "tinggi"),
            ("Zona banjir (demo) Medan Maimun", "sedang"),
            ("Zona longsor (demo) Hiliduho, Nias", "tinggi"),
        ]
        # Each zone lies around its kecamatan's point.
        titik = {"Medan Belawan": (98.669030, 3.768117), "Hiliduho": (97.525256, 1.238936)}
        for f in fitur:
            for nama, (lon, lat) in titik.items():
                if nama in f["properties"]["nama"]:
                    bentuk = shapely.from_geojson(json.dumps(f["geometry"]))
                    assert bentuk.contains(shapely.Point(lon, lat))


def test_importing_a_layer_again_replaces_it_and_another_province_is_refused(app_kecil, tmp_path):
    zona = {"jenis": "banjir", "tingkat": "sedang", "nama": "Banjir Tarakan"}
    path = _geojson(tmp_path / "banjir.geojson", [(zona, BANJIR), (zona, LONGSOR)])
    assert _impor(path).diganti == 0
    path = _geojson(tmp_path / "banjir.geojson", [(zona | {"tingkat": "tinggi"}, BANJIR)])
    lap = _impor(path)
    assert (lap.diganti, lap.jumlah_zona) == (2, 1)
    assert _zona() == [("banjir", "tinggi", "Banjir Tarakan")]
    sebelum = _jumlah()
    with pytest.raises(
        ValueError, match=r"Provinsi 33 bukan provinsi kampanye basis data ini \(65\)"
    ):
        _impor(path, provinsi="33")
    assert _jumlah() == sebelum


def test_a_province_wide_incident_is_near_no_zone_and_no_route(app_kecil, tmp_path):
    # Kalimantan Utara's own point (2.842° N, 117.374° E) lies inside this zone.
    zona = {"jenis": "banjir", "tingkat": "tinggi", "nama": "Di titik provinsi"}
    _impor(_geojson(tmp_path / "z.geojson", [(zona, shapely.box(117.35, 2.82, 117.40, 2.86))]))
    _kejadian("65", "banjir", "kritis", "Se-provinsi")
    assert all(d.kejadian.judul != "Se-provinsi" for d in bahaya.kejadian_dekat_bahaya("65"))
    lewat = Rute(
        "ppk",
        "65.01",
        "65.01.01",
        "X",
        (Kaki("darat", 1.0, 0.1, ((2.842, 117.30), (2.842, 117.45))),),
    )
    assert all(
        k.kejadian.judul != "Se-provinsi"
        for k in bahaya.nilai_risiko_rute("65.01", [lewat])["65.01.01"].kejadian
    )
