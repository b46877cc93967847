"""The supervisor role (Bawaslu): reads everything, writes nothing, reads the audit's summary."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.domain.akses import (
    PERAN,
    Akun,
    alasan_tolak_batas_wajar,
    alasan_tolak_menulis,
    alasan_tolak_rapat,
    alasan_tolak_tulis,
    boleh_lihat_audit,
    boleh_lihat_ringkasan_audit,
    lingkup_ringkasan_audit,
    lingkup_tulis,
    periksa_akun_baru,
    wilayah_akun,
)
from dashboard.domain.audit import (
    KOLOM_TERBARU,
    TOTAL,
    SaringAudit,
    rekap,
    saring_dalam_lingkup,
)

PENGAWAS = Akun(20, "bawaslu.33", "Bawaslu Jawa Tengah", "pengawas", None)
PENGAWAS_KAB = Akun(21, "bawaslu.3374", "Bawaslu Kota Semarang", "pengawas", "33.74")
OPERATOR = Akun(9, "operator.3374", "Operator Semarang", "operator_kabkota", "33.74")
ADMIN = Akun(2, "admin.33", "Admin", "admin_provinsi", None)
PIMPINAN = Akun(1, "pimpinan.33", "Pimpinan", "pimpinan", None)


def test_the_role_exists_with_its_label() -> None:
    assert PERAN["pengawas"] == "Pengawas (Bawaslu)"


@pytest.mark.parametrize("akun", [PENGAWAS, PENGAWAS_KAB], ids=["provinsi", "kabkota"])
@pytest.mark.parametrize("kode", ["33", "33.74", "33.74.01", "33.74.01.1001", "33.21", ""])
def test_a_pengawas_is_refused_every_write_in_the_same_words(akun: Akun, kode: str) -> None:
    pesan = alasan_tolak_menulis(akun)
    assert pesan is not None and pesan.startswith("Peran Pengawas hanya dapat melihat")
    assert lingkup_tulis(akun, "33") is None
    assert alasan_tolak_tulis(akun, kode, "33") == pesan
    assert alasan_tolak_rapat(akun) == pesan
    assert alasan_tolak_batas_wajar(akun, kode, "33") == pesan
    assert alasan_tolak_tulis(akun, kode, "all") == pesan  # a national deployment too


def test_the_gate_lets_the_other_roles_on_to_their_own_rules() -> None:
    assert alasan_tolak_menulis(None) is not None  # no account: sign in first
    for akun in (OPERATOR, ADMIN, PIMPINAN):
        assert alasan_tolak_menulis(akun) is None
    assert alasan_tolak_tulis(OPERATOR, "33.74.01", "33") is None
    assert alasan_tolak_rapat(PIMPINAN) is None
    assert alasan_tolak_batas_wajar(ADMIN, "33.74", "33") is None


def test_a_pengawas_reads_the_audit_summary_not_the_rows() -> None:
    assert boleh_lihat_ringkasan_audit(PENGAWAS) and boleh_lihat_ringkasan_audit(ADMIN)
    assert not boleh_lihat_ringkasan_audit(OPERATOR)
    assert not boleh_lihat_ringkasan_audit(PIMPINAN)
    assert not boleh_lihat_ringkasan_audit(None)
    assert not boleh_lihat_audit(PENGAWAS)  # values before/after and addresses stay the admin's


def test_bawaslu_kabkota_summarises_its_own_kabkota_bawaslu_provinsi_the_province() -> None:
    assert lingkup_ringkasan_audit(PENGAWAS, "33") == "33"
    assert lingkup_ringkasan_audit(PENGAWAS_KAB, "33") == "33.74"
    assert lingkup_ringkasan_audit(ADMIN, "33") == "33"
    assert lingkup_ringkasan_audit(OPERATOR, "33") is None
    assert lingkup_ringkasan_audit(None, "33") is None


@pytest.mark.parametrize(
    ("wilayah", "boleh", "disimpan"),
    [
        (None, True, None),  # Bawaslu Provinsi
        ("33", True, None),
        ("33.74", True, "33.74"),  # Bawaslu Kab/Kota
        ("33.74.01", False, None),  # Bawaslu has no kecamatan office reading here
        ("12.71", False, None),  # another province
    ],
)
def test_a_pengawas_account_is_province_wide_or_one_kabkota(
    wilayah: str | None, boleh: bool, disimpan: str | None
) -> None:
    assert (periksa_akun_baru("pengawas", wilayah, "33") == []) is boleh
    if boleh:
        assert wilayah_akun("pengawas", wilayah, "33") == disimpan


def test_other_roles_keep_their_stored_region() -> None:
    assert wilayah_akun("operator_kabkota", "33.74", "33") == "33.74"
    assert wilayah_akun("admin_provinsi", "33", "33") is None
    assert wilayah_akun("pimpinan", None, "33") is None


@pytest.mark.parametrize(
    ("saring", "lingkup", "hasil"),
    [
        (None, "33.74", "33.74"),
        ("", "33", "33"),
        ("33.74.01", "33.74", "33.74.01"),  # narrower: the filter
        ("33", "33.74", "33.74"),  # wider: never past the scope
        ("33.21", "33.74", None),  # elsewhere: nothing
        ("33.741", "33.74", None),
        ("12.71", "all", "12.71"),
    ],
)
def test_a_region_filter_never_reaches_past_the_readers_scope(
    saring: str | None, lingkup: str, hasil: str | None
) -> None:
    assert saring_dalam_lingkup(saring, lingkup) == hasil


def test_the_summary_counts_per_day_office_and_account_and_drops_values() -> None:
    h1, h2 = dt.date(2024, 11, 23), dt.date(2024, 11, 24)
    kelompok = pd.DataFrame(
        [
            (h1, "33.74", "catat_mutasi", "operator.3374", 5),
            (h2, "33.74", "catat_mutasi", "operator.3374", 2),
            (h2, "33.74", "lapor_kejadian", "operator.3374", 1),
            (h2, "33.21", "catat_mutasi", "operator.3321", 4),
            (h2, None, "tambah_akun", "sistem", 1),
        ],
        columns=["tanggal", "kantor", "aksi", "username", "jumlah"],
    )
    waktu = pd.Timestamp("2024-11-24 10:00", tz="Asia/Jakarta")
    terbaru = pd.DataFrame(
        [(1, waktu, "operator.3374", "catat_mutasi", "mutasi", "7", "33.74.01", {"a": 1},
          {"b": 2}, "10.0.0.1")],
        columns=["id", "waktu", "username", "aksi", "entitas", "entitas_id", "wilayah_kode",
                 "sebelum", "sesudah", "ip"],
    )  # fmt: skip
    r = rekap("Jawa Tengah (33)", kelompok, terbaru, {"33.74": "Kota Semarang"})
    assert (r.jumlah, r.jumlah_akun, r.dari, r.sampai) == (13, 3, h1, h2)
    assert list(r.per_hari["tanggal"]) == [h2, h1]  # newest first
    assert list(r.per_hari[TOTAL]) == [8, 5]
    assert list(r.per_hari.columns) == [
        "tanggal", "Catat mutasi", "Lapor kejadian", "Tambah akun", TOTAL
    ]  # fmt: skip
    kantor = r.per_kantor.set_index("kantor")
    assert kantor.loc["33.74", "Catat mutasi"] == 7 and kantor.loc["33.74", TOTAL] == 8
    assert kantor.loc["", TOTAL] == 1  # a write naming no region is still counted
    assert list(r.per_kantor["kantor"]) == ["33.21", "33.74", ""]  # by code, no region last
    assert list(r.per_akun["username"]) == ["operator.3374", "operator.3321", "sistem"]
    assert list(r.terbaru.columns) == KOLOM_TERBARU  # no values before/after, no address
    assert r.nama_kantor == {"33.74": "Kota Semarang"}


def test_an_empty_trail_summarises_to_nothing() -> None:
    kosong = pd.DataFrame(columns=["tanggal", "kantor", "aksi", "username", "jumlah"])
    r = rekap("Kota Semarang (33.74)", kosong, pd.DataFrame(columns=KOLOM_TERBARU), {})
    assert (r.jumlah, r.jumlah_akun, r.dari, r.sampai) == (0, 0, None, None)
    assert r.per_hari.empty and r.per_kantor.empty and r.terbaru.empty


def test_the_audit_filters_read_as_the_page_sends_them() -> None:
    s = SaringAudit.dari_isian("  operator.3374 ", " ", None, "2024-11-24")
    assert s == SaringAudit(pengguna="operator.3374", hari=dt.date(2024, 11, 24))
    sejak, sampai = s.rentang()
    assert sejak is not None and sampai is not None
    # Midnight to midnight in WIB: 17.00 UTC the day before, for 24 hours.
    assert sejak.astimezone(dt.UTC) == dt.datetime(2024, 11, 23, 17, tzinfo=dt.UTC)
    assert sampai - sejak == dt.timedelta(days=1)
    assert SaringAudit().rentang() == (None, None)
    with pytest.raises(ValueError):
        SaringAudit.dari_isian(None, None, None, "24-11-2024")
