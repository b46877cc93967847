"""Exports: formula injection neutralised, numbers kept as numbers, every row written."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from dashboard.services.ekspor import ke_csv, ke_excel, netralkan_formula

KOLOM = (("nama", "Nama", "teks"), ("jumlah", "Jumlah", "angka"), ("rasio", "Cakupan", "persen"))


@pytest.mark.parametrize(
    "teks",
    ["=1+1", "+628123", "-2+3", "@SUM(A1:A2)", "\t=cmd", "\r=cmd", '=HYPERLINK("http://x")'],
)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(teks):
    assert netralkan_formula(teks) == "'" + teks


@pytest.mark.parametrize("nilai", ["Kabupaten Demak", "", "1=1", "Kota (=)", 42, -5, 0.5, None])
def test_everything_else_passes_through_unchanged(nilai):
    assert netralkan_formula(nilai) == nilai


def _tabel() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "nama": ['=HYPERLINK("http://contoh","klik")', "Kabupaten Demak", "@cmd"],
            "jumlah": [1_234_567, -3, 0],
            "rasio": [0.973, 1.0, float("nan")],
        }
    )


def test_excel_keeps_hostile_names_as_text_and_numbers_as_formatted_numbers():
    wb = load_workbook(io.BytesIO(ke_excel(_tabel(), KOLOM, "Stok", [("Jenis", "=evil")])))
    ws = wb["Stok"]
    assert [c.value for c in ws[1]] == ["Nama", "Jumlah", "Cakupan"]
    assert ws.max_row == 4
    assert ws["A2"].value == '\'=HYPERLINK("http://contoh","klik")'
    assert ws["A2"].data_type == "s"
    assert ws["A4"].value == "'@cmd"
    assert ws["B2"].value == 1_234_567 and ws["B2"].number_format == "#,##0"
    assert ws["B3"].value == -3  # a negative number is a number, not a formula
    assert ws["C2"].value == pytest.approx(0.973) and ws["C2"].number_format == "0.0%"
    assert ws["C4"].value is None
    assert not any(
        c.data_type == "f" for ws_ in wb.worksheets for row in ws_.iter_rows() for c in row
    )
    assert [c.value for c in wb["Keterangan"][1]] == ["Jenis", "'=evil"]


def test_csv_is_semicolon_separated_utf8_with_neutralised_text_and_percentages():
    teks = ke_csv(_tabel(), KOLOM).decode("utf-8")
    assert teks.startswith("\ufeff")
    baris = teks.lstrip("\ufeff").splitlines()
    assert baris[0] == "Nama;Jumlah;Cakupan (%)"
    assert baris[1] == '"\'=HYPERLINK(""http://contoh"",""klik"")";1234567;97,3'
    assert baris[2] == "Kabupaten Demak;-3;100,0"
    assert baris[3] == "'@cmd;0;"
    assert len(baris) == 4
