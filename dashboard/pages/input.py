"""Pencatatan (/input): regional offices record movements, uploads and incidents."""

import dash
from dash import html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.components.alat import argumen_halaman

dash.register_page(
    __name__, path=urls.INPUT, name="Input", title="Pencatatan — Pusat Kendali Logistik"
)


def layout(**_kwargs: object) -> list[Component]:
    # The forms depend on who is signed in, so a callback fills them from the session.
    return [argumen_halaman(), html.Div(id=ids.INPUT_ISI)]
