"""Distribution page callbacks: hop cards, late list, kab/kota table, timeline."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import Input, Output, State

from dashboard import ids
from dashboard.callbacks.daftar import baca
from dashboard.components import distribusi as komponen
from dashboard.components import figures
from dashboard.domain.akses import di_bawah
from dashboard.services import distribusi, tampilan
from dashboard.urls import ArgumenHalaman


def isi_distribusi(_arg: ArgumenHalaman | None, _n: int | None, wilayah: str | None) -> tuple:
    """Fill the hop cards, late list and table; offer the province and its kab/kota."""
    info = tampilan.info_kampanye()
    data = distribusi.distribusi_wilayah(info.provinsi_kode, info.h, info.jadwal) if info else None
    if info is None or data is None:
        return None, None, None, [], None
    pilihan = komponen.pilihan_wilayah(data.kode, data.nama, data.anak)
    if wilayah not in {p["value"] for p in pilihan}:
        wilayah = data.kode
    return (
        komponen.kartu_rute(data.diri, data.rute, info.h),
        komponen.daftar_terlambat(data.terlambat, info.h),
        komponen.tabel_rute(data.rute, info.h),
        pilihan,
        wilayah,
    )


def isi_linimasa(wilayah: str | None, _n: int | None) -> go.Figure:
    """Draw the arrival timeline of the picked region (the province until one is picked)."""
    info = tampilan.info_kampanye()
    if info is None:
        return figures.grafik_kosong()
    kode = wilayah or info.provinsi_kode
    di_kampanye = info.nasional or di_bawah(kode, info.provinsi_kode)
    if kode != info.provinsi_kode and not di_kampanye:
        kode = info.provinsi_kode  # only this campaign's regions
    lini = distribusi.linimasa(kode, info.hari_pemungutan, info.acuan, info.jadwal)
    if lini is None:
        return figures.grafik_kosong(f"Wilayah '{kode}' tidak dikenal.")
    return figures.grafik_linimasa(lini.nyata, lini.rencana, info.hari_pemungutan, info.acuan)


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.DISTRIBUSI_RUTE, "children"),
        Output(ids.DISTRIBUSI_TERLAMBAT, "children"),
        Output(ids.DISTRIBUSI_TABEL, "children"),
        Output(ids.DISTRIBUSI_WILAYAH, "options"),
        Output(ids.DISTRIBUSI_WILAYAH, "value"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
        State(ids.DISTRIBUSI_WILAYAH, "value"),
    )(isi_distribusi)
    baca(
        app,
        Output(ids.DISTRIBUSI_LINIMASA, "figure"),
        Input(ids.DISTRIBUSI_WILAYAH, "value"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_linimasa)
