"""Presenter callbacks: build the slide in the URL (or every slide for print), freeze figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import dash
import dash_bootstrap_components as dbc
import pandas as pd
from dash import ClientsideFunction, Input, Output, State, html, no_update

from dashboard import ids, urls
from dashboard.components import figures
from dashboard.components import presentasi as komponen
from dashboard.domain.akses import alasan_tolak_rapat
from dashboard.domain.rapat import KEPUTUSAN_PER_SLIDE, DataRapat, KeputusanRapat, Slide, agenda
from dashboard.services import keputusan, peta, presentasi, tampilan
from dashboard.services.akun import akun_sekarang
from dashboard.services.presentasi import RapatDitolak
from dashboard.urls import ArgumenHalaman

LAYAR_CETAK = {"w": 1920, "h": 1080, "tema": "terang"}


def _url_batas(provinsi: str) -> str | None:
    try:
        peta.lapisan_geojson(provinsi, 2)
    except ValueError:
        return None
    return urls.lapisan_batas(peta.versi_batas(), provinsi, 2)


def _linimasa(data: DataRapat, skala: float, gelap: bool) -> object:
    lini = data["linimasa"]
    nyata = pd.DataFrame(lini["nyata"], columns=["tahap", "tanggal", "rasio"])
    rencana = pd.DataFrame(lini["rencana"], columns=["tahap", "tanggal", "target"])
    for f in (nyata, rencana):
        f["tanggal"] = [dt.date.fromisoformat(t) for t in f["tanggal"]]
    fig = figures.grafik_linimasa(
        nyata,
        rencana,
        dt.date.fromisoformat(data["hari_pemungutan"]),
        dt.date.fromisoformat(data["acuan"]),
    )
    return figures.gaya_layar(fig, skala, gelap)


def bangun_slide(
    s: Slide,
    nomor: int,
    jumlah: int,
    data: DataRapat,
    daftar_keputusan: list[KeputusanRapat],
    layar: dict,
) -> html.Section:
    """Build one slide of the agenda from the meeting figures."""
    skala = min(layar.get("w", 1920) / 1920, layar.get("h", 1080) / 1080)
    acuan = dt.date.fromisoformat(data["acuan"])
    judul: str | list = s.judul
    sub = None
    if s.jenis == "judul":
        badan = komponen.slide_judul(data)
        judul = ""
    elif s.jenis == "kesiapan":
        badan = komponen.slide_kesiapan(data)
        sub = f"Tahap berjalan: {data['tahap']}"
    elif s.jenis == "peta":
        badan = komponen.slide_peta(data, _url_batas(data["provinsi_kode"]))
        sub = "Indeks kesiapan per kabupaten/kota"
    elif s.jenis == "wilayah":
        judul, badan = komponen.slide_wilayah(data, s.kode or "", daftar_keputusan)
        sub = f"{komponen.label_anak(data).capitalize()} tertinggal"
    elif s.jenis == "kekurangan":
        badan = komponen.slide_kekurangan(data)
        sub = f"{len(data['kekurangan'])} jenis × kab/kota di bawah kebutuhan"
    elif s.jenis == "linimasa":
        badan = komponen.slide_linimasa(_linimasa(data, skala, layar.get("tema") == "gelap"))
        sub = "Kedatangan kumulatif per tahap; garis putus-putus = rencana"
    elif s.jenis == "rute":
        badan = komponen.slide_rute(data)
        sub = "Rencana armada, tempat tersulit dijangkau, armada cadangan"
    elif s.jenis == "risiko":
        badan = komponen.slide_risiko(data)
        sub = komponen.ringkas_risiko(data)
    else:
        per = KEPUTUSAN_PER_SLIDE
        bagian = daftar_keputusan[s.halaman * per : (s.halaman + 1) * per]
        badan = komponen.slide_keputusan(bagian, acuan)
        halaman = max(-(-len(daftar_keputusan) // per), 1)
        judul = "Keputusan rapat — terbuka" + (
            f" ({s.halaman + 1}/{halaman})" if halaman > 1 else ""
        )
        sub = f"{len(daftar_keputusan)} belum selesai"
    return komponen.slide(judul, badan, data, nomor, jumlah, s.jenis, sub)


def isi_presentasi(
    arg: ArgumenHalaman | None,
    layar: dict | None,
    _n: int | None,
    _versi_keputusan: int | None = None,
) -> tuple:
    """Show the slide in the URL, or every slide one per page when printing (?cetak=1).

    `arg` is the page's arguments: {"nomor", "snapshot", "putar", "cetak"}.
    """
    if arg is None:
        return no_update, no_update
    cetak = bool(arg.get("cetak"))
    info = tampilan.info_kampanye()
    if info is None:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning"), None
    snapshot = arg.get("snapshot")
    data = presentasi.data_untuk(info.provinsi_kode, snapshot)
    if data is None:
        return (
            html.Div(
                [
                    html.P(f"Snapshot nomor {snapshot} tidak ada."),
                    html.A("Buka data langsung", href=urls.presentasi(1)),
                ],
                className="slide slide-lead",
            ),
            None,
        )
    daftar_keputusan = keputusan.daftar()
    slides = agenda(data, len(daftar_keputusan))
    jumlah = len(slides)
    layar = LAYAR_CETAK if cetak else (layar or LAYAR_CETAK)
    if cetak:
        semua = [
            bangun_slide(s, i, jumlah, data, daftar_keputusan, layar)
            for i, s in enumerate(slides, start=1)
        ]
        # data-* is one of Dash's wildcard attributes, which the component signatures do not list.
        wildcard: dict[str, Any] = {"data-jumlah": str(jumlah)}
        return html.Div(semua, className="presentasi-semua", **wildcard), None
    nomor = min(urls.nomor_slide(arg.get("nomor")), jumlah)
    isi = bangun_slide(slides[nomor - 1], nomor, jumlah, data, daftar_keputusan, layar)
    boleh = alasan_tolak_rapat(akun_sekarang()) is None
    return isi, komponen.kendali(nomor, jumlah, snapshot, arg.get("putar"), boleh)


def bekukan(n_klik: int | None, arg: ArgumenHalaman | None) -> tuple:
    """Freeze the figures now and show the same slide from the new snapshot."""
    if not n_klik:
        return no_update, no_update
    info = tampilan.info_kampanye()
    if info is None:
        return no_update, None
    try:
        sid = presentasi.bekukan(info.provinsi_kode, akun_sekarang())
    except RapatDitolak as e:
        return no_update, dbc.Alert(str(e), color="danger", dismissable=True, duration=8000)
    arg = arg or {}
    alamat = urls.presentasi(urls.nomor_slide(arg.get("nomor")), sid, arg.get("putar"))
    return "?" + alamat.partition("?")[2], None


def isi_laporan(arg: ArgumenHalaman | None, _n: int | None) -> object:
    """Fill the daily situation report of the kab/kota in /laporan/<kode>."""
    if arg is None or not arg.get("kode"):
        return no_update
    info = tampilan.info_kampanye()
    data = presentasi.data_untuk(info.provinsi_kode, arg.get("snapshot")) if info else None
    kode = arg["kode"]
    if data is None or kode not in {w["kode"] for w in data["wilayah"]}:
        return dbc.Alert(
            f"Tidak ada laporan untuk '{kode}': pilih kabupaten/kota provinsi ini.",
            color="warning",
        )
    return komponen.laporan_harian(data, kode, keputusan.daftar())


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.LAPORAN_ISI, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_laporan)
    app.clientside_callback(
        ClientsideFunction("presentasi", "layar"),
        Output(ids.PRESENTASI_LAYAR, "data"),
        Input(ids.HALAMAN_ARG, "data"),
    )
    app.callback(
        Output(ids.PRESENTASI_ISI, "children"),
        Output(ids.PRESENTASI_KENDALI, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.PRESENTASI_LAYAR, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
        Input(ids.KEPUTUSAN_VERSI, "data"),
    )(isi_presentasi)
    # Not declared daftar.tulis: Dash calls it whenever the controls are drawn again (n_clicks
    # empty), for every viewer, and the edge would answer those calls 401/403. The service
    # refuses the write instead (presentasi.bekukan: alasan_tolak_rapat).
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Output(ids.PRESENTASI_PESAN, "children"),
        Input(ids.PRESENTASI_BEKUKAN, "n_clicks"),
        State(ids.HALAMAN_ARG, "data"),
        prevent_initial_call=True,
    )(bekukan)
    app.clientside_callback(
        ClientsideFunction("presentasi", "putar"),
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.PRESENTASI_PUTAR, "value"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
