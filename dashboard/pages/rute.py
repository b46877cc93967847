"""Rute (/rute, /rute/<kode>): routes from the gudang to every PPK and on to every PPS, the
vehicle plan and road closures of one kab/kota; at the province, every kab/kota with its plan
status and hardest place. One page serves both, so the URL alone says what is shown."""

import dash
from dash.development.base_component import Component
from flask import current_app

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.rute import tata_letak_kabkota, tata_letak_provinsi
from dashboard.domain.wilayah import Tingkat, kedalaman

dash.register_page(
    __name__,
    path=urls.RUTE,
    path_template=urls.RUTE_WILAYAH,
    name="Rute",
    title="Rute — Pusat Kendali Logistik",
)


def layout(kode: str = "", tahap: str | None = None, **_kwargs: object) -> list[Component]:
    kode_ = urls.kode_argumen(kode)
    tahap_ = urls.tahap_argumen(tahap)
    arg = argumen_halaman(kode=kode_, tahap=tahap_)
    if kode_ is not None and kedalaman(kode_) >= Tingkat.KABKOTA:
        return [arg, tata_letak_kabkota(tahap_, current_app.config["SETTINGS"].map_tile_url)]
    return [arg, tata_letak_provinsi()]
