"""Region view callbacks (overview and /wilayah/<kode>): one function fills both."""

from __future__ import annotations

import dash
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

    `arg` is the page's route arguments ({"kode": None} on '/'; "urut": the child table's
    order chosen by the viewer, ?urut=).
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
        a = arg or {}
        tabel = komponen.tabel_anak(
            data.anak, data.nama, data.tingkat, data.target_anak, a.get("urut"), a.get("kode")
        )
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
