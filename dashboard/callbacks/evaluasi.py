"""Evaluation callbacks: the tables (one column per campaign evaluated) with the admin's form
shown or hidden, and saving a re-vote or finding."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, Output, State, no_update

from dashboard import ids
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import evaluasi as komponen
from dashboard.services import evaluasi, kampanye
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku


def isi(_versi: Any, _n: Any, arg: dict | None) -> tuple:
    """The evaluation of the campaign shown, with another beside it (?banding=); the choice of
    campaigns to compare with; the form for an admin provinsi."""
    aktif = kampanye.kampanye_terpilih()
    banding = (arg or {}).get("banding")
    daftar = evaluasi.bandingkan([k for k in (aktif, banding) if k])
    boleh = evaluasi.boleh_catat(Pelaku.sekarang())
    gaya = {} if boleh and daftar else {"display": "none"}
    opsi = komponen.opsi_wilayah(dict(evaluasi.pilihan_wilayah())) if boleh else []
    semua = kampanye.daftar_kampanye()
    lain = [(k.kode, k.nama) for k in semua if k.kode != aktif]
    berjalan = {k.kode for k in semua if not k.selesai}
    return komponen.banding(daftar, berjalan), gaya, opsi, komponen.pilih_banding(lain, banding)


def simpan(
    _n: int | None, wilayah: str | None, jenis: str | None, sebab: str | None,
    prinsip: str | None, jumlah_tps: str | None, keterangan: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Save a re-vote or finding; every wrong field is named at once."""
    if not _n:
        return no_update, no_update
    isian = {"wilayah_kode": wilayah or "", "jenis": jenis or "", "sebab_logistik": sebab or "",
             "prinsip": "" if prinsip == komponen.TANPA_PRINSIP else prinsip or "",
             "jumlah_tps": jumlah_tps or "",
             "keterangan": keterangan or ""}  # fmt: skip
    try:
        t = evaluasi.catat_temuan(Pelaku.sekarang(), isian)
    except DiLuarWewenang:
        raise  # a forged request: the web edge answers 403
    except Ditolak as e:
        return komponen.pesan([g.pesan for g in e.galat], "danger"), no_update
    teks = f"#{t.id} dicatat: {t.jenis.upper()} di {t.wilayah_nama}, {t.jumlah_tps} TPS."
    return komponen.pesan(teks, "success"), (versi or 0) + 1


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.EVALUASI_ISI, "children"),
        Output(ids.EVALUASI_ISIAN, "style"),
        Output(ids.EVALUASI_WILAYAH, "options"),
        Output(ids.EVALUASI_BANDING, "children"),
        Input(ids.EVALUASI_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
        Input(ids.HALAMAN_ARG, "data"),
    )(isi)
    tulis(
        app,
        Output(ids.EVALUASI_PESAN, "children"),
        Output(ids.EVALUASI_VERSI, "data"),
        Input(ids.EVALUASI_SIMPAN, "n_clicks"),
        State(ids.EVALUASI_WILAYAH, "value"),
        State(ids.EVALUASI_JENIS, "value"),
        State(ids.EVALUASI_SEBAB, "value"),
        State(ids.EVALUASI_PRINSIP, "value"),
        State(ids.EVALUASI_JUMLAH_TPS, "value"),
        State(ids.EVALUASI_KETERANGAN, "value"),
        State(ids.EVALUASI_VERSI, "data"),
        prevent_initial_call=True,
    )(simpan)
