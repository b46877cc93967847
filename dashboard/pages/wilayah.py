"""Region page (/wilayah/<kode>): the same figures for any province, kab/kota, kecamatan, desa."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.putar_ulang import panel_putar
from dashboard.components.ringkasan import tata_letak_wilayah

dash.register_page(
    __name__,
    path_template=urls.WILAYAH,
    name="Wilayah",
    title="Wilayah — Pusat Kendali Logistik",
)


def layout(
    kode: str = "", urut: str | None = None, per: str | None = None, **_kwargs: object
) -> list[Component]:
    arg = argumen_halaman(
        kode=urls.kode_argumen(kode), urut=urls.urut_argumen(urut), per=urls.per_argumen(per)
    )
    return [arg, panel_putar(), tata_letak_wilayah()]
