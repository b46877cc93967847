"""Writes from offices on SQLite and PostgreSQL: scope, validation, idempotency, audit, upload."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from dashboard.db import models
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.services import pencatatan, unggahan
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import Ditolak, Pelaku
from tests.support.kampanye import PROVINSI_KECIL, TERIMA
from tests.support.tulisan import akun as _akun
from tests.support.tulisan import hitung as _hitung


@pytest.fixture
def app(app_kecil):
    return app_kecil


def _operator() -> Pelaku:
    return Pelaku(_akun("operator.6571"), PROVINSI_KECIL, "127.0.0.1")


def test_receipt_updates_summary_and_audit_once(app) -> None:
    sebelum = _hitung()
    h = pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, TERIMA, "uji-1")
    assert h.baru
    m, a, baik = _hitung()
    assert (m, a) == (sebelum[0] + 1, sebelum[1] + 1)
    assert baik - sebelum[2] == 1234  # only the kab/kota row: the province is summed on read
    ulang = pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, TERIMA, "uji-1")
    assert not ulang.baru and ulang.id == h.id and "Sudah diterima" in ulang.pesan
    assert _hitung() == (m, a, baik)
    with db.sesi_baca() as s:
        audit = s.scalars(select(models.Audit).order_by(models.Audit.id.desc())).first()
        assert audit.username == "operator.6571" and audit.entitas_id == str(h.id)
        assert audit.sesudah["jumlah"] == "1234" and audit.ip == "127.0.0.1"


@pytest.mark.parametrize(
    ("pelaku", "nilai", "pesan"),
    [
        ("operator.6571", {"kode_wilayah": "65.01"}, "di luar wilayah tugas"),
        ("pimpinan.65", {}, "hanya dapat melihat"),
        (None, {}, "Silakan masuk"),
        ("operator.6571", {"jumlah": "-5"}, "lebih dari 0"),
        ("operator.6571", {"jumlah": "0"}, "lebih dari 0"),
        ("operator.6571", {"jumlah": "1,5"}, "bukan bilangan bulat"),
        ("operator.6571", {"jumlah": "99.999.999.999"}, "melebihi batas wajar"),
        ("operator.6571", {"tanggal": "01-01-2023"}, "di luar masa kegiatan"),
        ("operator.6571", {"tanggal": "31-02-2024"}, "tidak dikenali"),
        ("operator.6571", {"jenis_logistik": "NUKLIR"}, "tidak dikenal"),
        ("operator.6571", {"kode_wilayah": "99.99"}, "di luar wilayah tugas"),
        ("operator.6571", {"kode_wilayah": "65.71'; DROP TABLE mutasi;--"}, "tidak sah"),
        ("operator.6571", {"kondisi": "lumayan"}, "tidak dikenal"),
    ],
)
def test_refusals_write_nothing(app, pelaku, nilai, pesan) -> None:
    sebelum = _hitung()
    p = Pelaku(_akun(pelaku) if pelaku else None, PROVINSI_KECIL)
    with pytest.raises(Ditolak) as e:
        pencatatan.catat(p, JenisMutasi.TERIMA_PENYEDIA, {**TERIMA, **nilai}, "uji-tolak")
    assert pesan in str(e.value)
    assert _hitung() == sebelum


def test_dispatch_beyond_good_stock_is_refused(app) -> None:
    kirim = {
        "tanggal": "21-11-2024",
        "tahap": "ppk",
        "kode_wilayah": "65.71.01",
        "jenis_logistik": "SS-WAL",
        "jumlah": "10.000.000",
    }
    sebelum = _hitung()
    with pytest.raises(Ditolak, match="melebihi stok baik"):
        pencatatan.catat(_operator(), JenisMutasi.KIRIM, kirim, "uji-kirim")
    assert _hitung() == sebelum
    pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, TERIMA, "uji-terima")
    h = pencatatan.catat(_operator(), JenisMutasi.KIRIM, {**kirim, "jumlah": "1.000"}, "uji-kirim")
    assert h.baru
    with db.sesi_baca() as s:
        assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))


def test_stale_incident_edit_is_refused(app) -> None:
    op = _operator()
    lapor = {
        "kode_wilayah": "65.71.01",
        "jenis": "banjir",
        "keparahan": "tinggi",
        "judul": "<script>alert(1)</script> Banjir di gudang PPK",
        "keterangan": "=cmd|' /C calc'!A0",
    }
    kid, baru = pencatatan.lapor_kejadian(op, lapor, "kej-1")
    assert baru and pencatatan.lapor_kejadian(op, lapor, "kej-1") == (kid, False)
    admin = Pelaku(_akun("admin.65"), PROVINSI_KECIL)
    versi = pencatatan.ubah_kejadian(admin, kid, 1, status="ditangani", keparahan="tinggi")
    assert versi == 2
    sebelum = _hitung()
    with pytest.raises(Ditolak, match="sudah diubah oleh Admin Provinsi KPU 65 pada"):
        pencatatan.ubah_kejadian(op, kid, 1, status="selesai", keparahan="rendah")
    assert _hitung() == sebelum
    with db.sesi_baca() as s:
        k = s.get(models.Kejadian, kid)
        assert (k.status, k.keparahan, k.versi) == ("ditangani", "tinggi", 2)
        assert k.judul.startswith("<script>")
    lain = Pelaku(_akun("operator.6501"), PROVINSI_KECIL)
    with pytest.raises(Ditolak, match="di luar wilayah tugas"):
        pencatatan.ubah_kejadian(lain, kid, 2, status="selesai", keparahan="rendah")


def _xlsx(baris: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(list(unggahan.KOLOM[JenisMutasi.TERIMA_PENYEDIA]))
    for b in baris:
        ws.append(b)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_upload_dry_run_then_all_or_nothing(app) -> None:
    op = _operator()
    buruk = _xlsx(
        [
            ["20-11-2024", "08.00", "65.71", "KOTAK", 100, "baik", ""],
            ["20-11-2024", "", "65.01", "KOTAK", 50, "baik", "bukan wilayahnya"],
            ["20-11-2024", "25.00", "65.71", "BILIK", "dua", "baik", ""],
            ["20-11-2024", None, "65.71", "TINTA", 7, "baik", None],
        ]
    )
    sebelum = _hitung()
    baris = unggahan.baca_berkas("terima.xlsx", buruk, JenisMutasi.TERIMA_PENYEDIA)
    hasil = pencatatan.impor(op, JenisMutasi.TERIMA_PENYEDIA, baris, buruk, terapkan=True)
    assert not hasil.diterapkan and hasil.jumlah_baris == 4
    assert {(n, g.kolom) for n, g in hasil.galat} == {
        (3, "kode_wilayah"),
        (4, "jam"),
        (4, "jumlah"),
    }
    assert _hitung() == sebelum

    baik = _xlsx(
        [
            ["20-11-2024", "08.00", "65.71", "KOTAK", 100, "baik", ""],
            ["20-11-2024", "", "65.71", "KOTAK", 50, "rusak ringan", "pinggir penyok"],
            ["20-11-2024", "13.00", "65.71", "SS-WAL", "1.200", "baik", ""],
            ["20-11-2024", None, "65.71", "TINTA", 7, "baik", None],
        ]
    )
    baris = unggahan.baca_berkas("terima.xlsx", baik, JenisMutasi.TERIMA_PENYEDIA)
    uji = pencatatan.impor(op, JenisMutasi.TERIMA_PENYEDIA, baris, baik, terapkan=False)
    assert uji.sah and uji.baru == 4 and not uji.diterapkan
    assert _hitung() == sebelum
    hasil = pencatatan.impor(op, JenisMutasi.TERIMA_PENYEDIA, baris, baik, terapkan=True)
    assert hasil.diterapkan and hasil.baru == 4
    assert _hitung()[0] == sebelum[0] + 4 and _hitung()[1] == sebelum[1] + 4
    lagi = pencatatan.impor(op, JenisMutasi.TERIMA_PENYEDIA, baris, baik, terapkan=True)
    assert lagi.baru == 0 and lagi.sudah_ada == 4
    assert _hitung()[0] == sebelum[0] + 4


def test_template_lists_only_the_operators_regions(app) -> None:
    isi = unggahan.templat(JenisMutasi.KIRIM, "xlsx", _akun("operator.6571"), PROVINSI_KECIL)
    wb = load_workbook(io.BytesIO(isi))
    label = [unggahan.label(k) for k in unggahan.KOLOM[JenisMutasi.KIRIM]]
    assert [c.value for c in wb["Data"][1]] == label
    kode = [r[4] for r in wb["Kode"].iter_rows(min_row=2, values_only=True) if r[4]]
    assert kode and all(k.startswith("65.71") for k in kode)
    daftar = [r[8] for r in wb["Kode"].iter_rows(min_row=2, values_only=True) if r[8]]
    assert daftar and all(k.startswith("65.71.") and " — " in k for k in daftar)
    validasi = {str(dv.sqref): dv.formula1 for dv in wb["Data"].data_validations.dataValidation}
    assert validasi["D2:D501"] == f"Kode!$I$2:$I${len(daftar) + 1}"  # kode wilayah
    assert validasi["C2:C501"] == '"ppk,pps,tps"'  # tahap
    csv_ = unggahan.templat(JenisMutasi.KIRIM, "csv", None, PROVINSI_KECIL)
    assert csv_.decode("utf-8-sig").strip() == ",".join(label)


def test_an_evening_entry_lands_on_its_wib_day(app) -> None:
    """17.30 WIB is 10.30 UTC the same day: stored in UTC on both databases, so the daily
    timeline written with the entry equals the one recomputed from the ledger."""
    h = pencatatan.catat(
        _operator(), JenisMutasi.TERIMA_PENYEDIA, {**TERIMA, "jam": "17.30"}, "uji-sore"
    )
    with db.sesi_baca() as s:
        waktu = s.get(models.Mutasi, h.id).waktu
        if waktu.tzinfo is None:
            waktu = waktu.replace(tzinfo=dt.UTC)
        assert waktu == dt.datetime(2024, 11, 20, 10, 30, tzinfo=dt.UTC)
        assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))
