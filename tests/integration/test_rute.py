"""Routes of a kab/kota on the small campaign (Kalimantan Utara), on SQLite and PostgreSQL:
the approximate network with no download, an imported OSM extract checked against hand
computation, water legs and blocked roads entered through the service (validated, scoped,
audited) and what the routes and the time matrix make of them."""

from __future__ import annotations

import datetime as dt
import math

import osmium
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.db import models
from dashboard.domain.waktu import WIB
from dashboard.extensions import db
from dashboard.services import rute
from dashboard.services.batas_wajar import akun_bernama
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.tools.cli import main

PROVINSI = "65"
TARAKAN = "65.71"


def pelaku(s: Session, username: str) -> Pelaku:
    akun = akun_bernama(s, username)
    assert akun is not None
    return Pelaku(akun, PROVINSI, "uji")


def hav(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[1] - a[1]) / 2) ** 2
    )
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def titik(kode: str) -> tuple[float, float]:
    with db.sesi_baca() as s:
        w = s.get(models.Wilayah, kode)
        assert w is not None and w.lat is not None and w.lon is not None
        return w.lat, w.lon


def test_routes_exist_with_no_download_labelled_approximate(app_kecil):
    hasil = rute.rute_kabkota(TARAKAN)
    assert hasil is not None and hasil.sumber == "perkiraan"
    with db.sesi_baca() as s:
        n_kec = s.scalar(select(func.count()).where(models.Wilayah.induk_kode == TARAKAN))
        n_desa = s.scalar(select(func.count()).where(models.Wilayah.kode.like(f"{TARAKAN}.%.%")))
    ppk = [r for r in hasil.rute if r.tahap == "ppk"]
    pps = [r for r in hasil.rute if r.tahap == "pps"]
    assert len(ppk) == n_kec and len(pps) == n_desa
    assert all(r.terjangkau for r in hasil.rute)  # Tarakan is one island of towns
    # Hardest first within each hop; the latest departure is the plan's end minus the trip.
    assert [r.waktu_jam for r in ppk] == sorted((r.waktu_jam for r in ppk), reverse=True)
    r = ppk[0]
    assert r.moda == ("darat",) and r.kaki[0].keterangan.endswith("(rute perkiraan)")
    assert sum(k.waktu_jam for k in r.kaki) == pytest.approx(r.waktu_jam)
    assert r.kaki[0].jalur[0] == pytest.approx(titik(TARAKAN))
    assert r.kaki[-1].jalur[-1] == pytest.approx(titik(r.tujuan_kode))
    info_hari = dt.date(2024, 11, 27)  # Pilkada 2024 polling day; gudang→PPK ends H-4
    assert r.berangkat_paling_lambat is not None
    batas = dt.datetime.combine(info_hari - dt.timedelta(days=4), rute.JAM_TIBA, WIB)
    assert r.berangkat_paling_lambat == batas - dt.timedelta(hours=r.waktu_jam)
    assert rute.rute_kabkota("65") is None and rute.rute_kabkota("99.99") is None


def test_time_matrix_has_the_depot_first_and_agrees_with_the_routes(app_kecil):
    m = rute.matriks_waktu(TARAKAN, "ppk")
    hasil = rute.rute_kabkota(TARAKAN)
    assert hasil is not None
    assert m.kode[0] == TARAKAN and m.waktu_menit.shape == (len(m.kode), len(m.kode))
    assert (m.waktu_menit.diagonal() == 0).all()
    for r in (x for x in hasil.rute if x.tahap == "ppk"):
        i = m.kode.index(r.tujuan_kode)
        assert m.waktu_menit[0, i] == math.ceil(r.waktu_jam * 60 - 1e-9)
        assert m.jarak_m[0, i] == round(r.jarak_km * 1000)
        assert m.moda_per_tujuan[r.tujuan_kode] == ("darat",)
    kec = m.kode[1]
    pps = rute.matriks_waktu(kec, "pps")
    assert pps.kode[0] == kec and all(k.startswith(kec + ".") for k in pps.kode[1:])
    with pytest.raises(ValueError, match="tahap pps memerlukan kode kecamatan"):
        rute.matriks_waktu(TARAKAN, "pps")
    with pytest.raises(ValueError, match="Tahap 'tps' tidak dikenal"):
        rute.matriks_waktu(TARAKAN, "tps")


def test_an_imported_osm_extract_gives_hand_computed_routes(app_kecil, tmp_path, monkeypatch):
    # A star of primary roads from the Tarakan gudang straight to each of its kecamatan, and
    # a residential road to one of them that is slower: the route must take the primary one.
    with db.sesi_baca() as s:
        kec_baris = s.execute(
            select(models.Wilayah.kode, models.Wilayah.lat, models.Wilayah.lon)
            .where(models.Wilayah.induk_kode == TARAKAN)
            .order_by(models.Wilayah.kode)
        ).all()
    kec = [(str(k), float(la or 0), float(lo or 0)) for k, la, lo in kec_baris]
    gudang = titik(TARAKAN)
    berkas = tmp_path / "tarakan.osm.pbf"
    with osmium.SimpleWriter(str(berkas)) as w:
        w.add_node(osmium.osm.mutable.Node(id=1, location=(gudang[1], gudang[0]), version=1))
        for i, (_, lat, lon) in enumerate(kec, start=2):
            w.add_node(osmium.osm.mutable.Node(id=i, location=(lon, lat), version=1))
            w.add_way(osmium.osm.mutable.Way(id=100 + i, nodes=[1, i],
                                             tags={"highway": "primary"}, version=1))  # fmt: skip
        w.add_node(osmium.osm.mutable.Node(id=99, location=(gudang[1], kec[0][1]), version=1))
        w.add_way(osmium.osm.mutable.Way(id=99, nodes=[1, 99, 2],
                                         tags={"highway": "residential"}, version=1))  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", db.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI)
    assert main(["jalan", "impor", str(berkas)]) == 0
    hasil = rute.rute_kabkota(TARAKAN)
    assert hasil is not None and hasil.sumber == "osm"
    for kode, lat, lon in kec:
        r = next(x for x in hasil.rute if x.tahap == "ppk" and x.tujuan_kode == kode)
        meter = hav(gudang, (lat, lon))
        assert r.jarak_km * 1000 == pytest.approx(meter, rel=1e-4)
        assert r.waktu_jam * 3600 == pytest.approx(meter / (50 / 3.6), rel=1e-4)
        assert r.kaki[0].keterangan == "Jalan darat"
    # Desa off the imported roads are reached from the nearest junction (a short drive).
    assert all(r.terjangkau for r in hasil.rute if r.tahap == "pps")
    # Malinau, far beyond every imported road, is not snapped across the map: cut off.
    malinau = rute.rute_kabkota("65.01")
    assert malinau is not None and malinau.sumber == "osm"
    assert not any(r.terjangkau for r in malinau.rute)


def test_water_leg_crud_refuses_bad_input_naming_the_field(app_kecil):
    with db.sesi_tulis() as s:
        admin = pelaku(s, "admin.65")
        with pytest.raises(Ditolak) as e:
            rute.tambah_lintasan(
                s, admin, nama="x", moda="kereta", asal="65.99", tujuan="200,300",
                durasi_menit="dua jam", kapasitas_kg="-5",
            )  # fmt: skip
        kolom = {g.kolom for g in e.value.galat}
        assert kolom == {"nama", "moda", "asal", "tujuan", "durasi_menit", "kapasitas_kg"}
        assert "Moda 'kereta' tidak dikenal; pilih laut atau udara" in str(e.value)
        assert "di luar Indonesia" in str(e.value)
        with pytest.raises(Ditolak, match="Tujuan: kode wilayah 33.20 tidak dikenal"):
            rute.tambah_lintasan(s, admin, nama="Kapal Jauh", moda="laut", asal=TARAKAN,
                                 tujuan="33.20", durasi_menit=60)  # fmt: skip
        operator = pelaku(s, "operator.6571")
        with pytest.raises(Ditolak, match="hanya Admin Provinsi"):
            rute.tambah_lintasan(s, operator, nama="Speedboat Tarakan–Tanjung Selor",
                                 moda="laut", asal=TARAKAN, tujuan="65.02",
                                 durasi_menit=90)  # fmt: skip
        nomor = rute.tambah_lintasan(
            s, admin, nama="Speedboat Tarakan–Tanjung Selor", moda="laut", asal=TARAKAN,
            tujuan="65.02", durasi_menit="90", jadwal="setiap hari", kapasitas_kg="800",
        )  # fmt: skip
    with db.sesi_baca() as s:
        df = rute.daftar_lintasan(s, PROVINSI)
        assert df["nama"].tolist() == ["Speedboat Tarakan–Tanjung Selor"]
        assert df["tujuan_nama"].iloc[0] and df["kapasitas_kg"].iloc[0] == 800
        aksi = s.scalars(select(models.Audit.aksi).where(models.Audit.entitas == "lintasan"))
        assert list(aksi) == ["lintasan_tambah"]
    with db.sesi_tulis() as s:
        assert rute.hapus_lintasan(s, pelaku(s, "admin.65"), nomor)
        assert not rute.hapus_lintasan(s, pelaku(s, "admin.65"), nomor)


def test_a_water_leg_joins_the_routes(app_kecil):
    # Bulungan's PPK over a speedboat from Tarakan: the route uses it when it is faster.
    with db.sesi_tulis() as s:
        rute.tambah_lintasan(
            s, pelaku(s, "admin.65"), nama="Speedboat uji", moda="laut", asal=TARAKAN,
            tujuan="65.02", durasi_menit=1, jadwal="setiap jam",
        )  # fmt: skip
    m = rute.matriks_waktu("65.02", "ppk")
    lapisan = rute.lapisan_jaringan(TARAKAN)
    assert lapisan is not None and lapisan.sumber == "perkiraan" and lapisan.jalan
    assert [(x[0], x[1]) for x in lapisan.lintasan] == [("laut", "Speedboat uji (setiap jam)")]
    assert m.kode[0] == "65.02"
    (info,) = rute.lintasan_provinsi(PROVINSI)
    assert (info.nama, info.moda, info.durasi_menit, info.jadwal) == (
        "Speedboat uji", "laut", 1, "setiap jam",
    )  # fmt: skip
    assert info.asal == pytest.approx(titik(TARAKAN)) and info.tujuan == pytest.approx(
        titik("65.02")
    )


def test_a_blocked_road_changes_the_route_or_cuts_it_off_and_is_scoped(app_kecil):
    sebelum = rute.rute_kabkota(TARAKAN)
    assert sebelum is not None
    r = next(x for x in sebelum.rute if x.tahap == "ppk" and len(x.kaki[0].jalur) > 2)
    a, b = r.kaki[0].jalur[0], r.kaki[0].jalur[1]
    with db.sesi_tulis() as s:
        lain = pelaku(s, "operator.6502")  # Bulungan's operator
        with pytest.raises(Ditolak, match="di luar wilayah tugas"):
            rute.tutup_ruas(s, lain, kabkota_kode=TARAKAN, asal=f"{a[0]},{a[1]}",
                            tujuan=f"{b[0]},{b[1]}", alasan="banjir")  # fmt: skip
        operator = pelaku(s, "operator.6571")
        with pytest.raises(Ditolak) as e:
            rute.tutup_ruas(s, operator, kabkota_kode=TARAKAN, asal="bukan titik",
                            alasan="hujan", radius_m="1")  # fmt: skip
        assert {g.kolom for g in e.value.galat} == {"asal", "alasan", "radius_m"}
        nomor = rute.tutup_ruas(
            s, operator, kabkota_kode=TARAKAN, asal=f"{a[0]},{a[1]}", tujuan=f"{b[0]},{b[1]}",
            alasan="banjir", keterangan="genangan 60 cm",
        )  # fmt: skip
    aktif = rute.ruas_tertutup_aktif(PROVINSI)
    assert [x.id for x in aktif] == [nomor] and aktif[0].alasan == "banjir"
    assert aktif[0].oleh == "operator.6571"
    sesudah = rute.rute_kabkota(TARAKAN)
    assert sesudah is not None
    baru = next(x for x in sesudah.rute if x.tahap == "ppk" and x.tujuan_kode == r.tujuan_kode)
    if baru.terjangkau:  # round the block: another path, never the closed link
        jalur = baru.kaki[0].jalur
        assert all({p, q} != {a, b} for p, q in zip(jalur[:-1], jalur[1:], strict=True))
        assert baru.waktu_jam >= r.waktu_jam
    else:  # the only road: said so, with no departure time
        assert baru.berangkat_paling_lambat is None and math.isinf(baru.waktu_jam)
    with db.sesi_tulis() as s:
        with pytest.raises(Ditolak, match="di luar wilayah tugas"):
            rute.buka_ruas(s, pelaku(s, "operator.6502"), nomor)
        assert rute.buka_ruas(s, pelaku(s, "admin.65"), nomor)
    assert rute.ruas_tertutup_aktif(PROVINSI) == ()
    kembali = rute.rute_kabkota(TARAKAN)
    assert kembali is not None
    assert next(
        x for x in kembali.rute if x.tahap == "ppk" and x.tujuan_kode == r.tujuan_kode
    ).waktu_jam == pytest.approx(r.waktu_jam)
    with db.sesi_baca() as s:
        aksi = set(
            s.scalars(select(models.Audit.aksi).where(models.Audit.entitas == "ruas_tertutup"))
        )
    assert aksi == {"ruas_tutup", "ruas_buka"}


def test_cli_adds_lists_and_removes_a_leg_and_refuses_in_words(
    kampanye_kecil, db_url, monkeypatch, capsys
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI)
    dasar = ["jalan", "lintasan", "tambah", "--nama", "Speedboat Tarakan–Nunukan", "--moda",
             "laut", "--asal", TARAKAN, "--tujuan", "65.04", "--oleh", "admin.65"]  # fmt: skip
    assert main([*dasar, "--durasi", "-3"]) == 2
    assert "Gagal: Durasi wajib bilangan bulat menit" in capsys.readouterr().err
    assert main([*dasar, "--durasi", "150", "--jadwal", "Sen, Rab, Jum"]) == 0
    assert "ditambahkan" in capsys.readouterr().out
    assert main(["jalan", "lintasan", "daftar"]) == 0
    assert "Speedboat Tarakan–Nunukan" in capsys.readouterr().out
    assert main(["jalan", "perkiraan"]) == 0
    assert "Jaringan perkiraan provinsi 65" in capsys.readouterr().out
    assert main(["jalan", "tutup", "--kabkota", TARAKAN, "--asal", TARAKAN, "--alasan",
                 "longsor", "--oleh", "operator.6504"]) == 2  # fmt: skip
    assert "di luar wilayah tugas" in capsys.readouterr().err
    henti = ["jalan", "lintasan", "nonaktif", "1", "--alasan", "gelombang tinggi"]
    assert main([*henti, "--oleh", "admin.65"]) == 0
    assert "Lintasan #1 dihentikan" in capsys.readouterr().out
    assert main(["jalan", "lintasan", "daftar"]) == 0
    assert "(nonaktif)" in capsys.readouterr().out
    assert main(["jalan", "lintasan", "hapus", "1", "--oleh", "operator.6571"]) == 2
    assert "hanya Admin Provinsi" in capsys.readouterr().err
    assert main(["jalan", "lintasan", "hapus", "1", "--oleh", "admin.65"]) == 0
    assert "Lintasan #1 dihapus" in capsys.readouterr().out
    assert main(["jalan", "lintasan", "daftar"]) == 0
    assert "Belum ada lintasan laut/udara" in capsys.readouterr().out


def test_cli_closes_and_reopens_a_road_and_refuses_a_bad_extract(
    kampanye_kecil, db_url, monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI)
    engine, _ = kampanye_kecil
    with engine.connect() as k:
        versi = k.scalar(select(func.sum(models.VersiData.nilai)))
    tutup = ["jalan", "tutup", "--kabkota", TARAKAN, "--asal", "65.71.01", "--alasan",
             "banjir", "--oleh", "operator.6571"]  # fmt: skip
    assert main(tutup) == 0
    assert "Ruas #1 ditutup" in capsys.readouterr().out
    with engine.connect() as k:  # a write like any other: every cached view moves on
        assert k.scalar(select(func.sum(models.VersiData.nilai))) > versi
    assert main(["jalan", "tertutup"]) == 0
    assert "banjir" in capsys.readouterr().out
    assert main(["jalan", "buka", "1", "--oleh", "operator.6571"]) == 0
    assert main(["jalan", "buka", "1", "--oleh", "operator.6571"]) == 0
    assert "tidak ada atau sudah dibuka" in capsys.readouterr().out
    assert main(["jalan", "tutup", "--kejadian", "5", "--oleh", "operator.6502"]) == 0
    assert "Ruas #2 ditutup karena kejadian #5" in capsys.readouterr().out
    assert main(["jalan", "tutup", "--alasan", "banjir", "--oleh", "operator.6502"]) == 2
    assert "Sebutkan --kabkota, --asal dan --alasan" in capsys.readouterr().err
    assert main(["jalan", "impor", str(tmp_path / "tidak-ada.osm.pbf")]) == 2
    assert "tidak-ada.osm.pbf tidak ada" in capsys.readouterr().err
    rusak = tmp_path / "rusak.osm.pbf"
    rusak.write_text("bukan peta")
    assert main(["jalan", "impor", str(rusak)]) == 2
    assert "rusak.osm.pbf bukan ekstrak OpenStreetMap yang dapat dibaca" in capsys.readouterr().err
    kosong = tmp_path / "kosong.osm.pbf"
    with osmium.SimpleWriter(str(kosong)) as w:
        w.add_node(osmium.osm.mutable.Node(id=1, location=(117.6, 3.3), version=1))
        w.add_node(osmium.osm.mutable.Node(id=2, location=(117.7, 3.3), version=1))
        w.add_way(osmium.osm.mutable.Way(id=1, nodes=[1, 2], tags={"highway": "footway"},
                                         version=1))  # fmt: skip
    assert main(["jalan", "impor", str(kosong)]) == 2
    assert "tidak berisi jalan yang dapat dilalui kendaraan" in capsys.readouterr().err


def test_the_map_layer_is_bounded(app_kecil, monkeypatch):
    monkeypatch.setattr(rute, "MAKS_GARIS_LAPISAN", 25)
    lapisan = rute.lapisan_jaringan(TARAKAN)
    assert lapisan is not None and lapisan.dipotong and len(lapisan.jalan) == 25
    assert all(len(garis) >= 2 for garis in lapisan.jalan)
    assert rute.lapisan_jaringan("65") is None


def test_an_incident_closes_the_roads_around_its_place(app_kecil):
    # The small campaign's incident #5: a flood at a kecamatan of 65.02. Closing from it takes
    # the kab/kota, the reason and the place from the incident; its PPK is then cut off.
    with db.sesi_baca() as s:
        k = models.Kejadian
        tempat = s.scalars(select(k.wilayah_kode).where(k.id == 5)).one()
    assert tempat.startswith("65.02.") and len(tempat) == 8
    sebelum = rute.rute_kabkota("65.02")
    assert sebelum is not None
    ppk = next(r for r in sebelum.rute if r.tujuan_kode == tempat)
    with db.sesi_tulis() as s:
        with pytest.raises(Ditolak, match="bukan gangguan jalan"):
            rute.tutup_ruas_kejadian(s, pelaku(s, "admin.65"), 1)  # a shortage
        with pytest.raises(Ditolak, match="di luar wilayah tugas"):
            rute.tutup_ruas_kejadian(s, pelaku(s, "operator.6571"), 5)
        nomor = rute.tutup_ruas_kejadian(s, pelaku(s, "operator.6502"), 5)
    (ruas,) = rute.ruas_tertutup_aktif(PROVINSI)
    assert (ruas.id, ruas.alasan, ruas.kejadian_id, ruas.kabkota_kode) == (
        nomor,
        "banjir",
        5,
        "65.02",
    )
    assert ruas.keterangan.startswith("Kejadian #5: Banjir") and ruas.tujuan is None
    sesudah = rute.rute_kabkota("65.02")
    assert sesudah is not None
    terputus = next(r for r in sesudah.rute if r.tujuan_kode == tempat)
    assert ppk.terjangkau and not terputus.terjangkau
    assert sesudah.rute[0].tujuan_kode == tempat or not sesudah.rute[0].terjangkau


def test_the_province_lists_each_kabkota_cut_off_or_leaving_first(app_kecil):
    daftar = rute.ringkasan_rute_provinsi(PROVINSI)
    assert {r.kabkota_kode for r in daftar} == {"65.01", "65.02", "65.03", "65.04", "65.71"}
    kunci = [(-r.tak_terjangkau, r.berangkat_pertama) for r in daftar]
    tak = [k for k in kunci if k[0] < 0]
    assert kunci[: len(tak)] == tak  # those cut off first, the most cut off on top
    assert tak == sorted(tak, key=lambda k: (k[0], k[1] or dt.datetime.max.replace(tzinfo=WIB)))
    tarakan = next(r for r in daftar if r.kabkota_kode == TARAKAN)
    hasil = rute.rute_kabkota(TARAKAN)
    assert hasil is not None
    assert (tarakan.jumlah_ppk, tarakan.jumlah_pps, tarakan.tak_terjangkau) == (
        sum(r.tahap == "ppk" for r in hasil.rute), sum(r.tahap == "pps" for r in hasil.rute), 0,
    )  # fmt: skip
    assert tarakan.waktu_terlama_jam == max(r.waktu_jam for r in hasil.rute)
    assert tarakan.berangkat_pertama == min(
        r.berangkat_paling_lambat for r in hasil.rute if r.berangkat_paling_lambat
    )
    assert tarakan.moda == ("darat",) and tarakan.sumber == "perkiraan"
