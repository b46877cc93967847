"""Peta (/peta, /peta/<kode>): readiness choropleth of the province's kab/kota or one kab/kota's
kecamatan. One page serves both URLs, so drilling down keeps the same map and only swaps its layer.
"""

import dash
from flask import current_app

from dashboard.components.peta import tata_letak_peta

dash.register_page(
    __name__,
    path="/peta",
    path_template="/peta/<kode>",
    name="Peta",
    title="Peta — Pusat Kendali Logistik",
)


def layout(kode: str = "", **_kwargs):
    return tata_letak_peta(current_app.config["SETTINGS"].map_tile_url)
