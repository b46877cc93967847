"""Laporan (/laporan/<kode>): a kab/kota's one-page daily situation report, to share as PNG/PDF.

`?snapshot=<id>` shows the figures of a frozen meeting moment instead of live ones.
"""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.presentasi import kerangka_laporan

dash.register_page(
    __name__,
    path_template=urls.LAPORAN,
    name="Laporan harian",
    title="Laporan situasi harian — Pusat Kendali Logistik",
)


def layout(kode: str = "", snapshot: str | None = None, **_kwargs: object) -> list[Component]:
    arg = argumen_halaman(kode=urls.kode_argumen(kode), snapshot=urls.nomor_snapshot(snapshot))
    return [arg, kerangka_laporan()]
