"""Controls shared by the command views: a searchable picker with Indonesian labels, and a
date picker that writes dd-mm-yyyy whatever the browser's language."""

from __future__ import annotations

import datetime as dt
from typing import Unpack

from dash import dcc

from dashboard import ids
from dashboard.urls import ArgumenHalaman


def pemilih(id_: str, nilai: str | None, placeholder: str, kelas: str = "") -> dcc.Dropdown:
    """Return a single-choice dropdown; its options come from a callback."""
    return dcc.Dropdown(
        id=id_,
        value=nilai,
        clearable=False,
        placeholder=placeholder,
        labels={"search": "Cari…", "no_options_found": "Tidak ditemukan"},
        className=f"kendali-pilih {kelas}".strip(),
    )


def pilih_tanggal(
    id_: str, hari: dt.date | None = None, *, wajib: bool = True
) -> dcc.DatePickerSingle:
    """A date picker showing dd-mm-yyyy whatever the browser's locale (a native date box shows
    mm/dd/yyyy in an English browser); its `date` stays ISO. `wajib=False`: it may be empty
    (a filter, an optional deadline) and has a clear button. Fills its column (kendali.css)."""
    return dcc.DatePickerSingle(
        id=id_,
        date=hari.isoformat() if hari else None,
        display_format="DD-MM-YYYY",
        month_format="MMMM YYYY",  # month names from the locale in assets/pencatatan.js
        first_day_of_week=1,
        placeholder="hh-bb-tttt",
        clearable=not wajib,
        className="kendali-tanggal",
    )


def argumen_halaman(**argumen: Unpack[ArgumenHalaman]) -> dcc.Store:
    """The page's route arguments for its callbacks (`Input(ids.HALAMAN_ARG, "data")`).

    Dash renders the page layout again on every navigation, so the store carries the new
    arguments and its callbacks run again.
    """
    return dcc.Store(id=ids.HALAMAN_ARG, data=dict(argumen))
