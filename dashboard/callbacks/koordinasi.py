"""Coordination board callbacks: read the suggestions and loans, and take a loan's steps —
request from a suggestion, approve, ship, receive, withdraw or refuse, add a note."""

from __future__ import annotations

import uuid
from typing import Any

import dash
from dash import ALL, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import koordinasi as komponen
from dashboard.domain.pinjaman import Aksi, Pihak
from dashboard.services import pinjaman
from dashboard.services.akun import akun_sekarang
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku


def isi(_versi: Any, _n: Any) -> tuple:
    """Show the suggestions and the loans with the steps the signed-in viewer may take.

    Each request button and note box carries a fresh client id, so a double click is
    recognised and counted once.
    """
    p = pinjaman.papan(akun_sekarang())
    data = [
        {
            "jenis_logistik": s.jenis_kode,
            "peminjam": s.peminjam_kode,
            "pemberi": s.pemberi_kode,
            "jumlah": s.jumlah,
            "klien": uuid.uuid4().hex,
        }
        for s in p.saran
    ]
    klien = {int(n): uuid.uuid4().hex for n in p.pinjaman["id"]}
    return (
        komponen.tabel_saran(p.saran, p.nama_jenis, p.boleh_ajukan),
        data,
        komponen.daftar_pinjaman(
            p.pinjaman, p.aksi, p.riwayat, p.catatan, p.boleh_catatan, klien
        ),  # fmt: skip
    )


def _diklik() -> bool:
    """Whether the callback was fired by a click (not by buttons appearing on the page)."""
    return bool(ctx.triggered and ctx.triggered[0].get("value"))


def _tolak(e: Ditolak) -> tuple:
    return komponen.pesan([g.pesan for g in e.galat], berhasil=False), no_update


def ajukan(_n: list[int | None], saran: list[dict] | None, versi: int | None) -> tuple:
    """Request the suggested loan whose button was pressed (the borrower's office asks)."""
    pemicu = ctx.triggered_id
    if not _diklik() or not isinstance(pemicu, dict) or not saran:
        return no_update, no_update
    i = int(pemicu["id"])
    if not 0 <= i < len(saran):
        return no_update, no_update
    s = saran[i]
    nilai = {**s, "keterangan": "Dari saran papan koordinasi"}
    try:
        h = pinjaman.ajukan(Pelaku.sekarang(), nilai, str(s.get("klien", "")))
    except DiLuarWewenang:
        raise  # the board offers no such step: a forged request, answered 403, nothing written
    except Ditolak as e:
        return _tolak(e)
    return komponen.pesan([h.pesan], berhasil=True), (versi or 0) + 1


def _nilai(states: list[dict], nomor: int) -> Any:
    """The value of the pattern-matched field of one loan, from a State(ALL) list."""
    for s in states:
        if s["id"].get("id") == nomor:
            return s.get("value")
    return None


def langkah(
    _n: list[int | None], _kondisi: list[Any], _alasan: list[Any], versi: int | None
) -> tuple:
    """Take the step whose button was pressed on one loan."""
    pemicu = ctx.triggered_id
    if not _diklik() or not isinstance(pemicu, dict):
        return no_update, no_update
    nomor = int(pemicu["id"])
    try:
        aksi = Aksi(pemicu["aksi"])
    except ValueError:
        return no_update, no_update
    pelaku = Pelaku.sekarang()
    kondisi_states, alasan_states = ctx.states_list[0], ctx.states_list[1]
    try:
        if aksi is Aksi.SETUJUI_PEMINJAM:
            h = pinjaman.setujui(pelaku, nomor, Pihak.PEMINJAM)
        elif aksi is Aksi.SETUJUI_PEMBERI:
            h = pinjaman.setujui(pelaku, nomor, Pihak.PEMBERI)
        elif aksi is Aksi.KIRIM:
            h = pinjaman.kirim(pelaku, nomor)
        elif aksi is Aksi.TERIMA:
            h = pinjaman.terima(pelaku, nomor, str(_nilai(kondisi_states, nomor) or ""))
        else:
            h = pinjaman.tutup(pelaku, nomor, aksi, str(_nilai(alasan_states, nomor) or ""))
    except DiLuarWewenang:
        raise  # the board offers no such step: a forged request, answered 403, nothing written
    except Ditolak as e:
        return _tolak(e)
    return komponen.pesan([h.pesan], berhasil=True), (versi or 0) + 1


def catatan(_n: list[int | None], _teks: list[Any], versi: int | None) -> tuple:
    """Add a note to one loan's thread."""
    pemicu = ctx.triggered_id
    if not _diklik() or not isinstance(pemicu, dict):
        return no_update, no_update
    nomor = int(pemicu["id"])
    teks = str(_nilai(ctx.states_list[0], nomor) or "")
    try:
        baru = pinjaman.tambah_catatan(Pelaku.sekarang(), nomor, teks, str(pemicu["klien"]))
    except DiLuarWewenang:
        raise  # the board offers no such step: a forged request, answered 403, nothing written
    except Ditolak as e:
        return _tolak(e)
    kata = "Catatan terkirim." if baru else "Catatan ini sudah terkirim sebelumnya."
    return komponen.pesan([kata], berhasil=True), (versi or 0) + 1


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.KOORDINASI_SARAN, "children"),
        Output(ids.KOORDINASI_SARAN_DATA, "data"),
        Output(ids.KOORDINASI_DAFTAR, "children"),
        Input(ids.KOORDINASI_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi)
    tulis(
        app,
        Output(ids.KOORDINASI_PESAN, "children", allow_duplicate=True),
        Output(ids.KOORDINASI_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.KOORDINASI_AJUKAN, "id": ALL}, "n_clicks"),
        State(ids.KOORDINASI_SARAN_DATA, "data"),
        State(ids.KOORDINASI_VERSI, "data"),
        prevent_initial_call=True,
    )(ajukan)
    tulis(
        app,
        Output(ids.KOORDINASI_PESAN, "children", allow_duplicate=True),
        Output(ids.KOORDINASI_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.KOORDINASI_AKSI, "id": ALL, "aksi": ALL}, "n_clicks"),
        State({"type": ids.KOORDINASI_KONDISI, "id": ALL}, "value"),
        State({"type": ids.KOORDINASI_ALASAN, "id": ALL}, "value"),
        State(ids.KOORDINASI_VERSI, "data"),
        prevent_initial_call=True,
    )(langkah)
    tulis(
        app,
        Output(ids.KOORDINASI_PESAN, "children", allow_duplicate=True),
        Output(ids.KOORDINASI_VERSI, "data", allow_duplicate=True),
        Input({"type": ids.KOORDINASI_KIRIM_CATATAN, "id": ALL, "klien": ALL}, "n_clicks"),
        State({"type": ids.KOORDINASI_CATATAN, "id": ALL}, "value"),
        State(ids.KOORDINASI_VERSI, "data"),
        prevent_initial_call=True,
    )(catatan)
