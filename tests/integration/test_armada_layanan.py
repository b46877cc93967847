"""The fleet and its plans on SQLite and PostgreSQL: scope, bad input, audit, a plan checked by
hand, accept, lock, edit, and a re-plan around a broken truck and a blocked road."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

import numpy as np
import pytest
from sqlalchemy import delete, func, select

from dashboard.db import models
from dashboard.domain.armada import TAK_TERJANGKAU, Matriks, ke_json, matriks_garis_lurus
from dashboard.extensions import db
from dashboard.services import armada
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.tulisan import akun

KOTA = "65.71"  # Kota Tarakan: four kecamatan on one island


@pytest.fixture
def app(app_kecil):
    """The small campaign with no fleet: each test builds the one it needs."""
    with db.sesi_tulis() as s:
        s.execute(delete(models.Kendaraan))
    return app_kecil


def _pelaku(username: str) -> Pelaku:
    return Pelaku(akun(username), PROVINSI_KECIL, "127.0.0.1")


def _matriks() -> Matriks:
    with db.sesi_baca() as s:
        w = models.Wilayah
        titik = s.execute(
            select(w.kode, w.lat, w.lon)
            .where((w.kode == KOTA) | ((w.tingkat == 3) & w.kode.like(f"{KOTA}.%")))
            .order_by(w.tingkat, w.kode)
        ).all()
    return matriks_garis_lurus([tuple(t) for t in titik])


def _audit(aksi: str) -> int:
    with db.sesi_baca() as s:
        return s.scalar(
            select(func.count()).where(models.Audit.aksi == aksi).select_from(models.Audit)
        )


def _truk(nomor: str, m3: float = 16, kg: float = 5000, **lain: object) -> dict[str, object]:
    return {
        "nama": f"Truk {nomor}",
        "nomor": nomor,
        "jenis": "truk",
        "kapasitas_m3": m3,
        "kapasitas_kg": kg,
        **lain,
    }


def _armada(admin: Pelaku) -> dict[str, int]:
    k = {
        "utama": armada.tambah_kendaraan(admin, KOTA, _truk("KU 1001 TA")).id,
        "kedua": armada.tambah_kendaraan(admin, KOTA, _truk("KU 1002 TA", 8, 3000)).id,
        "cadangan": armada.tambah_kendaraan(
            admin, KOTA, _truk("KU 9001 TA", 12, 4000, cadangan="ya")
        ).id,
    }
    return k


def _cek_tangan(hasil: armada.HasilRencana) -> None:
    """The plan checked again here: loads per trip from the catalogue sizes, full delivery."""
    with db.sesi_baca() as s:
        ukuran = {
            k: (v, b)
            for k, v, b in s.execute(
                select(
                    models.JenisLogistik.kode,
                    models.JenisLogistik.volume_liter,
                    models.JenisLogistik.berat_kg,
                )
            )
        }
    diantar: dict[str, Counter[str]] = defaultdict(Counter)
    for r in hasil.rencana.rute:
        k = hasil.kendaraan[r.kendaraan_id]
        muat: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
        for x in r.singgah:
            assert x.tiba <= hasil.rencana.kalender.batas
            for j, q in x.barang.items():
                muat[x.perjalanan][0] += q * ukuran[j][0]
                muat[x.perjalanan][1] += q * ukuran[j][1]
            diantar[x.kode].update(x.barang)
        for volume, berat in muat.values():
            assert volume <= k.kapasitas_liter and berat <= k.kapasitas_kg
    for kode, t in hasil.tujuan.items():
        if kode not in hasil.rencana.tidak_terlayani:
            assert +diantar[kode] == +Counter(t.barang), kode


def test_an_operator_keeps_its_own_fleet_and_pimpinan_only_reads(app) -> None:
    operator = _pelaku("operator.6571")
    k = armada.tambah_kendaraan(operator, KOTA, _truk("KU 1001 TA"))
    assert (k.moda, k.status, k.cadangan) == ("darat", "siap", False)
    assert _audit("kendaraan_tambah") == 1
    with pytest.raises(DiLuarWewenang, match="di luar wilayah tugas akun operator.6571"):
        armada.tambah_kendaraan(operator, "65.02", _truk("KU 1002 TA"))
    with pytest.raises(Ditolak, match="Pimpinan hanya dapat melihat"):
        armada.tandai_rusak(_pelaku("pimpinan.65"), k.id, "mesin mati total")
    with pytest.raises(DiLuarWewenang):
        armada.rencanakan(KOTA, pelaku=_pelaku("operator.6502"), matriks=_matriks())
    rusak = armada.tandai_rusak(operator, k.id, "gardan patah di Juata")
    assert (rusak.status, rusak.alasan_status) == ("rusak", "gardan patah di Juata")
    assert armada.tandai_siap(_pelaku("admin.65"), k.id).status == "siap"
    ubah = armada.ubah_kendaraan(operator, k.id, {"cadangan": "ya", "kapasitas_m3": "20,5"})
    assert (ubah.cadangan, ubah.kapasitas_m3, ubah.nomor) == (True, 20.5, "KU 1001 TA")
    assert [_audit(a) for a in ("kendaraan_rusak", "kendaraan_siap", "kendaraan_ubah")] == [1, 1, 1]
    assert [x.nomor for x in armada.daftar_kendaraan(PROVINSI_KECIL)] == ["KU 1001 TA"]


def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(app) -> None:
    admin = _pelaku("admin.65")
    armada.tambah_kendaraan(admin, KOTA, _truk("KU 1001 TA"))
    with pytest.raises(Ditolak) as e:
        armada.tambah_kendaraan(
            admin, KOTA, {"nama": "Perahu", "jenis": "sampan", "kapasitas_m3": 0}
        )
    kolom = {g.kolom: g.pesan for g in e.value.galat}
    assert set(kolom) == {"nomor", "jenis", "kapasitas_m3", "kapasitas_kg"}
    assert kolom["jenis"].startswith("Jenis kendaraan 'sampan' tidak dikenal")
    assert kolom["kapasitas_kg"] == "Kapasitas berat (kg) wajib diisi"
    with pytest.raises(Ditolak, match="Nomor polisi/registrasi KU 1001 TA sudah dipakai"):
        armada.tambah_kendaraan(admin, KOTA, _truk("ku 1001 ta"))
    with pytest.raises(Ditolak, match="Kab/kota '99.99' tidak dikenal"):
        armada.tambah_kendaraan(admin, "99.99", _truk("KU 1003 TA"))
    with pytest.raises(Ditolak, match="Alasan wajib diisi"):
        armada.tandai_rusak(admin, armada.daftar_kendaraan(KOTA)[0].id, "")
    with pytest.raises(Ditolak, match="Tahap 'tps' tidak dikenal"):
        armada.rencanakan(KOTA, "tps", pelaku=admin)
    with pytest.raises(Ditolak, match="Batas waktu pemecah harus lebih dari 0"):
        armada.rencanakan(KOTA, pelaku=admin, batas_detik=-1)
    with pytest.raises(Ditolak, match="Belum ada rencana armada PPK yang diterima"):
        armada.rencana_ulang(KOTA, admin, matriks=_matriks())
    assert len(armada.daftar_kendaraan(KOTA)) == 1
    assert _audit("kendaraan_tambah") == 1 and _audit("kendaraan_rusak") == 0


def test_a_plan_for_the_seeded_fleet_is_sound_by_hand_accepted_and_on_the_boards(app) -> None:
    admin = _pelaku("admin.65")
    k = _armada(admin)
    hasil = armada.rencanakan(
        KOTA, pelaku=admin, matriks=_matriks(), seluruh_kebutuhan=True, batas_detik=1
    )
    assert hasil.status == "usulan" and hasil.pelanggaran == () and len(hasil.tujuan) == 4
    assert hasil.rencana.tidak_terlayani == {}
    _cek_tangan(hasil)
    dipakai = {r.kendaraan_id for r in hasil.rencana.rute if r.singgah}
    assert k["cadangan"] not in dipakai
    assert any(max(x.perjalanan for x in r.singgah) > 1 for r in hasil.rencana.rute if r.singgah)
    assert f"{hasil.rencana.kalender.tanggal:%d-%m-%Y}" == "20-11-2024"  # H-7 of 27 Nov 2024

    assert [s.ada_rencana_diterima for s in armada.status_rencana(PROVINSI_KECIL)][-1] is False
    armada.terima(hasil.rencana_id, admin, matriks=_matriks())
    assert _audit("rencana_armada_usul") == 1 and _audit("rencana_armada_terima") == 1
    status = armada.status_rencana(PROVINSI_KECIL)
    assert [s.kabkota_kode for s in status if s.ada_rencana_diterima] == [KOTA]
    assert status[-1].kabkota_kode == KOTA and status[-1].jumlah_kendaraan == 3
    papan = armada.papan_armada(KOTA)
    assert (papan.ditugaskan, papan.siap + papan.ditugaskan, papan.rusak) == (len(dipakai), 3, 0)
    assert (papan.cadangan, papan.cadangan_siap) == (1, 1)
    with pytest.raises(Ditolak, match="berstatus diterima, bukan usulan"):
        armada.terima(hasil.rencana_id, admin, matriks=_matriks())


def test_a_replan_around_a_broken_truck_and_a_blocked_road_says_what_changed(app) -> None:
    admin = _pelaku("admin.65")
    k = _armada(admin)
    m = _matriks()
    awal = armada.rencanakan(KOTA, pelaku=admin, matriks=m, seluruh_kebutuhan=True, batas_detik=1)
    armada.terima(awal.rencana_id, admin, matriks=m)
    armada.tandai_rusak(admin, k["utama"], "gardan patah")
    armada.tandai_rusak(admin, k["kedua"], "ban pecah")
    tersimpan = armada.rencana_tersimpan(awal.rencana_id, matriks=m)
    assert tersimpan is not None and tersimpan.status == "diterima"
    assert any("sedang rusak tetapi diberi rute" in x for x in tersimpan.pelanggaran)
    assert armada.rencana_tersimpan(10**6) is None

    sekarang = awal.rencana.kalender.waktu(660 + 120)  # the window's second day, 09.00 WIB
    ulang = armada.rencana_ulang(KOTA, admin, matriks=m, mulai=sekarang, batas_detik=1)
    assert ulang.pelanggaran == () and ulang.status == "usulan"
    assert all(r.berangkat >= 780 for r in ulang.rencana.rute if r.singgah)
    _cek_tangan(ulang)
    assert {r.kendaraan_id for r in ulang.rencana.rute if r.singgah} == {k["cadangan"]}
    assert "Truk cadangan KU 9001 TA dipakai" in ulang.perubahan
    assert "Truk KU 1001 TA tidak dipakai lagi (rusak: gardan patah)" in ulang.perubahan
    assert _audit("rencana_armada_ulang") == 1

    armada.tandai_siap(admin, k["utama"])
    tutup = np.array(m.waktu_menit)
    tutup[:, 4] = tutup[4, :] = TAK_TERJANGKAU  # the road to the fourth kecamatan cut
    tutup[4, 4] = 0
    putus = Matriks(m.kode, tutup, m.jarak_m, m.moda_per_tujuan)
    ulang = armada.rencana_ulang(KOTA, admin, matriks=putus, batas_detik=1)
    nama = ulang.tujuan[m.kode[4]].nama
    assert f"PPK {nama} tidak terlayani: tidak terjangkau dari gudang" in "\n".join(ulang.perubahan)
    assert ulang.pelanggaran == ()


def test_locked_routes_survive_a_replan_and_an_edit_is_checked_again(app) -> None:
    admin = _pelaku("admin.65")
    k = _armada(admin)
    m = _matriks()
    awal = armada.rencanakan(KOTA, pelaku=admin, matriks=m, seluruh_kebutuhan=True, batas_detik=1)
    rute = {r.kendaraan_id: r for r in awal.rencana.rute if r.singgah}
    kunci = next(iter(rute))
    armada.kunci(awal.rencana_id, [kunci], admin)
    armada.terima(awal.rencana_id, admin, matriks=m)
    assert _audit("rencana_armada_kunci") == 1
    ulang = armada.rencana_ulang(KOTA, admin, matriks=m, batas_detik=1)
    tetap = ulang.rencana.rute_kendaraan(kunci)
    assert tetap is not None and tetap.terkunci and tetap.singgah == rute[kunci].singgah
    assert ulang.pelanggaran == ()
    # Nothing broke and no road closed: every route holds, so nothing changes.
    daftar = armada.daftar_rencana(KOTA)
    assert [(r.id, r.status) for r in daftar] == [
        (ulang.rencana_id, "usulan"),
        (awal.rencana_id, "diterima"),
    ]
    assert ulang.perubahan == () and ulang.rencana.rute == tuple(
        r for r in ulang.rencana.rute if r.kendaraan_id in rute
    )

    # Every stop on the small truck in one trip: over its capacity, refused, nothing stored.
    isi = ke_json(awal.rencana)
    semua = [x for r in isi["rute"] for x in r["singgah"]]
    for x in semua:
        x["perjalanan"] = 1
    salah = {**isi, "rute": [{"kendaraan_id": k["kedua"], "berangkat": 0, "singgah": semua}]}
    with pytest.raises(Ditolak, match="melebihi kapasitas"):
        armada.sunting(awal.rencana_id, salah, admin, matriks=m)

    # The stops of each trip in reverse order: refused while that touches the locked route;
    # of the other routes, accepted, times recomputed, checked again; the lock stays.
    def terbalik(isi: dict, kecuali: set[int]) -> dict:
        for r in isi["rute"]:
            if r["kendaraan_id"] in kecuali:
                continue
            trip = sorted({x["perjalanan"] for x in r["singgah"]})
            r["singgah"] = [x for t in trip for x in r["singgah"][::-1] if x["perjalanan"] == t]
            r["terkunci"] = False
        return isi

    if len(rute[kunci].singgah) > 1:
        with pytest.raises(Ditolak, match="terkunci; buka kuncinya dulu"):
            armada.sunting(
                awal.rencana_id, terbalik(ke_json(awal.rencana), set()), admin, matriks=m
            )
    isi = terbalik(ke_json(awal.rencana), {kunci})
    sunting = armada.sunting(awal.rencana_id, isi, admin, matriks=m)
    assert sunting.pelanggaran == ()
    assert _audit("rencana_armada_sunting") == 1
    tetap = sunting.rencana.rute_kendaraan(kunci)
    assert tetap is not None and tetap.terkunci
    with pytest.raises(Ditolak, match="Pimpinan hanya dapat melihat"):
        armada.sunting(awal.rencana_id, isi, _pelaku("pimpinan.65"), matriks=m)


def test_the_demo_gives_every_kabkota_a_fleet_with_a_reserve_that_plans_soundly(app_kecil) -> None:
    status = armada.status_rencana(PROVINSI_KECIL)
    assert len(status) == 5 and all(s.jumlah_kendaraan >= 4 for s in status)
    papan = armada.papan_armada(PROVINSI_KECIL)
    assert papan.cadangan >= 5 and papan.rusak == 0 and papan.ditugaskan == 0
    assert armada.status_rencana("all") == status  # a national deployment sees the same five
    assert armada.papan_armada("00") == dataclasses.replace(papan, kode="00")
    assert all(b.kendaraan.kabkota_kode.startswith("65.") for b in papan.baris)
    hasil = armada.rencanakan(
        KOTA,
        pelaku=_pelaku("operator.6571"),
        matriks=_matriks(),
        seluruh_kebutuhan=True,
        batas_detik=1,
    )
    assert hasil.pelanggaran == () and hasil.rencana.tidak_terlayani == {}
    _cek_tangan(hasil)
    assert not any(hasil.kendaraan[r.kendaraan_id].cadangan for r in hasil.rencana.rute)


def test_the_matrix_has_the_gudang_first_then_every_ppk(app) -> None:
    with db.sesi_baca() as s:
        m = armada.matriks_waktu(s, KOTA, "ppk")
    assert (
        m.kode[0] == KOTA and len(m.kode) == 5 and all(k.startswith(KOTA + ".") for k in m.kode[1:])
    )
    assert np.asarray(m.waktu_menit).shape == (5, 5) and set(m.moda_per_tujuan) == set(m.kode[1:])


def test_the_command_line_adds_lists_breaks_and_plans(kampanye_kecil, monkeypatch, capsys) -> None:
    from dashboard.tools.cli import main

    engine, _info = kampanye_kecil
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    monkeypatch.setenv("CACHE_TYPE", "NullCache")
    tambah = [
        "armada",
        "tambah",
        KOTA,
        "--nama",
        "Kapal Tarakan",
        "--nomor",
        "KM TRK 07",
        "--jenis",
        "kapal",
        "--m3",
        "30",
        "--kg",
        "12000",
        "--oleh",
        "operator.6571",
    ]
    assert main(tambah) == 0
    assert "KM TRK 07 ditambahkan ke armada 65.71" in capsys.readouterr().out
    assert main(tambah) == 2
    assert "Nomor polisi/registrasi KM TRK 07 sudah dipakai" in capsys.readouterr().err
    assert main(["armada", "daftar", KOTA]) == 0
    daftar = capsys.readouterr().out
    assert daftar.startswith("Armada 65.71: 5 siap, 0 ditugaskan, 0 rusak; cadangan 1 (1 siap).")
    truk = next(b for b in daftar.splitlines()[1:] if " truk " in b and "cadangan" not in b)
    pertama = truk.split()[0].lstrip("#")
    assert main(["armada", "rusak", pertama, "--alasan", "ban pecah", "--oleh", "admin.65"]) == 0
    assert (
        main(
            [
                "armada",
                "rencana",
                KOTA,
                "--seluruh",
                "--terima",
                "--detik",
                "0.5",
                "--oleh",
                "admin.65",
            ]
        )
        == 0
    )
    keluar = capsys.readouterr().out
    assert "tahap PPK" in keluar and "perjalanan 1: PPK Tarakan" in keluar
    assert keluar.rstrip().endswith("Rencana diterima.")
    assert main(["armada", "rencana", KOTA, "--oleh", "pimpinan.65"]) == 2
    assert "Pimpinan hanya dapat melihat" in capsys.readouterr().err


def test_a_database_from_before_the_fleet_gets_the_catalogue_unit_sizes(kampanye_kecil) -> None:
    from dashboard.db.engine import migrasi, pembuat_sesi
    from tests.support.migrasi import mundur

    engine, _info = kampanye_kecil
    mundur(engine, "0011")
    migrasi(engine)
    j = models.JenisLogistik
    with pembuat_sesi(engine)() as s:
        ukuran = {k: (v, b) for k, v, b in s.execute(select(j.kode, j.volume_liter, j.berat_kg))}
        assert s.scalar(select(func.count()).select_from(models.Kendaraan)) == 0
    assert ukuran["KOTAK"] == (20.0, 2.0) and ukuran["SS-GUB"] == (0.008, 0.006)
    assert all(v > 0 and b > 0 for v, b in ukuran.values())
