"""Pencatatan (/input): regional offices record movements, uploads and incidents."""

import dash
from dash import html

from dashboard import ids

dash.register_page(
    __name__, path="/input", name="Input", title="Pencatatan — Pusat Kendali Logistik"
)


def layout(**_kwargs):
    # The forms depend on who is signed in, so a callback fills them from the session.
    return html.Div(id=ids.INPUT_ISI)
