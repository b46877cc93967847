"""Corrections by reversing entry on SQLite and PostgreSQL: the original stays, the figures
net out (incrementally and recomputed), the audit says who and why; every refusal in words."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.akses import Akun
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.services import koreksi, pencatatan
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from tests.support.kampanye import PROVINSI_KECIL, TERIMA


@pytest.fixture
def app(app_kecil):
    return app_kecil


def _pelaku(username: str) -> Pelaku:
    with db.sesi_baca() as s:
        p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == username))
        return Pelaku(Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode), PROVINSI_KECIL)


# A receipt for the neighbouring Kabupaten Bulungan (a kabupaten: no Walikota ballots there).
TERIMA_BULUNGAN = {**TERIMA, "kode_wilayah": "65.01", "jenis_logistik": "SS-GUB"}


def _baik(kode: str = "65.71", jenis: str = TERIMA["jenis_logistik"]) -> int:
    with db.sesi_baca() as s:
        r = models.Ringkasan
        return s.scalar(
            select(r.diterima_baik).where(
                r.wilayah_kode == kode, r.jenis_kode == jenis, r.tahap == "gudang"
            )
        )


def _hitung() -> tuple[int, int]:
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            s.scalar(select(func.count()).select_from(models.Audit)),
        )


def test_reversal_keeps_the_original_nets_the_figures_and_is_audited(app) -> None:
    operator = _pelaku("operator.6571")
    awal = _baik()
    salah = pencatatan.catat(operator, JenisMutasi.TERIMA_PENYEDIA, TERIMA, "salah-ketik-1")
    assert _baik() == awal + 1234
    n, a = _hitung()

    h = koreksi.koreksi(operator, salah.id, "Salah ketik: seharusnya 124")
    assert h.asli_id == salah.id and f"nomor {h.id}" in h.pesan
    assert _baik() == awal
    assert _hitung() == (n + 1, a + 1)
    with db.sesi_baca() as s:
        asli = s.get(models.Mutasi, salah.id)
        balik = s.get(models.Mutasi, h.id)
        assert asli is not None and asli.membalik_id is None and asli.jumlah == 1234
        assert balik.membalik_id == salah.id and balik.jumlah == 1234
        assert balik.keterangan == "Salah ketik: seharusnya 124" and balik.waktu == asli.waktu
        audit = s.scalars(select(models.Audit).order_by(models.Audit.id.desc())).first()
        assert audit.aksi == "koreksi_mutasi" and audit.username == "operator.6571"
        assert audit.sesudah["alasan_koreksi"] == "Salah ketik: seharusnya 124"
        assert audit.sebelum["jumlah"] == "1234"
        # Recomputed from the ledger, the reversal counts with the opposite sign.
        assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))

    # The listing shows both, linked.
    daftar = koreksi.catatan_bisa_dikoreksi(operator)
    baris = daftar.set_index("id")
    assert baris.loc[salah.id, "dibalik_oleh"] == h.id
    assert baris.loc[h.id, "membalik_id"] == salah.id


def test_refusals_name_the_reason_and_write_nothing(app) -> None:
    operator = _pelaku("operator.6571")
    admin = _pelaku("admin.65")
    salah = pencatatan.catat(operator, JenisMutasi.TERIMA_PENYEDIA, TERIMA, "salah-2")
    dari_admin = pencatatan.catat(admin, JenisMutasi.TERIMA_PENYEDIA, TERIMA, "admin-2")
    sebelum = (_hitung(), _baik())

    def tolak(pelaku: Pelaku, nomor: object, alasan: object, pesan: str) -> None:
        with pytest.raises(Ditolak) as e:
            koreksi.koreksi(pelaku, nomor, alasan)
        assert pesan in str(e.value), str(e.value)
        assert (_hitung(), _baik()) == sebelum

    tolak(operator, salah.id, "", "Alasan koreksi wajib diisi")
    tolak(operator, salah.id, "ok", "terlalu singkat")
    tolak(operator, salah.id, "x" * 501, "paling banyak 500")
    tolak(operator, 99_999_999, "alasan yang cukup", "tidak ada")
    tolak(operator, "1; DROP TABLE mutasi", "alasan yang cukup", "Nomor catatan tidak sah")
    tolak(operator, dari_admin.id, "bukan punya saya", "dibuat kantor lain")
    tolak(_pelaku("pimpinan.65"), salah.id, "pimpinan mencoba", "hanya dapat melihat")

    h = koreksi.koreksi(admin, salah.id, "Dikoreksi admin atas permintaan kantor")
    sebelum = (_hitung(), _baik())
    tolak(operator, salah.id, "sekali lagi", "sudah dikoreksi")
    tolak(admin, h.id, "balik lagi", "koreksi tidak dapat dikoreksi lagi")


def test_another_regions_entry_is_out_of_scope_even_for_its_own_office_rule(app) -> None:
    admin = _pelaku("admin.65")
    lain = pencatatan.catat(admin, JenisMutasi.TERIMA_PENYEDIA, TERIMA_BULUNGAN, "tetangga-1")
    with pytest.raises(Ditolak) as e:
        koreksi.koreksi(_pelaku("operator.6571"), lain.id, "bukan wilayah saya")
    assert "kantor lain" in str(e.value) and not isinstance(e.value, DiLuarWewenang)


def test_an_out_of_scope_region_is_named_by_name(app) -> None:
    with pytest.raises(DiLuarWewenang) as e:
        pencatatan.catat(
            _pelaku("operator.6571"),
            JenisMutasi.TERIMA_PENYEDIA,
            TERIMA_BULUNGAN,
            "tetangga-2",
        )
    pesan = str(e.value)
    with db.sesi_baca() as s:
        nama = dict(
            s.execute(
                select(models.Wilayah.kode, models.Wilayah.nama).where(
                    models.Wilayah.kode.in_(["65.01", "65.71"])
                )
            ).all()
        )
    assert f"Wilayah {nama['65.01']} (65.01) di luar wilayah tugas" in pesan, pesan
    assert f"{nama['65.71']} (65.71)" in pesan, pesan
