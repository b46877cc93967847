"""Audit page callback: filters from the page, permission from the session."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, html

from dashboard import ids
from dashboard.components.audit import ringkasan_audit
from dashboard.domain.akses import AKSI_AUDIT, boleh_lihat_audit, lingkup_ringkasan_audit
from dashboard.services import audit
from dashboard.services.akun import akun_sekarang
from dashboard.services.pencatatan import Pelaku
from dashboard.urls import ArgumenHalaman


def _ringkas(d: dict[str, object] | None) -> str:
    if not d:
        return ""
    return ", ".join(f"{k}={v}" for k, v in d.items() if v not in (None, "") and k != "client_id")


def _hari(tanggal: str | None) -> dt.date | None:
    """The day filter; ValueError for a date the browser should not have sent."""
    return dt.date.fromisoformat(tanggal) if tanggal else None


def isi_ringkasan(
    arg: ArgumenHalaman | None,
    pengguna: str | None,
    wilayah: str | None,
    aksi: str | None,
    tanggal: str | None,
) -> object:
    """Summarise the audit trail in the reader's scope: for a pengawas (Bawaslu) and the admin
    provinsi; nothing for other roles (the row list says why)."""
    if arg is None:  # not on the audit page
        return dash.no_update
    pelaku = Pelaku.sekarang()
    lingkup = lingkup_ringkasan_audit(pelaku.akun, pelaku.provinsi)
    if lingkup is None:
        return None
    try:
        hari = _hari(tanggal)
    except ValueError:
        return dbc.Alert("Tanggal tidak dikenali.", color="danger")
    saring = (wilayah or "").strip() or None
    r = audit.ringkasan(
        lingkup,
        pelaku.provinsi,
        pengguna=(pengguna or "").strip() or None,
        wilayah=saring,
        aksi=aksi,
        hari=hari,
    )
    if r is None:
        return dbc.Alert(
            f"Wilayah {saring} di luar wilayah tugas akun ini ({lingkup}).", color="warning"
        )
    return ringkasan_audit(r)


def isi_audit(
    arg: ArgumenHalaman | None,
    pengguna: str | None,
    wilayah: str | None,
    aksi: str | None,
    tanggal: str | None,
) -> object:
    """List the newest audit rows matching the filters (admin provinsi only)."""
    if arg is None:  # not on the audit page
        return dash.no_update
    akun = akun_sekarang()
    if not boleh_lihat_audit(akun):
        if akun is not None and akun.peran == "pengawas":
            return None  # the summary above is what the role reads
        return dbc.Alert(
            "Jejak audit hanya dapat dilihat admin provinsi. Silakan masuk.", color="warning"
        )
    try:
        hari = _hari(tanggal)
    except ValueError:
        return dbc.Alert("Tanggal tidak dikenali.", color="danger")
    df = audit.daftar(
        pengguna=(pengguna or "").strip() or None,
        wilayah=(wilayah or "").strip() or None,
        aksi=aksi,
        hari=hari,
    )
    if df.empty:
        return html.P("Tidak ada catatan audit yang cocok.", className="text-secondary")
    baris = [
        html.Tr(
            [
                html.Td(f"{r['waktu']:%d-%m-%Y %H.%M.%S}"),
                html.Td(r["username"]),
                html.Td(AKSI_AUDIT.get(r["aksi"], r["aksi"])),
                html.Td(f"{r['entitas']} {r['entitas_id']}"),
                html.Td(r["wilayah_kode"] or "—"),
                html.Td(_ringkas(r["sebelum"]), className="small text-muted"),
                html.Td(_ringkas(r["sesudah"]), className="small"),
                html.Td(r["ip"], className="small text-muted"),
            ]
        )
        for r in df.to_dict("records")
    ]
    kepala = html.Thead(
        html.Tr(
            [
                html.Th(k)
                for k in (
                    "Waktu (WIB)",
                    "Pengguna",
                    "Aksi",
                    "Data",
                    "Wilayah",
                    "Sebelum",
                    "Sesudah",
                    "Alamat",
                )
            ]
        )
    )
    return [
        html.P(f"{len(df)} catatan terbaru.", className="small text-muted"),
        dbc.Table(
            [kepala, html.Tbody(baris)],
            size="sm",
            striped=True,
            className="kendali-tabel kendali-tabel-galat mb-0",
        ),
    ]


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.AUDIT_RINGKASAN, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.AUDIT_PENGGUNA, "value"),
        Input(ids.AUDIT_WILAYAH, "value"),
        Input(ids.AUDIT_AKSI, "value"),
        Input(ids.AUDIT_TANGGAL, "value"),
    )(isi_ringkasan)
    app.callback(
        Output(ids.AUDIT_TABEL, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.AUDIT_PENGGUNA, "value"),
        Input(ids.AUDIT_WILAYAH, "value"),
        Input(ids.AUDIT_AKSI, "value"),
        Input(ids.AUDIT_TANGGAL, "value"),
    )(isi_audit)
