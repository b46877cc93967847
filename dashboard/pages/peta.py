"""Peta (/peta, /peta/<kode>): readiness choropleth of the province's kab/kota or one kab/kota's
kecamatan. One page serves both URLs, so drilling down keeps the same map and only swaps its layer.
"""

import dash
from dash.development.base_component import Component
from flask import current_app

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.peta import tata_letak_peta
from dashboard.components.putar_ulang import panel_putar

dash.register_page(
    __name__,
    path=urls.PETA,
    path_template=urls.PETA_WILAYAH,
    name="Peta",
    title="Peta — Pusat Kendali Logistik",
)


def layout(kode: str = "", per: str | None = None, **_kwargs: object) -> list[Component]:
    # kode None: the campaign root (/peta)
    return [
        argumen_halaman(kode=urls.kode_argumen(kode), per=urls.per_argumen(per)),
        panel_putar(),
        tata_letak_peta(current_app.config["SETTINGS"].map_tile_url),
    ]
