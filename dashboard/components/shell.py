"""The page shell: header with province, election, data time and H-minus, then the page."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import dcc, html

from dashboard import ids, urls

NAVIGASI = [
    ("Ringkasan", urls.RINGKASAN, "bi-speedometer2"),
    ("Stok", urls.STOK, "bi-box-seam"),
    ("Distribusi", urls.DISTRIBUSI, "bi-truck"),
    ("Peta", urls.PETA, "bi-map"),
    ("Rute", urls.RUTE, "bi-signpost-split"),
    ("Armada", urls.ARMADA, "bi-truck-front"),
    ("Koordinasi", urls.KOORDINASI, "bi-arrow-left-right"),
    ("Risiko", urls.RISIKO, "bi-exclamation-triangle"),
    ("Evaluasi", urls.EVALUASI, "bi-clipboard-check"),
    ("Pencatatan", urls.INPUT, "bi-pencil-square"),
    ("Rapat", urls.RAPAT, "bi-easel"),
]

# How often a page reloads its figures; the viewer picks, the browser remembers.
PILIHAN_SEGARKAN = [("30 dtk", 30), ("1 mnt", 60), ("5 mnt", 300), ("mati", 0)]


def shell() -> html.Div:
    """Return the layout every page sits in.

    The navbar collapses below 992 px (dbc.NavbarToggler + dbc.Collapse): the links fold away,
    while the brand, H-minus, Masuk/Keluar and the toggler stay in sight on one line at every
    width. The stage, the election, the data time and the refresh choice sit in the strip
    under the navbar, which wraps on a phone.
    """
    tetap = html.Div(
        [
            html.Div(id=ids.SHELL_HMINUS, className="kendali-hminus"),
            html.Div(id=ids.SHELL_PENGGUNA, className="kendali-pengguna"),
            dbc.NavbarToggler(
                [
                    html.Span(className="navbar-toggler-icon"),
                    html.Span("Menu", className="visually-hidden"),
                ],
                id=ids.SHELL_TOGGLER,
                n_clicks=0,
                className="kendali-toggler",
            ),
        ],
        className="kendali-tetap d-flex align-items-center gap-2",
    )
    lipat = dbc.Collapse(
        [
            dbc.Nav(
                [
                    dbc.NavItem(
                        dbc.NavLink(
                            [html.I(className=f"bi {ikon} me-1"), label],
                            href=href,
                            active="partial" if href != urls.RINGKASAN else "exact",
                        )
                    )
                    for label, href, ikon in NAVIGASI
                ]
                + [html.Div(id=ids.SHELL_AUDIT, className="kendali-nav-audit")],
                navbar=True,
                className="me-auto kendali-nav",
            ),
        ],
        id=ids.SHELL_COLLAPSE,
        is_open=False,
        navbar=True,
        className="kendali-lipat",
    )
    navbar = dbc.Navbar(
        dbc.Container(
            [
                html.Div(
                    [
                        html.Div("Pusat Kendali Logistik", className="kendali-merek"),
                        html.Div(id=ids.SHELL_JUDUL, className="kendali-judul"),
                    ],
                    className="kendali-merek-blok",
                ),
                tetap,
                lipat,
            ],
            fluid=True,
            className="kendali-navbar-isi",
        ),
        color="dark",
        dark=True,
        expand="lg",
        className="kendali-navbar",
    )
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh="callback-nav"),
            dcc.Interval(id=ids.SEGARKAN, interval=60_000, n_intervals=0),
            dcc.Store(id=ids.SHELL_PERAN),
            navbar,
            html.Div(
                [
                    html.Div(id=ids.SHELL_REMAH, className="kendali-remah"),
                    html.Div(
                        [
                            html.Div(id=ids.SHELL_TAHAP),
                            html.Div(
                                [
                                    html.Div(id=ids.SHELL_PEMILIHAN),
                                    html.Div(id=ids.SHELL_DATA_PER),
                                    # Shown when the database holds several campaigns.
                                    dbc.Select(
                                        id=ids.KAMPANYE_PILIH,
                                        options=[],
                                        size="sm",
                                        className="d-none",
                                    ),
                                    dcc.Store(id=ids.KAMPANYE_AKTIF),
                                ],
                                className="kendali-meta",
                            ),
                            dbc.Select(
                                id=ids.SEGARKAN_PILIH,
                                options=[
                                    {"label": f"Segarkan {label}", "value": str(detik)}
                                    for label, detik in PILIHAN_SEGARKAN
                                ],
                                value="60",
                                size="sm",
                                persistence=True,
                                persistence_type="local",
                                className="kendali-segarkan",
                            ),
                        ],
                        className="kendali-info d-flex align-items-center flex-wrap",
                    ),
                ],
                className="kendali-tahap d-flex justify-content-between align-items-center",
            ),
            html.Div(id=ids.SHELL_PESAN),
            dbc.Container(dash.page_container, fluid=True, className="py-3 kendali-halaman"),
        ]
    )
