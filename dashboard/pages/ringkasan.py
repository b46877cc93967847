"""Ringkasan (/): the province at a glance — readiness, every kab/kota, what needs attention."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.ringkasan import tata_letak_wilayah

dash.register_page(
    __name__, path=urls.RINGKASAN, name="Ringkasan", title="Ringkasan — Pusat Kendali Logistik"
)


def layout(urut: str | None = None, **_kwargs: object) -> list[Component]:
    return [argumen_halaman(kode=None, urut=urls.urut_argumen(urut)), tata_letak_wilayah()]
