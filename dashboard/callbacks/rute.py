"""Routes page callbacks: the map and legs of a kab/kota's hop, road closures from a click on
the map, the vehicle plan (propose, accept, edit by hand, lock, re-plan), the province's list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, NoUpdate, Output, State, ctx, html, no_update

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import rute as komponen
from dashboard.domain.armada import PilihanBerangkat, PilihanSinggah
from dashboard.domain.bahaya import TAHAP_RUTE
from dashboard.domain.jaringan import ALASAN_TUTUP
from dashboard.domain.wilayah import Tingkat, kedalaman, pada_tingkat
from dashboard.services import peta, tampilan, tampilan_rute
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.urls import ArgumenHalaman

F = TypeVar("F", bound=Callable[..., Any])


def _kabkota(arg: ArgumenHalaman | None) -> str | None:
    """The kab/kota a /rute/<kode> page is about (a kecamatan or desa shows its kab/kota)."""
    kode = (arg or {}).get("kode")
    if not kode or kedalaman(kode) < Tingkat.KABKOTA:
        return None
    return pada_tingkat(kode, Tingkat.KABKOTA)


def isi_peta(arg: ArgumenHalaman | None, menurut: str | None, _versi: Any, _n: Any) -> tuple:
    """Draw the hop's routes, points, closures and hazards; list the legs hardest first."""
    kode = _kabkota(arg)
    if kode is None:
        return (no_update,) * 6
    tahap = urls.tahap_argumen((arg or {}).get("tahap"))
    t = tampilan_rute.tampilan_rute(kode, tahap)
    if t is None:
        pesan = dbc.Alert(f"Rute untuk kode '{kode}' tidak tersedia.", color="warning")
        return pesan, None, no_update, None, None, None
    menurut = menurut if menurut in ("moda", "risiko") else "moda"
    tertutup = [
        (lat, lon, f"Ditutup: {ALASAN_TUTUP.get(b['alasan'], b['alasan'])}\n"
                   f"{b['tempat']}\n{b['keterangan']}")
        for b in t.tertutup
        for lat, lon in b["titik"]
    ]  # fmt: skip
    data = komponen.fitur_rute(t.rute, t.risiko, t.teks_risiko, t.titik, t.asal, tertutup)
    hop = TAHAP_RUTE[tahap]
    judul = html.Div(
        [
            html.H1(f"Rute {t.nama}", className="kendali-h1 mb-0"),
            html.Span(
                f"{hop} · {len(t.rute)} tujuan"
                + (" · rute perkiraan" if t.sumber == "perkiraan" else " · jalan OSM"),
                className="text-muted",
            ),
        ]
    )
    tabel = komponen.tabel_rute(t.rute, t.risiko, t.teks_risiko, tahap, t.sumber)
    jenis_zona = [f["properties"].get("jenis", "") for f in t.bahaya.get("features", [])]
    legenda = komponen.legenda_rute(menurut, t.sumber == "perkiraan", jenis_zona)
    return judul, data, komponen.hideout_rute(menurut), legenda, tabel, t.bahaya


def isi_daratan(arg: ArgumenHalaman | None) -> str | None | NoUpdate:
    """The kab/kota's kecamatan outlines (the boundaries' cached layer) as land on the map."""
    kode = _kabkota(arg)
    if kode is None:
        return no_update
    return urls.lapisan_batas(peta.versi_batas(), kode, int(Tingkat.KECAMATAN))


def ganti_tahap(tahap: str | None, arg: ArgumenHalaman | None) -> str | NoUpdate:
    """Switching the hop changes the URL (?tahap=pps), so the view can be shared and reloaded."""
    kode = _kabkota(arg)
    if kode is None or tahap == urls.tahap_argumen((arg or {}).get("tahap")):
        return no_update
    return "?tahap=pps" if tahap == "pps" else ""


def pilih_titik(klik: dict | None) -> tuple:
    """Remember the point clicked on the map for a closure, and say where it is."""
    latlng = (klik or {}).get("latlng")
    if not latlng:
        return no_update, no_update
    lat, lon = (float(latlng["lat"]), float(latlng["lng"])) if isinstance(latlng, dict) else (
        float(latlng[0]), float(latlng[1]))  # fmt: skip
    teks = html.Span([html.I(className="bi bi-geo-alt-fill text-danger me-1"),
                      f"Titik dipilih: {lat:.5f}, {lon:.5f}"])  # fmt: skip
    return [lat, lon], teks


def isi_tutup(arg: ArgumenHalaman | None, _versi: Any, _n: Any) -> tuple:
    """List the active closures; show the closure form to accounts that may write here."""
    kode = _kabkota(arg)
    if kode is None:
        return no_update, no_update
    t = tampilan_rute.tampilan_rute(kode, urls.tahap_argumen((arg or {}).get("tahap")))
    boleh = tampilan_rute.boleh_tulis(Pelaku.sekarang(), kode)
    daftar = komponen.daftar_tutup(t.tertutup if t else (), boleh)
    return daftar, ({} if boleh else {"display": "none"})


def _pesan_tolak(e: Ditolak) -> dbc.Alert:
    return dbc.Alert([html.Div(g.pesan) for g in e.galat], color="danger", className="mb-0")


def tutup(
    _n: int | None, titik: list[float] | None, alasan: str | None, ket: str | None,
    arg: ArgumenHalaman | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Close the roads around the chosen point; the routes avoid them from now on."""
    kode = _kabkota(arg)
    if not _n or kode is None:
        return no_update, no_update
    if not titik:
        return dbc.Alert("Klik peta dulu pada ruas yang tertutup (Titik belum dipilih).",
                         color="warning", className="mb-0"), no_update  # fmt: skip
    try:
        nomor = tampilan_rute.tutup_ruas(
            Pelaku.sekarang(), kode, (titik[0], titik[1]), alasan or "", ket or ""
        )
    except Ditolak as e:
        return _pesan_tolak(e), no_update
    pesan = dbc.Alert(f"Ruas ditutup (#{nomor}). Rute dihitung ulang menghindarinya; periksa "
                      "rencana armada.", color="success", className="mb-0")  # fmt: skip
    return pesan, (versi or 0) + 1


def buka(_n: list[int | None], arg: ArgumenHalaman | None, versi: int | None) -> tuple:
    """Open a closed road again."""
    pemicu = ctx.triggered_id
    if not isinstance(pemicu, dict) or not any(_n) or _kabkota(arg) is None:
        return no_update, no_update
    try:
        ada = tampilan_rute.buka_ruas(Pelaku.sekarang(), int(pemicu["id"]))
    except Ditolak as e:
        return _pesan_tolak(e), no_update
    pesan = "Ruas dibuka kembali." if ada else "Ruas itu sudah dibuka."
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1


def isi_rencana(arg: ArgumenHalaman | None, _versi: Any, _n: Any) -> tuple:
    """The hop's current vehicle plan; its actions shown to accounts that may plan here."""
    kode = _kabkota(arg)
    if kode is None:
        return no_update, no_update
    tahap = urls.tahap_argumen((arg or {}).get("tahap"))
    if tahap == "pps":
        # The kab/kota's fleet carries gudang → PPK; each PPK takes its goods on to its PPS.
        return komponen.panel_rencana_pps(urls.rute(kode)), {"display": "none"}
    boleh = tampilan_rute.boleh_tulis(Pelaku.sekarang(), kode)
    r = tampilan_rute.rencana_terkini(kode, tahap)
    panel = komponen.panel_rencana(r, tahap, boleh, urls.armada(kode))
    return panel, ({} if boleh else {"display": "none"})


def _aksi_rencana(
    arg: ArgumenHalaman | None, versi: int | None, aksi: str, seluruh: bool = False
) -> tuple:
    """Run one plan action (susun, terima, ulang) and say what it did in words."""
    kode = _kabkota(arg)
    if kode is None:
        return no_update, no_update
    tahap = urls.tahap_argumen((arg or {}).get("tahap"))
    pelaku = Pelaku.sekarang()
    try:
        if aksi == "terima":
            r = tampilan_rute.rencana_terkini(kode, tahap)
            if r is None or r.status != "usulan":
                return dbc.Alert("Tidak ada usulan yang menunggu diterima; susun usulan dulu.",
                                 color="warning", className="mb-0"), no_update  # fmt: skip
            tampilan_rute.terima_rencana(pelaku, r.rencana_id)
            pesan: list[Any] = [f"Rencana #{r.rencana_id} diterima."]
        else:
            hasil = (tampilan_rute.susun_rencana(pelaku, kode, tahap, seluruh) if aksi == "susun"
                     else tampilan_rute.rencana_ulang(pelaku, kode, tahap))  # fmt: skip
            n = sum(1 for x in hasil.rencana.rute if x.singgah)
            pesan = [f"Usulan #{hasil.rencana_id} disusun dalam {hasil.detik:.1f} detik: "
                     f"{n} kendaraan, {len(hasil.rencana.tidak_terlayani)} tujuan tidak "
                     "terlayani. Periksa lalu terima."]  # fmt: skip
            if hasil.perubahan:
                pesan.append(html.Ul([html.Li(x) for x in hasil.perubahan], className="mb-0"))
    except Ditolak as e:
        return _pesan_tolak(e), no_update
    return dbc.Alert(pesan, color="success", className="mb-0"), (versi or 0) + 1


def susun(
    _n: int | None, seluruh: bool | None, arg: ArgumenHalaman | None, versi: int | None
) -> tuple:
    """Propose a vehicle plan for what is still to be delivered on this hop (or all of it)."""
    return _aksi_rencana(arg, versi, "susun", bool(seluruh)) if _n else (no_update, no_update)


def terima(_n: int | None, arg: ArgumenHalaman | None, versi: int | None) -> tuple:
    """Accept the proposal shown."""
    return _aksi_rencana(arg, versi, "terima") if _n else (no_update, no_update)


def ulang(_n: int | None, arg: ArgumenHalaman | None, versi: int | None) -> tuple:
    """Re-plan around closed roads and vehicles out of service, bringing in the reserve."""
    return _aksi_rencana(arg, versi, "ulang") if _n else (no_update, no_update)


def kunci(_n: list[int | None], arg: ArgumenHalaman | None, versi: int | None) -> tuple:
    """Lock or unlock one vehicle's route in the plan shown."""
    pemicu = ctx.triggered_id
    kode = _kabkota(arg)
    if not isinstance(pemicu, dict) or not any(_n) or kode is None:
        return no_update, no_update
    tahap = urls.tahap_argumen((arg or {}).get("tahap"))
    r = tampilan_rute.rencana_terkini(kode, tahap)
    k = next((k for k in (r.kendaraan if r else ()) if k.kendaraan_id == pemicu["kendaraan"]),
             None)  # fmt: skip
    if r is None or k is None:
        return no_update, no_update
    try:
        tampilan_rute.kunci_kendaraan(Pelaku.sekarang(), r.rencana_id, k.kendaraan_id,
                                      not k.terkunci)  # fmt: skip
    except Ditolak as e:
        return _pesan_tolak(e), no_update
    kata = "dibuka kuncinya" if k.terkunci else "dikunci: rencana ulang tidak mengubahnya"
    return dbc.Alert(f"Rute {k.label} {kata}.", color="success", className="mb-0"), (versi or 0) + 1


MAKS_KATA_SIMPAN = 4


def buka_sunting(
    _ubah: int | None, _batal: list[int | None], _versi: Any, arg: ArgumenHalaman | None
) -> tuple:
    """Open the edit form of the plan shown (Ubah rencana) in place of its table; close it on
    Batal or on any write that changed the plan (a saved edit, a new proposal, a re-plan), so a
    form is never saved over a plan it was not opened on."""
    tutup: tuple[list[Any], dict[str, str]] = ([], {})
    kode = _kabkota(arg)
    if ctx.triggered_id != ids.RUTE_UBAH or not _ubah or kode is None:
        return tutup
    tahap = urls.tahap_argumen((arg or {}).get("tahap"))
    if tahap == "pps":
        return tutup
    if not tampilan_rute.boleh_tulis(Pelaku.sekarang(), kode):
        return dbc.Alert("Akun Anda tidak dapat mengubah rencana armada kab/kota ini.",
                         color="warning", className="mb-0 mt-2"), {}  # fmt: skip
    r = tampilan_rute.rencana_terkini(kode, tahap)
    if r is None or not r.kendaraan:
        return dbc.Alert("Belum ada rencana berkendaraan untuk diubah; susun usulan dulu.",
                         color="warning", className="mb-0 mt-2"), {}  # fmt: skip
    return komponen.formulir_sunting(r, tahap), {"display": "none"}


def _pilihan(
    kendaraan: list[Any], kendaraan_id: list[Any], perjalanan: list[Any],
    perjalanan_id: list[Any], urutan: list[Any], urutan_id: list[Any],
) -> dict[str, PilihanSinggah]:  # fmt: skip
    """The form's boxes by stop: each pattern id names its stop (`kunci_singgah`)."""

    def per_singgah(nilai: list[Any], id_: list[Any]) -> dict[str, Any]:
        return {
            str(i.get("singgah")): v
            for v, i in zip(nilai or [], id_ or [], strict=False)
            if isinstance(i, dict)
        }

    k = per_singgah(kendaraan, kendaraan_id)
    t = per_singgah(perjalanan, perjalanan_id)
    u = per_singgah(urutan, urutan_id)
    return {s: PilihanSinggah(k.get(s), t.get(s), u.get(s)) for s in k.keys() | t.keys() | u.keys()}


def _berangkat(
    tanggal: list[Any], tanggal_id: list[Any], jam: list[Any], jam_id: list[Any]
) -> dict[int, PilihanBerangkat]:
    """The departure boxes by vehicle: each pattern id names its vehicle."""

    def per_kendaraan(nilai: list[Any], id_: list[Any]) -> dict[int, Any]:
        return {
            int(i["kendaraan"]): v
            for v, i in zip(nilai or [], id_ or [], strict=False)
            if isinstance(i, dict) and isinstance(i.get("kendaraan"), int)
        }

    t, j = per_kendaraan(tanggal, tanggal_id), per_kendaraan(jam, jam_id)
    return {k: PilihanBerangkat(t.get(k), j.get(k)) for k in t.keys() | j.keys()}


def simpan_sunting(
    _n: int | None,
    kendaraan: list[Any], kendaraan_id: list[Any],
    perjalanan: list[Any], perjalanan_id: list[Any],
    urutan: list[Any], urutan_id: list[Any],
    tanggal: list[Any], tanggal_id: list[Any],
    jam: list[Any], jam_id: list[Any],
    data: dict | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Save the edit form: refused with every fault in the form (the edits stay, nothing is
    stored), or stored with what changed said in words, and the plan and map drawn again."""
    if not _n:
        return no_update, no_update, no_update
    try:
        rencana_id = int((data or {})["rencana_id"])
    except (KeyError, TypeError, ValueError):
        return (
            no_update,
            no_update,
            dbc.Alert(
                "Formulir tidak lengkap; tekan Batal lalu Ubah rencana lagi.", color="warning"
            ),
        )
    sidik = (data or {}).get("sidik")
    pilihan = _pilihan(kendaraan, kendaraan_id, perjalanan, perjalanan_id, urutan, urutan_id)
    try:
        hasil = tampilan_rute.sunting_rencana(
            Pelaku.sekarang(), rencana_id, pilihan, str(sidik) if sidik else None,
            _berangkat(tanggal, tanggal_id, jam, jam_id),
        )  # fmt: skip
    except DiLuarWewenang:
        raise  # the form is only drawn for accounts that may plan here: a forged request, 403
    except Ditolak as e:
        galat = dbc.Alert(
            [html.Strong("Perubahan tidak disimpan; perbaiki dulu:"),
             html.Ul([html.Li(g.pesan) for g in e.galat], className="mb-0")],
            color="danger", className="mb-0",
        )  # fmt: skip
        return no_update, no_update, galat
    if hasil is None:
        return no_update, no_update, dbc.Alert(
            "Tidak ada yang diubah: setiap tujuan masih pada kendaraan, perjalanan dan urutan "
            "yang sama, dan setiap kendaraan berangkat pada jam yang sama.", color="info",
            className="mb-0",
        )  # fmt: skip
    # The first sentences (vehicles, then stops moved or reordered, `uraian_suntingan`); the
    # plan below lists them all under "Yang berubah".
    kata = [html.Li(x) for x in hasil.perubahan[:MAKS_KATA_SIMPAN]]
    if len(hasil.perubahan) > MAKS_KATA_SIMPAN:
        kata.append(html.Li(f"dan {len(hasil.perubahan) - MAKS_KATA_SIMPAN} perubahan lain: lihat "
                            '"Yang berubah" pada rencana di bawah.'))  # fmt: skip
    judul = html.Strong(f"Perubahan rencana #{rencana_id} disimpan.")
    pesan = dbc.Alert([judul, html.Ul(kata, className="mb-0")], color="success", className="mb-0")
    return pesan, (versi or 0) + 1, None


def isi_provinsi(arg: ArgumenHalaman | None, _n: Any) -> object:
    """The province's list: kab/kota without an accepted plan first, then the hardest."""
    if arg is None or _kabkota(arg) is not None:
        return no_update
    info = tampilan.info_kampanye()
    if info is None:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning")
    return komponen.tabel_provinsi(tampilan_rute.ringkasan_provinsi(info.provinsi_kode))


def _aksi(app: dash.Dash) -> Callable[..., Callable[[F], F]]:
    """Register one of the page's writes: a click (with its form's values) that answers in the
    message box and bumps the page's version, so its views refresh. Each takes
    (clicks, *form values, page arguments, version)."""

    def daftar(pemicu: Input, *isian: State) -> Callable[[F], F]:
        return tulis(
            app,
            Output(ids.RUTE_PESAN, "children", allow_duplicate=True),
            Output(ids.RUTE_VERSI, "data", allow_duplicate=True),
            pemicu,
            *isian,
            State(ids.HALAMAN_ARG, "data"),
            State(ids.RUTE_VERSI, "data"),
            prevent_initial_call=True,
        )

    return daftar


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.RUTE_JUDUL, "children"),
        Output(ids.RUTE_GEOJSON, "data"),
        Output(ids.RUTE_GEOJSON, "hideout"),
        Output(ids.RUTE_LEGENDA, "children"),
        Output(ids.RUTE_TABEL, "children"),
        Output(ids.RUTE_BAHAYA, "data"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.RUTE_WARNA, "value"),
        Input(ids.RUTE_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_peta)
    baca(app, Output(ids.RUTE_DARATAN, "url"), Input(ids.HALAMAN_ARG, "data"))(isi_daratan)
    app.callback(
        Output(ids.URL, "search", allow_duplicate=True),
        Input(ids.RUTE_TAHAP, "value"),
        State(ids.HALAMAN_ARG, "data"),
        prevent_initial_call=True,
    )(ganti_tahap)
    app.callback(
        Output(ids.RUTE_TITIK, "data"),
        Output(ids.RUTE_TITIK_TEKS, "children"),
        Input(ids.RUTE_MAP, "clickData"),
        prevent_initial_call=True,
    )(pilih_titik)
    baca(
        app,
        Output(ids.RUTE_DAFTAR_TUTUP, "children"),
        Output(ids.RUTE_TUTUP_ISIAN, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.RUTE_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_tutup)
    aksi = _aksi(app)
    aksi(
        Input(ids.RUTE_TUTUP, "n_clicks"),
        State(ids.RUTE_TITIK, "data"),
        State(ids.RUTE_TUTUP_ALASAN, "value"),
        State(ids.RUTE_TUTUP_KET, "value"),
    )(tutup)
    aksi(Input({"type": ids.RUTE_BUKA, "id": ALL}, "n_clicks"))(buka)
    baca(
        app,
        Output(ids.RUTE_RENCANA, "children"),
        Output(ids.RUTE_TOMBOL, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.RUTE_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_rencana)
    aksi(Input(ids.RUTE_SUSUN, "n_clicks"), State(ids.RUTE_SELURUH, "value"))(susun)
    aksi(Input(ids.RUTE_TERIMA, "n_clicks"))(terima)
    aksi(Input(ids.RUTE_ULANG, "n_clicks"))(ulang)
    aksi(Input({"type": ids.RUTE_KUNCI, "kendaraan": ALL}, "n_clicks"))(kunci)
    app.callback(
        Output(ids.RUTE_SUNTING, "children"),
        Output(ids.RUTE_RENCANA, "style"),
        Input(ids.RUTE_UBAH, "n_clicks"),
        Input({"type": ids.RUTE_SUNTING_BATAL, "rencana": ALL}, "n_clicks"),
        Input(ids.RUTE_VERSI, "data"),
        State(ids.HALAMAN_ARG, "data"),
        prevent_initial_call=True,
    )(buka_sunting)
    tulis(
        app,
        Output(ids.RUTE_PESAN, "children", allow_duplicate=True),
        Output(ids.RUTE_VERSI, "data", allow_duplicate=True),
        Output(ids.RUTE_SUNTING_PESAN, "children"),
        Input(ids.RUTE_SUNTING_SIMPAN, "n_clicks"),
        *[
            State({"type": jenis, "singgah": ALL}, prop)
            for jenis in (ids.RUTE_SUNTING_KENDARAAN, ids.RUTE_SUNTING_PERJALANAN,
                          ids.RUTE_SUNTING_URUTAN)
            for prop in ("value", "id")
        ],
        *[
            State({"type": jenis, "kendaraan": ALL}, prop)
            for jenis in (ids.RUTE_SUNTING_TANGGAL, ids.RUTE_SUNTING_JAM)
            for prop in ("value", "id")
        ],
        State(ids.RUTE_SUNTING_DATA, "data"),
        State(ids.RUTE_VERSI, "data"),
        prevent_initial_call=True,
    )(simpan_sunting)  # fmt: skip
    baca(
        app,
        Output(ids.RUTE_PROVINSI, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_provinsi)
