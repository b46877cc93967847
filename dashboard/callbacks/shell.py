"""Header callbacks: province, election, data time and H-minus countdown."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ClientsideFunction, Input, Output, State, html
from dash.development.base_component import Component

from dashboard import ids, urls
from dashboard.callbacks.daftar import baca
from dashboard.components.remah import remah
from dashboard.domain.akses import boleh_lihat_ringkasan_audit
from dashboard.domain.kesiapan import tahap_berjalan
from dashboard.services import kampanye, putar_ulang, tampilan
from dashboard.services.akun import akun_sekarang


def isi_kepala(pathname: str | None, _n: int | None, search: str | None = None) -> tuple:
    """Fill the header from the campaign; say clearly when the database is empty. In a replay
    (?per= in `search`) the breadcrumb's links stay in it."""
    info = tampilan.info_kampanye()
    if info is None:
        pesan = dbc.Alert(
            "Basis data belum berisi data kampanye. Jalankan: python -m dashboard demo",
            color="warning",
            className="m-3",
        )
        return "—", "", "", "", "", pesan, None
    judul = "KPU · Seluruh Indonesia" if info.nasional else f"KPU Provinsi {info.provinsi_nama}"
    data_per = f"Data per {info.data_per:%d-%m-%Y %H.%M} WIB" if info.data_per else "Belum ada data"
    h = info.h
    # The breadcrumb follows navigation itself (it sits outside the page), so it reads the path.
    rute = urls.uraikan(pathname)
    per = urls.per_kueri(search)
    momen = urls.momen_per(per)
    if momen is not None and rute is not None and rute.halaman in urls.HALAMAN_PUTAR:
        # A replayed page's header is of its moment too: its H-minus, its step.
        h = putar_ulang.h_pada(momen, info.hari_pemungutan)
        data_per = f"Putar ulang: per {momen:%d-%m-%Y %H.%M} WIB"
    hminus = f"H−{-h}" if h < 0 else (f"H+{h}" if h > 0 else "Hari H")
    tahap = tahap_berjalan(h, info.jadwal)
    hari = f"{info.hari_pemungutan:%d-%m-%Y}"
    kode = (rute.kode_wilayah if rute else None) or info.provinsi_kode
    alamat_halaman = {"peta": urls.peta, "rute": urls.rute, "armada": urls.armada}.get(
        rute.halaman if rute else "", urls.wilayah
    )

    def alamat(k: str) -> str:
        return urls.dengan_per(alamat_halaman(k), per)

    rantai = tampilan.remah_wilayah(kode) or tampilan.remah_wilayah(info.provinsi_kode)
    return (
        judul,
        f"{info.pemilihan_nama} · pemungutan {hari}",
        data_per,
        hminus,
        f"Tahap berjalan: {tahap}",
        None,
        remah(rantai, alamat),
    )


def isi_pilih_kampanye(_pathname: str | None) -> tuple[list[dict], str | None, str, str | None]:
    """List the database's campaigns in the header's picker, the one shown selected; the
    picker stays hidden while there is only one."""
    semua = kampanye.daftar_kampanye()
    aktif = kampanye.kampanye_terpilih()
    pilihan = [
        {
            "label": f"{k.nama} ({'selesai' if k.selesai else 'berjalan'})",
            "value": k.kode,
        }
        for k in semua
    ]
    kelas = "kendali-kampanye" if len(semua) > 1 else "d-none"
    return pilihan, aktif, kelas, aktif


def isi_pengguna(_pathname: str | None) -> tuple[list[Component], Component | None, dict | None]:
    """Show who is signed in (from the server-side session) with a logout link, or a login
    link; the audit link among the navigation for roles that may read it; the role for the
    phone landing rule (assets/tata_letak.js)."""
    a = akun_sekarang()
    if a is None:
        masuk = html.A(
            [html.I(className="bi bi-box-arrow-in-right me-1"), "Masuk"],
            href=urls.masuk(),
            className="btn btn-sm btn-outline-light",
            id="shell-masuk",
        )
        return [masuk], None, None
    audit = (
        dbc.NavItem(
            dbc.NavLink(
                [html.I(className="bi bi-journal-text me-1"), "Audit"],
                href=urls.AUDIT,
                active="exact",
            )
        )
        if boleh_lihat_ringkasan_audit(a)
        else None
    )
    pengguna = [
        html.Span(
            [
                html.I(className="bi bi-person-circle me-1"),
                html.Span(a.nama, className="kendali-nama-pengguna"),
            ],
            className="small text-light kendali-identitas",
            title=f"{a.nama} · {a.username} · {a.peran}",
        ),
        html.A("Keluar", href=urls.keluar(), className="btn btn-sm btn-outline-light",
               id="shell-keluar"),
    ]  # fmt: skip
    return pengguna, audit, {"peran": a.peran}


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.SHELL_PENGGUNA, "children"),
        Output(ids.SHELL_AUDIT, "children"),
        Output(ids.SHELL_PERAN, "data"),
        Input(ids.URL, "pathname"),
    )(isi_pengguna)
    # The collapsed menu opens and closes in the browser, and folds away after navigating.
    app.clientside_callback(
        ClientsideFunction(namespace="kendali", function_name="bukaNavigasi"),
        Output(ids.SHELL_COLLAPSE, "is_open"),
        Input(ids.SHELL_TOGGLER, "n_clicks"),
        Input(ids.URL, "pathname"),
        State(ids.SHELL_COLLAPSE, "is_open"),
    )
    # An operator opening "/" on a phone lands on the entry form, once per visit.
    app.clientside_callback(
        ClientsideFunction(namespace="kendali", function_name="arahOperator"),
        Output(ids.URL, "pathname", allow_duplicate=True),
        Input(ids.SHELL_PERAN, "data"),
        State(ids.URL, "pathname"),
        prevent_initial_call=True,
    )
    baca(
        app,
        Output(ids.KAMPANYE_PILIH, "options"),
        Output(ids.KAMPANYE_PILIH, "value"),
        Output(ids.KAMPANYE_PILIH, "className"),
        Output(ids.KAMPANYE_AKTIF, "data"),
        Input(ids.URL, "pathname"),
    )(isi_pilih_kampanye)
    # Picking a campaign opens the same page on it (assets/kampanye.js).
    app.clientside_callback(
        ClientsideFunction(namespace="kendali", function_name="pilihKampanye"),
        Output(ids.KAMPANYE_PILIH, "placeholder"),
        Input(ids.KAMPANYE_PILIH, "value"),
        State(ids.KAMPANYE_AKTIF, "data"),
        prevent_initial_call=True,
    )
    # The viewer's refresh choice is applied in the browser (assets/segarkan.js).
    app.clientside_callback(
        ClientsideFunction(namespace="kendali", function_name="segarkan"),
        Output(ids.SEGARKAN, "interval"),
        Output(ids.SEGARKAN, "disabled"),
        Input(ids.SEGARKAN_PILIH, "value"),
        State(ids.SEGARKAN, "interval"),
        State(ids.SEGARKAN, "disabled"),
    )
    baca(
        app,
        Output(ids.SHELL_JUDUL, "children"),
        Output(ids.SHELL_PEMILIHAN, "children"),
        Output(ids.SHELL_DATA_PER, "children"),
        Output(ids.SHELL_HMINUS, "children"),
        Output(ids.SHELL_TAHAP, "children"),
        Output(ids.SHELL_PESAN, "children"),
        Output(ids.SHELL_REMAH, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.SEGARKAN, "n_intervals"),
        Input(ids.URL, "search"),
    )(isi_kepala)
