"""Distribusi (/distribusi): each hop per kab/kota against the H-minus plan, late list, timeline."""

import dash
from dash import html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import argumen_halaman, pemilih
from dashboard.components.figures import TINGGI_LINIMASA, wadah_grafik

dash.register_page(
    __name__, path=urls.DISTRIBUSI, name="Distribusi", title="Distribusi — Pusat Kendali Logistik"
)


def layout(wilayah: str | None = None, **_kwargs: object) -> list[Component]:
    linimasa = html.Div(
        [
            html.Div(
                [
                    html.H2("Linimasa kedatangan", className="kendali-h2 mb-0"),
                    pemilih(ids.DISTRIBUSI_WILAYAH, wilayah, "Seluruh provinsi", "ms-auto"),
                ],
                className="d-flex align-items-center gap-3 mb-2",
            ),
            wadah_grafik(ids.DISTRIBUSI_LINIMASA, TINGGI_LINIMASA),
        ],
        className="kendali-panel flex-grow-1",
    )
    isi = html.Div(
        [
            html.Div(id=ids.DISTRIBUSI_RUTE, className="kendali-kpi-baris kendali-rute-baris"),
            html.Div(
                [
                    linimasa,
                    html.Div(
                        id=ids.DISTRIBUSI_TERLAMBAT, className="kendali-panel kendali-sisi-rute"
                    ),
                ],
                className="d-flex gap-3 align-items-start kendali-isi-distribusi mb-3",
            ),
            html.Div(id=ids.DISTRIBUSI_TABEL, className="kendali-panel"),
        ]
    )
    return [argumen_halaman(), isi]
