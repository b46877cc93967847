"""Replay pieces: the date slider and time input, the "not live" banner, the change since
yesterday under a headline figure, and links that keep ?per= while drilling down."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.domain.banding import KPI_PERSEN

JAM_BAWAAN = "18.00"  # a replay picked by day alone shows that day's evening


def panel_putar() -> html.Div:
    """The replay bar of a page; callbacks.putar_ulang fills it from the page arguments."""
    return html.Div(
        [
            html.Div(id=ids.PUTAR_SPANDUK),
            html.Div(
                [
                    html.Span(
                        [html.I(className="bi bi-clock-history me-1"), "Putar ulang"],
                        className="kendali-putar-label small text-muted text-nowrap",
                    ),
                    html.Div(
                        dcc.Slider(
                            id=ids.PUTAR_HARI,
                            min=0,
                            max=0,
                            step=1,
                            value=0,
                            marks=None,
                            included=True,
                            updatemode="mouseup",
                            allow_direct_input=False,
                        ),
                        className="flex-grow-1 kendali-putar-slider px-3",
                    ),
                    dbc.Input(
                        id=ids.PUTAR_JAM,
                        type="text",
                        value=JAM_BAWAAN,
                        debounce=True,
                        placeholder="jj.mm WIB",
                        maxlength=5,
                        inputmode="numeric",
                        size="sm",
                        class_name="kendali-putar-jam flex-shrink-0",
                        style={"width": "5.5rem"},
                    ),
                ],
                className="d-flex align-items-center gap-2",
            ),
        ],
        id=ids.PUTAR_PANEL,
        className="kendali-putar mb-2",
    )


def tanda_hari(awal: dt.date, akhir: dt.date) -> dict[int, dict[str, Any]]:
    """The slider's labels: the first day, every week (or every few weeks, so a long campaign
    such as a Pemilu keeps about ten) counted back from the last, and the last day (a label
    per day would overlap on a laptop)."""
    n = (akhir - awal).days
    langkah = 7 * max(1, -(-n // 70))
    hari = {0, n, *range(n, 0, -langkah)}
    if n >= 4:
        hari.discard(next((i for i in sorted(hari) if 0 < i < 4), -1))  # too close to the first
    return {i: {"label": f"{awal + dt.timedelta(days=i):%d-%m}"} for i in sorted(hari)}


def spanduk(momen: dt.datetime, langsung: str) -> dbc.Alert:
    """The banner of a replay: when it shows, that it is not live, and the way back."""
    return dbc.Alert(
        [
            html.I(className="bi bi-clock-history me-2"),
            html.Strong(f"Tampilan per {momen:%d-%m-%Y %H.%M} WIB — bukan data terkini"),
            dcc.Link(
                [html.I(className="bi bi-broadcast me-1"), "Kembali ke data terkini"],
                href=langsung,
                id="putar-langsung",
                className="btn btn-sm btn-warning ms-auto",
            ),
        ],
        color="warning",
        className="d-flex align-items-center flex-wrap gap-2 py-2 mb-2",
        id="putar-spanduk-isi",
    )


def format_selisih(kunci: str, nilai: float | None) -> str | None:
    """'▲ 3,2 poin' for a share, '▲ 12' for a count, 'tetap' for no change; None if unknown."""
    if nilai is None:
        return None
    if kunci in KPI_PERSEN:
        # Half up, on the figure rounded first to 6 places: 8,75 points read 8,8, as by hand.
        persepuluh = Decimal(f"{abs(nilai):.6f}").quantize(Decimal("0.1"), ROUND_HALF_UP)
        angka = f"{persepuluh}".replace(".", ",")
        if angka == "0,0":
            return "tetap"
        return f"{'▲' if nilai > 0 else '▼'} {angka} poin"
    bulat = round(nilai)
    if bulat == 0:
        return "tetap"
    return f"{'▲' if bulat > 0 else '▼'} {abs(bulat):,}".replace(",", ".")


def baris_selisih(kunci: str, nilai: float | None, sejak: str) -> html.Div | None:
    """The change of one headline figure, under it; an incident more is bad news (red)."""
    teks = format_selisih(kunci, nilai)
    if teks is None:
        return None
    naik_buruk = kunci == "kejadian_aktif"
    arah = "tetap" if teks == "tetap" else ("naik" if (nilai or 0) > 0 else "turun")
    kelas = {"naik": "text-danger" if naik_buruk else "text-success", "turun": "text-muted"}
    return html.Div(
        f"{teks} dibanding {sejak}",
        className=f"kpi-selisih small {kelas.get(arah, 'text-muted')}",
        title=f"Perubahan dibanding {sejak}",
    )


def tautan_per(isi: Any, per: str | None) -> Any:
    """Keep ?per= on every link of a piece that leads to a page that replays (in place)."""
    if per is not None:
        _ubah_tautan(isi, per)
    return isi


def _ubah_tautan(x: Any, per: str) -> None:
    if isinstance(x, list | tuple):
        for y in x:
            _ubah_tautan(y, per)
        return
    if isinstance(x, dict) and isinstance(x.get("href"), str):
        x["href"] = urls.dengan_per(x["href"], per)
        return
    if isinstance(x, Component):
        tautan: Any = x  # a link component: any of them may carry an href
        href = getattr(tautan, "href", None)
        if isinstance(href, str):
            tautan.href = urls.dengan_per(href, per)
        for nama in ("children", "items"):
            _ubah_tautan(getattr(x, nama, None), per)
