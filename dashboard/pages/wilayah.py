"""Region page (/wilayah/<kode>): the same figures for any province, kab/kota, kecamatan, desa."""

import dash

from dashboard.components.ringkasan import tata_letak_wilayah

dash.register_page(
    __name__,
    path_template="/wilayah/<kode>",
    name="Wilayah",
    title="Wilayah — Pusat Kendali Logistik",
)


def layout(kode: str = "", **_kwargs):
    return tata_letak_wilayah()
