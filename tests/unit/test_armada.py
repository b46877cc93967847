"""Vehicle plans without a database: loads, the working clock, the checker, the words of a change,
and PyVRP plans judged by the checker and by plain arithmetic here (never the solver's own flag)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter, defaultdict

import numpy as np
import pytest

from dashboard.domain.armada import (
    LAMA_MUAT_MENIT,
    TAK_TERJANGKAU,
    Kalender,
    Matriks,
    PilihanSinggah,
    RencanaAngkut,
    RuteKendaraan,
    Singgah,
    Tujuan,
    UnitKendaraan,
    baca_isian_kendaraan,
    bagi_muatan,
    batas_tiba,
    beda_rencana,
    dari_json,
    jadwalkan,
    ke_json,
    lama_bongkar,
    matriks_bersih,
    matriks_garis_lurus,
    moda_diperlukan,
    muatan_tujuan,
    periksa_rencana,
    rute_terkunci_diubah,
    sidik_rencana,
    terapkan_suntingan,
    ukuran_barang,
    uraian_suntingan,
    urutan_sama,
)
from dashboard.services.armada import susun_rencana
from dashboard.services.katalog import baca_katalog_toml

UKURAN = {"KOTAK": (20.0, 2.0), "SS": (0.01, 0.008)}
KODE = ("33.20", "33.20.01", "33.20.02", "33.20.03", "33.20.04", "33.20.05")
NAMA = {
    "33.20.01": "Kedung",
    "33.20.02": "Pecangaan",
    "33.20.03": "Kalinyamatan",
    "33.20.04": "Mlonggo",
    "33.20.05": "Karimunjawa",
}
# Minutes between places: 33.20.05 (Karimunjawa) lies across the sea, five hours away.
WAKTU = np.array(
    [
        [0, 60, 90, 120, 45, 300],
        [60, 0, 40, 80, 70, 330],
        [90, 40, 0, 50, 100, 350],
        [120, 80, 50, 0, 110, 360],
        [45, 70, 100, 110, 0, 290],
        [300, 330, 350, 360, 290, 0],
    ]
)
# Monday 18 November 2024, four working days (H-7 .. H-4 of Pilkada 2024).
KALENDER = Kalender(dt.date(2024, 11, 18), 4)


def _matriks(waktu: np.ndarray = WAKTU) -> Matriks:
    moda = {k: ("darat",) for k in KODE[1:]}
    moda["33.20.05"] = ("darat", "laut")
    return Matriks(KODE, waktu, waktu * 500, moda)


def _tujuan(kotak: int = 100, ss: int = 20_000) -> dict[str, Tujuan]:
    barang = {"KOTAK": kotak, "SS": ss}
    vol, berat = ukuran_barang(barang, UKURAN)
    return {
        k: Tujuan(k, NAMA[k], barang, vol, berat, "laut" if k == "33.20.05" else "darat")
        for k in KODE[1:]
    }


TRUK = UnitKendaraan(1, "Truk gudang", "K 1001 AA", "truk", 8_000, 4_000)
PIKAP = UnitKendaraan(2, "Pikap gudang", "K 1002 AA", "pikap", 3_000, 1_000)
KAPAL = UnitKendaraan(3, "KM Jepara", "KM JPR 01", "kapal", 20_000, 10_000)
CADANGAN = UnitKendaraan(4, "Truk sewa", "K 9009 ZZ", "truk", 12_000, 8_000, cadangan=True)


def _cek_aritmetika(
    rencana: RencanaAngkut, tujuan: dict[str, Tujuan], armada: list[UnitKendaraan], w: np.ndarray
) -> None:
    """The plan checked again by hand: loads per trip, arrivals along the road, full delivery."""
    kendaraan = {k.id: k for k in armada}
    idx = {k: i for i, k in enumerate(KODE)}
    diantar: dict[str, Counter[str]] = defaultdict(Counter)
    for r in rencana.rute:
        k = kendaraan[r.kendaraan_id]
        assert k.siap
        per_trip: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
        t, pos, trip = r.berangkat, 0, None
        for s in r.singgah:
            assert tujuan[s.kode].moda == k.moda
            if s.perjalanan != trip:
                t, pos, trip = t + w[pos, 0] + 60, 0, s.perjalanan  # back, load for an hour
            t += w[pos, idx[s.kode]]
            assert t <= s.tiba <= rencana.kalender.hari * 11 * 60
            kg = sum(q * UKURAN[j][1] for j, q in s.barang.items())
            t = s.tiba + 30 + int(np.ceil(kg)) // 200
            pos = idx[s.kode]
            per_trip[s.perjalanan][0] += sum(q * UKURAN[j][0] for j, q in s.barang.items())
            per_trip[s.perjalanan][1] += kg
            diantar[s.kode].update(s.barang)
        for volume, berat in per_trip.values():
            assert volume <= k.kapasitas_liter and berat <= k.kapasitas_kg
    for kode, t_ in tujuan.items():
        if kode not in rencana.tidak_terlayani:
            assert +diantar[kode] == +Counter(t_.barang), kode


def test_a_plan_respects_capacities_and_windows_by_the_checker_and_by_hand() -> None:
    tujuan, armada = _tujuan(), [TRUK, PIKAP, KAPAL, CADANGAN]
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    assert rencana.tidak_terlayani == {}
    assert periksa_rencana(rencana, tujuan, {k.id: k for k in armada}, _matriks(), UKURAN) == []
    _cek_aritmetika(rencana, tujuan, armada, WAKTU)
    oleh = {s.kode: r.kendaraan_id for r in rencana.rute for s in r.singgah}
    assert oleh["33.20.05"] == KAPAL.id  # the island by boat, the mainland by road
    pulau = [x.tiba for r in rencana.rute for x in r.singgah if x.kode == "33.20.05"]
    assert max(pulau) <= 2 * 11 * 60  # the island first: within two of the four days
    assert {oleh[k] for k in KODE[1:5]} <= {TRUK.id, PIKAP.id}
    assert all(r.kendaraan_id != CADANGAN.id for r in rencana.rute if r.singgah)


def test_a_short_fleet_makes_several_trips_from_the_gudang() -> None:
    tujuan = {k: t for k, t in _tujuan().items() if k != "33.20.05"}  # 2,200 L each
    armada = [dataclasses.replace(TRUK, kapasitas_liter=5_000)]
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    assert rencana.tidak_terlayani == {}
    [rute] = [r for r in rencana.rute if r.singgah]
    assert max(s.perjalanan for s in rute.singgah) >= 2
    assert periksa_rencana(rencana, tujuan, {1: armada[0]}, _matriks(), UKURAN) == []
    _cek_aritmetika(rencana, tujuan, armada, WAKTU)


def test_a_load_larger_than_any_vehicle_is_split_over_trips() -> None:
    tujuan = {"33.20.01": _tujuan(kotak=1000, ss=0)["33.20.01"]}  # 20,000 L of boxes
    bagian = bagi_muatan(tujuan["33.20.01"], 8_000, 4_000, UKURAN)
    assert len(bagian) == 3 and sum(b.barang["KOTAK"] for b in bagian) == 1000
    with pytest.raises(ValueError, match="satu satuan KOTAK lebih besar dari kendaraan terbesar"):
        bagi_muatan(tujuan["33.20.01"], 10, 4_000, UKURAN)
    kecil = dataclasses.replace(TRUK, kapasitas_liter=15)
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), [kecil], _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    assert rencana.tidak_terlayani["33.20.01"].startswith("satu satuan KOTAK lebih besar")
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), [TRUK], _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    assert periksa_rencana(rencana, tujuan, {1: TRUK}, _matriks(), UKURAN) == []
    _cek_aritmetika(rencana, tujuan, [TRUK], WAKTU)


def test_a_broken_truck_brings_in_the_reserve_and_says_so() -> None:
    # One day: the pickup alone (one 2,200 L load per trip) cannot make four trips by 18.00.
    tujuan, armada, sehari = (
        _tujuan(),
        [TRUK, PIKAP, KAPAL, CADANGAN],
        Kalender(KALENDER.tanggal, 1),
    )
    lama = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(), sehari, UKURAN, batas_detik=1
    )
    assert all(r.kendaraan_id != CADANGAN.id for r in lama.rute if r.singgah)
    rusak = [dataclasses.replace(TRUK, siap=False), PIKAP, KAPAL, CADANGAN]
    baru = susun_rencana(
        "33.20", "ppk", tujuan.values(), rusak, _matriks(), sehari, UKURAN, batas_detik=1
    )
    assert baru.tidak_terlayani == {}
    kendaraan = {k.id: k for k in rusak}
    assert periksa_rencana(baru, tujuan, kendaraan, _matriks(), UKURAN) == []
    _cek_aritmetika(baru, tujuan, rusak, WAKTU)
    kata = beda_rencana(lama, baru, NAMA, kendaraan, {TRUK.id: "rusak: gardan patah"})
    assert "Truk cadangan K 9009 ZZ dipakai" in kata
    assert "Truk K 1001 AA tidak dipakai lagi (rusak: gardan patah)" in kata


def test_a_blocked_road_makes_a_ppk_later_or_unserved_in_words() -> None:
    tujuan, armada = _tujuan(), [TRUK, PIKAP, KAPAL]
    lama = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    memutar = WAKTU.copy()
    memutar[0, 3] = memutar[3, 0] = 420  # the road to Kalinyamatan closed: a long detour
    memutar[[1, 2, 4], 3] += 300
    memutar[3, [1, 2, 4]] += 300
    baru = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(memutar), KALENDER, UKURAN, batas_detik=1
    )
    assert periksa_rencana(baru, tujuan, {k.id: k for k in armada}, _matriks(memutar), UKURAN) == []
    kata = beda_rencana(lama, baru, NAMA, {k.id: k for k in armada})
    assert any(k.startswith("PPK Kalinyamatan tiba ") and "lebih lambat (Sen " in k for k in kata)

    putus = WAKTU.copy()
    putus[:, 3] = putus[3, :] = TAK_TERJANGKAU
    putus[3, 3] = 0
    tanpa = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, _matriks(putus), KALENDER, UKURAN, batas_detik=1
    )
    assert "tidak terjangkau" in tanpa.tidak_terlayani["33.20.03"]
    assert periksa_rencana(tanpa, tujuan, {k.id: k for k in armada}, _matriks(putus), UKURAN) == []
    kata = beda_rencana(lama, tanpa, NAMA, {k.id: k for k in armada})
    assert any(k.startswith("PPK Kalinyamatan tidak terlayani: tidak terjangkau") for k in kata)


def test_an_island_without_a_boat_is_reported_unserved() -> None:
    tujuan = _tujuan()
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), [TRUK], _matriks(), KALENDER, UKURAN, batas_detik=1
    )
    assert rencana.tidak_terlayani == {"33.20.05": "tidak ada kapal yang siap"}
    assert periksa_rencana(rencana, tujuan, {1: TRUK}, _matriks(), UKURAN) == []


def test_the_checker_names_every_broken_rule() -> None:
    tujuan = _tujuan()
    kendaraan = {k.id: k for k in (TRUK, dataclasses.replace(PIKAP, siap=False), KAPAL)}
    barang = dict(tujuan["33.20.01"].barang)
    rencana = RencanaAngkut(
        "33.20",
        "ppk",
        KALENDER,
        (
            RuteKendaraan(
                1,
                0,
                (
                    Singgah("33.20.01", 1, 30, barang, 0, 0),  # 60 + 60 at the earliest
                    Singgah("33.20.02", 1, 200, barang, 0, 0),
                    Singgah("33.20.03", 1, 300, barang, 0, 0),
                    Singgah("33.20.05", 1, 9_999, barang, 0, 0),  # by truck, after the window
                ),
            ),
            RuteKendaraan(2, 0, (Singgah("33.20.04", 1, 500, barang, 0, 0),)),
        ),
    )
    salah = periksa_rencana(rencana, tujuan, kendaraan, _matriks(), UKURAN)
    teks = "\n".join(salah)
    assert "tiba di PPK Kedung menit ke-30, padahal paling cepat menit ke-120" in teks
    assert "PPK Karimunjawa perlu angkutan laut, bukan Truk K 1001 AA" in teks
    # By sea: within the first half of the window (two of four days), hardest to reach first.
    assert "PPK Karimunjawa tiba Sel 08.39, lewat batas rencana Sel 18.00" in teks
    assert "Truk K 1001 AA perjalanan ke-1: muatan 8.800 L melebihi kapasitas 8.000 L" in teks
    assert "Pikap K 1002 AA sedang rusak tetapi diberi rute" in teks
    kosong = dataclasses.replace(rencana, rute=())
    assert "PPK Mlonggo tidak menerima semua kebutuhannya (KOTAK, SS)" in "\n".join(
        periksa_rencana(kosong, tujuan, kendaraan, _matriks(), UKURAN)
    )


def test_the_words_of_a_later_arrival_name_the_place_the_delay_and_both_times() -> None:
    barang = {"KOTAK": 10}
    satu = Singgah("33.20.05", 1, 300, barang, 200, 20)  # Monday 12.00
    lama = RencanaAngkut("33.20", "ppk", KALENDER, (RuteKendaraan(3, 0, (satu,)),))
    baru = dataclasses.replace(
        lama, rute=(RuteKendaraan(3, 0, (dataclasses.replace(satu, tiba=600),)),)
    )
    kata = beda_rencana(lama, baru, NAMA, {3: KAPAL})
    assert kata == ["PPK Karimunjawa tiba 5 jam lebih lambat (Sen 12.00 → 17.00)"]
    besok = dataclasses.replace(
        lama, rute=(RuteKendaraan(3, 0, (dataclasses.replace(satu, tiba=660 + 90),)),)
    )
    assert beda_rencana(lama, besok, NAMA, {3: KAPAL}) == [
        "PPK Karimunjawa tiba 20 jam 30 menit lebih lambat (Sen 12.00 → Sel 08.30)"
    ]


def test_the_working_clock_runs_from_seven_to_six_each_day() -> None:
    assert KALENDER.waktu(0) == dt.datetime(
        2024, 11, 18, 7, tzinfo=dt.timezone(dt.timedelta(hours=7))
    )
    assert f"{KALENDER.waktu(660):%d %H.%M}" == "18 18.00"
    assert f"{KALENDER.waktu(661):%d %H.%M}" == "19 07.01"
    assert KALENDER.batas == 4 * 660 and f"{KALENDER.waktu(KALENDER.batas):%d %H.%M}" == "21 18.00"
    assert KALENDER.menit(KALENDER.waktu(725)) == 725
    assert lama_bongkar(1000) == 35 and LAMA_MUAT_MENIT == 60
    assert batas_tiba("darat", KALENDER) == KALENDER.batas
    assert batas_tiba("laut", KALENDER) == batas_tiba("udara", KALENDER) == 2 * 660
    assert batas_tiba("laut", Kalender(KALENDER.tanggal, 1)) == 660


def test_loads_are_what_is_left_to_receive_times_the_unit_sizes() -> None:
    baris = [
        ("33.20.01", "KOTAK", 50, 20),
        ("33.20.01", "SS", 1000, 1000),
        ("33.20.02", "SS", 5, 9),
    ]
    [t] = muatan_tujuan(baris, UKURAN, NAMA, {"33.20.01": "darat"})
    assert (t.kode, dict(t.barang), t.volume_liter, t.berat_kg) == (
        "33.20.01",
        {"KOTAK": 30},
        600,
        60,
    )
    assert moda_diperlukan(("darat", "laut")) == "laut" and moda_diperlukan(()) == "darat"
    assert moda_diperlukan(("laut", "udara")) == "udara"


def test_a_plan_survives_its_json_and_a_broken_one_is_named() -> None:
    rencana = RencanaAngkut(
        "33.20",
        "ppk",
        KALENDER,
        (RuteKendaraan(1, 5, (Singgah("33.20.01", 1, 125, {"KOTAK": 3}, 60, 6),), True),),
        {"33.20.05": "tidak ada kapal yang siap"},
        "garis lurus (perkiraan)",
    )
    data = ke_json(rencana)
    assert data["rute"][0]["singgah"][0]["tiba_wib"] == "2024-11-18T09:05:00+07:00"
    assert dari_json(data) == rencana
    with pytest.raises(ValueError, match="Isi rencana tidak lengkap"):
        dari_json({"kalender": {}})


def test_a_vehicle_form_names_every_wrong_field_in_indonesian() -> None:
    kolom, salah = baca_isian_kendaraan(
        {"nama": "", "nomor": "?", "jenis": "becak", "kapasitas_m3": "nol", "kapasitas_kg": -5}
    )
    pesan = {g.kolom: g.pesan for g in salah}
    assert pesan["nama"].startswith("Nama kendaraan wajib diisi")
    assert pesan["nomor"].startswith("Nomor polisi/registrasi wajib diisi")
    assert (
        pesan["jenis"]
        == "Jenis kendaraan 'becak' tidak dikenal; pilih: truk, pikap, kapal, pesawat"
    )
    assert pesan["kapasitas_m3"] == "Kapasitas volume (m³) harus angka, bukan 'nol'"
    assert pesan["kapasitas_kg"].startswith("Kapasitas berat (kg) harus lebih dari 0")
    kolom, salah = baca_isian_kendaraan(
        {
            "nama": "Truk 1",
            "nomor": "h  1234 xy",
            "jenis": "Kapal",
            "kapasitas_m3": "7,5",
            "kapasitas_kg": 4000,
            "cadangan": "ya",
        }
    )
    assert salah == []
    assert kolom == {
        "nama": "Truk 1",
        "nomor": "H 1234 XY",
        "jenis": "kapal",
        "moda": "laut",
        "kapasitas_m3": 7.5,
        "kapasitas_kg": 4000.0,
        "cadangan": True,
    }


@pytest.mark.parametrize("katalog", ["pemilu2024", "pilkada2024"])
def test_every_catalogue_item_has_a_unit_volume_and_weight(katalog: str) -> None:
    for j in baca_katalog_toml(katalog)["jenis"]:
        assert 0 < j["volume_liter"] < 100 and 0 < j["berat_kg"] < 50, j["kode"]


def test_a_straight_line_matrix_is_land_only_and_a_place_without_coordinates_unreachable() -> None:
    m = matriks_garis_lurus(
        [("33.20", -6.59, 110.67), ("33.20.01", -6.70, 110.70), ("33.20.02", None, None)]
    )
    assert m.waktu_menit[0, 0] == 0 and 20 < m.waktu_menit[0, 1] < 60
    assert m.waktu_menit[0, 2] == TAK_TERJANGKAU and m.moda_per_tujuan["33.20.01"] == ("darat",)


def test_an_airstrip_is_served_by_aircraft_and_an_island_by_boat_each_in_its_own_profile() -> None:
    moda = {k: ("darat",) for k in KODE[1:]}
    moda["33.20.05"] = ("darat", "laut")
    moda["33.20.04"] = ("darat", "udara")  # say Mlonggo had only an airstrip
    m = Matriks(KODE, WAKTU, WAKTU * 500, moda)
    tujuan = {
        k: dataclasses.replace(t, moda=moda_diperlukan(moda[k])) for k, t in _tujuan().items()
    }
    pesawat = UnitKendaraan(5, "Pesawat perintis", "PK-KPU", "pesawat", 6_000, 2_000)
    armada = [TRUK, KAPAL, pesawat]
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), armada, m, KALENDER, UKURAN, batas_detik=1
    )
    oleh = {x.kode: r.kendaraan_id for r in rencana.rute for x in r.singgah}
    assert (oleh["33.20.04"], oleh["33.20.05"]) == (pesawat.id, KAPAL.id)
    assert {oleh[k] for k in KODE[1:4]} == {TRUK.id}
    assert periksa_rencana(rencana, tujuan, {k.id: k for k in armada}, m, UKURAN) == []
    tanpa = susun_rencana(
        "33.20", "ppk", tujuan.values(), [TRUK, KAPAL], m, KALENDER, UKURAN, batas_detik=1
    )
    assert tanpa.tidak_terlayani == {"33.20.04": "tidak ada pesawat yang siap"}


@pytest.mark.parametrize("tanpa_jalan", [np.iinfo(np.int64).max, np.inf, -1])
def test_a_matrix_marking_no_road_any_way_is_understood(tanpa_jalan: float) -> None:
    w = WAKTU.astype(float)
    w[2, 3] = w[3, 2] = tanpa_jalan  # no road between two PPK: go round by the gudang
    tujuan = {k: t for k, t in _tujuan().items() if k != "33.20.05"}
    rencana = susun_rencana(
        "33.20", "ppk", tujuan.values(), [TRUK, PIKAP], _matriks(w), KALENDER, UKURAN, batas_detik=1
    )
    assert rencana.tidak_terlayani == {}
    bersih = matriks_bersih(_matriks(w))
    assert bersih.waktu_menit[2, 3] == TAK_TERJANGKAU and bersih.waktu_menit.dtype == np.int64
    assert periksa_rencana(rencana, tujuan, {1: TRUK, 2: PIKAP}, bersih, UKURAN) == []
    assert periksa_rencana(rencana, tujuan, {1: TRUK, 2: PIKAP}, _matriks(w), UKURAN) == []


# ---- a hand edit from the plan form --------------------------------------------------------

ARMADA = {k.id: k for k in (TRUK, PIKAP, KAPAL, CADANGAN)}


def _rencana_tangan(truk_terkunci: bool = False) -> RencanaAngkut:
    """A small plan by hand: the truck to Kedung, Pecangaan, Kalinyamatan; the pickup to
    Mlonggo; the boat to Karimunjawa; all leaving at 07.00 on Monday, one trip each."""
    tujuan = _tujuan(kotak=10, ss=1_000)  # 210 L and 28 kg a place

    def rute(kid: int, kode: list[str], kunci: bool = False) -> RuteKendaraan:
        t = tujuan
        singgah = [Singgah(k, 1, 0, t[k].barang, t[k].volume_liter, t[k].berat_kg) for k in kode]
        return RuteKendaraan(kid, 0, jadwalkan(0, singgah, _matriks()), kunci)

    return RencanaAngkut(
        "33.20",
        "ppk",
        KALENDER,
        (
            rute(TRUK.id, ["33.20.01", "33.20.02", "33.20.03"], truk_terkunci),
            rute(PIKAP.id, ["33.20.04"]),
            rute(KAPAL.id, ["33.20.05"]),
        ),
    )


def _jadwal_ulang(r: RencanaAngkut) -> RencanaAngkut:
    return dataclasses.replace(
        r,
        rute=tuple(
            dataclasses.replace(x, singgah=jadwalkan(x.berangkat, x.singgah, _matriks()))
            for x in r.rute
        ),
    )


def _urutan(r: RencanaAngkut) -> dict[int, list[tuple[str, int]]]:
    return {x.kendaraan_id: [(s.kode, s.perjalanan) for s in x.singgah] for x in r.rute}


def test_the_form_moves_a_stop_to_another_vehicle_and_one_placed_first_goes_first() -> None:
    lama = _rencana_tangan()
    pilihan = {
        "1-1": PilihanSinggah(str(PIKAP.id), 1, 1),  # Pecangaan onto the pickup, first
        "1-2": PilihanSinggah(str(TRUK.id), "1", "1"),  # Kalinyamatan before Kedung
    }
    baru, salah = terapkan_suntingan(lama, pilihan, ARMADA, NAMA)
    assert salah == []
    assert _urutan(baru) == {
        TRUK.id: [("33.20.03", 1), ("33.20.01", 1)],
        PIKAP.id: [("33.20.02", 1), ("33.20.04", 1)],
        KAPAL.id: [("33.20.05", 1)],
    }
    baru = _jadwal_ulang(baru)
    tujuan = {k: t for k, t in _tujuan(kotak=10, ss=1_000).items()}
    assert periksa_rencana(baru, tujuan, ARMADA, _matriks(), UKURAN) == []
    # By hand: load an hour, then the matrix's minutes and half an hour to unload each stop.
    assert uraian_suntingan(lama, baru, NAMA, ARMADA) == [
        "PPK Pecangaan dipindah ke Pikap K 1002 AA, singgah ke-1 (sebelumnya Truk K 1001 AA, "
        "ke-2); tiba Sen 09.30, 40 menit lebih cepat",
        "PPK Kalinyamatan kini singgah ke-1 di Truk K 1001 AA (sebelumnya ke-3); tiba Sen "
        "10.00, 1 jam 30 menit lebih cepat",
        "PPK Kedung kini singgah ke-2 di Truk K 1001 AA (sebelumnya ke-1); tiba Sen 11.50, "
        "2 jam 50 menit lebih lambat",
        # Still the pickup's first stop of those it had, later for the one put before it.
        "PPK Mlonggo tiba Sen 11.40, 2 jam 55 menit lebih lambat",
    ]


def test_the_form_renumbers_trips_brings_in_a_new_vehicle_and_leaves_the_rest() -> None:
    lama = _rencana_tangan()
    assert urutan_sama(lama, terapkan_suntingan(lama, {}, ARMADA, NAMA)[0])
    tetap = {"1-0": PilihanSinggah(TRUK.id, 1, 1)}  # as it was: nothing changes
    assert urutan_sama(lama, terapkan_suntingan(lama, tetap, ARMADA, NAMA)[0])
    pilihan = {
        "1-2": PilihanSinggah(TRUK.id, 5, 1),  # a second trip, whatever number is typed
        "2-0": PilihanSinggah(CADANGAN.id, 1, 1),  # Mlonggo to the reserve truck
    }
    baru, salah = terapkan_suntingan(lama, pilihan, ARMADA, NAMA)
    assert salah == []
    assert _urutan(baru) == {
        TRUK.id: [("33.20.01", 1), ("33.20.02", 1), ("33.20.03", 2)],
        KAPAL.id: [("33.20.05", 1)],
        CADANGAN.id: [("33.20.04", 1)],
    }
    assert baru.rute_kendaraan(CADANGAN.id).berangkat == 0  # type: ignore[union-attr]
    kata = uraian_suntingan(lama, _jadwal_ulang(baru), NAMA, ARMADA)
    assert kata[:2] == ["Truk cadangan K 9009 ZZ dipakai", "Pikap K 1002 AA tidak dipakai lagi"]
    # Pecangaan left at 10.40 (minute 220): back to the gudang 90, reload 60, out again 120.
    assert kata[2:] == [
        "PPK Mlonggo dipindah ke Truk cadangan K 9009 ZZ, singgah ke-1 (sebelumnya Pikap K 1002 "
        "AA, ke-1); tiba tetap Sen 08.45",
        "PPK Kalinyamatan kini singgah ke-1 perjalanan 2 di Truk K 1001 AA (sebelumnya ke-3 "
        "perjalanan 1); tiba Sen 15.10, 3 jam 40 menit lebih lambat",
    ]


def test_every_wrong_box_of_the_form_is_named_with_its_place_and_nothing_is_applied() -> None:
    lama = _rencana_tangan()
    pilihan = {
        "1-0": PilihanSinggah("99", "", 0),
        "1-1": PilihanSinggah(TRUK.id, "1,5", "dua"),
        "1-2": PilihanSinggah(None, 31, True),
        "7-7": PilihanSinggah(TRUK.id, 1, 1),
    }
    baru, salah = terapkan_suntingan(lama, pilihan, ARMADA, NAMA)
    assert baru is lama
    assert [g.pesan for g in salah] == [
        "Formulir menyebut singgah '7-7' yang tidak ada di rencana ini; muat ulang halaman",
        "PPK Kedung: Kendaraan '99' bukan armada kab/kota ini",
        "PPK Kedung: Perjalanan harus bilangan bulat 1 sampai 30, bukan ''",
        "PPK Kedung: Urutan harus bilangan bulat 1 sampai 99, bukan '0'",
        "PPK Pecangaan: Perjalanan harus bilangan bulat 1 sampai 30, bukan '1,5'",
        "PPK Pecangaan: Urutan harus bilangan bulat 1 sampai 99, bukan 'dua'",
        "PPK Kalinyamatan: Kendaraan '' bukan armada kab/kota ini",
        "PPK Kalinyamatan: Perjalanan harus bilangan bulat 1 sampai 30, bukan '31'",
        "PPK Kalinyamatan: Urutan harus bilangan bulat 1 sampai 99, bukan 'True'",
    ]
    assert salah[1].kolom == "kendaraan:1-0"


def test_a_locked_route_is_kept_as_it_is_by_an_edit() -> None:
    lama = _rencana_tangan(truk_terkunci=True)
    keluar = terapkan_suntingan(lama, {"1-0": PilihanSinggah(PIKAP.id, 1, 2)}, ARMADA, NAMA)[0]
    masuk = terapkan_suntingan(lama, {"2-0": PilihanSinggah(TRUK.id, 1, 4)}, ARMADA, NAMA)[0]
    for baru in (keluar, masuk):
        assert rute_terkunci_diubah(lama, baru, ARMADA) == [
            "Rute Truk K 1001 AA terkunci; buka kuncinya dulu untuk mengubahnya"
        ]
    semua = terapkan_suntingan(lama, {"1-0": PilihanSinggah(PIKAP.id, 1, 2)} | {
        f"1-{i}": PilihanSinggah(PIKAP.id, 1, 3 + i) for i in (1, 2)}, ARMADA, NAMA)[0]  # fmt: skip
    truk = semua.rute_kendaraan(TRUK.id)
    assert truk is not None and truk.terkunci and truk.singgah == ()  # emptied, still judged
    assert rute_terkunci_diubah(lama, semua, ARMADA) != []
    pikap = terapkan_suntingan(lama, {"2-0": PilihanSinggah(PIKAP.id, 2, 1)}, ARMADA, NAMA)[0]
    assert rute_terkunci_diubah(lama, pikap, ARMADA) == []  # an unlocked route may change


def test_a_plan_fingerprint_changes_with_its_content_only() -> None:
    a = ke_json(_rencana_tangan())
    assert sidik_rencana(a) == sidik_rencana(dict(reversed(list(a.items()))))
    b = ke_json(_rencana_tangan(truk_terkunci=True))
    assert sidik_rencana(a) != sidik_rencana(b) and len(sidik_rencana(a)) == 16
