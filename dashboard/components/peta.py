"""The readiness map: dash-leaflet choropleth, metric switch, legend, and a side table."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import dash_leaflet as dl
from dash import html
from dash.development.base_component import Component
from dash_extensions.javascript import Namespace

from dashboard import ids, urls
from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.kelas import METRIK, WARNA_KOSONG, Metrik

ns = Namespace("dashExtensions", "kendali")
PUSAT_INDONESIA = (-2.5, 118.0)


def tata_letak_peta(tile_url: str = "") -> html.Div:
    """Return the map page frame; callbacks set the layer URL and the colours."""
    lapisan = [
        dl.GeoJSON(
            id=ids.PETA_GEOJSON,
            url=None,
            style=ns("gaya"),
            hoverStyle=ns("sorot"),
            pointToLayer=ns("titik"),
            onEachFeature=ns("setiap"),
            zoomToBounds=True,
            hideout={},
        ),
    ]
    if tile_url:
        lapisan.insert(0, dl.TileLayer(url=tile_url))
    peta = dl.Map(
        lapisan,
        id=ids.PETA_MAP,
        center=PUSAT_INDONESIA,
        zoom=5,
        zoomSnap=0.25,
        zoomAnimation=False,  # avoids Leaflet's _leaflet_pos error when a page leaves mid-zoom
        style={"height": "100%", "width": "100%"},
        className="kendali-peta",
        attributionControl=False,
    )
    pilihan = dbc.RadioItems(
        id=ids.PETA_METRIK,
        options=[{"label": m.label, "value": k} for k, m in METRIK.items()],
        value="indeks",
        inline=True,
        className="kendali-metrik",
        inputClassName="btn-check",
        labelClassName="btn btn-outline-primary btn-sm",
        labelCheckedClassName="active",
    )
    return html.Div(
        [
            html.Div(
                [
                    html.Div(id=ids.PETA_JUDUL, className="me-auto"),
                    pilihan,
                    dbc.Button(
                        [html.I(className="bi bi-arrow-up-left me-1"), "Naik"],
                        id=ids.PETA_NAIK,
                        href=urls.peta(),
                        color="secondary",
                        size="sm",
                        outline=True,
                        className="ms-2",
                        external_link=False,
                    ),
                ],
                className="d-flex align-items-center gap-2 mb-2 flex-wrap",
            ),
            html.Div(
                [
                    html.Div(
                        [peta, html.Div(id=ids.PETA_LEGENDA, className="kendali-legenda")],
                        className="kendali-panel kendali-peta-bingkai flex-grow-1",
                    ),
                    html.Div(id=ids.PETA_TABEL, className="kendali-panel kendali-sisi"),
                ],
                className="d-flex gap-3 kendali-isi-peta",
            ),
            html.Div(id=ids.PETA_KETERANGAN, className="small text-muted mt-2"),
        ]
    )


def hideout(
    metrik: Metrik, nilai: dict[str, float | None], kelas: dict[str, str | None] | None = None
) -> dict[str, object]:
    """Return everything the style and tooltip functions need; no geometry.

    Fill colours and the tooltip's figures are decided here, by the same functions as the
    badges and tables (`Metrik.warna_wilayah`, `format_nilai`), so the map cannot disagree.
    """
    kelas = kelas or {}
    return {
        "isi": {k: metrik.warna_wilayah(v, kelas.get(k)) for k, v in nilai.items()},
        "teks": {k: format_nilai(metrik, v) for k, v in nilai.items()},
        "kosong": WARNA_KOSONG,
        "label": metrik.label,
    }


def legenda(metrik: Metrik) -> list[Component]:
    """Return the map legend: one swatch per class, same breaks and colours as the fill."""
    baris = [
        html.Div(
            [html.Span(className="kendali-warna", style={"background": warna}), label],
            className="kendali-legenda-baris",
        )
        for warna, label in reversed(list(zip(metrik.warna, metrik.label_kelas(), strict=True)))
    ]
    baris.append(
        html.Div(
            [
                html.Span(className="kendali-warna", style={"background": WARNA_KOSONG}),
                "tanpa data",
            ],
            className="kendali-legenda-baris",
        )
    )
    if metrik.kode == "indeks":
        baris.append(
            html.Div(
                "kelas turun bila stok kurang atau tertinggal dari rencana",
                className="kendali-legenda-catatan",
            )
        )
    return [html.Div(metrik.label, className="fw-semibold mb-1"), *baris]


def format_nilai(metrik: Metrik, v: float | None) -> str:
    """Format a metric value for text."""
    return format_persen(v) if metrik.persen else format_angka(v)


def tabel_peta(metrik: Metrik, baris: list[dict[str, Any]], judul: str) -> list[Component]:
    """Return the side table: children sorted worst first for the chosen metric."""
    terbalik = metrik.warna[0] != metrik.warna[-1] and metrik.kode in ("rusak", "kejadian")
    urut = sorted(
        baris,
        key=lambda r: (r["nilai"] is None, -(r["nilai"] or 0) if terbalik else (r["nilai"] or 0)),
    )
    # For distribution, what was sent beside what arrived: the difference is on the road.
    dikirim = metrik.kode == "distribusi"
    isi = [
        html.Tr(
            [
                html.Td(
                    html.Span(
                        className="kendali-warna",
                        style={"background": metrik.warna_wilayah(r["nilai"], r.get("kelas"))},
                    )
                ),
                html.Td(
                    dbc.NavLink(r["nama"], href=urls.wilayah(r["kode"]), className="p-0 text-wrap")
                ),
                html.Td(format_nilai(metrik, r["nilai"]), className="text-end text-nowrap"),
            ]
            + (
                [html.Td(format_persen(r.get("dikirim")), className="text-end text-muted")]
                if dikirim
                else []
            ),
            id=f"peta-baris-{r['kode']}",
        )
        for r in urut
    ]
    kepala = html.Thead(
        html.Tr(
            [html.Th(""), html.Th("Wilayah"), html.Th(metrik.label, className="text-end text-wrap")]
            + ([html.Th("Dikirim", className="text-end")] if dikirim else [])
        )
    )
    return [
        html.H2(judul, className="kendali-h2"),
        html.P(metrik.keterangan, className="small text-muted mb-2"),
        dbc.Table(
            [kepala, html.Tbody(isi)],
            size="sm",
            hover=True,
            className="kendali-tabel mb-0",
            id=ids.PETA_TABEL_ISI,
        ),
    ]
