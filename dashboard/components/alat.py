"""Controls shared by the command views: a searchable picker with Indonesian labels."""

from __future__ import annotations

from dash import dcc


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
