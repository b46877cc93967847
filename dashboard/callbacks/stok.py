"""Stock page callbacks: item picker, figures, table, and the Excel/CSV downloads."""

from __future__ import annotations

import dash
import pandas as pd
from dash import Input, NoUpdate, Output, State, dcc

from dashboard import ids
from dashboard.callbacks.daftar import baca
from dashboard.components import figures
from dashboard.components import stok as komponen
from dashboard.domain.stok import KOLOM_STOK, total_stok
from dashboard.services import stok, tampilan
from dashboard.services.ekspor import ke_csv, ke_excel
from dashboard.urls import ArgumenHalaman


def _kosong() -> tuple:
    return [], None, None, figures.grafik_kosong(), figures.grafik_kosong(), []


def isi_stok(jenis: str | None, _arg: ArgumenHalaman | None, _n: int | None) -> tuple:
    """Fill the stock view for one item (the first in the catalogue until one is picked)."""
    info = tampilan.info_kampanye()
    data = stok.stok_wilayah(info.provinsi_kode) if info else None
    if info is None or data is None or data.jenis.empty:
        return _kosong()
    if jenis not in set(data.jenis["kode"]):
        jenis = data.jenis["kode"].iloc[0]
    item = data.jenis.set_index("kode").loc[jenis]
    tabel = data.per_jenis(jenis)
    ringkasan = tampilan.ringkasan_wilayah(info.provinsi_kode)
    per_jenis = ringkasan.per_jenis if ringkasan is not None else pd.DataFrame()
    return (
        komponen.pilihan_jenis(data.jenis),
        jenis,
        komponen.ringkas_stok(total_stok(tabel), item["nama"], item["satuan"], len(tabel)),
        figures.grafik_per_jenis(per_jenis),
        figures.grafik_cakupan(tabel),
        tabel.to_dict("records"),
    )


def _ekspor(jenis: str | None) -> tuple[pd.DataFrame, str, list[tuple[str, str]]] | None:
    """The rows of one item to export, a base file name, and what the file shows."""
    info = tampilan.info_kampanye()
    data = stok.stok_wilayah(info.provinsi_kode) if info else None
    if info is None or data is None or jenis not in set(data.jenis["kode"]):
        return None
    item = data.jenis.set_index("kode").loc[jenis]
    nama_berkas = (
        f"stok_{info.pemilihan_kode}_{info.provinsi_kode}_{jenis}_{info.acuan.isoformat()}"
    )
    data_per = f"{info.data_per:%d-%m-%Y %H.%M} WIB" if info.data_per else "belum ada data"
    keterangan = [
        ("Provinsi", f"{info.provinsi_nama} ({info.provinsi_kode})"),
        ("Pemilihan", info.pemilihan_nama),
        ("Jenis logistik", f"{item['nama']} ({jenis}), satuan {item['satuan']}"),
        ("Data per", data_per),
        ("Kebutuhan", "kebutuhan gudang KPU Kab/Kota, termasuk cadangan PSU"),
        (
            "Stok baik bersih",
            "diterima baik + pengganti − rusak ditemukan − hilang − salah jenis",
        ),
        ("Kekurangan", "kebutuhan − stok baik bersih, bila positif"),
        ("Sumber", "Pusat Kendali Logistik (ringkasan buku besar mutasi)"),
    ]
    return data.per_jenis(jenis), nama_berkas, keterangan


def unduh_excel(n_klik: int | None, jenis: str | None) -> dict[str, object] | NoUpdate:
    """Send the table of the picked item as an Excel workbook."""
    ekspor = _ekspor(jenis) if n_klik else None
    if ekspor is None:
        return dash.no_update
    tabel, nama, keterangan = ekspor
    isi = ke_excel(tabel, KOLOM_STOK, "Stok", keterangan)
    return dcc.send_bytes(isi, f"{nama}.xlsx")


def unduh_csv(n_klik: int | None, jenis: str | None) -> dict[str, object] | NoUpdate:
    """Send the table of the picked item as CSV."""
    ekspor = _ekspor(jenis) if n_klik else None
    if ekspor is None:
        return dash.no_update
    tabel, nama, _ = ekspor
    return dcc.send_bytes(ke_csv(tabel, KOLOM_STOK), f"{nama}.csv", type="text/csv")


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.STOK_JENIS, "options"),
        Output(ids.STOK_JENIS, "value"),
        Output(ids.STOK_RINGKAS, "children"),
        Output(ids.STOK_GRAFIK_JENIS, "figure"),
        Output(ids.STOK_GRAFIK_CAKUPAN, "figure"),
        Output(ids.STOK_TABEL, "data"),
        Input(ids.STOK_JENIS, "value"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_stok)
    for fungsi, tombol, unduhan in (
        (unduh_excel, ids.STOK_UNDUH_EXCEL, ids.STOK_UNDUHAN_EXCEL),
        (unduh_csv, ids.STOK_UNDUH_CSV, ids.STOK_UNDUHAN_CSV),
    ):
        app.callback(
            Output(unduhan, "data"),
            Input(tombol, "n_clicks"),
            State(ids.STOK_JENIS, "value"),
            prevent_initial_call=True,
        )(fungsi)
