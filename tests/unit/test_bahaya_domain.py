"""Hazard rules without a database: reading any schema, route crossings, grades in words."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pytest
import shapely

from dashboard.domain.bahaya import (
    GAYA_BAHAYA,
    JENIS_BAHAYA,
    TINGKAT_BAHAYA,
    TINGKAT_RISIKO,
    WARNA_JENIS,
    WARNA_RISIKO,
    BarisBahaya,
    FiturMentah,
    IndeksBahaya,
    KejadianTitik,
    Pemetaan,
    ZonaBahaya,
    jenis_dari_nilai,
    kejadian_dekat_zona,
    km,
    koleksi_peta,
    legenda_bahaya,
    nilai_rute,
    normalisasi_lapisan,
    tingkat_dari_nilai,
)
from dashboard.domain.geometri import R_BUMI_KM

LAT = 3.31  # Tarakan
KM_PER_DERAJAT = R_BUMI_KM * math.pi / 180


def _km_sejajar(derajat_bujur: float, lat: float = LAT) -> float:
    """Length along a parallel, by hand: R · cos φ · Δλ."""
    return KM_PER_DERAJAT * math.cos(math.radians(lat)) * derajat_bujur


@dataclass(frozen=True)
class Kaki:
    moda: str
    jalur: tuple[tuple[float, float], ...]


def _zona(
    i: int,
    minx: float,
    maxx: float,
    tingkat: str = "tinggi",
    jenis: str = "banjir",
    nama: str = "Banjir Tarakan 2024",
) -> ZonaBahaya:
    return ZonaBahaya(i, jenis, tingkat, nama, shapely.box(minx, 3.30, maxx, 3.32))


TIMUR_BARAT = (Kaki("darat", ((LAT, 117.48), (LAT, 117.55))),)


@pytest.mark.parametrize(
    ("nilai", "jenis"),
    [
        ("BANJIR", "banjir"),
        ("Flood", "banjir"),
        ("Zona Banjir Rob", "banjir"),
        ("Tanah Longsor", "longsor"),
        ("Landslide", "longsor"),
        ("gerakan_tanah", "longsor"),
        ("Gempa Bumi", "gempa"),
        ("TSUNAMI", "tsunami"),
        ("KRB III Gunung Api", "erupsi"),
        ("Kebakaran hutan", "lainnya"),
        ("Zona merah", None),
        ("Banjir dan longsor", None),  # two kinds: not guessed
        (None, None),
    ],
)
def test_hazard_kinds_are_read_from_indonesian_and_english_values(nilai, jenis):
    assert jenis_dari_nilai(nilai) == jenis


@pytest.mark.parametrize(
    ("nilai", "indeks", "tingkat"),
    [
        ("tinggi", False, "tinggi"),
        ("HIGH", False, "tinggi"),
        ("Sangat Tinggi", False, "tinggi"),
        ("Kelas Sedang", False, "sedang"),
        ("moderate", False, "sedang"),
        ("rendah", False, "rendah"),
        (3, False, "tinggi"),
        (2, False, "sedang"),
        ("1", False, "rendah"),
        (0.72, True, "tinggi"),
        (0.5, True, "sedang"),
        (0.1, True, "rendah"),
        ("entah", False, None),
    ],
)
def test_levels_are_read_from_words_classes_and_a_0_to_1_index(nilai, indeks, tingkat):
    assert tingkat_dari_nilai(nilai, indeks) == tingkat


def test_an_east_west_route_crosses_a_zone_for_its_width_along_the_parallel():
    indeks = IndeksBahaya([_zona(1, 117.50, 117.52)])
    lintas, paparan = indeks.perlintasan(indeks.garis_km(TIMUR_BARAT[0].jalur))
    assert len(lintas) == 1
    assert lintas[0].panjang_km == pytest.approx(_km_sejajar(0.02), rel=1e-6)
    assert paparan["tinggi"] == pytest.approx(_km_sejajar(0.02), rel=1e-6)


def test_a_north_south_route_crosses_a_zone_for_its_height():
    indeks = IndeksBahaya([_zona(1, 117.50, 117.52)])
    jalur = ((3.29, 117.51), (3.33, 117.51))
    lintas, _ = indeks.perlintasan(indeks.garis_km(jalur))
    assert lintas[0].panjang_km == pytest.approx(KM_PER_DERAJAT * 0.02, rel=1e-6)


def test_overlapping_zones_count_each_km_once_under_the_higher_level():
    indeks = IndeksBahaya(
        [_zona(1, 117.50, 117.51, "tinggi"), _zona(2, 117.50, 117.52, "sedang", nama="Luas")]
    )
    lintas, paparan = indeks.perlintasan(indeks.garis_km(TIMUR_BARAT[0].jalur))
    assert {p.bahaya_id: round(p.panjang_km, 6) for p in lintas} == {
        1: round(_km_sejajar(0.01), 6),
        2: round(_km_sejajar(0.02), 6),
    }
    assert paparan["tinggi"] == pytest.approx(_km_sejajar(0.01), rel=1e-6)
    assert paparan["sedang"] == pytest.approx(_km_sejajar(0.01), rel=1e-6)
    assert paparan["rendah"] == 0


def test_a_route_clear_of_every_zone_is_aman_and_says_so():
    indeks = IndeksBahaya([_zona(1, 117.60, 117.62)])
    p = nilai_rute(TIMUR_BARAT, indeks)
    assert p.tingkat == "aman"
    assert p.teks == "aman: tidak melintasi zona bahaya dan tidak ada kejadian aktif di dekat rute"


def test_a_short_stretch_through_a_high_zone_is_rawan_in_words():
    indeks = IndeksBahaya([_zona(1, 117.50, 117.503)])
    p = nilai_rute(TIMUR_BARAT, indeks)
    panjang = _km_sejajar(0.003)
    assert p.skor == pytest.approx(3 * panjang, rel=1e-3)
    assert p.tingkat == "rawan"
    assert p.teks == f"rawan: melintasi {km(panjang)} km zona banjir tinggi (Banjir Tarakan 2024)"


def test_a_kilometre_or_more_of_high_zone_is_sangat_rawan_and_a_graze_is_aman():
    assert nilai_rute(TIMUR_BARAT, IndeksBahaya([_zona(1, 117.50, 117.52)])).tingkat == (
        "sangat_rawan"
    )
    # 100 m of a low zone: exposure 0,1 < 0,3
    graze = nilai_rute(TIMUR_BARAT, IndeksBahaya([_zona(1, 117.50, 117.5009, "rendah")]))
    assert graze.tingkat == "aman" and graze.alasan[0].startswith("hanya menyinggung")


def test_a_sea_leg_is_rawan_and_sangat_rawan_when_the_land_leg_crosses_a_zone():
    laut = (Kaki("laut", ((LAT, 117.60), (LAT, 117.70))),)
    p = nilai_rute(laut, IndeksBahaya([_zona(1, 117.62, 117.64)]))  # the boat passes over it
    assert p.tingkat == "rawan" and p.perlintasan == ()
    assert p.teks == "rawan: bergantung pada kaki laut: cuaca dapat menunda keberangkatan"
    berdua = nilai_rute((*TIMUR_BARAT, *laut), IndeksBahaya([_zona(1, 117.50, 117.503)]))
    assert berdua.tingkat == "sangat_rawan"
    assert "juga bergantung pada kaki laut" in berdua.teks


def test_an_active_road_incident_near_the_route_raises_the_grade():
    longsor = KejadianTitik(
        7, "Jalan tertimbun", "longsor", "tinggi", "65.71.01", "X", 117.53, LAT + 0.005
    )
    kurang = KejadianTitik(8, "Kurang segel", "kekurangan", "kritis", "65.71.01", "X", 117.53, LAT)
    jauh = KejadianTitik(9, "Banjir jauh", "banjir", "kritis", "65.71.02", "Y", 117.53, LAT + 0.1)
    p = nilai_rute(TIMUR_BARAT, None, [longsor, kurang, jauh])
    assert p.tingkat == "sangat_rawan"
    assert [d.kejadian.id for d in p.kejadian] == [7]
    jarak = KM_PER_DERAJAT * 0.005
    assert p.teks == (
        f"sangat rawan: kejadian aktif longsor (tinggi) {km(jarak)} km dari rute: Jalan tertimbun"
    )
    sedang = KejadianTitik(10, "Genangan", "banjir", "sedang", "65.71.01", "X", 117.50, LAT)
    assert nilai_rute(TIMUR_BARAT, None, [sedang]).tingkat == "rawan"


def test_incidents_near_hazards_are_listed_with_the_nearest_zone():
    zona = [_zona(1, 117.50, 117.52), _zona(2, 117.60, 117.62, "rendah", nama="Jauh")]
    dalam = KejadianTitik(1, "Banjir", "banjir", "sedang", "a", "A", 117.51, 3.31)
    dekat = KejadianTitik(2, "Longsor", "longsor", "kritis", "b", "B", 117.53, 3.31)
    jauh = KejadianTitik(3, "Jauh", "banjir", "tinggi", "c", "C", 117.80, 3.31)
    hasil = kejadian_dekat_zona(zona, [dalam, dekat, jauh])
    assert [(d.kejadian.id, d.bahaya_id) for d in hasil] == [(2, 1), (1, 1)]  # worst first
    assert hasil[1].jarak_km == 0
    assert hasil[0].jarak_km == pytest.approx(_km_sejajar(0.01), rel=1e-3)


def _fitur(props: dict, geom=None) -> FiturMentah:  # type: ignore[no-untyped-def]
    return FiturMentah(props, geom if geom is not None else shapely.box(117.5, 3.3, 117.52, 3.32))


KOTAK = (117.0, 3.0, 118.0, 4.0)


def test_a_layer_of_another_schema_is_mapped_by_column_names_and_values():
    fitur = [
        _fitur({"KATEGORI": "Tanah Longsor", "INDEKS": 0.81, "NAMOBJ": "Longsor Juata"}),
        _fitur({"KATEGORI": "BANJIR", "INDEKS": 0.2, "NAMOBJ": None}),
    ]
    h = normalisasi_lapisan(
        fitur, ["KATEGORI", "INDEKS", "NAMOBJ"], Pemetaan(), KOTAK, label_berkas="uji.gpkg"
    )
    assert (h.kolom_jenis, h.kolom_tingkat, h.kolom_nama) == ("KATEGORI", "INDEKS", "NAMOBJ")
    assert [(z.jenis, z.tingkat, z.nama) for z in h.zona] == [
        ("longsor", "tinggi", "Longsor Juata"),
        ("banjir", "rendah", "Banjir rendah (uji.gpkg #2)"),
    ]


def test_an_unmappable_kind_names_the_column_and_the_values():
    fitur = [_fitur({"type": "Zona merah"}), _fitur({"type": "banjir"})]
    with pytest.raises(ValueError, match=r"Kolom 'type' .* 'Zona merah' \(1 fitur\).*--jenis"):
        normalisasi_lapisan(fitur, ["type"], Pemetaan(), KOTAK)
    with pytest.raises(ValueError, match=r"tidak ada kolom jenis .*kolom yang ada: warna"):
        normalisasi_lapisan([_fitur({"warna": "x"})], ["warna"], Pemetaan(), KOTAK)
    with pytest.raises(ValueError, match=r"Kolom 'jenisnya' tidak ada di berkas"):
        normalisasi_lapisan(fitur, ["type"], Pemetaan(kolom_jenis="jenisnya"), KOTAK)


def test_overrides_and_the_file_name_decide_when_columns_do_not():
    fitur = [_fitur({"warna": "merah"})]
    h = normalisasi_lapisan(fitur, ["warna"], Pemetaan(jenis="Flood", tingkat="high"), KOTAK)
    assert (h.zona[0].jenis, h.zona[0].tingkat) == ("banjir", "tinggi")
    h = normalisasi_lapisan(fitur, ["warna"], Pemetaan(), KOTAK, petunjuk=("zona_longsor",))
    assert (h.zona[0].jenis, h.zona[0].tingkat) == ("longsor", "sedang")
    assert "dianggap sedang" in h.catatan[0]


def test_broken_shapes_are_repaired_points_skipped_and_outside_zones_dropped():
    dasi = shapely.Polygon([(117.5, 3.3), (117.52, 3.32), (117.52, 3.3), (117.5, 3.32)])
    assert not dasi.is_valid
    fitur = [
        _fitur({"jenis": "banjir"}, dasi),
        _fitur({"jenis": "banjir"}, shapely.Point(117.5, 3.3)),
        _fitur({"jenis": "banjir"}, shapely.box(110.0, -7.0, 110.1, -6.9)),
    ]
    h = normalisasi_lapisan(fitur, ["jenis"], Pemetaan(), KOTAK)
    assert len(h.zona) == 1 and h.zona[0].geometri.is_valid
    assert h.zona[0].geometri.area == pytest.approx(0.02 * 0.02 / 2, rel=0.01)  # two triangles
    assert (h.bukan_poligon, h.di_luar_provinsi) == (1, 1)
    with pytest.raises(ValueError, match="tidak berisi poligon"):
        normalisasi_lapisan(fitur[1:2], ["jenis"], Pemetaan(), KOTAK)
    with pytest.raises(ValueError, match="Tidak ada zona .* di dalam wilayah provinsi"):
        normalisasi_lapisan(fitur[2:], ["jenis"], Pemetaan(), KOTAK)
    with pytest.raises(ValueError, match="tidak berisi geometri"):
        normalisasi_lapisan([FiturMentah({"jenis": "banjir"}, None)], ["jenis"], Pemetaan(), KOTAK)


def test_the_map_layer_keeps_high_zones_first_within_its_vertex_budget():
    baris = [
        BarisBahaya(1, "banjir", "rendah", "A", shapely.to_geojson(shapely.box(0, 0, 1, 1)), "f"),
        BarisBahaya(2, "longsor", "tinggi", "B", shapely.to_geojson(shapely.box(1, 1, 2, 2)), "f"),
    ]
    semua = koleksi_peta(baris, 100)
    assert [f["properties"]["tingkat"] for f in semua["features"]] == ["tinggi", "rendah"]
    assert semua["features"][0]["properties"] | {"id": 0} == {
        "id": 0,
        "jenis": "longsor",
        "jenis_label": "Tanah longsor",
        "tingkat": "tinggi",
        "bobot": 3,
        "nama": "B",
        "sumber": "f",
    }
    sempit = koleksi_peta(baris, 6)
    assert [f["id"] for f in sempit["features"]] == [2] and sempit["terpotong"] == 1


def test_crossings_agree_with_a_full_overlay_on_winding_roads_and_overlapping_zones():
    rng = np.random.default_rng(3)
    zona = [
        ZonaBahaya(
            i,
            "banjir",
            ("rendah", "sedang", "tinggi")[i % 3],
            f"z{i}",
            shapely.Point(117.5 + rng.random() * 0.3, 3.2 + rng.random() * 0.2).buffer(
                0.005 + rng.random() * 0.02, quad_segs=8
            ),
        )
        for i in range(80)
    ]
    indeks = IndeksBahaya(zona)
    km_zona = {z.id: indeks.proyeksi.ke_km(z.geometri) for z in zona}
    per_tingkat = {
        t: shapely.union_all([km_zona[z.id] for z in zona if z.tingkat == t])
        for t in ("tinggi", "sedang", "rendah")
    }
    for _ in range(15):
        jalur = np.cumsum(rng.normal(0, 0.003, (150, 2)), axis=0) + [3.3, 117.65]
        garis = indeks.garis_km([tuple(p) for p in jalur])
        lintas, paparan = indeks.perlintasan(garis)
        for p in lintas:
            assert p.panjang_km == pytest.approx(garis.intersection(km_zona[p.bahaya_id]).length)
        tinggi = garis.intersection(per_tingkat["tinggi"]).length
        atas_sedang = garis.intersection(
            shapely.union(per_tingkat["tinggi"], per_tingkat["sedang"])
        ).length
        semua = garis.intersection(shapely.union_all(list(per_tingkat.values()))).length
        assert paparan["tinggi"] == pytest.approx(tinggi, abs=1e-9)
        assert paparan["sedang"] == pytest.approx(atas_sedang - tinggi, abs=1e-9)
        assert paparan["rendah"] == pytest.approx(semua - atas_sedang, abs=1e-9)


def test_a_route_wholly_inside_a_zone_counts_its_whole_length():
    indeks = IndeksBahaya([_zona(1, 117.40, 117.60)])
    lintas, paparan = indeks.perlintasan(indeks.garis_km(TIMUR_BARAT[0].jalur))
    assert lintas[0].panjang_km == pytest.approx(_km_sejajar(0.07), rel=1e-6)
    assert paparan["tinggi"] == pytest.approx(_km_sejajar(0.07), rel=1e-6)


def test_every_kind_level_and_grade_has_its_colour_once():
    assert set(GAYA_BAHAYA["warna"]) == set(JENIS_BAHAYA)
    assert set(GAYA_BAHAYA["opasitas"]) == set(TINGKAT_BAHAYA)
    assert set(WARNA_RISIKO) == set(TINGKAT_RISIKO)
    assert legenda_bahaya(["longsor", "banjir", "longsor"]) == [
        ("Banjir", WARNA_JENIS["banjir"]),
        ("Tanah longsor", WARNA_JENIS["longsor"]),
    ]


def test_several_zones_are_listed_after_one_verb_worst_first_and_the_rest_counted():
    zona = [
        _zona(1, 117.500, 117.505, "rendah", nama="A"),
        _zona(2, 117.510, 117.520, "tinggi", nama="B"),
        _zona(3, 117.522, 117.524, "sedang", "longsor", nama="C"),
        _zona(4, 117.530, 117.531, "rendah", nama="D"),
        _zona(5, 117.540, 117.541, "rendah", nama="E"),
    ]
    p = nilai_rute(TIMUR_BARAT, IndeksBahaya(zona))
    assert p.teks == (
        f"sangat rawan: melintasi {km(_km_sejajar(0.01))} km zona banjir tinggi (B), "
        f"{km(_km_sejajar(0.005))} km zona banjir rendah (A), "
        f"{km(_km_sejajar(0.002))} km zona tanah longsor sedang (C), dan 2 zona lain"
    )
