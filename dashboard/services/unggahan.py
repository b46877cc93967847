"""Spreadsheets in and out of data entry: templates per movement type, and reading uploads.

An upload is read defensively: size, row count, encoding and the zip container of an .xlsx are
checked before any cell is parsed, and a formula cell is never evaluated (the value Excel saved
with it is read; a formula saved without one is refused). Reading is tolerant where the meaning
is certain: the encoding is detected (Windows-1252 from Indonesian Excel, UTF-16, BOMs), the
delimiter sniffed (a `sep=;` line obeyed), the header row looked for in the first rows of the
first sheet that has one, and headers matched by the form's labels and common synonyms.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import charset_normalizer
import pandas as pd
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from dashboard.db import queries
from dashboard.domain.akses import Akun, lingkup_tulis
from dashboard.domain.buku_besar import Alasan, JenisMutasi, Kondisi, Tahap
from dashboard.domain.isian import (
    BOLEH_KOSONG,
    KOLOM,
    LABEL_KOLOM,
    MAKS_BYTE,
    PETUNJUK_KOLOM,
    TAHAP_TUJUAN,
    kolom_judul,
    kosong,
    teks,
)
from dashboard.extensions import db
from dashboard.services.ekspor import netralkan_formula

MAKS_BARIS = 20_000
# An .xlsx is a zip: refuse one that would unpack to more than this, or unpack too eagerly.
MAKS_BYTE_TERURAI = 60 * 1024 * 1024
MAKS_RASIO_MAMPAT = 200
# The header row is looked for in this many rows from the top (title rows, merged banners).
BARIS_CARI_JUDUL = 10
# Pre-filled template rows hold only these; a row with nothing else is not an entry yet.
KOLOM_ISIAN_AWAL = frozenset({"tahap", "kode_wilayah", "nomor_tps"})

Baris = list[tuple[int, dict[str, object]]]


class BerkasDitolak(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def nama_kolom(judul: object) -> str:
    """Return the column key a header cell names ('Jam (WIB)' → 'jam'), else its snake_case."""
    k = kolom_judul(judul)
    return k if k else teks(judul).lower().replace(" ", "_").replace("-", "_")


def label(kolom: str) -> str:
    """A column as the operator sees it: 'Kode wilayah', not 'kode_wilayah'."""
    return LABEL_KOLOM.get(kolom, kolom)


@dataclass(frozen=True)
class _Tabel:
    """Cells of one sheet (or a CSV) as read, with each row's number as the operator sees it."""

    baris: list[tuple[int, list[object]]]
    lembar: str = ""


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
        return _baris_data(_baca_xlsx(isi, jenis), jenis)
    if akhiran in ("csv", "txt"):
        return _baris_data(_baca_csv(isi, jenis), jenis)
    if akhiran in ("xls", "ods"):
        raise BerkasDitolak(
            f"Berkas .{akhiran} belum didukung; di Excel pilih Simpan Sebagai → 'Buku Kerja Excel "
            "(.xlsx)' atau 'CSV', lalu unggah berkas itu."
        )
    raise BerkasDitolak("Jenis berkas tidak didukung; unggah .xlsx atau .csv dari templat.")


# ---- CSV ----------------------------------------------------------------------------------


def _ada_nul(isi: bytes) -> int:
    """Position (0-based) of the first NUL byte, -1 when there is none."""
    return isi.find(b"\x00")


def dekode_csv(isi: bytes) -> str:
    """Decode a CSV's bytes: BOM first, then UTF-8, then what charset-normalizer finds.

    Legacy single-byte text is read as Windows-1252, what Indonesian Excel saves ("CSV (dipisah
    koma)"); a NUL byte in a file that is not UTF-16/32 is refused with where it is.
    """
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if isi.startswith(bom):
            try:
                return isi.decode(enc)
            except UnicodeDecodeError as e:
                raise BerkasDitolak(
                    f"Berkas CSV bertanda {enc.upper()} tetapi byte ke-{e.start + 1} tidak "
                    "terbaca; simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
                ) from None
    nul = _ada_nul(isi)
    if nul >= 0:
        hasil = charset_normalizer.from_bytes(isi[:65536]).best()
        enc = hasil.encoding if hasil else ""
        if enc.startswith(("utf_16", "utf_32")):
            try:
                return isi.decode(enc)
            except UnicodeDecodeError:
                pass
        raise BerkasDitolak(
            f"Berkas CSV berisi byte NUL (byte ke-{nul + 1}), jadi bukan teks CSV yang utuh "
            "(rusak, atau berkas lain yang diberi nama .csv). Buka di Excel lalu simpan ulang "
            "sebagai 'CSV UTF-8 (dipisah koma)'."
        )
    try:
        return isi.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return isi.decode("cp1252")
    except UnicodeDecodeError:
        pass
    hasil = charset_normalizer.from_bytes(isi).best()
    if hasil is None:
        raise BerkasDitolak(
            "Enkode berkas CSV tidak dikenali; simpan ulang sebagai 'CSV UTF-8 (dipisah koma)'."
        )
    return str(hasil)


def _baca_csv(isi: bytes, jenis: JenisMutasi) -> _Tabel:
    teks_berkas = dekode_csv(isi)
    pemisah_tetap = None
    pertama, _, sisa = teks_berkas.partition("\n")
    m = re.fullmatch(r'\s*"?sep=(.)"?[,;\t]*\s*', pertama, re.IGNORECASE)
    if m:  # Excel's own hint line: "sep=;" names the delimiter and is not a row
        pemisah_tetap, teks_berkas = m[1], sisa
    calon = [pemisah_tetap] if pemisah_tetap else _calon_pemisah(teks_berkas)
    terbaik: _Tabel | None = None
    for pemisah in calon:
        try:
            baris = list(csv.reader(io.StringIO(teks_berkas, newline=""), delimiter=pemisah))
        except csv.Error as e:
            raise BerkasDitolak(f"Berkas CSV rusak: {e}") from None
        tabel = _Tabel([(i, list(r)) for i, r in enumerate(baris, start=1)])
        if terbaik is None:
            terbaik = tabel
        if _cari_judul(tabel, jenis) is not None:
            return tabel
    assert terbaik is not None
    return terbaik


def _calon_pemisah(teks_berkas: str) -> list[str]:
    """Delimiters to try, the sniffed one first: ',', ';', tab, '|'."""
    semua = [",", ";", "\t", "|"]
    contoh = "\n".join(teks_berkas.splitlines()[: BARIS_CARI_JUDUL + 5])
    try:
        tebakan = csv.Sniffer().sniff(contoh, delimiters="".join(semua)).delimiter
    except csv.Error:
        tebakan = max(semua, key=contoh.count)
    return [tebakan, *(p for p in semua if p != tebakan)]


# ---- xlsx ---------------------------------------------------------------------------------

_SEL_RUMUS = re.compile(rb"<f[ >/]")


def _baca_xlsx(isi: bytes, jenis: JenisMutasi) -> _Tabel:
    try:
        with zipfile.ZipFile(io.BytesIO(isi)) as z:
            info = z.infolist()
            terurai = sum(i.file_size for i in info)
            mampat = max(sum(i.compress_size for i in info), 1)
            if terurai > MAKS_BYTE_TERURAI or terurai / mampat > MAKS_RASIO_MAMPAT:
                raise BerkasDitolak(
                    "Isi berkas .xlsx terlalu besar setelah diurai; berkas ditolak."
                )
            ada_rumus = any(
                _SEL_RUMUS.search(z.read(i))
                for i in info
                if i.filename.startswith("xl/worksheets/") and i.filename.endswith(".xml")
            )
    except zipfile.BadZipFile:
        raise BerkasDitolak("Berkas .xlsx rusak atau bukan berkas Excel.") from None
    try:
        # Values as Excel last saved them: a formula cell gives its cached result.
        wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise BerkasDitolak("Berkas .xlsx tidak dapat dibaca; simpan ulang dari Excel.") from None
    try:
        urutan = sorted(wb.sheetnames, key=lambda n: n.strip().lower() != "data")
        pertama: _Tabel | None = None
        for nama in urutan:
            ws = wb[nama]
            out: list[tuple[int, list[object]]] = []
            for i, r in enumerate(ws.iter_rows(values_only=True), start=1):
                out.append((i, list(r)))
                if len(out) > MAKS_BARIS + BARIS_CARI_JUDUL + 1:
                    break
            tabel = _Tabel(out, nama)
            if pertama is None:
                pertama = tabel
            if _cari_judul(tabel, jenis) is not None:
                break
        else:
            tabel = pertama or _Tabel([])
    finally:
        wb.close()
    if ada_rumus and tabel.lembar:
        _periksa_rumus(isi, tabel)
    return tabel


def _periksa_rumus(isi: bytes, tabel: _Tabel) -> None:
    """Refuse formula cells saved without a value (made by a program, never opened in Excel)."""
    wb = load_workbook(io.BytesIO(isi), read_only=True, data_only=False)
    try:
        nilai = {n: r for n, r in tabel.baris}
        tanpa: list[str] = []
        for i, r in enumerate(wb[tabel.lembar].iter_rows(values_only=True), start=1):
            if i > len(tabel.baris):
                break
            tersimpan = nilai.get(i, [])
            for j, v in enumerate(r):
                if (
                    isinstance(v, str)
                    and v.startswith("=")
                    and (j >= len(tersimpan) or tersimpan[j] is None)
                ):
                    tanpa.append(f"{get_column_letter(j + 1)}{i} ({v[:30]})")
    finally:
        wb.close()
    if tanpa:
        raise BerkasDitolak(
            f"Sel berisi rumus tanpa nilai tersimpan di lembar '{tabel.lembar}': "
            f"{', '.join(tanpa[:5])}{' …' if len(tanpa) > 5 else ''}. Rumus tidak dijalankan "
            "di sini: buka berkas di Excel atau LibreOffice lalu simpan lagi (nilainya ikut "
            "tersimpan), atau ketik nilainya langsung."
        )


# ---- header and rows ----------------------------------------------------------------------


def _kolom_baris(r: Sequence[object]) -> list[str | None]:
    return [None if kosong(v) else kolom_judul(v) for v in r]


def _cari_judul(tabel: _Tabel, jenis: JenisMutasi) -> int | None:
    """Index in `tabel.baris` of the header row: the first of the top rows naming at least three
    of the movement's columns (or all of them, for a type with fewer)."""
    kolom = set(KOLOM[jenis])
    perlu = min(3, len(kolom))
    for i, (_, r) in enumerate(tabel.baris[:BARIS_CARI_JUDUL]):
        if len({k for k in _kolom_baris(r) if k in kolom}) >= perlu:
            return i
    return None


def _di_lembar(tabel: _Tabel) -> str:
    return f" lembar '{tabel.lembar}'" if tabel.lembar else ""


def _baris_data(tabel: _Tabel, jenis: JenisMutasi) -> Baris:
    harus = KOLOM[jenis]
    daftar_label = ", ".join(label(k) for k in harus)
    if not any(not kosong(v) for _, r in tabel.baris[:BARIS_CARI_JUDUL] for v in r):
        raise BerkasDitolak("Berkas tidak berisi baris judul kolom; pakai templat.")
    i_judul = _cari_judul(tabel, jenis)
    if i_judul is None:
        raise BerkasDitolak(
            f"Berkas tidak berisi baris judul kolom di {BARIS_CARI_JUDUL} baris pertama"
            f"{_di_lembar(tabel)}. Baris judul templat {jenis.label} memuat: {daftar_label}."
        )
    nomor_judul, sel_judul = tabel.baris[i_judul]
    asli = [teks(v) for v in sel_judul]
    judul = _kolom_baris(sel_judul)
    # A column without a header is ignored as long as nothing is written under it.
    tanpa_judul = {i for i, (k, a) in enumerate(zip(judul, asli, strict=True)) if not a}
    lebar = len(judul)
    while lebar and lebar - 1 in tanpa_judul:
        lebar -= 1
    kurang = [k for k in harus if k not in judul and k not in BOLEH_KOSONG]
    lebih = [asli[i] for i, k in enumerate(judul) if k not in (*harus, "") and i not in tanpa_judul]
    ganda = [k for k in harus if judul.count(k) > 1]
    salah = []
    if kurang:
        salah.append(f"kolom hilang: {', '.join(label(k) for k in kurang)}")
    if lebih:
        salah.append(f"kolom tidak dikenal: {', '.join(str(k)[:30] for k in lebih[:5])}")
    if ganda:
        salah.append(f"kolom ganda: {', '.join(label(k) for k in ganda)}")
    if salah:
        dikenal = {k for k in judul if k}
        # The type whose columns these are (the closest fit first), when it is another one.
        lain = sorted(
            (
                j
                for j in KOLOM  # the kinds an office enters (not the board's loan entries)
                if lebih
                and not ganda
                and j is not jenis
                and not dikenal <= set(harus)
                and dikenal <= set(KOLOM[j])
            ),
            key=lambda j: len(KOLOM[j]),
        )
        saran = (
            f" Berkas ini tampaknya templat {lain[0].label}; pilih jenis catatan itu."
            if lain
            else ""
        )
        raise BerkasDitolak(
            f"Kolom berkas tidak sesuai templat {jenis.label} ({'; '.join(salah)}; baris judul "
            f"ada di baris {nomor_judul}{_di_lembar(tabel)}). Kolom yang benar: {daftar_label}."
            f"{saran}"
        )
    if len(tabel.baris) - i_judul - 1 > MAKS_BARIS:
        raise BerkasDitolak(
            f"Berkas berisi lebih dari {MAKS_BARIS:,} baris; bagi menjadi beberapa."
        )
    out: Baris = []
    berlebih: list[int] = []
    tak_berjudul: list[str] = []
    for nomor, r in tabel.baris[i_judul + 1 :]:
        if all(kosong(v) for v in r):
            continue
        if any(not kosong(v) for v in r[lebar:]):
            berlebih.append(nomor)
            continue
        tak_berjudul += [
            f"{get_column_letter(i + 1)}{nomor}"
            for i in sorted(tanpa_judul)
            if i < len(r) and not kosong(r[i])
        ]
        nilai = {k: (r[i] if i < len(r) else None) for i, k in enumerate(judul) if k}
        if all(kosong(v) for k, v in nilai.items() if k not in KOLOM_ISIAN_AWAL):
            continue  # a pre-filled template row the operator left empty
        out.append((nomor, nilai))
    if berlebih:
        daftar = ", ".join(str(n) for n in berlebih[:10]) + (" …" if len(berlebih) > 10 else "")
        raise BerkasDitolak(
            f"Baris {daftar} berisi lebih banyak sel daripada judul kolom ({lebar} kolom). "
            "Biasanya ada pemisah (koma atau titik koma) di dalam angka atau teks yang tidak "
            "diapit tanda kutip, mis. 1,020: tulis 1.020 atau 1020, atau apit teksnya dengan "
            "tanda kutip, lalu simpan dan unggah lagi."
        )
    if tak_berjudul:
        raise BerkasDitolak(
            f"Sel {', '.join(tak_berjudul[:5])}{' …' if len(tak_berjudul) > 5 else ''} berisi "
            "nilai di kolom tanpa judul; beri judul kolom itu sesuai templat atau kosongkan."
        )
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


# The regions a movement type's rows name: the gudang's kab/kota, or the PPK/PPS below it.
TINGKAT_WILAYAH: dict[JenisMutasi, tuple[int, ...]] = {
    JenisMutasi.TERIMA_PENYEDIA: (2,),
    JenisMutasi.SORTIR_LIPAT: (2,),
    JenisMutasi.PENYESUAIAN: (2, 3, 4),
    JenisMutasi.KIRIM: (3, 4),
    JenisMutasi.TERIMA: (3, 4),
}
# Which hop a pre-filled template's rows are for, and the region level of that hop.
ISI_AWAL: dict[str, int] = {"ppk": 3, "pps": 4}
BARIS_TEMPLAT = 500


def _pilihan_inline(jenis: JenisMutasi, kolom: str) -> list[str] | None:
    """The drop-down values of a column whose choices are fixed (hop, condition, reason)."""
    if kolom == "kondisi":
        return [k.value.replace("_", " ") for k in Kondisi]
    if kolom == "alasan":
        return [a.value.replace("_", " ") for a in Alasan]
    if kolom == "tahap":
        tahap = list(Tahap) if jenis is JenisMutasi.PENYESUAIAN else list(TAHAP_TUJUAN)
        return [t.value for t in tahap]
    return None


def pilihan_wilayah(wilayah: pd.DataFrame, tingkat: Sequence[int]) -> list[str]:
    """Drop-down values 'kode — nama' of the regions at these levels (the reader takes the code)."""
    pilih = wilayah[wilayah.tingkat.astype(int).isin(list(tingkat))]
    return [f"{k} — {n}" for k, n in zip(pilih.kode, pilih.nama, strict=True)]


def templat(
    jenis: JenisMutasi,
    format_: str,
    akun: Akun | None,
    provinsi: str,
    isi_wilayah: str | None = None,
) -> bytes:
    """Return a template for a movement type: .xlsx with drop-down lists, instructions and
    codes, or CSV.

    With `isi_wilayah` 'ppk' or 'pps' (for the types that name a hop), the .xlsx is pre-filled
    with one row per PPK (kecamatan) or PPS (desa/kelurahan) of the account's office; rows left
    without date, item and quantity are skipped when uploaded.
    """
    kolom = KOLOM[jenis]
    if format_ == "csv":
        keluar = io.StringIO()
        csv.writer(keluar).writerow([label(k) for k in kolom])
        return keluar.getvalue().encode("utf-8-sig")
    kode_jenis, kode_wilayah = _kode_lingkup(akun, provinsi)
    wilayah_daftar = pilihan_wilayah(kode_wilayah, TINGKAT_WILAYAH[jenis])
    jenis_daftar = [f"{k} — {n}" for k, n in zip(kode_jenis.kode, kode_jenis.nama, strict=True)]
    awal: list[dict[str, object]] = []
    if isi_wilayah in ISI_AWAL and "tahap" in kolom:
        for v in pilihan_wilayah(kode_wilayah, (ISI_AWAL[isi_wilayah],)):
            awal.append({"tahap": isi_wilayah, "kode_wilayah": v})
    n_baris = max(BARIS_TEMPLAT, len(awal) + 100)

    wb = Workbook()
    data = wb.active
    data.title = "Data"
    data.append([label(k) for k in kolom])
    for baris in awal:
        data.append([netralkan_formula(baris.get(k)) for k in kolom])
    for i, k in enumerate(kolom, start=1):
        sel = data.cell(row=1, column=i)
        sel.font = Font(bold=True, color="FFFFFF")
        sel.fill = PatternFill("solid", fgColor="0B3D91")
        lebar = {"keterangan": 32, "kode_wilayah": 36, "jenis_logistik": 30}.get(k, 14)
        data.column_dimensions[get_column_letter(i)].width = lebar
        # Dates and codes stay text so Excel does not turn 33.74 into a number.
        for r in range(2, n_baris + 2):
            data.cell(row=r, column=i).number_format = "@"
    data.freeze_panes = "A2"

    # The drop-down lists live in columns I and J of the Kode sheet (a list typed into the
    # validation itself is limited to 255 characters).
    sumber = {
        "kode_wilayah": f"Kode!$I$2:$I${len(wilayah_daftar) + 1}" if wilayah_daftar else None,
        "jenis_logistik": f"Kode!$J$2:$J${len(jenis_daftar) + 1}" if jenis_daftar else None,
    }
    for i, k in enumerate(kolom, start=1):
        tetap = _pilihan_inline(jenis, k)
        rumus = f'"{",".join(tetap)}"' if tetap else sumber.get(k)
        if not rumus:
            continue
        dv = DataValidation(
            type="list",
            formula1=rumus,
            allow_blank=k in BOLEH_KOSONG or k in KOLOM_ISIAN_AWAL,
            showErrorMessage=True,
            errorStyle="warning",
            errorTitle=label(k),
            error=f"Pilih {label(k).lower()} dari daftar (lihat lembar Petunjuk).",
            promptTitle=label(k),
            prompt=PETUNJUK_KOLOM[k][:250],
            showInputMessage=True,
        )
        huruf = get_column_letter(i)
        dv.add(f"{huruf}2:{huruf}{n_baris + 1}")
        data.add_data_validation(dv)

    petunjuk = wb.create_sheet("Petunjuk")
    petunjuk.append([f"Templat: {jenis.label}"])
    petunjuk["A1"].font = Font(bold=True, size=14)
    for kalimat in (
        "Isi lembar Data mulai baris 2; satu baris satu catatan. Jangan ubah baris judul.",
        "Kolom wilayah, jenis logistik, tahap dan kondisi punya daftar pilihan (klik sel, lalu "
        "panah di kanannya). Wilayah hanya wilayah kantor Anda; ketik kodenya saja juga boleh.",
        "Tanggal 20-11-2024 (atau 2024-11-20); jam 14.30, 8 atau 08.00 WIB. Jumlah bilangan bulat "
        "tanpa spasi; titik pemisah ribuan boleh (1.234).",
        "Unggahan diperiksa dulu (uji coba); baru disimpan setelah dikonfirmasi. Satu baris "
        "salah: tidak ada yang disimpan.",
        "Baris yang persis sama dengan catatan kantor Anda yang sudah ada (wilayah, jenis, tahap, "
        "tanggal-jam, jumlah, kondisi), atau dengan baris lain di berkas, dilewati kecuali Anda "
        "mengonfirmasinya satu per satu. Mengunggah ulang berkas yang sama tidak menambah apa pun.",
        "Baris yang hanya berisi tahap dan wilayah (templat isian awal) dilewati.",
    ):
        petunjuk.append([kalimat])
    petunjuk.append([])
    petunjuk.append(["Kolom", "Cara mengisi"])
    for k in kolom:
        petunjuk.append([label(k), PETUNJUK_KOLOM[k]])
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
    kode["I1"] = "Pilihan wilayah (kode — nama)"
    kode["J1"] = "Pilihan jenis logistik (kode — nama)"
    for i, v in enumerate(wilayah_daftar, start=2):
        kode.cell(row=i, column=9, value=netralkan_formula(v))
    for i, v in enumerate(jenis_daftar, start=2):
        kode.cell(row=i, column=10, value=netralkan_formula(v))
    for huruf, lebar in zip("ABCDEFGHIJ", (16, 40, 10, 3, 18, 24, 36, 3, 40, 40), strict=True):
        kode.column_dimensions[huruf].width = lebar
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def nilai_formulir(nilai: Mapping[str, object]) -> dict[str, object]:
    """Keep only the known fields of a submitted form (the browser may send anything)."""
    return {k: v for k, v in nilai.items() if k in PETUNJUK_KOLOM}
