"""Rules of correction by reversing entry: who may reverse what, and what a reversal may not
leave behind (negative stock, more received than sent)."""

from __future__ import annotations

import pytest

from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.koreksi import (
    CatatanAsli,
    alasan_tolak_koreksi,
    baca_alasan,
    kebalikan,
    periksa_pembalikan,
)

OPERATOR = Akun(7, "operator.3374", "Operator", "operator_kabkota", "33.74")
REKAN = Akun(8, "rekan.3374", "Rekan", "operator_kabkota", "33.74")
ADMIN = Akun(1, "admin.33", "Admin", "admin_provinsi", None)


def _asli(**ubah: object) -> CatatanAsli:
    nilai: dict = dict(id=10, jenis_mutasi=JenisMutasi.TERIMA_PENYEDIA, kantor_kode="33.74",
                       pengguna_id=7, membalik_id=None, dibalik_oleh=None)  # fmt: skip
    nilai.update(ubah)
    return CatatanAsli(**nilai)


@pytest.mark.parametrize(
    ("akun", "kantor", "asli", "pesan"),
    [
        (OPERATOR, "33.74", _asli(), None),
        (ADMIN, "33", _asli(), None),
        (REKAN, "33.74", _asli(), "dibuat pengguna lain"),
        (OPERATOR, "33.74", _asli(kantor_kode="33"), "dibuat kantor lain"),
        (OPERATOR, "33.74", _asli(dibalik_oleh=11), "sudah dikoreksi (nomor 11)"),
        (ADMIN, "33", _asli(membalik_id=9), "tidak dapat dikoreksi lagi"),
    ],
)
def test_only_the_author_or_an_admin_reverses_once_and_never_a_reversal(
    akun: Akun, kantor: str, asli: CatatanAsli, pesan: str | None
) -> None:
    alasan = alasan_tolak_koreksi(akun, asli, kantor)
    assert (alasan is None) if pesan is None else (pesan in (alasan or "")), alasan


@pytest.mark.parametrize(
    ("nilai", "pesan"),
    [(None, "wajib diisi"), ("   ", "wajib diisi"), ("ok", "terlalu singkat"),
     ("x" * 501, "paling banyak 500")],
)  # fmt: skip
def test_a_reason_is_required(nilai: object, pesan: str) -> None:
    with pytest.raises(ValueError, match=pesan):
        baca_alasan(nilai)
    assert baca_alasan("  salah   ketik  ") == "salah ketik"


def test_reversing_a_receipt_already_sent_on_is_refused() -> None:
    baris = {"diterima_baik": 1000, "dikirim": 0}
    delta = kebalikan({"diterima_baik": 1000})
    assert periksa_pembalikan(JenisMutasi.TERIMA_PENYEDIA, delta, baris, 0, "Gudang X") == []
    salah = periksa_pembalikan(JenisMutasi.TERIMA_PENYEDIA, delta, baris, 300, "Gudang X")
    assert salah and "stok baik di Gudang X akan menjadi -300" in salah[0]


def test_reversing_a_dispatch_already_received_is_refused() -> None:
    baris = {"dikirim": 500, "diterima_baik": 400}
    delta = kebalikan({"dikirim": 300})
    salah = periksa_pembalikan(JenisMutasi.KIRIM, delta, baris, 0, "PPK Tugu")
    assert salah and "400 sudah tercatat diterima di PPK Tugu" in salah[0]
    assert periksa_pembalikan(JenisMutasi.KIRIM, kebalikan({"dikirim": 100}), baris, 0, "x") == []


def test_reversing_damage_gives_stock_back_and_is_allowed() -> None:
    baris = {"diterima_baik": 100, "rusak": 20}
    delta = kebalikan({"rusak": 20})
    assert periksa_pembalikan(JenisMutasi.PENYESUAIAN, delta, baris, 80, "x") == []
