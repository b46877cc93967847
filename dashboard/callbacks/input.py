"""Data-entry callbacks. Every write takes its account from the server-side session
(`Pelaku.sekarang`), never from a value the browser sent."""

from __future__ import annotations

import base64
import binascii

import dash
import dash_bootstrap_components as dbc
from dash import ALL, MATCH, ClientsideFunction, Input, Output, State, html, no_update
from dash.development.base_component import Component

from dashboard import ids
from dashboard.callbacks.daftar import tulis
from dashboard.components import input as komponen
from dashboard.components.ringkasan import tabel_mutasi
from dashboard.domain.akses import PERAN, lingkup_tulis
from dashboard.domain.buku_besar import JenisMutasi, Tahap
from dashboard.domain.isian import KOLOM, Galat
from dashboard.domain.waktu import WIB
from dashboard.services import formulir, katalog, koreksi, pencatatan, tampilan, unggahan
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.urls import ArgumenHalaman


def _jenis(nilai: str | None) -> JenisMutasi | None:
    """The kind the form picked; None for no kind or one the form does not enter (loans are
    the coordination board's)."""
    if nilai is None:
        return None
    try:
        jm = JenisMutasi(nilai)
    except ValueError:
        return None
    return jm if jm in KOLOM else None


def isi_halaman(arg: ArgumenHalaman | None) -> object:
    """Build the entry page for the signed-in account (or ask to sign in)."""
    if arg is None:  # not on the entry page
        return no_update
    pelaku = Pelaku.sekarang()
    akun = pelaku.akun
    if akun is None:
        return komponen.perlu_masuk()
    lingkup = lingkup_tulis(akun, pelaku.provinsi)
    if lingkup is None:
        return komponen.hanya_baca(akun)
    info = tampilan.info_kampanye()
    if info is None:
        return dbc.Alert("Basis data belum berisi data kampanye.", color="warning")
    kabkota = formulir.pilihan_kabkota(akun, pelaku.provinsi)
    jenis = katalog.jenis_logistik()
    kepala = html.Div(
        [
            html.H1("Pencatatan logistik", className="kendali-h1 mb-0"),
            html.Div(
                f"{akun.nama} · {PERAN.get(akun.peran, akun.peran)} · wilayah tugas "
                f"{', '.join(n for _, n in kabkota) if len(kabkota) == 1 else 'seluruh provinsi'}",
                className="text-secondary",
            ),
        ],
        className="mb-3",
    )
    tab = dbc.Tabs(
        [
            dbc.Tab(
                html.Div(
                    [
                        html.Div(
                            komponen.formulir_mutasi(kabkota, jenis, info.acuan),
                            className="kendali-panel kendali-formulir",
                        ),
                        html.Div(id=ids.INPUT_TERBARU, className="kendali-panel flex-grow-1"),
                    ],
                    className="d-flex gap-3 align-items-start kendali-isi pt-3",
                ),
                label="Catat mutasi",
                tab_id="mutasi",
            ),
            dbc.Tab(
                html.Div(komponen.formulir_unggah(), className="kendali-panel mt-3"),
                label="Unggah berkas",
                tab_id="unggah",
            ),
            dbc.Tab(
                html.Div(
                    komponen.formulir_kejadian(kabkota, jenis), className="kendali-panel mt-3"
                ),
                label="Kejadian",
                tab_id="kejadian",
            ),
            dbc.Tab(
                html.Div(komponen.formulir_koreksi(), className="kendali-panel mt-3"),
                label="Koreksi",
                tab_id="koreksi",
            ),
        ],
        id=ids.INPUT_TAB,
        active_tab="mutasi",
    )
    return html.Div([kepala, tab])


def tampilkan_kolom(jenis: str | None, tahap: str | None) -> tuple:
    """Show the fields a movement type needs and the hops it may be recorded at."""
    opsi = komponen.opsi_tahap(jenis)
    sah = [o["value"] for o in opsi]
    if tahap not in sah:
        tahap = sah[0]
    tampak = komponen.kolom_tampak(jenis, tahap)
    # Only the movement form's own groups are shown or hidden here; any other group a layout
    # gives this pattern id stays visible.
    gaya = [
        {"display": "none"}
        if o["id"]["kolom"] in komponen.KOLOM_FORMULIR and o["id"]["kolom"] not in tampak
        else None
        for o in dash.ctx.outputs_list[0]
    ]
    return gaya, opsi, tahap


def pilihan_anak(induk: str | None) -> tuple[list[dict[str, str]], None]:
    """Options for the next picker down (kecamatan of a kab/kota, desa of a kecamatan)."""
    if not induk:
        return [], None
    return [{"label": f"{n} ({k})", "value": k} for k, n in formulir.anak(induk)], None


def pilihan_tps(desa: str | None) -> tuple[list[dict[str, str | int]], None]:
    """The TPS numbers of the chosen desa."""
    if not desa:
        return [], None
    return [{"label": f"TPS {n:03d}", "value": n} for n in formulir.nomor_tps(desa)], None


def _kode_lokasi(
    tahap: str | None, kabkota: str | None, kecamatan: str | None, desa: str | None
) -> str | None:
    if tahap == Tahap.PPK:
        return kecamatan
    if tahap in (Tahap.PPS, Tahap.TPS):
        return desa
    return kabkota


def simpan_mutasi(
    _n: int | None,
    client_id: str | None,
    jenis: str | None,
    tanggal: str | None,
    jam: str | None,
    tahap: str | None,
    kabkota: str | None,
    kecamatan: str | None,
    desa: str | None,
    nomor_tps: int | None,
    jenis_logistik: str | None,
    jumlah: str | None,
    kondisi: str | None,
    alasan: str | None,
    keterangan: str | None,
) -> tuple:
    """Record one movement; keep the submission id until the server has answered."""
    jm = _jenis(jenis)
    if jm is None or not client_id or not isinstance(client_id, str):
        return (
            komponen.hasil_galat("Tidak disimpan", ["Jenis catatan tidak dikenal"]),
            no_update,
            no_update,
        )
    if jm in (JenisMutasi.TERIMA_PENYEDIA, JenisMutasi.SORTIR_LIPAT):
        tahap = str(Tahap.GUDANG)
    nilai = {
        "tanggal": tanggal,
        "jam": jam,
        "tahap": tahap,
        "kode_wilayah": _kode_lokasi(tahap, kabkota, kecamatan, desa),
        "nomor_tps": nomor_tps if tahap == Tahap.TPS else None,
        "jenis_logistik": jenis_logistik,
        "jumlah": jumlah,
        "kondisi": kondisi,
        "alasan": alasan,
        "keterangan": keterangan,
    }
    pelaku = Pelaku.sekarang()
    try:
        hasil = pencatatan.catat(pelaku, jm, nilai, str(client_id))
    except DiLuarWewenang:
        raise  # a forged request: answered 403 (dashboard/web/masuk.py), nothing written
    except Ditolak as e:
        return komponen.hasil_galat("Tidak disimpan", _pesan(e.galat)), no_update, no_update
    # Read back what was stored, so the confirmation repeats it with names, not codes.
    tersimpan = koreksi.uraian(pelaku, hasil.id)
    return komponen.hasil_tersimpan(tersimpan, hasil.pesan, hasil.baru), komponen.id_baru(), ""


def _pesan(galat: list[Galat]) -> list[str]:
    return [g.pesan for g in galat]


def isi_terbaru(_hasil: object, kabkota: str | None) -> list[Component]:
    """The newest entries in the office's region, refreshed after each save."""
    pelaku = Pelaku.sekarang()
    lingkup = lingkup_tulis(pelaku.akun, pelaku.provinsi) if pelaku.akun else None
    if lingkup is None:
        return []
    kode = kabkota if kabkota and kabkota.startswith(lingkup) else lingkup
    return tabel_mutasi(formulir.catatan_terbaru(kode), WIB)


def tautan_templat(jenis: str | None) -> list[dbc.Button]:
    return komponen.tautan_templat(jenis or str(JenisMutasi.TERIMA_PENYEDIA))


def _baca_unggahan(
    isi: str | None, nama: str | None, jenis: str | None
) -> tuple[JenisMutasi, bytes, unggahan.Baris]:
    jm = _jenis(jenis)
    if not isi or jm is None:
        raise unggahan.BerkasDitolak("Pilih jenis catatan dan berkas terlebih dahulu.")
    try:
        data = base64.b64decode(isi.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error, ValueError):
        raise unggahan.BerkasDitolak("Berkas tidak terbaca; unggah ulang.") from None
    return jm, data, unggahan.baca_berkas(nama or "", data, jm)


def _laporan(nama: str, hasil: pencatatan.HasilImpor) -> Component:
    return komponen.laporan_unggah(
        nama,
        hasil.jumlah_baris,
        hasil.laporan_galat(),
        hasil.baru,
        hasil.sudah_ada,
        len(hasil.lewat),
    )


def periksa_unggahan(pilihan: dict | None, jenis: str | None) -> tuple:
    """Dry run: check every row as if recorded in order, store nothing, report every error.

    `pilihan` is the chosen file as assets/pencatatan.js passes it on: its name, size and
    content (none for a file over the limit, which is refused by its size alone).
    """
    if not isinstance(pilihan, dict) or not pilihan.get("nama"):
        return None, True, None, [], []
    nama = str(pilihan["nama"])
    isi = pilihan.get("isi")
    try:
        if not isinstance(isi, str):
            unggahan.periksa_ukuran(int(pilihan.get("ukuran") or 0))
            raise unggahan.BerkasDitolak("Berkas tidak terbaca; unggah ulang.")
        jm, data, baris = _baca_unggahan(isi, nama, jenis)
    except (unggahan.BerkasDitolak, ValueError, TypeError) as e:
        pesan = str(e) if isinstance(e, unggahan.BerkasDitolak) else "Berkas tidak terbaca."
        return dbc.Alert(f"{nama}: {pesan}", color="danger"), True, None, [], []
    hasil = pencatatan.impor(Pelaku.sekarang(), jm, baris, data, terapkan=False)
    kosong = hasil.baru == 0 and not hasil.lewat
    return (
        _laporan(nama or "Berkas", hasil),
        not hasil.sah or kosong,
        None,
        komponen.pilihan_konfirmasi(hasil.laporan_lewat() if hasil.sah else []),
        [],
    )


def simpan_unggahan(
    _n: int | None,
    isi: str | None,
    jenis: str | None,
    nama: str | None,
    konfirmasi: list[int] | None,
) -> tuple:
    """Import every row of the checked file in one transaction, or none of them.

    Rows skipped as already recorded or repeated are stored only where ticked (`konfirmasi`).
    """
    try:
        jm, data, baris = _baca_unggahan(isi, nama, jenis)
    except unggahan.BerkasDitolak as e:
        return dbc.Alert(str(e), color="danger"), True
    dicentang = [int(n) for n in konfirmasi or []]
    hasil = pencatatan.impor(
        Pelaku.sekarang(), jm, baris, data, terapkan=True, konfirmasi=dicentang
    )
    if not hasil.diterapkan:
        return _laporan(nama or "Berkas", hasil), True
    pesan = f"{hasil.baru} catatan dari {nama} tersimpan."
    if hasil.sudah_ada:
        pesan += f" {hasil.sudah_ada} baris sudah pernah diterima dan tidak dihitung lagi."
    if hasil.dikonfirmasi:
        pesan += f" {len(hasil.dikonfirmasi)} baris yang dicentang disimpan juga."
    return komponen.hasil_ok(pesan), True


def isi_daftar_koreksi(tab: str | None, _koreksi: object, _mutasi: object) -> object:
    """The writer's newest entries with their Koreksi buttons, when the tab is open."""
    if tab != "koreksi":
        return no_update
    return komponen.daftar_koreksi(koreksi.catatan_bisa_dikoreksi(Pelaku.sekarang()))


def buka_koreksi(_buka: list[int | None], _batal: int | None) -> tuple:
    """Open the correction form for the entry whose Koreksi was pressed (Batal closes it)."""
    pemicu = dash.ctx.triggered_id
    tutup = (None, {"display": "none"}, None, "", no_update)
    if pemicu == ids.KOREKSI_BATAL:
        return (*tutup[:4], None)
    if not isinstance(pemicu, dict) or not dash.ctx.triggered[0].get("value"):
        return (no_update,) * 5  # the list was drawn again; nothing was pressed
    nomor = int(pemicu["id"])
    r = koreksi.uraian(Pelaku.sekarang(), nomor)
    if r is None:
        galat = komponen.hasil_galat("Tidak dapat dikoreksi", [f"Catatan nomor {nomor} tidak ada"])
        return (*tutup[:4], galat)
    uraian = html.Div(
        [
            html.Div(f"Nomor {nomor}", className="fw-semibold"),
            html.Div(komponen.uraian_catatan(r)),
            html.Div(komponen.tempat_catatan(r), className="text-secondary small"),
        ]
    )
    return nomor, None, uraian, "", None


def simpan_koreksi(_n: int | None, nomor: int | None, alasan: str | None) -> tuple:
    """Record the reversing entry for the chosen entry, with the reason given."""
    if nomor is None:
        galat = komponen.hasil_galat("Koreksi tidak disimpan", ["Pilih catatan yang dikoreksi"])
        return galat, no_update, no_update
    pelaku = Pelaku.sekarang()
    asli = koreksi.uraian(pelaku, nomor) if isinstance(nomor, int) else None
    try:
        hasil = koreksi.koreksi(pelaku, nomor, alasan)
    except DiLuarWewenang:
        raise  # a forged request: answered 403 (dashboard/web/masuk.py), nothing written
    except Ditolak as e:
        return komponen.hasil_galat("Koreksi tidak disimpan", _pesan(e.galat)), no_update, no_update
    pesan = hasil.pesan
    if asli is not None:
        pesan += f" Dibatalkan: {komponen.uraian_catatan(asli)} di {komponen.tempat_catatan(asli)}."
    return komponen.hasil_ok(pesan), {"display": "none"}, None


def lapor_kejadian(
    _n: int | None,
    client_id: str | None,
    wilayah: str | None,
    jenis: str | None,
    keparahan: str | None,
    judul: str | None,
    keterangan: str | None,
    jenis_logistik: str | None,
) -> tuple:
    """Report an incident in the account's scope."""
    nilai = {
        "kode_wilayah": wilayah,
        "jenis": jenis,
        "keparahan": keparahan,
        "judul": judul,
        "keterangan": keterangan,
        "jenis_logistik": jenis_logistik,
    }
    try:
        kid, baru = pencatatan.lapor_kejadian(
            Pelaku.sekarang(), nilai, client_id if isinstance(client_id, str) else ""
        )
    except DiLuarWewenang:
        raise  # a forged request: answered 403 (dashboard/web/masuk.py), nothing written
    except Ditolak as e:
        return (
            komponen.hasil_galat("Kejadian tidak disimpan", _pesan(e.galat)),
            no_update,
            no_update,
        )
    pesan = f"Kejadian tercatat (nomor {kid})." if baru else f"Kejadian nomor {kid} sudah diterima."
    return komponen.hasil_ok(pesan, baru), komponen.id_baru(), ""


def isi_kejadian(_hasil: object, _arg: ArgumenHalaman | None) -> list[Component]:
    """Open incidents in the account's scope, with controls to update them."""
    pelaku = Pelaku.sekarang()
    lingkup = lingkup_tulis(pelaku.akun, pelaku.provinsi) if pelaku.akun else None
    if lingkup is None:
        return []
    return komponen.daftar_kejadian_ubah(formulir.kejadian_aktif(lingkup))


def ubah_kejadian(
    _n: int | None,
    status: str | None,
    keparahan: str | None,
    catatan: str | None,
    versi: int | None,
) -> tuple:
    """Update one incident if nobody changed it since this page read it."""
    kid = dash.ctx.triggered_id["id"] if dash.ctx.triggered_id else None
    if kid is None or versi is None:
        return no_update, no_update
    try:
        baru = pencatatan.ubah_kejadian(
            Pelaku.sekarang(),
            int(kid),
            int(versi),
            status=str(status),
            keparahan=str(keparahan),
            catatan=catatan or "",
        )
    except DiLuarWewenang:
        raise  # a forged request: answered 403 (dashboard/web/masuk.py), nothing written
    except (Ditolak, ValueError) as e:
        galat = e.galat if isinstance(e, Ditolak) else [Galat("", "Permintaan tidak sah")]
        return komponen.hasil_galat("Tidak disimpan", _pesan(galat)), no_update
    return komponen.hasil_ok("Tersimpan."), baru


def register(app: dash.Dash) -> None:
    app.callback(Output(ids.INPUT_ISI, "children"), Input(ids.HALAMAN_ARG, "data"))(isi_halaman)
    app.callback(
        Output({"type": ids.INPUT_GRUP, "kolom": ALL}, "style"),
        Output(ids.INPUT_TAHAP, "options"),
        Output(ids.INPUT_TAHAP, "value"),
        Input(ids.INPUT_JENIS, "value"),
        Input(ids.INPUT_TAHAP, "value"),
    )(tampilkan_kolom)
    app.callback(
        Output(ids.INPUT_KECAMATAN, "options"),
        Output(ids.INPUT_KECAMATAN, "value"),
        Input(ids.INPUT_KABKOTA, "value"),
    )(pilihan_anak)
    app.callback(
        Output(ids.INPUT_DESA, "options"),
        Output(ids.INPUT_DESA, "value"),
        Input(ids.INPUT_KECAMATAN, "value"),
    )(pilihan_anak)
    app.callback(
        Output(ids.INPUT_TPS, "options"),
        Output(ids.INPUT_TPS, "value"),
        Input(ids.INPUT_DESA, "value"),
    )(pilihan_tps)
    tulis(
        app,
        Output(ids.INPUT_HASIL, "children"),
        Output(ids.INPUT_CLIENT_ID, "data"),
        Output(ids.INPUT_JUMLAH, "value"),
        Input(ids.INPUT_SIMPAN, "n_clicks"),
        State(ids.INPUT_CLIENT_ID, "data"),
        State(ids.INPUT_JENIS, "value"),
        State(ids.INPUT_TANGGAL, "date"),
        State(ids.INPUT_JAM, "value"),
        State(ids.INPUT_TAHAP, "value"),
        State(ids.INPUT_KABKOTA, "value"),
        State(ids.INPUT_KECAMATAN, "value"),
        State(ids.INPUT_DESA, "value"),
        State(ids.INPUT_TPS, "value"),
        State(ids.INPUT_JENIS_LOGISTIK, "value"),
        State(ids.INPUT_JUMLAH, "value"),
        State(ids.INPUT_KONDISI, "value"),
        State(ids.INPUT_ALASAN, "value"),
        State(ids.INPUT_KETERANGAN, "value"),
        prevent_initial_call=True,
    )(simpan_mutasi)
    app.clientside_callback(
        ClientsideFunction("pencatatan", "kosong"),
        Output(ids.INPUT_HASIL, "children", allow_duplicate=True),
        Input(ids.INPUT_JENIS, "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction("pencatatan", "kosongkan_keterangan"),
        Output(ids.INPUT_KETERANGAN, "value"),
        Input(ids.INPUT_CLIENT_ID, "data"),
        prevent_initial_call=True,
    )
    app.callback(
        Output(ids.INPUT_TERBARU, "children"),
        Input(ids.INPUT_HASIL, "children"),
        Input(ids.INPUT_KABKOTA, "value"),
    )(isi_terbaru)
    app.callback(Output(ids.UNGGAH_TEMPLAT, "children"), Input(ids.UNGGAH_JENIS, "value"))(
        tautan_templat
    )
    tulis(
        app,
        Output(ids.UNGGAH_LAPORAN, "children"),
        Output(ids.UNGGAH_SIMPAN, "disabled"),
        Output(ids.UNGGAH_HASIL, "children", allow_duplicate=True),
        Output(ids.UNGGAH_KONFIRMASI, "options"),
        Output(ids.UNGGAH_KONFIRMASI, "value"),
        Input(ids.UNGGAH_PILIHAN, "data"),
        Input(ids.UNGGAH_JENIS, "value"),
        prevent_initial_call=True,
    )(periksa_unggahan)
    app.clientside_callback(
        ClientsideFunction("pencatatan", "berkas"),
        Output(ids.UNGGAH_PILIHAN, "data"),
        Input(ids.UNGGAH_BERKAS, "contents"),
        State(ids.UNGGAH_BERKAS, "filename"),
        State(ids.UNGGAH_PILIHAN, "data"),
        prevent_initial_call=True,
    )
    tulis(
        app,
        Output(ids.UNGGAH_HASIL, "children"),
        Output(ids.UNGGAH_SIMPAN, "disabled", allow_duplicate=True),
        Input(ids.UNGGAH_SIMPAN, "n_clicks"),
        State(ids.UNGGAH_BERKAS, "contents"),
        State(ids.UNGGAH_JENIS, "value"),
        State(ids.UNGGAH_BERKAS, "filename"),
        State(ids.UNGGAH_KONFIRMASI, "value"),
        prevent_initial_call=True,
    )(simpan_unggahan)
    tulis(
        app,
        Output(ids.KEJADIAN_HASIL, "children"),
        Output(ids.KEJADIAN_CLIENT_ID, "data"),
        Output(ids.KEJADIAN_JUDUL, "value"),
        Input(ids.KEJADIAN_LAPOR, "n_clicks"),
        State(ids.KEJADIAN_CLIENT_ID, "data"),
        State(ids.KEJADIAN_WILAYAH, "value"),
        State(ids.KEJADIAN_JENIS, "value"),
        State(ids.KEJADIAN_KEPARAHAN, "value"),
        State(ids.KEJADIAN_JUDUL, "value"),
        State(ids.KEJADIAN_KETERANGAN, "value"),
        State(ids.KEJADIAN_JENIS_LOGISTIK, "value"),
        prevent_initial_call=True,
    )(lapor_kejadian)
    app.callback(
        Output(ids.KEJADIAN_DAFTAR, "children"),
        Input(ids.KEJADIAN_HASIL, "children"),
        Input(ids.HALAMAN_ARG, "data"),
    )(isi_kejadian)
    tulis(
        app,
        Output({"type": ids.KEJADIAN_UBAH_HASIL, "id": MATCH}, "children"),
        Output({"type": ids.KEJADIAN_VERSI, "id": MATCH}, "data"),
        Input({"type": ids.KEJADIAN_UBAH, "id": MATCH}, "n_clicks"),
        State({"type": ids.KEJADIAN_STATUS, "id": MATCH}, "value"),
        State({"type": ids.KEJADIAN_UBAH_KEPARAHAN, "id": MATCH}, "value"),
        State({"type": ids.KEJADIAN_CATATAN, "id": MATCH}, "value"),
        State({"type": ids.KEJADIAN_VERSI, "id": MATCH}, "data"),
        prevent_initial_call=True,
    )(ubah_kejadian)
    app.callback(
        Output(ids.KOREKSI_DAFTAR, "children"),
        Input(ids.INPUT_TAB, "active_tab"),
        Input(ids.KOREKSI_HASIL, "children"),
        Input(ids.INPUT_HASIL, "children"),
    )(isi_daftar_koreksi)
    app.callback(
        Output(ids.KOREKSI_PILIH, "data"),
        Output(ids.KOREKSI_FORM, "style"),
        Output(ids.KOREKSI_URAIAN, "children"),
        Output(ids.KOREKSI_ALASAN, "value"),
        Output(ids.KOREKSI_HASIL, "children", allow_duplicate=True),
        Input({"type": ids.KOREKSI_BUKA, "id": ALL}, "n_clicks"),
        Input(ids.KOREKSI_BATAL, "n_clicks"),
        prevent_initial_call=True,
    )(buka_koreksi)
    tulis(
        app,
        Output(ids.KOREKSI_HASIL, "children"),
        Output(ids.KOREKSI_FORM, "style", allow_duplicate=True),
        Output(ids.KOREKSI_PILIH, "data", allow_duplicate=True),
        Input(ids.KOREKSI_SIMPAN, "n_clicks"),
        State(ids.KOREKSI_PILIH, "data"),
        State(ids.KOREKSI_ALASAN, "value"),
        prevent_initial_call=True,
    )(simpan_koreksi)
