"""Issue 13's write-path defects, on SQLite and PostgreSQL: entries dated in the future, "Data
per" following typed dates, recent entries by event time with 'nan', absurd quantities and
replacements believed — each refused or fixed, through the form's and the upload's path."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select, update

from dashboard.callbacks.shell import isi_kepala
from dashboard.components.ringkasan import tabel_mutasi
from dashboard.db import models, queries
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.waktu import WIB
from dashboard.extensions import db
from dashboard.services import batas_wajar, pencatatan, unggahan
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.tools.cli import main as cli
from tests.support.kampanye import PROVINSI_KECIL, TERIMA
from tests.support.komponen import teks_komponen
from tests.support.tulisan import akun as _akun
from tests.support.tulisan import hitung as _hitung

# Kota Tarakan's ballot boxes in the small campaign (seed 7) as of H-3: need 698 (2 per TPS),
# all of it received (697 good, 1 badly damaged and already replaced).
KOTAK = {**TERIMA, "jenis_logistik": "KOTAK"}
GANTI = {
    "tanggal": "21-11-2024",
    "jam": "10.00",
    "tahap": "gudang",
    "kode_wilayah": "65.71",
    "nomor_tps": "",
    "jenis_logistik": "KOTAK",
    "alasan": "pengganti",
    "jumlah": "9.999.999",
    "keterangan": "",
}
NAN = re.compile(r"\bnan\b", re.IGNORECASE)


@pytest.fixture
def app(app_kecil):
    return app_kecil


def _operator() -> Pelaku:
    return Pelaku(_akun("operator.6571"), PROVINSI_KECIL, "127.0.0.1")


def _data_per(app) -> str:
    """The header's "Data per" text, as the page shows it."""
    with app.server.test_request_context("/"):
        return isi_kepala("/", None)[2]


def _csv(baris: list[list[str]]) -> bytes:
    kolom = unggahan.KOLOM[JenisMutasi.TERIMA_PENYEDIA]
    return "\n".join(",".join(r) for r in [list(kolom), *baris]).encode()


def _impor(isi: bytes) -> pencatatan.HasilImpor:
    baris = unggahan.baca_berkas("terima.csv", isi, JenisMutasi.TERIMA_PENYEDIA)
    return pencatatan.impor(_operator(), JenisMutasi.TERIMA_PENYEDIA, baris, isi, terapkan=True)


def test_a_future_dated_entry_is_refused_and_data_per_does_not_move(app) -> None:
    """The demo stands at 24-11-2024 23.59 WIB (its as-of day's end): an entry dated 28-11
    23.59 — inside the campaign window — is refused by the form and by an upload."""
    sebelum, data_per = _hitung(), _data_per(app)
    assert data_per.startswith("Data per 24-11-2024")
    with pytest.raises(Ditolak) as e:
        pencatatan.catat(
            _operator(),
            JenisMutasi.TERIMA_PENYEDIA,
            {**TERIMA, "tanggal": "28-11-2024", "jam": "23.59"},
            "uji-masa-depan",
        )
    assert [g.kolom for g in e.value.galat] == ["tanggal"]
    assert (
        "Tanggal/jam kejadian 28-11-2024 23.59 WIB lebih lambat dari sekarang "
        "(24-11-2024 23.59 WIB)" in str(e.value)
    )
    isi = _csv(
        [
            ["20-11-2024", "08.00", "65.71", "SS-WAL", "100", "baik", ""],
            ["25-11-2024", "08.00", "65.71", "SS-WAL", "100", "baik", "besok"],
        ]
    )
    hasil = _impor(isi)
    assert not hasil.diterapkan
    assert [(n, g.kolom) for n, g in hasil.galat] == [(3, "tanggal")]
    assert "lebih lambat dari sekarang" in hasil.galat[0][1].pesan
    assert _hitung() == sebelum
    assert _data_per(app) == data_per


def test_a_live_campaign_judges_by_the_server_clock_and_shows_when_data_arrived(
    app, monkeypatch
) -> None:
    with db.sesi_tulis() as s:
        s.execute(update(models.Kampanye).values(demo=False))
    sekarang = dt.datetime(2024, 11, 22, 10, 0, tzinfo=WIB)
    monkeypatch.setattr(pencatatan, "jam_server", lambda: sekarang.astimezone(dt.UTC))
    hari = {**TERIMA, "tanggal": "22-11-2024"}
    h = pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, {**hari, "jam": "10.10"}, "a")
    with pytest.raises(Ditolak, match=r"lebih lambat dari sekarang \(22-11-2024 10.00 WIB\)"):
        pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, {**hari, "jam": "10.11"}, "b")
    # "Data per" is when the entry reached the server, not the 22-11 10.10 typed with it.
    with db.sesi_baca() as s:
        dicatat = s.get(models.Mutasi, h.id).dicatat_pada
    if dicatat.tzinfo is None:
        dicatat = dicatat.replace(tzinfo=dt.UTC)
    assert _data_per(app) == f"Data per {dicatat.astimezone(WIB):%d-%m-%Y %H.%M} WIB"
    assert "22-11-2024 10.10" not in _data_per(app)


def test_recent_entries_go_by_receipt_show_the_event_time_and_never_nan(app) -> None:
    lama = pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, TERIMA, "uji-terlambat")
    kirim = {
        "tanggal": "21-11-2024",
        "tahap": "ppk",
        "kode_wilayah": "65.71.01",
        "jenis_logistik": "SS-WAL",
        "jumlah": "100",
    }
    baru = pencatatan.catat(_operator(), JenisMutasi.KIRIM, kirim, "uji-kirim")
    with db.sesi_baca() as s:
        kabkota = queries.mutasi_terbaru(s, "65.71")
        kecamatan = queries.mutasi_terbaru(s, "65.71.01")
    # Entered now for 20-11 and 21-11: the newest received, so first (the newest receipt on
    # top), though days older than everything below them.
    assert kabkota["id"].iloc[:2].tolist() == [baru.id, lama.id]
    assert kabkota["waktu"].iloc[:2].max() < kabkota["waktu"].iloc[2:].min()
    teks = teks_komponen(tabel_mutasi(kabkota, WIB))
    assert "kejadian 20-11 09.15" in teks and "dicatat " in teks
    assert not NAN.search(teks), teks
    # Dispatches carry no condition and PPS entries no TPS: neither may read 'nan'.
    teks = teks_komponen(tabel_mutasi(kecamatan, WIB))
    assert kecamatan["kondisi"].iloc[0] is None and "Kirim ke PPK Tarakan Barat" in teks
    assert not NAN.search(teks), teks


def test_forty_million_boxes_are_refused_stating_the_need_on_the_running_total(app) -> None:
    sebelum = _hitung()
    with pytest.raises(Ditolak) as e:
        pencatatan.catat(
            _operator(), JenisMutasi.TERIMA_PENYEDIA, {**KOTAK, "jumlah": "40.000.000"}, "uji-40jt"
        )
    assert [g.kolom for g in e.value.galat] == ["jumlah"]
    assert str(e.value).startswith(
        "Jumlah 40.000.000 melebihi batas wajar: kebutuhan Gudang KPU Kota Tarakan untuk "
        "Kotak suara 698 "
        "(batas 1,5× = 1.047; sudah diterima 698"
    )
    assert _hitung() == sebelum
    # Cumulative: 300 more fit (998), 300 again do not; nor do 25 + 25 in one upload (1.048).
    pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, {**KOTAK, "jumlah": "300"}, "a")
    with pytest.raises(Ditolak, match="sudah diterima 998, paling banyak 49 lagi"):
        pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, {**KOTAK, "jumlah": "300"}, "b")
    hasil = _impor(
        _csv(
            [
                ["20-11-2024", "08.00", "65.71", "KOTAK", "25", "baik", ""],
                ["20-11-2024", "09.00", "65.71", "KOTAK", "25", "rusak ringan", ""],
            ]
        )
    )
    assert not hasil.diterapkan and [(n, g.kolom) for n, g in hasil.galat] == [(3, "jumlah")]
    assert "kebutuhan Gudang KPU Kota Tarakan untuk Kotak suara 698" in hasil.galat[0][1].pesan
    # A dispatch is measured against the kecamatan's own need.
    kirim = {
        "tanggal": "21-11-2024",
        "tahap": "ppk",
        "kode_wilayah": "65.71.01",
        "jenis_logistik": "KOTAK",
        "jumlah": "250",
    }
    with pytest.raises(Ditolak, match="kebutuhan PPK Tarakan Barat untuk Kotak suara"):
        pencatatan.catat(_operator(), JenisMutasi.KIRIM, kirim, "uji-kirim")


def test_a_replacement_beyond_what_was_damaged_is_refused(app) -> None:
    sebelum = _hitung()
    with pytest.raises(Ditolak) as e:
        pencatatan.catat(_operator(), JenisMutasi.PENYESUAIAN, GANTI, "uji-ganti")
    assert str(e.value).startswith(
        "Pengganti 9.999.999 melebihi yang perlu diganti di Gudang KPU Kota Tarakan untuk "
        "Kotak suara: 0"
    )
    assert _hitung() == sebelum
    # So 1.000.000 boxes cannot then be sent on to one PPK.
    kirim = {
        "tanggal": "21-11-2024",
        "tahap": "ppk",
        "kode_wilayah": "65.71.01",
        "jenis_logistik": "KOTAK",
        "jumlah": "1.000.000",
    }
    with pytest.raises(Ditolak, match="melebihi stok baik"):
        pencatatan.catat(_operator(), JenisMutasi.KIRIM, kirim, "uji-kirim-sejuta")
    # Five boxes arrive broken: five (and no more) may be replaced.
    pencatatan.catat(
        _operator(),
        JenisMutasi.TERIMA_PENYEDIA,
        {**KOTAK, "jumlah": "5", "kondisi": "rusak berat"},
        "uji-rusak",
    )
    pencatatan.catat(_operator(), JenisMutasi.PENYESUAIAN, {**GANTI, "jumlah": "5"}, "uji-ganti-5")
    with pytest.raises(Ditolak, match="melebihi yang perlu diganti"):
        pencatatan.catat(_operator(), JenisMutasi.PENYESUAIAN, {**GANTI, "jumlah": "1"}, "uji-6")
    with db.sesi_baca() as s:
        assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))


def test_an_admin_lets_a_real_surplus_through_and_it_is_audited(
    app, kampanye_kecil, monkeypatch, capsys
) -> None:
    seribu = {**KOTAK, "jumlah": "1.000"}
    with pytest.raises(Ditolak, match="batas 1,5×"):
        pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, seribu, "uji-lebih")
    admin = Pelaku(_akun("admin.65"), PROVINSI_KECIL, "127.0.0.1")
    alasan = "Berita acara kelebihan kiriman penyedia no. 12/2024"
    with pytest.raises(Ditolak, match="hanya Admin Provinsi"), db.sesi_tulis() as s:
        batas_wajar.setel(s, _operator(), "65.71", "KOTAK", 3, alasan)
    with pytest.raises(Ditolak, match="Alasan wajib diisi"), db.sesi_tulis() as s:
        batas_wajar.setel(s, admin, "65.71", "KOTAK", 3, " ")

    engine, _info = kampanye_kecil
    monkeypatch.setenv("DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("KPU_PROVINSI", PROVINSI_KECIL)
    perintah = ["batas-wajar", "setel", "65.71", "KOTAK", "3", "--alasan", alasan]
    assert cli([*perintah, "--oleh", "operator.6571"]) == 2
    assert "hanya Admin Provinsi" in capsys.readouterr().err
    assert cli([*perintah, "--oleh", "admin.65"]) == 0

    h = pencatatan.catat(_operator(), JenisMutasi.TERIMA_PENYEDIA, seribu, "uji-lebih")
    assert h.baru
    # one item
    with pytest.raises(Ditolak, match="kebutuhan Gudang KPU Kota Tarakan untuk Bilik suara"):
        pencatatan.catat(
            _operator(),
            JenisMutasi.TERIMA_PENYEDIA,
            {**KOTAK, "jenis_logistik": "BILIK", "jumlah": "2.000"},
            "uji-bilik",
        )
    with db.sesi_baca() as s:
        a = s.scalars(select(models.Audit).where(models.Audit.aksi == "setel_batas_wajar")).one()
        assert (a.username, a.entitas_id, a.wilayah_kode) == ("admin.65", "65.71/KOTAK", "65.71")
        assert a.sesudah["kelipatan"] == 3.0 and a.sesudah["alasan"] == alasan
        assert a.sebelum is None
        daftar = batas_wajar.daftar(s)
        assert daftar[["wilayah_nama", "kelipatan", "username"]].values.tolist() == [
            ["Kota Tarakan", 3.0, "admin.65"]
        ]
