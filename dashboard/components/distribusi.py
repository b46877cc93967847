"""Pieces of the distribution view: hop cards, the late list, the kab/kota x hop table."""

from __future__ import annotations

import math
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.domain.angka import format_persen
from dashboard.domain.distribusi import RUTE, label_h
from dashboard.domain.rencana import terlambat
from dashboard.domain.wilayah import KODE_NASIONAL


def _ada(v: object) -> bool:
    """Neither missing nor NaN. Callers test `is None` as well, so the checker narrows the type."""
    return v is not None and not (isinstance(v, float) and math.isnan(v))


def warna_rencana(realisasi: float | None, target: float) -> str:
    """Colour progress against the plan: red when late, amber when just behind, else green."""
    if realisasi is None or not _ada(realisasi):
        return "secondary"
    if target <= 0 and realisasi == 0:
        return "secondary"  # nothing due yet, nothing done: not a success either
    if terlambat(realisasi, target):
        return "danger"
    return "warning" if realisasi < target else "success"


def bar_rencana(realisasi: float | None, target: float, label: bool = True) -> html.Div:
    """Return a progress bar with the plan's target marked as a tick on it."""
    if realisasi is None or not _ada(realisasi):
        return html.Div("–", className="text-muted")
    return html.Div(
        [
            html.Div(
                [
                    dbc.Progress(
                        value=realisasi * 100,
                        color=warna_rencana(realisasi, target),
                        className="kendali-rencana-progres",
                    ),
                    html.Span(
                        className="kendali-rencana-target",
                        style={"left": f"{min(target, 1) * 100:.1f}%"},
                        title=f"Rencana {format_persen(target, 0)}",
                    ),
                ],
                className="kendali-rencana-bar",
            ),
            html.Span(format_persen(realisasi), className="kendali-bar-label") if label else None,
        ],
        className="d-flex align-items-center gap-2",
    )


def kartu_rute(diri: pd.DataFrame, rute: pd.DataFrame, h: int) -> list[dbc.Card]:
    """Return one card per hop: arrived share against the plan, dispatched, late kab/kota."""
    kartu = []
    for tahap, label in RUTE.items():
        baris = diri[diri["tahap"] == str(tahap)]
        if baris.empty:
            continue
        r = baris.iloc[0]
        n_telat = int(rute.loc[rute["tahap"] == str(tahap), "terlambat"].astype(bool).sum())
        warna = warna_rencana(r["terima"], r["target"])
        kartu.append(
            dbc.Card(
                dbc.CardBody(
                    [
                        html.Div(
                            [html.I(className="bi bi-truck me-2"), label], className="kpi-judul"
                        ),
                        html.Div(
                            [
                                html.Span(format_persen(r["terima"]), className=f"text-{warna}"),
                                html.Span(" tiba", className="kendali-kpi-satuan"),
                            ],
                            className="kpi-nilai",
                        ),
                        bar_rencana(r["terima"], r["target"], label=False),
                        html.Div(
                            f"rencana {label_h(h)}: {format_persen(r['target'], 0)} · "
                            f"dikirim {format_persen(r['kirim'])}",
                            className="kpi-ket",
                        ),
                        dbc.Badge(
                            f"{n_telat} kab/kota terlambat" if n_telat else "semua sesuai rencana",
                            color="danger" if n_telat else "success",
                            className="mt-1",
                        ),
                    ]
                ),
                className="kendali-kpi",
                id=f"kartu-rute-{tahap}",
            )
        )
    return kartu


def _uraian_telat(r: dict[str, Any]) -> list[Component | str]:
    """Arrived vs plan and the gap; what is on the road only when some is (breaks between)."""
    bagian = [
        f"tiba {format_persen(r['terima'])}",
        f"rencana {format_persen(r['target'], 0)}",
        f"−{format_persen(r['selisih']).replace('%', ' poin')}",
    ]
    if r["kirim"] - r["terima"] > 0.0005:
        bagian.append(f"dikirim {format_persen(r['kirim'])}")
    uraian: list[Component | str] = []
    for i, teks in enumerate(bagian):
        uraian += ([" · "] if i else []) + [html.Span(teks, className="text-nowrap")]
    return uraian


def daftar_terlambat(terlambat_: pd.DataFrame, h: int) -> list[Component]:
    """Return the kab/kota x hop behind plan, furthest behind first, each linking to its page."""
    judul = html.H2(
        [
            "Terlambat dari rencana ",
            dbc.Badge(str(len(terlambat_)), color="danger" if len(terlambat_) else "success"),
        ],
        className="kendali-h2",
    )
    if terlambat_.empty:
        return [
            judul,
            html.P(f"Semua kab/kota sesuai rencana {label_h(h)}.", className="text-muted"),
        ]
    item = [
        dbc.ListGroupItem(
            [
                html.Div(
                    [
                        dcc.Link(
                            r["nama"], href=urls.wilayah(r["wilayah_kode"]), className="fw-semibold"
                        ),
                        dbc.Badge(RUTE[r["tahap"]], color="danger", className="ms-auto"),
                    ],
                    className="d-flex align-items-center gap-2",
                ),
                html.Div(_uraian_telat(r), className="small text-muted"),
            ]
        )
        for r in terlambat_.to_dict("records")
    ]
    return [
        judul,
        dbc.ListGroup(item, flush=True, id=ids.DISTRIBUSI_DAFTAR, className="kendali-gulir"),
    ]


def tabel_rute(rute: pd.DataFrame, h: int) -> list[Component]:
    """Return every kab/kota with, per hop, the arrived share against the plan and dispatched."""
    judul = html.H2(f"Progres per kabupaten/kota · rencana {label_h(h)}", className="kendali-h2")
    if rute.empty:
        return [judul, html.P("Belum ada data.", className="text-muted")]
    target = rute.groupby("tahap")["target"].max()
    kepala = html.Thead(
        html.Tr(
            [html.Th("Kabupaten/Kota")]
            + [
                html.Th(
                    [
                        label,
                        html.Div(
                            f"rencana {format_persen(target.get(str(t), 0), 0)}",
                            className="small text-muted fw-normal",
                        ),
                    ]
                )
                for t, label in RUTE.items()
            ]
        )
    )
    per = rute.set_index(["wilayah_kode", "tahap"])
    baris = []
    for kode, nama in rute[["wilayah_kode", "nama"]].drop_duplicates().itertuples(index=False):
        sel = []
        for t in RUTE:
            r = per.loc[(kode, str(t))]
            kelas = "kendali-sel-telat" if r["terlambat"] else ""
            sel.append(
                html.Td(
                    html.Div(
                        [
                            bar_rencana(r["terima"], r["target"]),
                            html.Span(
                                f"dikirim {format_persen(r['kirim'])}", className="kendali-sel-ket"
                            ),
                        ],
                        className="d-flex align-items-center gap-3",
                    ),
                    className=kelas,
                )
            )
        baris.append(html.Tr([html.Td(dcc.Link(nama, href=urls.wilayah(kode)))] + sel))
    return [
        judul,
        dbc.Table(
            [kepala, html.Tbody(baris)],
            hover=True,
            size="sm",
            responsive=True,
            className="kendali-tabel mb-0",
            id=ids.TABEL_RUTE,
        ),
    ]


def pilihan_wilayah(kode: str, nama: str, anak: pd.DataFrame) -> list[dict[str, str]]:
    """Return the timeline's region options: the province first, then each kab/kota."""
    lingkup = "nasional" if kode == KODE_NASIONAL else "seluruh provinsi"
    return [{"label": f"{nama} ({lingkup})", "value": kode}] + [
        {"label": r["nama"], "value": r["kode"]} for r in anak.to_dict("records")
    ]
