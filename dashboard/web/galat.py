"""Plain-words answers when a request cannot be served: too large, or the database is down."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import html
from flask import Flask, Response, current_app
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from dashboard import ids


def _terlalu_besar(_e: Exception) -> Response:
    """Say plainly why a request over MAX_CONTENT_LENGTH was refused (nothing was read)."""
    batas = current_app.config["MAX_CONTENT_LENGTH"] // 1_048_576
    return Response(
        f"Berkas terlalu besar: permintaan melebihi {batas} MB dan tidak diproses. Unggahan "
        "paling besar 5 MB; bagi berkas menjadi beberapa bagian.",
        status=413,
        mimetype="text/plain",
    )


_HALAMAN_PADAM = """<!doctype html>
<html lang="id"><head><meta charset="utf-8"><title>Basis data tidak dapat dihubungi</title>
<link rel="stylesheet" href="/bootstrap/static/css/bootstrap.min.css"></head>
<body class="bg-light"><main class="container" style="max-width: 36rem; margin-top: 12vh">
<div class="alert alert-danger" role="alert" id="pesan-basis-data">
<strong>Basis data sedang tidak dapat dihubungi.</strong> Tidak ada yang disimpan dari permintaan
ini; data yang sudah tersimpan aman. Coba lagi sebentar lagi.</div>
<p><a href="">Muat ulang</a></p></main></body></html>"""


def _basis_data_padam(e: Exception) -> Response:
    """Answer any request the database could not serve with a plain 503, never a bare 500.

    Dash callbacks report it in the page banner themselves (galat.saat_galat_callback); this covers
    login, templates, boundary layers and anything else outside a callback.
    """
    current_app.logger.warning("basis data tidak dapat dihubungi: %s", e)
    # A fixed page, not a template: template context would load the signed-in account (the DB).
    return Response(_HALAMAN_PADAM, status=503, headers={"Retry-After": "10"})


def saat_galat_callback(err: Exception) -> None:
    """Tell users plainly when the database cannot be reached; the next refresh recovers."""
    if isinstance(err, DBAPIError):
        dash.set_props(
            ids.SHELL_PESAN,
            {
                "children": dbc.Alert(
                    [
                        html.Strong("Basis data sedang tidak dapat dihubungi. "),
                        "Angka di layar adalah yang terakhir berhasil dimuat; halaman akan "
                        "mencoba lagi otomatis.",
                    ],
                    color="danger",
                    className="m-3",
                    id="pesan-basis-data",
                )
            },
        )
        return None
    if isinstance(err, TimeoutError):  # SQLite's writer slot stayed busy: say so, keep the form
        dash.set_props(
            ids.SHELL_PESAN, {"children": dbc.Alert(str(err), color="warning", className="m-3")}
        )
        return None
    raise err


def register(server: Flask) -> None:
    """Answer oversized requests and database outages outside callbacks in Bahasa Indonesia."""
    server.register_error_handler(413, _terlalu_besar)
    server.register_error_handler(OperationalError, _basis_data_padam)
    server.register_error_handler(InterfaceError, _basis_data_padam)
