"""Spreadsheets in and out of data entry: templates per movement type, and reading uploads.

An upload is read defensively: size, row count, encoding and the zip container of an .xlsx are
checked before any cell is parsed, and a formula cell is never evaluated (its text is read).
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from dashboard.db import queries
from dashboard.domain.akses import Akun, lingkup_tulis
from dashboard.domain.buku_besar import JenisMutasi
from dashboard.domain.isian import KOLOM, MAKS_BYTE, PETUNJUK_KOLOM, kosong, teks
from dashboard.extensions import db
from dashboard.services.ekspor import netralkan_formula

MAKS_BARIS = 20_000
# An .xlsx is a zip: refuse one that would unpack to more than this, or unpack too eagerly.
MAKS_BYTE_TERURAI = 60 * 1024 * 1024
MAKS_RASIO_MAMPAT = 200

Baris = list[tuple[int, dict[str, object]]]


class BerkasDitolak(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def nama_kolom(judul: object) -> str:
    """Normalise a header cell: 'Kode Wilayah ' → 'kode_wilayah'."""
    return teks(judul).lower().replace(" ", "_").replace("-", "_")


def periksa_ukuran(ukuran: int) -> None:
    """Refuse a file over the upload limit (the page sends only the size of such a file)."""
    if ukuran > MAKS_BYTE:
        # Rounded up, so a file just over the limit never reads "5,0 MB melebihi batas 5 MB".
        mb = f"{math.ceil(ukuran / 1_048_576 * 10) / 10:.1f}".replace(".", ",")
        raise BerkasDitolak(
            f"Berkas {mb} MB melebihi batas {MAKS_BYTE // 1_048_576} MB; "
            "bagi menjadi beberapa berkas."
        )


def baca_berkas(nama: str, isi: bytes, jenis: JenisMutasi) -> Baris:
    """Return the data rows of an uploaded CSV or .xlsx with their spreadsheet row numbers."""
    if not isi:
        raise BerkasDitolak("Berkas kosong.")
    periksa_ukuran(len(isi))
    akhiran = nama.lower().rsplit(".", 1)[-1] if "." in nama else ""
    if akhiran == "xlsx":
        tabel = _baca_xlsx(isi)
    elif akhiran in ("csv", "txt"):
        tabel = _baca_csv(isi)
    else:
        raise BerkasDitolak("Jenis berkas tidak didukung; unggah .xlsx atau .csv dari templat.")
    return _baris_data(tabel, jenis)


def _baca_csv(isi: bytes) -> list[list[object]]:
    if isi.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in isi[:4096]:
        raise BerkasDitolak(
            "Berkas CSV berenkode UTF-16; simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
        )
    try:
        teks_berkas = isi.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise BerkasDitolak(
            f"Berkas CSV bukan UTF-8 (byte ke-{e.start + 1} tidak terbaca); simpan ulang "
            "sebagai 'CSV UTF-8 (dipisah koma)'."
        ) from None
    baris_pertama = teks_berkas.split("\n", 1)[0]
    pemisah = max(",;\t", key=baris_pertama.count)
    try:
        return [list(r) for r in csv.reader(io.StringIO(teks_berkas), delimiter=pemisah)]
    except csv.Error as e:
        raise BerkasDitolak(f"Berkas CSV rusak: {e}") from None


def _baca_xlsx(isi: bytes) -> list[list[object]]:
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as z:
            info = z.infolist()
    except zipfile.BadZipFile:
        raise BerkasDitolak("Berkas .xlsx rusak atau bukan berkas Excel.") from None
    terurai = sum(i.file_size for i in info)
    mampat = max(sum(i.compress_size for i in info), 1)
    if terurai > MAKS_BYTE_TERURAI or terurai / mampat > MAKS_RASIO_MAMPAT:
        raise BerkasDitolak("Isi berkas .xlsx terlalu besar setelah diurai; berkas ditolak.")
    try:
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise BerkasDitolak("Berkas .xlsx tidak dapat dibaca; simpan ulang dari Excel.") from None
    try:
        ws = wb["Data"] if "Data" in wb.sheetnames else wb.worksheets[0]
        out: list[list[object]] = []
        for r in ws.iter_rows(values_only=True):
            out.append(list(r))
            if len(out) > MAKS_BARIS + 1:
                break
        return out
    finally:
        wb.close()


def _baris_data(tabel: list[list[object]], jenis: JenisMutasi) -> Baris:
    if not tabel or all(kosong(v) for v in tabel[0]):
        raise BerkasDitolak("Berkas tidak berisi baris judul kolom; pakai templat.")
    judul = [nama_kolom(v) for v in tabel[0]]
    while judul and not judul[-1]:
        judul.pop()
    harus = KOLOM[jenis]
    kurang = [k for k in harus if k not in judul]
    lebih = [k or "(tanpa judul)" for k in judul if k not in harus]
    ganda = sorted({k for k in judul if judul.count(k) > 1})
    salah = []
    if kurang:
        salah.append(f"kolom hilang: {', '.join(kurang)}")
    if lebih:
        salah.append(f"kolom tidak dikenal: {', '.join(str(k)[:30] for k in lebih[:5])}")
    if ganda:
        salah.append(f"kolom ganda: {', '.join(ganda)}")
    if salah:
        raise BerkasDitolak(
            f"Kolom berkas tidak sesuai templat {jenis.label} ({'; '.join(salah)}). "
            f"Kolom yang benar: {', '.join(harus)}."
        )
    if len(tabel) - 1 > MAKS_BARIS:
        raise BerkasDitolak(
            f"Berkas berisi lebih dari {MAKS_BARIS:,} baris; bagi menjadi beberapa."
        )
    out: Baris = []
    for nomor, r in enumerate(tabel[1:], start=2):
        if all(kosong(v) for v in r):
            continue
        out.append((nomor, {k: (r[i] if i < len(r) else None) for i, k in enumerate(judul)}))
    if not out:
        raise BerkasDitolak("Berkas tidak berisi baris data di bawah judul kolom.")
    return out


# ---- templates ----------------------------------------------------------------------------


def _kode_lingkup(akun: Akun | None, provinsi: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Item codes, and region codes the account may write for (whole province when unknown)."""
    lingkup = (lingkup_tulis(akun, provinsi) if akun else None) or provinsi
    with db.sesi_baca() as s:
        jenis = queries.jenis_ringkas(s)
        wilayah = queries.wilayah_lingkup(s, lingkup)
    return jenis, wilayah


def templat(jenis: JenisMutasi, format_: str, akun: Akun | None, provinsi: str) -> bytes:
    """Return an empty template for a movement type: .xlsx with instructions and codes, or CSV."""
    kolom = KOLOM[jenis]
    if format_ == "csv":
        teks = io.StringIO()
        csv.writer(teks).writerow(kolom)
        return teks.getvalue().encode("utf-8-sig")
    kode_jenis, kode_wilayah = _kode_lingkup(akun, provinsi)
    wb = Workbook()
    data = wb.active
    data.title = "Data"
    data.append(list(kolom))
    for i, k in enumerate(kolom, start=1):
        sel = data.cell(row=1, column=i)
        sel.font = Font(bold=True, color="FFFFFF")
        sel.fill = PatternFill("solid", fgColor="0B3D91")
        data.column_dimensions[get_column_letter(i)].width = 28 if k == "keterangan" else 16
        # Dates and codes stay text so Excel does not turn 33.74 into a number.
        for r in range(2, 502):
            data.cell(row=r, column=i).number_format = "@"
    data.freeze_panes = "A2"
    petunjuk = wb.create_sheet("Petunjuk")
    petunjuk.append([f"Templat: {jenis.label}"])
    petunjuk["A1"].font = Font(bold=True, size=14)
    petunjuk.append(["Isi lembar Data mulai baris 2; satu baris satu catatan. Jangan ubah judul."])
    petunjuk.append(["Unggahan diperiksa dulu (uji coba); baru disimpan setelah dikonfirmasi."])
    petunjuk.append([])
    petunjuk.append(["Kolom", "Cara mengisi"])
    for k in kolom:
        petunjuk.append([k, PETUNJUK_KOLOM[k]])
    petunjuk.column_dimensions["A"].width = 18
    petunjuk.column_dimensions["B"].width = 100
    kode = wb.create_sheet("Kode")
    kode.append(["Jenis logistik", "Nama", "Satuan", "", "Kode wilayah", "Tingkat", "Nama wilayah"])
    tingkat = {2: "kab/kota", 3: "kecamatan (PPK)", 4: "desa/kelurahan (PPS/TPS)"}
    n = max(len(kode_jenis), len(kode_wilayah))
    for i in range(n):
        kiri = list(kode_jenis.iloc[i]) if i < len(kode_jenis) else ["", "", ""]
        kanan = (
            [
                kode_wilayah.kode.iloc[i],
                tingkat[int(kode_wilayah.tingkat.iloc[i])],
                kode_wilayah.nama.iloc[i],
            ]
            if i < len(kode_wilayah)
            else ["", "", ""]
        )
        kode.append([netralkan_formula(v) for v in [*kiri, "", *kanan]])
    for huruf, lebar in zip("ABCDEFG", (16, 40, 10, 3, 18, 24, 36), strict=True):
        kode.column_dimensions[huruf].width = lebar
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def nilai_formulir(nilai: Mapping[str, object]) -> dict[str, object]:
    """Keep only the known fields of a submitted form (the browser may send anything)."""
    return {k: v for k, v in nilai.items() if k in PETUNJUK_KOLOM}
