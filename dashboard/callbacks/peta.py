"""Map callbacks: the layer URL on navigation, colours on a metric switch, drill-down on click."""

from __future__ import annotations

from typing import Any

import dash
from dash import Input, NoUpdate, Output, State, html, no_update

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca
from dashboard.components import peta as komponen
from dashboard.components.putar_ulang import tautan_per
from dashboard.domain.kelas import METRIK, Metrik
from dashboard.domain.wilayah import Tingkat, induk, kedalaman, provinsi_dari, tingkat_peta
from dashboard.services import peta, tampilan
from dashboard.services.peta import NilaiPeta
from dashboard.urls import ArgumenHalaman


def _kode_peta(arg: ArgumenHalaman | None) -> str | None:
    """The region whose children the map shows (the campaign root on /peta), or None when
    the page has no map arguments."""
    if arg is None:
        return None
    kode = arg.get("kode")
    if kode is None:
        info = tampilan.info_kampanye()
        return info.provinsi_kode if info else None
    return kode


def lapisan(arg: ArgumenHalaman | None) -> tuple:
    """Point the map at the boundary layer of the region in the URL (geometry by URL only)."""
    kode = _kode_peta(arg)
    if kode is None:
        return no_update, no_update, no_update
    try:
        tingkat = tingkat_peta(kode)
    except ValueError:
        tingkat = 0
    if tingkat not in (Tingkat.KABKOTA, Tingkat.KECAMATAN):
        return (
            None,
            html.Div(f"Peta untuk kode '{kode}' tidak tersedia.", className="text-danger"),
            urls.peta(),
        )
    url = urls.lapisan_batas(peta.versi_batas(), kode, tingkat)
    atas = induk(kode)
    info = tampilan.info_kampanye()
    akar = info.provinsi_kode if info else None
    per = arg.get("per") if arg else None
    naik = urls.peta(atas, per) if atas and atas != akar else urls.peta(per=per)
    return url, None, naik


def _metrik_anak(
    arg: ArgumenHalaman | None, metrik: str | None
) -> tuple[str, Metrik, NilaiPeta | None, str | None] | None:
    """Resolve the map region and metric: (kode, metric, values, label of the children)."""
    kode = _kode_peta(arg)
    if kode is None:
        return None
    m = METRIK.get(metrik or "", METRIK["indeks"])
    data = peta.nilai_peta(kode, m.kode, urls.momen_per((arg or {}).get("per")))
    anak = None
    if data is not None:
        anak = "Kabupaten/Kota" if data.tingkat_anak == Tingkat.KABKOTA else "Kecamatan"
    return kode, m, data, anak


def warnai(arg: ArgumenHalaman | None, metrik: str | None, _n: int | None) -> tuple:
    """Colour the current layer by a metric: values, breaks and legend only — no geometry."""
    hasil = _metrik_anak(arg, metrik)
    if hasil is None:
        return (no_update,) * 3
    _kode, m, data, anak = hasil
    if data is None:
        return {}, None, html.Div("Data peta belum tersedia.", className="text-muted")
    tahap = f" · tahap {data.tahap_distribusi.upper()}" if m.kode == "distribusi" else ""
    judul = html.Div(
        [
            html.H1(f"{anak} di {data.induk_nama}", className="kendali-h1 mb-0"),
            html.Span(f"{m.label}{tahap}", className="text-muted"),
        ]
    )
    kelas = {r["kode"]: r.get("kelas") for r in data.baris}
    return komponen.hideout(m, data.nilai, kelas), komponen.legenda(m), judul


def tabel(arg: ArgumenHalaman | None, metrik: str | None, _n: int | None) -> tuple:
    """List the children worst first for the metric, with a note on the boundaries' source."""
    hasil = _metrik_anak(arg, metrik)
    if hasil is None:
        return no_update, no_update
    kode, m, data, anak = hasil
    if data is None:
        return None, None
    daftar = komponen.tabel_peta(m, data.baris, f"{anak} — {m.label}")
    return tautan_per(daftar, (arg or {}).get("per")), _keterangan_batas(kode)


def _keterangan_batas(kode: str) -> str:
    info = tampilan.info_kampanye()
    # Nationally, below the root the note counts the shapes of the province being looked at.
    if info is not None and (not info.nasional or kode == info.provinsi_kode):
        provinsi = info.provinsi_kode
    else:
        provinsi = provinsi_dari(kode)
    status = peta.status_batas_provinsi(provinsi)
    lapis = "kabkota" if kedalaman(kode) <= Tingkat.PROVINSI else "kecamatan"
    s = status.get(lapis, {})
    teks = []
    if s.get("perkiraan"):
        teks.append(f"{s['perkiraan']} batas perkiraan (garis putus-putus, dari titik desa)")
    if s.get("resmi"):
        teks.append(f"{s['resmi']} batas resmi")
    if s.get("tanpa_batas"):
        teks.append(f"{s['tanpa_batas']} wilayah tanpa batas (ditandai titik)")
    return "Batas wilayah: " + "; ".join(teks) + "." if teks else ""


def klik(fitur: dict[str, Any] | None, arg: ArgumenHalaman | None) -> str | NoUpdate:
    """Drill down: a kab/kota opens its kecamatan map, a kecamatan opens its region page."""
    if not fitur or arg is None:
        return no_update
    kode = (fitur.get("properties") or {}).get("kode")
    if not kode:
        return no_update
    per = arg.get("per")
    if kedalaman(kode) == Tingkat.KABKOTA:
        return urls.peta(kode, per)
    return urls.wilayah(kode, per=per)


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.PETA_GEOJSON, "url"),
        Output(ids.PETA_KETERANGAN, "children", allow_duplicate=True),
        Output(ids.PETA_NAIK, "href"),
        Input(ids.HALAMAN_ARG, "data"),
        prevent_initial_call="initial_duplicate",
    )(lapisan)
    baca(
        app,
        Output(ids.PETA_GEOJSON, "hideout"),
        Output(ids.PETA_LEGENDA, "children"),
        Output(ids.PETA_JUDUL, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.PETA_METRIK, "value"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(warnai)
    baca(
        app,
        Output(ids.PETA_TABEL, "children"),
        Output(ids.PETA_KETERANGAN, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.PETA_METRIK, "value"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(tabel)
    app.callback(
        Output(ids.URL, "pathname", allow_duplicate=True),
        Input(ids.PETA_GEOJSON, "clickData"),
        State(ids.HALAMAN_ARG, "data"),
        prevent_initial_call=True,
    )(klik)
