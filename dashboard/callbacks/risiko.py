"""Risk register callbacks: the score and suggestions, the heat map and the register (filtered
by a cell and a status), choosing a risk for the form, and the writes — add, edit, review and
accept a suggestion."""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, NoUpdate, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import risiko as komponen
from dashboard.domain.risiko import hitung_matriks, saring_sel, saring_status
from dashboard.domain.wilayah import Tingkat, kedalaman, pada_tingkat
from dashboard.services import risiko, tampilan
from dashboard.services.pencatatan import Ditolak, Pelaku
from dashboard.urls import ArgumenHalaman


def _kabkota(arg: ArgumenHalaman | None) -> str | None:
    """The kab/kota a /risiko/<kode> page is about (a kecamatan or desa shows its kab/kota)."""
    kode = (arg or {}).get("kode")
    if not kode or kedalaman(kode) < Tingkat.KABKOTA:
        return None
    return pada_tingkat(kode, Tingkat.KABKOTA)


def isi_ringkas(arg: ArgumenHalaman | None, _versi: Any, _n: Any) -> tuple:
    """Title, score, suggestions, and the form with the regions this account may write for."""
    if arg is None:
        return (no_update,) * 6
    info = tampilan.info_kampanye()
    if info is None:
        pesan = dbc.Alert("Basis data belum berisi data kampanye.", color="warning")
        return pesan, None, None, {"display": "none"}, [], None
    pelaku = Pelaku.sekarang()
    pilihan = [{"label": f"{n} ({k})", "value": k} for k, n in risiko.pilihan_wilayah(pelaku)]
    gaya = {} if pilihan else {"display": "none"}
    kode = _kabkota(arg)
    if kode is None:
        judul: Component = html.H1(f"Risiko {info.provinsi_nama}", className="kendali-h1")
        awal = pilihan[0]["value"] if pilihan else None
        skor = komponen.skor_provinsi(risiko.skor_provinsi(info.provinsi_kode))
        return judul, skor, None, gaya, pilihan, awal
    s = risiko.skor_kabkota(kode)
    nama = s.nama if s else kode
    judul = html.Div(
        [
            html.H1(f"Risiko {nama}", className="kendali-h1 mb-0 me-auto"),
            dcc.Link([html.I(className="bi bi-signpost-split me-1"), "Rute"],
                     href=urls.rute(kode)),
            dcc.Link([html.I(className="bi bi-arrow-up-left me-1"), "Semua kab/kota"],
                     href=urls.risiko()),
        ],
        className="d-flex align-items-center gap-3 flex-wrap",
    )  # fmt: skip
    boleh = risiko.boleh_tulis(pelaku, kode)
    usulan = komponen.daftar_usulan(risiko.usulan(kode), boleh)
    awal = kode if any(p["value"] == kode for p in pilihan) else None
    return judul, komponen.skor_kabkota(s), usulan, gaya, pilihan, awal


def isi_daftar(
    arg: ArgumenHalaman | None, _versi: Any, saring: dict | None, _n: Any
) -> tuple[Component, list[Component]] | tuple[NoUpdate, NoUpdate]:
    """The heat map of the risks of the chosen status, and the register of the chosen cell."""
    if arg is None:
        return no_update, no_update
    info = tampilan.info_kampanye()
    if info is None:
        return html.Div(), []
    kode = _kabkota(arg) or info.provinsi_kode
    saring = saring or {}
    status = str(saring.get("status") or "aktif")
    sel = saring.get("sel")
    semua = saring_status(risiko.daftar(kode), status)
    pelaku = Pelaku.sekarang()
    boleh = {r.id: risiko.boleh_tulis(pelaku, r.wilayah_kode) for r in semua}
    terpilih = saring_sel(semua, sel)
    keterangan = komponen.PILIHAN_STATUS.get(status, status).lower()
    if sel:
        keterangan += f", kemungkinan {sel[0]} × dampak {sel[1]}"
    return (
        komponen.matriks(hitung_matriks([(r.kemungkinan, r.dampak) for r in semua]), sel),
        komponen.tabel_risiko(terpilih, boleh, keterangan),
    )


def saring(
    _sel: list[int | None], status: str | None, _hapus: int | None, sekarang: dict | None
) -> dict:
    """Filter by a cell (a second click on it clears it), by status, or clear the cell."""
    hasil: dict[str, Any] = {"sel": None, "status": "aktif"} | dict(sekarang or {})
    hasil["status"] = status or "aktif"
    pemicu = ctx.triggered_id
    if pemicu == ids.RISIKO_HAPUS_SARING:
        hasil["sel"] = None
    elif isinstance(pemicu, dict) and ctx.triggered and ctx.triggered[0].get("value"):
        sel = [int(pemicu["k"]), int(pemicu["d"])]
        hasil["sel"] = None if hasil.get("sel") == sel else sel
    return hasil


def pilih(_n: list[int | None], _batal: int | None) -> int | None | NoUpdate:
    """Choose a risk of the register for the form (Batal pilih: none)."""
    pemicu = ctx.triggered_id
    if pemicu == ids.RISIKO_BATAL:
        return None
    if isinstance(pemicu, dict) and ctx.triggered and ctx.triggered[0].get("value"):
        return int(pemicu["id"])
    return no_update


def isi_terpilih(risiko_id: int | None, _versi: Any, arg: ArgumenHalaman | None) -> tuple:
    """Fill the form with the chosen risk and show its reviews; empty it when none is chosen."""
    r = risiko.satu(int(risiko_id)) if risiko_id is not None else None
    if r is None:
        kode = _kabkota(arg)
        return ("Catat risiko", kode or no_update, "", "", "3", "3", "", "", None, "terbuka", "",
                None, False, True, True, True)  # fmt: skip
    return (
        f"Tinjau risiko #{r.id}: {r.judul}",
        r.wilayah_kode,
        r.judul,
        r.penyebab,
        str(r.kemungkinan),
        str(r.dampak),
        r.mitigasi,
        r.pemilik,
        r.tenggat.isoformat() if r.tenggat else None,
        r.status,
        "",
        komponen.riwayat(risiko.riwayat(r.id)),
        True,
        False,
        False,
        False,
    )


def _tolak(e: Ditolak) -> dbc.Alert:
    return dbc.Alert([html.Div(g.pesan) for g in e.galat], color="danger", className="mb-0")


def _isian(
    judul: str | None, penyebab: str | None, kemungkinan: str | None, dampak: str | None,
    mitigasi: str | None, pemilik: str | None, tenggat: str | None, status: str | None,
) -> dict[str, object]:  # fmt: skip
    return {
        "judul": judul or "", "penyebab": penyebab or "", "kemungkinan": kemungkinan or "",
        "dampak": dampak or "", "mitigasi": mitigasi or "", "pemilik": pemilik or "",
        "tenggat": tenggat or "", "status": status or "",
    }  # fmt: skip


def tambah(
    _n: int | None, wilayah: str | None, judul: str | None, penyebab: str | None,
    kemungkinan: str | None, dampak: str | None, mitigasi: str | None, pemilik: str | None,
    tenggat: str | None, status: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Register a new risk; every wrong field is named at once."""
    if not _n:
        return no_update, no_update, no_update
    isian = _isian(judul, penyebab, kemungkinan, dampak, mitigasi, pemilik, tenggat, status)
    try:
        r = risiko.tambah(Pelaku.sekarang(), wilayah or "", isian)
    except Ditolak as e:
        return _tolak(e), no_update, no_update
    pesan = f"Risiko #{r.id} dicatat untuk {r.wilayah_nama}."
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1, None


def ubah(
    _n: int | None, risiko_id: int | None, judul: str | None, penyebab: str | None,
    kemungkinan: str | None, dampak: str | None, mitigasi: str | None, pemilik: str | None,
    tenggat: str | None, status: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Save the chosen risk's fields (a move on the matrix is recorded in its history)."""
    if not _n or risiko_id is None:
        return no_update, no_update
    isian = _isian(judul, penyebab, kemungkinan, dampak, mitigasi, pemilik, tenggat, status)
    try:
        r = risiko.ubah(Pelaku.sekarang(), int(risiko_id), isian)
    except Ditolak as e:
        return _tolak(e), no_update
    return dbc.Alert(f"Risiko #{r.id} diubah.", color="success", className="mb-0"), (
        versi or 0) + 1  # fmt: skip


def tinjau(
    _n: int | None, risiko_id: int | None, kemungkinan: str | None, dampak: str | None,
    status: str | None, catatan: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Review the chosen risk: its cell and status now, and a note (required)."""
    if not _n or risiko_id is None:
        return no_update, no_update
    isian = {"kemungkinan": kemungkinan or "", "dampak": dampak or "", "status": status or "",
             "catatan": catatan or ""}  # fmt: skip
    try:
        r = risiko.tinjau(Pelaku.sekarang(), int(risiko_id), isian)
    except Ditolak as e:
        return _tolak(e), no_update
    pesan = f"Tinjauan risiko #{r.id} dicatat: {r.kemungkinan}×{r.dampak}, {r.status}."
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1


def terima(_n: list[int | None], arg: ArgumenHalaman | None, versi: int | None) -> tuple:
    """Register a suggested risk of the kab/kota as it stands."""
    pemicu = ctx.triggered_id
    kode = _kabkota(arg)
    if not isinstance(pemicu, dict) or not any(_n) or kode is None:
        return no_update, no_update
    try:
        r = risiko.terima_usulan(Pelaku.sekarang(), kode, str(pemicu["kunci"]))
    except Ditolak as e:
        return _tolak(e), no_update
    pesan = f"Usulan dijadikan risiko #{r.id}: {r.judul} ({r.kemungkinan}×{r.dampak})."
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1


_FORMULIR = (
    ids.RISIKO_NAMA, ids.RISIKO_PENYEBAB, ids.RISIKO_KEMUNGKINAN, ids.RISIKO_DAMPAK,
    ids.RISIKO_MITIGASI, ids.RISIKO_PEMILIK, ids.RISIKO_TENGGAT, ids.RISIKO_STATUS_ISIAN,
)  # fmt: skip


def _sifat(id_: str) -> str:
    """The property a form box holds its value in: the date picker's is `date`."""
    return "date" if id_ == ids.RISIKO_TENGGAT else "value"


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.RISIKO_JUDUL, "children"),
        Output(ids.RISIKO_SKOR, "children"),
        Output(ids.RISIKO_USULAN, "children"),
        Output(ids.RISIKO_ISIAN, "style"),
        Output(ids.RISIKO_WILAYAH, "options"),
        Output(ids.RISIKO_WILAYAH, "value"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.RISIKO_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_ringkas)
    baca(
        app,
        Output(ids.RISIKO_MATRIKS, "children"),
        Output(ids.RISIKO_TABEL, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.RISIKO_VERSI, "data"),
        Input(ids.RISIKO_SARING, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_daftar)
    app.callback(
        Output(ids.RISIKO_SARING, "data"),
        Input({"type": ids.RISIKO_SEL, "k": ALL, "d": ALL}, "n_clicks"),
        Input(ids.RISIKO_STATUS, "value"),
        Input(ids.RISIKO_HAPUS_SARING, "n_clicks"),
        State(ids.RISIKO_SARING, "data"),
        prevent_initial_call=True,
    )(saring)
    app.callback(
        Output(ids.RISIKO_TERPILIH, "data"),
        Input({"type": ids.RISIKO_PILIH, "id": ALL}, "n_clicks"),
        Input(ids.RISIKO_BATAL, "n_clicks"),
        prevent_initial_call=True,
    )(pilih)
    baca(
        app,
        Output(ids.RISIKO_ISIAN_JUDUL, "children"),
        Output(ids.RISIKO_WILAYAH, "value", allow_duplicate=True),
        *(Output(i, _sifat(i)) for i in _FORMULIR),
        Output(ids.RISIKO_CATATAN, "value"),
        Output(ids.RISIKO_RIWAYAT, "children"),
        Output(ids.RISIKO_TAMBAH, "disabled"),
        Output(ids.RISIKO_TINJAU, "disabled"),
        Output(ids.RISIKO_UBAH, "disabled"),
        Output(ids.RISIKO_BATAL, "disabled"),
        Input(ids.RISIKO_TERPILIH, "data"),
        Input(ids.RISIKO_VERSI, "data"),
        State(ids.HALAMAN_ARG, "data"),
        prevent_initial_call=True,
    )(isi_terpilih)
    tulis(
        app,
        Output(ids.RISIKO_PESAN, "children", allow_duplicate=True),
        Output(ids.RISIKO_VERSI, "data", allow_duplicate=True),
        Output(ids.RISIKO_TERPILIH, "data", allow_duplicate=True),
        Input(ids.RISIKO_TAMBAH, "n_clicks"),
        State(ids.RISIKO_WILAYAH, "value"),
        *(State(i, _sifat(i)) for i in _FORMULIR),
        State(ids.RISIKO_VERSI, "data"),
        prevent_initial_call=True,
    )(tambah)
    tulis(
        app,
        Output(ids.RISIKO_PESAN, "children", allow_duplicate=True),
        Output(ids.RISIKO_VERSI, "data", allow_duplicate=True),
        Input(ids.RISIKO_UBAH, "n_clicks"),
        State(ids.RISIKO_TERPILIH, "data"),
        *(State(i, _sifat(i)) for i in _FORMULIR),
        State(ids.RISIKO_VERSI, "data"),
        prevent_initial_call=True,
    )(ubah)
    tulis(
        app,
        Output(ids.RISIKO_PESAN, "children", allow_duplicate=True),
        Output(ids.RISIKO_VERSI, "data", allow_duplicate=True),
        Input(ids.RISIKO_TINJAU, "n_clicks"),
        State(ids.RISIKO_TERPILIH, "data"),
        State(ids.RISIKO_KEMUNGKINAN, "value"),
        State(ids.RISIKO_DAMPAK, "value"),
        State(ids.RISIKO_STATUS_ISIAN, "value"),
        State(ids.RISIKO_CATATAN, "value"),
        State(ids.RISIKO_VERSI, "data"),
        prevent_initial_call=True,
    )(tinjau)
    tulis(
        app,
        Output(ids.RISIKO_PESAN, "children", allow_duplicate=True),
        Output(ids.RISIKO_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.RISIKO_TERIMA, "kunci": ALL}, "n_clicks"),
        State(ids.HALAMAN_ARG, "data"),
        State(ids.RISIKO_VERSI, "data"),
        prevent_initial_call=True,
    )(terima)
