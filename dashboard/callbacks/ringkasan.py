"""Region view callbacks (overview and /wilayah/<kode>): one function fills both."""

from __future__ import annotations

import dash
from dash import ALL, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.daftar import baca
from dashboard.components import ringkasan as komponen
from dashboard.domain.waktu import WIB
from dashboard.services import tampilan
from dashboard.urls import ArgumenHalaman

KOSONG = (None,) * 7


def isi_wilayah(arg: ArgumenHalaman | None, _n: int | None, urut: dict | None = None) -> tuple:
    """Build a region's view: the province on '/', any region on '/wilayah/<kode>'.

    `arg` is the page's route arguments ({"kode": None} on '/'); `urut` the child table's
    sort order chosen by the viewer.
    """
    info = tampilan.info_kampanye()
    if info is None:
        return KOSONG
    kode = (arg or {}).get("kode") or info.provinsi_kode
    data = tampilan.ringkasan_wilayah(kode)
    if data is None:
        # Only the not-found message: the other panels stay empty, and empty panels are hidden.
        return (komponen.wilayah_tidak_ada(kode), *KOSONG[1:])
    if data.tingkat == 4:
        tabel = komponen.tabel_tps(data.tps, data.nama)
    else:
        tabel = komponen.tabel_anak(data.anak, data.nama, data.tingkat, data.target_anak, urut)
    return (
        komponen.judul_wilayah(data.nama, data.tingkat, data.kode),
        komponen.kartu_kpi(data.total, data.tingkat, data.target),
        tabel,
        komponen.daftar_perhatian(data.pengecualian),
        komponen.daftar_kejadian(data.kejadian),
        komponen.tabel_jenis(data.per_jenis, data.tingkat),
        komponen.tabel_mutasi(data.mutasi, WIB),
    )


def pilih_urutan(klik: list[int | None], urut: dict | None) -> dict | object:
    """Sort the child table by the pressed header; pressed again, the other way round."""
    kolom = (ctx.triggered_id or {}).get("kolom") if isinstance(ctx.triggered_id, dict) else None
    if not kolom or not any(klik):
        return no_update
    sekarang = urut or {}
    if sekarang.get("kolom") == kolom:
        return {"kolom": kolom, "turun": not sekarang.get("turun")}
    # First press: names A to Z and shares lowest first (the worst first); counts of TPS and
    # incidents highest first.
    return {"kolom": kolom, "turun": kolom in ("kejadian_aktif", "jumlah_tps")}


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.URUT_WILAYAH, "data"),
        Input({"type": ids.URUT_KOLOM, "kolom": ALL}, "n_clicks"),
        State(ids.URUT_WILAYAH, "data"),
        prevent_initial_call=True,
    )(pilih_urutan)
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
        Input(ids.URUT_WILAYAH, "data"),
    )(isi_wilayah)
