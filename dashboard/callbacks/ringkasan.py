"""Region view callbacks (overview and /wilayah/<kode>): one function fills both."""

from __future__ import annotations

import datetime as dt

import dash
from dash import Input, Output

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca
from dashboard.components import ringkasan as komponen
from dashboard.components.putar_ulang import tautan_per
from dashboard.domain.banding import selisih_kpi
from dashboard.domain.waktu import WIB
from dashboard.services import putar_ulang, tampilan
from dashboard.urls import ArgumenHalaman

KOSONG = (None,) * 7


def isi_wilayah(arg: ArgumenHalaman | None, _n: int | None) -> tuple:
    """Build a region's view: the province on '/', any region on '/wilayah/<kode>'.

    `arg` is the page's route arguments ({"kode": None} on '/'; "urut": the child table's
    order chosen by the viewer, ?urut=; "per": a past moment to replay, ?per=).
    """
    info = tampilan.info_kampanye()
    if info is None:
        return KOSONG
    a = arg or {}
    kode = a.get("kode") or info.provinsi_kode
    per = urls.momen_per(a.get("per"))
    if per is None:
        data = tampilan.ringkasan_wilayah(kode)
    else:
        data = putar_ulang.ringkasan_wilayah_per(kode, per)
    if data is None:
        # Only the not-found message: the other panels stay empty, and empty panels are hidden.
        return (komponen.wilayah_tidak_ada(kode), *KOSONG[1:])
    if data.tingkat == 4:
        tabel = komponen.tabel_tps(data.tps, data.nama)
    else:
        tabel = komponen.tabel_anak(
            data.anak, data.nama, data.tingkat, data.target_anak, a.get("urut"), a.get("kode")
        )
    bagian = (
        komponen.judul_wilayah(data.nama, data.tingkat, data.kode),
        komponen.kartu_kpi(data.total, data.tingkat, data.target, _selisih(kode, per, data)),
        tabel,
        komponen.daftar_perhatian(data.pengecualian),
        komponen.daftar_kejadian(data.kejadian),
        komponen.tabel_jenis(data.per_jenis, data.tingkat),
        komponen.tabel_mutasi(data.mutasi, WIB),
    )
    # A replay's drill-down links stay in the replay.
    return tautan_per(bagian, a.get("per"))


def _selisih(
    kode: str, per: dt.datetime | None, data: tampilan.TampilanWilayah
) -> dict[str, float | None] | None:
    """The headline figures' change since the day before (T-24h, or live yesterday)."""
    kemarin = putar_ulang.momen_kemarin(per)
    dulu = putar_ulang.ringkasan_wilayah_per(kode, kemarin) if kemarin else None
    return selisih_kpi(data.total, dulu.total) if dulu is not None else None


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
