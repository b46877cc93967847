"""Stock and distribution views end to end without a browser: pages, callbacks, exports."""

from __future__ import annotations

import base64
import io
import json
import re

import dash
import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from dashboard.callbacks.distribusi import isi_distribusi, isi_linimasa
from dashboard.callbacks.stok import isi_stok, unduh_csv, unduh_excel
from dashboard.domain.stok import KOLOM_STOK
from dashboard.factory import create_app
from tests.support.pengaturan import settings_uji


@pytest.fixture(scope="module")
def app33(demo33):
    return create_app(settings_uji(demo33[0]))


@pytest.mark.parametrize(
    "path", ["/stok", "/distribusi", "/stok?jenis=KOTAK", "/distribusi?wilayah=33.74"]
)
def test_both_pages_answer_200(app33, path):
    assert app33.server.test_client().get(path).status_code == 200


def test_both_pages_are_registered_and_their_callbacks_wired(app33):
    paths = {p["path"] for p in dash.page_registry.values()}
    assert {"/stok", "/distribusi"} <= paths
    client = app33.server.test_client()
    deps = json.loads(client.get("/_dash-dependencies").get_data(as_text=True))
    keluaran = " ".join(d["output"] for d in deps)
    for id_prop in (
        "stok-tabel.data",
        "stok-unduhan-excel.data",
        "stok-unduhan-csv.data",
        "distribusi-terlambat.children",
        "distribusi-linimasa.figure",
    ):
        assert id_prop in keluaran, id_prop


def test_stock_callback_fills_table_figures_and_picker(app33):
    with app33.server.app_context():
        pilihan, jenis, ringkas, grafik_jenis, grafik_cakupan, data = isi_stok(None, {}, 0)
    assert jenis == "SS-GUB"
    assert len(pilihan) == 12 and pilihan[0] == {"label": "Surat suara Gubernur", "value": "SS-GUB"}
    assert len(data) == 35
    assert set(data[0]) >= {k for k, _, _ in KOLOM_STOK}
    assert {r["kode"] for r in data if r["kekurangan"] > 0} == {"33.03", "33.22"}
    teks = str(ringkas)
    assert "Surat suara Gubernur" in teks and "22.138" in teks and "2 dari 35 kab/kota" in teks
    assert len(grafik_jenis.data) == 4  # good, damaged, packed, dispatched
    assert len(grafik_jenis.data[0].y) == 12
    titik = grafik_cakupan.data[0]
    assert len(titik.y) == 35 and titik.y[0] == "Kab. Purbalingga"  # lowest coverage first
    assert grafik_cakupan.layout.separators == ",."


def test_stock_callback_switches_item_and_falls_back_from_an_unknown_one(app33):
    with app33.server.app_context():
        *_, bupati = isi_stok("SS-BUP", {}, 0)
        _, jenis, *_, semua = isi_stok("TIDAK-ADA", {}, 0)
    assert len(bupati) == 29 and all(r["jenis_kode"] == "SS-BUP" for r in bupati)
    assert jenis == "SS-GUB" and len(semua) == 35


def _isi_unduhan(unduhan: dict) -> bytes:
    assert unduhan["base64"] is True
    return base64.b64decode(unduhan["content"])


def test_excel_export_opens_with_every_kabkota_and_the_right_figures(app33):
    with app33.server.app_context():
        unduhan = unduh_excel(1, "SS-GUB")
        *_, data = isi_stok("SS-GUB", {}, 0)
    assert unduhan["filename"] == "stok_pilkada2024_33_SS-GUB_2024-11-24.xlsx"
    wb = load_workbook(io.BytesIO(_isi_unduhan(unduhan)))
    ws = wb["Stok"]
    assert [c.value for c in ws[1]] == [label for _, label, _ in KOLOM_STOK]
    assert ws.max_row == 36
    baris = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [b[0] for b in baris] == [r["kode"] for r in data]
    purbalingga = next(b for b in baris if b[0] == "33.03")
    kolom = [k for k, _, _ in KOLOM_STOK]
    assert purbalingga[kolom.index("nama")] == "Kabupaten Purbalingga"
    assert purbalingga[kolom.index("kekurangan")] == 21_540
    assert ws.cell(row=2, column=kolom.index("kebutuhan") + 1).number_format == "#,##0"
    keterangan = {r[0].value: r[1].value for r in wb["Keterangan"].iter_rows()}
    assert keterangan["Provinsi"] == "Jawa Tengah (33)"
    assert "Surat suara Gubernur" in keterangan["Jenis logistik"]


def test_csv_export_has_a_header_and_35_rows(app33):
    with app33.server.app_context():
        unduhan = unduh_csv(1, "KOTAK")
    assert unduhan["filename"] == "stok_pilkada2024_33_KOTAK_2024-11-24.csv"
    baris = _isi_unduhan(unduhan).decode("utf-8-sig").splitlines()
    assert len(baris) == 36
    assert baris[0].split(";")[:3] == ["Kode", "Kabupaten/Kota", "Kebutuhan (termasuk PSU)"]
    assert baris[1].startswith("33.01;Kabupaten Cilacap;")


def test_no_download_before_a_click_or_for_an_unknown_item(app33):
    with app33.server.app_context():
        assert unduh_excel(None, "SS-GUB") is dash.no_update
        assert unduh_csv(0, "SS-GUB") is dash.no_update
        assert unduh_excel(1, "=cmd") is dash.no_update


def test_distribution_callback_returns_cards_late_list_table_and_regions(app33):
    with app33.server.app_context():
        kartu, terlambat, tabel, pilihan, wilayah = isi_distribusi({}, 0, None)
    assert len(kartu) == 3
    assert "Gudang → PPK" in str(kartu[0]) and "3 kab/kota terlambat" in str(kartu[0])
    tautan = re.findall(r"href='(/wilayah/[\d.]+)'", str(terlambat))
    assert tautan == [
        "/wilayah/33.02",
        "/wilayah/33.04",
        "/wilayah/33.07",
        "/wilayah/33.07",
        "/wilayah/33.04",
        "/wilayah/33.02",
    ]
    assert len(re.findall(r"href='/wilayah/33\.\d\d'", str(tabel))) == 35
    assert pilihan[0] == {"label": "Jawa Tengah (seluruh provinsi)", "value": "33"}
    assert len(pilihan) == 36
    assert wilayah == "33"
    with app33.server.app_context():
        *_, tetap = isi_distribusi({}, 1, "33.74")
    assert tetap == "33.74"


def test_timeline_callback_draws_arrivals_plan_and_polling_day(app33):
    with app33.server.app_context():
        provinsi = isi_linimasa(None, 0)
        kab = isi_linimasa("33.04", 0)
        asing = isi_linimasa("12.01", 0)
    nama = [t.name for t in provinsi.data]
    assert nama.count("Rencana Gudang → PPK") == 1 and "Tiba PPS → TPS" in nama
    rencana = next(t for t in provinsi.data if t.name == "Rencana Gudang → PPK")
    assert rencana.line.dash == "dash"
    assert any(a.text == "Hari pemungutan" for a in provinsi.layout.annotations)
    tiba_ppk = [t for t in kab.data if t.name == "Tiba Gudang → PPK"][0]
    assert round(float(tiba_ppk.y[-1]), 3) == 0.736
    assert asing.to_dict() == provinsi.to_dict()  # another province's code shows this one


def test_views_never_read_tps_need_rows_or_scan_the_ledger(app33):
    """Web requests read summaries; the ledger only by index (max id, newest few)."""
    perintah: list[str] = []

    def catat(_conn, _cursor, statement, *_args):
        perintah.append(" ".join(statement.split()).lower())

    with app33.server.app_context():
        engine = app33.server.extensions["basisdata"].engine
        event.listen(engine, "before_cursor_execute", catat)
        try:
            isi_stok("SS-GUB", {}, 0)
            unduh_excel(1, "SS-GUB")
            isi_distribusi({}, 0, None)
            isi_linimasa("33.04", 0)
        finally:
            event.remove(engine, "before_cursor_execute", catat)
    assert perintah
    for sql in perintah:
        assert not re.search(r"\bfrom (tps|kebutuhan)\b|\bjoin (tps|kebutuhan)\b", sql), sql
        if re.search(r"\b(from|join) mutasi\b", sql):
            assert re.search(r"max\(mutasi\.|\blimit\b", sql), sql


def test_empty_database_gives_empty_views_not_errors(tmp_path):
    app = create_app(settings_uji(f"sqlite:///{tmp_path / 'kosong.db'}"))
    client = app.server.test_client()
    assert client.get("/stok").status_code == 200
    assert client.get("/distribusi").status_code == 200
    with app.server.app_context():
        pilihan, jenis, ringkas, *_grafik, data = isi_stok(None, {}, 0)
        assert (pilihan, jenis, ringkas, data) == ([], None, None, [])
        assert isi_distribusi({}, 0, None) == (None, None, None, [], None)
        assert isi_linimasa(None, 0).layout.annotations[0].text == "Belum ada data."
        assert unduh_excel(1, "SS-GUB") is dash.no_update


def test_sumatera_utara_lists_its_33_kabkota(demo12):
    app = create_app(settings_uji(demo12[0], "12"))
    with app.server.app_context():
        *_, data = isi_stok(None, {}, 0)
        _, _, tabel, pilihan, wilayah = isi_distribusi({}, 0, None)
    assert len(data) == 33 and all(r["kode"].startswith("12.") for r in data)
    assert len(re.findall(r"href='/wilayah/12\.\d\d'", str(tabel))) == 33
    assert wilayah == "12" and len(pilihan) == 34
