"""Lending rules: the nearest lender by road time then distance, amounts, the safety margin,
the ledger effect of both movements, and who may take which step of a loan."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import (
    EntriMutasi,
    JenisMutasi,
    Kondisi,
    Tahap,
    dampak,
    dampak_harian,
    periksa_mutasi,
    perubahan_stok_baik,
)
from dashboard.domain.pinjaman import (
    Aksi,
    KeadaanPinjaman,
    Perjalanan,
    StatusPinjaman,
    StokGudang,
    aksi_boleh,
    alasan_tolak_aksi,
    bisa_dipinjamkan,
    jarak_lurus_km,
    margin_aman,
    saran_pinjaman,
)


def _g(kode: str, kebutuhan: int, baik: int, jenis: str = "KOTAK") -> StokGudang:
    return StokGudang(kode, f"Gudang {kode}", jenis, kebutuhan, baik)


def test_margin_keeps_five_percent_of_need_rounded_up() -> None:
    assert margin_aman(1000) == 50
    assert margin_aman(101) == 6
    assert margin_aman(0) == 0
    # 1000 needed, 1100 held: 50 kept as margin, 50 may go; promises come off that.
    assert bisa_dipinjamkan(_g("a", 1000, 1100)) == 50
    assert bisa_dipinjamkan(_g("a", 1000, 1100), terikat=30) == 20
    assert bisa_dipinjamkan(_g("a", 1000, 1040)) == 0


def test_nearest_by_road_time_beats_a_shorter_distance() -> None:
    stok = [_g("A", 100, 60), _g("B", 100, 200), _g("C", 100, 200)]
    jalan = {("A", "B"): Perjalanan(jam=3.0, km=50), ("A", "C"): Perjalanan(jam=2.0, km=90)}
    (s,) = saran_pinjaman(stok, jalan)
    assert (s.peminjam_kode, s.pemberi_kode, s.jumlah, s.jam) == ("A", "C", 40, 2.0)


def test_equal_times_go_by_distance_and_a_known_time_beats_a_bare_distance() -> None:
    stok = [_g("A", 100, 60), _g("B", 100, 200), _g("C", 100, 200), _g("D", 100, 200)]
    jalan = {
        ("A", "B"): Perjalanan(jam=2.0, km=80),
        ("A", "C"): Perjalanan(jam=2.0, km=70),
        ("A", "D"): Perjalanan(jam=None, km=5),
    }
    assert saran_pinjaman(stok, jalan)[0].pemberi_kode == "C"
    # Without any road time, the straight distance decides.
    tanpa = {k: Perjalanan(jam=None, km=v.km) for k, v in jalan.items()}
    assert saran_pinjaman(stok, tanpa)[0].pemberi_kode == "D"


def test_amount_is_the_smaller_of_shortfall_and_lendable_surplus() -> None:
    stok = [_g("A", 1000, 0), _g("B", 1000, 1300)]
    (s,) = saran_pinjaman(stok, {("A", "B"): Perjalanan(1.0, 10)})
    assert (s.jumlah, s.kekurangan, s.bisa_dipinjamkan) == (250, 1000, 250)
    stok = [_g("A", 1000, 990), _g("B", 1000, 1300)]
    assert saran_pinjaman(stok, {("A", "B"): Perjalanan(1.0, 10)})[0].jumlah == 10


def test_a_surplus_is_offered_once_largest_shortfall_first_then_the_next_lender() -> None:
    stok = [_g("A", 100, 90), _g("B", 100, 50), _g("L", 100, 165), _g("M", 100, 200)]
    jalan = {
        ("A", "L"): Perjalanan(1.0, 10),
        ("A", "M"): Perjalanan(5.0, 99),
        ("B", "L"): Perjalanan(1.0, 10),
        ("B", "M"): Perjalanan(4.0, 80),
    }
    hasil = {(s.peminjam_kode, s.pemberi_kode): s.jumlah for s in saran_pinjaman(stok, jalan)}
    # B (short 50) takes all of L's 60 it needs: 50; A (short 10) gets L's remaining 10.
    assert hasil == {("B", "L"): 50, ("A", "L"): 10}
    stok[2] = _g("L", 100, 150)  # L may lend 45 only
    hasil = {(s.peminjam_kode, s.pemberi_kode): s.jumlah for s in saran_pinjaman(stok, jalan)}
    assert hasil == {("B", "L"): 45, ("A", "M"): 10}


def test_open_loans_are_netted_and_items_never_mix() -> None:
    stok = [_g("A", 100, 60), _g("B", 100, 200), _g("A", 100, 200, "TINTA")]
    jalan = {("A", "B"): Perjalanan(1.0, 10)}
    assert [s.jumlah for s in saran_pinjaman(stok, jalan, datang={("A", "KOTAK"): 30})] == [10]
    assert saran_pinjaman(stok, jalan, terikat={("B", "KOTAK"): 95}) == []
    # A pair with no measure of distance is not suggested.
    assert saran_pinjaman(stok, {}) == []


def test_haversine_distance() -> None:
    # One degree along a meridian, and along the equator, is 111.19 km on the mean sphere.
    assert jarak_lurus_km(-7.0, 110.0, -6.0, 110.0) == pytest.approx(111.19, abs=0.01)
    assert jarak_lurus_km(0.0, 110.0, 0.0, 111.0) == pytest.approx(111.19, abs=0.01)
    assert jarak_lurus_km(-7.0, 110.0, -7.0, 111.0) < 111.0


def _m(jenis: JenisMutasi, kondisi: Kondisi | None = None, tahap: Tahap = Tahap.GUDANG):
    return EntriMutasi(jenis, "KOTAK", tahap, "65.71", 10, dt.datetime(2024, 11, 20), "x", None,
                       kondisi)  # fmt: skip


def test_lending_moves_good_stock_out_and_in_but_not_the_vendor_timeline() -> None:
    keluar = dampak(_m(JenisMutasi.PINJAM_KELUAR))
    masuk = dampak(_m(JenisMutasi.PINJAM_MASUK, Kondisi.BAIK))
    rusak = dampak(_m(JenisMutasi.PINJAM_MASUK, Kondisi.RUSAK_BERAT))
    assert (perubahan_stok_baik(keluar), perubahan_stok_baik(masuk)) == (-10, 10)
    assert perubahan_stok_baik(rusak) == 0 and rusak == {"dipinjam": 10, "rusak": 10}
    assert dampak_harian(keluar) == dampak_harian(masuk) == {}
    awal, akhir = dt.date(2024, 11, 1), dt.date(2024, 11, 30)
    assert periksa_mutasi(_m(JenisMutasi.PINJAM_MASUK, Kondisi.BAIK), awal, akhir) == []
    assert "Kondisi barang" in periksa_mutasi(_m(JenisMutasi.PINJAM_MASUK), awal, akhir)[0]
    assert (
        "hanya dicatat di gudang"
        in periksa_mutasi(_m(JenisMutasi.PINJAM_KELUAR, tahap=Tahap.PPK), awal, akhir)[0]
    )


OPERATOR_71 = Akun(1, "operator.6571", "Op", "operator_kabkota", "65.71")
OPERATOR_03 = Akun(2, "operator.6503", "Op", "operator_kabkota", "65.03")
OPERATOR_02 = Akun(3, "operator.6502", "Op", "operator_kabkota", "65.02")
ADMIN = Akun(4, "admin.65", "Admin", "admin_provinsi", None)
PENGAWAS = Akun(5, "pengawas.65", "Bawaslu", "pengawas", None)


def _p(status: StatusPinjaman, peminjam: bool = False, pemberi: bool = False) -> KeadaanPinjaman:
    return KeadaanPinjaman(7, "65.71", "65.03", status, peminjam, pemberi)


@pytest.mark.parametrize(
    ("akun", "keadaan", "boleh"),
    [
        (OPERATOR_71, _p(StatusPinjaman.DIAJUKAN), {Aksi.SETUJUI_PEMINJAM, Aksi.BATALKAN,
                                                     Aksi.TOLAK}),
        (OPERATOR_03, _p(StatusPinjaman.DIAJUKAN), {Aksi.SETUJUI_PEMBERI, Aksi.TOLAK}),
        (OPERATOR_03, _p(StatusPinjaman.DIAJUKAN, pemberi=True), {Aksi.TOLAK}),
        (OPERATOR_03, _p(StatusPinjaman.DISETUJUI, True, True), {Aksi.KIRIM, Aksi.TOLAK}),
        (OPERATOR_71, _p(StatusPinjaman.DIKIRIM, True, True), {Aksi.TERIMA}),
        (OPERATOR_03, _p(StatusPinjaman.DIKIRIM, True, True), set()),
        (OPERATOR_02, _p(StatusPinjaman.DIAJUKAN), set()),
        (PENGAWAS, _p(StatusPinjaman.DIAJUKAN), set()),
        (None, _p(StatusPinjaman.DIAJUKAN), set()),
        (ADMIN, _p(StatusPinjaman.DIAJUKAN), {Aksi.SETUJUI_PEMINJAM, Aksi.SETUJUI_PEMBERI,
                                              Aksi.BATALKAN, Aksi.TOLAK}),
        (ADMIN, _p(StatusPinjaman.DITERIMA, True, True), set()),
    ],
)  # fmt: skip
def test_each_viewer_sees_only_its_own_steps(akun, keadaan, boleh) -> None:
    assert set(aksi_boleh(akun, keadaan, "65")) == boleh


def test_refusals_say_which_office_and_which_step() -> None:
    p = _p(StatusPinjaman.DIAJUKAN, peminjam=True)
    pesan = alasan_tolak_aksi(OPERATOR_71, p, Aksi.SETUJUI_PEMBERI, "65")
    assert pesan and "hanya kantor pemberi pinjaman (65.03)" in pesan
    pesan = alasan_tolak_aksi(OPERATOR_71, p, Aksi.SETUJUI_PEMINJAM, "65")
    assert pesan == "Pinjaman nomor 7 sudah disetujui oleh kantor peminjam."
    pesan = alasan_tolak_aksi(OPERATOR_03, p, Aksi.KIRIM, "65")
    assert pesan and "belum disetujui kantor pemberi pinjaman" in pesan
    pesan = alasan_tolak_aksi(PENGAWAS, p, Aksi.TOLAK, "65")
    assert pesan and "Pengawas hanya dapat melihat" in pesan
