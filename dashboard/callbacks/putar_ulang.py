"""Replay callbacks: the date slider and time input follow ?per=, and moving them changes it."""

from __future__ import annotations

import datetime as dt

import dash
from dash import Input, NoUpdate, Output, State, no_update

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca
from dashboard.components import putar_ulang as komponen
from dashboard.domain.waktu import WIB
from dashboard.services import putar_ulang
from dashboard.urls import ArgumenHalaman


def _alamat(pathname: str | None, search: str | None) -> str:
    kueri = (search or "").lstrip("?")
    return (pathname or "/") + (f"?{kueri}" if kueri else "")


def isi_putar(arg: ArgumenHalaman | None, pathname: str | None, search: str | None) -> tuple:
    """Set the slider to the campaign's days and to the moment shown; the banner in a replay."""
    rentang = putar_ulang.rentang_putar()
    if rentang is None:
        return 0, 0, None, 0, no_update, None, {"display": "none"}
    n = (rentang.kini.date() - rentang.awal).days
    tanda = komponen.tanda_hari(rentang.awal, rentang.kini.date())
    per = urls.momen_per((arg or {}).get("per"))
    if per is None:
        return 0, n, tanda, n, f"{rentang.kini:%H.%M}", None, {}
    hari = min(max((per.date() - rentang.awal).days, 0), n)
    langsung = urls.dengan_per(_alamat(pathname, search), None)
    return 0, n, tanda, hari, f"{per:%H.%M}", komponen.spanduk(per, langsung), {}


def pilih_waktu(
    hari: int | None,
    jam: str | None,
    arg: ArgumenHalaman | None,
    pathname: str | None,
    search: str | None,
) -> str | NoUpdate:
    """Go to the moment picked (a day on the slider, a time in the box); from the campaign's
    now on, that is the live view (no ?per=)."""
    rentang = putar_ulang.rentang_putar()
    if rentang is None or hari is None:
        return no_update
    waktu = urls.jam_argumen(jam) or urls.jam_argumen(komponen.JAM_BAWAAN) or dt.time(18)
    tanggal = rentang.awal + dt.timedelta(days=int(hari))
    momen = dt.datetime.combine(tanggal, waktu, WIB)
    per = None if momen >= rentang.kini else urls.teks_per(momen)
    if per == (arg or {}).get("per"):
        return no_update
    return urls.dengan_per(_alamat(pathname, search), per)


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.PUTAR_HARI, "min"),
        Output(ids.PUTAR_HARI, "max"),
        Output(ids.PUTAR_HARI, "marks"),
        Output(ids.PUTAR_HARI, "value"),
        Output(ids.PUTAR_JAM, "value"),
        Output(ids.PUTAR_SPANDUK, "children"),
        Output(ids.PUTAR_PANEL, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
    )(isi_putar)
    app.callback(
        Output(ids.URL, "href", allow_duplicate=True),
        Input(ids.PUTAR_HARI, "value"),
        Input(ids.PUTAR_JAM, "value"),
        State(ids.HALAMAN_ARG, "data"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )(pilih_waktu)
