"""Rapat (/rapat): start the presenter, record and close meeting decisions, meeting outputs."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.rapat import tata_letak_rapat

dash.register_page(__name__, path=urls.RAPAT, name="Rapat", title="Rapat — Pusat Kendali Logistik")


def layout(**_kwargs: object) -> list[Component]:
    return [argumen_halaman(), tata_letak_rapat()]
