"""/publik: readiness per kab/kota for anyone when the settings allow it, and nothing personal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from dashboard import urls
from dashboard.db import models
from dashboard.domain.angka import format_angka, format_persen
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import keputusan, pencatatan, tampilan
from dashboard.services.pencatatan import Pelaku
from dashboard.settings import Settings
from dashboard.tools.demo import InfoDemo
from tests.support.kampanye import PROVINSI_KECIL
from tests.support.pengaturan import settings_uji
from tests.support.tulisan import akun


@pytest.fixture(scope="module")
def basis(
    tmp_path_factory: pytest.TempPathFactory, templat_kecil_sqlite: tuple[Path, InfoDemo]
) -> str:
    """The small campaign with an incident and a decision that name people in their words."""
    path = tmp_path_factory.mktemp("publik") / "kendali.db"
    shutil.copy(templat_kecil_sqlite[0], path)
    url = f"sqlite:///{path}"
    app = create_app(settings_uji(url, PROVINSI_KECIL))
    with app.server.app_context():
        pencatatan.lapor_kejadian(
            Pelaku(akun("operator.6571"), PROVINSI_KECIL),
            {"kode_wilayah": "65.71.01", "jenis": "banjir", "keparahan": "tinggi",
             "judul": "Pak Budi Santoso melapor gudang tergenang", "keterangan": "",
             "jenis_logistik": ""},
            "publik-kejadian",
        )  # fmt: skip
        keputusan.tambah(akun("pimpinan.65"), PROVINSI_KECIL, "65.71", "Kirim ulang segel",
                         "Ibu Siti Aminah", None)  # fmt: skip
    return url


def _app(basis: str, **ubah: bool):  # type: ignore[no-untyped-def]
    return create_app(settings_uji(basis, PROVINSI_KECIL).with_(login_wajib_baca=True, **ubah))


def test_the_public_page_is_off_unless_the_settings_enable_it(basis: str) -> None:
    assert Settings().halaman_publik is False
    assert Settings.from_env({"HALAMAN_PUBLIK": "1"}).halaman_publik is True
    klien = _app(basis).server.test_client()
    assert klien.get(urls.PUBLIK).status_code in (302, 404)  # locked, and not served
    klien = create_app(settings_uji(basis, PROVINSI_KECIL)).server.test_client()
    assert klien.get(urls.PUBLIK).status_code == 404


def test_anyone_reads_the_readiness_per_kabkota_without_login(basis: str) -> None:
    app = _app(basis, halaman_publik=True)
    klien = app.server.test_client()
    assert klien.get("/stok").status_code == 302  # the dashboard itself stays locked
    r = klien.get(urls.PUBLIK)
    assert r.status_code == 200 and r.headers["Cache-Control"].startswith("public")
    isi = r.get_data(as_text=True)
    with app.server.app_context():
        ringkasan = tampilan.ringkasan_wilayah(PROVINSI_KECIL)
        assert ringkasan is not None
        for d in ringkasan.anak.to_dict("records"):
            potong = isi.split(f"<td>{d['nama']}</td>", 1)
            assert len(potong) == 2, d["nama"]
            baris = potong[1].split("</tr>", 1)[0]
            sel = [format_angka(d["jumlah_tps"])] + [
                format_persen(d[k]) for k in ("indeks", "stok", "terima_ppk", "terima_pps",
                                               "terima_tps")
            ]  # fmt: skip
            for teks in sel:
                assert teks in baris, (d["nama"], teks)
        assert format_persen(ringkasan.total["indeks"]) in isi.split('id="publik-tabel"')[0]


def test_the_public_page_names_no_one(basis: str) -> None:
    app = _app(basis, halaman_publik=True)
    isi = app.server.test_client().get(urls.PUBLIK).get_data(as_text=True)
    with app.server.app_context(), db.sesi_baca() as s:
        orang = [
            *s.scalars(select(models.Pengguna.username)),
            *s.scalars(select(models.Pengguna.nama)),
            *s.scalars(select(models.Kejadian.judul)),
            *s.scalars(select(models.Keputusan.penanggung_jawab)),
        ]
    assert "Ibu Siti Aminah" in orang and any("Budi Santoso" in o for o in orang)
    for teks in orang:
        assert teks not in isi, teks
