"""Spreadsheets as operators really make them, uploaded for real (issue 15).

A corpus of operator files built here with openpyxl and csv (no committed binaries): Excel on
Windows, LibreOffice, title rows, cover sheets, Windows-1252 CSV with ';', the form's labels as
headers, formula cells, serial dates, and the strict refusals ("10 20", bidi controls, extra
unquoted cells). Each case has its expected outcome: imported once (and the same bytes uploaded
again add nothing), or refused with a given message and nothing written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from dashboard.db import models
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.isian import KOLOM, baca_kode_wilayah, kode_jenis, peta_jenis
from dashboard.extensions import db
from dashboard.services import pencatatan, unggahan
from dashboard.services.pencatatan import Pelaku
from tests.support.berkas import pelaku
from tests.support.kampanye import PROVINSI_KECIL

TP = JenisMutasi.TERIMA_PENYEDIA
KUNCI = list(unggahan.KOLOM[TP])
LABEL = [unggahan.label(k) for k in KUNCI]


@pytest.fixture(scope="module")
def app(app_kecil_modul):
    """The corpus is about reading files, many of them into one gudang: the sanity bound on
    running totals has its own tests (test_waktu_dan_batas), so it is set out of reach here."""
    settings = app_kecil_modul.server.config["SETTINGS"]
    app_kecil_modul.server.config["SETTINGS"] = settings.with_(batas_kelipatan_kebutuhan=1000.0)
    yield app_kecil_modul
    app_kecil_modul.server.config["SETTINGS"] = settings


def _operator(username: str = "operator.6571") -> Pelaku:
    return pelaku(username)


def _sidik() -> tuple:
    with db.sesi_baca() as s:
        return (
            s.scalar(select(func.count()).select_from(models.Mutasi)),
            s.scalar(select(func.count()).select_from(models.Audit)),
            s.scalar(select(func.sum(models.Ringkasan.diterima_baik + models.Ringkasan.dikirim))),
        )


# ---- building files as Excel and LibreOffice save them ------------------------------------


def _baris(i: int, n: int = 2, **ubah: object) -> list[list[object]]:
    """n valid receipt rows, unique to case i (the quantity), in template column order."""
    out = []
    for j in range(n):
        r = {
            "tanggal": "20-11-2024",
            "jam": "07.30",
            "kode_wilayah": "65.71",
            "jenis_logistik": "KOTAK",
            "jumlah": str(2000 + i * 10 + j),
            "kondisi": "baik",
            "keterangan": f"kasus {i}",
        }
        r.update({k: (v(j) if callable(v) else v) for k, v in ubah.items()})
        out.append([r[k] for k in KUNCI])
    return out


def _xlsx(
    baris: list[list[object]],
    judul: list[str] = LABEL,
    *,
    di_atas: list[list[object]] = (),  # type: ignore[assignment]
    sampul: bool = False,
    nama_lembar: str = "Data",
    gabung_judul: bool = False,
) -> bytes:
    wb = Workbook()
    ws = wb.active
    if sampul:
        ws.title = "Sampul"
        ws["B3"] = "LAPORAN PENERIMAAN LOGISTIK PILKADA 2024"
        ws["B5"] = "KPU Kota Tarakan"
        ws = wb.create_sheet(nama_lembar)
    else:
        ws.title = nama_lembar
    for r in di_atas:
        ws.append(r)
    if gabung_judul and di_atas:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(judul))
    ws.append(judul)
    for b in baris:
        ws.append(b)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _nilai_tersimpan(isi: bytes, nilai: dict[str, str]) -> bytes:
    """Give formula cells the cached value Excel saves with them (openpyxl writes none)."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(isi)) as z, zipfile.ZipFile(keluar, "w") as baru:
        for info in z.infolist():
            data = z.read(info)
            if info.filename.startswith("xl/worksheets/sheet"):
                for sel, v in nilai.items():
                    data = re.sub(
                        rf'(<c r="{sel}"[^>]*>)<f>([^<]*)</f><v\s*/>'.encode(),
                        rf"\1<f>\2</f><v>{v}</v>".encode(),
                        data,
                    )
            baru.writestr(info, data)
    return keluar.getvalue()


def _csv(
    baris: list[list[object]],
    judul: list[str] = LABEL,
    *,
    pemisah: str = ",",
    enc: str = "utf-8",
    awal: str = "",
    di_atas: list[list[object]] = (),  # type: ignore[assignment]
) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=pemisah, lineterminator="\r\n")
    for r in di_atas:
        w.writerow(r)
    w.writerow(judul)
    for r in baris:
        w.writerow(["" if v is None else v for v in r])
    return (awal + buf.getvalue()).encode(enc)


def _prefill_kirim() -> bytes:
    """The PPK pre-filled template, downloaded, two rows filled in and saved."""
    isi = unggahan.templat(JenisMutasi.KIRIM, "xlsx", _operator().akun, PROVINSI_KECIL, "ppk")
    wb = load_workbook(io.BytesIO(isi))
    ws = wb["Data"]
    kolom = [c.value for c in ws[1]]
    for r, jumlah in ((2, 3), (3, 4)):
        ws.cell(r, kolom.index("Tanggal") + 1, "21-11-2024")
        ws.cell(r, kolom.index("Jam (WIB)") + 1, "10.15")
        ws.cell(r, kolom.index("Jenis logistik") + 1, "KOTAK — Kotak suara")
        ws.cell(r, kolom.index("Jumlah") + 1, jumlah)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---- the corpus --------------------------------------------------------------------------


@dataclass(frozen=True)
class Kasus:
    nama: str
    berkas: str
    isi: Callable[[], bytes]
    baru: int | None = None  # imported: how many new entries
    pesan: str = ""  # refused: part of the message (file refusal or a row error)
    kolom: str | None = None  # refused by a row error in this column (human label)
    jenis: JenisMutasi = TP
    lewat: int = 0  # rows skipped as identical to an earlier row of the file


def _k(i: int, nama: str, berkas: str, isi: Callable[[int], bytes], **kw: object) -> Kasus:
    return Kasus(nama, berkas, lambda: isi(i), **kw)  # type: ignore[arg-type]


ZW = "\u200b"
KASUS = [
    # imported once
    _k(1, "templat Excel, judul label formulir", "a.xlsx", lambda i: _xlsx(_baris(i)), baru=2),
    _k(2, "judul snake_case", "a.xlsx", lambda i: _xlsx(_baris(i), KUNCI), baru=2),
    _k(3, "baris judul laporan digabung di atas", "a.xlsx", lambda i: _xlsx(
        _baris(i), di_atas=[["LAPORAN PENERIMAAN LOGISTIK"], [], ["KPU Kota Tarakan"]],
        gabung_judul=True), baru=2),
    _k(4, "lembar sampul sebelum lembar data", "a.xlsx", lambda i: _xlsx(
        _baris(i), sampul=True, nama_lembar="Sheet2"), baru=2),
    _k(5, "kolom No di depan", "a.xlsx", lambda i: _xlsx(
        [[n + 1, *r] for n, r in enumerate(_baris(i, 3))], ["No", *LABEL]), baru=3),
    _k(6, "judul berantakan: spasi ganda, huruf besar", "a.xlsx", lambda i: _xlsx(
        _baris(i), ["TANGGAL", "Jam (WIB)", "Kode Wilayah ", "Jenis  Logistik", "jumlah",
                    " Kondisi", "KETERANGAN"]), baru=2),
    _k(7, "judul sinonim", "a.xlsx", lambda i: _xlsx(
        _baris(i), ["Tgl.", "Pukul", "Kode", "Barang", "Jml", "Keadaan", "Ket."]), baru=2),
    _k(8, "nama jenis huruf kecil dan nama lengkap", "a.xlsx", lambda i: _xlsx(
        _baris(i, jenis_logistik=lambda j: ["kotak", " Kotak  suara"][j])), baru=2),
    _k(9, "kondisi huruf besar dan spasi ganda", "a.xlsx", lambda i: _xlsx(
        _baris(i, 3, kondisi=lambda j: ["Rusak  Berat", "RUSAK RINGAN", "baik "][j])), baru=3),
    _k(10, "jam 8, 08.00 WIB, 14:30, angka", "a.xlsx", lambda i: _xlsx(
        _baris(i, 4, jam=lambda j: ["8", "08.00 WIB", "14:30", 9][j])), baru=4),
    _k(11, "tanggal sel tanggal Excel", "a.xlsx", lambda i: _xlsx(
        _baris(i, tanggal=dt.datetime(2024, 11, 20))), baru=2),
    _k(12, "tanggal serial Excel dalam sel teks", "a.xlsx", lambda i: _xlsx(
        _baris(i, tanggal="45616")), baru=2),
    _k(13, "tanggal serial Excel sebagai angka", "a.xlsx", lambda i: _xlsx(
        _baris(i, tanggal=45616)), baru=2),
    _k(14, "sel rumus dengan nilai tersimpan", "a.xlsx", lambda i: _nilai_tersimpan(
        _xlsx(_baris(i, 1, jumlah=f"={2000 + i * 10}*1")), {"E2": str(2000 + i * 10)}), baru=1),
    _k(15, "jumlah angka, titik ribuan, spasi ribuan, NBSP", "a.xlsx", lambda i: _xlsx(
        _baris(i, 4, jumlah=lambda j: [2150, "2.151", "2 152", "2\u00a0153"][j])), baru=4),
    _k(16, "nilai daftar pilihan 'kode — nama'", "a.xlsx", lambda i: _xlsx(
        _baris(i, kode_wilayah="65.71 — Kota Tarakan", jenis_logistik="KOTAK — Kotak suara")),
       baru=2),
    _k(17, "tanpa kolom Jam dan Keterangan", "a.xlsx", lambda i: _xlsx(
        [[r[0], r[2], r[3], r[4], r[5]] for r in _baris(i)],
        ["Tanggal", "Kode wilayah", "Jenis logistik", "Jumlah", "Kondisi"]), baru=2),
    Kasus("templat isian awal PPK, dua baris diisi", "kirim.xlsx", _prefill_kirim, baru=2,
          jenis=JenisMutasi.KIRIM),
    _k(19, "CSV koma UTF-8", "a.csv", lambda i: _csv(_baris(i)), baru=2),
    _k(20, "CSV ; Windows-1252 dari Excel Indonesia", "a.csv", lambda i: _csv(
        _baris(i, keterangan="Café “ok” – gudang"), pemisah=";", enc="cp1252"), baru=2),
    _k(21, "CSV dengan baris sep=;", "a.csv", lambda i: _csv(
        _baris(i), pemisah=";", enc="cp1252", awal="sep=;\r\n"), baru=2),
    _k(22, "CSV UTF-8 ber-BOM", "a.csv", lambda i: _csv(_baris(i), enc="utf-8-sig"), baru=2),
    _k(23, "teks Unicode Excel (UTF-16, tab)", "a.txt", lambda i: _csv(
        _baris(i), pemisah="\t", enc="utf-16"), baru=2),
    _k(24, "CSV tab", "a.txt", lambda i: _csv(_baris(i), pemisah="\t"), baru=2),
    _k(25, "CSV dengan baris judul laporan", "a.csv", lambda i: _csv(
        _baris(i), pemisah=";", di_atas=[["Laporan penerimaan", "", ""], []]), baru=2),
    _k(26, "CSV sel berkutip berisi ; dan baris baru", "a.csv", lambda i: _csv(
        _baris(i, keterangan="diterima; dus\npenyok"), pemisah=";"), baru=2),
    _k(27, "CSV tanggal ISO, jam WIB", "a.csv", lambda i: _csv(
        _baris(i, tanggal="2024-11-20", jam="08.00 WIB")), baru=2),
    _k(28, "baris kembar di dalam berkas", "a.csv", lambda i: _csv(
        _baris(i, 2) + _baris(i, 1)), baru=2, lewat=1),
    _k(29, "spasi lebar-nol di dalam kode", "a.xlsx", lambda i: _xlsx(
        _baris(i, jenis_logistik=f"KOTAK{ZW}")), baru=2),
    _k(30, "baris dan kolom kosong di akhir", "a.xlsx", lambda i: _xlsx(
        [*[[*r, None, ""] for r in _baris(i)], [None] * 7, ["", " ", None]]), baru=2),
    _k(51, "CSV UTF-16 tanpa BOM", "a.csv", lambda i: _csv(
        _baris(i), pemisah=";", enc="utf-16-le"), baru=2),
    _k(52, "kolom kosong tanpa judul di tengah", "a.xlsx", lambda i: _xlsx(
        [[*r[:4], None, *r[4:]] for r in _baris(i)], [*LABEL[:4], None, *LABEL[4:]]), baru=2),
    # refused, nothing written
    _k(31, "jumlah '10 20'", "a.csv", lambda i: _csv(_baris(i, jumlah="10 20")),
       pesan="dipisah spasi", kolom="Jumlah"),
    _k(32, "pemisah campuran", "a.csv", lambda i: _csv(_baris(i, jumlah="1.234 567")),
       pesan="mencampur titik dan spasi", kolom="Jumlah"),
    _k(33, "koma ribuan tanpa kutip (sel berlebih)", "a.csv",
       lambda i: ",".join(LABEL).encode() + b"\r\n20-11-2024,08.00,65.71,KOTAK,1,020,baik,x\r\n",
       pesan="lebih banyak sel daripada judul kolom"),
    _k(34, "byte NUL di awal", "a.csv", lambda i: b"\x00" + _csv(_baris(i)),
       pesan="byte NUL (byte ke-1)"),
    _k(35, "rumus tanpa nilai tersimpan", "a.xlsx", lambda i: _xlsx(
        _baris(i, 1, jumlah="=60*2")), pesan="rumus tanpa nilai tersimpan"),
    _k(36, "keterangan hanya karakter tak terlihat", "a.xlsx", lambda i: _xlsx(
        _baris(i, keterangan=ZW * 3)), pesan="hanya berisi karakter tak terlihat",
       kolom="Keterangan"),
    _k(37, "keterangan berisi U+202E", "a.xlsx", lambda i: _xlsx(
        _baris(i, keterangan="invoice\u202efdp.exe")), pesan="pengatur arah teks",
       kolom="Keterangan"),
    _k(38, "kolom Jumlah hilang", "a.xlsx", lambda i: _xlsx(
        [r[:4] + r[5:] for r in _baris(i)], LABEL[:4] + LABEL[5:]), pesan="kolom hilang: Jumlah"),
    _k(39, "judul di baris 12", "a.xlsx", lambda i: _xlsx(
        _baris(i), di_atas=[["Laporan"]] * 11), pesan="di 10 baris pertama lembar 'Data'"),
    _k(40, "templat Kirim diunggah sebagai Terima dari penyedia", "a.csv", lambda i: _csv(
        [], [unggahan.label(k) for k in unggahan.KOLOM[JenisMutasi.KIRIM]]),
       pesan="tampaknya templat Kirim"),
    _k(41, "jenis logistik tidak dikenal", "a.xlsx", lambda i: _xlsx(
        _baris(i, jenis_logistik="Kardus")), pesan="'Kardus' tidak dikenal",
       kolom="Jenis logistik"),
    _k(42, "wilayah kantor lain", "a.xlsx", lambda i: _xlsx(
        _baris(i, kode_wilayah="65.01")), pesan="di luar wilayah tugas", kolom="Kode wilayah"),
    _k(43, "jam 25.00", "a.csv", lambda i: _csv(_baris(i, jam="25.00")),
       pesan="Jam '25.00' tidak dikenali", kolom="Jam (WIB)"),
    _k(44, "tanggal 31-02", "a.csv", lambda i: _csv(_baris(i, tanggal="31-02-2024")),
       pesan="tidak dikenali", kolom="Tanggal"),
    _k(45, "berkas .xls lama", "a.xls", lambda i: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64,
       pesan="belum didukung"),
    _k(46, "angka bukan serial tanggal", "a.xlsx", lambda i: _xlsx(_baris(i, tanggal="12345")),
       pesan="tidak dikenali", kolom="Tanggal"),
    _k(47, "kondisi tak dikenal", "a.csv", lambda i: _csv(_baris(i, kondisi="rusak sedang")),
       pesan="Kondisi 'rusak sedang' tidak dikenal", kolom="Kondisi"),
    _k(48, "kolom ganda lewat sinonim", "a.xlsx", lambda i: _xlsx(
        [[*r, "5"] for r in _baris(i)], [*LABEL, "Jml"]), pesan="kolom ganda: Jumlah"),
    _k(49, "jumlah pecahan berkoma", "a.csv", lambda i: _csv(_baris(i, jumlah="12,5")),
       pesan="bukan bilangan bulat", kolom="Jumlah"),
    _k(50, "judul hanya di lembar Petunjuk", "a.xlsx", lambda i: _xlsx(
        [], ["Kolom", "Cara mengisi"]), pesan="tidak berisi baris judul kolom"),
    _k(53, "nilai di kolom tanpa judul", "a.xlsx", lambda i: _xlsx(
        [[*r[:4], "x", *r[4:]] for r in _baris(i)], [*LABEL[:4], "", *LABEL[4:]]),
       pesan="Sel E2, E3 berisi nilai di kolom tanpa judul"),
]  # fmt: skip


def test_the_corpus_has_at_least_forty_files_both_outcomes() -> None:
    assert len(KASUS) >= 40 and len({k.nama for k in KASUS}) == len(KASUS)
    assert sum(k.baru is not None for k in KASUS) >= 20
    assert sum(k.baru is None for k in KASUS) >= 15


@pytest.mark.parametrize("kasus", KASUS, ids=[k.nama for k in KASUS])
def test_operator_file(app, kasus: Kasus) -> None:
    isi = kasus.isi()
    sebelum = _sidik()
    op = _operator()
    try:
        baris = unggahan.baca_berkas(kasus.berkas, isi, kasus.jenis)
    except unggahan.BerkasDitolak as e:
        assert kasus.baru is None, f"refused: {e}"
        assert kasus.pesan in str(e), str(e)
        assert _sidik() == sebelum
        return
    hasil = pencatatan.impor(op, kasus.jenis, baris, isi, terapkan=True)
    if kasus.baru is None:
        pesan = hasil.laporan_galat()
        assert not hasil.diterapkan and pesan, "accepted"
        cocok = [(label, p) for _, label, p in pesan if kasus.pesan in p]
        assert cocok, pesan
        if kasus.kolom is not None:
            assert any(label == kasus.kolom for label, _ in cocok), pesan
        assert _sidik() == sebelum
        return
    assert hasil.diterapkan, hasil.laporan_galat()
    assert (hasil.baru, len(hasil.ganda)) == (kasus.baru, kasus.lewat)
    assert _sidik()[0] == sebelum[0] + kasus.baru
    # The same file again (a retry after a dropped connection): nothing new.
    lagi = pencatatan.impor(op, kasus.jenis, baris, isi, terapkan=True)
    assert lagi.baru == 0 and lagi.sudah_ada == kasus.baru
    assert _sidik()[0] == sebelum[0] + kasus.baru


SEL_TEKS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["8", "08.00 WIB", "45616", "1 020", "10 20", "1.234", "=1+1", "\u202e1", ""]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(SEL_TEKS, SEL_TEKS, SEL_TEKS, SEL_TEKS), min_size=1, max_size=4))
def test_any_cells_either_import_exactly_what_is_reported_or_write_nothing(app, sel) -> None:
    """Random date, time, quantity and condition cells through the whole upload: a refusal of
    the file or of any row leaves the database as it was; an import adds what it reports."""
    baris = [
        ["20-11-2024" if not t else t, j, "65.71", "TINTA", q, k or "baik", "acak"]
        for t, j, q, k in sel
    ]
    isi = _csv(baris)
    sebelum = _sidik()
    try:
        dibaca = unggahan.baca_berkas("acak.csv", isi, TP)
    except unggahan.BerkasDitolak as e:
        assert str(e)
        assert _sidik() == sebelum
        return
    hasil = pencatatan.impor(_operator(), TP, dibaca, isi, terapkan=True)
    if hasil.galat:
        assert not hasil.diterapkan and all(p for _, _, p in hasil.laporan_galat())
        assert _sidik() == sebelum
    else:
        assert hasil.diterapkan
        assert _sidik()[0] == sebelum[0] + hasil.baru
        assert hasil.baru + len(hasil.lewat) == hasil.jumlah_baris


# Every kind an office enters has a template (loans are the coordination board's, not a form's).
@pytest.mark.parametrize("jenis", list(KOLOM), ids=[j.value for j in KOLOM])
def test_every_template_offers_lists_of_the_offices_own_choices(app, jenis) -> None:
    isi = unggahan.templat(jenis, "xlsx", _operator().akun, PROVINSI_KECIL)
    wb = load_workbook(io.BytesIO(isi))
    data = wb["Data"]
    judul = [c.value for c in data[1]]
    assert judul == [unggahan.label(k) for k in unggahan.KOLOM[jenis]]
    daftar = {}
    for dv in data.data_validations.dataValidation:
        kolom = judul[int(re.match(r"[A-Z]", str(dv.sqref)).group(0), 36) - 10]
        daftar[kolom] = dv.formula1
    kode = wb["Kode"]
    wilayah = [r[8] for r in kode.iter_rows(min_row=2, values_only=True) if r[8]]
    jenis_daftar = [r[9] for r in kode.iter_rows(min_row=2, values_only=True) if r[9]]
    assert wilayah and all(w.startswith("65.71") and " — " in w for w in wilayah)
    assert "KOTAK — Kotak suara" in jenis_daftar
    assert daftar["Kode wilayah"] == f"Kode!$I$2:$I${len(wilayah) + 1}"
    assert daftar["Jenis logistik"] == f"Kode!$J$2:$J${len(jenis_daftar) + 1}"
    if "kondisi" in unggahan.KOLOM[jenis]:
        assert daftar["Kondisi"] == '"baik,rusak ringan,rusak berat"'
    if "alasan" in unggahan.KOLOM[jenis]:
        assert daftar["Alasan"] == '"rusak,hilang,pengganti,salah jenis"'
    petunjuk = [r[0] for r in wb["Petunjuk"].iter_rows(values_only=True) if r[0]]
    assert any("dilewati kecuali Anda mengonfirmasinya" in p for p in petunjuk)
    # Every value a drop-down offers reads back as the code it stands for.
    assert [baca_kode_wilayah(w) for w in wilayah] == [w.split(" — ")[0] for w in wilayah]
    peta = peta_jenis([(j.split(" — ")[0], j.split(" — ")[1]) for j in jenis_daftar])
    assert [kode_jenis(j, peta) for j in jenis_daftar] == [j.split(" — ")[0] for j in jenis_daftar]


def test_a_template_prefilled_with_the_offices_pps(app) -> None:
    isi = unggahan.templat(JenisMutasi.TERIMA, "xlsx", _operator().akun, PROVINSI_KECIL, "pps")
    wb = load_workbook(io.BytesIO(isi))
    rows = [r for r in wb["Data"].iter_rows(min_row=2, values_only=True) if any(r)]
    desa = [r[8] for r in wb["Kode"].iter_rows(min_row=2, values_only=True)
            if r[8] and r[8].count(".") == 3]  # fmt: skip
    assert rows and len(rows) == len(desa)
    assert all(r[2] == "pps" and r[3].startswith("65.71.") for r in rows)
    # Untouched, the pre-filled rows are no entries: the file has nothing to import.
    with pytest.raises(unggahan.BerkasDitolak, match="tidak berisi baris data"):
        unggahan.baca_berkas("terima.xlsx", isi, JenisMutasi.TERIMA)
