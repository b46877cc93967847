"""Rapat (/rapat): start the presenter, record and close meeting decisions, meeting outputs."""

import dash

from dashboard.components.rapat import tata_letak_rapat

dash.register_page(__name__, path="/rapat", name="Rapat", title="Rapat — Pusat Kendali Logistik")


def layout(**_kwargs):
    return tata_letak_rapat()
