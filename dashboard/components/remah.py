"""Breadcrumb of the current region: province › kab/kota › kecamatan › desa."""

from __future__ import annotations

from collections.abc import Callable

import dash_bootstrap_components as dbc

from dashboard import urls


def remah(
    rantai: list[tuple[str, str]], alamat: Callable[[str], str] = urls.wilayah
) -> dbc.Breadcrumb:
    """Return a breadcrumb linking every region of the chain; the last one is the current."""
    item = [
        {"label": nama, "href": alamat(kode), "external_link": False} for kode, nama in rantai[:-1]
    ]
    if rantai:
        item.append({"label": rantai[-1][1], "active": True})
    return dbc.Breadcrumb(items=item, className="mb-0 kendali-remah-isi")
