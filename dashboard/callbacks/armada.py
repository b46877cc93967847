"""Fleet board callbacks: the counts and vehicles of a province or kab/kota, marking a vehicle
out of service or ready again, and adding one."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import armada as komponen
from dashboard.domain.wilayah import Tingkat, kedalaman, pada_tingkat
from dashboard.services import tampilan, tampilan_rute
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.urls import ArgumenHalaman


def _kabkota(arg: ArgumenHalaman | None) -> str | None:
    kode = (arg or {}).get("kode")
    if not kode or kedalaman(kode) < Tingkat.KABKOTA:
        return None
    return pada_tingkat(kode, Tingkat.KABKOTA)


def isi_papan(arg: ArgumenHalaman | None, _versi: Any, _n: Any) -> tuple:
    """Fill the board: title, counts, vehicles (or the kab/kota list); the form if allowed."""
    if arg is None:
        return (no_update,) * 4
    info = tampilan.info_kampanye()
    if info is None:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning"), None, None, {}
    kode = _kabkota(arg)
    if kode is None:
        papan = tampilan_rute.papan(info.provinsi_kode)
        judul: Component = html.H1(f"Armada {info.provinsi_nama}", className="kendali-h1")
        return (judul, komponen.ringkas(papan),
                komponen.tabel_provinsi(tampilan_rute.papan_provinsi(info.provinsi_kode)),
                {"display": "none"})  # fmt: skip
    rantai = tampilan.remah_wilayah(kode)
    nama = rantai[-1][1] if rantai else kode
    boleh = tampilan_rute.boleh_tulis(Pelaku.sekarang(), kode)
    papan = tampilan_rute.papan(kode)
    judul = html.Div(
        [html.H1(f"Armada {nama}", className="kendali-h1 mb-0 me-auto"),
         dcc.Link([html.I(className="bi bi-signpost-split me-1"), "Rute dan rencana armada"],
                  href=urls.rute(kode)),
         dcc.Link([html.I(className="bi bi-arrow-up-left me-1"), "Semua kab/kota"],
                  href=urls.armada())],
        className="d-flex align-items-center gap-3 flex-wrap",
    )  # fmt: skip
    return (judul, komponen.ringkas(papan), komponen.tabel_kendaraan(papan, boleh),
            {} if boleh else {"display": "none"})  # fmt: skip


def _tolak(e: Ditolak) -> dbc.Alert:
    return dbc.Alert([html.Div(g.pesan) for g in e.galat], color="danger", className="mb-0")


def ubah_status(
    _n: list[int | None], alasan: str | None, arg: ArgumenHalaman | None, versi: int | None
) -> tuple:
    """Mark a vehicle out of service (a reason is required) or ready again."""
    pemicu = ctx.triggered_id
    if not isinstance(pemicu, dict) or not any(_n) or _kabkota(arg) is None:
        return no_update, no_update
    try:
        nomor = tampilan_rute.ubah_status(
            Pelaku.sekarang(), int(pemicu["id"]), str(pemicu["ke"]), alasan or ""
        )
    except Ditolak as e:
        return _tolak(e), no_update
    if pemicu["ke"] == "rusak":
        pesan = (f"{nomor} ditandai rusak. Bila ia ada dalam rencana yang diterima, buka Rute "
                 "lalu Rencana ulang: armada cadangan akan dipakai bila perlu.")  # fmt: skip
    else:
        pesan = f"{nomor} siap dipakai kembali."
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1


def tambah(
    _n: int | None, nama: str | None, nomor: str | None, jenis: str | None, m3: str | None,
    kg: str | None, cadangan: bool | None, arg: ArgumenHalaman | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Add a vehicle to the kab/kota's fleet; every wrong field is named at once."""
    kode = _kabkota(arg)
    if not _n or kode is None:
        return no_update, no_update
    isian: dict[str, object] = {
        "nama": nama or "", "nomor": nomor or "", "jenis": jenis or "",
        "kapasitas_m3": m3 or "", "kapasitas_kg": kg or "", "cadangan": bool(cadangan),
    }  # fmt: skip
    try:
        label = tampilan_rute.tambah_kendaraan(Pelaku.sekarang(), kode, isian)
    except Ditolak as e:
        return _tolak(e), no_update
    return dbc.Alert(f"Kendaraan {label} ditambahkan.", color="success",
                     className="mb-0"), (versi or 0) + 1  # fmt: skip


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.ARMADA_JUDUL, "children"),
        Output(ids.ARMADA_RINGKAS, "children"),
        Output(ids.ARMADA_TABEL, "children"),
        Output(ids.ARMADA_ISIAN, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.ARMADA_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_papan)
    tulis(
        app,
        Output(ids.ARMADA_PESAN, "children", allow_duplicate=True),
        Output(ids.ARMADA_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.ARMADA_STATUS, "id": ALL, "ke": ALL}, "n_clicks"),
        State(ids.ARMADA_ALASAN, "value"),
        State(ids.HALAMAN_ARG, "data"),
        State(ids.ARMADA_VERSI, "data"),
        prevent_initial_call=True,
    )(ubah_status)
    tulis(
        app,
        Output(ids.ARMADA_PESAN, "children", allow_duplicate=True),
        Output(ids.ARMADA_VERSI, "data", allow_duplicate=True),
        Input(ids.ARMADA_TAMBAH, "n_clicks"),
        State(ids.ARMADA_NAMA, "value"),
        State(ids.ARMADA_NOMOR, "value"),
        State(ids.ARMADA_JENIS, "value"),
        State(ids.ARMADA_M3, "value"),
        State(ids.ARMADA_KG, "value"),
        State(ids.ARMADA_CADANGAN, "value"),
        State(ids.HALAMAN_ARG, "data"),
        State(ids.ARMADA_VERSI, "data"),
        prevent_initial_call=True,
    )(tambah)
