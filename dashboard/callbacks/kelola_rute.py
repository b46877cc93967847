"""Province /rute callbacks for what an admin provinsi enters from the browser: water and air
legs (add, suspend or run again, delete) and hazard layers (upload, delete).

A refusal the form can explain (a wrong field, an unusable file) comes back in the message
box; `DiLuarWewenang` is not caught: the forms are only drawn for accounts that may write, so
it is a forged request and the edge answers 403.
"""

from __future__ import annotations

from typing import Any

import dash
import dash_bootstrap_components as dbc
from dash import ALL, ClientsideFunction, Input, Output, State, ctx, html, no_update

from dashboard import ids
from dashboard.callbacks.daftar import baca, tulis
from dashboard.components import kelola_rute as komponen
from dashboard.domain.bahaya import Pemetaan
from dashboard.domain.wilayah import Tingkat, kedalaman
from dashboard.services import kelola_jaringan, tampilan
from dashboard.services.pencatatan import DiLuarWewenang, Ditolak, Pelaku
from dashboard.urls import ArgumenHalaman

_SEMBUNYI = {"display": "none"}
# The add-leg form's boxes emptied once a leg is stored (the mode stays as chosen).
_DIKOSONGKAN = (
    ids.LINTASAN_NAMA, ids.LINTASAN_ASAL, ids.LINTASAN_TUJUAN, ids.LINTASAN_ASAL_NAMA,
    ids.LINTASAN_TUJUAN_NAMA, ids.LINTASAN_DURASI, ids.LINTASAN_JADWAL, ids.LINTASAN_KAPASITAS,
)  # fmt: skip


def _provinsi(arg: ArgumenHalaman | None) -> str | None:
    """The province the page shows, or None on a kab/kota's /rute/<kode> (no panels there)."""
    kode = (arg or {}).get("kode")
    if arg is None or (kode and kedalaman(kode) >= Tingkat.KABKOTA):
        return None
    info = tampilan.info_kampanye()
    return None if info is None else info.provinsi_kode


def isi_kelola(arg: ArgumenHalaman | None, _versi: Any, _n: Any) -> tuple:
    """List the legs and zones; show the forms and buttons to accounts that may change them."""
    provinsi = _provinsi(arg)
    if provinsi is None:
        return (no_update,) * 4
    boleh = kelola_jaringan.boleh_kelola(Pelaku.sekarang())
    return (
        komponen.daftar_lintasan(kelola_jaringan.lintasan(provinsi), boleh),
        {} if boleh else _SEMBUNYI,
        komponen.daftar_zona(
            kelola_jaringan.zona(provinsi), kelola_jaringan.berkas_zona(provinsi), boleh
        ),
        {} if boleh else _SEMBUNYI,
    )


def pilihan_tempat(cari: str | None, arg: ArgumenHalaman | None, terpilih: str | None) -> Any:
    """The places matching what is typed in a leg's Asal or Tujuan box (desa included)."""
    provinsi = _provinsi(arg)
    if provinsi is None or not kelola_jaringan.boleh_kelola(Pelaku.sekarang()):
        return []
    return kelola_jaringan.cari_tempat(provinsi, cari, terpilih)


def _tolak(e: Ditolak, judul: str) -> dbc.Alert:
    return dbc.Alert(
        [html.Strong(judul), html.Ul([html.Li(g.pesan) for g in e.galat], className="mb-0")],
        color="danger", className="mb-0",
    )  # fmt: skip


def _berhasil(teks: str) -> dbc.Alert:
    return dbc.Alert(teks, color="success", className="mb-0")


def tambah_lintasan(
    _n: int | None, nama: str | None, moda: str | None, asal: str | None, tujuan: str | None,
    asal_nama: str | None, tujuan_nama: str | None, durasi: str | None, jadwal: str | None,
    kapasitas: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Add a leg; refused with every wrong field named, nothing stored and the form kept as
    typed; once stored the form is emptied, so a second click does not add it twice."""
    tetap = (no_update,) * len(_DIKOSONGKAN)
    if not _n:
        return no_update, no_update, *tetap
    isian = kelola_jaringan.IsianLintasan(
        nama=nama or "", moda=moda or "", asal=asal or "", tujuan=tujuan or "",
        durasi_menit=durasi, jadwal=jadwal or "", kapasitas_kg=kapasitas,
        asal_nama=asal_nama or "", tujuan_nama=tujuan_nama or "",
    )  # fmt: skip
    try:
        nomor = kelola_jaringan.tambah_lintasan(Pelaku.sekarang(), isian)
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        return _tolak(e, "Lintasan tidak disimpan; perbaiki dulu:"), no_update, *tetap
    pesan = (
        f"Lintasan #{nomor} ({(nama or '').strip()}) ditambahkan; rute dihitung ulang memakainya."
    )
    kosong = tuple(
        None if i in (ids.LINTASAN_ASAL, ids.LINTASAN_TUJUAN) else "" for i in _DIKOSONGKAN
    )
    return _berhasil(pesan), (versi or 0) + 1, *kosong


def _pemicu() -> dict | None:
    """The pattern id of the button clicked, or None when the list was only drawn again."""
    pemicu = ctx.triggered_id
    if not isinstance(pemicu, dict) or not any(t.get("value") for t in ctx.triggered):
        return None
    return pemicu


def ubah_aktif_lintasan(_n: list[int | None], versi: int | None) -> tuple:
    """Suspend a leg (bad weather, a ship in dock) or run it again; routes follow at once."""
    pemicu = _pemicu()
    if pemicu is None:
        return no_update, no_update
    aktif = bool(pemicu.get("aktif"))
    try:
        ada = kelola_jaringan.setel_aktif_lintasan(Pelaku.sekarang(), int(pemicu["id"]), aktif)
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        return _tolak(e, "Lintasan tidak diubah:"), no_update
    if not ada:
        return dbc.Alert("Lintasan itu sudah tidak ada.", color="warning", className="mb-0"), (
            versi or 0
        ) + 1
    kata = "diaktifkan lagi" if aktif else "dinonaktifkan; rute tidak memakainya"
    return _berhasil(f"Lintasan #{pemicu['id']} {kata}."), (versi or 0) + 1


def hapus_lintasan(_n: list[int | None], versi: int | None) -> tuple:
    """Delete a leg (its audit row keeps what it was)."""
    pemicu = _pemicu()
    if pemicu is None:
        return no_update, no_update
    try:
        ada = kelola_jaringan.hapus_lintasan(Pelaku.sekarang(), int(pemicu["id"]))
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        return _tolak(e, "Lintasan tidak dihapus:"), no_update
    pesan = f"Lintasan #{pemicu['id']} dihapus." if ada else "Lintasan itu sudah tidak ada."
    return _berhasil(pesan), (versi or 0) + 1


def berkas_dipilih(pilihan: dict | None) -> Any:
    """Say which file is chosen, or why it cannot be (too big, not a map layer)."""
    if not isinstance(pilihan, dict) or not pilihan.get("nama"):
        return None
    nama, ukuran = str(pilihan["nama"]), int(pilihan.get("ukuran") or 0)
    try:
        kelola_jaringan.periksa_berkas_bahaya(nama, ukuran)
    except Ditolak as e:
        return html.Span(e.galat[0].pesan, className="text-danger")
    return komponen.berkas_dipilih(nama, ukuran)


def impor_bahaya(
    _n: int | None, pilihan: dict | None, lapisan: str | None, jenis: str | None,
    tingkat: str | None, kolom_jenis: str | None, kolom_tingkat: str | None,
    kolom_nama: str | None, versi: int | None,
) -> tuple:  # fmt: skip
    """Import the chosen hazard file; the service's refusal is shown as it says it. After an
    import the choice is cleared, so the same export can be chosen and imported again."""
    if not _n:
        return no_update, no_update, no_update, no_update
    if not isinstance(pilihan, dict) or not pilihan.get("nama"):
        belum = dbc.Alert("Pilih berkas zona bahaya dulu (Berkas belum dipilih).",
                          color="warning", className="mb-0")  # fmt: skip
        return belum, no_update, no_update, no_update
    pemetaan = Pemetaan(
        jenis=None if jenis in (None, "", komponen.DARI_KOLOM) else jenis,
        tingkat=None if tingkat in (None, "", komponen.DARI_KOLOM) else tingkat,
        kolom_jenis=(kolom_jenis or "").strip() or None,
        kolom_tingkat=(kolom_tingkat or "").strip() or None,
        kolom_nama=(kolom_nama or "").strip() or None,
    )
    nama = str(pilihan["nama"])
    try:
        pelaku = Pelaku.sekarang()
        isi = kelola_jaringan.isi_unggahan(pelaku, nama, pilihan.get("isi"), pilihan.get("ukuran"))
        laporan = kelola_jaringan.impor_bahaya(pelaku, nama, isi, pemetaan, lapisan)
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        galat = _tolak(e, f"{nama} tidak diimpor; tidak ada yang disimpan:")
        return galat, no_update, no_update, no_update
    kosong = {"batas": komponen.MAKS_BYTE_TAMPIL}
    return komponen.laporan_impor(laporan), (versi or 0) + 1, kosong, None


def hapus_zona(_n: list[int | None], versi: int | None) -> tuple:
    """Delete one stored zone (audited)."""
    pemicu = _pemicu()
    if pemicu is None:
        return no_update, no_update
    try:
        z = kelola_jaringan.hapus_zona(Pelaku.sekarang(), int(pemicu["id"]))
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        return _tolak(e, "Zona tidak dihapus:"), no_update
    return _berhasil(f"Zona bahaya {z.nama or z.id} dihapus."), (versi or 0) + 1


def hapus_berkas_zona(_n: list[int | None], versi: int | None) -> tuple:
    """Delete every zone one file brought (one audit row says how many)."""
    pemicu = _pemicu()
    if pemicu is None:
        return no_update, no_update
    sumber = str(pemicu.get("berkas", ""))
    try:
        jumlah = kelola_jaringan.hapus_berkas_zona(Pelaku.sekarang(), sumber)
    except DiLuarWewenang:
        raise  # the forms are drawn only for those who may: a forged request, 403
    except Ditolak as e:
        return _tolak(e, "Berkas tidak dihapus:"), no_update
    return _berhasil(f"{jumlah} zona bahaya dari berkas {sumber} dihapus."), (versi or 0) + 1


def register(app: dash.Dash) -> None:
    baca(
        app,
        Output(ids.LINTASAN_DAFTAR, "children"),
        Output(ids.LINTASAN_ISIAN, "style"),
        Output(ids.BAHAYA_DAFTAR, "children"),
        Output(ids.BAHAYA_ISIAN, "style"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.LINTASAN_VERSI, "data"),
        Input(ids.SEGARKAN, "n_intervals"),
    )(isi_kelola)
    for kotak in (ids.LINTASAN_ASAL, ids.LINTASAN_TUJUAN):
        baca(
            app,
            Output(kotak, "options"),
            Input(kotak, "search_value"),
            Input(ids.HALAMAN_ARG, "data"),
            State(kotak, "value"),
        )(pilihan_tempat)

    def aksi(pesan: str, pemicu: Input) -> Any:
        """A button's write: its message in `pesan`, and the lists drawn again."""
        return tulis(
            app,
            Output(pesan, "children", allow_duplicate=True),
            Output(ids.LINTASAN_VERSI, "data", allow_duplicate=True),
            pemicu,
            State(ids.LINTASAN_VERSI, "data"),
            prevent_initial_call=True,
        )

    tulis(
        app,
        Output(ids.LINTASAN_PESAN, "children", allow_duplicate=True),
        Output(ids.LINTASAN_VERSI, "data", allow_duplicate=True),
        *[Output(i, "value") for i in _DIKOSONGKAN],
        Input(ids.LINTASAN_TAMBAH, "n_clicks"),
        *[State(i, "value") for i in (
            ids.LINTASAN_NAMA, ids.LINTASAN_MODA, ids.LINTASAN_ASAL, ids.LINTASAN_TUJUAN,
            ids.LINTASAN_ASAL_NAMA, ids.LINTASAN_TUJUAN_NAMA, ids.LINTASAN_DURASI,
            ids.LINTASAN_JADWAL, ids.LINTASAN_KAPASITAS)],
        State(ids.LINTASAN_VERSI, "data"),
        prevent_initial_call=True,
    )(tambah_lintasan)  # fmt: skip
    aksi(
        ids.LINTASAN_PESAN, Input({"type": ids.LINTASAN_AKTIF, "id": ALL, "aktif": ALL}, "n_clicks")
    )(ubah_aktif_lintasan)
    aksi(ids.LINTASAN_PESAN, Input({"type": ids.LINTASAN_HAPUS, "id": ALL}, "submit_n_clicks"))(
        hapus_lintasan
    )

    app.clientside_callback(
        ClientsideFunction("pencatatan", "berkas"),
        Output(ids.BAHAYA_PILIHAN, "data"),
        Input(ids.BAHAYA_BERKAS, "contents"),
        State(ids.BAHAYA_BERKAS, "filename"),
        State(ids.BAHAYA_PILIHAN, "data"),
        prevent_initial_call=True,
    )
    app.callback(Output(ids.BAHAYA_DIPILIH, "children"), Input(ids.BAHAYA_PILIHAN, "data"))(
        berkas_dipilih
    )

    tulis(
        app,
        Output(ids.BAHAYA_PESAN, "children", allow_duplicate=True),
        Output(ids.LINTASAN_VERSI, "data", allow_duplicate=True),
        Output(ids.BAHAYA_PILIHAN, "data", allow_duplicate=True),
        Output(ids.BAHAYA_BERKAS, "contents"),
        Input(ids.BAHAYA_IMPOR, "n_clicks"),
        State(ids.BAHAYA_PILIHAN, "data"),
        *[State(i, "value") for i in (
            ids.BAHAYA_LAPISAN, ids.BAHAYA_JENIS, ids.BAHAYA_TINGKAT, ids.BAHAYA_KOLOM_JENIS,
            ids.BAHAYA_KOLOM_TINGKAT, ids.BAHAYA_KOLOM_NAMA)],
        State(ids.LINTASAN_VERSI, "data"),
        prevent_initial_call=True,
    )(impor_bahaya)  # fmt: skip
    aksi(ids.BAHAYA_PESAN, Input({"type": ids.BAHAYA_HAPUS, "id": ALL}, "submit_n_clicks"))(
        hapus_zona
    )
    aksi(
        ids.BAHAYA_PESAN,
        Input({"type": ids.BAHAYA_HAPUS_BERKAS, "berkas": ALL}, "submit_n_clicks"),
    )(hapus_berkas_zona)
