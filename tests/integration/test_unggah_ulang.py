"""Re-uploads on SQLite and PostgreSQL: a re-saved file adds nothing, a file with one row changed
adds exactly that row, a repeated row is stored only when confirmed, and a client id reused
for other content or by another office is refused instead of being answered "already received".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.extensions import db
from dashboard.services import pencatatan, unggahan
from dashboard.services.buku_besar import bandingkan, rekap_dari_db
from dashboard.services.katalog import pemilihan_dari_db
from dashboard.services.pencatatan import Ditolak, Pelaku
from tests.support.berkas import buku_kerja, pelaku
from tests.support.kampanye import TERIMA

TP = JenisMutasi.TERIMA_PENYEDIA
LABEL = [unggahan.label(k) for k in unggahan.KOLOM[TP]]
BARIS = [
    ["20-11-2024", "08.00", "65.71", "KOTAK", "1.311", "baik", "truk 1"],
    ["20-11-2024", "08.00", "65.71", "BILIK", "1.312", "baik", "truk 1"],
    ["20-11-2024", "09.30", "65.71", "TINTA", "313", "rusak ringan", ""],
    ["21-11-2024", "", "65.71", "SEGEL", "1.314", "baik", "tanpa jam"],
    ["21-11-2024", "14.05", "65.71", "KOTAK", "315", "rusak berat", "basah"],
]


@pytest.fixture
def app(app_kecil):
    """Re-uploads of one file into one gudang: the sanity bound on running totals has its own
    tests (test_waktu_dan_batas), so it is set out of reach here."""
    settings = app_kecil.server.config["SETTINGS"]
    app_kecil.server.config["SETTINGS"] = settings.with_(batas_kelipatan_kebutuhan=1000.0)
    return app_kecil


def _mutasi() -> int:
    with db.sesi_baca() as s:
        return s.scalar(select(func.count()).select_from(models.Mutasi))


def _xlsx(baris: list[list[object]]) -> bytes:
    return buku_kerja(baris, LABEL)


def _simpan_ulang(isi: bytes) -> bytes:
    """Open the workbook and save it as Excel would after a look: a title row inserted above,
    quantities turned into numbers, dates into date cells (the bytes all change)."""
    wb = load_workbook(io.BytesIO(isi))
    ws = wb["Data"]
    for r in ws.iter_rows(min_row=2):
        tanggal, _jam, _kode, _jenis, jumlah = (c for c in r[:5])
        jumlah.value = int(str(jumlah.value).replace(".", ""))
        d, m, y = str(tanggal.value).split("-")
        tanggal.value = dt.datetime(int(y), int(m), int(d))
    ws.insert_rows(1)
    ws["A1"] = "Penerimaan logistik KPU Kota Tarakan"
    wb.properties.modified = dt.datetime(2024, 11, 22, 10, 0)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _csv_windows(baris: list[list[object]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(LABEL)
    w.writerows(baris)
    return buf.getvalue().encode("cp1252")


def _unggah(pelaku: Pelaku, nama: str, isi: bytes, **kw: object) -> pencatatan.HasilImpor:
    baris = unggahan.baca_berkas(nama, isi, TP)
    return pencatatan.impor(pelaku, TP, baris, isi, terapkan=True, **kw)  # type: ignore[arg-type]


def test_resaved_and_changed_files_add_exactly_the_new_rows(app) -> None:
    op = pelaku("operator.6571")
    awal = _mutasi()
    asli = _xlsx(BARIS)
    pertama = _unggah(op, "terima.xlsx", asli)
    assert pertama.diterapkan and pertama.baru == 5
    assert _mutasi() == awal + 5

    # Re-saved in Excel after a dropped connection: other bytes, same rows.
    ulang = _simpan_ulang(asli)
    assert ulang != asli
    baris = unggahan.baca_berkas("terima.xlsx", ulang, TP)
    uji = pencatatan.impor(op, TP, baris, ulang, terapkan=False)
    assert uji.sah and uji.baru == 0 and uji.sudah_ada == 5 and not uji.diterapkan
    laporan = dict(uji.laporan_lewat())
    assert sorted(laporan) == [3, 4, 5, 6, 7]  # the inserted title row moved them down
    assert all(p.startswith("sudah tercatat: nomor ") for p in laporan.values())
    assert (
        dt.datetime.now(dt.UTC).astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d-%m-%Y")
        in laporan[3]
    )
    kedua = pencatatan.impor(op, TP, baris, ulang, terapkan=True)
    assert kedua.baru == 0 and kedua.sudah_ada == 5
    # The same rows again as a Windows ';' CSV: still nothing new.
    assert _unggah(op, "terima.csv", _csv_windows(BARIS)).baru == 0
    assert _mutasi() == awal + 5

    # One row changed (the quantity of the third): exactly that row is added.
    ubah = [list(r) for r in BARIS]
    ubah[2][4] = "314"
    satu = _unggah(op, "terima.xlsx", _xlsx(ubah))
    assert satu.diterapkan and (satu.baru, satu.sudah_ada) == (1, 4)
    assert _mutasi() == awal + 6
    assert _unggah(op, "terima.xlsx", _simpan_ulang(_xlsx(ubah))).baru == 0
    assert _mutasi() == awal + 6

    # A row repeated inside the file is skipped until the operator confirms that row.
    kembar = [BARIS[0], ["22-11-2024", "07.00", "65.71", "KOTAK", "50", "baik", "a"]] * 2
    isi = _xlsx(kembar)
    tanpa = _unggah(op, "kembar.xlsx", isi)
    assert (tanpa.baru, tanpa.sudah_ada) == (1, 1)
    assert [(b.nomor, b.pesan) for b in tanpa.ganda] == [
        (4, "sama persis dengan baris 2 di berkas ini"),
        (5, "sama persis dengan baris 3 di berkas ini"),
    ]
    assert _mutasi() == awal + 7
    dengan = _unggah(op, "kembar.xlsx", isi, konfirmasi=[5])
    assert (dengan.baru, dengan.dikonfirmasi) == (1, [5])
    assert _mutasi() == awal + 8
    # Re-saved (a title row above, so every row moved down one): the confirmed copy is now in
    # the ledger too; the copy never confirmed is still only a repeat.
    lagi = _unggah(op, "kembar.xlsx", _simpan_ulang(isi))
    assert (lagi.baru, lagi.sudah_ada) == (0, 3)
    assert [(b.nomor, b.pesan) for b in lagi.ganda] == [
        (5, "sama persis dengan baris 3 di berkas ini")
    ]
    assert _mutasi() == awal + 8

    with db.sesi_baca() as s:
        assert not bandingkan(s, rekap_dari_db(s, pemilihan_dari_db(s)))


def test_a_reused_client_id_is_refused_unless_it_is_the_same_entry(app) -> None:
    op = pelaku("operator.6571")
    lain = pelaku("operator.6501")
    h = pencatatan.catat(op, TP, TERIMA, "cid-sama")
    assert h.baru
    awal = _mutasi()
    again = pencatatan.catat(op, TP, TERIMA, "cid-sama")
    assert not again.baru and again.id == h.id and "Sudah diterima" in again.pesan
    lain_isi = (
        r"sudah dipakai untuk catatan lain \(nomor \d+: 1\.234 "
        + re.escape(TERIMA["jenis_logistik"])
        + r" di 65\.71"
    )
    with pytest.raises(Ditolak, match=lain_isi):
        pencatatan.catat(op, TP, {**TERIMA, "jumlah": "1.235"}, "cid-sama")
    with pytest.raises(Ditolak, match="sudah dipakai untuk catatan lain"):
        pencatatan.catat(op, TP, {**TERIMA, "keterangan": "lain"}, "cid-sama")
    with pytest.raises(Ditolak, match="sudah dipakai oleh kantor lain"):
        pencatatan.catat(lain, TP, {**TERIMA, "kode_wilayah": "65.01"}, "cid-sama")
    assert _mutasi() == awal
    # The entry typed in the form, then the same row in a file: recognised, not added.
    dari_form = _unggah(op, "terima.xlsx", _xlsx([[TERIMA[k] for k in unggahan.KOLOM[TP]]]))
    assert dari_form.baru == 0 and [b.mutasi_id for b in dari_form.lewat] == [h.id]
    # An item the catalogue does not know: the error names its column (was "—").
    isi = _xlsx([["20-11-2024", "08.00", "65.71", "KARDUS", "5", "baik", ""]])
    salah = _unggah(op, "x.xlsx", isi)
    assert salah.laporan_galat() == [(2, "Jenis logistik", "Jenis logistik 'KARDUS' tidak dikenal")]
    assert _mutasi() == awal

    kejadian = {
        "kode_wilayah": "65.71.01",
        "jenis": "banjir",
        "keparahan": "tinggi",
        "judul": "Gudang PPK tergenang",
        "keterangan": "",
        "jenis_logistik": None,
    }
    kid, baru = pencatatan.lapor_kejadian(op, kejadian, "kej-sama")
    assert baru and pencatatan.lapor_kejadian(op, kejadian, "kej-sama") == (kid, False)
    with pytest.raises(Ditolak, match=f"laporan kejadian lain \\(nomor {kid}\\)"):
        pencatatan.lapor_kejadian(op, {**kejadian, "judul": "Atap bocor"}, "kej-sama")
    with pytest.raises(Ditolak, match="laporan kejadian lain"):
        pencatatan.lapor_kejadian(lain, {**kejadian, "kode_wilayah": "65.01.01"}, "kej-sama")
