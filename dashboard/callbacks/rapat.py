"""Decision-log callbacks (on /rapat and in the presenter's dialog): record, list, close."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, NoUpdate, Output, State, ctx, no_update

from dashboard import ids, urls
from dashboard.callbacks.daftar import tulis
from dashboard.components import rapat as komponen
from dashboard.domain.akses import alasan_tolak_rapat
from dashboard.domain.rapat import agenda
from dashboard.services import keputusan, presentasi, tampilan
from dashboard.services.akun import akun_sekarang
from dashboard.services.presentasi import RapatDitolak
from dashboard.urls import ArgumenHalaman


def pilihan_wilayah(arg: ArgumenHalaman | None) -> tuple[list[dict], str | None]:
    """Offer the province and its kab/kota; on a region's slide, preselect that region."""
    info = tampilan.info_kampanye()
    r = tampilan.ringkasan_wilayah(info.provinsi_kode) if info else None
    if r is None:
        return [], None
    pilihan = [{"label": f"Provinsi {r.nama}", "value": r.kode}] + [
        {"label": n, "value": k} for k, n in zip(r.anak["kode"], r.anak["nama"], strict=True)
    ]
    nilai: str | None = r.kode
    slide = (arg or {}).get("nomor")
    if slide is not None:  # in the presenter's dialog
        data = presentasi.data_rapat(r.kode)
        slides = agenda(data, len(keputusan.daftar())) if data else []
        nomor = urls.nomor_slide(slide)
        if 0 < nomor <= len(slides) and slides[nomor - 1].kode:
            nilai = slides[nomor - 1].kode
    return pilihan, nilai


def daftar_rapat(arg: ArgumenHalaman | None, _versi: int | None) -> object:
    """List every decision on /rapat, open ones first, with 'done' buttons for meeting roles."""
    if arg is None:  # not on /rapat
        return no_update
    info = tampilan.info_kampanye()
    if info is None:
        return None
    boleh = alasan_tolak_rapat(akun_sekarang()) is None
    return komponen.tabel_keputusan(keputusan.daftar(hanya_terbuka=False), info.acuan, boleh)


def formulir_boleh(_arg: ArgumenHalaman | None, pathname: str | None) -> tuple:
    """Show the decision form to the accounts that may record decisions; to anyone else
    "Masuk untuk mencatat" (coming back to this page) or the role's reason, not the form."""
    akun = akun_sekarang()
    alasan = alasan_tolak_rapat(akun)
    if alasan is None:
        return None, {}
    lanjut = pathname if pathname and pathname.startswith("/") else urls.RAPAT
    ajakan = komponen.ajakan_masuk(lanjut, None if akun is None else alasan)
    return ajakan, {"display": "none"}


def laporan_rapat(arg: ArgumenHalaman | None) -> object:
    """List the kab/kota daily reports on /rapat."""
    if arg is None:  # not on /rapat
        return no_update
    info = tampilan.info_kampanye()
    r = tampilan.ringkasan_wilayah(info.provinsi_kode) if info else None
    if r is None:
        return None
    return komponen.daftar_laporan(list(zip(r.anak["kode"], r.anak["nama"], strict=True)))


def simpan(
    n_klik: int | None,
    wilayah: str | None,
    isi: str | None,
    pj: str | None,
    tenggat: str | None,
    versi: int | None,
) -> tuple:
    """Record a decision for the signed-in account (checked on the server), or say why not."""
    if not n_klik:
        return (no_update,) * 4
    info = tampilan.info_kampanye()
    if info is None:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning"), *(
            no_update,
        ) * 3
    try:
        nomor = keputusan.tambah(akun_sekarang(), info.provinsi_kode, wilayah, isi, pj, tenggat)
    except RapatDitolak as e:
        return dbc.Alert(str(e), color="danger", className="mb-0"), no_update, no_update, no_update
    pesan = dbc.Alert(f"Keputusan tercatat (nomor {nomor}).", color="success", className="mb-0")
    return pesan, "", "", (versi or 0) + 1


def selesai(n_klik: list[int | None], versi: int | None) -> int | NoUpdate:
    """Mark the clicked decision done; the list refreshes through the version counter."""
    if not ctx.triggered_id or not any(n_klik):
        return no_update
    try:
        keputusan.tandai_selesai(akun_sekarang(), int(ctx.triggered_id["id"]))
    except RapatDitolak:
        return no_update
    return (versi or 0) + 1


def buka_modal(n_klik: int | None, _versi: int | None) -> bool:
    """Open the presenter's decision dialog; close it once the decision is recorded (the
    slide behind it then shows the decision)."""
    return bool(n_klik) and ctx.triggered_id == ids.PRESENTASI_CATAT


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.KEPUTUSAN_WILAYAH, "options"),
        Output(ids.KEPUTUSAN_WILAYAH, "value"),
        Input(ids.HALAMAN_ARG, "data"),
    )(pilihan_wilayah)
    app.callback(
        Output(ids.KEPUTUSAN_DAFTAR, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.KEPUTUSAN_VERSI, "data"),
    )(daftar_rapat)
    app.callback(
        Output(ids.KEPUTUSAN_MASUK, "children"),
        Output(ids.KEPUTUSAN_ISIAN, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        State(ids.URL, "pathname"),
    )(formulir_boleh)
    app.callback(Output(ids.RAPAT_LAPORAN, "children"), Input(ids.HALAMAN_ARG, "data"))(
        laporan_rapat
    )
    tulis(
        app,
        Output(ids.KEPUTUSAN_PESAN, "children"),
        Output(ids.KEPUTUSAN_ISI, "value"),
        Output(ids.KEPUTUSAN_PJ, "value"),
        Output(ids.KEPUTUSAN_VERSI, "data"),
        Input(ids.KEPUTUSAN_SIMPAN, "n_clicks"),
        State(ids.KEPUTUSAN_WILAYAH, "value"),
        State(ids.KEPUTUSAN_ISI, "value"),
        State(ids.KEPUTUSAN_PJ, "value"),
        State(ids.KEPUTUSAN_TENGGAT, "date"),
        State(ids.KEPUTUSAN_VERSI, "data"),
        prevent_initial_call=True,
    )(simpan)
    tulis(
        app,
        Output(ids.KEPUTUSAN_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.KEPUTUSAN_SELESAI, "id": ALL}, "n_clicks"),
        State(ids.KEPUTUSAN_VERSI, "data"),
        prevent_initial_call=True,
    )(selesai)
    app.callback(
        Output(ids.PRESENTASI_MODAL, "is_open"),
        Input(ids.PRESENTASI_CATAT, "n_clicks"),
        Input(ids.KEPUTUSAN_VERSI, "data"),
        prevent_initial_call=True,
    )(buka_modal)
