"""Stok (/stok): warehouse stock per item and kab/kota — shortfalls, damage, exports."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import argumen_halaman, pemilih
from dashboard.components.figures import TINGGI_STOK, wadah_grafik
from dashboard.components.stok import tabel_stok

dash.register_page(__name__, path=urls.STOK, name="Stok", title="Stok — Pusat Kendali Logistik")


def layout(jenis: str | None = None, **_kwargs: object) -> list[Component]:
    alat = html.Div(
        [
            html.Label("Jenis logistik", htmlFor=ids.STOK_JENIS, className="fw-semibold mb-0"),
            pemilih(ids.STOK_JENIS, jenis, "Pilih jenis logistik…"),
            html.Div(
                [
                    dbc.Button(
                        [html.I(className="bi bi-file-earmark-excel me-1"), "Unduh Excel"],
                        id=ids.STOK_UNDUH_EXCEL,
                        color="success",
                        size="sm",
                    ),
                    dbc.Button(
                        [html.I(className="bi bi-filetype-csv me-1"), "Unduh CSV"],
                        id=ids.STOK_UNDUH_CSV,
                        color="secondary",
                        outline=True,
                        size="sm",
                    ),
                    dcc.Download(id=ids.STOK_UNDUHAN_EXCEL),
                    dcc.Download(id=ids.STOK_UNDUHAN_CSV),
                ],
                className="ms-auto d-flex gap-2",
            ),
        ],
        className="kendali-alat d-flex align-items-center gap-3 mb-3",
    )
    grafik = html.Div(
        [
            html.Div(
                [
                    html.H2("Per jenis logistik, seluruh provinsi", className="kendali-h2"),
                    wadah_grafik(ids.STOK_GRAFIK_JENIS, TINGGI_STOK),
                ],
                className="kendali-panel",
            ),
            html.Div(
                [
                    html.H2("Cakupan kebutuhan per kabupaten/kota", className="kendali-h2"),
                    wadah_grafik(ids.STOK_GRAFIK_CAKUPAN, TINGGI_STOK),
                ],
                className="kendali-panel",
            ),
        ],
        className="kendali-grafik-baris mb-3",
    )
    isi = html.Div(
        [
            alat,
            html.Div(id=ids.STOK_RINGKAS, className="kendali-stat-baris mb-3"),
            grafik,
            html.Div(
                [html.H2("Stok gudang per kabupaten/kota", className="kendali-h2"), tabel_stok()],
                className="kendali-panel",
            ),
        ]
    )
    return [argumen_halaman(), isi]
