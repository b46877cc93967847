"""Ringkasan (/): the province at a glance — readiness, every kab/kota, what needs attention."""

import dash

from dashboard.components.ringkasan import tata_letak_wilayah

dash.register_page(__name__, path="/", name="Ringkasan", title="Ringkasan — Pusat Kendali Logistik")


def layout(**_kwargs):
    return tata_letak_wilayah()
