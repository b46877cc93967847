"""Table exports (Excel, CSV) that spreadsheets open safely: no cell can run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard.domain.angka import sebagai_float

# A cell starting with one of these is read as a formula (or DDE) by Excel and LibreOffice.
AWALAN_FORMULA = ("=", "+", "-", "@", "\t", "\r")

# (column, header, kind) with kind teks, angka or persen — as in domain.stok.KOLOM_STOK.
Kolom = Sequence[tuple[str, str, str]]


def netralkan_formula(nilai: object) -> object:
    """Prefix an apostrophe to text a spreadsheet would run as a formula; pass the rest through.

    Region and item names come from shared data any office can edit, so an export must not
    turn '=HYPERLINK(…)' into a live formula on a leader's laptop.
    """
    if isinstance(nilai, str) and nilai.startswith(AWALAN_FORMULA):
        return "'" + nilai
    return nilai


def _sel(nilai: object) -> object:
    """A cell value: plain Python numbers (not numpy), None for missing, text neutralised."""
    if nilai is None or (not isinstance(nilai, str) and pd.isna(nilai)):
        return None
    if hasattr(nilai, "item"):  # numpy scalar
        nilai = nilai.item()
    return netralkan_formula(nilai)


def _lembar(ws: Worksheet, tabel: pd.DataFrame, kolom: Kolom) -> None:
    """Write one table on a sheet: bold blue headers, number formats, fitted widths."""
    ws.append([netralkan_formula(label) for _, label, _ in kolom])
    for r in tabel.to_dict("records"):
        ws.append([_sel(r.get(k)) for k, _, _ in kolom])
    format_angka = {"angka": "#,##0", "persen": "0.0%", "desimal": "0.0"}
    for i, (k, label, jenis) in enumerate(kolom, start=1):
        huruf = get_column_letter(i)
        ws[f"{huruf}1"].font = Font(bold=True, color="FFFFFF")
        ws[f"{huruf}1"].fill = PatternFill("solid", fgColor="0B3D91")
        if jenis in format_angka:
            for (sel,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                sel.number_format = format_angka[jenis]
        panjang = max([len(label)] + [len(str(v)) for v in tabel.get(k, pd.Series()).head(500)])
        ws.column_dimensions[huruf].width = min(max(panjang + 2, 8), 40)
    ws.freeze_panes = "C2" if len(kolom) > 2 else "A2"


def _keterangan(wb: Workbook, keterangan: Iterable[tuple[str, str]]) -> None:
    info = wb.create_sheet("Keterangan")
    for kunci, isi in keterangan:
        info.append([netralkan_formula(kunci), netralkan_formula(isi)])
    info.column_dimensions["A"].width = 22
    info.column_dimensions["B"].width = 70


def ke_excel(
    tabel: pd.DataFrame, kolom: Kolom, judul: str, keterangan: Iterable[tuple[str, str]] = ()
) -> bytes:
    """Return an .xlsx workbook: the table on the first sheet, what it shows on a second."""
    return ke_excel_buku([(judul, tabel, kolom)], keterangan)


def ke_excel_buku(
    lembar: Sequence[tuple[str, pd.DataFrame, Kolom]], keterangan: Iterable[tuple[str, str]] = ()
) -> bytes:
    """Return an .xlsx workbook with one sheet per (title, table, columns), then 'Keterangan'."""
    wb = Workbook()
    wb.remove(wb.active)
    for judul, tabel, kolom in lembar:
        # A sheet name is never evaluated, and may not start with "'".
        _lembar(wb.create_sheet(judul[:31]), tabel, kolom)
    _keterangan(wb, keterangan)
    keluaran = io.BytesIO()
    wb.save(keluaran)
    return keluaran.getvalue()


def ke_csv(tabel: pd.DataFrame, kolom: Kolom) -> bytes:
    """Return the table as CSV for spreadsheets set to Indonesian.

    Excel in an Indonesian locale splits on ';' and reads ',' as the decimal mark; the BOM
    makes it read UTF-8. Whole numbers carry no thousands separator so they stay numbers,
    and shares are written as percentages.
    """
    keluaran = io.StringIO()
    penulis = csv.writer(keluaran, delimiter=";", lineterminator="\r\n")
    penulis.writerow(
        [
            netralkan_formula(label + (" (%)" if jenis == "persen" else ""))
            for _, label, jenis in kolom
        ]
    )
    for r in tabel.to_dict("records"):
        baris = []
        for k, _, jenis in kolom:
            v = _sel(r.get(k))
            if v is not None and jenis == "persen":
                v = f"{sebagai_float(v) * 100:.1f}".replace(".", ",")
            baris.append("" if v is None else v)
        penulis.writerow(baris)
    return ("\ufeff" + keluaran.getvalue()).encode("utf-8")
