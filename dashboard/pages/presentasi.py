"""Presentasi (/presentasi/<nomor>): full-screen meeting slides for the projector.

`?snapshot=<id>` shows figures frozen at one moment, `?putar=<detik>` advances by itself,
`?cetak=1` lays every slide out one per page for the PDF meeting pack.
"""

import dash

from dashboard.components.presentasi import kerangka

dash.register_page(
    __name__,
    path="/presentasi",
    path_template="/presentasi/<nomor>",
    name="Presentasi",
    title="Presentasi — Pusat Kendali Logistik",
)


def layout(nomor: str = "1", putar: str = "0", cetak: str = "", **_kwargs):
    return kerangka(putar, cetak == "1")
