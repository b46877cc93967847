"""Laporan (/laporan/<kode>): a kab/kota's one-page daily situation report, to share as PNG/PDF.

`?snapshot=<id>` shows the figures of a frozen meeting moment instead of live ones.
"""

import dash

from dashboard.components.presentasi import kerangka_laporan

dash.register_page(
    __name__,
    path_template="/laporan/<kode>",
    name="Laporan harian",
    title="Laporan situasi harian — Pusat Kendali Logistik",
)


def layout(kode: str = "", **_kwargs):
    return kerangka_laporan()
