"""Armada (/armada, /armada/<kode>): the fleet board — ready, assigned, out of service and the
reserve fleet — of the province or of one kab/kota, where its vehicles are kept."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.armada import tata_letak
from dashboard.domain.wilayah import Tingkat, kedalaman

dash.register_page(
    __name__,
    path=urls.ARMADA,
    path_template=urls.ARMADA_WILAYAH,
    name="Armada",
    title="Armada — Pusat Kendali Logistik",
)


def layout(kode: str = "", **_kwargs: object) -> list[Component]:
    kode_ = urls.kode_argumen(kode)
    kabkota = kode_ is not None and kedalaman(kode_) >= Tingkat.KABKOTA
    return [argumen_halaman(kode=kode_), tata_letak(kabkota)]
