"""Presenter slides, frozen snapshots and the decision log, through the app without a browser."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from dashboard.callbacks.presentasi import isi_presentasi
from dashboard.components.presentasi import slide_rute
from dashboard.db import models
from dashboard.db.engine import pembuat_sesi
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.domain.rapat import agenda, tertinggal
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import keputusan, presentasi
from dashboard.services.buku_besar import catat_mutasi
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.presentasi import RapatDitolak
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji

PIMPINAN = Akun(9001, "pimpinan.uji", "Pimpinan Uji", "pimpinan", None)
OPERATOR = Akun(9002, "operator.uji", "Operator Uji", "operator_kabkota", "65.01")


@pytest.fixture
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


@pytest.fixture
def app_kecil(kampanye_kecil, db_url):
    engine, _ = kampanye_kecil
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        for a in (PIMPINAN, OPERATOR):
            s.add(
                models.Pengguna(
                    id=a.id,
                    username=a.username,
                    nama=a.nama,
                    password_hash="-",
                    peran=a.peran,
                    wilayah_kode=a.wilayah_kode,
                )
            )
    return create_app(settings_uji(db_url, PROVINSI_KECIL)), engine


def _rusak(engine, jumlah: int, client_id: str) -> None:
    """Record damaged ballot boxes arriving at a gudang (a write that moves the index)."""
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        catat_mutasi(
            s,
            EntriMutasi(
                JenisMutasi.TERIMA_PENYEDIA,
                "KOTAK",
                Tahap.GUDANG,
                "65.01",
                jumlah,
                dt.datetime(2024, 11, 24, 16, 0, tzinfo=dt.UTC),
                client_id,
                kondisi=Kondisi.RUSAK_BERAT,
            ),
            pemilihan_dari_db(s),
            kantor_kode="65.01",
        )


def test_presenter_pages_answer_200(app33):
    client = app33.server.test_client()
    for path in ["/presentasi", "/presentasi/3", "/presentasi/1?cetak=1"]:
        assert client.get(path).status_code == 200, path


def test_agenda_is_title_readiness_map_regions_worst_first_stock_timeline_routes_decisions(
    app33,
):
    with app33.server.app_context():
        data = presentasi.data_rapat("33")
        slides = agenda(data, 7)
    jenis = [s.jenis for s in slides]
    di_belakang = tertinggal(data)
    assert jenis[:3] == ["judul", "kesiapan", "peta"]
    assert jenis[3 : 3 + len(di_belakang)] == ["wilayah"] * len(di_belakang)
    assert jenis[3 + len(di_belakang) :] == [
        "kekurangan", "linimasa", "rute", "risiko", "keputusan", "keputusan"
    ]  # fmt: skip
    indeks = [
        next(w["indeks"] for w in data["wilayah"] if w["kode"] == p["kode"]) for p in di_belakang
    ]
    assert len(di_belakang) >= 3 and indeks == sorted(indeks)  # worst first
    json.dumps(data)  # what a snapshot stores must be plain JSON


def test_each_region_lists_the_incidents_it_counts(app33):
    with app33.server.app_context():
        data = presentasi.data_rapat("33")
    per_wilayah = {w["kode"]: w["kejadian_aktif"] for w in data["wilayah"]}
    assert sum(per_wilayah.values()) == len(data["kejadian"]) > 0
    for kode, jumlah in per_wilayah.items():
        assert sum(k["anak_kode"] == kode for k in data["kejadian"]) == jumlah, kode


def test_a_slide_callback_shows_one_slide_and_print_shows_every_slide(app33):
    with app33.server.test_request_context():
        satu, kendali = isi_presentasi({"nomor": 2}, {"w": 1280, "h": 720}, 0)
        cetak, _ = isi_presentasi({"nomor": 1, "cetak": True}, None, 0)
    semua = cetak.children
    assert cetak.className == "presentasi-semua" and int(
        cetak.to_plotly_json()["props"]["data-jumlah"]
    ) == len(semua)
    assert satu.className == "slide jenis-kesiapan"
    assert "Indeks kesiapan provinsi" in str(satu)
    assert "presentasi-maju" in str(kendali) and "/presentasi/3" in str(kendali)
    assert [s.className.split()[1] for s in semua][:3] == [
        "jenis-judul",
        "jenis-kesiapan",
        "jenis-peta",
    ]
    assert all(f"{i} / {len(semua)}" in str(s) for i, s in enumerate(semua, start=1))


def _bulat(nilai):  # type: ignore[no-untyped-def]
    """The same figures with every float rounded to 9 decimals."""
    if isinstance(nilai, float):
        return round(nilai, 9)
    if isinstance(nilai, dict):
        return {k: _bulat(v) for k, v in nilai.items()}
    if isinstance(nilai, list):
        return [_bulat(v) for v in nilai]
    return nilai


def test_a_frozen_snapshot_keeps_its_numbers_while_the_ledger_moves(app_kecil):
    app, engine = app_kecil
    with app.server.app_context():
        sebelum = presentasi.data_rapat(PROVINSI_KECIL)
        sid = presentasi.bekukan(PROVINSI_KECIL, PIMPINAN)
        _rusak(engine, 5000, "uji-beku-1")
        beku = presentasi.data_untuk(PROVINSI_KECIL, sid)
        langsung = presentasi.data_untuk(PROVINSI_KECIL, None)
    # Two computations of the same figures may differ in the last float digit (summation order).
    assert _bulat(beku["kesiapan"]) == _bulat(sebelum["kesiapan"])
    assert _bulat(beku["wilayah"]) == _bulat(sebelum["wilayah"])
    assert beku["dibekukan_pada"].endswith("WIB") and beku["snapshot_id"] == sid
    assert langsung["kesiapan"]["kualitas"] < sebelum["kesiapan"]["kualitas"]
    assert langsung["dibekukan_pada"] is None
    with pembuat_sesi(engine)() as s:
        audit = s.scalars(select(models.Audit).where(models.Audit.entitas == "snapshot")).one()
    assert (audit.aksi, audit.entitas_id, audit.username) == (
        "snapshot_bekukan",
        str(sid),
        PIMPINAN.username,
    )


def test_freezing_needs_a_meeting_role(app_kecil):
    app, engine = app_kecil
    with app.server.app_context():
        for akun in (None, OPERATOR):
            with pytest.raises(RapatDitolak):
                presentasi.bekukan(PROVINSI_KECIL, akun)
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.count()).select_from(models.Snapshot)) == 0


def test_decisions_are_recorded_listed_and_closed_with_an_audit_trail(app_kecil):
    app, engine = app_kecil
    with app.server.app_context():
        k1 = keputusan.tambah(
            PIMPINAN,
            PROVINSI_KECIL,
            "65.01",
            "Kirim ulang 300 kotak suara",
            "Ketua KPU Kab. Malinau",
            "2024-11-25",
        )
        k2 = keputusan.tambah(PIMPINAN, PROVINSI_KECIL, "65.02", "Cek gudang", "Sekretaris", "")
        terbuka = keputusan.daftar()
        assert [k["id"] for k in terbuka] == [k1, k2]  # dated first, undated last
        keputusan.tandai_selesai(PIMPINAN, k1)
        assert [k["id"] for k in keputusan.daftar()] == [k2]
        assert {k["id"]: k["status"] for k in keputusan.daftar(hanya_terbuka=False)} == {
            k1: "selesai",
            k2: "terbuka",
        }
        with pytest.raises(RapatDitolak, match="sudah ditandai selesai"):
            keputusan.tandai_selesai(PIMPINAN, k1)
    with pembuat_sesi(engine)() as s:
        aksi = s.scalars(select(models.Audit.aksi).order_by(models.Audit.id)).all()
    assert aksi == ["keputusan_tambah", "keputusan_tambah", "keputusan_selesai"]


def test_bad_decisions_are_refused_with_every_reason_and_nothing_written(app_kecil):
    app, engine = app_kecil
    with app.server.app_context():
        with pytest.raises(RapatDitolak) as e:
            keputusan.tambah(PIMPINAN, PROVINSI_KECIL, "33.74", " ", "", "besok")
        pesan = str(e.value)
        assert "Isi keputusan wajib" in pesan and "Penanggung jawab wajib" in pesan
        assert "wilayah provinsi ini" in pesan and "bukan tanggal" in pesan
        for akun in (None, OPERATOR):
            with pytest.raises(RapatDitolak):
                keputusan.tambah(akun, PROVINSI_KECIL, "65.01", "Isi", "PJ", None)
        with pytest.raises(RapatDitolak, match="tidak dikenal"):
            keputusan.tambah(PIMPINAN, PROVINSI_KECIL, "65.99", "Isi", "PJ", None)
    with pembuat_sesi(engine)() as s:
        assert s.scalar(select(func.count()).select_from(models.Keputusan)) == 0
        assert s.scalar(select(func.count()).select_from(models.Audit)) == 0


def test_routes_slide_counts_kab_kota_without_an_accepted_plan_as_the_database_does(app33):
    """The slide's "without an accepted plan" and fleet figures equal plain counts of the
    tables, and it names the hardest place of the province first."""
    with app33.server.app_context():
        data = presentasi.data_rapat("33")
        with db.sesi_baca() as s:
            diterima = set(s.scalars(select(models.RencanaArmada.kabkota_kode).where(
                models.RencanaArmada.status == "diterima")))  # fmt: skip
            kabkota = set(s.scalars(select(models.Wilayah.kode).where(
                models.Wilayah.tingkat == 2, models.Wilayah.provinsi_kode == "33")))  # fmt: skip
            rusak = s.scalar(select(func.count()).select_from(models.Kendaraan).where(
                models.Kendaraan.status == "rusak"))  # fmt: skip
            cadangan_siap = s.scalar(
                select(func.count())
                .select_from(models.Kendaraan)
                .where(models.Kendaraan.status == "siap", models.Kendaraan.cadangan.is_(True))
            )
        ra = data["rute_armada"]
        belum = [k["kode"] for k in ra["kabkota"] if not k["rencana_diterima"]]
        assert sorted(belum) == sorted(kabkota - diterima) and len(belum) == 35
        assert (ra["rusak"], ra["cadangan_siap"]) == (rusak, cadangan_siap)
        angka, tabel = slide_rute(data)
    assert f"{len(belum)} / 35" in str(angka)
    # Hardest first: places cut off, then the longest time (by hand, not the slide's sort).
    terlama = max(ra["kabkota"], key=lambda k: (k["tak_terjangkau"], k["tersulit_jam"] or 0))
    baris_pertama = tabel.children[1].children[0]
    assert baris_pertama.children[0].children == terlama["nama"].replace("Kabupaten ", "Kab. ")
    json.dumps(data)
