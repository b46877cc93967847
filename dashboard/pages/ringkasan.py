"""Ringkasan (/): the province at a glance — key figures and every kab/kota."""

import dash
from dash import html

from dashboard import ids

dash.register_page(__name__, path="/", name="Ringkasan", title="Ringkasan — Pusat Kendali Logistik")


def layout(**_kwargs):
    return html.Div(
        [
            html.Div(id=ids.RINGKASAN_KPI, className="kendali-kpi-baris"),
            html.Div(
                [
                    html.Div(id=ids.RINGKASAN_TABEL, className="kendali-panel flex-grow-1"),
                    html.Div(id=ids.RINGKASAN_KEJADIAN, className="kendali-panel kendali-sisi"),
                ],
                className="d-flex gap-3 align-items-start kendali-isi",
            ),
        ]
    )
