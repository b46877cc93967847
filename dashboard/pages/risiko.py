"""Risiko (/risiko, /risiko/<kode>): the risk register on a 5×5 heat map, the risk score of
every kab/kota in words and, for one kab/kota, the risks its score suggests."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.risiko import tata_letak

dash.register_page(
    __name__,
    path=urls.RISIKO,
    path_template=urls.RISIKO_WILAYAH,
    name="Risiko",
    title="Risiko — Pusat Kendali Logistik",
)


def layout(kode: str = "", **_kwargs: object) -> list[Component]:
    return [argumen_halaman(kode=urls.kode_argumen(kode)), tata_letak()]
