"""Authorisation rules: who may write where."""

from __future__ import annotations

import pytest

from dashboard.domain.akses import (
    Akun,
    alasan_tolak_tulis,
    boleh_lihat_audit,
    di_bawah,
    periksa_akun_baru,
)

OPERATOR = Akun(9, "operator.3374", "Operator Semarang", "operator_kabkota", "33.74")
ADMIN = Akun(2, "admin.33", "Admin", "admin_provinsi", None)
PIMPINAN = Akun(1, "pimpinan.33", "Pimpinan", "pimpinan", None)


@pytest.mark.parametrize(
    ("kode", "boleh"),
    [
        ("33.74", True),
        ("33.74.01", True),
        ("33.74.01.1001", True),
        ("33.21", False),
        ("33.21.01", False),
        ("33.741", False),  # a prefix that is not an ancestor
        ("33", False),
        ("", False),
    ],
)
def test_operator_writes_only_within_its_kabkota(kode: str, boleh: bool) -> None:
    assert (alasan_tolak_tulis(OPERATOR, kode, "33") is None) is boleh


def test_admin_writes_anywhere_in_province_but_not_outside() -> None:
    assert alasan_tolak_tulis(ADMIN, "33.21.01", "33") is None
    assert "di luar" in (alasan_tolak_tulis(ADMIN, "12.01", "33") or "")


def test_pimpinan_and_anonymous_never_write() -> None:
    assert "hanya dapat melihat" in (alasan_tolak_tulis(PIMPINAN, "33.74", "33") or "")
    assert "masuk" in (alasan_tolak_tulis(None, "33.74", "33") or "")


def test_only_admin_reads_audit() -> None:
    assert boleh_lihat_audit(ADMIN)
    assert not boleh_lihat_audit(OPERATOR)
    assert not boleh_lihat_audit(PIMPINAN)
    assert not boleh_lihat_audit(None)


def test_di_bawah_is_by_segment() -> None:
    assert di_bawah("33.74.01", "33.74")
    assert not di_bawah("33.740", "33.74")


def test_a_national_deployment_covers_every_region() -> None:
    assert di_bawah("12.71", "all") and di_bawah("33.74.01", "00")
    assert periksa_akun_baru("operator_kabkota", "12.71", "all") == []
    assert alasan_tolak_tulis(OPERATOR, "12.71", "all") is not None  # still its own kab/kota


def test_new_account_checks_role_and_region() -> None:
    assert periksa_akun_baru("operator_kabkota", "33.74", "33") == []
    assert periksa_akun_baru("operator_kabkota", None, "33")
    assert periksa_akun_baru("operator_kabkota", "12.01", "33")
    assert periksa_akun_baru("operator_kabkota", "33.74.01", "33")
    assert periksa_akun_baru("raja", None, "33")
    assert periksa_akun_baru("pimpinan", None, "33") == []
