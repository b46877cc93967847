"""Pieces of the overview: KPI cards, the region table with progress bars, incident list."""

from __future__ import annotations

import math

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.kejadian import JENIS_KEJADIAN, KEPARAHAN, STATUS_KEJADIAN

WARNA_KEPARAHAN = {"kritis": "danger", "tinggi": "warning", "sedang": "info", "rendah": "secondary"}


def _nilai(d: dict, k: str) -> float | None:
    v = d.get(k)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    return float(v)


def _kartu(judul: str, nilai: str, keterangan: str, ikon: str, warna: str = "primary"):
    return dbc.Card(
        dbc.CardBody(
            [
                html.Div([html.I(className=f"bi {ikon} me-2"), judul], className="kpi-judul"),
                html.Div(nilai, className=f"kpi-nilai text-{warna}"),
                html.Div(keterangan, className="kpi-ket"),
            ]
        ),
        className="kendali-kpi",
    )


def warna_progres(rasio: float | None) -> str:
    """Colour a share of need met: green when (nearly) complete, amber, red when far behind."""
    if rasio is None:
        return "secondary"
    return "success" if rasio >= 0.98 else ("warning" if rasio >= 0.6 else "danger")


def kartu_kpi(total: dict) -> list:
    """Return the row of key figures for a region."""
    tps = int(total.get("jumlah_tps") or 0)
    lengkap = int(total.get("tps_lengkap") or 0)
    kartu = [
        _kartu(
            "TPS", format_angka(tps), f"DPT {format_angka(total.get('dpt'))}", "bi-geo-alt", "dark"
        ),
    ]
    for kunci, judul, ket, ikon in (
        ("stok", "Stok gudang", "kebutuhan diterima baik", "bi-box-seam"),
        ("sortir", "Sortir-lipat", "surat suara selesai", "bi-stack"),
        ("terima_ppk", "Tiba di PPK", "dari kebutuhan kecamatan", "bi-truck"),
        ("terima_pps", "Tiba di PPS", "dari kebutuhan desa/kelurahan", "bi-truck"),
    ):
        r = _nilai(total, kunci)
        kartu.append(_kartu(judul, format_persen(r), ket, ikon, warna_progres(r)))
    r_tps = lengkap / tps if tps else None
    kartu.append(
        _kartu(
            "TPS lengkap",
            format_persen(r_tps),
            f"{format_angka(lengkap)} / {format_angka(tps)} TPS",
            "bi-check2-square",
            warna_progres(r_tps),
        )
    )
    n_kejadian = int(total.get("kejadian_aktif") or 0)
    kartu.append(
        _kartu(
            "Kejadian aktif",
            format_angka(n_kejadian),
            "terbuka atau ditangani",
            "bi-exclamation-triangle",
            "danger" if n_kejadian else "success",
        )
    )
    return kartu


def _bar(rasio: float | None) -> html.Div:
    if rasio is None or (isinstance(rasio, float) and math.isnan(rasio)):
        return html.Span("–", className="text-muted")
    return html.Div(
        [
            dbc.Progress(value=rasio * 100, color=warna_progres(rasio), className="kendali-bar"),
            html.Span(format_persen(rasio), className="kendali-bar-label"),
        ],
        className="d-flex align-items-center gap-2",
    )


KOLOM_TABEL = [
    ("stok", "Stok gudang"),
    ("sortir", "Sortir-lipat"),
    ("terima_ppk", "Tiba di PPK"),
    ("terima_pps", "Tiba di PPS"),
    ("terima_tps", "Tiba di TPS"),
]


def tabel_wilayah(anak: pd.DataFrame, nama_induk: str) -> list:
    """Return a table of child regions with their progress at each step."""
    kepala = html.Thead(
        html.Tr(
            [html.Th("Wilayah"), html.Th("TPS", className="text-end")]
            + [html.Th(label) for _, label in KOLOM_TABEL]
            + [html.Th("Kejadian", className="text-end")]
        )
    )
    baris = []
    for r in anak.to_dict("records"):
        baris.append(
            html.Tr(
                [
                    html.Td(dcc.Link(r["nama"], href=f"/wilayah/{r['kode']}")),
                    html.Td(format_angka(r.get("jumlah_tps")), className="text-end"),
                ]
                + [html.Td(_bar(r.get(k))) for k, _ in KOLOM_TABEL]
                + [
                    html.Td(
                        dbc.Badge(str(r["kejadian_aktif"]), color="danger")
                        if r.get("kejadian_aktif")
                        else "",
                        className="text-end",
                    )
                ]
            )
        )
    return [
        html.H2(f"Kabupaten/Kota di {nama_induk}", className="kendali-h2"),
        dbc.Table(
            [kepala, html.Tbody(baris)],
            hover=True,
            size="sm",
            className="kendali-tabel mb-0",
            id="tabel-wilayah",
        ),
    ]


def daftar_kejadian(kejadian: pd.DataFrame, batas: int = 8) -> list:
    """Return the active incidents, worst first."""
    judul = html.H2("Kejadian aktif", className="kendali-h2")
    if kejadian.empty:
        return [judul, html.P("Tidak ada kejadian aktif.", className="text-muted")]
    item = []
    for r in kejadian.head(batas).to_dict("records"):
        item.append(
            dbc.ListGroupItem(
                [
                    html.Div(
                        [
                            dbc.Badge(
                                KEPARAHAN[r["keparahan"]],
                                color=WARNA_KEPARAHAN[r["keparahan"]],
                                className="me-2",
                            ),
                            html.Span(
                                JENIS_KEJADIAN.get(r["jenis"], r["jenis"]),
                                className="text-muted small",
                            ),
                        ]
                    ),
                    html.Div(r["judul"], className="fw-semibold"),
                    html.Div(
                        f"{r['wilayah_nama']} · {STATUS_KEJADIAN[r['status']]}",
                        className="small text-muted",
                    ),
                ]
            )
        )
    lebih = len(kejadian) - batas
    if lebih > 0:
        item.append(dbc.ListGroupItem(f"… dan {lebih} lainnya", className="text-muted"))
    return [judul, dbc.ListGroup(item, flush=True)]
