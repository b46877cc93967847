"""Audit (/audit): who wrote what, when, from where — row by row for the admin provinsi, as a
summary for the admin and for Bawaslu's pengawas."""

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import argumen_halaman, pilih_tanggal
from dashboard.domain.akses import AKSI_AUDIT

dash.register_page(__name__, path=urls.AUDIT, name="Audit", title="Audit — Pusat Kendali Logistik")


def layout(**_kwargs: object) -> list[Component]:
    saring = dbc.Row(
        [
            dbc.Col(
                dbc.Input(id=ids.AUDIT_PENGGUNA, placeholder="Nama pengguna", debounce=True), md=3
            ),
            dbc.Col(
                dbc.Input(
                    id=ids.AUDIT_WILAYAH, placeholder="Kode wilayah, mis. 33.74", debounce=True
                ),
                md=3,
            ),
            dbc.Col(
                dcc.Dropdown(
                    id=ids.AUDIT_AKSI,
                    options=[{"label": v, "value": k} for k, v in AKSI_AUDIT.items()],
                    placeholder="Semua aksi",
                ),
                md=3,
            ),
            dbc.Col(pilih_tanggal(ids.AUDIT_TANGGAL, wajib=False), md=3),
        ],
        className="g-2 mb-3",
    )
    isi = html.Div(
        [
            html.H1("Jejak audit", className="kendali-h1"),
            html.P(
                "Setiap penulisan: siapa, kapan, apa; bagi Admin Provinsi juga sebelum dan "
                "sesudah, dari alamat mana.",
                className="text-secondary",
            ),
            html.Div(
                [saring, html.Div(id=ids.AUDIT_RINGKASAN), html.Div(id=ids.AUDIT_TABEL)],
                className="kendali-panel",
            ),
        ]
    )
    return [argumen_halaman(), isi]
