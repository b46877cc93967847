"""Controls shared by the command views: a searchable picker with Indonesian labels."""

from __future__ import annotations

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


def argumen_halaman(**argumen: Unpack[ArgumenHalaman]) -> dcc.Store:
    """The page's route arguments for its callbacks (`Input(ids.HALAMAN_ARG, "data")`).

    Dash renders the page layout again on every navigation, so the store carries the new
    arguments and its callbacks run again.
    """
    return dcc.Store(id=ids.HALAMAN_ARG, data=dict(argumen))
