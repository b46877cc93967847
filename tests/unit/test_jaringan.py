"""Road network: a synthetic OSM extract's routes against hand-computed shortest paths, the
approximate network of Jawa Tengah (Karimunjawa only by sea), water legs and blocked roads."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import numpy as np
import osmium
import pandas as pd
import pytest

from dashboard.domain import jaringan as jar
from dashboard.domain.waktu import WIB
from dashboard.settings import DATA_DIR
from dashboard.tools.jalan import baca_osm

R = 6_371_008.8


def hav(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle metres between two (lat, lon), written out by hand."""
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(math.sqrt(h))


# Nodes (lat, lon) on the equator near Kalimantan: 1-2-3 a primary road going east, 4 and 5
# north of 2 and 3, 7 a bend of the one-way road 4→5, 6 only on a footway.
TITIK = {
    1: (0.0, 110.00),
    2: (0.0, 110.01),
    3: (0.0, 110.02),
    4: (0.01, 110.01),
    5: (0.01, 110.02),
    6: (0.005, 110.005),
    7: (0.012, 110.015),
}
JALAN = [
    (10, [1, 2, 3], {"highway": "primary"}),  # 50 km/h
    (11, [2, 4], {"highway": "residential", "maxspeed": "20"}),  # tagged 20 km/h
    (12, [4, 7, 5], {"highway": "secondary", "oneway": "yes"}),  # 40 km/h, 4 → 5 only
    (13, [5, 3], {"highway": "tertiary"}),  # 35 km/h
    (14, [1, 6, 4], {"highway": "footway"}),  # not for vehicles
]


def tulis_osm(path: Path) -> Path:
    """Write the synthetic extract with pyosmium's writer."""
    with osmium.SimpleWriter(str(path)) as w:
        for nid, (lat, lon) in TITIK.items():
            w.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), version=1))
        for wid, simpul, tags in JALAN:
            w.add_way(osmium.osm.mutable.Way(id=wid, nodes=simpul, tags=tags, version=1))
    return path


@pytest.fixture(scope="module")
def osm(tmp_path_factory: pytest.TempPathFactory) -> jar.Jaringan:
    return baca_osm(tulis_osm(tmp_path_factory.mktemp("osm") / "uji.osm.pbf")).jaringan


def simpul_di(j: jar.Jaringan, nid: int) -> int:
    lat, lon = TITIK[nid]
    return int(np.flatnonzero((np.abs(j.lat - lat) < 1e-7) & (np.abs(j.lon - lon) < 1e-7))[0])


def waktu_dan_jarak(j: jar.Jaringan, a: int, b: int) -> tuple[float, float, list[int]]:
    jalur = jar.jalur_simpul(j, simpul_di(j, a), simpul_di(j, b))
    langkah = jar.IndeksRuas(j).langkah(jalur)
    return sum(x.waktu_s for x in langkah), sum(x.jarak_m for x in langkah), jalur


def kmj(v: float) -> float:
    return v / 3.6


def test_only_junctions_and_ends_become_nodes_and_the_footway_is_dropped(osm):
    # 1..5 are junctions or ends; 7 is a bend (kept as shape), 6 lies only on the footway.
    assert osm.jumlah_simpul == 5
    assert not any(abs(la - TITIK[6][0]) < 1e-7 for la in osm.lat)
    # primary 1-2, 2-3 both ways; residential 2-4 both ways; tertiary 5-3 both; one-way 4→5.
    assert osm.jumlah_ruas == 2 + 2 + 2 + 2 + 1


def test_routes_match_hand_computed_shortest_paths(osm):
    d12, d23 = hav(TITIK[1], TITIK[2]), hav(TITIK[2], TITIK[3])
    d24, d35 = hav(TITIK[2], TITIK[4]), hav(TITIK[3], TITIK[5])
    d475 = hav(TITIK[4], TITIK[7]) + hav(TITIK[7], TITIK[5])

    waktu, jarak, _ = waktu_dan_jarak(osm, 1, 3)
    assert jarak == pytest.approx(d12 + d23, rel=1e-5)
    assert waktu == pytest.approx((d12 + d23) / kmj(50), rel=1e-5)

    # 1 → 5: along the primary road then the tertiary (274 s), not via 4 (388 s).
    waktu, jarak, jalur = waktu_dan_jarak(osm, 1, 5)
    assert [simpul_di(osm, n) for n in (1, 2, 3, 5)] == jalur
    assert waktu == pytest.approx((d12 + d23) / kmj(50) + d35 / kmj(35), rel=1e-5)
    assert waktu < d12 / kmj(50) + d24 / kmj(20) + d475 / kmj(40)  # the way it did not take

    # The footway 1–6–4 is not a road: 1 → 4 goes round by 2 at the tagged 20 km/h.
    waktu, jarak, _ = waktu_dan_jarak(osm, 1, 4)
    assert waktu == pytest.approx(d12 / kmj(50) + d24 / kmj(20), rel=1e-5)


def test_one_way_road_is_driven_one_way_only(osm):
    d23, d24, d35 = hav(TITIK[2], TITIK[3]), hav(TITIK[2], TITIK[4]), hav(TITIK[3], TITIK[5])
    d475 = hav(TITIK[4], TITIK[7]) + hav(TITIK[7], TITIK[5])
    maju, jarak_maju, jalur = waktu_dan_jarak(osm, 4, 5)
    assert jalur == [simpul_di(osm, 4), simpul_di(osm, 5)]
    assert jarak_maju == pytest.approx(d475, rel=1e-5)  # through the bend, not straight
    assert maju == pytest.approx(d475 / kmj(40), rel=1e-5)
    mundur, _, jalur = waktu_dan_jarak(osm, 5, 4)
    assert jalur == [simpul_di(osm, n) for n in (5, 3, 2, 4)]
    assert mundur == pytest.approx(d35 / kmj(35) + d23 / kmj(50) + d24 / kmj(20), rel=1e-5)
    # The drawn leg bends through node 7.
    langkah = jar.IndeksRuas(osm).langkah([simpul_di(osm, 4), simpul_di(osm, 5)])
    assert langkah[0].titik == (TITIK[4], TITIK[7], TITIK[5])


def test_a_blocked_road_moves_the_route_then_cuts_it(osm):
    # Closing the primary 2–3 sends 1 → 3 round by 4 and 5.
    tutup = jar.ruas_ditutup(osm, [jar.Penutupan(*TITIK[2], *TITIK[3])])
    assert tutup.sum() == 2  # both directions of the one edge
    j = jar.tanpa_ruas(osm, tutup)
    _, _, jalur = waktu_dan_jarak(j, 1, 3)
    assert jalur == [simpul_di(j, n) for n in (1, 2, 4, 5, 3)]
    # Closing around node 2 as well leaves 1 with no way out.
    j2 = jar.tanpa_ruas(j, jar.ruas_ditutup(j, [jar.Penutupan(*TITIK[2], radius_m=50)]))
    assert jar.jalur_simpul(j2, simpul_di(j2, 1), simpul_di(j2, 3)) == []


def test_the_network_survives_storage(osm):
    kembali = jar.dari_bytes(jar.ke_bytes(osm))
    assert kembali.jumlah_ruas == osm.jumlah_ruas
    waktu, jarak, _ = waktu_dan_jarak(kembali, 1, 5)
    asli, jarak_asli, _ = waktu_dan_jarak(osm, 1, 5)
    assert waktu == pytest.approx(asli, rel=1e-4) and jarak == pytest.approx(jarak_asli, rel=1e-4)


# --- the approximate network of Jawa Tengah --------------------------------------------------


@pytest.fixture(scope="module")
def jateng() -> pd.DataFrame:
    df = pd.read_csv(
        DATA_DIR / "wilayah" / "wilayah.csv.gz",
        dtype={"kode": str, "induk_kode": str, "provinsi_kode": str},
    )
    df = df[(df["provinsi_kode"] == "33") & (df["tingkat"] >= 2)].dropna(subset=["lat", "lon"])
    return df.reset_index(drop=True)


KARIMUNJAWA = "33.20.10"


def test_approximate_network_reaches_every_desa_of_jepara_but_not_karimunjawa_by_road(jateng):
    j = jar.bangun_perkiraan(jateng["lat"], jateng["lon"])
    kode = jateng["kode"].tolist()
    gudang = kode.index("33.20")
    pohon = jar.jalur_tercepat(j, [gudang])
    jepara = jateng[jateng["kode"].str.startswith("33.20.")]
    darat = jepara[~jepara["kode"].str.startswith(KARIMUNJAWA)]
    pulau = jepara[jepara["kode"].str.startswith(KARIMUNJAWA)]
    assert len(darat) > 190 and len(pulau) == 5
    assert np.isfinite(pohon.waktu_s[0, darat.index]).all()
    assert not np.isfinite(pohon.waktu_s[0, pulau.index]).any()  # no road across 80 km of sea
    # Every link is a real edge, FAKTOR_LIKU × the straight line, no longer than the cap.
    assert j.jarak_m.max() <= jar.JARAK_MAKS_KM * 1000 * jar.FAKTOR_LIKU + 1
    for i in darat.index[::40]:
        jalur = jar.jalur_dari_pohon(pohon, 0, int(i))
        langkah = jar.IndeksRuas(j).langkah(jalur)
        assert sum(x.waktu_s for x in langkah) == pytest.approx(pohon.waktu_s[0, i])
        for u, v, x in zip(jalur[:-1], jalur[1:], langkah, strict=True):
            lurus = hav((j.lat[u], j.lon[u]), (j.lat[v], j.lon[v]))
            assert x.jarak_m == pytest.approx(lurus * jar.FAKTOR_LIKU, rel=1e-6)


def test_water_legs_make_karimunjawa_reachable_by_sea(jateng):
    j = jar.bangun_perkiraan(jateng["lat"], jateng["lon"])
    kode = jateng["kode"].tolist()

    def titik(k: str) -> tuple[float, float]:
        r = jateng.iloc[kode.index(k)]
        return float(r["lat"]), float(r["lon"])

    kapal = jar.LintasanAir(1, "laut", *titik("33.20"), *titik(KARIMUNJAWA), 270)
    # Parang and Nyamuk lie 20+ km further west: a local boat from Karimunjawa.
    perahu = jar.LintasanAir(2, "laut", *titik(KARIMUNJAWA), *titik("33.20.10.2003"), 90)
    dengan = jar.gabung_lintasan(j, [kapal, perahu])
    pohon = jar.jalur_tercepat(dengan, [kode.index("33.20")])
    pulau = [kode.index(k) for k in kode if k.startswith(KARIMUNJAWA)]
    assert np.isfinite(pohon.waktu_s[0, pulau]).all()
    jalur = jar.jalur_dari_pohon(pohon, 0, kode.index(KARIMUNJAWA))
    langkah = jar.IndeksRuas(dengan).langkah(jalur)
    laut = [x for x in langkah if x.moda == jar.LAUT]
    assert len(laut) == 1 and laut[0].waktu_s == 270 * 60 and laut[0].lintasan == 1
    # The crossing dominates; the drive to the port is counted on top of it.
    assert pohon.waktu_s[0, kode.index(KARIMUNJAWA)] >= 270 * 60
    # Without the leg, the same network still cannot reach it.
    assert not np.isfinite(jar.jalur_tercepat(j, [kode.index("33.20")]).waktu_s[0, pulau]).any()


def test_bad_coordinates_are_refused_in_words():
    with pytest.raises(ValueError, match="Koordinat tempat tidak lengkap"):
        jar.bangun_perkiraan([0.0, float("nan")], [110.0, 110.1])


# --- timetables -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teks", "hari", "jam"),
    [
        ("Sen, Kam", {0, 3}, None),
        ("Sen–Sab 07.30", {0, 1, 2, 3, 4, 5}, dt.time(7, 30)),
        ("Jum'at dan Minggu pukul 21:00", {4, 6}, dt.time(21, 0)),
        ("Sab-Sen", {5, 6, 0}, None),
        ("setiap hari 06.00", None, dt.time(6, 0)),
        ("sewa, cuaca baik", None, None),
    ],
)
def test_timetables_are_read_as_admins_write_them(teks, hari, jam):
    j = jar.baca_jadwal(teks)
    assert j.hari == (None if hari is None else frozenset(hari)) and j.jam == jam


def test_latest_departure_catches_the_last_sailing_that_lands_in_time():
    # Gudang→PPK ends Saturday 23 Nov 2024 17.00 WIB. Drive 30 min to the port, the boat
    # sails Monday and Thursday at 08.00 (2 h), then 15 min to the PPK: the boat that lands
    # in time is Thursday's, so the truck leaves Thursday 07.30, not Saturday afternoon.
    tiba = dt.datetime(2024, 11, 23, 17, 0, tzinfo=WIB)
    kapal = jar.Jadwal(frozenset({0, 3}), None)
    kaki = [(0.5, None), (2.0, kapal), (0.25, None)]
    assert jar.berangkat_paling_lambat(kaki, tiba) == dt.datetime(2024, 11, 21, 7, 30, tzinfo=WIB)
    # By road only: the trip's hours before the deadline.
    assert jar.berangkat_paling_lambat([(1.5, None)], tiba) == dt.datetime(
        2024, 11, 23, 15, 30, tzinfo=WIB
    )
    # A daily 06.00 flight: Saturday's lands at 07.00, in time.
    harian = jar.Jadwal(None, dt.time(6, 0))
    assert jar.berangkat_paling_lambat([(1.0, harian)], tiba) == dt.datetime(
        2024, 11, 23, 6, 0, tzinfo=WIB
    )
    assert jar.berangkat_paling_lambat([(1.0, jar.Jadwal(frozenset(), None))], tiba) is None


def test_reverse_one_way_roundabout_and_private_roads(tmp_path):
    # 1 → 2 drawn eastwards but one-way against the drawing; 2-3-4-2 a roundabout (one way,
    # as drawn); 4 – 5 a street; 5 – 6 private, so not routed.
    titik = {1: (0.0, 110.0), 2: (0.0, 110.01), 3: (0.002, 110.012), 4: (-0.002, 110.012),
             5: (-0.01, 110.012), 6: (-0.02, 110.012)}  # fmt: skip
    jalan = [
        (1, [1, 2], {"highway": "secondary", "oneway": "-1"}),
        (2, [2, 3, 4, 2], {"highway": "primary", "junction": "roundabout"}),
        (3, [4, 5], {"highway": "residential"}),
        (4, [5, 6], {"highway": "residential", "access": "private"}),
    ]
    berkas = tmp_path / "bundaran.osm.pbf"
    with osmium.SimpleWriter(str(berkas)) as w:
        for nid, (lat, lon) in titik.items():
            w.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), version=1))
        for wid, simpul, tags in jalan:
            w.add_way(osmium.osm.mutable.Way(id=wid, nodes=simpul, tags=tags, version=1))
    j = baca_osm(berkas).jaringan

    def di(n: int) -> int:
        dekat = (abs(j.lat - titik[n][0]) < 1e-7) & (abs(j.lon - titik[n][1]) < 1e-7)
        return int(np.flatnonzero(dekat)[0])

    assert j.jumlah_simpul == 4  # 1, 2, 4, 5: node 3 only bends the roundabout, 6 is private
    pasangan = set(zip(j.asal.tolist(), j.tujuan.tolist(), strict=True))
    # 2 → 1 only (against the drawing); round the roundabout one way: 2 → (3) → 4 → 2.
    assert pasangan == {
        (di(2), di(1)), (di(2), di(4)), (di(4), di(2)), (di(4), di(5)), (di(5), di(4)),
    }  # fmt: skip
    assert jar.jalur_simpul(j, di(5), di(1)) == [di(5), di(4), di(2), di(1)]
    assert jar.jalur_simpul(j, di(1), di(5)) == []
    bundaran = jar.IndeksRuas(j).langkah([di(2), di(4)])[0]
    assert bundaran.titik[1] == pytest.approx(titik[3])


def test_approximate_speeds_follow_how_crowded_a_place_is():
    # A town (16 places 500 m apart), four villages 1.5–2.5 km apart east of it, and 10 km
    # further two remote hamlets. Each link is driven at the slower end's speed.
    kota = [(-7.0 + 0.0045 * (i // 4), 110.0 + 0.0045 * (i % 4)) for i in range(16)]
    desa = [(-7.0, 110.05), (-7.0, 110.07), (-7.0, 110.035), (-7.01, 110.06)]
    terpencil = [(-7.0, 110.17), (-7.0, 110.18)]
    titik = kota + desa + terpencil
    j = jar.bangun_perkiraan([t[0] for t in titik], [t[1] for t in titik])
    kmj = j.jarak_m / j.waktu_s * 3.6

    def laju(a: int, b: int) -> float:
        return float(kmj[(j.asal == a) & (j.tujuan == b)][0])

    assert laju(0, 1) == pytest.approx(jar.KECEPATAN_KMJ["kota"])
    assert laju(16, 17) == pytest.approx(jar.KECEPATAN_KMJ["desa"])
    assert laju(20, 21) == pytest.approx(jar.KECEPATAN_KMJ["terpencil"])
