"""Evaluasi (/evaluasi): a finished campaign judged against its plan — on time per hop,
shortages, damage, wrong type, incidents, re-votes and findings, the five principles per
kab/kota — with Excel and PDF downloads."""

import dash
from dash.development.base_component import Component

from dashboard import urls
from dashboard.components.alat import argumen_halaman
from dashboard.components.evaluasi import tata_letak

dash.register_page(
    __name__,
    path=urls.EVALUASI,
    name="Evaluasi",
    title="Evaluasi — Pusat Kendali Logistik",
)


def layout(banding: str | None = None, **_kwargs: object) -> list[Component]:
    return [argumen_halaman(banding=banding or None), tata_letak()]
