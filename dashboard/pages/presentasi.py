"""Presentasi (/presentasi/<nomor>): full-screen meeting slides for the projector.

`?snapshot=<id>` shows figures frozen at one moment, `?putar=<detik>` advances by itself,
`?cetak=1` lays every slide out one per page for the PDF meeting pack.
"""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.presentasi import kerangka

dash.register_page(
    __name__,
    path=urls.PRESENTASI,
    path_template=urls.PRESENTASI_SLIDE,
    name="Presentasi",
    title="Presentasi — Pusat Kendali Logistik",
)


def layout(
    nomor: str = "1",
    putar: str | None = None,
    cetak: str = "",
    snapshot: str | None = None,
    **_kwargs: object,
) -> list[Component]:
    arg = argumen_halaman(
        nomor=urls.nomor_slide(nomor),
        snapshot=urls.nomor_snapshot(snapshot),
        putar=putar,
        cetak=cetak == "1",
    )
    return [arg, kerangka(putar or "0", cetak == "1")]
