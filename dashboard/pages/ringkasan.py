"""Ringkasan (/): the province at a glance — readiness, every kab/kota, what needs attention."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.putar_ulang import panel_putar
from dashboard.components.ringkasan import tata_letak_wilayah

dash.register_page(
    __name__, path=urls.RINGKASAN, name="Ringkasan", title="Ringkasan — Pusat Kendali Logistik"
)


def layout(urut: str | None = None, per: str | None = None, **_kwargs: object) -> list[Component]:
    arg = argumen_halaman(kode=None, urut=urls.urut_argumen(urut), per=urls.per_argumen(per))
    return [arg, panel_putar(), tata_letak_wilayah()]
