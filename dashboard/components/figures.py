"""Plotly figures of the command views: offline, Indonesian numbers, one look for all pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go
from dash import dcc

from dashboard.domain.angka import format_angka, format_persen
from dashboard.domain.distribusi import RUTE, label_h

# No Plotly logo or cloud links; images are saved locally by the browser. The toolbar, month
# and day names and number formats in Bahasa Indonesia (the "id" locale: assets/plotly-id.js).
KONFIGURASI_GRAFIK: dcc.Graph.Config = {
    "locale": "id",
    "displaylogo": False,
    "showLink": False,
    "showEditInChartStudio": False,
    "showSendToCloud": False,
    "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# The system fonts Bootstrap uses: nothing for the browser to fetch.
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
BIRU = "#0b3d91"
MERAH = "#c92a2a"
ABU = "#495057"
HIJAU = "#2b8a3e"
WARNA_TAHAP = {"ppk": BIRU, "pps": "#e8590c", "tps": HIJAU}
TINGGI_STOK = 560
TINGGI_LINIMASA = 440


def wadah_grafik(id_: str, tinggi: int) -> dcc.Graph:
    """Return a graph that follows its panel's width at a fixed height, without Plotly links."""
    return dcc.Graph(
        id=id_, config=KONFIGURASI_GRAFIK, responsive=True, style={"height": f"{tinggi}px"}
    )


# The parts of Plotly's "plotly_white" template these charts show. The named template costs
# ~7 ms to build per figure and ~8 KB in every answer (issue 16); every colour here is set.
_SUMBU = {
    "gridcolor": "#EBF0F8",
    "linecolor": "#EBF0F8",
    "zerolinecolor": "#EBF0F8",
    "zerolinewidth": 2,
    "ticks": "",
    "automargin": True,
    "title": {"standoff": 15},
}
TEMPLAT = {
    "layout": {
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": _SUMBU,
        "yaxis": _SUMBU,
        "hoverlabel": {"align": "left"},
    }
}


def _tata(fig: go.Figure, tinggi: int) -> go.Figure:
    """Apply the shared look: white background, system font, Indonesian separators."""
    fig.update_layout(
        template=TEMPLAT,
        separators=",.",  # decimal comma, thousands dot
        font={"family": FONT, "size": 13, "color": "#212529"},
        height=tinggi,
        margin={"l": 10, "r": 20, "t": 40, "b": 40},
        # At the foot of the figure: above the plot it would run under the mode bar on a
        # laptop, and just below the plot it would cover two-line tick labels.
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "x": 0,
            "title": None,
        },
        hoverlabel={"font": {"family": FONT}},
    )
    return fig


def grafik_kosong(pesan: str = "Belum ada data.", tinggi: int = 300) -> go.Figure:
    """Return an empty figure that says why it is empty."""
    fig = go.Figure()
    fig.add_annotation(text=pesan, showarrow=False, font={"size": 15, "color": "#6c757d"})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _tata(fig, tinggi)


def nama_pendek(nama: str) -> str:
    """Shorten 'Kabupaten X' to 'Kab. X' so 35 names fit on one axis."""
    return nama.replace("Kabupaten ", "Kab. ", 1)


def _bungkus(nama: str, lebar: int = 24) -> str:
    """Break a long item name in two (before its bracket if any) so the axis stays narrow."""
    if len(nama) <= lebar:
        return nama
    if " (" in nama:
        return nama.replace(" (", "<br>(", 1)
    potong = nama.rfind(" ", 0, lebar)
    return nama if potong < 0 else f"{nama[:potong]}<br>{nama[potong + 1 :]}"


def grafik_per_jenis(per_jenis: pd.DataFrame) -> go.Figure:
    """Per item, as shares of need: received good, damaged, packed, dispatched to the PPK.

    Shares (not units) keep 55.000 envelopes visible next to 28 million ballots; the hover
    gives the units.
    """
    if per_jenis.empty:
        return grafik_kosong()
    nama = [_bungkus(n) for n in per_jenis["nama"]]
    kebutuhan = per_jenis["kebutuhan"].where(per_jenis["kebutuhan"] > 0)
    fig = go.Figure()
    seri = [
        ("baik", "Diterima baik", BIRU),
        ("rusak", "Rusak", MERAH),
        ("disortir", "Sortir-lipat", "#f59f00"),
        ("dikirim", "Dikirim ke PPK", HIJAU),
    ]
    for kolom, label, warna in seri:
        nilai = per_jenis[kolom]
        if kolom == "disortir":  # only ballots are sorted and folded
            nilai = nilai.where(per_jenis["jenis_kode"].str.startswith("SS-"))
        rasio = nilai / kebutuhan
        fig.add_bar(
            name=label,
            y=nama,
            x=rasio,
            orientation="h",
            marker_color=warna,
            customdata=[
                [format_angka(v), format_angka(k), s]
                for v, k, s in zip(nilai, per_jenis["kebutuhan"], per_jenis["satuan"], strict=True)
            ],
            hovertemplate=(
                f"<b>%{{y}}</b><br>{label}: %{{customdata[0]}} dari %{{customdata[1]}} "
                "%{customdata[2]} (%{x:.1%})<extra></extra>"
            ),
            text=[format_persen(r) if kolom == "rusak" else "" for r in rasio],
            textposition="outside",
            textfont={"size": 11, "color": MERAH},
            constraintext="none",
            cliponaxis=False,
        )
    fig.add_vline(x=1, line_dash="dot", line_color="#495057")
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    fig.update_xaxes(tickformat=".0%", range=[0, 1.12], title=None)
    fig.update_yaxes(autorange="reversed", automargin=True)
    return _tata(fig, TINGGI_STOK)


def grafik_cakupan(tabel: pd.DataFrame) -> go.Figure:
    """Coverage of need per kab/kota for one item, lowest first; red where stock is short.

    Dots rather than bars: coverage sits near 100%, and a bar on a cut axis would exaggerate.
    """
    t = tabel.dropna(subset=["cakupan"]).sort_values(["cakupan", "kode"])
    if t.empty:
        return grafik_kosong()
    kurang = t["kekurangan"] > 0
    fig = go.Figure()
    fig.add_scatter(
        x=t["cakupan"],
        y=[nama_pendek(n) for n in t["nama"]],
        mode="markers",
        marker={"size": 11, "color": [MERAH if k else HIJAU for k in kurang], "line": {"width": 0}},
        customdata=[
            [format_angka(s), format_angka(k), format_angka(c)]
            for s, k, c in zip(t["stok_bersih"], t["kebutuhan"], t["kekurangan"], strict=True)
        ],
        hovertemplate=(
            "<b>%{y}</b><br>Cakupan %{x:.2%}<br>Stok baik bersih %{customdata[0]} "
            "dari %{customdata[1]}<br>Kekurangan %{customdata[2]}<extra></extra>"
        ),
        showlegend=False,
    )
    fig.add_vline(x=1, line_dash="dot", line_color="#495057")
    bawah = min(float(t["cakupan"].min()), 0.99)
    atas = max(float(t["cakupan"].max()), 1.0)
    jarak = (atas - bawah) * 0.06
    fig.update_xaxes(tickformat=".1%", range=[bawah - jarak, atas + jarak], title=None)
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 11}, dtick=1)
    return _tata(fig, TINGGI_STOK)


def _label_hari(d: dt.date, hari_pemungutan: dt.date) -> str:
    return f"{label_h((d - hari_pemungutan).days)}<br>{d:%d-%m}"


def _tengah_malam(d: dt.date, jam: int) -> str:
    """A moment `jam` hours from the start of a day, as an axis position."""
    return (dt.datetime.combine(d, dt.time()) + dt.timedelta(hours=jam)).isoformat()


def _garis_hari(fig: go.Figure, d: dt.date, teks: str, warna: str) -> None:
    """Mark a day with a vertical line and a label (shapes: dates and add_vline disagree)."""
    x = d.isoformat()
    fig.add_shape(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": warna, "width": 1.5, "dash": "dot"},
    )
    fig.add_annotation(
        x=x,
        y=1,
        yref="paper",
        text=teks,
        showarrow=False,
        yanchor="bottom",
        font={"color": warna, "size": 12},
    )


def grafik_linimasa(
    nyata: pd.DataFrame,
    rencana: pd.DataFrame,
    hari_pemungutan: dt.date,
    acuan: dt.date,
) -> go.Figure:
    """Cumulative share of need arrived per hop and day, with the plan dashed beside it."""
    if rencana.empty:
        return grafik_kosong()
    fig = go.Figure()
    for tahap, label in RUTE.items():
        warna = WARNA_TAHAP[str(tahap)]
        # (frame, column, name, line style, other trace style, hover number format)
        seri = (
            (rencana, "target", "Rencana", {"dash": "dash", "width": 1.5}, {"opacity": 0.7}, ".0%"),
            (nyata, "rasio", "Tiba", {"width": 3}, {"marker": {"size": 7}}, ".1%"),
        )
        for frame, kolom, awal, garis, gaya, format_ in seri:
            f = frame[frame["tahap"] == str(tahap)]
            fig.add_scatter(
                x=[d.isoformat() for d in f["tanggal"]],
                y=f[kolom],
                name=f"{awal} {label}",
                legendgroup=str(tahap),
                mode="lines+markers" if "marker" in gaya else "lines",
                line={"color": warna, **garis},
                hovertemplate=f"{awal} {label}: %{{y:{format_}}}<extra></extra>",
                **gaya,
            )
    hari = list(rencana["tanggal"].drop_duplicates())
    _garis_hari(fig, hari_pemungutan, "Hari pemungutan", MERAH)
    if hari[0] <= acuan < hari_pemungutan:
        _garis_hari(fig, acuan, "Hari ini", ABU)
    fig.update_xaxes(
        tickvals=[d.isoformat() for d in hari],
        ticktext=[_label_hari(d, hari_pemungutan) for d in hari],
        range=[_tengah_malam(hari[0], -12), _tengah_malam(hari[-1], 12)],
        title=None,
    )
    fig.update_yaxes(tickformat=".0%", range=[0, 1.05], title=None)
    fig.update_layout(hovermode="x unified")
    return _tata(fig, TINGGI_LINIMASA)


# Okabe–Ito hues: told apart with every common colour-vision deficiency, on light and dark.
WARNA_TAHAP_LAYAR = {
    False: {"ppk": "#0072B2", "pps": "#D55E00", "tps": "#009E73"},
    True: {"ppk": "#56B4E9", "pps": "#E69F00", "tps": "#2EC4A0"},
}


def gaya_layar(fig: go.Figure, skala: float, gelap: bool) -> go.Figure:
    """Restyle a figure for the projector: text of 28 px at 1920×1080 (scaled to the screen),
    a transparent background for either theme, thicker lines, colour-blind-safe hop colours."""
    teks = "#ffffff" if gelap else "#000000"
    kisi = "rgba(255,255,255,.25)" if gelap else "rgba(0,0,0,.18)"
    besar = round(28 * skala, 1)
    fig.update_layout(
        height=None,
        autosize=True,
        font={"size": besar, "color": teks},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        margin={"l": 10, "r": 30, "t": round(50 * skala), "b": round(10 * skala)},
        legend={
            "font": {"size": besar},
            "orientation": "v",
            "yref": "paper",
            "y": 1,
            "yanchor": "top",
            "x": 1.01,
            "xanchor": "left",
            "bgcolor": "rgba(0,0,0,0)",
        },
    )
    fig.update_xaxes(gridcolor=kisi, linecolor=teks, tickfont={"size": besar})
    fig.update_yaxes(gridcolor=kisi, linecolor=teks, tickfont={"size": besar}, zeroline=False)
    warna = WARNA_TAHAP_LAYAR[gelap]
    for t in fig.data:
        if t.legendgroup in warna:
            lebar = 3 * skala if t.line.dash else 6 * skala
            t.update(line={"color": warna[t.legendgroup], "width": lebar})
            if t.marker is not None:
                t.update(marker={"size": 12 * skala})
    # The "today" mark is dark grey for white pages; on the projector it takes the text colour.
    fig.for_each_annotation(
        lambda a: a.update(
            font={"size": besar, "color": teks if a.font.color == ABU else a.font.color}
        )
    )
    fig.for_each_shape(lambda s: s.update(line={"color": teks}) if s.line.color == ABU else None)
    return fig
