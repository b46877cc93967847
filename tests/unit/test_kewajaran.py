"""The sanity rules as pure functions: the campaign's clock, future dates, bounds on quantities."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.domain.buku_besar import Alasan, EntriMutasi, JenisMutasi, Kondisi, Tahap
from dashboard.domain.kewajaran import (
    Tempat,
    batas_wajar,
    periksa_kelipatan,
    periksa_penyesuaian,
    sisa_pengganti,
)
from dashboard.domain.waktu import WIB, data_per, periksa_bukan_masa_depan, sekarang_kampanye
from dashboard.settings import Settings

SEMARANG = Tempat("Kota Semarang", "Kotak suara")
SEPULUH = dt.timedelta(minutes=10)


def _baris(**nilai: int) -> dict[str, int]:
    kosong = {
        "kebutuhan": 0,
        "dikirim": 0,
        "diterima_baik": 0,
        "diterima_rusak_ringan": 0,
        "diterima_rusak_berat": 0,
        "rusak": 0,
        "hilang": 0,
        "pengganti": 0,
        "salah_jenis": 0,
        "disortir": 0,
        "tps_terpenuhi": 0,
    }
    return kosong | nilai


def _entri(jm: JenisMutasi, jumlah: int, tahap: Tahap = Tahap.GUDANG, **lain) -> EntriMutasi:
    waktu = dt.datetime(2024, 11, 20, 2, tzinfo=dt.UTC)
    return EntriMutasi(jm, "KOTAK", tahap, "33.74", jumlah, waktu, "u", **lain)


def test_a_demo_campaign_stands_at_the_end_of_its_as_of_day() -> None:
    jam_server = dt.datetime(2026, 12, 1, 16, 0, tzinfo=dt.UTC)
    demo = sekarang_kampanye(jam_server, dt.date(2024, 11, 24), demo=True)
    assert demo == dt.datetime(2024, 11, 24, 23, 59, tzinfo=WIB)
    assert sekarang_kampanye(jam_server, dt.date(2024, 11, 24), demo=False) == jam_server
    assert sekarang_kampanye(jam_server, None, demo=True) == jam_server


def test_an_event_later_than_now_plus_the_tolerance_is_refused_naming_the_field() -> None:
    sekarang = dt.datetime(2024, 11, 24, 23, 59, tzinfo=WIB)
    assert periksa_bukan_masa_depan(sekarang + SEPULUH, sekarang, SEPULUH) is None
    assert periksa_bukan_masa_depan(sekarang - dt.timedelta(days=3), sekarang, SEPULUH) is None
    pesan = periksa_bukan_masa_depan(
        dt.datetime(2024, 11, 28, 23, 59, tzinfo=WIB), sekarang, SEPULUH
    )
    assert pesan is not None and pesan.startswith(
        "Tanggal/jam kejadian 28-11-2024 23.59 WIB lebih lambat dari sekarang "
        "(24-11-2024 23.59 WIB)"
    )
    assert periksa_bukan_masa_depan(sekarang + SEPULUH, sekarang, dt.timedelta(0)) is not None


def test_data_per_is_the_newest_receipt_never_past_the_campaigns_now() -> None:
    sekarang = dt.datetime(2024, 11, 24, 23, 59, tzinfo=WIB)
    naif_utc = dt.datetime(2024, 11, 24, 9, 10)  # as SQLite returns it
    assert data_per(naif_utc, sekarang) == dt.datetime(2024, 11, 24, 16, 10, tzinfo=WIB)
    assert data_per(dt.datetime(2026, 12, 1, tzinfo=dt.UTC), sekarang) == sekarang
    assert data_per(None, sekarang) is None


def test_forty_million_boxes_are_refused_stating_the_need() -> None:
    baris = _baris(kebutuhan=4710, diterima_baik=4710)
    pesan = periksa_kelipatan(
        _entri(JenisMutasi.TERIMA_PENYEDIA, 40_000_000, kondisi=Kondisi.BAIK), baris, 1.5, SEMARANG
    )
    assert pesan is not None and pesan.startswith(
        "Jumlah 40.000.000 melebihi batas wajar: kebutuhan Gudang KPU Kota Semarang untuk "
        "Kotak suara 4.710 "
        "(batas 1,5× = 7.065; sudah diterima 4.710, paling banyak 2.355 lagi)"
    )


@pytest.mark.parametrize(
    ("jm", "tahap", "kolom", "kata"),
    [
        (JenisMutasi.TERIMA_PENYEDIA, Tahap.GUDANG, "diterima_rusak_berat", "diterima"),
        (JenisMutasi.KIRIM, Tahap.PPK, "dikirim", "dikirim"),
        (JenisMutasi.SORTIR_LIPAT, Tahap.GUDANG, "disortir", "disortir"),
    ],
)
def test_the_bound_is_on_the_running_total_after_the_entry(jm, tahap, kolom, kata) -> None:
    baris = _baris(kebutuhan=100, **{kolom: 120})
    kondisi = Kondisi.BAIK if jm is JenisMutasi.TERIMA_PENYEDIA else None
    assert batas_wajar(100, 1.5) == 150
    assert periksa_kelipatan(_entri(jm, 30, tahap, kondisi=kondisi), baris, 1.5, SEMARANG) is None
    pesan = periksa_kelipatan(_entri(jm, 31, tahap, kondisi=kondisi), baris, 1.5, SEMARANG)
    assert pesan is not None and f"sudah {kata} 120, paling banyak 30 lagi" in pesan
    assert periksa_kelipatan(_entri(jm, 31, tahap, kondisi=kondisi), baris, 2, SEMARANG) is None


def test_the_message_names_the_hop_and_place() -> None:
    tugu = Tempat("Tugu", "Kotak suara")
    pesan = periksa_kelipatan(
        _entri(JenisMutasi.KIRIM, 1_000_000, Tahap.PPK), _baris(kebutuhan=90), 1.5, tugu
    )
    assert pesan is not None and "kebutuhan PPK Tugu untuk Kotak suara 90" in pesan


def test_a_replacement_covers_only_what_is_damaged_lost_or_undelivered() -> None:
    baris = _baris(kebutuhan=1000, diterima_baik=990, diterima_rusak_berat=4, hilang=2, pengganti=1)
    # 4 + 2 unusable, 1 already replaced; 6 of the need never delivered.
    assert sisa_pengganti(baris) == 5 + 6
    ganti = _entri(JenisMutasi.PENYESUAIAN, 11, alasan=Alasan.PENGGANTI)
    assert periksa_penyesuaian(ganti, baris, 0, SEMARANG) is None
    besar = _entri(JenisMutasi.PENYESUAIAN, 9_999_999, alasan=Alasan.PENGGANTI)
    pesan = periksa_penyesuaian(besar, baris, 0, SEMARANG)
    assert pesan is not None and pesan.startswith(
        "Pengganti 9.999.999 melebihi yang perlu diganti di Gudang KPU Kota Semarang untuk "
        "Kotak suara: 11"
    )


def test_damage_or_loss_may_not_exceed_the_good_stock() -> None:
    rusak = _entri(JenisMutasi.PENYESUAIAN, 51, alasan=Alasan.HILANG)
    pesan = periksa_penyesuaian(rusak, _baris(kebutuhan=100), 50, SEMARANG)
    assert pesan == (
        "Penyesuaian hilang 51 melebihi stok dalam kondisi baik di Gudang KPU Kota Semarang untuk "
        "Kotak suara (50)"
    )
    assert periksa_penyesuaian(rusak, _baris(kebutuhan=100), 51, SEMARANG) is None


def test_tolerance_and_multiple_come_from_the_environment_and_are_checked() -> None:
    s = Settings.from_env({"TOLERANSI_WAKTU_MENIT": "5", "BATAS_KELIPATAN_KEBUTUHAN": "2.5"})
    assert (s.toleransi_waktu_menit, s.batas_kelipatan_kebutuhan) == (5, 2.5)
    bawaan = Settings.from_env({})
    assert (bawaan.toleransi_waktu_menit, bawaan.batas_kelipatan_kebutuhan) == (10, 1.5)
    with pytest.raises(ValueError, match="BATAS_KELIPATAN_KEBUTUHAN"):
        Settings.from_env({"BATAS_KELIPATAN_KEBUTUHAN": "0.5"})
    with pytest.raises(ValueError, match="TOLERANSI_WAKTU_MENIT"):
        Settings.from_env({"TOLERANSI_WAKTU_MENIT": "-1"})
