"""Audit page callback: filters from the page, permission and scope from the session."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output

from dashboard import ids
from dashboard.components.audit import ringkasan_audit, tabel_audit
from dashboard.domain.akses import boleh_lihat_audit, lingkup_ringkasan_audit
from dashboard.domain.audit import SaringAudit
from dashboard.services import audit
from dashboard.services.pencatatan import Pelaku
from dashboard.urls import ArgumenHalaman


def isi_audit(
    arg: ArgumenHalaman | None,
    pengguna: str | None,
    wilayah: str | None,
    aksi: str | None,
    tanggal: str | None,
) -> tuple[object, object]:
    """Fill the audit page for the signed-in account: the summary in its scope (admin provinsi
    and pengawas), then the newest rows with their values (admin provinsi only)."""
    if arg is None:  # not on the audit page
        return dash.no_update, dash.no_update
    pelaku = Pelaku.sekarang()
    lingkup = lingkup_ringkasan_audit(pelaku.akun, pelaku.provinsi)
    if lingkup is None:
        pesan = "Jejak audit hanya dapat dilihat Admin Provinsi dan Pengawas. Silakan masuk."
        return None, dbc.Alert(pesan, color="warning")
    try:
        saring = SaringAudit.dari_isian(pengguna, wilayah, aksi, tanggal)
    except ValueError:
        return dbc.Alert("Tanggal tidak dikenali.", color="danger"), None
    r = audit.ringkasan(lingkup, pelaku.provinsi, saring)
    if r is None:
        pesan = f"Wilayah {saring.wilayah} di luar wilayah tugas akun ini ({lingkup})."
        return dbc.Alert(pesan, color="warning"), None
    baris = tabel_audit(audit.daftar(saring)) if boleh_lihat_audit(pelaku.akun) else None
    return ringkasan_audit(r), baris


def register(app: dash.Dash) -> None:
    app.callback(
        Output(ids.AUDIT_RINGKASAN, "children"),
        Output(ids.AUDIT_TABEL, "children"),
        Input(ids.HALAMAN_ARG, "data"),
        Input(ids.AUDIT_PENGGUNA, "value"),
        Input(ids.AUDIT_WILAYAH, "value"),
        Input(ids.AUDIT_AKSI, "value"),
        Input(ids.AUDIT_TANGGAL, "date"),
    )(isi_audit)
