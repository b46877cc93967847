"""Region view callbacks (overview and /wilayah/<kode>): one function fills both."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output

from dashboard import ids
from dashboard.callbacks.daftar import baca
from dashboard.components import ringkasan as komponen
from dashboard.domain.waktu import WIB
from dashboard.services import tampilan
from dashboard.urls import ArgumenHalaman

KOSONG = (None,) * 7


def isi_wilayah(arg: ArgumenHalaman | None, _n: int | None) -> tuple:
    """Build a region's view: the province on '/', any region on '/wilayah/<kode>'.

    `arg` is the page's route arguments ({"kode": None} on '/').
    """
    info = tampilan.info_kampanye()
    if info is None:
        return KOSONG
    kode = (arg or {}).get("kode") or info.provinsi_kode
    data = tampilan.ringkasan_wilayah(kode)
    if data is None:
        pesan = dbc.Alert(
            f"Wilayah dengan kode '{kode}' tidak ada di basis data kampanye ini.", color="warning"
        )
        return (pesan, *KOSONG[1:])
    if data.tingkat == 4:
        tabel = komponen.tabel_tps(data.tps, data.nama)
    else:
        tabel = komponen.tabel_anak(data.anak, data.nama, data.tingkat, data.target_anak)
    return (
        komponen.judul_wilayah(data.nama, data.tingkat, data.kode),
        komponen.kartu_kpi(data.total, data.tingkat, data.target),
        tabel,
        komponen.daftar_perhatian(data.pengecualian),
        komponen.daftar_kejadian(data.kejadian),
        komponen.tabel_jenis(data.per_jenis, data.tingkat),
        komponen.tabel_mutasi(data.mutasi, WIB),
    )


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.WILAYAH_JUDUL, "children"),
        Output(ids.RINGKASAN_KPI, "children"),
        Output(ids.RINGKASAN_TABEL, "children"),
        Output(ids.RINGKASAN_PENGECUALIAN, "children"),
        Output(ids.RINGKASAN_KEJADIAN, "children"),
        Output(ids.RINGKASAN_JENIS, "children"),
        Output(ids.RINGKASAN_MUTASI, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_wilayah)
