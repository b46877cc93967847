"""Koordinasi (/koordinasi): lending between kab/kota — suggested loans from the nearest
surplus, requests by state with each viewer's steps, and the notes between offices."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.koordinasi import tata_letak

dash.register_page(
    __name__,
    path=urls.KOORDINASI,
    name="Koordinasi",
    title="Koordinasi — Pusat Kendali Logistik",
)


def layout(**_kwargs: object) -> Component:
    return tata_letak()
