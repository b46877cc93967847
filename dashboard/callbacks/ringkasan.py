"""Ringkasan page callbacks: key figures, kab/kota table, active incidents."""

from __future__ import annotations

import dash
from dash import Input, Output

from dashboard import ids
from dashboard.components import ringkasan as komponen
from dashboard.services import tampilan


def isi_ringkasan(_pathname: str | None, _n: int | None) -> tuple:
    """Build the province overview from the cached summary service."""
    info = tampilan.info_kampanye()
    if info is None:
        return None, None, None
    data = tampilan.ringkasan_wilayah(info.provinsi_kode)
    if data is None:
        return None, None, None
    return (
        komponen.kartu_kpi(data.total),
        komponen.tabel_wilayah(data.anak, data.nama),
        komponen.daftar_kejadian(data.kejadian),
    )


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.RINGKASAN_KPI, "children"),
        Output(ids.RINGKASAN_TABEL, "children"),
        Output(ids.RINGKASAN_KEJADIAN, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_ringkasan)
